import QtQuick
import QtQuick.Controls.Basic
import KioskBackend

// The services, never more than one tap from the first screen: a few big groups (letters,
// reports, information), a group of one service shown as that service's own tile. Tapping
// a group shows its services; "Kembali" returns to the groups. Which group is open is only
// what this screen shows (like the budget tab of Informasi Publik): the session stays home.
Item {
    id: screen
    objectName: "homeScreen"
    // The open group's id; "" for the first screen.
    property string openCategory: ""
    readonly property var category: {
        for (const group of Session.categories) {
            if (group.id === openCategory) return group
        }
        return null
    }
    // The first screen's tiles: a group of one service is that service.
    readonly property var entries: Session.categories.map(group => group.services.length === 1
        ? { service: group.services[0] } : { category: group })

    ScreenHeader { id: header }

    // Landscape: the heading shares its row with the back button, and with the paper notice.
    readonly property real headingRow: footer.x - Theme.spacing - Theme.margin

    Text {
        id: heading
        objectName: "homeHeading"
        anchors.top: header.bottom
        // The notice takes the line under the heading: the heading moves up a little.
        anchors.topMargin: Theme.portrait && !paperBanner.underHeading ? Theme.margin : Theme.spacing
        anchors.left: parent.left
        anchors.leftMargin: Theme.margin
        width: Theme.portrait ? parent.width - 2 * Theme.margin
             : paperBanner.visible ? Math.min(implicitWidth, screen.headingRow / 2)
             : screen.headingRow
        // Beside the back button (and the notice) on a landscape screen: never shorter.
        height: Math.max(implicitHeight,
                         Theme.portrait ? 0 : Math.max(footer.height, paperBanner.height))
        verticalAlignment: Text.AlignVCenter
        text: screen.category ? screen.category.title : qsTr("Pilih layanan")
        wrapMode: Text.WordWrap
        font.pixelSize: Theme.fontTitle
        font.bold: true
        color: Theme.text
    }
    // A landscape screen is short: there the heading says enough (and so does it while the
    // paper notice takes this line).
    Text {
        id: subheading
        visible: Theme.portrait && !paperBanner.underHeading
        height: visible ? implicitHeight : 0
        anchors.top: heading.bottom
        anchors.topMargin: visible ? Theme.px(8) : 0
        anchors.left: heading.left
        anchors.right: heading.right
        text: screen.category ? qsTr("Sentuh layanan yang Anda perlukan.")
                              : qsTr("Sentuh kelompok layanan yang Anda perlukan.")
        wrapMode: Text.WordWrap
        font.pixelSize: Theme.fontBody
        color: Theme.mutedText
    }

    // While the receipt printer cannot print: said once, here, not on every tile; the
    // services that can finish without paper stay open (their number shows on screen). On a
    // landscape screen beside the heading; on a portrait one under it, or, in a group (whose
    // tiles take the whole screen), beside the back button. In two lines at most (what
    // happens instead is left out where two would not hold it), so every tile stays whole.
    Rectangle {
        id: paperBanner
        objectName: "paperBanner"
        readonly property string full: Session.paperBanner + " " + Session.paperBannerDetail
        readonly property bool underHeading: visible && Theme.portrait && !screen.category
        readonly property bool besideBack: Theme.portrait && !!screen.category
        visible: Session.paperBanner !== ""
        x: !Theme.portrait ? heading.x + heading.width + Theme.spacing
           : besideBack ? footer.x + footer.width + Theme.spacing : Theme.margin
        y: !Theme.portrait ? heading.y + (heading.height - height) / 2
           : besideBack ? footer.y + (footer.height - height) / 2
           : heading.y + heading.height + Theme.px(12)
        width: !Theme.portrait ? footer.x - Theme.spacing - x
               : parent.width - Theme.margin - x
        height: visible ? Math.max(bannerText.implicitHeight + Theme.px(10),
                                   besideBack ? footer.height : 0) : 0
        radius: Theme.radius
        color: Theme.dangerSurface
        border.color: Theme.danger
        border.width: Theme.px(3)
        Accessible.role: Accessible.AlertMessage
        Accessible.name: paperBanner.full
        Text {
            id: measure
            visible: false
            width: bannerText.width
            text: "⚠  " + paperBanner.full
            wrapMode: Text.WordWrap
            font: bannerText.font
        }
        Text {
            id: bannerText
            objectName: "paperBannerText"
            anchors.centerIn: parent
            width: parent.width - Theme.px(32)
            text: "⚠  " + (measure.lineCount <= 2 ? paperBanner.full : Session.paperBanner)
            wrapMode: Text.WordWrap
            font.pixelSize: Theme.fontSmall
            font.bold: true
            color: Theme.danger
        }
    }

    Flickable {
        id: flick
        objectName: "homeFlick"
        anchors.top: paperBanner.underHeading ? paperBanner.bottom : subheading.bottom
        anchors.topMargin: Theme.spacing
        anchors.bottom: cue.visible ? cue.top : Theme.portrait ? footer.top : parent.bottom
        anchors.bottomMargin: cue.visible ? cue.spacing : Theme.spacing
        anchors.left: heading.left
        anchors.right: parent.right
        anchors.rightMargin: Theme.margin
        contentHeight: grid.height
        clip: true
        boundsBehavior: Flickable.StopAtBounds

        Grid {
            id: grid
            width: parent.width
            // Portrait: up to three one under the other (wide tiles, few lines each), more two
            // a row. Landscape: all in one row, up to four.
            columns: Theme.portrait ? (tiles.count <= 3 ? 1 : 2) : Math.max(1, Math.min(4, tiles.count))
            spacing: Theme.px(20)
            // Every tile as tall as the tallest, so rows line up.
            readonly property real tileHeight: {
                let tallest = 0
                for (let i = 0; i < tiles.count; ++i) {
                    const tile = tiles.itemAt(i)
                    if (tile) tallest = Math.max(tallest, tile.item ? tile.item.implicitHeight : 0)
                }
                return tallest
            }
            readonly property real tileWidth: (width - (columns - 1) * spacing) / columns
            // The tiles on show: the open group's services, or the first screen's entries.
            readonly property var shown: screen.category
                ? screen.category.services.map(service => ({ service: service })) : screen.entries
            Repeater {
                id: tiles
                // By count, so a new language or paper state updates the tiles in place rather
                // than rebuilding them under a citizen's finger.
                model: grid.shown.length
                delegate: Loader {
                    id: entry
                    required property int index
                    readonly property var modelData: grid.shown[index] || ({})
                    width: grid.tileWidth
                    height: Math.max(item ? item.implicitHeight : 0, grid.tileHeight)
                    sourceComponent: modelData.service ? serviceTile : categoryTile
                    Component {
                        id: serviceTile
                        ServiceTile {
                            service: entry.modelData.service
                            onChosen: (serviceId) => Session.chooseService(serviceId)
                        }
                    }
                    Component {
                        id: categoryTile
                        CategoryTile {
                            category: entry.modelData.category
                            onChosen: (categoryId) => screen.openCategory = categoryId
                        }
                    }
                }
            }
        }
    }

    ScrollCue {
        id: cue
        flickable: flick
        containers: [grid]
        room: (Theme.portrait ? footer.y : screen.height) - Theme.spacing - flick.y
        anchors.left: heading.left
        anchors.right: parent.right
        anchors.rightMargin: Theme.margin
        anchors.bottom: Theme.portrait ? footer.top : parent.bottom
        anchors.bottomMargin: Theme.spacing
        moreText: qsTr("Masih ada layanan di bawah. Sentuh di sini, atau geser layar ke atas.")
    }

    Row {
        id: footer
        x: Theme.portrait ? Theme.margin : parent.width - Theme.margin - width
        y: Theme.portrait ? parent.height - Theme.margin - height : heading.y
        KioskButton {
            objectName: screen.category ? "homeGroupBack" : "homeBack"
            primary: false
            text: screen.category ? qsTr("Kembali") : qsTr("Kembali ke awal")
            onClicked: {
                if (screen.category) screen.openCategory = ""
                else Session.back()
            }
        }
    }
}
