import QtQuick

// One step of a request's way on the status screen: a round mark (a tick when done, its
// number when current or ahead, "!" for a detour such as a correction) on a line that joins
// it to the next step, and the step's name beside it.
Item {
    id: step
    property string label
    // "done", "current", "problem" or "todo".
    property string mark
    property int number: 1
    property bool last: false
    readonly property real markSize: Theme.px(56)

    objectName: "statusStep_" + mark
    implicitHeight: Math.max(markSize, name.implicitHeight) + (last ? 0 : Theme.px(24))
    height: implicitHeight

    Rectangle {
        // Joins this mark to the next one.
        visible: !step.last
        x: circle.x + circle.width / 2 - width / 2
        y: circle.y + circle.height
        width: Theme.px(6)
        height: step.height - circle.height
        color: step.mark === "done" ? Theme.success : Theme.border
    }
    Rectangle {
        id: circle
        width: step.markSize
        height: width
        radius: width / 2
        color: step.mark === "current" ? Theme.primary
             : step.mark === "done" ? Theme.successSurface
             : step.mark === "problem" ? Theme.dangerSurface : Theme.surface
        border.width: Theme.px(4)
        border.color: step.mark === "current" ? Theme.primary
                    : step.mark === "done" ? Theme.success
                    : step.mark === "problem" ? Theme.danger : Theme.border
        Text {
            anchors.centerIn: parent
            text: step.mark === "done" ? "✓" : step.mark === "problem" ? "!" : step.number
            font.pixelSize: Theme.fontBody
            font.bold: true
            color: step.mark === "current" ? Theme.textOnPrimary
                 : step.mark === "done" ? Theme.success
                 : step.mark === "problem" ? Theme.danger : Theme.mutedText
        }
    }
    Text {
        id: name
        anchors.left: circle.right
        anchors.leftMargin: Theme.px(20)
        anchors.right: parent.right
        y: Math.max(0, (circle.height - implicitHeight) / 2)
        text: step.label
        wrapMode: Text.WordWrap
        font.pixelSize: Theme.fontBody
        font.bold: step.mark === "current" || step.mark === "problem"
        color: step.mark === "current" ? Theme.primary
             : step.mark === "problem" ? Theme.danger
             : step.mark === "todo" ? Theme.mutedText : Theme.text
    }
}
