import QtQuick
import KioskBackend

// One answer out of a few: big buttons, the chosen one filled.
Grid {
    id: editor
    property var field: ({})
    property var form: null
    readonly property string value: Form.values[field.name] || ""
    // Landscape has width to spare and little height: a long list takes three columns.
    columns: Theme.portrait ? 1 : (field.choices || []).length >= 5 ? 3 : 2
    spacing: Theme.px(16)
    Repeater {
        model: editor.field.choices || []
        delegate: ChoiceButton {
            required property var modelData
            objectName: "choice_" + editor.field.name + "_" + modelData.value
            width: (editor.width - (editor.columns - 1) * editor.spacing) / editor.columns
            text: modelData.label
            chosen: editor.value === modelData.value
            onClicked: Form.choose(editor.field.name, modelData.value)
        }
    }

    component ChoiceButton: Rectangle {
        id: button
        property string text
        property bool chosen: false
        signal clicked()
        implicitHeight: Math.max(Theme.touchTarget, label.implicitHeight + Theme.px(32))
        radius: Theme.radius
        color: chosen ? Theme.primary : area.pressed ? Theme.disabledSurface : Theme.surface
        border.color: Theme.primary
        border.width: Theme.px(4)
        Accessible.role: Accessible.RadioButton
        Accessible.name: text
        Accessible.checked: chosen
        Text {
            id: label
            anchors.verticalCenter: parent.verticalCenter
            anchors.left: parent.left
            anchors.leftMargin: Theme.px(28)
            anchors.right: parent.right
            anchors.rightMargin: Theme.px(28)
            text: (button.chosen ? "● " : "○ ") + button.text
            wrapMode: Text.WordWrap
            font.pixelSize: Theme.fontLarge
            font.bold: true
            color: button.chosen ? Theme.textOnPrimary : Theme.primary
        }
        MouseArea { id: area; anchors.fill: parent; onClicked: button.clicked() }
    }
}
