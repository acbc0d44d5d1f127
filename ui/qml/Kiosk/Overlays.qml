import QtQuick
import KioskBackend

// Over every screen: the scan notice, the idle warning, the developer panel and maintenance.
// Loaded once the kiosk behind the attract screen is built (Main.qml).
Item {
    id: overlays

    // Near the top, over the heading: never over the content or the buttons being used.
    ScanNotice {
        anchors.horizontalCenter: parent.horizontalCenter
        anchors.top: parent.top
        anchors.topMargin: Theme.px(Theme.portrait ? 300 : 220)
    }

    IdleWarning {
        anchors.fill: parent
        visible: Session.screen === "idle_warning"
    }

    // Only created when asked for: the developer panel in --demo, maintenance after the gesture.
    Loader {
        active: Devices.demo
        anchors.right: parent.right
        anchors.bottom: parent.bottom
        anchors.margins: Theme.px(16)
        source: "DemoPanel.qml"
    }

    // Maintenance mode: the hidden corner, then the overlay above everything else.
    HiddenGesture {}

    Loader {
        objectName: "maintenanceLoader"
        anchors.fill: parent
        active: Maintenance.promptOpen || Maintenance.active
        source: "MaintenanceOverlay.qml"
    }
}
