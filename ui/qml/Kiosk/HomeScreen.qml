import QtQuick
import QtQuick.Controls.Basic
import KioskBackend

// The service grid: one column on a portrait totem, two side by side on a landscape screen.
Item {
    objectName: "homeScreen"

    ScreenHeader { id: header }

    Text {
        id: heading
        anchors.top: header.bottom
        anchors.topMargin: Theme.margin
        anchors.left: parent.left
        anchors.leftMargin: Theme.margin
        anchors.right: parent.right
        anchors.rightMargin: Theme.margin
        text: qsTr("Pilih layanan")
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
        anchors.bottom: footer.top
        anchors.bottomMargin: Theme.spacing
        anchors.left: heading.left
        anchors.right: heading.right
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
                        Repeater {
                            model: group.modelData.services
                            delegate: ServiceTile {
                                required property var modelData
                                service: modelData
                                width: (grid.width - (grid.columns - 1) * grid.spacing) / grid.columns
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
        anchors.bottom: parent.bottom
        anchors.bottomMargin: Theme.margin
        anchors.left: heading.left
        KioskButton {
            objectName: "homeBack"
            primary: false
            text: qsTr("Kembali ke awal")
            onClicked: Session.back()
        }
    }
}
