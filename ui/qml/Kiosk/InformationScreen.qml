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

        // The APBDes: each line's name (items indented under their section, wrapped lines
        // too), how much of the plan was realized as a percentage and a bar, the planned and
        // realized amounts. Sections and items share one text size. Portrait: a block a
        // line; landscape: a table, the amounts under their column's heading.
        Column {
            id: budget
            objectName: "budgetTable"
            visible: screen.showBudget
            width: parent.width
            spacing: Theme.portrait ? Theme.px(12) : Theme.px(6)
            // The table's columns (landscape): name, realization, planned, realized.
            readonly property real nameWidth: width * 0.34
            readonly property real barWidth: width * 0.2
            // The rest, less the gaps between the four columns and the line's inner margins.
            readonly property real amountWidth:
                (width - nameWidth - barWidth - 3 * Theme.spacing - Theme.px(40)) / 2
            Text {
                width: parent.width
                bottomPadding: Theme.px(4)
                text: Form.information.budgetTitle || ""
                wrapMode: Text.WordWrap
                font.pixelSize: Theme.fontLarge
                font.bold: true
                color: Theme.text
            }
            Row {
                visible: !Theme.portrait
                x: Theme.px(20)
                spacing: Theme.spacing
                Repeater {
                    model: [{ text: qsTr("Uraian"), width: budget.nameWidth - Theme.px(20) },
                            { text: qsTr("Realisasi (%)"), width: budget.barWidth },
                            { text: qsTr("Anggaran"), width: budget.amountWidth },
                            { text: qsTr("Realisasi"), width: budget.amountWidth }]
                    delegate: Text {
                        required property var modelData
                        required property int index
                        width: modelData.width
                        horizontalAlignment: index >= 2 ? Text.AlignRight : Text.AlignLeft
                        text: modelData.text
                        font.pixelSize: Theme.fontSmall
                        font.bold: true
                        color: Theme.mutedText
                    }
                }
            }
            Repeater {
                model: Form.information.budget || []
                delegate: Rectangle {
                    id: row
                    required property var modelData
                    readonly property bool section: !!modelData.heading
                    // Items sit under their section: the whole line is indented.
                    readonly property real indent: section ? 0 : Theme.px(40)
                    objectName: "budgetRow"
                    width: budget.width
                    height: (Theme.portrait ? block.implicitHeight : line.implicitHeight)
                            + Theme.px(Theme.portrait ? 32 : 20)
                    radius: Theme.px(12)
                    color: section ? Theme.disabledSurface : Theme.surface
                    border.color: section ? Theme.primary : Theme.border
                    border.width: Theme.px(section ? 3 : 2)

                    component Realization: Item {
                        id: realization
                        property int value: 0
                        implicitHeight: Math.max(percent.implicitHeight, Theme.px(14))
                        Rectangle {
                            anchors.left: parent.left
                            anchors.right: percent.left
                            anchors.rightMargin: Theme.px(12)
                            anchors.verticalCenter: parent.verticalCenter
                            height: Theme.px(14)
                            radius: height / 2
                            color: Theme.background
                            border.color: Theme.border
                            border.width: Theme.px(1)
                            Rectangle {
                                width: parent.width * Math.min(100, realization.value) / 100
                                height: parent.height
                                radius: parent.radius
                                color: Theme.primary
                            }
                        }
                        Text {
                            id: percent
                            objectName: "budgetPercent"
                            anchors.right: parent.right
                            anchors.verticalCenter: parent.verticalCenter
                            text: qsTr("%1%").arg(realization.value)
                            font.pixelSize: Theme.fontBody
                            font.bold: true
                            color: Theme.primary
                        }
                    }

                    Column {
                        id: block
                        visible: Theme.portrait
                        anchors.verticalCenter: parent.verticalCenter
                        x: Theme.px(20) + row.indent
                        width: parent.width - x - Theme.px(20)
                        spacing: Theme.px(8)
                        Text {
                            width: parent.width
                            text: row.modelData.label
                            wrapMode: Text.WordWrap
                            font.pixelSize: Theme.fontBody
                            font.bold: true
                            color: Theme.text
                        }
                        Realization { width: parent.width; value: row.modelData.percent }
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
                    Row {
                        id: line
                        visible: !Theme.portrait
                        anchors.verticalCenter: parent.verticalCenter
                        x: Theme.px(20)
                        spacing: Theme.spacing
                        Text {
                            width: budget.nameWidth - Theme.px(20)
                            leftPadding: row.indent
                            text: row.modelData.label
                            wrapMode: Text.WordWrap
                            font.pixelSize: Theme.fontBody
                            font.bold: true
                            color: Theme.text
                        }
                        Realization {
                            width: budget.barWidth
                            anchors.verticalCenter: parent.verticalCenter
                            value: row.modelData.percent
                        }
                        Text {
                            width: budget.amountWidth
                            anchors.verticalCenter: parent.verticalCenter
                            horizontalAlignment: Text.AlignRight
                            text: row.modelData.planned
                            font.pixelSize: Theme.fontBody
                            color: Theme.text
                        }
                        Text {
                            width: budget.amountWidth
                            anchors.verticalCenter: parent.verticalCenter
                            horizontalAlignment: Text.AlignRight
                            text: row.modelData.realized
                            font.pixelSize: Theme.fontBody
                            color: Theme.text
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
