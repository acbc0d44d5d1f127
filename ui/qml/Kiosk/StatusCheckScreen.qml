import QtQuick
import QtQuick.Controls.Basic
import KioskBackend

// Cek Status Permohonan: scan the receipt's QR, or type its number and check code. The answer
// says which service it is, where the request is on its way (the steps), what happens next
// and what the office wrote; a queue ticket shows its number, counter and whether it was called.
Item {
    id: screen
    objectName: "statusCheckScreen"
    readonly property var answer: Status.answer
    readonly property bool found: Status.phase === "answer" && answer.found === true
    readonly property bool ticket: found && (answer.ticketNumber || "") !== ""

    ScreenHeader { id: header }

    Text {
        id: heading
        anchors.top: header.bottom
        anchors.topMargin: Theme.portrait ? Theme.margin : Theme.spacing
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
            // A landscape answer is short of height: its parts sit closer.
            spacing: screen.found && !Theme.portrait ? Theme.px(16) : Theme.spacing

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
                text: qsTr("Atau ketik nomor permohonan dan kode cek yang tercetak di bawah QR pada struk:")
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
                placeholderText: qsTr("Kode cek, misalnya 1WK6-5CVV-MRC")
                inputMethodHints: Qt.ImhUppercaseOnly | Qt.ImhNoPredictiveText
                onAccepted: Status.check(referenceField.text, codeField.text)
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

            // Which request: the service and the reference, even when it is not on central yet.
            Text {
                objectName: "statusService"
                // Landscape: beside the status, above the steps (stepsBlock).
                visible: Status.phase === "answer" && text !== "" && (Theme.portrait || !screen.found)
                width: parent.width
                text: screen.answer.serviceTitle || ""
                wrapMode: Text.WordWrap
                font.pixelSize: Theme.fontLarge
                font.bold: true
                color: Theme.primary
            }
            // Not found, offline, or still on its way from this kiosk.
            Rectangle {
                visible: message.text !== "" && Status.phase !== "checking"
                property bool scrollUnit: true  // covered whole, never shown cut
                width: parent.width
                height: message.implicitHeight + Theme.px(48)
                radius: Theme.radius
                // Only a request that cannot be found or checked is a problem.
                readonly property bool problem: screen.answer.result !== "queued_here"
                color: problem ? Theme.dangerSurface : Theme.surface
                border.color: problem ? Theme.danger : Theme.primary
                border.width: Theme.px(3)
                Text {
                    id: message
                    objectName: "statusMessage"
                    anchors.centerIn: parent
                    width: parent.width - Theme.px(48)
                    text: screen.answer.message || ""
                    wrapMode: Text.WordWrap
                    font.pixelSize: Theme.fontBody
                    font.bold: true
                    color: parent.problem ? Theme.danger : Theme.text
                }
            }

            Text {
                objectName: "statusAskedReference"
                visible: Status.phase === "answer" && !screen.found && text !== ""
                width: parent.width
                text: screen.answer.reference ? qsTr("Nomor permohonan: %1").arg(screen.answer.reference) : ""
                wrapMode: Text.WrapAtWordBoundaryOrAnywhere
                font.pixelSize: Theme.fontBody
                color: Theme.text
            }

            // The answer: which request it is (and, on a portrait screen, where it is on its
            // way) in one column, what happens next and what the office wrote (then the dates)
            // in the other; one under the other on a portrait screen.
            Loader {
                active: screen.found && !Theme.portrait
                visible: active
                width: parent.width
                sourceComponent: stepsBlock
            }
            Flow {
                id: answerFlow
                visible: screen.found
                width: parent.width
                spacing: Theme.spacing
                // Landscape: what happens next and the office's message on the left, where
                // the eye goes first under the steps; which request it is on the right.
                layoutDirection: Theme.portrait ? Qt.LeftToRight : Qt.RightToLeft
                readonly property real columnWidth: Theme.portrait ? width : (width - spacing) / 2

                Column {
                    id: facts
                    width: answerFlow.columnWidth
                    spacing: Theme.px(16)
                    // A queue ticket: its number, large, and its counter.
                    Rectangle {
                        visible: screen.ticket
                        width: parent.width
                        height: visible ? ticketNumber.implicitHeight + Theme.px(40) : 0
                        radius: Theme.radius
                        color: Theme.primary
                        Text {
                            id: ticketNumber
                            objectName: "statusTicketNumber"
                            anchors.centerIn: parent
                            text: screen.answer.ticketNumber || ""
                            font.pixelSize: Math.round(Theme.fontHuge * 0.6)
                            font.bold: true
                            color: Theme.textOnPrimary
                        }
                    }
                    Text {
                        visible: screen.ticket && text !== ""
                        width: parent.width
                        text: screen.answer.ticketCounter || ""
                        wrapMode: Text.WordWrap
                        font.pixelSize: Theme.fontLarge
                        font.bold: true
                        color: Theme.primary
                    }
                    // How many wait before it, or the desk that called it (central 1.3).
                    Text {
                        objectName: "statusTicketPlace"
                        visible: screen.ticket && text !== ""
                        width: parent.width
                        text: screen.answer.ticketPlace || ""
                        wrapMode: Text.WordWrap
                        font.pixelSize: Theme.fontLarge
                        font.bold: true
                        color: Theme.text
                    }
                    Text {
                        visible: screen.ticket && text !== ""
                        width: parent.width
                        text: screen.answer.ticketLocation || ""
                        wrapMode: Text.WordWrap
                        font.pixelSize: Theme.fontBody
                        color: Theme.mutedText
                    }
                    Text {
                        objectName: "statusReferenceText"
                        width: parent.width
                        text: qsTr("Nomor permohonan: %1").arg(screen.answer.reference || "")
                        wrapMode: Text.WrapAtWordBoundaryOrAnywhere
                        font.pixelSize: Theme.fontBody
                        color: Theme.text
                    }
                    Text {
                        width: parent.width
                        visible: (screen.answer.maskedName || "") !== ""
                        text: qsTr("Atas nama: %1 (%2)").arg(screen.answer.maskedName || "")
                                                          .arg(screen.answer.maskedNik || "")
                        wrapMode: Text.WordWrap
                        font.pixelSize: Theme.fontBody
                        color: Theme.text
                    }
                    // One under the other on a portrait screen (side by side above both
                    // columns on a landscape one).
                    Loader {
                        active: Theme.portrait
                        visible: active
                        width: parent.width
                        sourceComponent: stepsBlock
                    }
                }

                Column {
                    id: progress
                    width: answerFlow.columnWidth
                    spacing: Theme.px(16)
                    // What the office wrote (what to fix, why it was refused, the answer): first,
                    // then what happens next.
                    Rectangle {
                        id: officeBox
                        property bool scrollUnit: true  // covered whole, never shown cut
                        visible: (screen.answer.officeMessage || "") !== ""
                        width: parent.width
                        height: visible ? officeColumn.implicitHeight + Theme.px(40) : 0
                        radius: Theme.radius
                        readonly property bool problem: screen.answer.state === "needs_correction"
                                                        || screen.answer.state === "rejected"
                        color: problem ? Theme.dangerSurface : Theme.surface
                        border.color: problem ? Theme.danger : Theme.primary
                        border.width: Theme.px(3)
                        Column {
                            id: officeColumn
                            anchors.centerIn: parent
                            width: parent.width - Theme.px(40)
                            spacing: Theme.px(8)
                            Text {
                                width: parent.width
                                text: screen.answer.messageHeading || ""
                                wrapMode: Text.WordWrap
                                font.pixelSize: Theme.fontBody
                                font.bold: true
                                color: officeBox.problem ? Theme.danger : Theme.primary
                            }
                            Text {
                                objectName: "statusOfficeMessage"
                                width: parent.width
                                text: screen.answer.officeMessage || ""
                                wrapMode: Text.WordWrap
                                font.pixelSize: Theme.fontBody
                                color: officeBox.problem ? Theme.danger : Theme.text
                            }
                        }
                    }
                    Rectangle {
                        visible: (screen.answer.next || "") !== ""
                        property bool scrollUnit: true  // covered whole, never shown cut
                        width: parent.width
                        height: visible ? nextColumn.implicitHeight + Theme.px(40) : 0
                        radius: Theme.radius
                        color: Theme.surface
                        border.color: Theme.primary
                        border.width: Theme.px(3)
                        Column {
                            id: nextColumn
                            anchors.centerIn: parent
                            width: parent.width - Theme.px(40)
                            spacing: Theme.px(8)
                            Text {
                                width: parent.width
                                text: qsTr("Selanjutnya:")
                                font.pixelSize: Theme.fontBody
                                font.bold: true
                                color: Theme.primary
                            }
                            Text {
                                objectName: "statusNext"
                                width: parent.width
                                text: screen.answer.next || ""
                                wrapMode: Text.WordWrap
                                font.pixelSize: Theme.fontBody
                                color: Theme.text
                            }
                        }
                    }
                    Text {
                        width: parent.width
                        text: qsTr("Diajukan: %1").arg(screen.answer.createdAt || "")
                        font.pixelSize: Theme.fontBody
                        color: Theme.mutedText
                    }
                    Text {
                        width: parent.width
                        text: qsTr("Diperbarui: %1").arg(screen.answer.updatedAt || "")
                        font.pixelSize: Theme.fontBody
                        color: Theme.mutedText
                    }
                    Text {
                        objectName: "statusReceipt"
                        visible: text !== ""
                        width: parent.width
                        text: screen.answer.receiptText || ""
                        wrapMode: Text.WordWrap
                        font.pixelSize: Theme.fontBody
                        color: Theme.danger
                    }
                }
            }
        }
    }

    ScrollCue {
        id: cue
        active: !keyboard.active
        flickable: scroller
        // The answer's two columns side by side each get their own cover.
        containers: screen.found && !Theme.portrait ? [facts, progress] : [body]
        room: footer.y - Theme.spacing - scroller.y
        anchors.left: heading.left
        anchors.right: heading.right
        anchors.bottom: footer.top
        anchors.bottomMargin: Theme.spacing
    }

    // The status in words and the steps of its kind, the one it is at marked.
    Component {
        id: stepsBlock
        Column {
            id: block
            readonly property var steps: screen.found ? (screen.answer.steps || []) : []
            spacing: Theme.px(12)
            Flow {
                width: parent.width
                spacing: Theme.spacing
                Text {
                    objectName: "statusService"
                    visible: !Theme.portrait
                    width: Math.min(implicitWidth, parent.width)
                    text: screen.answer.serviceTitle || ""
                    wrapMode: Text.WordWrap
                    font.pixelSize: Theme.fontLarge
                    font.bold: true
                    color: Theme.primary
                }
                Text {
                    objectName: "statusStateText"
                    width: Math.min(implicitWidth, parent.width)
                    text: qsTr("Status: %1").arg(screen.answer.stateText || "")
                    wrapMode: Text.WordWrap
                    font.pixelSize: Theme.fontLarge
                    font.bold: true
                    color: Theme.text
                }
            }
            Grid {
                objectName: "statusSteps"
                width: parent.width
                columns: Theme.portrait ? 1 : Math.max(1, block.steps.length)
                Repeater {
                    model: block.steps
                    delegate: StatusStep {
                        required property var modelData
                        required property int index
                        width: Theme.portrait ? block.width : block.width / block.steps.length
                        horizontal: !Theme.portrait
                        label: modelData.label
                        mark: modelData.mark
                        number: index + 1
                        last: index === block.steps.length - 1
                    }
                }
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

    // Wraps rather than running off the screen in large text.
    Flow {
        id: footer
        anchors.bottom: parent.bottom
        anchors.bottomMargin: Theme.margin
        anchors.left: heading.left
        anchors.right: heading.right
        spacing: Theme.spacing
        KioskButton {
            objectName: "statusAgain"
            visible: Status.phase === "answer"
            text: qsTr("Cek permohonan lain")
            onClicked: Status.again()
        }
        KioskButton {
            objectName: "statusBack"
            visible: Status.phase !== "answer"
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
