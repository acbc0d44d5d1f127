import QtQuick
import QtQuick.Controls.Basic
import KioskBackend

// One more copy of a citizen's signed letter: the technician scans the receipt's QR (while
// this screen is shown) or types its number and check code, sees the letter and its first
// page, and prints a copy: an ordinary one while copies are left, else a technician's extra
// copy (counted by central beyond the village's allowance). Every print is audited.
Item {
    id: page
    objectName: "maintenanceLetters"
    readonly property var view: TechLetters.view
    readonly property var letter: view.letter || ({})
    readonly property bool hasLetter: letter.reference !== undefined
    readonly property var outcomeTitles: ({
        "printed": qsTr("Tercetak"),
        "printer_failed": qsTr("Printer gagal mencetak"),
        "not_printable": qsTr("Tidak dapat dicetak"),
        "no_copies_left": qsTr("Salinan habis"),
        "offline": qsTr("Server pusat tidak tersambung"),
        "old_central": qsTr("Server pusat versi lama"),
        "token_expired": qsTr("Bukti kedaluwarsa"),
        "failed": qsTr("Gagal")
    })

    Text {
        id: hint
        anchors.top: parent.top
        width: parent.width
        text: qsTr("Pindai QR pada struk warga, atau ketik nomor permohonan dan kode cek.")
        wrapMode: Text.Wrap
        font.pixelSize: Theme.fontSmall
        color: Theme.mutedText
    }

    Flow {
        id: ask
        anchors.top: hint.bottom
        anchors.topMargin: Theme.px(12)
        width: parent.width
        spacing: Theme.px(12)
        readonly property real fieldWidth: Theme.portrait
            ? width : (width - search.width - 3 * spacing) * 0.5
        TextField {
            id: referenceField
            objectName: "lettersReference"
            width: Theme.portrait ? ask.width : ask.fieldWidth * 1.3
            height: search.height
            font.pixelSize: Theme.fontSmall
            color: Theme.text
            placeholderTextColor: Theme.mutedText
            placeholderText: qsTr("Nomor permohonan")
            inputMethodHints: Qt.ImhUppercaseOnly | Qt.ImhNoPredictiveText
            background: Rectangle {
                radius: Theme.px(12)
                color: Theme.surface
                border.color: referenceField.activeFocus ? Theme.primary : Theme.border
                border.width: Theme.px(3)
            }
            onAccepted: codeField.forceActiveFocus()
        }
        TextField {
            id: codeField
            objectName: "lettersCode"
            width: Theme.portrait ? ask.width - search.width - ask.spacing : ask.fieldWidth * 0.7
            height: search.height
            font.pixelSize: Theme.fontSmall
            color: Theme.text
            placeholderTextColor: Theme.mutedText
            placeholderText: qsTr("Kode cek")
            inputMethodHints: Qt.ImhUppercaseOnly | Qt.ImhNoPredictiveText
            background: Rectangle {
                radius: Theme.px(12)
                color: Theme.surface
                border.color: codeField.activeFocus ? Theme.primary : Theme.border
                border.width: Theme.px(3)
            }
            onAccepted: search.clicked()
        }
        MaintenanceButton {
            id: search
            objectName: "lettersSearch"
            enabled: TechLetters.phase !== "working" && TechLetters.phase !== "printing"
            text: qsTr("Cari")
            onClicked: {
                keyboard.done()
                TechLetters.byReceipt(referenceField.text, codeField.text)
            }
        }
    }

    Item {
        id: body
        anchors.top: ask.bottom
        anchors.topMargin: Theme.px(16)
        anchors.bottom: parent.bottom
        width: parent.width

        Text {
            objectName: "lettersMessage"
            anchors.centerIn: parent
            width: parent.width - Theme.margin
            visible: !page.hasLetter
            horizontalAlignment: Text.AlignHCenter
            wrapMode: Text.WordWrap
            text: TechLetters.phase === "working" ? qsTr("Mencari surat di server pusat ...")
                  : page.view.message !== "" ? page.view.message
                  : qsTr("Belum ada struk.")
            font.pixelSize: Theme.fontBody
            color: page.view.message !== "" ? Theme.danger : Theme.mutedText
        }

        // The letter's facts, the button and the outcome scroll if a long outcome needs it.
        Flickable {
            id: detailsView
            visible: page.hasLetter
            width: Theme.portrait ? parent.width : parent.width * 0.5
            // Without a first page to show (nothing fetched), the facts and outcome take more room.
            height: Theme.portrait ? Math.min(contentHeight, parent.height * (page.view.image === "" ? 0.8 : 0.55))
                                   : parent.height
            contentHeight: details.implicitHeight
            clip: true
            boundsBehavior: Flickable.StopAtBounds
            ScrollIndicator.vertical: ScrollIndicator { active: true }
            Column {
                id: details
                width: detailsView.width
                spacing: Theme.px(12)

                Rectangle {
                    width: parent.width
                    height: facts.implicitHeight + Theme.px(32)
                    radius: Theme.px(12)
                    color: Theme.surface
                    Column {
                        id: facts
                        anchors.centerIn: parent
                        width: parent.width - Theme.px(32)
                        spacing: Theme.px(6)
                        Text {
                            width: parent.width
                            text: page.letter.title || ""
                            wrapMode: Text.Wrap
                            font.pixelSize: Theme.fontBody
                            font.bold: true
                            color: Theme.text
                        }
                        Text {
                            objectName: "lettersFacts"
                            width: parent.width
                            text: qsTr("Nomor surat: %1").arg(page.letter.number || "-") + "\n"
                                  + qsTr("Nama: %1").arg(page.letter.maskedName || "-") + "\n"
                                  + qsTr("Permohonan: %1").arg(page.letter.reference || "") + "\n"
                                  + qsTr("Dicetak %1 dari %2 salinan yang diizinkan")
                                    .arg(page.letter.copiesPrinted).arg(page.letter.copiesAllowed)
                                  + "\n" + qsTr("Keadaan: %1").arg(page.letter.stateText || page.letter.state || "")
                            wrapMode: Text.WrapAnywhere
                            font.pixelSize: Theme.fontSmall
                            color: Theme.mutedText
                        }
                    }
                }

                MaintenanceButton {
                    objectName: "lettersPrint"
                    width: parent.width
                    enabled: page.view.canPrint
                    danger: page.view.extra
                    text: TechLetters.phase === "printing" ? qsTr("Mencetak ...")
                          : page.view.extra ? qsTr("Cetak salinan tambahan (teknisi)")
                          : qsTr("Cetak satu salinan")
                    onClicked: TechLetters.printCopy()
                }
                Text {
                    width: parent.width
                    visible: page.view.extra
                    text: qsTr("Salinan yang diizinkan desa sudah habis. Salinan tambahan dihitung "
                               + "oleh server pusat dan dicatat atas nama teknisi.")
                    wrapMode: Text.Wrap
                    font.pixelSize: Theme.fontSmall
                    color: Theme.mutedText
                }

                Rectangle {
                    objectName: "lettersOutcome"
                    width: parent.width
                    visible: page.view.outcome !== ""
                    height: visible ? outcomeTexts.implicitHeight + Theme.px(32) : 0
                    radius: Theme.px(12)
                    color: page.view.outcome === "printed" ? Theme.successSurface : Theme.dangerSurface
                    Column {
                        id: outcomeTexts
                        anchors.centerIn: parent
                        width: parent.width - Theme.px(32)
                        spacing: Theme.px(6)
                        Text {
                            objectName: "lettersOutcomeTitle"
                            width: parent.width
                            text: page.outcomeTitles[page.view.outcome] || page.view.outcome
                            font.pixelSize: Theme.fontSmall
                            font.bold: true
                            color: Theme.text
                        }
                        Text {
                            objectName: "lettersOutcomeText"
                            width: parent.width
                            text: page.view.outcomeText
                                  + (page.view.outcomeDetail ? "\n(" + page.view.outcomeDetail + ")" : "")
                            wrapMode: Text.Wrap
                            font.pixelSize: Theme.fontSmall
                            color: Theme.text
                        }
                    }
                }
            }
        }

        Rectangle {
            id: previewFrame
            visible: page.hasLetter
            anchors.top: Theme.portrait ? detailsView.bottom : parent.top
            anchors.topMargin: Theme.portrait ? Theme.px(16) : 0
            anchors.left: Theme.portrait ? parent.left : detailsView.right
            anchors.leftMargin: Theme.portrait ? 0 : Theme.px(16)
            anchors.right: parent.right
            anchors.bottom: parent.bottom
            radius: Theme.px(12)
            color: Theme.disabledSurface
            Image {
                objectName: "lettersPreview"
                anchors.fill: parent
                anchors.margins: Theme.px(12)
                fillMode: Image.PreserveAspectFit
                source: page.view.image
                asynchronous: false
            }
            Text {
                anchors.centerIn: parent
                visible: page.view.image === ""
                text: qsTr("Halaman pertama surat")
                font.pixelSize: Theme.fontBody
                color: Theme.mutedText
            }
        }
    }

    KioskKeyboard { id: keyboard }
}
