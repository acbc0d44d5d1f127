import QtQuick
import QtQuick.Controls.Basic
import KioskBackend

// Device status: each fact with a mark for its health (green ok, amber warning, red error),
// refreshed on demand.
Item {
    id: statusPage
    objectName: "maintenanceStatus"
    readonly property var labels: ({
        "printer": qsTr("Printer"), "paper": qsTr("Kertas"),
        "card_reader": qsTr("Pembaca kartu"), "scanner": qsTr("Pemindai"),
        "last_scan": qsTr("Pindaian terakhir"), "central": qsTr("Server pusat"),
        "clock_offset": qsTr("Selisih jam dengan pusat"),
        "outbox": qsTr("Kotak keluar (tertunda / gagal)"),
        "audit_outbox": qsTr("Audit (tertunda / gagal)"),
        "disk_free": qsTr("Ruang disk bebas"), "version": qsTr("Versi"),
        "uptime": qsTr("Waktu aktif")
    })
    // Each state in the screen's language, by "key:state" (kiosk.maintenance.status_rows).
    readonly property var words: ({
        "printer:online": qsTr("Siap"),
        "printer:paper_near_end": qsTr("Siap; kertas hampir habis"),
        "printer:paper_out": qsTr("Tidak bisa mencetak: kertas habis"),
        "printer:cover_open": qsTr("Tidak bisa mencetak: penutup terbuka"),
        "printer:unknown": qsTr("Tidak menjawab"),
        "paper:adequate": qsTr("Cukup"),
        "paper:near_end": qsTr("Hampir habis"),
        "paper:out": qsTr("Habis"),
        "paper:unknown": qsTr("Tidak diketahui (printer tidak menjawab)"),
        "card_reader:ready": qsTr("Siap"),
        "card_reader:card_present": qsTr("Siap; ada kartu menempel"),
        "card_reader:unavailable": qsTr("Tidak tersedia"),
        "scanner:ready": qsTr("Siap"),
        "scanner:unavailable": qsTr("Tidak tersedia"),
        "last_scan:none": qsTr("Belum ada"),
        "central:online": qsTr("Tersambung"),
        "central:offline": qsTr("Terputus; permohonan menunggu di kotak keluar"),
        "central:not_configured": qsTr("Tidak diatur: anjungan luring, permohonan tidak terkirim")
    })
    function shown(row) {
        if (row.state === "") return row.value
        const word = words[row.key + ":" + row.state] || row.state
        return row.value === "" ? word : word + " " + row.value
    }

    MaintenanceButton {
        id: refresh
        objectName: "statusRefresh"
        anchors.top: parent.top
        anchors.right: parent.right
        text: qsTr("Perbarui")
        onClicked: TechStatus.refreshStatus()
    }

    Flickable {
        anchors.top: refresh.bottom
        anchors.topMargin: Theme.px(16)
        anchors.bottom: parent.bottom
        width: parent.width
        contentHeight: grid.height
        clip: true
        boundsBehavior: Flickable.StopAtBounds
        ScrollIndicator.vertical: ScrollIndicator { active: true }
        Grid {
            id: grid
            width: parent.width
            columns: Theme.portrait ? 1 : 2
            spacing: Theme.px(8)
            Repeater {
                model: TechStatus.status
                delegate: Rectangle {
                    required property var modelData
                    objectName: "status_" + modelData.key
                    width: (grid.width - (grid.columns - 1) * grid.spacing) / grid.columns
                    height: Math.max(Theme.px(72), values.implicitHeight + Theme.px(24),
                                     name.implicitHeight + Theme.px(24))
                    radius: Theme.px(12)
                    color: Theme.surface
                    Rectangle {
                        id: mark
                        anchors.left: parent.left
                        anchors.leftMargin: Theme.px(20)
                        anchors.verticalCenter: parent.verticalCenter
                        width: Theme.px(24)
                        height: width
                        radius: width / 2
                        color: modelData.health === "ok" ? Theme.success
                             : modelData.health === "warning" ? Theme.warning : Theme.danger
                    }
                    Text {
                        id: name
                        anchors.left: mark.right
                        anchors.leftMargin: Theme.px(20)
                        anchors.verticalCenter: parent.verticalCenter
                        width: parent.width * 0.42
                        text: statusPage.labels[modelData.key] || modelData.key
                        wrapMode: Text.WordWrap
                        font.pixelSize: Theme.fontSmall
                        font.bold: true
                        color: Theme.text
                    }
                    Column {
                        id: values
                        anchors.left: name.right
                        anchors.leftMargin: Theme.px(16)
                        anchors.right: parent.right
                        anchors.rightMargin: Theme.px(20)
                        anchors.verticalCenter: parent.verticalCenter
                        spacing: Theme.px(4)
                        Text {
                            objectName: "statusValue_" + modelData.key
                            width: parent.width
                            text: statusPage.shown(modelData)
                            wrapMode: Text.Wrap
                            font.pixelSize: Theme.fontSmall
                            color: Theme.text
                        }
                        // The device's or link's exact word, for the technician, when not fine.
                        Text {
                            visible: modelData.detail !== ""
                            width: parent.width
                            text: qsTr("Rincian: %1").arg(modelData.detail)
                            wrapMode: Text.Wrap
                            font.pixelSize: Theme.fontSmall
                            color: Theme.mutedText
                        }
                    }
                }
            }
        }
    }
}
