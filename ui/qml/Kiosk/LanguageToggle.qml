import QtQuick
import KioskBackend

// Two side-by-side buttons; the active language is filled.
Row {
    spacing: Theme.px(12)
    Repeater {
        model: [{ code: "id", label: "Indonesia" }, { code: "en", label: "English" }]
        delegate: Rectangle {
            required property var modelData
            objectName: "language_" + modelData.code
            readonly property bool active: Session.language === modelData.code
            width: langLabel.implicitWidth + Theme.px(48)
            height: Theme.touchTarget * 0.8
            radius: height / 2
            color: active ? Theme.textOnPrimary : "transparent"
            border.color: Theme.textOnPrimary
            border.width: Theme.px(3)
            Accessible.role: Accessible.Button
            Accessible.name: modelData.label
            Text {
                id: langLabel
                anchors.centerIn: parent
                text: modelData.label
                font.pixelSize: Theme.fontSmall
                font.bold: true
                color: parent.active ? Theme.primary : Theme.textOnPrimary
            }
            MouseArea {
                anchors.fill: parent
                anchors.margins: -Theme.px(8)
                onClicked: Session.setLanguage(modelData.code)
            }
        }
    }
}
