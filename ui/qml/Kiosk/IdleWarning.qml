import QtQuick
import KioskBackend

// Asks whether the citizen is still there, with at least 20 seconds to answer (WCAG 2.2.1):
// the seconds count down in large figures, and ending says it erases what was entered.
Rectangle {
    objectName: "idleWarning"
    color: Theme.scrim
    MouseArea {
        anchors.fill: parent
        onClicked: Session.resume()
    }
    Rectangle {
        anchors.centerIn: parent
        width: Math.min(parent.width - Theme.margin * 2, Theme.px(1000))
        height: column.implicitHeight + Theme.margin * 2
        radius: Theme.radius
        color: Theme.surface
        // A thick frame so the question stands out from the dimmed screen in both palettes.
        border.color: Theme.primary
        border.width: Theme.px(6)
        Column {
            id: column
            anchors.centerIn: parent
            width: parent.width - Theme.margin * 2
            spacing: Theme.spacing
            Text {
                width: parent.width
                horizontalAlignment: Text.AlignHCenter
                text: qsTr("Apakah Anda masih di sini?")
                wrapMode: Text.WordWrap
                font.pixelSize: Theme.fontTitle
                font.bold: true
                color: Theme.text
            }
            // The seconds left, large enough to read from a step back.
            Rectangle {
                objectName: "idleSeconds"
                anchors.horizontalCenter: parent.horizontalCenter
                width: Math.max(secondsColumn.implicitWidth, secondsColumn.implicitHeight) + Theme.px(60)
                height: width
                radius: width / 2
                color: Theme.primary
                Column {
                    id: secondsColumn
                    anchors.centerIn: parent
                    Text {
                        id: seconds
                        anchors.horizontalCenter: parent.horizontalCenter
                        text: Session.secondsLeft
                        font.pixelSize: Math.round(Theme.fontHuge * 0.6)
                        font.bold: true
                        color: Theme.textOnPrimary
                    }
                    Text {
                        anchors.horizontalCenter: parent.horizontalCenter
                        text: qsTr("detik")
                        font.pixelSize: Theme.fontBody
                        font.bold: true
                        color: Theme.textOnPrimary
                    }
                }
            }
            Text {
                objectName: "idleCountdown"
                width: parent.width
                horizontalAlignment: Text.AlignHCenter
                text: qsTr("Sesi berakhir dalam %1 detik dan data yang Anda isi akan dihapus.").arg(Session.secondsLeft)
                wrapMode: Text.WordWrap
                font.pixelSize: Theme.fontLarge
                color: Theme.mutedText
            }
            KioskButton {
                objectName: "idleContinue"
                width: parent.width
                text: qsTr("Lanjutkan")
                onClicked: Session.resume()
            }
            KioskButton {
                objectName: "idleEnd"
                width: parent.width
                primary: false
                text: qsTr("Selesai dan hapus isian saya")
                onClicked: Session.end()
            }
        }
    }
}
