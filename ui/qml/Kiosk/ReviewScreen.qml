import QtQuick
import QtQuick.Controls.Basic
import KioskBackend

// Whose request it is, everything the citizen entered step by step with a way to change
// each step, then submit.
Item {
    objectName: "reviewScreen"
    ScreenHeader { id: header }

    Column {
        id: titles
        anchors.top: header.bottom
        anchors.topMargin: Theme.spacing
        anchors.left: parent.left
        anchors.leftMargin: Theme.margin
        anchors.right: parent.right
        anchors.rightMargin: Theme.margin
        spacing: Theme.px(8)
        Text {
            width: parent.width
            text: qsTr("Periksa kembali")
            font.pixelSize: Theme.fontTitle
            font.bold: true
            color: Theme.text
        }
        Text {
            width: parent.width
            text: qsTr("Pastikan semua benar, lalu sentuh Kirim. Sentuh Ubah untuk memperbaiki.")
            wrapMode: Text.WordWrap
            font.pixelSize: Theme.fontBody
            color: Theme.mutedText
        }
        // Whose letter or report this is: the name and the masked NIK, or anonymous.
        Rectangle {
            objectName: "reviewApplicant"
            width: parent.width
            height: applicant.implicitHeight + Theme.px(32)
            radius: Theme.radius
            color: Theme.surface
            border.color: Theme.primary
            border.width: Theme.px(3)
            Flow {
                id: applicant
                anchors.verticalCenter: parent.verticalCenter
                anchors.left: parent.left
                anchors.right: parent.right
                anchors.margins: Theme.px(24)
                spacing: Theme.spacing
                Text {
                    text: Form.applicant.anonymous ? qsTr("Pelapor:") : qsTr("Atas nama:")
                    font.pixelSize: Theme.fontBody
                    color: Theme.mutedText
                }
                Text {
                    objectName: "reviewApplicantName"
                    visible: text !== ""
                    width: Math.min(implicitWidth, applicant.width)
                    text: Form.applicant.anonymous ? qsTr("Tanpa nama") : (Form.applicant.name || "")
                    wrapMode: Text.WordWrap
                    font.pixelSize: Theme.fontBody
                    font.bold: true
                    color: Theme.text
                }
                Text {
                    objectName: "reviewApplicantNik"
                    visible: !Form.applicant.anonymous
                    text: qsTr("NIK %1").arg(Form.applicant.nik || "")
                    font.pixelSize: Theme.fontBody
                    font.bold: true
                    color: Theme.text
                }
            }
        }
        Rectangle {
            objectName: "reviewError"
            visible: Session.submitError
            width: parent.width
            height: visible ? reviewErrorText.implicitHeight + Theme.px(40) : 0
            radius: Theme.radius
            color: Theme.dangerSurface
            border.color: Theme.danger
            border.width: Theme.px(3)
            Text {
                id: reviewErrorText
                anchors.centerIn: parent
                width: parent.width - Theme.px(40)
                text: qsTr("Maaf, permohonan belum dapat dikirim. Silakan coba lagi atau hubungi petugas.")
                wrapMode: Text.WordWrap
                font.pixelSize: Theme.fontBody
                color: Theme.danger
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
        contentHeight: steps.height
        clip: true
        boundsBehavior: Flickable.StopAtBounds
        ScrollIndicator.vertical: ScrollIndicator { active: true }
        Column {
            id: steps
            width: parent.width
            spacing: Theme.spacing
            Repeater {
                model: Form.review
                delegate: Rectangle {
                    id: card
                    required property var modelData
                    width: steps.width
                    height: cardColumn.implicitHeight + Theme.px(48)
                    radius: Theme.radius
                    color: Theme.surface
                    border.color: Theme.border
                    border.width: Theme.px(3)
                    Column {
                        id: cardColumn
                        anchors.left: parent.left
                        anchors.right: editButton.left
                        anchors.top: parent.top
                        anchors.margins: Theme.px(24)
                        spacing: Theme.px(12)
                        Text {
                            width: parent.width
                            text: card.modelData.title
                            wrapMode: Text.WordWrap
                            font.pixelSize: Theme.fontLarge
                            font.bold: true
                            color: Theme.primary
                        }
                        Repeater {
                            model: card.modelData.rows
                            delegate: Column {
                                required property var modelData
                                width: cardColumn.width
                                Text {
                                    width: parent.width
                                    text: parent.modelData.label
                                    wrapMode: Text.WordWrap
                                    font.pixelSize: Theme.fontSmall
                                    color: Theme.mutedText
                                }
                                Text {
                                    width: parent.width
                                    text: parent.modelData.value !== "" ? parent.modelData.value : qsTr("(tidak diisi)")
                                    wrapMode: Text.WordWrap
                                    font.pixelSize: Theme.fontBody
                                    font.bold: true
                                    color: Theme.text
                                }
                            }
                        }
                    }
                    KioskButton {
                        id: editButton
                        objectName: "edit_" + card.modelData.index
                        anchors.right: parent.right
                        anchors.top: parent.top
                        anchors.margins: Theme.px(24)
                        implicitWidth: Theme.touchTarget * 1.8
                        primary: false
                        text: qsTr("Ubah")
                        onClicked: Form.editStep(card.modelData.index)
                    }
                }
            }
        }
    }

    ScrollCue {
        id: cue
        flickable: flick
        containers: [steps]
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
        spacing: Theme.spacing
        KioskButton {
            objectName: "reviewBack"
            primary: false
            text: qsTr("Kembali")
            onClicked: Session.back()
        }
        KioskButton {
            objectName: "reviewCancel"
            primary: false
            text: qsTr("Batal")
            onClicked: Session.end()
        }
        KioskButton {
            objectName: "reviewSubmit"
            text: qsTr("Kirim")
            onClicked: Form.submit()
        }
    }
}
