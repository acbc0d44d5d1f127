import QtQuick

// A maintenance-screen button: smaller type than a citizen's, still a full touch target.
Rectangle {
    id: button
    property string text
    property bool primary: true
    property bool danger: false
    property bool selected: false
    signal clicked()

    implicitWidth: Math.max(Theme.px(180), label.implicitWidth + Theme.px(48))
    implicitHeight: Math.max(Theme.px(96), 80)
    radius: Theme.px(16)
    color: !enabled ? Theme.disabledSurface
         : area.pressed ? Theme.primaryDark
         : selected ? Theme.primaryDark
         : danger ? Theme.danger
         : primary ? Theme.primary : Theme.surface
    border.color: primary || danger || selected ? "transparent" : Theme.primary
    border.width: Theme.px(3)
    Accessible.role: Accessible.Button
    Accessible.name: text
    Accessible.onPressAction: clicked()

    Text {
        id: label
        anchors.centerIn: parent
        width: parent.width - Theme.px(24)
        horizontalAlignment: Text.AlignHCenter
        text: button.text
        wrapMode: Text.WordWrap
        font.pixelSize: Theme.fontSmall
        font.bold: true
        color: !button.enabled ? Theme.disabledText
             : button.primary || button.danger || button.selected || area.pressed
               ? Theme.textOnPrimary : Theme.primary
    }
    MouseArea {
        id: area
        anchors.fill: parent
        onClicked: button.clicked()
    }
}
