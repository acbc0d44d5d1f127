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
        "attract": attract, "home": home, "identify": identify, "form": queueCounter,
        "submit": processing, "print": processing, "done": done,
        "out_of_service": outOfService, "review": review
    })
    // The "form" screen depends on the chosen service's flow.
    readonly property var flows: ({
        "queue_ticket": queueCounter, "form": form, "information": information,
        "status_check": statusCheck
    })

    Loader {
        id: screenLoader
        objectName: "screenLoader"
        anchors.fill: parent
        sourceComponent: (Session.contentScreen === "form" && root.flows[Session.flow])
                         || root.screens[Session.contentScreen] || null
    }

    Component { id: attract; AttractScreen {} }
    Component { id: home; HomeScreen {} }
    Component { id: identify; IdentifyScreen {} }
    Component { id: queueCounter; QueueCounterScreen {} }
    Component { id: form; FormScreen {} }
    Component { id: review; ReviewScreen {} }
    Component { id: information; InformationScreen {} }
    Component { id: statusCheck; StatusCheckScreen {} }
    Component { id: processing; ProcessingScreen {} }
    Component { id: done; DoneScreen {} }
    Component { id: outOfService; OutOfServiceScreen {} }

    ScanNotice {
        anchors.horizontalCenter: parent.horizontalCenter
        anchors.bottom: parent.bottom
        anchors.bottomMargin: Theme.px(220)
    }

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

    // Maintenance mode: the hidden corner, then the overlay above everything else.
    HiddenGesture {}

    MaintenanceOverlay {
        anchors.fill: parent
    }
}
