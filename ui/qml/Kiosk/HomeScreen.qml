import QtQuick
import QtQuick.Controls.Basic
import KioskBackend

// The service grid: two tiles a row on a portrait totem, three on a landscape screen. In
// landscape the back button shares the heading's row, so the grid keeps the height.
Item {
    objectName: "homeScreen"

    ScreenHeader { id: header }

    Text {
        id: heading
        anchors.top: header.bottom
        anchors.topMargin: Theme.margin
        anchors.left: parent.left
        anchors.leftMargin: Theme.margin
        anchors.right: Theme.portrait ? parent.right : footer.left
        anchors.rightMargin: Theme.portrait ? Theme.margin : Theme.spacing
        text: qsTr("Pilih layanan")
        wrapMode: Text.WordWrap
        font.pixelSize: Theme.fontTitle
        font.bold: true
        color: Theme.text
    }
    Text {
        id: subheading
        anchors.top: heading.bottom
        anchors.topMargin: Theme.px(8)
        anchors.left: heading.left
        anchors.right: heading.right
        text: qsTr("Sentuh salah satu layanan di bawah ini.")
        wrapMode: Text.WordWrap
        font.pixelSize: Theme.fontBody
        color: Theme.mutedText
    }

    Flickable {
        anchors.top: subheading.bottom
        anchors.topMargin: Theme.spacing
        anchors.bottom: Theme.portrait ? footer.top : parent.bottom
        anchors.bottomMargin: Theme.portrait ? Theme.spacing : Theme.margin
        anchors.left: heading.left
        anchors.right: parent.right
        anchors.rightMargin: Theme.margin
        contentHeight: groups.height
        clip: true
        boundsBehavior: Flickable.StopAtBounds
        ScrollIndicator.vertical: ScrollIndicator { active: true }
        // The services in groups (queue, letters, reports, information), each a grid of tiles.
        Column {
            id: groups
            width: parent.width
            spacing: Theme.spacing
            Repeater {
                model: Session.categories
                delegate: Column {
                    id: group
                    required property var modelData
                    objectName: "category_" + modelData.id
                    width: groups.width
                    spacing: Theme.px(12)
                    Text {
                        width: parent.width
                        text: group.modelData.title
                        font.pixelSize: Theme.fontBody
                        font.bold: true
                        color: Theme.primary
                    }
                    Grid {
                        id: grid
                        width: parent.width
                        columns: Theme.portrait ? 2 : 3
                        spacing: Theme.px(20)
                        // Every tile of a group as tall as its tallest, so a row lines up.
                        readonly property real tileHeight: {
                            let tallest = 0
                            for (let i = 0; i < tiles.count; ++i) {
                                const tile = tiles.itemAt(i)
                                if (tile) tallest = Math.max(tallest, tile.implicitHeight)
                            }
                            return tallest
                        }
                        Repeater {
                            id: tiles
                            model: group.modelData.services
                            delegate: ServiceTile {
                                required property var modelData
                                service: modelData
                                width: (grid.width - (grid.columns - 1) * grid.spacing) / grid.columns
                                height: Math.max(implicitHeight, grid.tileHeight)
                                onChosen: Session.chooseService(modelData.id)
                            }
                        }
                    }
                }
            }
        }
    }

    Row {
        id: footer
        x: Theme.portrait ? Theme.margin : parent.width - Theme.margin - width
        y: Theme.portrait ? parent.height - Theme.margin - height : heading.y
        KioskButton {
            objectName: "homeBack"
            primary: false
            text: qsTr("Kembali ke awal")
            onClicked: Session.back()
        }
    }
}
