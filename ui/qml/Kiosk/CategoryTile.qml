import QtQuick

// One group of services on the first home screen (letters, reports, information): its icon,
// its name and the services inside, so a citizen sees where a service is before tapping.
Rectangle {
    id: tile
    required property var category
    readonly property var serviceIds: category.services.map(service => service.id)
    signal chosen(string categoryId)

    objectName: "category_" + category.id
    implicitHeight: content.implicitHeight + Theme.px(48)
    radius: Theme.radius
    color: area.pressed ? Theme.disabledSurface : Theme.surface
    border.color: Theme.primary
    border.width: Theme.px(4)

    Accessible.role: Accessible.Button
    Accessible.name: tile.category.title
    Accessible.description: names.text

    Column {
        id: content
        anchors.left: parent.left
        anchors.right: parent.right
        anchors.verticalCenter: parent.verticalCenter
        anchors.margins: Theme.px(24)
        spacing: Theme.px(12)
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
                source: "icons/category_" + tile.category.id + ".svg"
            }
        }
        Text {
            width: parent.width
            horizontalAlignment: Text.AlignHCenter
            text: tile.category.title + "\u00a0›"
            wrapMode: Text.WordWrap
            font.pixelSize: Theme.fontLarge
            font.bold: true
            color: Theme.primary
        }
        Text {
            id: names
            width: parent.width
            horizontalAlignment: Text.AlignHCenter
            // What is inside, by name: "Surat Pernyataan Miskin · Surat Keterangan ...".
            text: tile.category.services.map(service => service.title).join("  ·  ")
            wrapMode: Text.WordWrap
            font.pixelSize: Theme.fontSmall
            color: Theme.mutedText
        }
    }
    MouseArea {
        id: area
        anchors.fill: parent
        onClicked: tile.chosen(tile.category.id)
    }
}
