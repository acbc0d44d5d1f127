import QtQuick

// One service on the home grid: icon, title and a line of help; an unavailable one says why.
Rectangle {
    id: tile
    required property var service
    signal chosen()

    objectName: "service_" + service.id
    implicitHeight: Math.max(Theme.px(Theme.portrait ? 210 : 190), content.implicitHeight + Theme.px(40))
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
        Image {
            id: icon
            width: Theme.px(88)
            height: width
            sourceSize: Qt.size(width, height)
            source: tile.service.available ? "icons/" + tile.service.icon + ".svg" : "icons/unavailable.svg"
        }
        Column {
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
                wrapMode: Text.WordWrap
                maximumLineCount: 3
                elide: Text.ElideRight
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
