import QtQuick
import QtQuick.VirtualKeyboard
import QtQuick.VirtualKeyboard.Settings
import KioskBackend

// Qt's on-screen keyboard, in the citizen's language (Indonesian or English layout) and the
// kiosk's own light style, with a labelled "Selesai mengetik" to close it: the keyboard's
// own hide key, an unlabelled icon, is not shown. It rises from the bottom of its parent
// while a text field has focus; `top` is where the screen's content must end.
Item {
    id: keyboard
    objectName: "keyboardArea"
    readonly property bool active: panel.active
    // Portrait: the button on a bar above the keys. Landscape: the keys are narrower, so
    // the field being typed stays in view, and the button stands beside them.
    readonly property bool sideButton: !Theme.portrait
    z: 10
    width: parent.width
    height: panel.height + (sideButton ? 0 : bar.height)
    y: active ? parent.height - height : parent.height
    visible: active

    // Where focus goes when the citizen is done: away from the field, so the keyboard hides.
    function done() {
        keyboard.forceActiveFocus()
        Qt.inputMethod.hide()
    }

    Rectangle {
        id: bar
        objectName: "keyboardBar"
        color: Theme.disabledSurface
        width: keyboard.sideButton ? (keyboard.width - panel.width) / 2 : keyboard.width
        height: keyboard.sideButton ? panel.height : finish.height + Theme.px(24)
        x: keyboard.sideButton ? panel.x + panel.width : 0
        y: 0
        KioskButton {
            id: finish
            objectName: "doneTyping"
            anchors.right: parent.right
            anchors.rightMargin: keyboard.sideButton ? Theme.spacing : Theme.margin
            anchors.left: keyboard.sideButton ? parent.left : undefined
            anchors.leftMargin: Theme.spacing
            anchors.verticalCenter: parent.verticalCenter
            text: qsTr("Selesai mengetik")
            onClicked: keyboard.done()
        }
    }
    // The other side of a landscape keyboard, in the keyboard's colour.
    Rectangle {
        visible: keyboard.sideButton
        color: Theme.disabledSurface
        width: panel.x
        height: panel.height
    }

    InputPanel {
        id: panel
        objectName: "virtualKeyboard"
        width: keyboard.sideButton ? keyboard.width * 0.6 : keyboard.width
        x: (keyboard.width - width) / 2
        y: keyboard.sideButton ? 0 : bar.height
    }

    Binding {
        target: VirtualKeyboardSettings
        property: "styleName"
        value: "kiosk"
    }
    Binding {
        target: VirtualKeyboardSettings
        property: "visibleFunctionKeys"
        value: QtVirtualKeyboard.KeyboardFunctionKeys.None
    }
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
