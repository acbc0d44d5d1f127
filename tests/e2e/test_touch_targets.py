"""Every tappable area is at least 72 px in both directions at 1080 px width."""

from __future__ import annotations

import pytest
from PySide6.QtQuick import QQuickItem

from tests.helpers.qml import find_item, iter_items, tap

pytestmark = pytest.mark.e2e
MIN_TARGET = 72


def tappable_areas(window) -> list[QQuickItem]:
    return [
        item
        for item in iter_items(window.contentItem())
        if item.metaObject().className().startswith("QQuickMouseArea")
        and item.isVisible()
        and item.isEnabled()
        and all(parent.isVisible() for parent in _ancestors(item))
    ]


def _ancestors(item: QQuickItem):
    parent = item.parentItem()
    while parent is not None:
        yield parent
        parent = parent.parentItem()


def assert_big_enough(window, screen: str) -> int:
    areas = tappable_areas(window)
    small = [
        (
            screen,
            a.parentItem().objectName() or a.parentItem().metaObject().className(),
            a.width(),
            a.height(),
        )
        for a in areas
        if a.width() < MIN_TARGET or a.height() < MIN_TARGET
    ]
    assert small == []
    return len(areas)


def first_counter(window) -> str:
    for item in iter_items(window.contentItem()):
        if item.objectName().startswith("counter_") and item.isVisible():
            return item.objectName()
    raise AssertionError("no counter on screen")


def walk_citizen_screens(qtbot, kiosk, on_home=None) -> int:
    """Attract, home, counters, idle warning and done, checking every target on each."""
    window = kiosk.window
    checked = assert_big_enough(window, "attract")
    tap(window, "startArea")
    qtbot.waitUntil(lambda: find_item(window, "service_antrian") is not None)
    if on_home is not None:
        on_home(window)
    checked += assert_big_enough(window, "home")
    tap(window, "service_antrian")
    qtbot.waitUntil(lambda: _has_counter(window))
    checked += assert_big_enough(window, "queue_counter")
    kiosk.clock.advance(kiosk.config.ui.idle_seconds)
    qtbot.waitUntil(lambda: find_item(window, "idleContinue") is not None)
    checked += assert_big_enough(window, "idle_warning")
    tap(window, "idleContinue")
    qtbot.waitUntil(lambda: find_item(window, "idleWarning") is None)
    tap(window, first_counter(window))
    qtbot.waitUntil(lambda: find_item(window, "doneFinish") is not None, timeout=10_000)
    checked += assert_big_enough(window, "done")
    return checked


def _has_counter(window) -> bool:
    try:
        first_counter(window)
    except AssertionError:
        return False
    return True


def test_every_screen_has_only_large_targets(qtbot, kiosk) -> None:
    window = kiosk.window
    assert (window.width(), window.height()) == (1080, 1920)
    assert walk_citizen_screens(qtbot, kiosk) >= 12


def test_large_text_and_high_contrast_keep_every_target_large(qtbot, kiosk) -> None:
    """The citizen taps both accessibility toggles; nothing shrinks, and the next citizen
    finds the defaults again."""
    access = kiosk.accessibility_backend
    normal_background = kiosk.window.color()

    def switch_on(window) -> None:
        tap(window, "largeTextToggle")
        tap(window, "highContrastToggle")
        qtbot.waitUntil(lambda: access.largeText and access.highContrast)
        assert window.color() != normal_background

    assert walk_citizen_screens(qtbot, kiosk, on_home=switch_on) >= 15
    assert access.largeText and access.highContrast
    tap(kiosk.window, "doneFinish")
    qtbot.waitUntil(lambda: find_item(kiosk.window, "startArea") is not None)
    assert not access.largeText and not access.highContrast
    assert kiosk.window.color() == normal_background
