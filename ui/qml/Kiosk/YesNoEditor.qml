import QtQuick
import KioskBackend

// Yes or no: two big buttons side by side; the chosen one filled and marked, as choices are.
Row {
    id: editor
    property var field: ({})
    property var form: null
    readonly property string value: Form.values[field.name] || ""
    spacing: Theme.spacing
    Repeater {
        model: [{ value: "yes", label: qsTr("Ya") }, { value: "no", label: qsTr("Tidak") }]
        delegate: Rectangle {
            required property var modelData
            readonly property bool chosen: editor.value === modelData.value
            objectName: "choice_" + editor.field.name + "_" + modelData.value
            width: (editor.width - editor.spacing) / 2
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
                text: (parent.chosen ? "● " : "○ ") + parent.modelData.label
                font.pixelSize: Theme.fontLarge
                font.bold: true
                color: parent.chosen ? Theme.textOnPrimary : Theme.primary
            }
            MouseArea {
                id: area
                anchors.fill: parent
                onClicked: Form.choose(editor.field.name, parent.modelData.value)
            }
        }
    }
}
