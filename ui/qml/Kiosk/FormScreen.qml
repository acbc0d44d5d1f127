import QtQuick
import QtQuick.Controls.Basic
import KioskBackend

// One step of a service's form: a few big questions, each with its editor and its problem.
Item {
    id: screen
    objectName: "formScreen"

    // The digit field the numeric pad types into ("" when the pad is closed).
    property string padField: ""
    property string padPart: ""

    function openPad(name, part, maxLength, value) {
        Qt.inputMethod.hide()
        padField = name
        padPart = part
        pad.maxLength = maxLength
        pad.value = value
    }
    function closePad() { padField = ""; padPart = "" }

    ScreenHeader { id: header }

    Column {
        id: titles
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
            font.pixelSize: Theme.fontTitle
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
        anchors.top: titles.bottom
        anchors.topMargin: Theme.spacing
        anchors.bottom: padPanel.visible && Theme.portrait ? padPanel.top
                        : keyboard.active ? keyboard.top : footer.top
        anchors.bottomMargin: Theme.spacing
        anchors.left: titles.left
        anchors.right: padPanel.visible && !Theme.portrait ? padPanel.left : titles.right
        anchors.rightMargin: padPanel.visible && !Theme.portrait ? Theme.spacing : 0
        contentHeight: fieldColumn.height
        clip: true
        boundsBehavior: Flickable.StopAtBounds
        ScrollIndicator.vertical: ScrollIndicator { active: true }

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
                        text: fieldBox.modelData.label + (fieldBox.modelData.required ? "" : "")
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
            confirmText: qsTr("Selesai")
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
