pragma Singleton
import QtQuick

// Sizes scale with the shorter side of the window, so 1080x1920 and 1920x1080 share one design.
QtObject {
    property real unit: 1
    property bool portrait: true
    property real textScale: 1

    function px(value) { return Math.round(value * unit) }
    function fit(width, height) {
        unit = Math.min(width, height) / 1080
        portrait = height >= width
    }

    readonly property color background: "#F4F6F8"
    readonly property color surface: "#FFFFFF"
    readonly property color primary: "#0B4F8A"
    readonly property color primaryDark: "#073761"
    readonly property color textOnPrimary: "#FFFFFF"
    readonly property color accent: "#FFD166"
    readonly property color text: "#1B1F24"
    readonly property color mutedText: "#46515C"
    readonly property color border: "#C9D1D9"
    readonly property color danger: "#A4221B"
    readonly property color dangerSurface: "#FDECEA"
    readonly property color success: "#1C6B35"
    readonly property color successSurface: "#E7F4EA"
    readonly property color disabledSurface: "#E4E7EB"
    readonly property color disabledText: "#4F5963"

    readonly property int touchTarget: px(110)
    readonly property int margin: px(48)
    readonly property int spacing: px(28)
    readonly property int radius: px(24)
    readonly property int fontSmall: px(28 * textScale)
    readonly property int fontBody: px(34 * textScale)
    readonly property int fontLarge: px(44 * textScale)
    readonly property int fontTitle: px(60 * textScale)
    readonly property int fontHuge: px(150 * textScale)
}
