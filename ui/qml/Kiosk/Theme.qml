pragma Singleton
import QtQuick
import KioskBackend

// Sizes scale with the shorter side of the window, so 1080x1920 and 1920x1080 share one design.
// Text size and the high-contrast palette follow the citizen's choice (Accessibility), which
// the backend resets when the session ends; the first frame, before Accessibility exists,
// has the defaults.
QtObject {
    id: theme
    property real unit: 1
    property bool portrait: true
    readonly property bool largeText: Attract.ready && Accessibility.largeText
    readonly property bool highContrast: Attract.ready && Accessibility.highContrast
    readonly property real largeTextScale: 1.3
    property real textScale: largeText ? largeTextScale : 1

    function px(value) { return Math.round(value * unit) }
    function fit(width, height) {
        unit = Math.min(width, height) / 1080
        portrait = height >= width
    }

    // Every text colour on every background it is drawn on; tests/unit/ui/test_contrast.py
    // checks each pair in both palettes against WCAG 2.x (at least 4.5:1). Add a pair here
    // whenever a screen puts a foreground colour on a new background.
    readonly property var contrastPairs: [
        ["text", "background"], ["mutedText", "background"], ["primary", "background"],
        ["text", "surface"], ["mutedText", "surface"], ["primary", "surface"],
        ["textOnPrimary", "primary"], ["textOnPrimary", "primaryDark"],
        ["accent", "primary"], ["accent", "primaryDark"], ["text", "accent"],
        ["primary", "textOnPrimary"],
        ["primary", "disabledSurface"], ["mutedText", "disabledSurface"],
        ["disabledText", "disabledSurface"], ["danger", "disabledSurface"],
        ["danger", "dangerSurface"], ["success", "successSurface"], ["warning", "surface"],
        ["danger", "background"], ["danger", "surface"]
    ]
    // Colours never drawn behind or as text (thin rules, inactive dots, idle outlines, the
    // dimming behind a dialog, the light plate under a service icon).
    readonly property var decorativeColours: ["border", "scrim", "iconPlate"]

    readonly property QtObject normalColours: QtObject {
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
        readonly property color warning: "#B35C00"
        readonly property color disabledSurface: "#E4E7EB"
        readonly property color disabledText: "#4F5963"
        readonly property color scrim: "#CC000000"
        readonly property color iconPlate: "transparent"
    }
    // Yellow and white on black: every text pair is at least 7:1.
    readonly property QtObject highContrastColours: QtObject {
        readonly property color background: "#000000"
        readonly property color surface: "#1C1C1C"
        readonly property color primary: "#FFE000"
        readonly property color primaryDark: "#FFFFFF"
        readonly property color textOnPrimary: "#000000"
        readonly property color accent: "#000000"
        readonly property color text: "#FFFFFF"
        readonly property color mutedText: "#E8E8E8"
        readonly property color border: "#FFFFFF"
        readonly property color danger: "#FFB3B3"
        readonly property color dangerSurface: "#2B0A0A"
        readonly property color success: "#8CF5A6"
        readonly property color successSurface: "#0A2612"
        readonly property color warning: "#FFC857"
        readonly property color disabledSurface: "#333333"
        readonly property color disabledText: "#CCCCCC"
        // Dims the screen almost fully, so only the dialog (with its yellow frame) stands out.
        readonly property color scrim: "#E6000000"
        // The icons are drawn in blue on white: they keep a white plate on the dark tiles.
        readonly property color iconPlate: "#FFFFFF"
    }
    readonly property QtObject colours: highContrast ? highContrastColours : normalColours

    readonly property color background: colours.background
    readonly property color surface: colours.surface
    readonly property color primary: colours.primary
    readonly property color primaryDark: colours.primaryDark
    readonly property color textOnPrimary: colours.textOnPrimary
    readonly property color accent: colours.accent
    readonly property color text: colours.text
    readonly property color mutedText: colours.mutedText
    readonly property color border: colours.border
    readonly property color danger: colours.danger
    readonly property color dangerSurface: colours.dangerSurface
    readonly property color success: colours.success
    readonly property color successSurface: colours.successSurface
    readonly property color warning: colours.warning
    readonly property color disabledSurface: colours.disabledSurface
    readonly property color disabledText: colours.disabledText
    readonly property color scrim: colours.scrim
    readonly property color iconPlate: colours.iconPlate

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
