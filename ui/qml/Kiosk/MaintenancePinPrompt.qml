import QtQuick
import KioskBackend

// The technician PIN prompt: digits on the pad, shown as dots; failures lock it for a while.
Rectangle {
    id: prompt
    objectName: "maintenancePinPrompt"
    color: "#E6000000"
    // The shortest PIN (kiosk.security): Masuk opens from here on.
    readonly property int minimumDigits: 6

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
            // One dot a digit typed, filled; hollow ones for the digits a PIN has at least,
            // so the technician sees how many are in and how many are still to come.
            Row {
                objectName: "pinDots"
                readonly property int typed: pad.value.length
                anchors.horizontalCenter: parent.horizontalCenter
                height: Theme.px(40)
                spacing: Theme.px(16)
                Accessible.role: Accessible.StaticText
                Accessible.name: qsTr("%1 angka diketik").arg(typed)
                Repeater {
                    model: Math.max(prompt.minimumDigits, pad.value.length)
                    delegate: Rectangle {
                        required property int index
                        objectName: index < pad.value.length ? "pinDot_typed" : "pinDot_empty"
                        width: Theme.px(32)
                        height: width
                        radius: width / 2
                        color: index < pad.value.length ? Theme.text : "transparent"
                        border.color: index < pad.value.length ? Theme.text : Theme.mutedText
                        border.width: Theme.px(4)
                    }
                }
            }
            NumericPad {
                id: pad
                objectName: "pinPad"
                anchors.horizontalCenter: parent.horizontalCenter
                maxLength: 12
                confirmEnabled: value.length >= prompt.minimumDigits && Maintenance.pinState !== "locked"
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
