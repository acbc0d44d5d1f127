import QtQuick
import QtQuick.VirtualKeyboard
import QtQuick.VirtualKeyboard.Styles
import Kiosk

// The on-screen keyboard in the kiosk's own look: light keys with dark labels as large as
// the rest of the kiosk's text, the function keys in words, both palettes of Theme.
// KioskKeyboard selects it (VirtualKeyboardSettings.styleName "kiosk"); Qt finds it under
// the QML import path in QtQuick/VirtualKeyboard/Styles/kiosk.
KeyboardStyle {
    id: kioskStyle

    // Wide, shallow rows (about 1.1 keys high per key wide) in every orientation; the kiosk
    // caps the height so the field being typed keeps its room above.
    keyboardDesignWidth: 1000
    keyboardDesignHeight: 420
    keyboardDesignMaximumHeight: Theme.portrait ? Theme.px(560) : Theme.px(430)
    keyboardRelativeLeftMargin: 8 / keyboardDesignWidth
    keyboardRelativeRightMargin: 8 / keyboardDesignWidth
    keyboardRelativeTopMargin: 8 / keyboardDesignHeight
    keyboardRelativeBottomMargin: 8 / keyboardDesignHeight

    // Key labels scale with the key; never smaller than the kiosk's body text.
    readonly property int labelSize: Math.max(Theme.fontBody, Math.round(44 * scaleHint))

    keyboardBackground: Rectangle {
        color: Theme.disabledSurface
        Rectangle {
            width: parent.width
            height: Theme.px(4)
            color: Theme.primary
        }
    }

    component KeyFace: Rectangle {
        id: face
        property var control
        property string label
        property bool strong: false
        property bool word: false
        anchors.fill: parent
        anchors.margins: Theme.px(5)
        radius: Theme.px(12)
        // Function keys (shift, erase, space...) are "highlighted": framed in the primary
        // colour, their words in it too; a pressed or switched-on key is filled.
        readonly property bool function_: !!control && control.highlighted
        readonly property bool lit: !!control && control.pressed
        color: !control || !control.enabled ? Theme.disabledSurface
             : lit ? Theme.primaryDark
             : strong ? Theme.primary : Theme.surface
        border.color: strong || function_ ? Theme.primary : Theme.border
        border.width: Theme.px(function_ ? 3 : 2)
        Text {
            anchors.fill: parent
            anchors.margins: Theme.px(4)
            horizontalAlignment: Text.AlignHCenter
            verticalAlignment: Text.AlignVCenter
            text: face.label
            fontSizeMode: Text.HorizontalFit
            minimumPixelSize: Theme.px(20)
            // Letters about half the key's height, words in body text; never below body text.
            font.pixelSize: face.word ? Theme.fontBody
                            : Math.max(Theme.fontBody, Math.round(face.height * 0.45))
            font.bold: face.word || face.strong
            color: !face.control || !face.control.enabled ? Theme.disabledText
                 : face.lit || face.strong ? Theme.textOnPrimary
                 : face.function_ ? Theme.primary : Theme.text
        }
    }

    keyPanel: KeyPanel {
        KeyFace {
            control: parent.control
            label: control ? (control.uppercased ? control.displayText.toUpperCase() : control.displayText) : ""
        }
    }
    backspaceKeyPanel: KeyPanel {
        KeyFace { control: parent.control; label: qsTr("Hapus"); word: true }
    }
    shiftKeyPanel: KeyPanel {
        KeyFace {
            control: parent.control
            label: "⇧"
            strong: InputContext.capsLockActive || InputContext.shiftActive
        }
    }
    spaceKeyPanel: KeyPanel {
        KeyFace { control: parent.control; label: qsTr("spasi"); word: true }
    }
    enterKeyPanel: KeyPanel {
        KeyFace { control: parent.control; label: "⏎" }
    }
    symbolKeyPanel: KeyPanel {
        KeyFace { control: parent.control; label: control ? control.displayText : ""; word: true }
    }
    modeKeyPanel: KeyPanel {
        KeyFace {
            control: parent.control
            label: control ? control.displayText : ""
            word: true
            strong: control && control.mode
        }
    }
    // The kiosk hides the language and hide keys (KioskKeyboard's visibleFunctionKeys): its
    // own labelled "Selesai mengetik" closes the keyboard, the header switches the language.
    languageKeyPanel: KeyPanel {
        KeyFace { control: parent.control; label: Qt.locale(InputContext.locale).nativeLanguageName; word: true }
    }
    hideKeyPanel: KeyPanel {
        KeyFace { control: parent.control; label: qsTr("Selesai"); word: true }
    }

    // The letter under the finger, shown above it while pressed.
    characterPreviewMargin: 0
    characterPreviewDelegate: Rectangle {
        property string text
        color: Theme.primary
        radius: Theme.px(12)
        Text {
            anchors.centerIn: parent
            text: parent.text
            font.pixelSize: Math.round(kioskStyle.labelSize * 1.4)
            font.bold: true
            color: Theme.textOnPrimary
        }
    }

    // Accented letters after a long press.
    alternateKeysListItemWidth: Math.round(110 * scaleHint)
    alternateKeysListItemHeight: Math.round(130 * scaleHint)
    alternateKeysListDelegate: Item {
        id: alternate
        width: kioskStyle.alternateKeysListItemWidth
        height: kioskStyle.alternateKeysListItemHeight
        Text {
            anchors.centerIn: parent
            text: model.text
            font.pixelSize: kioskStyle.labelSize
            font.bold: alternate.ListView.isCurrentItem
            color: alternate.ListView.isCurrentItem ? Theme.textOnPrimary : Theme.text
        }
    }
    alternateKeysListHighlight: Rectangle {
        color: Theme.primary
        radius: Theme.px(12)
    }
    alternateKeysListBackground: Rectangle {
        color: Theme.surface
        border.color: Theme.primary
        border.width: Theme.px(3)
        radius: Theme.px(12)
    }

    // Word suggestions are off on every kiosk field (Qt.ImhNoPredictiveText).
    selectionListHeight: 0
}
