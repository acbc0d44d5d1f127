import QtQuick
import KioskBackend

// Maintenance mode, above everything: the PIN prompt, then the technician screens.
// Nothing here stays once it closes: the backend wipes what it showed.
Item {
    id: overlay
    objectName: "maintenanceOverlay"
    visible: Maintenance.promptOpen || Maintenance.active

    readonly property var screenTitles: ({
        "status": qsTr("Status"), "tests": qsTr("Uji"), "outbox": qsTr("Kotak keluar"),
        "receipts": qsTr("Struk"), "letters": qsTr("Surat"), "logs": qsTr("Log"), "config": qsTr("Pengaturan"),
        "actions": qsTr("Tindakan")
    })
    readonly property var noticeTexts: ({
        "retried": qsTr("%1 kiriman gagal dijadwalkan ulang."),
        "cancelled": qsTr("Pekerjaan cetak A4 %1 dibatalkan."),
        "exported": qsTr("Ekspor untuk dukungan ditulis: %1"),
        "failed": qsTr("Gagal: %1"),
        "reprint_refused": qsTr("Cetak ulang ditolak: %1"),
        "printing": qsTr("Mencetak %1 ..."),
        "reprinted": qsTr("Dicetak ulang: %1"),
        "config_refused": qsTr("Pengaturan ditolak: %1"),
        "config_saved": qsTr("Tersimpan: %1 (berlaku setelah mulai ulang)"),
        "pin_refused": qsTr("PIN tidak diganti: %1"),
        "pin_changed": qsTr("PIN %1 sudah diganti."),
        "catalog_requested": qsTr("Katalog akan dimuat ulang dari server pusat."),
        "catalog_offline": qsTr("Server pusat tidak diatur; katalog tidak dimuat ulang."),
        "exit_refused": qsTr("Hanya supervisor yang boleh keluar ke desktop.")
    })

    MaintenancePinPrompt {
        anchors.fill: parent
        visible: Maintenance.promptOpen
    }

    Rectangle {
        objectName: "maintenanceScreens"
        anchors.fill: parent
        visible: Maintenance.active
        color: Theme.background

        MouseArea { anchors.fill: parent }  // the citizen screen below never gets a tap

        Rectangle {
            id: bar
            width: parent.width
            height: Theme.px(130)
            color: Theme.text
            Text {
                anchors.left: parent.left
                anchors.leftMargin: Theme.spacing
                anchors.right: leave.left
                anchors.verticalCenter: parent.verticalCenter
                text: qsTr("Mode perawatan") + "  ·  "
                      + (Maintenance.role === "supervisor" ? qsTr("Supervisor") : qsTr("Teknisi"))
                elide: Text.ElideRight
                font.pixelSize: Theme.fontLarge
                font.bold: true
                color: Theme.textOnPrimary
            }
            MaintenanceButton {
                id: leave
                objectName: "maintenanceLeave"
                anchors.right: parent.right
                anchors.rightMargin: Theme.spacing
                anchors.verticalCenter: parent.verticalCenter
                danger: true
                text: qsTr("Keluar")
                onClicked: Maintenance.leave()
            }
        }

        Grid {
            id: tabs
            anchors.top: bar.bottom
            anchors.topMargin: Theme.px(16)
            anchors.left: parent.left
            anchors.leftMargin: Theme.spacing
            anchors.right: parent.right
            anchors.rightMargin: Theme.spacing
            columns: Theme.portrait ? 4 : 8
            spacing: Theme.px(12)
            Repeater {
                model: Maintenance.screens
                delegate: MaintenanceButton {
                    required property string modelData
                    objectName: "maintenanceTab_" + modelData
                    width: (tabs.width - (tabs.columns - 1) * tabs.spacing) / tabs.columns
                    primary: false
                    selected: Maintenance.screen === modelData
                    text: overlay.screenTitles[modelData]
                    onClicked: Maintenance.showScreen(modelData)
                }
            }
        }

        Rectangle {
            id: notice
            objectName: "maintenanceNotice"
            anchors.bottom: parent.bottom
            anchors.bottomMargin: Theme.px(16)
            anchors.left: tabs.left
            anchors.right: tabs.right
            visible: Maintenance.noticeKind !== ""
            height: visible ? noticeText.implicitHeight + Theme.px(32) : 0
            radius: Theme.px(12)
            color: Maintenance.noticeKind === "failed" || Maintenance.noticeKind.indexOf("refused") >= 0
                   ? Theme.dangerSurface : Theme.successSurface
            Text {
                id: noticeText
                anchors.centerIn: parent
                width: parent.width - Theme.px(32)
                wrapMode: Text.Wrap
                text: (overlay.noticeTexts[Maintenance.noticeKind] || "%1").arg(Maintenance.noticeDetail)
                font.pixelSize: Theme.fontSmall
                color: Theme.text
            }
        }

        Loader {
            id: content
            objectName: "maintenanceContent"
            anchors.top: tabs.bottom
            anchors.topMargin: Theme.spacing
            anchors.bottom: notice.top
            anchors.bottomMargin: notice.visible ? Theme.px(16) : 0
            anchors.left: tabs.left
            anchors.right: tabs.right
            active: Maintenance.active
            sourceComponent: ({
                "status": statusScreen, "tests": testsScreen, "outbox": outboxScreen,
                "receipts": receiptsScreen, "letters": lettersScreen, "logs": logsScreen, "config": configScreen,
                "actions": actionsScreen
            })[Maintenance.screen] || null
        }
        Component { id: statusScreen; MaintenanceStatus {} }
        Component { id: testsScreen; MaintenanceTests {} }
        Component { id: outboxScreen; MaintenanceOutbox {} }
        Component { id: receiptsScreen; MaintenanceReceipts {} }
        Component { id: lettersScreen; MaintenanceLetters {} }
        Component { id: logsScreen; MaintenanceLogs {} }
        Component { id: configScreen; MaintenanceConfig {} }
        Component { id: actionsScreen; MaintenanceActions {} }
    }
}
