import QtQuick
import QtQuick.Controls.Basic
import KioskBackend

// Shown while the request is committed and its receipt printed; there is nothing to tap.
Item {
    objectName: "processingScreen"
    ScreenHeader { id: header; showLanguage: false }
    Column {
        anchors.centerIn: parent
        width: parent.width - Theme.margin * 2
        spacing: Theme.margin
        BusyIndicator {
            // The Basic style draws its dots in palette.dark (near black): use Theme, or they vanish in high contrast.
            palette.dark: Theme.primary
            anchors.horizontalCenter: parent.horizontalCenter
            width: Theme.px(200); height: width
            running: true
        }
        Text {
            width: parent.width
            horizontalAlignment: Text.AlignHCenter
            text: Session.screen === "print" ? qsTr("Sedang mencetak struk...") : qsTr("Sedang memproses...")
            wrapMode: Text.WordWrap
            font.pixelSize: Theme.fontTitle
            font.bold: true
            color: Theme.text
        }
        Text {
            width: parent.width
            horizontalAlignment: Text.AlignHCenter
            text: qsTr("Mohon tunggu sebentar.")
            font.pixelSize: Theme.fontLarge
            color: Theme.mutedText
        }
    }
}
