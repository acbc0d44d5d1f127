import QtQuick
import QtQuick.Controls.Basic
import KioskBackend

// Settings: every one is shown (secrets hidden); the allowed ones can be changed on the
// pad or by choice, checked exactly as the config file is, and apply after a restart.
// The technician's own PIN is changed here too.
Item {
    id: page
    objectName: "maintenanceConfig"
    property var editing: null      // the row being edited
    property bool changingPin: false
    property string firstPin: ""

    MaintenanceButton {
        id: pinButton
        objectName: "configChangePin"
        anchors.top: parent.top
        anchors.right: parent.right
        primary: false
        text: qsTr("Ganti PIN")
        onClicked: { page.firstPin = ""; page.changingPin = true }
    }

    ListView {
        anchors.top: pinButton.bottom
        anchors.topMargin: Theme.px(16)
        anchors.bottom: parent.bottom
        width: parent.width
        clip: true
        boundsBehavior: Flickable.StopAtBounds
        ScrollIndicator.vertical: ScrollIndicator { active: true }
        model: TechConfig.configRows
        spacing: Theme.px(6)
        delegate: Rectangle {
            id: row
            required property var modelData
            width: ListView.view.width
            height: Math.max(modelData.editable ? editButton.height : 0, texts.implicitHeight)
                    + Theme.px(20)
            radius: Theme.px(10)
            color: modelData.editable ? Theme.surface : "transparent"
            Column {
                id: texts
                anchors.left: parent.left
                anchors.leftMargin: Theme.px(16)
                anchors.right: editButton.left
                anchors.rightMargin: Theme.px(16)
                anchors.verticalCenter: parent.verticalCenter
                Text {
                    width: parent.width
                    text: row.modelData.key
                    elide: Text.ElideRight
                    font.pixelSize: Theme.fontSmall
                    font.bold: row.modelData.editable
                    color: Theme.text
                }
                Text {
                    width: parent.width
                    text: (row.modelData.value === "" ? qsTr("(kosong)") : row.modelData.value)
                          + (row.modelData.saved !== ""
                             ? "  →  " + qsTr("%1 setelah mulai ulang").arg(row.modelData.saved) : "")
                    wrapMode: Text.WrapAnywhere
                    font.pixelSize: Theme.fontSmall
                    color: row.modelData.saved !== "" ? Theme.success : Theme.mutedText
                }
            }
            MaintenanceButton {
                id: editButton
                objectName: "configEdit_" + row.modelData.key
                visible: row.modelData.editable
                anchors.right: parent.right
                anchors.rightMargin: Theme.px(10)
                anchors.verticalCenter: parent.verticalCenter
                width: visible ? implicitWidth : 0
                text: qsTr("Ubah")
                onClicked: { numberPad.clear(); page.editing = row.modelData }
            }
        }
    }

    // The editor for one setting, above the list.
    Rectangle {
        objectName: "configEditor"
        anchors.fill: parent
        visible: page.editing !== null
        color: Theme.background
        MouseArea { anchors.fill: parent }
        Column {
            anchors.horizontalCenter: parent.horizontalCenter
            width: Math.min(parent.width, Theme.px(900))
            spacing: Theme.spacing
            Text {
                width: parent.width
                text: page.editing ? page.editing.key : ""
                font.pixelSize: Theme.fontLarge
                font.bold: true
                color: Theme.text
            }
            Text {
                width: parent.width
                wrapMode: Text.WordWrap
                text: !page.editing ? ""
                      : qsTr("Sekarang: %1").arg(page.editing.value)
                        + (page.editing.minimum !== "" && page.editing.maximum !== ""
                           ? "  ·  " + qsTr("Boleh %1 sampai %2").arg(page.editing.minimum)
                                                                  .arg(page.editing.maximum)
                           : "")
                font.pixelSize: Theme.fontBody
                color: Theme.mutedText
            }
            // Numbers: typed on the pad.
            Text {
                objectName: "configValue"
                visible: page.editing !== null && page.editing.choices.length === 0
                         && page.editing.kind !== "bool"
                width: parent.width
                horizontalAlignment: Text.AlignHCenter
                text: numberPad.value === "" ? "—" : numberPad.value
                font.pixelSize: Theme.fontTitle
                font.bold: true
                color: Theme.text
            }
            NumericPad {
                id: numberPad
                objectName: "configPad"
                visible: page.editing !== null && page.editing.choices.length === 0
                         && page.editing.kind !== "bool"
                anchors.horizontalCenter: parent.horizontalCenter
                maxLength: 6
                confirmText: qsTr("Simpan")
                onConfirm: {
                    if (TechConfig.setConfig(page.editing.key, value)) page.editing = null
                }
            }
            // Choices and yes/no: one button each.
            Flow {
                visible: page.editing !== null
                         && (page.editing.choices.length > 0 || page.editing.kind === "bool")
                width: parent.width
                spacing: Theme.px(16)
                Repeater {
                    model: !page.editing ? []
                           : page.editing.kind === "bool" ? ["true", "false"] : page.editing.choices
                    delegate: MaintenanceButton {
                        required property string modelData
                        objectName: "configChoice_" + modelData
                        selected: page.editing && page.editing.value === modelData
                        primary: false
                        text: modelData
                        onClicked: {
                            if (TechConfig.setConfig(page.editing.key, modelData)) page.editing = null
                        }
                    }
                }
            }
            MaintenanceButton {
                objectName: "configCancel"
                width: parent.width
                primary: false
                text: qsTr("Batal")
                onClicked: page.editing = null
            }
        }
    }

    // Changing the technician's own PIN: typed twice.
    Rectangle {
        objectName: "pinChanger"
        anchors.fill: parent
        visible: page.changingPin
        color: Theme.background
        MouseArea { anchors.fill: parent }
        Column {
            anchors.horizontalCenter: parent.horizontalCenter
            spacing: Theme.spacing
            Text {
                anchors.horizontalCenter: parent.horizontalCenter
                text: page.firstPin === "" ? qsTr("PIN baru (6 sampai 12 angka)")
                                           : qsTr("Ulangi PIN baru")
                font.pixelSize: Theme.fontLarge
                font.bold: true
                color: Theme.text
            }
            Row {
                anchors.horizontalCenter: parent.horizontalCenter
                height: Theme.px(40)
                spacing: Theme.px(16)
                Repeater {
                    model: pinPad.value.length
                    delegate: Rectangle {
                        width: Theme.px(32)
                        height: width
                        radius: width / 2
                        color: Theme.text
                    }
                }
            }
            NumericPad {
                id: pinPad
                objectName: "newPinPad"
                anchors.horizontalCenter: parent.horizontalCenter
                maxLength: 12
                confirmEnabled: value.length >= 6
                confirmText: page.firstPin === "" ? qsTr("Lanjut") : qsTr("Simpan")
                onConfirm: {
                    if (page.firstPin === "") {
                        page.firstPin = value
                        clear()
                    } else {
                        TechConfig.changePin(page.firstPin, value)
                        page.firstPin = ""
                        clear()
                        page.changingPin = false
                    }
                }
            }
            MaintenanceButton {
                objectName: "pinChangeCancel"
                width: pinPad.width
                primary: false
                text: qsTr("Batal")
                onClicked: { pinPad.clear(); page.firstPin = ""; page.changingPin = false }
            }
        }
    }
}
