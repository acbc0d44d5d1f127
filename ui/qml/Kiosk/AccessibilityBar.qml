import QtQuick
import KioskBackend

// Large text, high contrast and read-aloud, on the header bar; a chosen option is filled.
// Each button is at least 72 px in both directions at 1080 px width (here 88 px high).
Row {
    id: bar
    spacing: Theme.px(12)

    component Toggle: Rectangle {
        id: toggle
        property string glyph
        property string label
        property bool active: false
        signal toggled()
        width: content.implicitWidth + Theme.px(40)
        height: Theme.touchTarget * 0.8
        radius: height / 2
        color: active ? Theme.textOnPrimary : "transparent"
        border.color: Theme.textOnPrimary
        border.width: Theme.px(3)
        opacity: enabled ? 1 : 0.75
        Accessible.role: Accessible.Button
        Accessible.name: label
        Accessible.checkable: true
        Accessible.checked: active
        Accessible.onPressAction: toggled()
        Row {
            id: content
            anchors.centerIn: parent
            spacing: Theme.px(10)
            Text {
                text: toggle.glyph
                visible: text !== ""
                font.pixelSize: Theme.fontSmall
                font.bold: true
                color: toggle.active ? Theme.primary : Theme.textOnPrimary
            }
            Text {
                text: toggle.label
                font.pixelSize: Theme.fontSmall
                font.bold: true
                font.strikeout: !toggle.enabled
                color: toggle.active ? Theme.primary : Theme.textOnPrimary
            }
        }
        MouseArea {
            anchors.fill: parent
            anchors.margins: -Theme.px(6)
            onClicked: toggle.toggled()
        }
    }

    Toggle {
        objectName: "largeTextToggle"
        glyph: "A+"
        label: qsTr("Teks besar")
        active: Accessibility.largeText
        onToggled: Accessibility.setLargeText(!Accessibility.largeText)
    }
    Toggle {
        objectName: "highContrastToggle"
        glyph: "\u25D0"
        label: qsTr("Kontras tinggi")
        active: Accessibility.highContrast
        onToggled: Accessibility.setHighContrast(!Accessibility.highContrast)
    }
    Toggle {
        objectName: "readAloudToggle"
        visible: Accessibility.speechInstalled
        enabled: Accessibility.speechAvailable
        glyph: Accessibility.speaking ? "\u25A0" : "\u25B6"
        label: !Accessibility.speechAvailable ? qsTr("Suara tidak tersedia")
               : Accessibility.speaking ? qsTr("Berhenti") : qsTr("Bacakan")
        active: Accessibility.speaking
        Accessible.description: Accessibility.speechReason
        onToggled: Accessibility.toggleReading()
    }
}
