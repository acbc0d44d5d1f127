import QtQuick
import KioskBackend

// A short message about the last scan ("QR ini tidak dikenali."), over any screen.
Rectangle {
    id: notice
    objectName: "scanNotice"
    visible: Scans.notice !== ""
    width: Math.min(parent.width - 2 * Theme.margin, noticeText.implicitWidth + Theme.px(80))
    height: noticeText.implicitHeight + Theme.px(48)
    radius: Theme.radius
    color: Theme.text
    Accessible.role: Accessible.AlertMessage
    Accessible.name: Scans.notice

    // A tap dismisses it, and goes no further (not to a start area underneath).
    MouseArea {
        anchors.fill: parent
        onClicked: Scans.dismissNotice()
    }

    Text {
        id: noticeText
        anchors.centerIn: parent
        width: Math.min(implicitWidth, notice.parent.width - 2 * Theme.margin - Theme.px(80))
        horizontalAlignment: Text.AlignHCenter
        text: Scans.notice
        wrapMode: Text.WordWrap
        font.pixelSize: Theme.fontLarge
        font.bold: true
        color: Theme.surface
    }
}
