import QtQuick
import QtQuick.Controls.Basic
import KioskBackend

// Informasi Publik: the information pages and the village budget, from the (cached) catalog.
Item {
    id: screen
    objectName: "informationScreen"
    property bool showBudget: false
    ScreenHeader { id: header }

    Column {
        id: titles
        anchors.top: header.bottom
        anchors.topMargin: Theme.spacing
        anchors.left: parent.left
        anchors.leftMargin: Theme.margin
        anchors.right: parent.right
        anchors.rightMargin: Theme.margin
        spacing: Theme.spacing
        Text {
            width: parent.width
            text: qsTr("Informasi Publik")
            font.pixelSize: Theme.fontTitle
            font.bold: true
            color: Theme.text
        }
        Row {
            spacing: Theme.spacing
            KioskButton {
                objectName: "infoPages"
                primary: !screen.showBudget
                text: qsTr("Informasi")
                onClicked: screen.showBudget = false
            }
            KioskButton {
                objectName: "infoBudget"
                visible: (Form.information.budget || []).length > 0
                primary: screen.showBudget
                text: qsTr("APBDes")
                onClicked: screen.showBudget = true
            }
        }
    }

    Flickable {
        anchors.top: titles.bottom
        anchors.topMargin: Theme.spacing
        anchors.bottom: footer.top
        anchors.bottomMargin: Theme.spacing
        anchors.left: titles.left
        anchors.right: titles.right
        contentHeight: screen.showBudget ? budget.height : pages.height
        clip: true
        boundsBehavior: Flickable.StopAtBounds
        ScrollIndicator.vertical: ScrollIndicator { active: true }

        Column {
            id: pages
            visible: !screen.showBudget
            width: parent.width
            spacing: Theme.spacing
            Repeater {
                model: Form.information.pages || []
                delegate: Rectangle {
                    required property var modelData
                    width: pages.width
                    height: pageText.implicitHeight + Theme.px(48)
                    radius: Theme.radius
                    color: Theme.surface
                    border.color: Theme.border
                    border.width: Theme.px(3)
                    Column {
                        id: pageText
                        anchors.left: parent.left
                        anchors.right: parent.right
                        anchors.top: parent.top
                        anchors.margins: Theme.px(24)
                        spacing: Theme.px(8)
                        Text {
                            width: parent.width
                            text: modelData.title
                            wrapMode: Text.WordWrap
                            font.pixelSize: Theme.fontLarge
                            font.bold: true
                            color: Theme.primary
                        }
                        Text {
                            width: parent.width
                            text: modelData.body
                            wrapMode: Text.WordWrap
                            font.pixelSize: Theme.fontBody
                            color: Theme.text
                        }
                    }
                }
            }
        }

        Column {
            id: budget
            objectName: "budgetTable"
            visible: screen.showBudget
            width: parent.width
            spacing: 0
            Text {
                width: parent.width
                bottomPadding: Theme.px(16)
                text: Form.information.budgetTitle || ""
                wrapMode: Text.WordWrap
                font.pixelSize: Theme.fontLarge
                font.bold: true
                color: Theme.text
            }
            Repeater {
                model: [{ label: qsTr("Uraian"), planned: qsTr("Anggaran"), realized: qsTr("Realisasi"), header: true }]
                    .concat(Form.information.budget || [])
                delegate: Rectangle {
                    id: row
                    required property var modelData
                    readonly property bool bold: !!modelData.header || !!modelData.heading
                    width: budget.width
                    height: Math.max(cells.implicitHeight, Theme.px(40)) + Theme.px(28)
                    color: modelData.header ? Theme.primary : modelData.heading ? Theme.disabledSurface : Theme.surface
                    border.color: Theme.border
                    border.width: Theme.px(1)
                    // Amounts in body size with room between the columns; an amount too wide
                    // for its column (large text, portrait) shrinks rather than run into the next.
                    Row {
                        id: cells
                        anchors.verticalCenter: parent.verticalCenter
                        x: Theme.px(12)
                        width: parent.width - Theme.px(24)
                        spacing: Theme.px(16)
                        readonly property real amountWidth: (width - 2 * spacing) * 0.32
                        Text {
                            width: parent.width - 2 * (cells.amountWidth + cells.spacing)
                            text: (row.modelData.header || row.modelData.heading ? "" : "   ") + row.modelData.label
                            // A word longer than the column breaks instead of running under the amounts.
                            wrapMode: Text.Wrap
                            font.pixelSize: Theme.fontBody
                            font.bold: row.bold
                            color: row.modelData.header ? Theme.textOnPrimary : Theme.text
                        }
                        Text {
                            width: cells.amountWidth
                            horizontalAlignment: Text.AlignRight
                            text: row.modelData.planned
                            fontSizeMode: Text.HorizontalFit
                            minimumPixelSize: Theme.px(20)
                            font.pixelSize: Theme.fontBody
                            font.bold: row.bold
                            color: row.modelData.header ? Theme.textOnPrimary : Theme.text
                        }
                        Text {
                            width: cells.amountWidth
                            horizontalAlignment: Text.AlignRight
                            text: row.modelData.realized
                            fontSizeMode: Text.HorizontalFit
                            minimumPixelSize: Theme.px(20)
                            font.pixelSize: Theme.fontBody
                            font.bold: row.bold
                            color: row.modelData.header ? Theme.textOnPrimary : Theme.text
                        }
                    }
                }
            }
        }
    }

    Row {
        id: footer
        anchors.bottom: parent.bottom
        anchors.bottomMargin: Theme.margin
        anchors.left: titles.left
        KioskButton {
            objectName: "infoBack"
            primary: false
            text: qsTr("Kembali")
            onClicked: Session.back()
        }
    }
}
