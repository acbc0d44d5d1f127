import QtQuick
import KioskBackend

// Shown while nobody uses the kiosk: public information, the time, and an invitation to touch.
Rectangle {
    id: attract
    objectName: "attractScreen"
    gradient: Gradient {
        GradientStop { position: 0.0; color: Theme.primary }
        GradientStop { position: 1.0; color: Theme.primaryDark }
    }
    property int slide: 0
    property date now: new Date()

    // This screen shows most of the day on a small, often fanless PC, and the software
    // renderer draws a frame 60 times a second for as long as anything animates. So nothing
    // here animates for long (bench: idle_cpu_attract): the clock changes once a minute,
    // the slides turn without a transition, and the invitation beats twice every few
    // seconds in steps a timer sets. Between those moments no frame is drawn.
    Timer {
        // Wakes at the start of each minute; after a clock change, within a minute.
        interval: 60500 - (attract.now.getSeconds() * 1000 + attract.now.getMilliseconds())
        running: true
        onTriggered: {
            attract.now = new Date()
            restart()
        }
    }
    Timer {
        interval: Attract.slideSeconds * 1000; running: true; repeat: true
        onTriggered: {
            if (Attract.slides.length > 1)
                attract.slide = (attract.slide + 1) % Attract.slides.length
            else
                attract.slide = 0
            // The invitation beats with the slide, but no more often than every 8 seconds.
            if (++beats.count % Math.ceil(8 / Attract.slideSeconds) === 0)
                beats.restart()
        }
    }
    // Two beats of the invitation in 0.8 s, 24 steps at 30 a second: half the frames of a
    // NumberAnimation, which runs at the display's 60.
    Timer {
        id: beats
        property int count: 0
        property int step: 0
        readonly property int steps: 24
        interval: 33; repeat: true
        onTriggered: {
            step = (step + 1) % steps
            // sin² over a full turn: two smooth bumps from 1.0 to 1.06 and back.
            invitation.scale = 1 + 0.06 * Math.pow(Math.sin(2 * Math.PI * step / steps), 2)
            if (step === 0)
                stop()
        }
    }

    // A portrait screen stacks the heading (kiosk, office, time, date), the carousel and the
    // invitation; a landscape one, whose 1080 pixels of height hold no more than one of them,
    // puts the heading over the invitation on the left and gives the carousel the right.
    readonly property real columnWidth: Theme.portrait ? content.width
                                                       : (content.width - Theme.margin) / 2
    Item {
        id: content
        anchors.fill: parent
        anchors.leftMargin: Theme.margin
        anchors.rightMargin: Theme.margin
        anchors.topMargin: Theme.margin * (Theme.portrait ? 2 : 1)
        anchors.bottomMargin: Theme.margin * (Theme.portrait ? 2 : 1)
    }

    Column {
        id: heading
        objectName: "attractHeading"
        x: content.x
        y: Theme.portrait ? content.y
                          : content.y + Math.max(0, (invitation.y - Theme.margin - content.y - height) / 2)
        width: attract.columnWidth
        spacing: Theme.px(12)
        Text {
            width: parent.width
            horizontalAlignment: Text.AlignHCenter
            text: Attract.kioskName
            wrapMode: Text.WordWrap
            font.pixelSize: Theme.fontTitle
            font.bold: true
            color: Theme.textOnPrimary
        }
        Text {
            width: parent.width
            horizontalAlignment: Text.AlignHCenter
            text: Attract.office
            wrapMode: Text.WordWrap
            font.pixelSize: Theme.fontLarge
            color: Theme.textOnPrimary
        }
        Text {
            objectName: "attractClock"
            width: parent.width
            horizontalAlignment: Text.AlignHCenter
            text: Qt.formatTime(attract.now, "HH.mm")
            font.pixelSize: Theme.px(140)
            font.bold: true
            color: Theme.accent
        }
        Text {
            width: parent.width
            horizontalAlignment: Text.AlignHCenter
            text: attract.now.toLocaleDateString(Qt.locale(Attract.language === "en" ? "en_GB" : "id_ID"), "dddd, d MMMM yyyy")
            wrapMode: Text.WordWrap
            font.pixelSize: Theme.fontLarge
            color: Theme.textOnPrimary
        }
    }

    Item {
        id: slideArea
        x: Theme.portrait ? content.x : content.x + attract.columnWidth + Theme.margin
        y: Theme.portrait ? heading.y + heading.height + Theme.margin : content.y
        width: attract.columnWidth
        height: (Theme.portrait ? invitation.y - Theme.margin : content.y + content.height) - y
    }
    // The page on show. Its title and its dots always show whole: a body too long for the
    // space left ends in an ellipsis rather than pushing them off the card.
    Rectangle {
        id: card
        objectName: "slideCard"
        readonly property var page: Attract.slides.length
            ? Attract.slides[attract.slide % Attract.slides.length] : ({ title: "", body: "" })
        anchors.centerIn: slideArea
        width: Math.min(slideArea.width, Theme.px(1400))
        height: Math.min(slideArea.height, slideColumn.height + Theme.margin * 2)
        radius: Theme.radius
        color: Theme.surface
        clip: true
        FontMetrics {
            id: bodyLine
            font: slideBody.font
        }
        Column {
            id: slideColumn
            anchors.top: parent.top
            anchors.topMargin: Theme.margin
            anchors.horizontalCenter: parent.horizontalCenter
            width: parent.width - Theme.margin * 2
            spacing: Theme.spacing
            Text {
                id: slideTitle
                objectName: "slideTitle"
                width: parent.width
                text: card.page.title
                wrapMode: Text.WordWrap
                horizontalAlignment: Text.AlignHCenter
                font.pixelSize: Theme.fontTitle
                font.bold: true
                color: Theme.primary
            }
            Text {
                id: slideBody
                objectName: "slideBody"
                width: parent.width
                // As many lines as the space under the title holds.
                maximumLineCount: Math.max(1, Math.floor((slideArea.height - Theme.margin * 2
                    - slideTitle.height - dots.height - Theme.spacing * 2) / bodyLine.lineSpacing))
                text: card.page.body
                wrapMode: Text.WordWrap
                elide: Text.ElideRight
                horizontalAlignment: Text.AlignHCenter
                font.pixelSize: Theme.fontLarge
                color: Theme.text
            }
            Row {
                id: dots
                objectName: "slideDots"
                anchors.horizontalCenter: parent.horizontalCenter
                spacing: Theme.px(16)
                Repeater {
                    model: Attract.slides.length
                    delegate: Rectangle {
                        required property int index
                        width: Theme.px(20); height: width; radius: width / 2
                        color: index === attract.slide ? Theme.primary : Theme.border
                    }
                }
            }
        }
    }

    Rectangle {
        id: invitation
        objectName: "attractInvitation"
        x: content.x + (attract.columnWidth - width) / 2
        y: content.y + content.height - height
        width: Math.min(attract.columnWidth, Theme.px(1100))
        height: Math.max(Theme.px(170), invitationText.implicitHeight + Theme.px(48))
        radius: Math.min(height / 2, Theme.px(85))
        color: Theme.accent
        Text {
            id: invitationText
            anchors.centerIn: parent
            width: parent.width - Theme.px(60)
            horizontalAlignment: Text.AlignHCenter
            text: qsTr("Sentuh layar untuk mulai")
            wrapMode: Text.WordWrap
            font.pixelSize: Theme.fontTitle
            font.bold: true
            color: Theme.text
        }
    }

    MouseArea {
        objectName: "startArea"
        anchors.fill: parent
        onClicked: Session.start()
    }
}
