import QtQuick
import QtQuick.Controls.Basic
import KioskBackend

// The outbox: what waits for central, what central refused, and an export for support.
Item {
    objectName: "maintenanceOutbox"

    Text {
        id: counts
        width: parent.width
        text: qsTr("Transaksi: %1 tertunda, %2 gagal, %3 terkirim. Laporan struk: %4 tertunda, %5 gagal. Audit: %6 tertunda, %7 gagal.")
              .arg(TechOutbox.outboxCounts.pending || 0).arg(TechOutbox.outboxCounts.dead || 0)
              .arg(TechOutbox.outboxCounts.sent || 0)
              .arg(TechOutbox.outboxCounts.receipt_pending || 0)
              .arg(TechOutbox.outboxCounts.receipt_dead || 0)
              .arg(TechOutbox.outboxCounts.audit_pending || 0)
              .arg(TechOutbox.outboxCounts.audit_dead || 0)
        wrapMode: Text.WordWrap
        font.pixelSize: Theme.fontSmall
        color: Theme.text
    }
    Flow {
        id: buttons
        anchors.top: counts.bottom
        anchors.topMargin: Theme.px(16)
        width: parent.width
        spacing: Theme.px(16)
        MaintenanceButton {
            objectName: "outboxRetry"
            text: qsTr("Kirim ulang yang gagal")
            enabled: (TechOutbox.outboxCounts.dead || 0) + (TechOutbox.outboxCounts.receipt_dead || 0)
                     + (TechOutbox.outboxCounts.audit_dead || 0) > 0
            onClicked: TechOutbox.retryDead()
        }
        MaintenanceButton {
            objectName: "outboxExport"
            primary: false
            text: qsTr("Ekspor untuk dukungan")
            onClicked: TechOutbox.exportOutbox()
        }
        MaintenanceButton {
            objectName: "outboxRefresh"
            primary: false
            text: qsTr("Perbarui")
            onClicked: TechOutbox.refreshOutbox()
        }
    }
    ListView {
        anchors.top: buttons.bottom
        anchors.topMargin: Theme.px(16)
        anchors.bottom: parent.bottom
        width: parent.width
        clip: true
        boundsBehavior: Flickable.StopAtBounds
        ScrollIndicator.vertical: ScrollIndicator { active: true }
        model: TechOutbox.outboxRows
        spacing: Theme.px(8)
        delegate: Rectangle {
            required property var modelData
            width: ListView.view.width
            height: row.implicitHeight + Theme.px(24)
            radius: Theme.px(12)
            color: modelData.state === "dead" ? Theme.dangerSurface : Theme.surface
            Column {
                id: row
                anchors.centerIn: parent
                width: parent.width - Theme.px(32)
                Text {
                    width: parent.width
                    text: "#" + modelData.id + "  " + modelData.state + "  ·  "
                          + (modelData.kind === "audit" ? qsTr("audit")
                             : modelData.kind === "receipt" ? qsTr("struk %1").arg(modelData.reference)
                             : modelData.reference)
                          + "  ·  " + qsTr("%1 percobaan").arg(modelData.attempts)
                    elide: Text.ElideRight
                    font.pixelSize: Theme.fontSmall
                    font.bold: true
                    color: Theme.text
                }
                Text {
                    width: parent.width
                    visible: modelData.last_error !== ""
                    text: modelData.last_error
                    wrapMode: Text.Wrap
                    maximumLineCount: 2
                    elide: Text.ElideRight
                    font.pixelSize: Theme.fontSmall
                    color: Theme.mutedText
                }
            }
        }
    }
    Text {
        anchors.centerIn: parent
        visible: TechOutbox.outboxRows.length === 0
        text: qsTr("Kotak keluar kosong.")
        font.pixelSize: Theme.fontBody
        color: Theme.mutedText
    }
}
