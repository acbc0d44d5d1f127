import QtQuick

// A 12-key pad (1-9, erase, 0, confirm) for PINs, NIKs and numbers: no keyboard needed.
// It keeps what was typed in `value` (at most `maxLength` digits) and reports each key.
// A screen whose main button says what comes next has no confirm key (`confirmKey`): erase
// moves to its corner, as on a phone's PIN pad, and the other corner stays empty.
Grid {
    id: pad
    property int maxLength: 16
    property string value: ""
    property bool confirmEnabled: value.length > 0
    property string confirmText: qsTr("OK")
    property bool confirmKey: true
    property real keySize: Theme.touchTarget
    property real keyWidth: keySize * 1.3
    signal digit(string digit)
    signal backspace()
    signal confirm()

    function clear() { value = "" }

    columns: 3
    spacing: Theme.px(16)

    Repeater {
        model: ["1", "2", "3", "4", "5", "6", "7", "8", "9"].concat(
            pad.confirmKey ? ["back", "0", "ok"] : ["none", "0", "back"])
        delegate: Rectangle {
            id: key
            required property string modelData
            readonly property bool isDigit: !["back", "ok", "none"].includes(modelData)
            readonly property bool usable: modelData === "none" ? false
                                          : modelData === "ok" ? pad.confirmEnabled
                                          : modelData === "back" ? pad.value.length > 0
                                          : pad.value.length < pad.maxLength
            objectName: "padKey_" + modelData
            // The empty corner keeps its cell, so the other keys stay where they are.
            opacity: modelData === "none" ? 0 : 1
            width: pad.keyWidth
            height: pad.keySize
            radius: Theme.radius
            color: !usable ? Theme.disabledSurface
                 : area.pressed ? Theme.primaryDark
                 : modelData === "ok" ? Theme.primary : Theme.surface
            border.color: Theme.border
            border.width: modelData === "ok" ? 0 : Theme.px(3)
            Accessible.role: Accessible.Button
            Accessible.ignored: modelData === "none"
            Accessible.name: label.text
            Text {
                id: label
                anchors.centerIn: parent
                width: parent.width - Theme.px(12)
                height: parent.height - Theme.px(8)
                horizontalAlignment: Text.AlignHCenter
                verticalAlignment: Text.AlignVCenter
                // "Selesai mengetik" in large text: two lines, shrunk to the key rather
                // than spilling over.
                wrapMode: Text.WordWrap
                fontSizeMode: Text.Fit
                minimumPixelSize: Theme.px(22)
                text: key.modelData === "back" ? qsTr("Hapus")
                    : key.modelData === "ok" ? pad.confirmText
                    : key.isDigit ? key.modelData : ""
                font.pixelSize: key.isDigit ? Theme.fontTitle : Theme.fontBody
                font.bold: true
                color: !key.usable ? Theme.disabledText
                     : key.modelData === "ok" || area.pressed ? Theme.textOnPrimary : Theme.text
            }
            MouseArea {
                id: area
                anchors.fill: parent
                enabled: key.usable
                onClicked: {
                    if (key.modelData === "back") {
                        pad.value = pad.value.slice(0, -1)
                        pad.backspace()
                    } else if (key.modelData === "ok") {
                        pad.confirm()
                    } else {
                        pad.value += key.modelData
                        pad.digit(key.modelData)
                    }
                }
            }
        }
    }
}
