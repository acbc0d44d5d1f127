import QtQuick
import KioskBackend

// Tests on the running devices: a test receipt, the next card (masked), the next scan.
Column {
    id: tests
    objectName: "maintenanceTests"
    spacing: Theme.spacing

    function stateText(state) {
        return state === "waiting" ? qsTr("Menunggu ...")
             : state === "ok" ? qsTr("Berhasil")
             : state === "failed" ? qsTr("Gagal")
             : qsTr("Belum diuji")
    }
    // Why a test came out as it did (kiosk.maintenance.DeviceChecks), in the screen's language.
    readonly property var reasons: ({
        "printed": qsTr("struk uji tercetak"),
        "paper_out": qsTr("kertas habis"),
        "cover_open": qsTr("penutup printer terbuka"),
        "unknown": qsTr("printer tidak menjawab"),
        "failed": qsTr("printer gagal mencetak")
    })
    function resultText(result) {
        const reason = result.reason ? (reasons[result.reason] || result.reason) : ""
        const said = tests.stateText(result.state) + (reason ? ": " + reason : "")
        if (!result.detail) return said
        return result.reason ? said + " (" + result.detail + ")" : said + ": " + result.detail
    }

    Repeater {
        model: [
            { "name": "print", "title": qsTr("Cetak struk uji"),
              "hint": qsTr("Mencetak struk uji pada printer.") },
            { "name": "card", "title": qsTr("Baca kartu"),
              "hint": qsTr("Tempelkan kartu pada pembaca; UID ditampilkan tersamar.") },
            { "name": "scan", "title": qsTr("Uji pemindai"),
              "hint": qsTr("Pindai kode QR apa saja; isinya ditampilkan tersamar.") }
        ]
        delegate: Rectangle {
            id: card
            required property var modelData
            readonly property var result: TechTests.tests[modelData.name]
            width: tests.width
            height: Math.max(button.height, info.implicitHeight) + Theme.px(40)
            radius: Theme.px(16)
            color: Theme.surface
            MaintenanceButton {
                id: button
                objectName: "test_" + card.modelData.name
                anchors.left: parent.left
                anchors.leftMargin: Theme.px(20)
                anchors.verticalCenter: parent.verticalCenter
                width: Theme.px(320)
                text: card.modelData.title
                enabled: card.result.state !== "waiting"
                onClicked: {
                    if (card.modelData.name === "print") TechTests.testPrint()
                    else if (card.modelData.name === "card") TechTests.testCard()
                    else TechTests.testScan()
                }
            }
            Column {
                id: info
                anchors.left: button.right
                anchors.leftMargin: Theme.px(24)
                anchors.right: parent.right
                anchors.rightMargin: Theme.px(20)
                anchors.verticalCenter: parent.verticalCenter
                spacing: Theme.px(6)
                Text {
                    width: parent.width
                    text: card.modelData.hint
                    wrapMode: Text.WordWrap
                    font.pixelSize: Theme.fontSmall
                    color: Theme.mutedText
                }
                Text {
                    objectName: "testResult_" + card.modelData.name
                    width: parent.width
                    text: tests.resultText(card.result)
                    wrapMode: Text.Wrap
                    font.pixelSize: Theme.fontSmall
                    font.bold: true
                    color: card.result.state === "failed" ? Theme.danger
                         : card.result.state === "ok" ? Theme.success : Theme.text
                }
            }
        }
    }

    // The A4 printer's queue: jobs CUPS has not finished, each cancellable when stuck.
    Rectangle {
        objectName: "documentQueue"
        visible: TechTests.hasDocumentPrinter
        width: tests.width
        height: queueColumn.implicitHeight + Theme.px(40)
        radius: Theme.px(16)
        color: Theme.surface
        Column {
            id: queueColumn
            anchors.centerIn: parent
            width: parent.width - Theme.px(40)
            spacing: Theme.px(12)
            Flow {
                width: parent.width
                spacing: Theme.px(16)
                Text {
                    text: qsTr("Antrean printer A4")
                    font.pixelSize: Theme.fontBody
                    font.bold: true
                    color: Theme.text
                }
                MaintenanceButton {
                    objectName: "documentQueueRefresh"
                    primary: false
                    text: qsTr("Perbarui")
                    onClicked: TechTests.refreshDocumentJobs()
                }
            }
            Text {
                width: parent.width
                visible: text !== ""
                text: TechTests.documentJobsError !== ""
                      ? qsTr("Antrean tidak terbaca: %1").arg(TechTests.documentJobsError)
                      : TechTests.documentJobs.length === 0 ? qsTr("Tidak ada pekerjaan cetak yang tertunda.") : ""
                wrapMode: Text.Wrap
                font.pixelSize: Theme.fontSmall
                color: TechTests.documentJobsError !== "" ? Theme.danger : Theme.mutedText
            }
            Repeater {
                model: TechTests.documentJobs
                delegate: Flow {
                    required property var modelData
                    width: queueColumn.width
                    spacing: Theme.px(16)
                    Text {
                        width: Math.min(implicitWidth, queueColumn.width)
                        text: qsTr("#%1 %2 · %3 · sejak %4 %5").arg(modelData.id).arg(modelData.name)
                              .arg(modelData.state).arg(modelData.since).arg(modelData.detail)
                        wrapMode: Text.Wrap
                        font.pixelSize: Theme.fontSmall
                        color: Theme.text
                    }
                    MaintenanceButton {
                        objectName: "documentJobCancel"
                        text: qsTr("Batalkan")
                        onClicked: TechTests.cancelDocumentJob(modelData.id)
                    }
                }
            }
        }
    }
}
