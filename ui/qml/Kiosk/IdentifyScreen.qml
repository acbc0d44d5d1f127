import QtQuick
import QtQuick.Controls.Basic
import KioskBackend

// Identify: tap the e-KTP, or type the NIK on the pad; a registered card is confirmed with
// the date of birth, picked on a date picker, or the card's PIN, whichever central asks for.
// Neither is ever on screen before the citizen gives it: the masked NIK hides its date.
// The Identify backend checks and keeps what is typed and picked. A typed NIK shows in
// the groups the messages name (6-6-4: region, date of birth, serial), and "Lanjut" is the
// screen's main button, at the bottom right.
Item {
    id: screen
    objectName: "identifyScreen"

    readonly property bool confirming: Identify.mode === "confirm"
    readonly property bool picksDate: confirming && Identify.confirmWith === "birth_date"
    readonly property bool usesPad: Identify.mode === "typing"
                                    || (confirming && Identify.confirmWith === "pin")
    readonly property bool answering: usesPad || picksDate
    // On a landscape screen the pad or the date picker takes the right side from the top,
    // beside the words: under them there is too little height, in large text above all.
    readonly property bool beside: answering && !Theme.portrait
    // A message over the pad or picker: the lines that only lead in give it their room.
    readonly property bool brief: answering && Identify.message !== ""
    // The NIK is 16 digits wide: beside the pad it goes under the words.
    readonly property bool nikUnderWords: beside && Identify.mode === "typing"
    // The typed digits sit right above the pad, unless they are under the words.
    readonly property bool typedOverPad: usesPad && !nikUnderWords
    readonly property real fullWidth: width - 2 * Theme.margin
    readonly property real wordsWidth: beside ? (fullWidth - Theme.spacing) * 0.55 : fullWidth
    readonly property real answerWidth: beside ? fullWidth - Theme.spacing - wordsWidth
                                               : fullWidth
    readonly property real areaTop: header.height + Theme.margin
    readonly property real areaHeight: footer.y - Theme.spacing - areaTop
    // What the words end above: the typed digits or the picker under them (portrait), the
    // NIK under them (landscape), or the footer.
    readonly property Item wordsEnd: nikUnderWords || (typedOverPad && !beside) ? typed
                                   : answering && !beside ? answer : footer
    // The typed digits over the pad, and the pad or picker: right under the words on a
    // portrait screen (kept above the footer when large text makes the words long: they
    // scroll instead), in the middle of the right side on a landscape one.
    readonly property real blockHeight: (typedOverPad ? typed.height + Theme.spacing : 0)
                                        + answer.height
    readonly property real blockTop: areaTop + (beside ? (areaHeight - blockHeight) / 2
        : Math.min(words.height + Theme.spacing, areaHeight - blockHeight))

    // Going on without saying who one is, where the service allows it (a complaint).
    component SkipButton: KioskButton {
        objectName: "identifySkip"
        primary: false
        text: qsTr("Lanjut tanpa nama")
        onClicked: Identify.skipIdentity()
    }

    ScreenHeader { id: header }

    // The words: heading, message, and the choice or what is being answered. They scroll,
    // and the cue says so, only where large text makes them taller than their room.
    Flickable {
        id: flick
        visible: Identify.mode !== "checking"
        x: Theme.margin
        width: screen.wordsWidth
        anchors.top: header.bottom
        anchors.topMargin: Theme.margin
        anchors.bottom: cue.visible ? cue.top : screen.wordsEnd.top
        anchors.bottomMargin: cue.visible ? cue.spacing : Theme.spacing
        contentHeight: words.height
        boundsBehavior: Flickable.StopAtBounds
        clip: true

        Column {
            id: words
            width: flick.width
            // Closer together where height is short.
            spacing: Theme.portrait ? Theme.spacing : Theme.px(20)

            Text {
                id: heading
                width: parent.width
                text: Identify.mode === "confirm" ? qsTr("Pastikan ini kartu Anda")
                    : Identify.mode === "typing" ? qsTr("Ketik NIK Anda")
                    : qsTr("Tunjukkan identitas Anda")
                wrapMode: Text.WordWrap
                font.pixelSize: Theme.fontTitle
                font.bold: true
                color: Theme.text
            }

            Rectangle {
                id: messageBox
                objectName: "identifyMessage"
                visible: Identify.message !== ""
                width: parent.width
                height: messageText.implicitHeight + Theme.px(40)
                radius: Theme.radius
                color: Theme.dangerSurface
                border.color: Theme.danger
                border.width: Theme.px(3)
                Text {
                    id: messageText
                    anchors.centerIn: parent
                    width: parent.width - Theme.px(40)
                    text: Identify.message
                    wrapMode: Text.WordWrap
                    font.pixelSize: Theme.fontBody
                    color: Theme.danger
                }
            }

            // The choice: a card tap works at any moment; typing opens the pad.
            Grid {
                id: choose
                visible: Identify.mode === "choose"
                width: parent.width
                columns: Theme.portrait ? 1 : 2
                spacing: Theme.spacing
                readonly property real cellWidth: (width - (columns - 1) * spacing) / columns
                // Each panel is as tall as its words; the room left is shared between them
                // (one above the other), or both take it all (side by side).
                readonly property real free: screen.areaHeight - y
                readonly property real cardNeeds: cardWords.height + Theme.px(32)
                readonly property real otherNeeds: otherWays.height + Theme.px(32)
                readonly property real share:
                    Math.max(0, (free - spacing - cardNeeds - otherNeeds) / 2)
                function panelHeight(needs) {
                    return columns === 1 ? needs + share : Math.max(free, cardNeeds, otherNeeds)
                }
                // Closer together where height is short.
                readonly property real gap: Theme.portrait && !Theme.largeText ? Theme.spacing
                                                                               : Theme.px(20)

                Rectangle {
                    objectName: "identifyCardPanel"
                    width: choose.cellWidth
                    height: choose.panelHeight(choose.cardNeeds)
                    radius: Theme.radius
                    color: Theme.surface
                    border.color: Identify.readerReady ? Theme.primary : Theme.border
                    border.width: Theme.px(4)
                    Column {
                        id: cardWords
                        anchors.centerIn: parent
                        width: parent.width - Theme.px(64)
                        spacing: choose.gap
                        // The drawing is blue on white: on the dark high-contrast panel it
                        // keeps a white plate, as the service icons do.
                        Rectangle {
                            anchors.horizontalCenter: parent.horizontalCenter
                            width: cardIcon.width + 2 * padding
                            height: cardIcon.height + 2 * padding
                            readonly property real padding: Theme.highContrast ? Theme.px(12) : 0
                            radius: Theme.px(12)
                            color: Theme.iconPlate
                            opacity: Identify.readerReady ? 1 : 0.35
                            Image {
                                id: cardIcon
                                objectName: "identifyCardIcon"
                                anchors.centerIn: parent
                                // Smaller where room is short: landscape, or large text
                                // (landscape in large text most of all: words come first).
                                readonly property real shrink: Theme.portrait
                                    ? 1 / Theme.textScale : Theme.largeText ? 0.4 : 0.75
                                // The width follows the drawing's proportions: nothing is cut.
                                height: Theme.px(204 * shrink)
                                sourceSize.height: height
                                fillMode: Image.PreserveAspectFit
                                source: "icons/ektp-tap.svg"
                            }
                        }
                        // Whether a tap can work, said plainly; the other panel says what
                        // to do when it cannot.
                        Text {
                            objectName: "identifyReaderState"
                            width: parent.width
                            horizontalAlignment: Text.AlignHCenter
                            text: Identify.readerReady
                                  ? qsTr("Tempelkan e-KTP Anda pada pembaca kartu")
                                  : qsTr("Pembaca kartu sedang tidak berfungsi")
                            wrapMode: Text.WordWrap
                            font.pixelSize: Theme.fontLarge
                            font.bold: true
                            color: Identify.readerReady ? Theme.primary : Theme.text
                        }
                        Text {
                            width: parent.width
                            horizontalAlignment: Text.AlignHCenter
                            visible: Identify.readerReady
                            text: qsTr("Tahan kartu di atas pembaca sampai layar berganti.")
                            wrapMode: Text.WordWrap
                            font.pixelSize: Theme.fontBody
                            color: Theme.mutedText
                        }
                    }
                }

                Rectangle {
                    width: choose.cellWidth
                    height: choose.panelHeight(choose.otherNeeds)
                    radius: Theme.radius
                    color: Theme.surface
                    border.color: Theme.border
                    border.width: Theme.px(2)
                    Column {
                        id: otherWays
                        anchors.centerIn: parent
                        width: parent.width - Theme.px(64)
                        spacing: choose.gap
                        // "Tidak membawa e-KTP?" only while a card can be read; otherwise the
                        // way left, with "Lanjut tanpa nama" where the service allows it.
                        Text {
                            objectName: "identifyOtherWays"
                            width: parent.width
                            horizontalAlignment: Text.AlignHCenter
                            text: Identify.readerReady ? qsTr("Tidak membawa e-KTP?")
                                : qsTr("Silakan ketik NIK Anda.")
                            wrapMode: Text.WordWrap
                            font.pixelSize: Theme.fontLarge
                            font.bold: true
                            color: Theme.text
                        }
                        KioskButton {
                            objectName: "identifyTypeNik"
                            anchors.horizontalCenter: parent.horizontalCenter
                            width: Math.min(parent.width, implicitWidth * 1.3)
                            text: qsTr("Ketik NIK")
                            onClicked: Identify.typeNik()
                        }
                        Text {
                            width: parent.width
                            horizontalAlignment: Text.AlignHCenter
                            text: qsTr("Atau pindai QR pendaftaran dari ponsel Anda.")
                            wrapMode: Text.WordWrap
                            font.pixelSize: Theme.fontBody
                            color: Theme.mutedText
                        }
                        // A landscape screen has it at the bottom right, where height is not short.
                        SkipButton {
                            visible: Identify.anonymousAllowed && Theme.portrait
                            anchors.horizontalCenter: parent.horizontalCenter
                            width: Math.min(parent.width, implicitWidth)
                        }
                    }
                }
            }

            // Typing the NIK, or confirming a card with its PIN or the date of birth. Where
            // height is short, a message takes the place of the lines that only lead in.
            Text {
                width: parent.width
                visible: screen.confirming && !screen.brief
                text: qsTr("Kartu ini terdaftar atas nama:")
                font.pixelSize: Theme.fontBody
                color: Theme.mutedText
                wrapMode: Text.WordWrap
            }
            Text {
                objectName: "identifyMaskedName"
                width: parent.width
                visible: screen.confirming
                text: Identify.maskedName + "\n" + Identify.maskedNik
                font.pixelSize: Theme.fontLarge
                font.bold: true
                color: Theme.text
                wrapMode: Text.WordWrap
            }
            Text {
                width: parent.width
                visible: screen.answering && !screen.brief
                text: Identify.mode === "typing"
                      ? qsTr("NIK ada di e-KTP atau Kartu Keluarga, 16 angka.")
                      : screen.picksDate
                      ? qsTr("Untuk memastikan, pilih tanggal lahir Anda dengan tombol + dan −.")
                      : qsTr("Ketik PIN kartu Anda.")
                font.pixelSize: Theme.fontBody
                color: Theme.mutedText
                wrapMode: Text.WordWrap
            }
        }
    }

    ScrollCue {
        id: cue
        flickable: flick
        containers: [words]
        active: Identify.mode !== "checking"
        room: screen.wordsEnd.y - Theme.spacing - flick.y
        anchors.left: flick.left
        anchors.right: flick.right
        anchors.bottom: screen.wordsEnd.top
        anchors.bottomMargin: Theme.spacing
    }

    // The digits typed so far: the NIK in its groups over their slots, or the PIN as dots.
    Column {
        id: typed
        visible: screen.usesPad
        x: screen.nikUnderWords ? Theme.margin : answer.x
        // Under the words, or at the bottom where they are long and scroll.
        y: screen.nikUnderWords
           ? screen.areaTop + Math.min(words.height + Theme.spacing, screen.areaHeight - height)
           : screen.blockTop
        width: screen.nikUnderWords ? screen.wordsWidth : screen.answerWidth
        spacing: Theme.px(12)

        Rectangle {
            id: typedBox
            width: parent.width
            height: Math.max(Theme.touchTarget, typedColumn.height + Theme.px(32))
            radius: Theme.radius
            color: Theme.surface
            border.color: Theme.primary
            border.width: Theme.px(4)
            readonly property bool nik: Identify.mode === "typing"
            // A property, not FontMetrics' function: the slots follow a text size change.
            TextMetrics { id: digitMetrics; font: typedText.font; text: "0" }
            Column {
                id: typedColumn
                anchors.centerIn: parent
                spacing: Theme.px(4)
                // Monospaced, so each digit sits over its slot: the groups' spaces are one
                // digit wide, as the slots' gaps are.
                Text {
                    id: typedText
                    objectName: "identifyTyped"
                    text: typedBox.nik ? Identify.typed : Identify.confirmTyped
                    font.pixelSize: typedBox.nik ? Theme.fontTitle : Theme.fontLarge
                    font.bold: true
                    font.family: "DejaVu Sans Mono"
                    color: Theme.text
                }
                // A slot under each group, before a digit is typed; the group a message
                // names ("angka ke-7 sampai ke-12") is marked.
                Row {
                    visible: typedBox.nik
                    spacing: digitMetrics.advanceWidth
                    Repeater {
                        model: Identify.nikGroups
                        delegate: Rectangle {
                            required property int modelData
                            required property int index
                            readonly property bool named: Identify.problemGroup === index
                            objectName: "identifyGroup_" + index + (named ? "_named" : "")
                            width: modelData * digitMetrics.advanceWidth
                            height: named ? Theme.px(10) : Theme.px(4)
                            radius: height / 2
                            color: named ? Theme.danger : Theme.mutedText
                        }
                    }
                }
            }
        }
        Text {
            id: countText
            width: parent.width
            // The slots show what is left; there is room to say it too on a portrait screen.
            visible: Identify.mode === "typing" && Theme.portrait
            horizontalAlignment: Text.AlignRight
            text: qsTr("%1 dari %2 angka").arg(Identify.typedCount).arg(Identify.nikLength)
            font.pixelSize: Theme.fontSmall
            color: Theme.mutedText
        }
    }

    // What the citizen answers with: the pad or the date picker.
    Item {
        id: answer
        visible: screen.answering
        x: Theme.margin + (screen.beside ? screen.wordsWidth + Theme.spacing : 0)
        y: screen.blockTop + (screen.typedOverPad ? typed.height + Theme.spacing : 0)
        width: screen.answerWidth
        height: screen.usesPad ? pad.height : birthDate.height
        // The height the pad may take: the side, or what the words leave (never so little
        // that its keys get small: the words scroll then), less the digits over it.
        readonly property real room: (screen.beside ? screen.areaHeight
            : Math.max(screen.areaHeight * 0.5, screen.areaHeight - words.height - Theme.spacing))
            - (screen.typedOverPad ? typed.height + Theme.spacing : 0)

        NumericPad {
            id: pad
            objectName: "identifyPad"
            visible: screen.usesPad
            anchors.horizontalCenter: parent.horizontalCenter
            keySize: Math.min(Theme.touchTarget * 1.3, (answer.width - 2 * spacing) / 3.9,
                              (answer.room - 3 * spacing) / 4)
            maxLength: Identify.mode === "typing" ? Identify.nikLength
                                                  : Identify.pinMaxLength
            // "Lanjut" is the screen's main button, not a key.
            confirmKey: false
            onDigit: (value) => Identify.digit(value)
            onBackspace: Identify.backspace()
            // The pad mirrors what the backend keeps, only for its key states ("Hapus"
            // off when nothing is typed, digits off when the NIK is whole).
            function mirror() {
                pad.value = Identify.mode === "typing" ? Identify.typed.split(" ").join("")
                          : Identify.confirmTyped
            }
            Component.onCompleted: mirror()
            Connections {
                target: Identify
                function onModeChanged() { pad.mirror() }
                function onTypedChanged() { pad.mirror() }
                function onConfirmTypedChanged() { pad.mirror() }
            }
        }
        // The date of birth: three steppers, no digits typed; central checks it.
        DateEditor {
            id: birthDate
            objectName: "identifyBirthDate"
            visible: screen.picksDate
            width: parent.width
            name: "birth"
            parts: Identify.birthDate
            offerToday: false
            // The words beside it say how to pick.
            unsetHint: false
            // Room enough in both orientations, and the month's name stays whole.
            stacked: true
            onStepped: (part, delta) => Identify.stepBirthDate(part, delta)
            onJumped: (years) => Identify.jumpBirthYears(years)
        }
    }

    // Checking a card with central: never long, but never a frozen screen either.
    Column {
        visible: Identify.mode === "checking"
        anchors.centerIn: parent
        width: parent.width - 2 * Theme.margin
        spacing: Theme.spacing
        BusyIndicator {
            // The Basic style draws its dots in palette.dark (near black): use Theme, or they vanish in high contrast.
            palette.dark: Theme.primary
            anchors.horizontalCenter: parent.horizontalCenter
            width: Theme.px(160)
            height: width
            running: parent.visible
        }
        Text {
            width: parent.width
            horizontalAlignment: Text.AlignHCenter
            text: qsTr("Memeriksa kartu…")
            font.pixelSize: Theme.fontLarge
            color: Theme.text
        }
    }

    Row {
        id: footer
        anchors.bottom: parent.bottom
        anchors.bottomMargin: Theme.margin
        anchors.left: parent.left
        anchors.leftMargin: Theme.margin
        spacing: Theme.spacing
        KioskButton {
            objectName: "identifyBack"
            primary: false
            enabled: Identify.mode !== "checking"
            text: qsTr("Kembali")
            onClicked: Identify.mode === "choose" ? Session.back() : Identify.cancel()
        }
        KioskButton {
            objectName: "identifyCancel"
            primary: false
            text: qsTr("Batal")
            onClicked: Session.end()
        }
    }
    // The main button while a NIK, a PIN or a date of birth is asked: it looks off until
    // the backend's counts say the answer is whole (16 digits, a PIN, a date).
    KioskButton {
        objectName: "identifyNext"
        visible: screen.answering
        anchors.bottom: footer.bottom
        anchors.right: parent.right
        anchors.rightMargin: Theme.margin
        enabled: Identify.mode === "typing" ? Identify.typedCount === Identify.nikLength
               : screen.picksDate ? Identify.birthDate.set === true
               : Identify.confirmTyped.length >= Identify.pinMinLength
        text: qsTr("Lanjut")
        onClicked: Identify.submit()
    }
    SkipButton {
        visible: Identify.anonymousAllowed && !Theme.portrait && Identify.mode === "choose"
        anchors.bottom: footer.bottom
        anchors.right: parent.right
        anchors.rightMargin: Theme.margin
    }
}
