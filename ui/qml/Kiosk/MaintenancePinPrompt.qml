import QtQuick
import KioskBackend

// The technician PIN prompt: digits on the pad, shown as dots; failures lock it for a while.
Rectangle {
    id: prompt
    objectName: "maintenancePinPrompt"
    color: "#E6000000"

    MouseArea { anchors.fill: parent }  // nothing under the prompt can be tapped

    Connections {
        target: Maintenance
        function onPinStateChanged() { pad.clear() }
        function onPromptOpenChanged() { pad.clear() }
    }

    Rectangle {
        anchors.centerIn: parent
        width: Math.min(parent.width - Theme.margin * 2, Theme.px(760))
        height: column.implicitHeight + Theme.margin * 2
        radius: Theme.radius
        color: Theme.surface

        Column {
            id: column
            anchors.centerIn: parent
            width: parent.width - Theme.margin * 2
            spacing: Theme.spacing

            Text {
                width: parent.width
                horizontalAlignment: Text.AlignHCenter
                text: qsTr("Mode perawatan")
                font.pixelSize: Theme.fontLarge
                font.bold: true
                color: Theme.text
            }
            Text {
                objectName: "pinMessage"
                width: parent.width
                horizontalAlignment: Text.AlignHCenter
                wrapMode: Text.WordWrap
                text: Maintenance.pinState === "wrong" ? qsTr("PIN salah. Coba lagi.")
                    : Maintenance.pinState === "locked"
                      ? qsTr("Terlalu banyak percobaan. Tunggu %1 detik.").arg(Maintenance.lockoutSeconds)
                    : Maintenance.pinState === "no_pin_set"
                      ? qsTr("Belum ada PIN. Atur dengan perintah: kiosk set-pin")
                    : qsTr("Masukkan PIN teknisi.")
                font.pixelSize: Theme.fontBody
                color: Maintenance.pinState === "" ? Theme.mutedText : Theme.danger
            }
            Row {
                objectName: "pinDots"
                anchors.horizontalCenter: parent.horizontalCenter
                height: Theme.px(40)
                spacing: Theme.px(16)
                Repeater {
                    model: pad.value.length
                    delegate: Rectangle {
                        width: Theme.px(32)
                        height: width
                        radius: width / 2
                        color: Theme.text
                    }
                }
            }
            NumericPad {
                id: pad
                objectName: "pinPad"
                anchors.horizontalCenter: parent.horizontalCenter
                maxLength: 12
                confirmEnabled: value.length >= 6 && Maintenance.pinState !== "locked"
                confirmText: qsTr("Masuk")
                onConfirm: Maintenance.submitPin(value)
            }
            MaintenanceButton {
                objectName: "pinCancel"
                width: parent.width
                primary: false
                text: qsTr("Batal")
                onClicked: Maintenance.cancelPrompt()
            }
        }
    }
}
