import QtQuick
import KioskBackend

// The bar on every citizen screen: where the kiosk is, the time, and the language.
Rectangle {
    property bool showLanguage: true
    width: parent ? parent.width : 0
    height: Theme.px(150)
    color: Theme.primary

    Column {
        anchors.left: parent.left
        anchors.leftMargin: Theme.margin
        anchors.right: language.left
        anchors.rightMargin: Theme.spacing
        anchors.verticalCenter: parent.verticalCenter
        spacing: Theme.px(4)
        Text {
            width: parent.width
            text: Session.kioskName
            elide: Text.ElideRight
            fontSizeMode: Text.HorizontalFit
            minimumPixelSize: Theme.fontSmall
            font.pixelSize: Theme.fontLarge
            font.bold: true
            color: Theme.textOnPrimary
        }
        Text {
            objectName: "headerStatus"
            width: parent.width
            text: Session.office + (!Sync.enabled ? ""
                  : Sync.online ? "  ·  " + qsTr("Daring")
                  : "  ·  " + qsTr("Luring"))
                  + (Sync.queued > 0 ? " (" + Sync.queued + ")" : "")
            elide: Text.ElideRight
            font.pixelSize: Theme.fontSmall
            color: Theme.textOnPrimary
        }
    }
    LanguageToggle {
        id: language
        visible: parent.showLanguage
        anchors.right: parent.right
        anchors.rightMargin: Theme.margin
        anchors.verticalCenter: parent.verticalCenter
    }
}
