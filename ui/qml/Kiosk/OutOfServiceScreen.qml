import QtQuick
import KioskBackend

// The kiosk cannot serve anyone right now; say so kindly and point to the officers.
Rectangle {
    objectName: "outOfServiceScreen"
    color: Theme.background
    Column {
        anchors.centerIn: parent
        width: parent.width - Theme.margin * 2
        spacing: Theme.margin
        Image {
            anchors.horizontalCenter: parent.horizontalCenter
            width: Theme.px(220); height: width
            sourceSize: Qt.size(width, height)
            source: "icons/unavailable.svg"
        }
        Text {
            width: parent.width
            horizontalAlignment: Text.AlignHCenter
            text: qsTr("Mohon maaf, anjungan ini sedang tidak dapat digunakan.")
            wrapMode: Text.WordWrap
            font.pixelSize: Theme.fontTitle
            font.bold: true
            color: Theme.text
        }
        Text {
            width: parent.width
            horizontalAlignment: Text.AlignHCenter
            text: qsTr("Silakan hubungi petugas di meja informasi.")
            wrapMode: Text.WordWrap
            font.pixelSize: Theme.fontLarge
            color: Theme.mutedText
        }
    }
}
