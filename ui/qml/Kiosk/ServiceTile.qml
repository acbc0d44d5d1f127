import QtQuick

// One service on the home screen: icon, title and a line of help; an unavailable one says
// why. Icon above the words, so a tile keeps its text large in a narrow column.
Rectangle {
    id: tile
    required property var service
    // Carries the id: a tap still lands while home rebuilds its tiles (language, paper).
    signal chosen(string serviceId)

    objectName: "service_" + service.id
    implicitHeight: content.implicitHeight + Theme.px(48)
    radius: Theme.radius
    color: service.available ? (area.pressed ? Theme.disabledSurface : Theme.surface) : Theme.disabledSurface
    border.color: service.available ? Theme.primary : Theme.border
    border.width: Theme.px(4)

    Accessible.role: Accessible.Button
    Accessible.name: service.title
    Accessible.description: service.available ? service.help : service.reason

    Column {
        id: content
        anchors.left: parent.left
        anchors.right: parent.right
        anchors.verticalCenter: parent.verticalCenter
        anchors.margins: Theme.px(24)
        spacing: Theme.px(12)
        // The icons are blue on white: on the dark high-contrast tile they sit on a white plate.
        Rectangle {
            anchors.horizontalCenter: parent.horizontalCenter
            width: Theme.px(96)
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
        Text {
            width: parent.width
            horizontalAlignment: Text.AlignHCenter
            text: tile.service.title
            wrapMode: Text.WordWrap
            font.pixelSize: Theme.fontLarge
            font.bold: true
            color: tile.service.available ? Theme.primary : Theme.disabledText
        }
        Text {
            width: parent.width
            horizontalAlignment: Text.AlignHCenter
            text: tile.service.available ? tile.service.help : tile.service.reason
            // Never cut: the tile grows (a row of tiles takes its tallest tile's height).
            wrapMode: Text.WordWrap
            font.pixelSize: Theme.fontSmall
            color: tile.service.available ? Theme.mutedText : Theme.danger
        }
    }
    MouseArea {
        id: area
        anchors.fill: parent
        enabled: tile.service.available
        onClicked: tile.chosen(tile.service.id)
    }
}
