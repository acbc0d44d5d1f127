import QtQuick
import QtQuick.Controls.Basic
import KioskBackend

// Ambil Nomor Antrian: the citizen picks the counter; the number is issued at once.
Item {
    objectName: "queueCounterScreen"

    ScreenHeader { id: header }

    Text {
        id: heading
        anchors.top: header.bottom
        anchors.topMargin: Theme.margin
        anchors.left: parent.left
        anchors.leftMargin: Theme.margin
        anchors.right: parent.right
        anchors.rightMargin: Theme.margin
        text: qsTr("Pilih loket tujuan")
        font.pixelSize: Theme.fontTitle
        font.bold: true
        color: Theme.text
    }
    Text {
        id: subheading
        anchors.top: heading.bottom
        anchors.topMargin: Theme.px(8)
        anchors.left: heading.left
        anchors.right: heading.right
        text: qsTr("Nomor antrian langsung dicetak setelah Anda memilih loket.")
        wrapMode: Text.WordWrap
        font.pixelSize: Theme.fontBody
        color: Theme.mutedText
    }
    Rectangle {
        id: error
        visible: Session.submitError
        anchors.top: subheading.bottom
        anchors.topMargin: visible ? Theme.spacing : 0
        anchors.left: heading.left
        anchors.right: heading.right
        height: visible ? errorText.implicitHeight + Theme.px(40) : 0
        radius: Theme.radius
        color: Theme.dangerSurface
        border.color: Theme.danger
        border.width: Theme.px(3)
        Text {
            id: errorText
            anchors.centerIn: parent
            width: parent.width - Theme.px(40)
            objectName: "queueSubmitError"
            text: Session.submitProblem
                || qsTr("Maaf, nomor antrian belum dapat dibuat. Silakan coba lagi atau hubungi petugas.")
            wrapMode: Text.WordWrap
            font.pixelSize: Theme.fontBody
            color: Theme.danger
        }
    }

    Flickable {
        anchors.top: error.bottom
        anchors.topMargin: Theme.spacing
        anchors.bottom: footer.top
        anchors.bottomMargin: Theme.spacing
        anchors.left: heading.left
        anchors.right: heading.right
        contentHeight: grid.height
        clip: true
        boundsBehavior: Flickable.StopAtBounds
        ScrollIndicator.vertical: ScrollIndicator { active: true }
        Grid {
            id: grid
            width: parent.width
            columns: Theme.portrait ? 1 : 3
            spacing: Theme.spacing
            Repeater {
                model: Session.counters
                delegate: Rectangle {
                    id: counterButton
                    required property var modelData
                    objectName: "counter_" + modelData.code
                    width: (grid.width - (grid.columns - 1) * grid.spacing) / grid.columns
                    height: Math.max(Theme.touchTarget * 1.4, texts.implicitHeight + Theme.px(48))
                    radius: Theme.radius
                    color: area.pressed ? Theme.disabledSurface : Theme.surface
                    border.color: Theme.primary
                    border.width: Theme.px(4)
                    Accessible.role: Accessible.Button
                    Accessible.name: modelData.name
                    Rectangle {
                        id: badge
                        anchors.left: parent.left
                        anchors.leftMargin: Theme.px(28)
                        anchors.verticalCenter: parent.verticalCenter
                        width: Theme.px(96); height: width; radius: width / 2
                        color: Theme.primary
                        Text {
                            anchors.centerIn: parent
                            text: counterButton.modelData.code
                            font.pixelSize: Theme.fontTitle
                            font.bold: true
                            color: Theme.textOnPrimary
                        }
                    }
                    Column {
                        id: texts
                        anchors.left: badge.right
                        anchors.leftMargin: Theme.px(28)
                        anchors.right: parent.right
                        anchors.rightMargin: Theme.px(28)
                        anchors.verticalCenter: parent.verticalCenter
                        spacing: Theme.px(6)
                        Text {
                            width: parent.width
                            text: counterButton.modelData.name
                            wrapMode: Text.WordWrap
                            font.pixelSize: Theme.fontLarge
                            font.bold: true
                            color: Theme.primary
                        }
                        Text {
                            width: parent.width
                            text: counterButton.modelData.location
                            wrapMode: Text.WordWrap
                            font.pixelSize: Theme.fontBody
                            color: Theme.mutedText
                        }
                    }
                    MouseArea {
                        id: area
                        anchors.fill: parent
                        onClicked: Session.chooseCounter(counterButton.modelData.code)
                    }
                }
            }
        }
    }

    Row {
        id: footer
        anchors.bottom: parent.bottom
        anchors.bottomMargin: Theme.margin
        anchors.left: heading.left
        spacing: Theme.spacing
        KioskButton {
            objectName: "formBack"
            primary: false
            text: qsTr("Kembali")
            onClicked: Session.back()
        }
        KioskButton {
            objectName: "formCancel"
            primary: false
            text: qsTr("Batal")
            onClicked: Session.end()
        }
    }
}
