import QtQuick
import KioskBackend

// A date without typing: day, month and year each with big - and + buttons, plus "today".
// Until the citizen picks one, the boxes show a dash on a grey dashed frame, never a date
// that looks chosen; the first + or − starts from today.
Column {
    id: editor
    property var field: ({})
    property var form: null
    readonly property var parts: Form.parts[field.name] || ({})
    spacing: Theme.px(16)

    Row {
        spacing: Theme.px(16)
        Repeater {
            model: [
                { part: "day", label: qsTr("Tanggal"), step: 1 },
                { part: "month", label: qsTr("Bulan"), step: 1 },
                { part: "year", label: qsTr("Tahun"), step: 1 }
            ]
            delegate: Column {
                id: column
                required property var modelData
                width: (editor.width - 2 * Theme.px(16)) / 3
                spacing: Theme.px(8)
                Text {
                    width: parent.width
                    horizontalAlignment: Text.AlignHCenter
                    text: column.modelData.label
                    wrapMode: Text.WordWrap
                    font.pixelSize: Theme.fontSmall
                    font.bold: true
                    color: Theme.mutedText
                }
                // + above and − below the value on a portrait screen; − value + in one row
                // on a landscape one, where height is short.
                Grid {
                    id: stepper
                    width: parent.width
                    columns: Theme.portrait ? 1 : 3
                    spacing: Theme.px(8)
                    layoutDirection: Theme.portrait ? Qt.LeftToRight : Qt.RightToLeft
                    readonly property real buttonWidth: Theme.portrait ? width : Theme.touchTarget
                    StepButton {
                        objectName: "date_" + editor.field.name + "_" + column.modelData.part + "_up"
                        width: stepper.buttonWidth
                        height: Theme.portrait ? Theme.touchTarget * 0.8 : Theme.touchTarget
                        text: "+"
                        onClicked: Form.stepDate(editor.field.name, column.modelData.part, 1)
                    }
                    Rectangle {
                        width: Theme.portrait ? stepper.width
                               : stepper.width - 2 * (stepper.buttonWidth + stepper.spacing)
                        height: Theme.touchTarget
                        radius: Theme.radius
                        color: editor.parts.set ? Theme.surface : Theme.background
                        border.color: editor.parts.set ? Theme.primary : Theme.border
                        border.width: Theme.px(3)
                        Text {
                            objectName: "date_" + editor.field.name + "_" + column.modelData.part
                            anchors.centerIn: parent
                            width: parent.width - Theme.px(12)
                            horizontalAlignment: Text.AlignHCenter
                            fontSizeMode: Text.HorizontalFit
                            minimumPixelSize: Theme.fontSmall
                            text: !editor.parts.set ? "–"
                                  : column.modelData.part === "month" ? (editor.parts.monthName || "")
                                  : String(editor.parts[column.modelData.part] || "")
                            font.pixelSize: Theme.fontLarge
                            font.bold: true
                            color: editor.parts.set ? Theme.text : Theme.mutedText
                        }
                    }
                    StepButton {
                        objectName: "date_" + editor.field.name + "_" + column.modelData.part + "_down"
                        width: stepper.buttonWidth
                        height: Theme.portrait ? Theme.touchTarget * 0.8 : Theme.touchTarget
                        text: "−"
                        onClicked: Form.stepDate(editor.field.name, column.modelData.part, -1)
                    }
                }
            }
        }
    }
    Row {
        spacing: Theme.px(16)
        StepButton {
            objectName: "date_" + editor.field.name + "_today"
            width: Math.max(Theme.touchTarget * 2.5, implicitWidth)
            text: qsTr("Hari ini")
            onClicked: Form.setToday(editor.field.name)
        }
        StepButton {
            objectName: "date_" + editor.field.name + "_year_back"
            width: Math.max(Theme.touchTarget * 2.5, implicitWidth)
            text: qsTr("10 tahun lalu")
            onClicked: Form.yearsBack(editor.field.name, 10)
        }
    }
    Text {
        width: parent.width
        visible: !editor.parts.set
        text: qsTr("Belum dipilih. Sentuh Hari ini, atau + atau − untuk mulai dari hari ini.")
        wrapMode: Text.WordWrap
        font.pixelSize: Theme.fontSmall
        color: Theme.mutedText
    }

    component StepButton: Rectangle {
        id: button
        property string text
        signal clicked()
        implicitWidth: label.implicitWidth + Theme.px(48)
        implicitHeight: Theme.touchTarget * 0.8
        radius: Theme.radius
        color: area.pressed ? Theme.primaryDark : Theme.primary
        Accessible.role: Accessible.Button
        Accessible.name: text
        Text {
            id: label
            anchors.centerIn: parent
            text: button.text
            font.pixelSize: Theme.fontLarge
            font.bold: true
            color: Theme.textOnPrimary
        }
        MouseArea { id: area; anchors.fill: parent; onClicked: button.clicked() }
    }
}
