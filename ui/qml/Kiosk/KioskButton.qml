import QtQuick

// A large touch button: never smaller than Theme.touchTarget in either direction.
Rectangle {
    id: button
    property string text
    property bool primary: true
    signal clicked()

    implicitWidth: Math.max(Theme.touchTarget * 2.5, label.implicitWidth + Theme.px(80))
    implicitHeight: Theme.touchTarget
    radius: Theme.radius
    color: !enabled ? Theme.disabledSurface
                    : primary ? (area.pressed ? Theme.primaryDark : Theme.primary)
                              : (area.pressed ? Theme.disabledSurface : Theme.surface)
    border.color: primary ? "transparent" : Theme.primary
    border.width: primary ? 0 : Theme.px(4)

    Accessible.role: Accessible.Button
    Accessible.name: text
    Accessible.onPressAction: clicked()

    Text {
        id: label
        anchors.centerIn: parent
        width: parent.width - Theme.px(40)
        horizontalAlignment: Text.AlignHCenter
        text: button.text
        wrapMode: Text.WordWrap
        font.pixelSize: Theme.fontLarge
        font.bold: true
        color: !button.enabled ? Theme.disabledText : button.primary ? Theme.textOnPrimary : Theme.primary
    }

    MouseArea {
        id: area
        anchors.fill: parent
        onClicked: button.clicked()
    }
}
