import QtQuick

// A date without typing: day, month and year each with big - and + buttons, and shortcuts.
// The user says where taps go (stepped, jumped, todayChosen): a form's date field, or the
// identify screen's date of birth, which has no use for "today" and jumps ten years either
// way. Until the citizen picks one, the boxes show a dash on a grey frame, never a date
// that looks chosen; the first + or − picks the date the user starts from.
Column {
    id: editor
    property var field: ({})
    property var form: null
    // Names the buttons for tests: date_<name>_<part>_up and so on.
    property string name: field.name || ""
    // set, day, month, monthName and year, as the backend publishes them.
    property var parts: ({})
    property bool offerToday: true
    // "Belum dipilih: ..." under an unset date; off where the words beside it say how to pick.
    property bool unsetHint: true
    // + above and − below each value; by default only on a portrait screen.
    property bool stacked: Theme.portrait
    signal stepped(string part, int delta)
    // "10 tahun lalu" (-10) and "10 tahun kemudian" (+10).
    signal jumped(int years)
    signal todayChosen()
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
                // + above and − below the value (stacked, as on a portrait screen); − value +
                // in one row where height is short.
                Grid {
                    id: stepper
                    width: parent.width
                    columns: editor.stacked ? 1 : 3
                    spacing: Theme.px(8)
                    layoutDirection: editor.stacked ? Qt.LeftToRight : Qt.RightToLeft
                    readonly property real buttonWidth: editor.stacked ? width : Theme.touchTarget
                    StepButton {
                        objectName: "date_" + editor.name + "_" + column.modelData.part + "_up"
                        width: stepper.buttonWidth
                        height: editor.stacked ? Theme.touchTarget * 0.8 : Theme.touchTarget
                        text: "+"
                        onClicked: editor.stepped(column.modelData.part, 1)
                    }
                    Rectangle {
                        width: editor.stacked ? stepper.width
                               : stepper.width - 2 * (stepper.buttonWidth + stepper.spacing)
                        height: Theme.touchTarget
                        radius: Theme.radius
                        color: editor.parts.set ? Theme.surface : Theme.background
                        border.color: editor.parts.set ? Theme.primary : Theme.border
                        border.width: Theme.px(3)
                        Text {
                            objectName: "date_" + editor.name + "_" + column.modelData.part
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
                        objectName: "date_" + editor.name + "_" + column.modelData.part + "_down"
                        width: stepper.buttonWidth
                        height: editor.stacked ? Theme.touchTarget * 0.8 : Theme.touchTarget
                        text: "−"
                        onClicked: editor.stepped(column.modelData.part, -1)
                    }
                }
            }
        }
    }
    // The shortcuts wrap onto a second line when large text makes them wide.
    Flow {
        width: parent.width
        spacing: Theme.px(16)
        StepButton {
            objectName: "date_" + editor.name + "_today"
            visible: editor.offerToday
            width: Math.max(Theme.touchTarget * 2.5, implicitWidth)
            text: qsTr("Hari ini")
            onClicked: editor.todayChosen()
        }
        StepButton {
            objectName: "date_" + editor.name + "_year_back"
            width: Math.max(Theme.touchTarget * 2.5, implicitWidth)
            text: qsTr("10 tahun lalu")
            onClicked: editor.jumped(-10)
        }
        StepButton {
            objectName: "date_" + editor.name + "_year_forward"
            visible: !editor.offerToday
            width: Math.max(Theme.touchTarget * 2.5, implicitWidth)
            text: qsTr("10 tahun kemudian")
            onClicked: editor.jumped(10)
        }
    }
    Text {
        width: parent.width
        visible: editor.unsetHint && !editor.parts.set
        text: editor.offerToday
              ? qsTr("Belum dipilih. Sentuh Hari ini, atau + atau − untuk mulai dari hari ini.")
              : qsTr("Belum dipilih: sentuh + atau − untuk memilih tanggal.")
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
