import QtQuick
import KioskBackend

// The bar on every citizen screen: where the kiosk is, the time, the language and the
// accessibility options. The kiosk's name keeps its size in large text: it wraps to a
// second line rather than shrink, and the bar grows. The options share the top row where
// the name fits in two lines with room to spare; otherwise (portrait) they get a row of their own.
Rectangle {
    id: header
    property bool showLanguage: true
    property bool showAccessibility: true
    // The room the name has beside the options on one row.
    readonly property real nameRoomBeside: width - 2 * Theme.margin - 2 * Theme.spacing
        - (showLanguage ? language.width : 0) - access.implicitWidth
    readonly property bool stacked: showAccessibility
        && (Theme.portrait || nameRoomBeside < Theme.px(300)
            || name.implicitWidth > 1.6 * nameRoomBeside)
    readonly property real rowHeight: Math.max(Theme.px(150), names.implicitHeight + Theme.px(36))
    width: parent ? parent.width : 0
    height: stacked ? rowHeight + access.height + Theme.px(24) : rowHeight
    color: Theme.primary

    Column {
        id: names
        anchors.left: parent.left
        anchors.leftMargin: Theme.margin
        anchors.right: header.stacked || !header.showAccessibility ? language.left : access.left
        anchors.rightMargin: Theme.spacing
        y: (header.rowHeight - height) / 2
        spacing: Theme.px(4)
        Text {
            id: name
            objectName: "headerTitle"
            width: parent.width
            text: Session.kioskName
            wrapMode: Text.WordWrap
            maximumLineCount: 2
            elide: Text.ElideRight
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
