import QtQuick
import QtQuick.Controls.Basic
import KioskBackend

// The number, where to go, and the QR. If the receipt did not print, say so plainly and why,
// show what the receipt would have carried (the reference and its check code, large, and the
// QR to photograph), offer "Cetak ulang" once the printer can print, and say how to reach an
// officer; there is no short countdown then (the idle warning still protects the next citizen).
Item {
    id: screen
    objectName: "doneScreen"
    readonly property bool printed: Session.outcome.printed === true
    ScreenHeader { id: header; showLanguage: false }

    // Scrolls rather than overlapping the footer when large text makes it taller.
    Flickable {
        id: scroller
        anchors.top: header.bottom
        anchors.topMargin: Theme.portrait ? Theme.margin : Theme.spacing
        anchors.bottom: cue.visible ? cue.top : footer.top
        anchors.bottomMargin: cue.visible ? cue.spacing : Theme.spacing
        anchors.horizontalCenter: parent.horizontalCenter
        width: parent.width - Theme.margin * 2
        contentHeight: body.height
        clip: true
        boundsBehavior: Flickable.StopAtBounds
        ScrollIndicator.vertical: ScrollIndicator { active: true }

        Flow {
            id: body
            width: scroller.width
            spacing: Theme.portrait ? Theme.spacing : Theme.margin

            Column {
                id: numberColumn
                width: Theme.portrait ? body.width : body.width * 0.55
                spacing: screen.printed ? Theme.spacing : Theme.px(16)
                Text {
                    width: parent.width
                    horizontalAlignment: Text.AlignHCenter
                    text: Session.outcome.heading || qsTr("Nomor antrian Anda")
                    wrapMode: Text.WordWrap
                    // A landscape screen is short: the number and what comes next get it.
                    font.pixelSize: Theme.portrait ? Theme.fontTitle : Theme.fontLarge
                    font.bold: true
                    color: Theme.text
                }
                Rectangle {
                    property bool scrollUnit: true
                    width: parent.width
                    height: number.implicitHeight + Theme.px(screen.printed ? 60 : 24)
                    radius: Theme.radius
                    color: Theme.primary
                    Text {
                        id: number
                        objectName: "doneNumber"
                        anchors.centerIn: parent
                        width: parent.width - Theme.px(40)
                        horizontalAlignment: Text.AlignHCenter
                        text: Session.outcome.number || ""
                        fontSizeMode: Text.HorizontalFit
                        minimumPixelSize: Theme.fontTitle
                        // Without a receipt, the reference and its check code need the room.
                        font.pixelSize: Math.round(Theme.fontHuge
                                                   * (Theme.portrait ? 1 : 0.7) * (screen.printed ? 1 : 0.7))
                        font.bold: true
                        color: Theme.textOnPrimary
                    }
                }
                // A queue ticket: how many wait before it and for how long (or that this
                // cannot be counted now, when the kiosk numbered it offline).
                Text {
                    objectName: "donePlace"
                    visible: text !== ""
                    width: parent.width
                    horizontalAlignment: Text.AlignHCenter
                    text: Session.outcome.place || ""
                    wrapMode: Text.WordWrap
                    font.pixelSize: Theme.fontBody
                    font.bold: Session.outcome.placeCounted === true
                    color: Session.outcome.placeCounted ? Theme.text : Theme.mutedText
                }
                Text {
                    width: parent.width
                    horizontalAlignment: Text.AlignHCenter
                    text: Session.outcome.counter || ""
                    wrapMode: Text.WordWrap
                    font.pixelSize: Theme.fontLarge
                    font.bold: true
                    color: Theme.primary
                }
                Text {
                    width: parent.width
                    horizontalAlignment: Text.AlignHCenter
                    text: Session.outcome.location || ""
                    wrapMode: Text.WordWrap
                    font.pixelSize: Theme.fontBody
                    color: Theme.mutedText
                }
                // What to do next: under the number on a portrait screen, beside it (above
                // the QR) on a landscape one, where the left column has no room for it; why
                // the receipt did not print, always here.
                Loader {
                    width: parent.width
                    active: Theme.portrait || !screen.printed
                    visible: active
                    sourceComponent: printStatus
                }
                Text {
                    objectName: "doneReprintHint"
                    visible: !screen.printed && text !== ""
                    width: parent.width
                    horizontalAlignment: Text.AlignHCenter
                    text: Session.outcome.reprinting ? ""
                        : !Session.printerReady ? qsTr("Cetak ulang bisa dilakukan setelah printer siap kembali.")
                        : Session.outcome.reprintFailed ? qsTr("Cetak ulang belum berhasil. Coba sekali lagi, atau minta bantuan petugas.")
                        : ""
                    wrapMode: Text.WordWrap
                    font.pixelSize: Theme.fontSmall
                    color: Theme.danger
                }
                Text {
                    objectName: "doneOfficer"
                    visible: !screen.printed
                    width: parent.width
                    horizontalAlignment: Text.AlignHCenter
                    text: qsTr("Petugas: %1").arg(Session.officer)
                    wrapMode: Text.WordWrap
                    font.pixelSize: Theme.fontBody
                    font.bold: true
                    color: Theme.text
                }
                // What the receipt would have said comes next, when it did not print.
                Text {
                    objectName: "doneNextSteps"
                    visible: !screen.printed && text !== ""
                    width: parent.width
                    horizontalAlignment: Text.AlignHCenter
                    text: Session.outcome.nextSteps || ""
                    wrapMode: Text.WordWrap
                    font.pixelSize: Theme.fontBody
                    color: Theme.text
                }
            }
            Column {
                id: codeColumn
                width: Theme.portrait ? body.width : body.width * 0.45 - Theme.margin
                spacing: Theme.px(12)
                Loader {
                    width: parent.width
                    active: !Theme.portrait && screen.printed
                    visible: active
                    sourceComponent: printStatus
                }
                // Without a receipt: the reference and the check code first, for copying
                // by hand (groups of four, no look-alikes), then the QR to photograph.
                Text {
                    objectName: "doneReference"
                    visible: !screen.printed
                    width: parent.width
                    horizontalAlignment: Text.AlignHCenter
                    text: qsTr("Nomor permohonan: %1").arg(Session.outcome.reference || "")
                    wrapMode: Text.WrapAtWordBoundaryOrAnywhere
                    font.pixelSize: Theme.fontBody
                    font.bold: true
                    color: Theme.text
                }
                // The code on a line of its own, never broken: it shrinks a little instead.
                Rectangle {
                    property bool scrollUnit: true
                    visible: !screen.printed
                    width: parent.width
                    height: visible ? codeColumnText.implicitHeight + Theme.px(24) : 0
                    radius: Theme.radius
                    color: Theme.surface
                    border.color: Theme.primary
                    border.width: Theme.px(3)
                    Column {
                        id: codeColumnText
                        anchors.centerIn: parent
                        width: parent.width - Theme.px(24)
                        Text {
                            width: parent.width
                            horizontalAlignment: Text.AlignHCenter
                            text: qsTr("Kode cek")
                            font.pixelSize: Theme.fontBody
                            font.bold: true
                            color: Theme.text
                        }
                        Text {
                            objectName: "doneCheckCode"
                            width: parent.width
                            horizontalAlignment: Text.AlignHCenter
                            text: Session.outcome.checkCode || ""
                            fontSizeMode: Text.HorizontalFit
                            minimumPixelSize: Theme.fontBody
                            font.pixelSize: Theme.fontTitle
                            font.bold: true
                            font.family: "DejaVu Sans Mono"
                            color: Theme.primary
                        }
                    }
                }
                Image {
                    objectName: "doneQr"
                    anchors.horizontalCenter: parent.horizontalCenter
                    width: Theme.px(Theme.portrait ? (screen.printed ? 360 : 300) : 240); height: width
                    sourceSize: Qt.size(width, height)
                    source: Session.outcome.qrSource || ""
                    smooth: false
                }
                Text {
                    objectName: "doneReference"
                    visible: screen.printed
                    width: parent.width
                    horizontalAlignment: Text.AlignHCenter
                    text: Session.outcome.reference || ""
                    wrapMode: Text.WrapAtWordBoundaryOrAnywhere
                    font.pixelSize: Theme.fontSmall
                    font.bold: true
                    color: Theme.text
                }
                Text {
                    width: parent.width
                    horizontalAlignment: Text.AlignHCenter
                    text: screen.printed ? qsTr("Pindai kode ini di anjungan untuk melihat status.")
                                         : qsTr("Foto layar ini, atau catat nomor dan kode cek ini: dengan keduanya Anda bisa cek status di anjungan.")
                    wrapMode: Text.WordWrap
                    font.pixelSize: Theme.fontSmall
                    color: Theme.mutedText
                }
            }
        }
    }

    Component {
        id: printStatus
        Rectangle {
            objectName: "printStatus"
            width: parent ? parent.width : 0
            height: printColumn.implicitHeight + Theme.px(32)
            radius: Theme.radius
            color: screen.printed ? Theme.successSurface : Theme.dangerSurface
            border.color: screen.printed ? Theme.success : Theme.danger
            border.width: Theme.px(3)
            Column {
                id: printColumn
                anchors.centerIn: parent
                width: parent.width - Theme.px(48)
                spacing: Theme.px(8)
                Text {
                    objectName: "printStatusText"
                    width: parent.width
                    horizontalAlignment: Text.AlignHCenter
                    text: screen.printed
                          ? (Session.outcome.nextSteps
                             || qsTr("Silakan ambil struk Anda di bawah layar, lalu tunggu nomor Anda dipanggil."))
                          : qsTr("Struk tidak tercetak. %1").arg(Session.outcome.printFailure || "")
                    wrapMode: Text.WordWrap
                    font.pixelSize: Theme.fontBody
                    font.bold: true
                    color: screen.printed ? Theme.success : Theme.danger
                }
                Text {
                    visible: !screen.printed
                    width: parent.width
                    horizontalAlignment: Text.AlignHCenter
                    text: Session.outcome.flow === "queue_ticket"
                          ? qsTr("Nomor antrian Anda tetap berlaku. Ingat atau foto nomor ini.")
                          : qsTr("Permohonan Anda tetap tercatat dan dikirim ke kantor.")
                    wrapMode: Text.WordWrap
                    font.pixelSize: Theme.fontBody
                    color: Theme.danger
                }
            }
        }
    }

    ScrollCue {
        id: cue
        flickable: scroller
        containers: [numberColumn, codeColumn]
        room: footer.y - Theme.spacing - scroller.y
        anchors.left: scroller.left
        anchors.right: scroller.right
        anchors.bottom: footer.top
        anchors.bottomMargin: Theme.spacing
    }

    // "Selesai" with the countdown under it on a portrait screen, beside it on a landscape
    // one; without a receipt, "Cetak ulang" beside "Selesai" and no countdown.
    Grid {
        id: footer
        anchors.bottom: parent.bottom
        anchors.bottomMargin: Theme.margin
        anchors.horizontalCenter: parent.horizontalCenter
        columns: Theme.portrait && screen.printed ? 1 : 2
        spacing: Theme.portrait && screen.printed ? Theme.px(12) : Theme.spacing
        horizontalItemAlignment: Grid.AlignHCenter
        verticalItemAlignment: Grid.AlignVCenter
        KioskButton {
            objectName: "doneReprint"
            visible: !screen.printed
            enabled: Session.printerReady && !Session.outcome.reprinting
            text: Session.outcome.reprinting ? qsTr("Sedang mencetak ulang…") : qsTr("Cetak ulang")
            onClicked: Session.reprint()
        }
        KioskButton {
            objectName: "doneFinish"
            primary: screen.printed
            text: qsTr("Selesai")
            onClicked: Session.end()
        }
        Text {
            objectName: "doneCountdown"
            visible: screen.printed && Session.secondsLeft > 0
            text: qsTr("Kembali ke layar awal dalam %1 detik").arg(Session.secondsLeft)
            font.pixelSize: Theme.fontSmall
            color: Theme.mutedText
        }
    }
}
