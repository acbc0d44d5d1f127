import QtQuick

// Says plainly that a scrolling area has more below, and never leaves a question (a tile,
// a card) cut in half at its bottom edge: the unit that does not fit is covered, and a tap
// on the cover or on this bar brings it up. Screens put the bar right under the flickable
// and end the flickable at `top` while `needed`.
//   flickable:  the Flickable it watches.
//   containers: the items whose visible children are the units never to cut (the column of
//               fields, the grid of tiles). A unit with `property bool scrollUnit: true` is
//               always covered whole (a big number), never looked into.
Rectangle {
    id: cue
    objectName: "scrollCue"
    property Flickable flickable
    property var containers: []
    property real room: 0
    property bool active: true
    property string moreText: qsTr("Masih ada lagi di bawah. Sentuh di sini, atau geser layar ke atas.")
    property string endText: qsTr("Sudah sampai bawah. Sentuh di sini untuk kembali ke atas.")

    readonly property real spacing: Theme.px(12)
    // The bar: while the content is taller than the room (and the screen wants it: not
    // while the keyboard or pad takes the space).
    readonly property bool needed: active && !!flickable && flickable.contentHeight > room + 1
    readonly property bool atEnd: !!flickable
        && flickable.contentY + flickable.height >= flickable.contentHeight - 1
    // The cover: whenever something is below the edge, bar or no bar. For each container
    // (columns side by side have their own), the top of the first unit the bottom edge cuts,
    // in the flickable's coordinates (-1: none); cutAt is the highest of them.
    readonly property bool cutting: !!flickable && flickable.contentHeight > flickable.height + 1
        && !atEnd
    readonly property var cuts: containers.map(container => ({
        at: cutting && container ? cut(container, flickable.contentY, flickable.height, laidOut)
                                 : -1,
        x: container && containers.length > 1 ? container.mapToItem(flickable, 0, 0).x : 0,
        width: container && containers.length > 1 ? container.width : -1
    }))
    readonly property real cutAt: cuts.reduce((best, one) => one.at > 0
                                               && (best < 0 || one.at < best) ? one.at : best, -1)
    // Bumped once the content's positioners have placed what changed its height: the cut is
    // looked for again then, not among the places units had before.
    property int laidOut: 0
    Connections {
        target: cue.flickable
        function onContentHeightChanged() { Qt.callLater(() => cue.laidOut++) }
    }

    visible: needed
    // As tall as the longer of its two texts, so saying "at the end" never resizes the bar,
    // the flickable above it, and so whether it is at the end (a binding loop).
    height: visible ? Math.max(Theme.touchTarget * 0.8, endLabel.implicitHeight + Theme.px(24),
                               moreLabel.implicitHeight + Theme.px(24)) : 0
    radius: Theme.radius
    color: Theme.surface
    border.color: Theme.primary
    border.width: Theme.px(3)
    Accessible.role: Accessible.Button
    Accessible.name: cue.atEnd ? endLabel.text : moreLabel.text

    function visibleChildren(item) {
        const found = []
        for (const child of item.children) {
            if (child.visible && child.height > 0) found.push(child)
        }
        return found
    }
    // Top of the first unit that starts inside the view and ends below it; -1 when none.
    // A unit the edge cuts that holds several (a question with its choices, a grid of
    // dusun) is looked into, so what fits of it stays in view and only the part that does
    // not is covered; a single control (a choice, a line of text) is covered whole.
    function cut(container, contentY, viewHeight, revision) {
        const atomic = Theme.touchTarget * 1.5
        let best = -1
        function look(items, depth) {
            for (const unit of items) {
                const top = unit.mapToItem(flickable.contentItem, 0, 0).y - contentY
                const bottom = top + unit.height
                if (top >= viewHeight - 0.5 || bottom <= viewHeight + 0.5) continue
                const whole = unit.scrollUnit === true || depth >= 6 || unit.height <= atomic
                const parts = whole ? [] : visibleChildren(unit)
                if (parts.length > 0) {
                    look(parts, depth + 1)
                } else if (top > 0.5 && (best < 0 || top < best)) {
                    best = top
                }
            }
        }
        look(visibleChildren(container), 0)
        return best
    }

    // Bring the next unit to the top; at the end, back to the start.
    function advance() {
        if (atEnd) {
            flickable.contentY = 0
            return
        }
        const next = cutAt > 0 ? flickable.contentY + cutAt
                               : flickable.contentY + flickable.height * 0.8
        flickable.contentY = Math.min(next, flickable.contentHeight - flickable.height)
    }

    component CueText: Text {
        anchors.verticalCenter: parent.verticalCenter
        anchors.left: parent.left
        anchors.right: parent.right
        anchors.margins: Theme.px(24)
        horizontalAlignment: Text.AlignHCenter
        wrapMode: Text.WordWrap
        font.pixelSize: Theme.fontBody
        font.bold: true
        color: Theme.primary
    }
    CueText { id: moreLabel; visible: !cue.atEnd; text: "▼  " + cue.moreText }
    CueText { id: endLabel; visible: cue.atEnd; text: "▲  " + cue.endText }
    MouseArea {
        anchors.fill: parent
        onClicked: cue.advance()
    }

    // Covers the unit the bottom edge would cut, in the page's own colour: across the whole
    // width for one container, over its own column for each of several side by side (a
    // unit whole in one column is never cut by the cover of the other).
    Item {
        objectName: "scrollCovers"
        parent: cue.flickable
        anchors.fill: parent
        z: 5
        Repeater {
            model: cue.containers.length
            delegate: Rectangle {
                required property int index
                readonly property var cut: cue.cuts[index] || ({ at: -1, x: 0, width: -1 })
                objectName: "scrollCover"
                visible: cut.at > 0
                x: cut.x
                y: Math.max(0, cut.at)
                width: cut.width >= 0 ? cut.width : (parent ? parent.width : 0)
                height: parent ? parent.height - y : 0
                color: Theme.background
                // A tap here brings the covered unit up, and never reaches the unit
                // underneath; a flick still scrolls.
                TapHandler {
                    gesturePolicy: TapHandler.WithinBounds
                    onTapped: cue.advance()
                }
            }
        }
    }
}
