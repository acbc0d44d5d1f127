import QtQuick
import QtQuick.Controls.Basic
import KioskBackend

// The number, where to go, and the QR; if the receipt did not print, say so plainly.
Item {
    objectName: "doneScreen"
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
            spacing: Theme.margin

            Column {
                id: numberColumn
                width: Theme.portrait ? body.width : body.width * 0.55
                spacing: Theme.spacing
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
                    height: number.implicitHeight + Theme.px(60)
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
                        font.pixelSize: Theme.portrait ? Theme.fontHuge : Math.round(Theme.fontHuge * 0.7)
                        font.bold: true
                        color: Theme.textOnPrimary
                    }
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
                // the QR) on a landscape one, where the left column has no room for it.
                Loader {
                    width: parent.width
                    active: Theme.portrait
                    visible: active
                    sourceComponent: printStatus
                }
            }
            Column {
                id: codeColumn
                width: Theme.portrait ? body.width : body.width * 0.45 - Theme.margin
                spacing: Theme.px(12)
                Loader {
                    width: parent.width
                    active: !Theme.portrait
                    visible: active
                    sourceComponent: printStatus
                }
                Image {
                    objectName: "doneQr"
                    anchors.horizontalCenter: parent.horizontalCenter
                    width: Theme.px(Theme.portrait ? 360 : 260); height: width
                    sourceSize: Qt.size(width, height)
                    source: Session.outcome.qrSource || ""
                    smooth: false
                }
                Text {
                    objectName: "doneReference"
                    width: parent.width
                    horizontalAlignment: Text.AlignHCenter
                    text: Session.outcome.reference || ""
                    font.pixelSize: Theme.fontSmall
                    font.bold: true
                    color: Theme.text
                }
                Text {
                    width: parent.width
                    horizontalAlignment: Text.AlignHCenter
                    text: qsTr("Pindai kode ini di anjungan untuk melihat status.")
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
            height: printText.implicitHeight + Theme.px(48)
            radius: Theme.radius
            color: Session.outcome.printed ? Theme.successSurface : Theme.dangerSurface
            border.color: Session.outcome.printed ? Theme.success : Theme.danger
            border.width: Theme.px(3)
            Text {
                id: printText
                anchors.centerIn: parent
                width: parent.width - Theme.px(48)
                horizontalAlignment: Text.AlignHCenter
                text: Session.outcome.printed
                      ? (Session.outcome.nextSteps
                         || qsTr("Silakan ambil struk Anda di bawah layar, lalu tunggu nomor Anda dipanggil."))
                      : qsTr("Struk belum tercetak. Catat atau foto nomor ini, lalu tunjukkan kepada petugas.")
                wrapMode: Text.WordWrap
                font.pixelSize: Theme.fontBody
                font.bold: true
                color: Session.outcome.printed ? Theme.success : Theme.danger
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

    // The countdown under the button on a portrait screen, beside it on a landscape one.
    Grid {
        id: footer
        anchors.bottom: parent.bottom
        anchors.bottomMargin: Theme.margin
        anchors.horizontalCenter: parent.horizontalCenter
        columns: Theme.portrait ? 1 : 2
        spacing: Theme.portrait ? Theme.px(12) : Theme.spacing
        horizontalItemAlignment: Grid.AlignHCenter
        verticalItemAlignment: Grid.AlignVCenter
        KioskButton {
            objectName: "doneFinish"
            text: qsTr("Selesai")
            onClicked: Session.end()
        }
        Text {
            text: qsTr("Kembali ke layar awal dalam %1 detik").arg(Session.secondsLeft)
            font.pixelSize: Theme.fontSmall
            color: Theme.mutedText
        }
    }
}
