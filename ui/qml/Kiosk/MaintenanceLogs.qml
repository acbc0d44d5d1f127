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
        ListView {
            id: lines
            anchors.fill: parent
            anchors.margins: Theme.px(16)
            clip: true
            boundsBehavior: Flickable.StopAtBounds
            ScrollIndicator.vertical: ScrollIndicator { active: true }
            model: TechLogs.logLines
            onCountChanged: positionViewAtEnd()
            delegate: Text {
                required property string modelData
                width: ListView.view.width
                text: modelData
                wrapMode: Text.WrapAnywhere
                font.family: "monospace"
                font.pixelSize: Theme.px(22)
                color: "#E6EDF3"
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
