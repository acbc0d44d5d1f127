import QtQuick
import KioskBackend

// Developer panel, only with --demo: drives the simulated devices.
Column {
    id: panel
    property bool open: false
    spacing: Theme.px(8)

    Rectangle {
        visible: panel.open
        width: Theme.px(460)
        height: actions.implicitHeight + Theme.px(32)
        radius: Theme.px(12)
        color: "#F0202830"
        Column {
            id: actions
            anchors.centerIn: parent
            width: parent.width - Theme.px(32)
            spacing: Theme.px(8)
            Text {
                width: parent.width
                color: "white"
                font.pixelSize: Theme.px(22)
                wrapMode: Text.WordWrap
                text: qsTr("Printer: %1\nPembaca kartu: %2\nPemindai: %3\n%4")
                      .arg(Devices.printerStatus).arg(Devices.readerStatus)
                      .arg(Devices.scannerStatus).arg(Devices.lastEvent)
            }
            Repeater {
                model: [
                    { label: qsTr("Kertas habis"), action: function() { Devices.setPaperOut(true) } },
                    { label: qsTr("Kertas diisi"), action: function() { Devices.setPaperOut(false) } },
                    { label: qsTr("Gagalkan cetak berikutnya"), action: function() { Devices.failNextPrint() } },
                    { label: qsTr("Tempel / angkat e-KTP"), action: function() { Devices.tapCard() } },
                    { label: qsTr("Pindai QR contoh"), action: function() { Devices.scanQr() } }
                ]
                delegate: Rectangle {
                    required property var modelData
                    width: actions.width
                    height: Theme.px(64)
                    radius: Theme.px(8)
                    color: demoArea.pressed ? "#405060" : "#2C3A48"
                    Text {
                        anchors.centerIn: parent
                        text: modelData.label
                        color: "white"
                        font.pixelSize: Theme.px(24)
                    }
                    MouseArea { id: demoArea; anchors.fill: parent; onClicked: modelData.action() }
                }
            }
        }
    }
    Rectangle {
        objectName: "demoToggle"
        width: Theme.px(120); height: Theme.px(64)
        radius: Theme.px(12)
        color: "#C0202830"
        Text { anchors.centerIn: parent; text: "DEMO"; color: "white"; font.bold: true; font.pixelSize: Theme.px(24) }
        MouseArea { anchors.fill: parent; onClicked: panel.open = !panel.open }
    }
}
