import QtQuick
import KioskBackend

// Several answers: each button toggles, and shows a tick when chosen.
Grid {
    id: editor
    property var field: ({})
    property var form: null
    readonly property var chosen: (Form.parts[field.name] || {}).chosen || []
    // Landscape has width to spare and little height: a long list takes three columns.
    columns: Theme.portrait ? 1 : (field.choices || []).length >= 5 ? 3 : 2
    spacing: Theme.px(16)
    Repeater {
        model: editor.field.choices || []
        delegate: Rectangle {
            id: button
            required property var modelData
            readonly property bool picked: editor.chosen.indexOf(modelData.value) >= 0
            objectName: "choice_" + editor.field.name + "_" + modelData.value
            width: (editor.width - (editor.columns - 1) * editor.spacing) / editor.columns
            height: Math.max(Theme.touchTarget, label.implicitHeight + Theme.px(32))
            radius: Theme.radius
            color: picked ? Theme.primary : area.pressed ? Theme.disabledSurface : Theme.surface
            border.color: Theme.primary
            border.width: Theme.px(4)
            Accessible.role: Accessible.CheckBox
            Accessible.name: modelData.label
            Accessible.checked: picked
            Text {
                id: label
                anchors.verticalCenter: parent.verticalCenter
                anchors.left: parent.left
                anchors.leftMargin: Theme.px(28)
                anchors.right: parent.right
                anchors.rightMargin: Theme.px(28)
                text: (button.picked ? "☑ " : "☐ ") + button.modelData.label
                wrapMode: Text.WordWrap
                font.pixelSize: Theme.fontLarge
                font.bold: true
                color: button.picked ? Theme.textOnPrimary : Theme.primary
            }
            MouseArea {
                id: area
                anchors.fill: parent
                onClicked: Form.toggle(editor.field.name, button.modelData.value)
            }
        }
    }
}
