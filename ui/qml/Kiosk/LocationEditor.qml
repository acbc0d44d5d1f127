import QtQuick
import KioskBackend

// Where in the village: the dusun from the catalog, then RT and RW on the numeric pad.
Column {
    id: editor
    property var field: ({})
    property var form: null
    readonly property var parts: Form.parts[field.name] || ({})
    spacing: Theme.px(16)

    Text {
        text: qsTr("Dusun")
        font.pixelSize: Theme.fontBody
        font.bold: true
        color: Theme.mutedText
    }
    Grid {
        id: dusunGrid
        width: parent.width
        columns: Theme.portrait ? 2 : 4
        spacing: Theme.px(16)
        Repeater {
            model: editor.field.choices || []
            delegate: Rectangle {
                required property var modelData
                readonly property bool chosen: editor.parts.dusun === modelData.value
                objectName: "dusun_" + editor.field.name + "_" + modelData.value
                width: (dusunGrid.width - (dusunGrid.columns - 1) * dusunGrid.spacing) / dusunGrid.columns
                height: Theme.touchTarget
                radius: Theme.radius
                color: chosen ? Theme.primary : area.pressed ? Theme.disabledSurface : Theme.surface
                border.color: Theme.primary
                border.width: Theme.px(4)
                Accessible.role: Accessible.RadioButton
                Accessible.name: modelData.label
                Accessible.checked: chosen
                Text {
                    anchors.centerIn: parent
                    width: parent.width - Theme.px(16)
                    horizontalAlignment: Text.AlignHCenter
                    fontSizeMode: Text.HorizontalFit
                    minimumPixelSize: Theme.fontSmall
                    text: parent.modelData.label
                    font.pixelSize: Theme.fontLarge
                    font.bold: true
                    color: parent.chosen ? Theme.textOnPrimary : Theme.primary
                }
                MouseArea {
                    id: area
                    anchors.fill: parent
                    onClicked: Form.chooseDusun(editor.field.name, parent.modelData.value)
                }
            }
        }
    }
    Row {
        spacing: Theme.spacing
        Repeater {
            model: [{ part: "rt", label: "RT" }, { part: "rw", label: "RW" }]
            delegate: Rectangle {
                id: box
                required property var modelData
                readonly property bool active: editor.form !== null
                    && editor.form.padField === editor.field.name && editor.form.padPart === modelData.part
                readonly property string digits: editor.parts[modelData.part] || ""
                objectName: "input_" + editor.field.name + "_" + modelData.part
                width: (editor.width - Theme.spacing) / 2
                height: Theme.touchTarget
                radius: Theme.radius
                color: Theme.surface
                border.color: active ? Theme.primary : Theme.border
                border.width: Theme.px(active ? 6 : 4)
                Accessible.role: Accessible.EditableText
                Accessible.name: modelData.label
                Text {
                    anchors.verticalCenter: parent.verticalCenter
                    anchors.left: parent.left
                    anchors.leftMargin: Theme.px(24)
                    text: box.modelData.label + "  " + (box.digits !== "" ? box.digits : "—")
                    font.pixelSize: Theme.fontTitle
                    font.bold: true
                    color: box.digits !== "" ? Theme.text : Theme.mutedText
                }
                MouseArea {
                    anchors.fill: parent
                    onClicked: editor.form.openPad(editor.field.name, box.modelData.part, 3,
                                                   box.digits, box)
                }
            }
        }
    }
}
