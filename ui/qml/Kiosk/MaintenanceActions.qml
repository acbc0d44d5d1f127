import QtQuick
import KioskBackend

// Actions on the whole kiosk; leaving for the desktop needs the supervisor's PIN.
Column {
    id: actions
    objectName: "maintenanceActions"
    spacing: Theme.spacing
    // Restarting and leaving need a second tap, so a slip of the finger does neither.
    property string armed: ""

    Repeater {
        model: [
            { "name": "reloadCatalog", "title": qsTr("Muat ulang katalog"),
              "hint": qsTr("Meminta katalog layanan terbaru dari server pusat.") },
            { "name": "restart", "title": qsTr("Mulai ulang aplikasi"),
              "hint": qsTr("Aplikasi kios ditutup dan langsung dijalankan lagi.") },
            { "name": "exit", "title": qsTr("Keluar ke desktop"),
              "hint": qsTr("Hanya untuk supervisor. Kios berhenti sampai dijalankan lagi.") }
        ]
        delegate: Rectangle {
            id: action
            required property var modelData
            width: parent.width
            height: Math.max(button.height, hint.implicitHeight) + Theme.px(40)
            radius: Theme.px(16)
            color: Theme.surface
            MaintenanceButton {
                id: button
                objectName: "action_" + action.modelData.name
                anchors.left: parent.left
                anchors.leftMargin: Theme.px(20)
                anchors.verticalCenter: parent.verticalCenter
                width: Theme.px(360)
                danger: action.modelData.name !== "reloadCatalog"
                enabled: action.modelData.name !== "exit" || Maintenance.canExit
                text: actions.armed === action.modelData.name
                      ? qsTr("Sentuh lagi untuk memastikan") : action.modelData.title
                onClicked: {
                    const name = action.modelData.name
                    if (name === "reloadCatalog") {
                        actions.armed = ""
                        TechActions.reloadCatalog()
                    } else if (actions.armed !== name) {
                        actions.armed = name
                    } else if (name === "restart") {
                        TechActions.restart()
                    } else {
                        TechActions.exitToDesktop()
                    }
                }
            }
            Text {
                id: hint
                anchors.left: button.right
                anchors.leftMargin: Theme.px(24)
                anchors.right: parent.right
                anchors.rightMargin: Theme.px(20)
                anchors.verticalCenter: parent.verticalCenter
                text: action.modelData.hint
                wrapMode: Text.WordWrap
                font.pixelSize: Theme.fontSmall
                color: Theme.mutedText
            }
        }
    }
}
