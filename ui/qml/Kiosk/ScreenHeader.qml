import QtQuick
import KioskBackend

// The bar on every citizen screen: where the kiosk is, the time, the language and the
// accessibility options. On a portrait screen the options get a row of their own.
Rectangle {
    id: header
    property bool showLanguage: true
    property bool showAccessibility: true
    readonly property int rowHeight: Theme.px(150)
    // The options share the top row only where the kiosk's name keeps room to be read.
    readonly property bool stacked: showAccessibility && (Theme.portrait
        || access.implicitWidth + language.width + Theme.margin * 2 + Theme.spacing * 2
           + Theme.px(520) > width)
    width: parent ? parent.width : 0
    height: stacked ? rowHeight + access.height + Theme.px(24) : rowHeight
    color: Theme.primary

    Column {
        anchors.left: parent.left
        anchors.leftMargin: Theme.margin
        anchors.right: header.stacked || !header.showAccessibility ? language.left : access.left
        anchors.rightMargin: Theme.spacing
        y: (header.rowHeight - height) / 2
        spacing: Theme.px(4)
        Text {
            width: parent.width
            text: Session.kioskName
            elide: Text.ElideRight
            fontSizeMode: Text.HorizontalFit
            minimumPixelSize: Theme.px(28)
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
    AccessibilityBar {
        id: access
        visible: header.showAccessibility
        x: header.stacked ? Theme.margin
           : (header.showLanguage ? language.x - Theme.spacing : header.width - Theme.margin) - width
        y: header.stacked ? header.rowHeight : (header.rowHeight - height) / 2
    }
    LanguageToggle {
        id: language
        visible: header.showLanguage
        width: header.showLanguage ? implicitWidth : 0
        anchors.right: parent.right
        anchors.rightMargin: Theme.margin
        y: (header.rowHeight - height) / 2
    }
}
