"""Every text colour of both Theme palettes is readable on its background (WCAG 2.x, 4.5:1).

The colours are read from the real Theme singleton in a real QML engine, switched at run
time the way a citizen switches them; the pairs come from ``Theme.contrastPairs``, the one
place that says which text colour is drawn on which background.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from PySide6.QtCore import QObject
from PySide6.QtGui import QColor
from PySide6.QtQml import QJSValue, QQmlEngine

from tests.unit.ui.accessibility_parts import Parts
from ui.app import QML_DIR, QML_MODULE, _backend_property
from ui.backends.attract import AttractBackend

MIN_RATIO = 4.5  # WCAG 2.x 1.4.3, level AA, normal text
MIN_RATIO_HIGH_CONTRAST = 7.0  # 1.4.6, level AAA: what the high-contrast palette promises


def relative_luminance(color: QColor) -> float:
    """WCAG 2.x relative luminance of an sRGB colour."""

    def linear(channel: float) -> float:
        return channel / 12.92 if channel <= 0.04045 else ((channel + 0.055) / 1.055) ** 2.4

    return (
        0.2126 * linear(color.redF())
        + 0.7152 * linear(color.greenF())
        + 0.0722 * linear(color.blueF())
    )


def contrast_ratio(a: QColor, b: QColor) -> float:
    """(L1 + 0.05) / (L2 + 0.05), lighter over darker."""
    high, low = sorted((relative_luminance(a), relative_luminance(b)), reverse=True)
    return (high + 0.05) / (low + 0.05)


@pytest.fixture
def theme(parts: Parts) -> Iterator[QObject]:
    engine = QQmlEngine()
    # Theme follows Accessibility once the kiosk behind the attract screen is built.
    attract = AttractBackend(parts.config.kiosk.name, parts.config.kiosk.office, 8, (), "id")
    attract.set_ready()
    engine.setProperty(_backend_property("Attract"), attract)
    engine.setProperty(_backend_property("Accessibility"), parts.access)
    engine.addImportPath(str(QML_DIR))
    instance = engine.singletonInstance(QML_MODULE, "Theme")
    assert isinstance(instance, QObject), "Theme did not load"
    yield instance
    del engine


def colour(theme: QObject, name: str) -> QColor:
    value = theme.property(name)
    assert isinstance(value, QColor), f"Theme.{name} is not a colour"
    return value


def colour_names(theme: QObject) -> set[str]:
    meta = theme.metaObject()
    return {
        meta.property(i).name()
        for i in range(meta.propertyOffset(), meta.propertyCount())
        if meta.property(i).typeName() == "QColor"
    }


def js_list(theme: QObject, name: str) -> list[object]:
    value = theme.property(name)
    if isinstance(value, QJSValue):
        value = value.toVariant()
    assert isinstance(value, list), f"Theme.{name} is not a list"
    return value


def pairs(theme: QObject) -> list[tuple[str, str]]:
    declared = js_list(theme, "contrastPairs")
    assert declared
    assert all(isinstance(pair, list) and len(pair) == 2 for pair in declared)
    return [(str(pair[0]), str(pair[1])) for pair in declared]  # type: ignore[index]


def failures(theme: QObject, minimum: float) -> list[str]:
    found = []
    for fg, bg in pairs(theme):
        ratio = contrast_ratio(colour(theme, fg), colour(theme, bg))
        if ratio < minimum:
            found.append(f"{fg} on {bg}: {ratio:.2f}:1")
    return found


def test_every_colour_is_paired_or_declared_decorative(theme: QObject) -> None:
    names = colour_names(theme)
    assert {"background", "text", "primary", "textOnPrimary"} <= names
    used = {name for pair in pairs(theme) for name in pair}
    decorative = {str(name) for name in js_list(theme, "decorativeColours")}
    assert used <= names, f"pairs name colours Theme does not have: {used - names}"
    assert names - used - decorative == set()


def test_normal_palette_meets_4_5_to_1(theme: QObject, parts: Parts) -> None:
    parts.access.setHighContrast(False)
    assert failures(theme, MIN_RATIO) == []


def test_high_contrast_palette_meets_7_to_1(theme: QObject, parts: Parts) -> None:
    normal = {name: colour(theme, name).name() for name in colour_names(theme)}
    parts.access.setHighContrast(True)
    assert theme.property("highContrast") is True
    switched = {name: colour(theme, name).name() for name in colour_names(theme)}
    assert switched["background"] != normal["background"]
    assert failures(theme, MIN_RATIO_HIGH_CONTRAST) == []


def test_large_text_scales_every_font_and_resets(theme: QObject, parts: Parts) -> None:
    fonts = ("fontSmall", "fontBody", "fontLarge", "fontTitle", "fontHuge")
    normal = {name: int(theme.property(name)) for name in fonts}
    scale = float(theme.property("largeTextScale"))
    parts.access.setLargeText(True)
    for name in fonts:
        assert int(theme.property(name)) == round(normal[name] * scale)
    parts.access.reset()
    assert {name: int(theme.property(name)) for name in fonts} == normal


def test_contrast_ratio_matches_known_wcag_values() -> None:
    assert contrast_ratio(QColor("#000000"), QColor("#FFFFFF")) == pytest.approx(21.0)
    assert contrast_ratio(QColor("#777777"), QColor("#FFFFFF")) == pytest.approx(4.48, abs=0.01)
