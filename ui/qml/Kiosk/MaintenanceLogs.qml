import QtQuick
import QtQuick.Controls.Basic
import KioskBackend

// The last lines of the kiosk's log, newest at the bottom; NIK-like numbers are masked.
Item {
    objectName: "maintenanceLogs"

    MaintenanceButton {
        id: refresh
        objectName: "logsRefresh"
        anchors.top: parent.top
        anchors.right: parent.right
        text: qsTr("Perbarui")
        onClicked: TechLogs.refreshLogs()
    }
    Rectangle {
        anchors.top: refresh.bottom
        anchors.topMargin: Theme.px(16)
        anchors.bottom: parent.bottom
        width: parent.width
        radius: Theme.px(12)
        color: Theme.text
        // A plain column (not a ListView, whose lines of varying height are only estimated
        // until drawn), so the newest line ends the view and the top line is whole: a line the
        // top edge would cut is scrolled out (older lines are a flick away).
        Flickable {
            id: lines
            anchors.fill: parent
            anchors.margins: Theme.px(16)
            contentHeight: column.height
            clip: true
            boundsBehavior: Flickable.StopAtBounds
            ScrollIndicator.vertical: ScrollIndicator { active: true }
            onHeightChanged: Qt.callLater(showNewest)
            function showNewest() {
                const end = Math.max(0, column.height - height)
                let top = end
                for (const line of column.children) {
                    if (line.y < end && line.y + line.height > end) top = line.y + line.height
                }
                contentY = top
            }
            Column {
                id: column
                width: lines.width
                onHeightChanged: Qt.callLater(lines.showNewest)
                Repeater {
                    model: TechLogs.logLines
                    delegate: Text {
                        required property string modelData
                        objectName: "logLine"
                        width: column.width
                        text: modelData
                        wrapMode: Text.WrapAnywhere
                        font.family: "monospace"
                        font.pixelSize: Theme.px(22)
                        color: "#E6EDF3"
                    }
                }
            }
        }
        Text {
            anchors.centerIn: parent
            visible: TechLogs.logLines.length === 0
            text: qsTr("Belum ada baris log.")
            font.pixelSize: Theme.fontBody
            color: "#E6EDF3"
        }
    }
}
