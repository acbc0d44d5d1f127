import QtQuick
import QtQuick.Controls.Basic
import KioskBackend

// Identify: tap the e-KTP, or type the NIK on the pad; a registered card is confirmed with
// the date of birth, picked on a date picker, or the card's PIN, whichever central asks for.
// Neither is ever on screen before the citizen gives it: the masked NIK hides its date.
// The Identify backend checks and keeps what is typed and picked.
Item {
    id: screen
    objectName: "identifyScreen"

    readonly property bool confirming: Identify.mode === "confirm"
    readonly property bool picksDate: confirming && Identify.confirmWith === "birth_date"
    readonly property bool usesPad: Identify.mode === "typing"
                                    || (confirming && Identify.confirmWith === "pin")

    ScreenHeader { id: header }

    Text {
        id: heading
        anchors.top: header.bottom
        anchors.topMargin: Theme.margin
        anchors.left: parent.left
        anchors.leftMargin: Theme.margin
        anchors.right: parent.right
        anchors.rightMargin: Theme.margin
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
        anchors.top: heading.bottom
        anchors.topMargin: visible ? Theme.spacing : 0
        anchors.left: heading.left
        anchors.right: heading.right
        height: visible ? messageText.implicitHeight + Theme.px(40) : 0
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
    Item {
        id: choose
        visible: Identify.mode === "choose"
        anchors.top: messageBox.bottom
        anchors.topMargin: Theme.spacing
        anchors.bottom: footer.top
        anchors.bottomMargin: Theme.spacing
        anchors.left: heading.left
        anchors.right: heading.right

        Grid {
            anchors.fill: parent
            columns: Theme.portrait ? 1 : 2
            spacing: Theme.spacing
            readonly property real cellWidth: (width - (columns - 1) * spacing) / columns
            readonly property real cellHeight: Theme.portrait ? (height - spacing) / 2 : height

            Rectangle {
                objectName: "identifyCardPanel"
                width: parent.cellWidth
                height: parent.cellHeight
                radius: Theme.radius
                color: Theme.surface
                border.color: Identify.readerReady ? Theme.primary : Theme.border
                border.width: Theme.px(4)
                Column {
                    anchors.centerIn: parent
                    width: parent.width - Theme.px(64)
                    spacing: Theme.spacing
                    Image {
                        anchors.horizontalCenter: parent.horizontalCenter
                        // Smaller where room is short: landscape, or large text.
                        readonly property real shrink: (Theme.portrait ? 1 : 0.75)
                                                       / Math.max(1, Theme.textScale)
                        width: Theme.px(312 * shrink)
                        height: Theme.px(204 * shrink)
                        sourceSize: Qt.size(width, height)
                        source: "icons/ektp-tap.svg"
                        opacity: Identify.readerReady ? 1 : 0.35
                    }
                    Text {
                        width: parent.width
                        horizontalAlignment: Text.AlignHCenter
                        text: Identify.readerReady
                              ? qsTr("Tempelkan e-KTP Anda pada pembaca kartu")
                              : qsTr("Pembaca kartu tidak tersedia")
                        wrapMode: Text.WordWrap
                        font.pixelSize: Theme.fontLarge
                        font.bold: true
                        color: Identify.readerReady ? Theme.primary : Theme.mutedText
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
                width: parent.cellWidth
                height: parent.cellHeight
                radius: Theme.radius
                color: Theme.surface
                border.color: Theme.border
                border.width: Theme.px(2)
                Column {
                    anchors.centerIn: parent
                    width: parent.width - Theme.px(64)
                    spacing: Theme.spacing
                    Text {
                        width: parent.width
                        horizontalAlignment: Text.AlignHCenter
                        text: qsTr("Tidak membawa e-KTP?")
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
                    KioskButton {
                        objectName: "identifySkip"
                        visible: Identify.anonymousAllowed
                        anchors.horizontalCenter: parent.horizontalCenter
                        width: Math.min(parent.width, implicitWidth)
                        primary: false
                        text: qsTr("Lanjut tanpa identitas")
                        onClicked: Identify.skipIdentity()
                    }
                }
            }
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

    // Typing the NIK, or confirming a card with its PIN or the date of birth.
    Grid {
        id: entry
        visible: screen.usesPad || screen.picksDate
        anchors.top: messageBox.bottom
        anchors.topMargin: Theme.spacing
        anchors.bottom: footer.top
        anchors.bottomMargin: Theme.spacing
        anchors.left: heading.left
        anchors.right: heading.right
        columns: Theme.portrait ? 1 : 2
        spacing: Theme.spacing
        readonly property real cellWidth: (width - (columns - 1) * spacing) / columns

        Column {
            width: entry.cellWidth
            spacing: Theme.spacing

            Text {
                width: parent.width
                visible: screen.confirming
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
                text: Identify.mode === "typing"
                      ? qsTr("NIK ada di e-KTP atau Kartu Keluarga, 16 angka.")
                      : screen.picksDate
                      ? qsTr("Untuk memastikan, pilih tanggal lahir Anda: tanggal, bulan dan tahun.")
                      : qsTr("Ketik PIN kartu Anda.")
                font.pixelSize: Theme.fontBody
                color: Theme.mutedText
                wrapMode: Text.WordWrap
            }
            Rectangle {
                visible: screen.usesPad
                width: parent.width
                height: Theme.touchTarget
                radius: Theme.radius
                color: Theme.surface
                border.color: Theme.primary
                border.width: Theme.px(4)
                Text {
                    objectName: "identifyTyped"
                    anchors.centerIn: parent
                    text: Identify.mode === "typing" ? Identify.typed : Identify.confirmTyped
                    font.pixelSize: Theme.fontLarge
                    font.bold: true
                    font.family: "DejaVu Sans Mono"
                    color: Theme.text
                }
            }
            Text {
                width: parent.width
                visible: Identify.mode === "typing"
                horizontalAlignment: Text.AlignRight
                text: qsTr("%1 dari %2 angka").arg(Identify.typedCount).arg(Identify.nikLength)
                font.pixelSize: Theme.fontSmall
                color: Theme.mutedText
            }
        }

        // The pad or the date picker, in one cell: the grid's cells never appear or vanish,
        // so nothing moves under a finger while it re-lays out.
        Item {
            width: entry.cellWidth
            height: screen.usesPad ? pad.height : birthDate.height
            NumericPad {
                id: pad
                objectName: "identifyPad"
                visible: screen.usesPad
                anchors.horizontalCenter: parent.horizontalCenter
                keySize: Math.min(Theme.touchTarget * 1.3, (entry.cellWidth - 2 * spacing) / 3.9)
                maxLength: Identify.mode === "typing" ? Identify.nikLength : Identify.pinMaxLength
                // The backend keeps the digits: its counts say when "Lanjut" may be tapped.
                confirmEnabled: Identify.mode === "typing"
                                ? Identify.typedCount === Identify.nikLength
                                : Identify.confirmTyped.length >= Identify.pinMinLength
                confirmText: qsTr("Lanjut")
                onDigit: (value) => Identify.digit(value)
                onBackspace: Identify.backspace()
                onConfirm: Identify.submit()
                // The pad mirrors the backend's digits only for its key states.
                Connections {
                    target: Identify
                    function onModeChanged() { pad.clear() }
                    function onConfirmTypedChanged() {
                        if (Identify.confirmTyped === "") pad.clear()
                    }
                }
            }
            // The date of birth: three steppers, no digits typed; central checks it.
            Column {
                id: birthDate
                visible: screen.picksDate
                width: parent.width
                spacing: Theme.spacing
                DateEditor {
                    objectName: "identifyBirthDate"
                    width: parent.width
                    name: "birth"
                    parts: Identify.birthDate
                    offerToday: false
                    // Room enough in both orientations, and the month's name stays whole.
                    stacked: true
                    onStepped: (part, delta) => Identify.stepBirthDate(part, delta)
                    onJumped: (years) => Identify.jumpBirthYears(years)
                }
                KioskButton {
                    objectName: "identifyConfirmDate"
                    anchors.right: parent.right
                    enabled: Identify.birthDate.set === true
                    text: qsTr("Lanjut")
                    onClicked: Identify.submit()
                }
            }
        }
    }

    Row {
        id: footer
        anchors.bottom: parent.bottom
        anchors.bottomMargin: Theme.margin
        anchors.left: heading.left
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
}
