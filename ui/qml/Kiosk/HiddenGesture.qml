import QtQuick
import KioskBackend

// The technicians' way in: N taps in one corner within T seconds open the PIN prompt.
// It never takes a tap from the screen below: the press is counted and passed on.
Item {
    id: gesture
    objectName: "hiddenGesture"
    readonly property string corner: Maintenance.gestureCorner
    width: Theme.px(140)
    height: Theme.px(140)
    readonly property bool atRight: corner.indexOf("right") >= 0
    readonly property bool atBottom: corner.indexOf("bottom") >= 0
    anchors.left: atRight ? undefined : parent.left
    anchors.right: atRight ? parent.right : undefined
    anchors.top: atBottom ? undefined : parent.top
    anchors.bottom: atBottom ? parent.bottom : undefined
    visible: !Maintenance.active && !Maintenance.promptOpen

    MouseArea {
        objectName: "hiddenGestureArea"
        anchors.fill: parent
        onPressed: function (mouse) {
            Maintenance.cornerTapped()
            mouse.accepted = false
        }
    }
}
