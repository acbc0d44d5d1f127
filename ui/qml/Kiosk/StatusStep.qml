import QtQuick

// One step of a request's way on the status screen: a round mark (a tick when done, its
// number when current or ahead, "!" for a detour such as a correction) on a line that joins
// it to the next step, and the step's name beside it (one under the other) or under it (the
// steps side by side, on a landscape screen).
Item {
    id: step
    property string label
    // "done", "current", "problem" or "ahead".
    property string mark
    property int number: 1
    property bool last: false
    property bool horizontal: false
    readonly property real markSize: Theme.px(horizontal ? 44 : 52)

    objectName: "statusStep_" + mark
    implicitHeight: horizontal ? markSize + Theme.px(4) + name.implicitHeight
                               : Math.max(markSize, name.implicitHeight) + (last ? 0 : Theme.px(20))
    height: implicitHeight

    Rectangle {
        // Joins this mark to the next one: down to it, or across to it.
        visible: !step.last
        x: step.horizontal ? circle.x + circle.width : circle.x + circle.width / 2 - width / 2
        y: step.horizontal ? circle.y + circle.height / 2 - height / 2 : circle.y + circle.height
        width: step.horizontal ? step.width - circle.width : Theme.px(6)
        height: step.horizontal ? Theme.px(6) : step.height - circle.height
        color: step.mark === "done" ? Theme.success : Theme.border
    }
    Rectangle {
        id: circle
        x: step.horizontal ? (step.width - width) / 2 : 0
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
            font.pixelSize: step.horizontal ? Theme.fontSmall : Theme.fontBody
            font.bold: true
            color: step.mark === "current" ? Theme.textOnPrimary
                 : step.mark === "done" ? Theme.success
                 : step.mark === "problem" ? Theme.danger : Theme.mutedText
        }
    }
    Text {
        id: name
        x: step.horizontal ? Theme.px(4) : circle.width + Theme.px(20)
        y: step.horizontal ? circle.height + Theme.px(4) : Math.max(0, (circle.height - implicitHeight) / 2)
        width: step.width - x - (step.horizontal ? Theme.px(4) : 0)
        horizontalAlignment: step.horizontal ? Text.AlignHCenter : Text.AlignLeft
        text: step.label
        wrapMode: Text.WordWrap
        font.pixelSize: step.horizontal ? Theme.fontSmall : Theme.fontBody
        font.bold: step.mark === "current" || step.mark === "problem"
        color: step.mark === "current" ? Theme.primary
             : step.mark === "problem" ? Theme.danger
             : step.mark === "ahead" ? Theme.mutedText : Theme.text
    }
}
