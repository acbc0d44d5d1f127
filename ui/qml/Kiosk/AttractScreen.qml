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

    Column {
        id: top
        anchors.top: parent.top
        anchors.topMargin: Theme.margin * 2
        anchors.horizontalCenter: parent.horizontalCenter
        width: parent.width - Theme.margin * 2
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
            font.pixelSize: Theme.fontLarge
            color: Theme.textOnPrimary
        }
    }

    Item {
        id: slideArea
        anchors.top: top.bottom
        anchors.bottom: invitation.top
        anchors.left: parent.left
        anchors.right: parent.right
    }
    Rectangle {
        id: card
        anchors.centerIn: slideArea
        width: Math.min(parent.width - Theme.margin * 2, Theme.px(1400))
        height: Math.min(slideArea.height - Theme.margin, slideColumn.implicitHeight + Theme.margin * 2)
        radius: Theme.radius
        color: Theme.surface
        clip: true
        Column {
            id: slideColumn
            anchors.centerIn: parent
            width: parent.width - Theme.margin * 2
            spacing: Theme.spacing
            Text {
                objectName: "slideTitle"
                width: parent.width
                text: Attract.slides.length ? Attract.slides[attract.slide].title : ""
                wrapMode: Text.WordWrap
                horizontalAlignment: Text.AlignHCenter
                font.pixelSize: Theme.fontTitle
                font.bold: true
                color: Theme.primary
            }
            Text {
                width: parent.width
                text: Attract.slides.length ? Attract.slides[attract.slide].body : ""
                wrapMode: Text.WordWrap
                horizontalAlignment: Text.AlignHCenter
                font.pixelSize: Theme.fontLarge
                color: Theme.text
            }
            Row {
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
        anchors.bottom: parent.bottom
        anchors.bottomMargin: Theme.margin * 2
        anchors.horizontalCenter: parent.horizontalCenter
        width: Math.min(parent.width - Theme.margin * 2, Theme.px(1100))
        height: Theme.px(170)
        radius: height / 2
        color: Theme.accent
        Text {
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
