import QtQuick
import QtQuick.Controls.Basic
import KioskBackend

// Receipts that did not print: failed (the citizen saw the number on screen) or unknown (the
// kiosk stopped before the printer answered). Choose one, see its preview (the same receipt
// model the printer gets), and reprint it by its reference.
Item {
    id: page
    objectName: "maintenanceReceipts"
    readonly property var outcomeTexts: ({
        "failed": qsTr("gagal tercetak"),
        "unknown": qsTr("tidak pasti tercetak (anjungan berhenti)")
    })

    ListView {
        id: list
        anchors.top: parent.top
        anchors.left: parent.left
        width: Theme.portrait ? parent.width : parent.width * 0.55
        height: Theme.portrait ? parent.height * 0.45 : parent.height
        clip: true
        boundsBehavior: Flickable.StopAtBounds
        ScrollIndicator.vertical: ScrollIndicator { active: true }
        model: TechReceipts.receipts
        spacing: Theme.px(8)
        delegate: Rectangle {
            id: receipt
            required property var modelData
            objectName: "receipt_" + modelData.reference
            width: ListView.view.width
            height: Math.max(reprintButton.height, texts.implicitHeight) + Theme.px(24)
            radius: Theme.px(12)
            color: TechReceipts.selectedReference === modelData.reference ? Theme.accent : Theme.surface
            MouseArea {
                anchors.fill: parent
                onClicked: TechReceipts.selectReceipt(receipt.modelData.reference)
            }
            Column {
                id: texts
                anchors.left: parent.left
                anchors.leftMargin: Theme.px(20)
                anchors.right: reprintButton.left
                anchors.rightMargin: Theme.px(16)
                anchors.verticalCenter: parent.verticalCenter
                Text {
                    width: parent.width
                    text: receipt.modelData.reference
                    elide: Text.ElideMiddle
                    font.pixelSize: Theme.fontSmall
                    font.bold: true
                    color: Theme.text
                }
                Text {
                    objectName: "receiptOutcome_" + receipt.modelData.reference
                    width: parent.width
                    text: receipt.modelData.created
                          + "  ·  " + (page.outcomeTexts[receipt.modelData.outcome] || receipt.modelData.outcome)
                          + (receipt.modelData.detail ? "  ·  " + receipt.modelData.detail : "")
                    wrapMode: Text.Wrap
                    font.pixelSize: Theme.fontSmall
                    color: Theme.mutedText
                }
            }
            MaintenanceButton {
                id: reprintButton
                objectName: "reprint_" + receipt.modelData.reference
                anchors.right: parent.right
                anchors.rightMargin: Theme.px(12)
                anchors.verticalCenter: parent.verticalCenter
                text: qsTr("Cetak ulang")
                onClicked: TechReceipts.reprint(receipt.modelData.reference)
            }
        }
    }
    Text {
        anchors.centerIn: list
        visible: TechReceipts.receipts.length === 0
        width: list.width - Theme.margin
        horizontalAlignment: Text.AlignHCenter
        wrapMode: Text.WordWrap
        text: qsTr("Tidak ada struk yang menunggu dicetak ulang.")
        font.pixelSize: Theme.fontBody
        color: Theme.mutedText
    }

    Rectangle {
        id: previewFrame
        anchors.top: Theme.portrait ? list.bottom : parent.top
        anchors.topMargin: Theme.portrait ? Theme.px(16) : 0
        anchors.left: Theme.portrait ? parent.left : list.right
        anchors.leftMargin: Theme.portrait ? 0 : Theme.px(16)
        anchors.right: parent.right
        anchors.bottom: parent.bottom
        radius: Theme.px(12)
        color: Theme.disabledSurface
        Flickable {
            anchors.fill: parent
            anchors.margins: Theme.px(12)
            clip: true
            contentHeight: preview.height
            boundsBehavior: Flickable.StopAtBounds
            Image {
                id: preview
                objectName: "receiptPreview"
                width: parent.width
                fillMode: Image.PreserveAspectFit
                source: TechReceipts.previewSource
                smooth: false
            }
        }
        Text {
            anchors.centerIn: parent
            visible: TechReceipts.previewSource === ""
            text: qsTr("Pratinjau struk")
            font.pixelSize: Theme.fontBody
            color: Theme.mutedText
        }
    }
}
