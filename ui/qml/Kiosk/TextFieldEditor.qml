import QtQuick
import QtQuick.Controls.Basic
import KioskBackend

// Text typed on the virtual keyboard (Indonesian or English layout); long text gets a taller box.
Item {
    id: editor
    property var field: ({})
    property var form: null
    readonly property bool longText: field.kind === "long_text"
    readonly property string value: Form.values[field.name] || ""
    implicitHeight: longText ? Theme.touchTarget * 2.2 : Theme.touchTarget

    Rectangle {
        anchors.fill: parent
        radius: Theme.radius
        color: Theme.surface
        border.color: input.activeFocus ? Theme.primary : Theme.border
        border.width: Theme.px(4)
    }
    TextArea {
        id: input
        objectName: "input_" + editor.field.name
        anchors.fill: parent
        anchors.margins: Theme.px(12)
        text: editor.value
        wrapMode: TextEdit.Wrap
        font.pixelSize: Theme.fontLarge
        color: Theme.text
        background: null
        inputMethodHints: Qt.ImhNoPredictiveText
        placeholderText: qsTr("Sentuh di sini untuk menulis")
        placeholderTextColor: Theme.mutedText
        Keys.onReturnPressed: (event) => { event.accepted = !editor.longText }
        onActiveFocusChanged: if (activeFocus && editor.form) {
            editor.form.closePad()
            editor.form.typingIn(editor)
        }
        onTextChanged: if (text !== editor.value) Form.setText(editor.field.name, text)
    }
}
