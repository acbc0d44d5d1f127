import QtQuick
import QtQuick.Controls.Basic
import KioskBackend

// Cek Status Permohonan: scan the receipt's QR, or type its number and check code.
Item {
    id: screen
    objectName: "statusCheckScreen"

    ScreenHeader { id: header }

    Text {
        id: heading
        anchors.top: header.bottom
        anchors.topMargin: Theme.margin
        anchors.left: parent.left
        anchors.leftMargin: Theme.margin
        anchors.right: parent.right
        anchors.rightMargin: Theme.margin
        text: qsTr("Cek Status Permohonan")
        wrapMode: Text.WordWrap
        font.pixelSize: Theme.fontTitle
        font.bold: true
        color: Theme.text
    }

    Flickable {
        anchors.top: heading.bottom
        anchors.topMargin: Theme.spacing
        anchors.bottom: keyboard.active ? keyboard.top : footer.top
        anchors.bottomMargin: Theme.spacing
        anchors.left: heading.left
        anchors.right: heading.right
        contentHeight: body.height
        clip: true
        boundsBehavior: Flickable.StopAtBounds

        Column {
            id: body
            width: parent.width
            spacing: Theme.spacing

            // Asking: scan first, typing second.
            Rectangle {
                visible: Status.phase === "ask"
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
                    text: qsTr("Dekatkan kode QR pada struk Anda ke pemindai di bawah layar.")
                    wrapMode: Text.WordWrap
                    font.pixelSize: Theme.fontLarge
                    font.bold: true
                    color: Theme.primary
                }
            }
            Text {
                visible: Status.phase === "ask"
                width: parent.width
                text: qsTr("Atau ketik nomor permohonan dan kode cek yang tercetak pada struk:")
                wrapMode: Text.WordWrap
                font.pixelSize: Theme.fontBody
                color: Theme.mutedText
            }
            TextField {
                id: referenceField
                objectName: "statusReference"
                visible: Status.phase === "ask"
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
                objectName: "statusCode"
                visible: Status.phase === "ask"
                width: parent.width
                height: Theme.touchTarget
                font.pixelSize: Theme.fontLarge
                color: Theme.text
                placeholderTextColor: Theme.mutedText
                background: FieldFrame { field: codeField }
                placeholderText: qsTr("Kode cek (10 huruf/angka)")
                inputMethodHints: Qt.ImhUppercaseOnly | Qt.ImhNoPredictiveText
                onAccepted: Status.check(referenceField.text, codeField.text)
            }
            Text {
                objectName: "statusMessage"
                visible: text !== "" && Status.phase !== "checking"
                width: parent.width
                text: Status.answer.message || ""
                wrapMode: Text.WordWrap
                font.pixelSize: Theme.fontLarge
                // Only a request that cannot be found or checked is a problem.
                color: Status.answer.result === "queued_here" ? Theme.text : Theme.danger
            }
            KioskButton {
                objectName: "statusCheck"
                visible: Status.phase === "ask"
                text: qsTr("Cek Status")
                onClicked: Status.check(referenceField.text, codeField.text)
            }

            // Checking.
            BusyIndicator {
                // The Basic style draws its dots in palette.dark (near black): use Theme, or they vanish in high contrast.
                palette.dark: Theme.primary
                visible: Status.phase === "checking"
                anchors.horizontalCenter: parent.horizontalCenter
                width: Theme.px(160)
                height: width
                running: visible
            }
            Text {
                visible: Status.phase === "checking"
                width: parent.width
                horizontalAlignment: Text.AlignHCenter
                text: qsTr("Memeriksa status…")
                font.pixelSize: Theme.fontLarge
                color: Theme.text
            }

            // The answer.
            Rectangle {
                visible: Status.phase === "answer" && Status.answer.found === true
                width: parent.width
                height: answerColumn.implicitHeight + Theme.px(64)
                radius: Theme.radius
                color: Theme.surface
                border.color: Theme.primary
                border.width: Theme.px(4)
                Column {
                    id: answerColumn
                    anchors.centerIn: parent
                    width: parent.width - Theme.px(64)
                    spacing: Theme.px(16)
                    Text {
                        objectName: "statusStateText"
                        width: parent.width
                        text: Status.answer.stateText || ""
                        wrapMode: Text.WordWrap
                        font.pixelSize: Theme.fontTitle
                        font.bold: true
                        color: Theme.success
                    }
                    Text {
                        width: parent.width
                        text: qsTr("Nomor: %1").arg(Status.answer.reference || "")
                        wrapMode: Text.WrapAnywhere
                        font.pixelSize: Theme.fontBody
                        color: Theme.text
                    }
                    Text {
                        width: parent.width
                        visible: (Status.answer.maskedName || "") !== ""
                        text: qsTr("Atas nama: %1 (%2)").arg(Status.answer.maskedName || "")
                                                          .arg(Status.answer.maskedNik || "")
                        wrapMode: Text.WordWrap
                        font.pixelSize: Theme.fontBody
                        color: Theme.text
                    }
                    Text {
                        width: parent.width
                        text: qsTr("Diajukan: %1").arg(Status.answer.createdAt || "")
                        font.pixelSize: Theme.fontBody
                        color: Theme.mutedText
                    }
                    Text {
                        width: parent.width
                        text: qsTr("Diperbarui: %1").arg(Status.answer.updatedAt || "")
                        font.pixelSize: Theme.fontBody
                        color: Theme.mutedText
                    }
                }
            }
            KioskButton {
                objectName: "statusAgain"
                visible: Status.phase === "answer"
                primary: false
                text: qsTr("Cek permohonan lain")
                onClicked: Status.again()
            }
        }
    }

    KioskKeyboard { id: keyboard }

    // The same frame as the form's text boxes, in Theme colours (the Basic style's is white).
    component FieldFrame: Rectangle {
        required property Item field
        radius: Theme.radius
        color: Theme.surface
        border.color: field.activeFocus ? Theme.primary : Theme.border
        border.width: Theme.px(4)
    }

    Row {
        id: footer
        anchors.bottom: parent.bottom
        anchors.bottomMargin: Theme.margin
        anchors.left: heading.left
        spacing: Theme.spacing
        KioskButton {
            objectName: "statusBack"
            primary: false
            text: qsTr("Kembali")
            onClicked: Session.back()
        }
        KioskButton {
            objectName: "statusDone"
            primary: false
            text: qsTr("Selesai")
            onClicked: Session.end()
        }
    }
}
