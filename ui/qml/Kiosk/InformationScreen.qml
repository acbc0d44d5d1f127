import QtQuick
import QtQuick.Controls.Basic
import KioskBackend

// Informasi Publik: the information pages and the village budget, from the (cached) catalog.
Item {
    id: screen
    objectName: "informationScreen"
    property bool showBudget: false
    onShowBudgetChanged: flick.contentY = 0
    ScreenHeader { id: header }

    // The title and the two tabs; side by side where the width allows (landscape).
    Flow {
        id: titles
        anchors.top: header.bottom
        anchors.topMargin: Theme.spacing
        anchors.left: parent.left
        anchors.leftMargin: Theme.margin
        anchors.right: parent.right
        anchors.rightMargin: Theme.margin
        spacing: Theme.spacing
        Text {
            width: Theme.portrait ? parent.width : Math.min(implicitWidth, parent.width)
            height: Theme.portrait ? implicitHeight : Math.max(implicitHeight, Theme.touchTarget)
            verticalAlignment: Text.AlignVCenter
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
        id: flick
        anchors.top: titles.bottom
        anchors.topMargin: Theme.spacing
        anchors.bottom: cue.visible ? cue.top : footer.top
        anchors.bottomMargin: cue.visible ? cue.spacing : Theme.spacing
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

        // The APBDes, one block a line: its name (items indented under their section,
        // wrapped lines too), how much of the plan was realized as a percentage and a bar,
        // then the planned and realized amounts. Sections and items share one text size.
        Column {
            id: budget
            objectName: "budgetTable"
            visible: screen.showBudget
            width: parent.width
            spacing: Theme.px(12)
            Text {
                width: parent.width
                bottomPadding: Theme.px(4)
                text: Form.information.budgetTitle || ""
                wrapMode: Text.WordWrap
                font.pixelSize: Theme.fontLarge
                font.bold: true
                color: Theme.text
            }
            Repeater {
                model: Form.information.budget || []
                delegate: Rectangle {
                    id: row
                    required property var modelData
                    readonly property bool section: !!modelData.heading
                    objectName: "budgetRow"
                    width: budget.width
                    height: lines.implicitHeight + Theme.px(32)
                    radius: Theme.px(12)
                    color: section ? Theme.disabledSurface : Theme.surface
                    border.color: section ? Theme.primary : Theme.border
                    border.width: Theme.px(section ? 3 : 2)
                    Column {
                        id: lines
                        anchors.verticalCenter: parent.verticalCenter
                        // Items sit under their section: the whole block is indented.
                        x: Theme.px(20) + (row.section ? 0 : Theme.px(40))
                        width: parent.width - x - Theme.px(20)
                        spacing: Theme.px(8)
                        Item {
                            width: parent.width
                            height: Math.max(label.implicitHeight, percent.implicitHeight)
                            Text {
                                id: label
                                width: parent.width - percent.width - Theme.spacing
                                text: row.modelData.label
                                wrapMode: Text.WordWrap
                                font.pixelSize: Theme.fontBody
                                font.bold: true
                                color: Theme.text
                            }
                            Text {
                                id: percent
                                objectName: "budgetPercent"
                                anchors.right: parent.right
                                text: qsTr("%1%").arg(row.modelData.percent)
                                font.pixelSize: Theme.fontBody
                                font.bold: true
                                color: Theme.primary
                            }
                        }
                        Rectangle {
                            width: parent.width
                            height: Theme.px(14)
                            radius: height / 2
                            color: Theme.background
                            border.color: Theme.border
                            border.width: Theme.px(1)
                            Rectangle {
                                width: parent.width * Math.min(100, row.modelData.percent) / 100
                                height: parent.height
                                radius: parent.radius
                                color: Theme.primary
                            }
                        }
                        Flow {
                            width: parent.width
                            spacing: Theme.spacing
                            Text {
                                text: qsTr("Anggaran %1").arg(row.modelData.planned)
                                font.pixelSize: Theme.fontBody
                                color: Theme.text
                            }
                            Text {
                                text: qsTr("Realisasi %1").arg(row.modelData.realized)
                                font.pixelSize: Theme.fontBody
                                color: Theme.text
                            }
                        }
                    }
                }
            }
        }
    }

    ScrollCue {
        id: cue
        flickable: flick
        containers: [screen.showBudget ? budget : pages]
        room: footer.y - Theme.spacing - flick.y
        anchors.left: titles.left
        anchors.right: titles.right
        anchors.bottom: footer.top
        anchors.bottomMargin: Theme.spacing
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
