import QtQuick
import KioskBackend

// The one window. It shows the screen the session is in; the session decides which. Its
// first frame is the attract screen alone: the session and the rest are built just after
// it (Attract.ready), so that frame waits for nothing else.
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
        // The first frame shows the attract screen before the session exists.
        source: !Attract.ready ? "AttractScreen.qml"
                : (Session.contentScreen === "form" && root.flows[Session.flow])
                  || root.screens[Session.contentScreen] || ""
    }

    // Everything over the screens (scan notice, idle warning, demo panel, maintenance), from
    // when the kiosk behind the attract screen is built; input waits for it (ui/app.py).
    Loader {
        objectName: "overlayLoader"
        anchors.fill: parent
        active: Attract.ready
        source: "Overlays.qml"
    }
}
