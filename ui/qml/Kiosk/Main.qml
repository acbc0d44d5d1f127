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

    onWidthChanged: Theme.fit(width, height)
    onHeightChanged: Theme.fit(width, height)
    Component.onCompleted: Theme.fit(width, height)

    readonly property var screens: ({
        "attract": attract, "home": home, "form": queueCounter,
        "submit": processing, "print": processing, "done": done,
        "out_of_service": outOfService
    })

    Loader {
        id: screenLoader
        objectName: "screenLoader"
        anchors.fill: parent
        sourceComponent: root.screens[Session.contentScreen] || null
    }

    Component { id: attract; AttractScreen {} }
    Component { id: home; HomeScreen {} }
    Component { id: queueCounter; QueueCounterScreen {} }
    Component { id: processing; ProcessingScreen {} }
    Component { id: done; DoneScreen {} }
    Component { id: outOfService; OutOfServiceScreen {} }

    IdleWarning {
        anchors.fill: parent
        visible: Session.screen === "idle_warning"
    }

    DemoPanel {
        visible: Devices.demo
        anchors.right: parent.right
        anchors.bottom: parent.bottom
        anchors.margins: Theme.px(16)
    }
}
