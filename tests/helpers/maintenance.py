"""Maintenance mode on the real QML window: PINs for a test, the gesture and the PIN pad."""

from __future__ import annotations

from kiosk.config import Config
from kiosk.security import Role, ScryptCost, set_pin
from tests.helpers.qml import find_item, tap
from ui.app import KioskApp

TECH_PIN, SUPER_PIN = "246810", "97531864"
#: Cheap hashing: the tests check who gets in, not how slow guessing is.
CHEAP = ScryptCost(n=2**10)


def set_pins(config: Config) -> None:
    """The technician's and supervisor's PINs, before the kiosk is built."""
    set_pin(config, Role.TECHNICIAN, TECH_PIN, CHEAP)
    set_pin(config, Role.SUPERVISOR, SUPER_PIN, CHEAP)


def type_pin(qtbot, kiosk: KioskApp, pin: str) -> None:
    """Type ``pin`` on the prompt's pad and confirm it."""
    window = kiosk.window
    qtbot.waitUntil(lambda: find_item(window, "pinPad") is not None)
    for digit in pin:
        tap(window, f"padKey_{digit}")
    tap(window, "padKey_ok")


def open_with_gesture(qtbot, kiosk: KioskApp) -> None:
    """Tap the hidden corner until the PIN prompt opens."""
    for _ in range(kiosk.config.maintenance.gesture_taps):
        tap(kiosk.window, "hiddenGestureArea")
    qtbot.waitUntil(lambda: kiosk.maintenance_backend.property("promptOpen"))


def enter(qtbot, kiosk: KioskApp, pin: str = TECH_PIN) -> None:
    """Open maintenance mode with the gesture and a PIN."""
    open_with_gesture(qtbot, kiosk)
    type_pin(qtbot, kiosk, pin)
    qtbot.waitUntil(lambda: find_item(kiosk.window, "maintenanceScreens") is not None)
