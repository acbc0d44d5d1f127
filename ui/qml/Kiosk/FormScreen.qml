import QtQuick
import QtQuick.Controls.Basic
import KioskBackend

// One step of a service's form: a few big questions, each with its editor and its problem.
// The field being typed into stays in view above the keyboard or the number pad, each with
// a labelled "Selesai mengetik"; a question that does not fit is never shown cut in half.
Item {
    id: screen
    objectName: "formScreen"

    // The digit field the numeric pad types into ("" when the pad is closed).
    property string padField: ""
    property string padPart: ""
    // The question being typed into (its whole box) and its editor, kept in view.
    property Item typingBox: null
    property Item typingEditor: null
    readonly property bool typing: keyboard.active || padPanel.visible
    // A landscape screen is short: while typing, the titles give their room to the field.
    readonly property bool compact: typing && !Theme.portrait

    function openPad(name, part, maxLength, value, editor) {
        Qt.inputMethod.hide()
        padField = name
        padPart = part
        pad.maxLength = maxLength
        pad.value = value
        typingIn(editor)
    }
    function closePad() { padField = ""; padPart = "" }
    // An editor took the keyboard or the pad: remember its question and bring it into view.
    function typingIn(editor) {
        let box = editor
        while (box && box.parent !== fieldColumn) box = box.parent
        typingEditor = editor
        typingBox = box
        Qt.callLater(reveal)
    }
    // Scroll so the editor is whole above the keyboard or pad, with its question if it fits.
    function reveal() {
        if (!typing || !typingEditor || !typingBox) return
        const editorTop = typingEditor.mapToItem(flick.contentItem, 0, 0).y
        const editorBottom = editorTop + typingEditor.height
        const boxTop = typingBox.mapToItem(flick.contentItem, 0, 0).y
        let y = flick.contentY
        if (editorBottom > y + flick.height) y = editorBottom - flick.height
        if (editorTop < y) y = editorTop
        if (boxTop < y && editorBottom - boxTop <= flick.height) y = boxTop
        flick.contentY = Math.max(0, Math.min(y, flick.contentHeight - flick.height))
    }
    onTypingChanged: Qt.callLater(reveal)

    ScreenHeader { id: header }

    Column {
        id: titles
        visible: !screen.compact
        height: visible ? implicitHeight : 0
        anchors.top: header.bottom
        anchors.topMargin: Theme.spacing
        anchors.left: parent.left
        anchors.leftMargin: Theme.margin
        anchors.right: parent.right
        anchors.rightMargin: Theme.margin
        spacing: Theme.px(8)
        Text {
            width: parent.width
            text: Form.step.serviceTitle || ""
            wrapMode: Text.WordWrap
            // A landscape screen is short: the questions get the height.
            font.pixelSize: Theme.portrait ? Theme.fontTitle : Theme.fontLarge
            font.bold: true
            color: Theme.text
        }
        Text {
            objectName: "formStepTitle"
            width: parent.width
            text: qsTr("Langkah %1 dari %2: %3").arg((Form.step.index || 0) + 1)
                  .arg(Form.step.count || 0).arg(Form.step.title || "")
            wrapMode: Text.WordWrap
            font.pixelSize: Theme.fontBody
            font.bold: true
            color: Theme.primary
        }
    }

    Flickable {
        id: flick
        objectName: "formFlick"
        anchors.top: titles.bottom
        anchors.topMargin: screen.compact ? 0 : Theme.spacing
        anchors.bottom: padPanel.visible && Theme.portrait ? padPanel.top
                        : keyboard.active ? keyboard.top
                        : cue.visible ? cue.top : footer.top
        anchors.bottomMargin: cue.visible && !screen.typing ? cue.spacing : Theme.spacing
        anchors.left: titles.left
        anchors.right: padPanel.visible && !Theme.portrait ? padPanel.left : titles.right
        anchors.rightMargin: padPanel.visible && !Theme.portrait ? Theme.spacing : 0
        contentHeight: fieldColumn.height
        clip: true
        boundsBehavior: Flickable.StopAtBounds
        ScrollIndicator.vertical: ScrollIndicator { active: true }
        // The keyboard or pad takes height (portrait) or width (landscape, where the
        // questions then wrap taller): the field is brought back into view each time.
        onHeightChanged: Qt.callLater(screen.reveal)
        onContentHeightChanged: Qt.callLater(screen.reveal)

        Column {
            id: fieldColumn
            width: parent.width
            spacing: Theme.margin
            Repeater {
                model: Form.fields
                delegate: Column {
                    id: fieldBox
                    required property var modelData
                    objectName: "field_" + modelData.name
                    width: fieldColumn.width
                    spacing: Theme.px(12)
                    Text {
                        width: parent.width
                        text: fieldBox.modelData.label
                        wrapMode: Text.WordWrap
                        font.pixelSize: Theme.fontLarge
                        font.bold: true
                        color: Theme.text
                    }
                    Text {
                        width: parent.width
                        visible: text !== ""
                        text: fieldBox.modelData.help
                        wrapMode: Text.WordWrap
                        font.pixelSize: Theme.fontBody
                        color: Theme.mutedText
                    }
                    Loader {
                        width: parent.width
                        sourceComponent: {
                            switch (fieldBox.modelData.kind) {
                            case "text": case "long_text": return textEditor
                            case "nik": case "number": case "phone": return numberEditor
                            case "choice": return choiceEditor
                            case "multi_choice": return multiEditor
                            case "date": return dateEditor
                            case "location": return locationEditor
                            case "yes_no": return yesNoEditor
                            }
                            return null
                        }
                        onLoaded: {
                            item.field = fieldBox.modelData
                            item.form = screen
                        }
                    }
                    Rectangle {
                        objectName: "error_" + fieldBox.modelData.name
                        visible: !!Form.errors[fieldBox.modelData.name]
                        width: parent.width
                        height: visible ? errorText.implicitHeight + Theme.px(32) : 0
                        radius: Theme.radius
                        color: Theme.dangerSurface
                        border.color: Theme.danger
                        border.width: Theme.px(3)
                        Text {
                            id: errorText
                            anchors.centerIn: parent
                            width: parent.width - Theme.px(32)
                            text: Form.errors[fieldBox.modelData.name] || ""
                            wrapMode: Text.WordWrap
                            font.pixelSize: Theme.fontBody
                            font.bold: true
                            color: Theme.danger
                        }
                    }
                }
            }
        }
    }

    ScrollCue {
        id: cue
        flickable: flick
        containers: [fieldColumn]
        active: !screen.typing
        room: footer.y - Theme.spacing - flick.y
        anchors.left: titles.left
        anchors.right: titles.right
        anchors.bottom: footer.top
        anchors.bottomMargin: Theme.spacing
    }

    Component { id: textEditor; TextFieldEditor {} }
    Component { id: numberEditor; NumberEditor {} }
    Component { id: choiceEditor; ChoiceEditor {} }
    Component { id: multiEditor; MultiChoiceEditor {} }
    Component {
        id: dateEditor
        DateEditor {
            id: formDate
            parts: Form.parts[formDate.name] || ({})
            onStepped: (part, delta) => Form.stepDate(formDate.name, part, delta)
            onJumped: (years) => Form.yearsBack(formDate.name, -years)
            onTodayChosen: Form.setToday(formDate.name)
        }
    }
    Component { id: locationEditor; LocationEditor {} }
    Component { id: yesNoEditor; YesNoEditor {} }

    // The numeric pad for NIK, number, phone, RT and RW: no keyboard needed for digits.
    // Under the questions on a portrait screen; beside them on a landscape one, where the
    // height is short and the width is not, so the field being typed stays in view.
    Rectangle {
        id: padPanel
        objectName: "formPadPanel"
        visible: screen.padField !== ""
        // Room for the pad: below the questions (portrait) or beside them (landscape).
        readonly property real room: Theme.portrait ? screen.height * 0.4
            : footer.y - header.height - 2 * Theme.spacing
        x: Theme.portrait ? (parent.width - width) / 2 : parent.width - Theme.margin - width
        y: Theme.portrait ? footer.y - Theme.spacing - height
           : header.height + Theme.spacing + (room - height) / 2
        width: pad.width + Theme.px(48)
        height: visible ? pad.height + Theme.px(48) : 0
        radius: Theme.radius
        color: Theme.surface
        border.color: Theme.primary
        border.width: Theme.px(3)
        NumericPad {
            id: pad
            objectName: "formPad"
            anchors.centerIn: parent
            // Four rows of keys in the room, never under the 72 px minimum (at 1080 px).
            keySize: Math.max(Theme.px(80), Math.min(Theme.touchTarget * 0.9,
                (padPanel.room - Theme.px(48) - 3 * spacing) / 4))
            keyWidth: keySize * 1.8
            confirmText: qsTr("Selesai mengetik")
            confirmEnabled: true
            onDigit: (d) => screen.padPart !== ""
                     ? Form.typeLocationDigit(screen.padField, screen.padPart, d)
                     : Form.typeDigit(screen.padField, d)
            onBackspace: screen.padPart !== ""
                         ? Form.eraseLocationDigit(screen.padField, screen.padPart)
                         : Form.eraseDigit(screen.padField)
            onConfirm: screen.closePad()
        }
    }

    KioskKeyboard { id: keyboard }

    Row {
        id: footer
        anchors.bottom: parent.bottom
        anchors.bottomMargin: Theme.margin
        anchors.left: titles.left
        spacing: Theme.spacing
        KioskButton {
            objectName: "formBack"
            primary: false
            text: qsTr("Kembali")
            onClicked: { screen.closePad(); Form.previous() }
        }
        KioskButton {
            objectName: "formCancel"
            primary: false
            text: qsTr("Batal")
            onClicked: Session.end()
        }
        KioskButton {
            objectName: "formNext"
            text: Form.step.last ? qsTr("Periksa") : qsTr("Lanjut")
            onClicked: { screen.closePad(); Qt.inputMethod.hide(); Form.next() }
        }
    }
}
