import QtQuick
import KioskBackend

// NIK, number or phone: a big box; touching it opens the numeric pad under the form.
Rectangle {
    id: editor
    property var field: ({})
    property var form: null
    readonly property string value: Form.values[field.name] || ""
    readonly property bool active: form !== null && form.padField === field.name && form.padPart === ""
    objectName: "input_" + field.name
    implicitHeight: Theme.touchTarget
    radius: Theme.radius
    color: Theme.surface
    border.color: active ? Theme.primary : Theme.border
    border.width: Theme.px(active ? 6 : 4)
    Accessible.role: Accessible.EditableText
    Accessible.name: field.label || ""

    Text {
        anchors.verticalCenter: parent.verticalCenter
        anchors.left: parent.left
        anchors.leftMargin: Theme.px(24)
        text: editor.value !== "" ? editor.value : qsTr("Sentuh untuk mengisi angka")
        font.pixelSize: editor.value !== "" ? Theme.fontTitle : Theme.fontBody
        font.bold: editor.value !== ""
        font.letterSpacing: editor.value !== "" ? Theme.px(4) : 0
        color: editor.value !== "" ? Theme.text : Theme.mutedText
    }
    MouseArea {
        anchors.fill: parent
        onClicked: editor.form.openPad(editor.field.name, "", editor.field.maxLength, editor.value,
                                       editor)
    }
}
