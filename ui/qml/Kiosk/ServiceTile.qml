import QtQuick

// One service on the home grid; an unavailable one is greyed and says why.
Rectangle {
    id: tile
    required property var service
    signal chosen()

    objectName: "service_" + service.id
    implicitHeight: Math.max(Theme.px(300), content.implicitHeight + Theme.px(64))
    radius: Theme.radius
    color: service.available ? (area.pressed ? Theme.disabledSurface : Theme.surface) : Theme.disabledSurface
    border.color: service.available ? Theme.primary : Theme.border
    border.width: Theme.px(4)

    Accessible.role: Accessible.Button
    Accessible.name: service.title
    Accessible.description: service.available ? service.help : service.reason

    Row {
        id: content
        anchors.fill: parent
        anchors.margins: Theme.px(32)
        spacing: Theme.px(32)
        Image {
            width: Theme.px(150)
            height: width
            anchors.verticalCenter: parent.verticalCenter
            sourceSize: Qt.size(width, height)
            source: service.available ? "icons/" + service.icon + ".svg" : "icons/unavailable.svg"
        }
        Column {
            width: parent.width - Theme.px(182)
            anchors.verticalCenter: parent.verticalCenter
            spacing: Theme.px(12)
            Text {
                width: parent.width
                text: tile.service.title
                wrapMode: Text.WordWrap
                font.pixelSize: Theme.fontLarge
                font.bold: true
                color: tile.service.available ? Theme.primary : Theme.disabledText
            }
            Text {
                width: parent.width
                text: tile.service.available ? tile.service.help : tile.service.reason
                wrapMode: Text.WordWrap
                font.pixelSize: Theme.fontBody
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
