import QtQuick

// One service on the home grid: icon, title and a line of help; an unavailable one says why.
Rectangle {
    id: tile
    required property var service
    signal chosen()

    objectName: "service_" + service.id
    implicitHeight: Math.max(Theme.px(Theme.portrait ? 210 : 170), content.implicitHeight + Theme.px(40))
    radius: Theme.radius
    color: service.available ? (area.pressed ? Theme.disabledSurface : Theme.surface) : Theme.disabledSurface
    border.color: service.available ? Theme.primary : Theme.border
    border.width: Theme.px(4)

    Accessible.role: Accessible.Button
    Accessible.name: service.title
    Accessible.description: service.available ? service.help : service.reason

    Row {
        id: content
        anchors.left: parent.left
        anchors.right: parent.right
        anchors.verticalCenter: parent.verticalCenter
        anchors.margins: Theme.px(20)
        spacing: Theme.px(16)
        // The icons are blue on white: on the dark high-contrast tile they sit on a white plate.
        Rectangle {
            id: icon
            anchors.verticalCenter: parent.verticalCenter
            width: Theme.px(88)
            height: width
            radius: Theme.px(12)
            color: Theme.iconPlate
            Image {
                anchors.fill: parent
                anchors.margins: Theme.highContrast ? Theme.px(6) : 0
                sourceSize: Qt.size(width, height)
                source: tile.service.available ? "icons/" + tile.service.icon + ".svg" : "icons/unavailable.svg"
            }
        }
        Column {
            anchors.verticalCenter: parent.verticalCenter
            width: parent.width - icon.width - parent.spacing
            spacing: Theme.px(6)
            Text {
                width: parent.width
                text: tile.service.title
                wrapMode: Text.WordWrap
                font.pixelSize: Theme.fontBody
                font.bold: true
                color: tile.service.available ? Theme.primary : Theme.disabledText
            }
            Text {
                width: parent.width
                text: tile.service.available ? tile.service.help : tile.service.reason
                // Never cut: the tile grows (a row of tiles takes its tallest tile's height).
                wrapMode: Text.WordWrap
                font.pixelSize: Theme.fontSmall
                color: tile.service.available ? Theme.mutedText : Theme.danger
            }
        }
    }
    MouseArea {
        id: area
        anchors.fill: parent
        enabled: tile.service.available
        onClicked: tile.chosen()
    }
}
