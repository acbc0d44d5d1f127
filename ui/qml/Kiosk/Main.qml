import QtQuick
import KioskBackend

// The one window. It shows the screen the session is in; the session decides which.
Window {
    id: root
    width: 1080
    height: 1920
    visible: false
    color: Theme.background
    title: qsTr("Anjungan Layanan Mandiri")
    // Set by the app when it runs fullscreen: no title bar or frame for a citizen to grab.
    property bool frameless: false
    flags: frameless ? (Qt.Window | Qt.FramelessWindowHint) : Qt.Window

    onWidthChanged: Theme.fit(width, height)
    onHeightChanged: Theme.fit(width, height)
    Component.onCompleted: Theme.fit(width, height)

    // Screens are files, loaded (and compiled) only when the session first shows them: inline
    // Components here would make the engine compile every screen, and the virtual keyboard
    // they use, before the first frame.
    readonly property var screens: ({
        "attract": "AttractScreen.qml", "home": "HomeScreen.qml",
        "identify": "IdentifyScreen.qml", "form": "QueueCounterScreen.qml",
        "submit": "ProcessingScreen.qml", "print": "ProcessingScreen.qml",
        "done": "DoneScreen.qml", "out_of_service": "OutOfServiceScreen.qml",
        "review": "ReviewScreen.qml"
    })
    // The "form" screen depends on the chosen service's flow.
    readonly property var flows: ({
        "queue_ticket": "QueueCounterScreen.qml", "form": "FormScreen.qml",
        "information": "InformationScreen.qml", "status_check": "StatusCheckScreen.qml",
        "letter_pickup": "LetterPickupScreen.qml"
    })

    Loader {
        id: screenLoader
        objectName: "screenLoader"
        anchors.fill: parent
        source: (Session.contentScreen === "form" && root.flows[Session.flow])
                || root.screens[Session.contentScreen] || ""
    }

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
