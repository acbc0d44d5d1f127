import QtQuick
import QtQuick.Controls.Basic
import KioskBackend

// Ambil Surat: the citizen scans the receipt's QR (or types its number and check code), or
// types their NIK and the PIN of their e-KTP; the kiosk lists their letters, shows the first
// page of a ready one, prints it on the A4 printer, and says what to do when it cannot.
Item {
    id: screen
    objectName: "letterPickupScreen"
    readonly property var view: Pickup.view
    readonly property string phase: Pickup.phase
    readonly property bool busy: phase === "working" || phase === "printing"

    ScreenHeader { id: header }

    Text {
        id: heading
        anchors.top: header.bottom
        anchors.topMargin: Theme.portrait ? Theme.margin : Theme.spacing
        anchors.left: parent.left
        anchors.leftMargin: Theme.margin
        anchors.right: parent.right
        anchors.rightMargin: Theme.margin
        text: qsTr("Ambil Surat")
        wrapMode: Text.WordWrap
        font.pixelSize: Theme.fontTitle
        font.bold: true
        color: Theme.text
    }

    Flickable {
        id: scroller
        anchors.top: heading.bottom
        anchors.topMargin: Theme.spacing
        anchors.bottom: keyboard.active ? keyboard.top : cue.visible ? cue.top : footer.top
        anchors.bottomMargin: cue.visible && !keyboard.active ? cue.spacing : Theme.spacing
        anchors.left: heading.left
        anchors.right: heading.right
        contentHeight: body.height
        clip: true
        boundsBehavior: Flickable.StopAtBounds

        Column {
            id: body
            width: parent.width
            spacing: Theme.spacing

            // What went wrong and what to do (or the printed letter's good news).
            Rectangle {
                id: messageBox
                visible: message.text !== "" && !screen.busy
                property bool scrollUnit: true
                readonly property bool good: screen.phase === "printed"
                width: parent.width
                height: message.implicitHeight + Theme.px(48)
                radius: Theme.radius
                color: good ? Theme.successSurface : Theme.dangerSurface
                border.color: good ? Theme.success : Theme.danger
                border.width: Theme.px(4)
                Text {
                    id: message
                    objectName: "pickupMessage"
                    anchors.centerIn: parent
                    width: parent.width - Theme.px(48)
                    text: screen.view.message || ""
                    wrapMode: Text.WordWrap
                    font.pixelSize: messageBox.good ? Theme.fontLarge : Theme.fontBody
                    font.bold: true
                    color: messageBox.good ? Theme.success : Theme.danger
                }
            }

            // Asking: the receipt first (scan, or type), the NIK and PIN second.
            Rectangle {
                visible: screen.phase === "ask"
                width: parent.width
                height: scanHint.implicitHeight + Theme.px(64)
                radius: Theme.radius
                color: Theme.surface
                border.color: Theme.primary
                border.width: Theme.px(4)
                Text {
                    id: scanHint
                    anchors.centerIn: parent
                    width: parent.width - Theme.px(64)
                    horizontalAlignment: Text.AlignHCenter
                    text: qsTr("Dekatkan kode QR pada struk permohonan surat ke pemindai, atau tempelkan e-KTP Anda pada pembaca kartu.")
                    wrapMode: Text.WordWrap
                    font.pixelSize: Theme.fontLarge
                    font.bold: true
                    color: Theme.primary
                }
            }
            Flow {
                id: ways
                visible: screen.phase === "ask"
                width: parent.width
                spacing: Theme.spacing
                readonly property real columnWidth: Theme.portrait ? width : (width - spacing) / 2

                Column {
                    width: ways.columnWidth
                    spacing: Theme.px(16)
                    Text {
                        width: parent.width
                        text: qsTr("Atau ketik nomor permohonan dan kode cek dari struk:")
                        wrapMode: Text.WordWrap
                        font.pixelSize: Theme.fontBody
                        color: Theme.mutedText
                    }
                    TextField {
                        id: referenceField
                        objectName: "pickupReference"
                        width: parent.width
                        height: Theme.touchTarget
                        font.pixelSize: Theme.fontLarge
                        color: Theme.text
                        placeholderTextColor: Theme.mutedText
                        background: FieldFrame { field: referenceField }
                        placeholderText: qsTr("Nomor permohonan")
                        inputMethodHints: Qt.ImhUppercaseOnly | Qt.ImhNoPredictiveText
                        onAccepted: codeField.forceActiveFocus()
                    }
                    TextField {
                        id: codeField
                        objectName: "pickupCode"
                        width: parent.width
                        height: Theme.touchTarget
                        font.pixelSize: Theme.fontLarge
                        color: Theme.text
                        placeholderTextColor: Theme.mutedText
                        background: FieldFrame { field: codeField }
                        placeholderText: qsTr("Kode cek")
                        inputMethodHints: Qt.ImhUppercaseOnly | Qt.ImhNoPredictiveText
                        onAccepted: Pickup.byReceipt(referenceField.text, codeField.text)
                    }
                    KioskButton {
                        objectName: "pickupByReceipt"
                        text: qsTr("Cari dengan struk")
                        onClicked: Pickup.byReceipt(referenceField.text, codeField.text)
                    }
                }
                Column {
                    width: ways.columnWidth
                    spacing: Theme.px(16)
                    Text {
                        width: parent.width
                        text: qsTr("Tidak membawa struk? Ketik NIK dan PIN e-KTP Anda:")
                        wrapMode: Text.WordWrap
                        font.pixelSize: Theme.fontBody
                        color: Theme.mutedText
                    }
                    TextField {
                        id: nikField
                        objectName: "pickupNik"
                        width: parent.width
                        height: Theme.touchTarget
                        font.pixelSize: Theme.fontLarge
                        color: Theme.text
                        placeholderTextColor: Theme.mutedText
                        background: FieldFrame { field: nikField }
                        placeholderText: qsTr("NIK (16 angka)")
                        maximumLength: 19
                        inputMethodHints: Qt.ImhDigitsOnly
                        onAccepted: pinField.forceActiveFocus()
                    }
                    TextField {
                        id: pinField
                        objectName: "pickupPin"
                        width: parent.width
                        height: Theme.touchTarget
                        font.pixelSize: Theme.fontLarge
                        color: Theme.text
                        placeholderTextColor: Theme.mutedText
                        background: FieldFrame { field: pinField }
                        placeholderText: qsTr("PIN e-KTP")
                        echoMode: TextInput.Password
                        maximumLength: 8
                        inputMethodHints: Qt.ImhDigitsOnly
                        onAccepted: Pickup.byNik(nikField.text, pinField.text)
                    }
                    KioskButton {
                        objectName: "pickupByNik"
                        text: qsTr("Cari dengan NIK")
                        onClicked: Pickup.byNik(nikField.text, pinField.text)
                    }
                }
            }

            // A tapped e-KTP: its masked owner, then its PIN or the date of birth central asks.
            Column {
                visible: screen.phase === "card"
                width: parent.width
                spacing: Theme.px(16)
                readonly property var card: screen.view.card || ({})
                Text {
                    width: parent.width
                    text: qsTr("Kartu atas nama: %1 (%2)").arg(parent.card.maskedName || "")
                                                           .arg(parent.card.maskedNik || "")
                    wrapMode: Text.WordWrap
                    font.pixelSize: Theme.fontLarge
                    font.bold: true
                    color: Theme.primary
                }
                Text {
                    width: parent.width
                    text: parent.card.asks === "pin"
                          ? qsTr("Ketik PIN e-KTP Anda:")
                          : qsTr("Ketik tanggal lahir Anda: 8 angka, tanggal-bulan-tahun (misalnya 12031990):")
                    wrapMode: Text.WordWrap
                    font.pixelSize: Theme.fontBody
                    color: Theme.text
                }
                TextField {
                    id: answerField
                    objectName: "pickupCardAnswer"
                    width: parent.width
                    height: Theme.touchTarget
                    font.pixelSize: Theme.fontLarge
                    color: Theme.text
                    placeholderTextColor: Theme.mutedText
                    background: FieldFrame { field: answerField }
                    placeholderText: parent.card.asks === "pin" ? qsTr("PIN e-KTP") : qsTr("Tanggal lahir")
                    echoMode: parent.card.asks === "pin" ? TextInput.Password : TextInput.Normal
                    maximumLength: 10
                    inputMethodHints: Qt.ImhDigitsOnly
                    onAccepted: Pickup.confirmCard(answerField.text)
                }
                KioskButton {
                    objectName: "pickupCardConfirm"
                    text: qsTr("Lanjut")
                    onClicked: Pickup.confirmCard(answerField.text)
                }
            }

            // Working: looking up, fetching, printing.
            BusyIndicator {
                palette.dark: Theme.primary
                visible: screen.busy
                anchors.horizontalCenter: parent.horizontalCenter
                width: Theme.px(160)
                height: width
                running: visible
            }
            Text {
                visible: screen.busy
                width: parent.width
                horizontalAlignment: Text.AlignHCenter
                text: screen.phase === "printing"
                      ? qsTr("Surat sedang dicetak. Mohon tunggu di dekat printer…")
                      : qsTr("Mencari surat Anda…")
                wrapMode: Text.WordWrap
                font.pixelSize: Theme.fontLarge
                color: Theme.text
            }

            // The citizen's letters.
            Text {
                visible: screen.phase === "list" && text !== ""
                width: parent.width
                text: (screen.view.maskedName || "") !== ""
                      ? qsTr("Atas nama: %1 (%2)").arg(screen.view.maskedName).arg(screen.view.maskedNik)
                      : ""
                wrapMode: Text.WordWrap
                font.pixelSize: Theme.fontBody
                color: Theme.text
            }
            Repeater {
                model: screen.phase === "list" ? (screen.view.letters || []) : []
                delegate: Rectangle {
                    required property var modelData
                    property bool scrollUnit: true
                    width: body.width
                    height: letterColumn.implicitHeight + Theme.px(48)
                    radius: Theme.radius
                    color: Theme.surface
                    border.color: modelData.ready ? Theme.primary : Theme.border
                    border.width: Theme.px(modelData.ready ? 4 : 2)
                    Column {
                        id: letterColumn
                        anchors.centerIn: parent
                        width: parent.width - Theme.px(48)
                        spacing: Theme.px(10)
                        Text {
                            width: parent.width
                            text: modelData.title
                            wrapMode: Text.WordWrap
                            font.pixelSize: Theme.fontLarge
                            font.bold: true
                            color: Theme.primary
                        }
                        Text {
                            width: parent.width
                            visible: modelData.number !== ""
                            text: qsTr("Nomor surat: %1").arg(modelData.number)
                            wrapMode: Text.WrapAtWordBoundaryOrAnywhere
                            font.pixelSize: Theme.fontBody
                            color: Theme.text
                        }
                        Text {
                            width: parent.width
                            text: qsTr("Status: %1").arg(modelData.stateText)
                            wrapMode: Text.WordWrap
                            font.pixelSize: Theme.fontBody
                            font.bold: true
                            color: modelData.ready ? Theme.success : Theme.text
                        }
                        Text {
                            width: parent.width
                            visible: text !== ""
                            text: modelData.note
                            wrapMode: Text.WordWrap
                            font.pixelSize: Theme.fontBody
                            color: Theme.mutedText
                        }
                        KioskButton {
                            objectName: "pickupChoose"
                            visible: modelData.ready
                            text: qsTr("Lihat dan cetak")
                            onClicked: Pickup.choose(modelData.reference)
                        }
                    }
                }
            }

            // The chosen letter: its first page beside (or above) what it is.
            Flow {
                id: previewFlow
                visible: screen.phase === "preview"
                width: parent.width
                spacing: Theme.spacing
                readonly property var letter: screen.view.preview || ({})
                // The whole page in view beside what it is: never taller than the screen's room.
                readonly property real pageWidth: Math.min(width * 0.5,
                                                           (scroller.height - Theme.px(8)) / 1.414)
                Rectangle {
                    width: previewFlow.pageWidth
                    height: width * 1.414
                    color: "white"
                    border.color: Theme.border
                    border.width: Theme.px(2)
                    Image {
                        id: page
                        objectName: "pickupPreview"
                        anchors.fill: parent
                        anchors.margins: Theme.px(2)
                        source: previewFlow.letter.image || ""
                        sourceSize.width: width
                        fillMode: Image.PreserveAspectFit
                        cache: false
                    }
                    Text {
                        visible: page.status !== Image.Ready
                        anchors.centerIn: parent
                        width: parent.width - Theme.px(32)
                        horizontalAlignment: Text.AlignHCenter
                        text: qsTr("Pratinjau tidak tersedia")
                        wrapMode: Text.WordWrap
                        font.pixelSize: Theme.fontBody
                        color: "#46515C"
                    }
                }
                Column {
                    width: previewFlow.width - previewFlow.pageWidth - previewFlow.spacing
                    spacing: Theme.px(16)
                    Text {
                        width: parent.width
                        text: previewFlow.letter.title || ""
                        wrapMode: Text.WordWrap
                        font.pixelSize: Theme.fontLarge
                        font.bold: true
                        color: Theme.primary
                    }
                    Text {
                        width: parent.width
                        text: qsTr("Nomor surat: %1").arg(previewFlow.letter.number || "")
                        wrapMode: Text.WrapAtWordBoundaryOrAnywhere
                        font.pixelSize: Theme.fontBody
                        color: Theme.text
                    }
                    Text {
                        width: parent.width
                        text: qsTr("Halaman A4: %1").arg(previewFlow.letter.pages || 1)
                        font.pixelSize: Theme.fontBody
                        color: Theme.text
                    }
                    Text {
                        width: parent.width
                        text: qsTr("Sisa cetak yang diizinkan desa: %1").arg(previewFlow.letter.copiesLeft || 0)
                        wrapMode: Text.WordWrap
                        font.pixelSize: Theme.fontBody
                        font.bold: true
                        color: Theme.text
                    }
                    KioskButton {
                        objectName: "pickupPrint"
                        text: qsTr("Cetak Surat")
                        onClicked: Pickup.print()
                    }
                }
            }
        }
    }

    ScrollCue {
        id: cue
        active: !keyboard.active
        flickable: scroller
        containers: [body]
        room: footer.y - Theme.spacing - scroller.y
        anchors.left: heading.left
        anchors.right: heading.right
        anchors.bottom: footer.top
        anchors.bottomMargin: Theme.spacing
    }

    KioskKeyboard { id: keyboard }

    component FieldFrame: Rectangle {
        required property Item field
        radius: Theme.radius
        color: Theme.surface
        border.color: field.activeFocus ? Theme.primary : Theme.border
        border.width: Theme.px(4)
    }

    Flow {
        id: footer
        anchors.bottom: parent.bottom
        anchors.bottomMargin: Theme.margin
        anchors.left: heading.left
        anchors.right: heading.right
        spacing: Theme.spacing
        KioskButton {
            objectName: "pickupAgain"
            visible: ["problem", "list", "preview", "card"].indexOf(screen.phase) >= 0
            text: qsTr("Cari surat lain")
            primary: screen.phase === "problem"
            onClicked: Pickup.again()
        }
        KioskButton {
            objectName: "pickupBack"
            visible: screen.phase === "ask"
            primary: false
            text: qsTr("Kembali")
            onClicked: Session.back()
        }
        KioskButton {
            objectName: "pickupDone"
            visible: !screen.busy
            primary: screen.phase === "printed"
            text: qsTr("Selesai")
            onClicked: Session.end()
        }
    }
}
