import QtQuick
import QtQuick.VirtualKeyboard
import QtQuick.VirtualKeyboard.Settings
import KioskBackend

// Qt's on-screen keyboard, in the citizen's language: Indonesian or English (US) layouts.
// It slides up from the bottom of its parent while a text field has focus.
InputPanel {
    id: keyboard
    objectName: "virtualKeyboard"
    z: 10
    // Full width in portrait; narrower in landscape, so the field being typed stays in view.
    width: Theme.portrait ? parent.width : parent.width * 0.6
    anchors.horizontalCenter: parent.horizontalCenter
    y: active ? parent.height - height : parent.height
    visible: active

    Binding {
        target: VirtualKeyboardSettings
        property: "activeLocales"
        value: ["id_ID", "en_US"]
    }
    Binding {
        target: VirtualKeyboardSettings
        property: "locale"
        value: Session.language === "en" ? "en_US" : "id_ID"
    }
}
