"""The first frame is the attract screen alone; whatever comes before the rest is built waits.

The kiosk runs as ``kiosk`` runs it (``ui/cli.py``): ``build_attract``, ``show``, and the
core, session and other backends built once the first frame is out. A citizen's tap and a
keyboard-wedge scanner's keys that come before then are held by the input gate and
delivered once the session exists; a scan the scanner driver reports from its own thread
while the rest is still being built reaches the session through the event bridge. Real
QML offscreen, simulated devices.

Input is sent the way Qt delivers what the window system reports (``sendEvent`` to the
window, through the application's event filters) without running the event loop, which
would build the rest first: ``QTest``'s clicks and keys process pending events.
"""

from __future__ import annotations

import subprocess
import sys
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QCoreApplication, QEvent, QPointF, Qt
from PySide6.QtGui import QKeyEvent, QMouseEvent, QWindow

from kiosk.core import JOURNAL_FILE, Core
from kiosk.scan import NOT_RECOGNISED
from kiosk.session import Screen
from tests.helpers.kiosk_app import running_kiosk
from tests.helpers.kiosk_cli import ROOT, kiosk_env
from tests.helpers.qml import find_item, texts
from ui.app import KioskApp

pytestmark = pytest.mark.e2e

FOREIGN_QR = "https://example.com/promo"
#: Milliseconds between a keyboard-wedge scanner's keys.
SCANNER_KEY_MS = 2


def press_and_release(window: QWindow, object_name: str) -> None:
    """A finger on the centre of the item, as the window system reports it."""
    item = find_item(window, object_name)
    assert item is not None and item.width() >= 1, f"no visible item named {object_name!r}"
    centre = item.mapToScene(QPointF(item.width() / 2, item.height() / 2))
    left, none = Qt.MouseButton.LeftButton, Qt.MouseButton.NoButton
    for kind, buttons in (
        (QEvent.Type.MouseButtonPress, left),
        (QEvent.Type.MouseButtonRelease, none),
    ):
        event = QMouseEvent(
            kind, centre, window.mapToGlobal(centre), left, buttons, Qt.KeyboardModifier.NoModifier
        )
        QCoreApplication.sendEvent(window, event)


def wedge_types(window: QWindow, text: str, started_ms: int) -> None:
    """A keyboard-wedge scanner types ``text`` and Enter, a key every few milliseconds."""
    keys = [(ord(char.upper()), char) for char in text] + [(int(Qt.Key.Key_Return), "\r")]
    for index, (key, char) in enumerate(keys):
        for kind in (QEvent.Type.KeyPress, QEvent.Type.KeyRelease):
            event = QKeyEvent(kind, key, Qt.KeyboardModifier.NoModifier, char)
            event.setTimestamp(started_ms + index * SCANNER_KEY_MS)
            QCoreApplication.sendEvent(window, event)


@pytest.fixture
def starting(qapp: QCoreApplication, tmp_path: Path) -> Iterator[KioskApp]:
    """The kiosk with its attract screen built and shown, the rest not built yet."""
    with running_kiosk(qapp, tmp_path, attract_only=True) as app:
        yield app


def test_the_first_frame_is_attract_and_the_rest_follows_it(qtbot, starting: KioskApp) -> None:
    window = starting.window
    assert window is not None
    assert not starting.built
    assert find_item(window, "attractScreen") is not None
    overlays = find_item(window, "overlayLoader")
    assert overlays is not None and overlays.property("item") is None  # nothing above it yet
    title = find_item(window, "slideTitle")
    assert title is not None and title.property("text")  # the carousel, from the first frame
    qtbot.waitUntil(lambda: starting.built)
    assert starting.session.screen is Screen.ATTRACT
    assert find_item(window, "hiddenGesture") is not None
    assert find_item(window, "attractScreen") is not None


def test_a_tap_before_the_session_exists_starts_it(qtbot, starting: KioskApp) -> None:
    window = starting.window
    assert window is not None
    press_and_release(window, "startArea")
    assert not starting.built
    assert starting.gate.held == 2  # press and release, waiting for the session
    qtbot.waitUntil(lambda: starting.built)
    qtbot.waitUntil(lambda: starting.session.screen is Screen.HOME)
    assert starting.gate.held == 0
    qtbot.waitUntil(lambda: find_item(window, "service_antrian") is not None)


def test_a_wedge_scan_typed_before_the_session_exists_is_routed(qtbot, starting: KioskApp) -> None:
    """A keyboard-wedge scanner types at machine speed; its keys keep their timestamps."""
    window = starting.window
    assert window is not None
    wedge_types(window, FOREIGN_QR, started_ms=1_000)
    assert not starting.built
    assert starting.gate.held == 2 * (len(FOREIGN_QR) + 1)
    qtbot.waitUntil(lambda: starting.built)
    qtbot.waitUntil(lambda: NOT_RECOGNISED.id in texts(window))
    assert starting.session.screen is Screen.ATTRACT


def test_a_scan_the_driver_reports_while_the_rest_is_built_is_routed(
    qtbot, starting: KioskApp, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The scanner reports a scan from its own thread the moment it starts, mid-build."""
    built_at_scan: list[bool] = []
    start_devices = Core.start_devices

    def start_then_scan(core: Core) -> None:
        start_devices(core)
        built_at_scan.append(starting.built)
        scanner = threading.Thread(target=core.devices.scanner.scan, args=(FOREIGN_QR,))
        scanner.start()
        scanner.join()

    monkeypatch.setattr(Core, "start_devices", start_then_scan)
    window = starting.window
    assert window is not None
    qtbot.waitUntil(lambda: starting.built)
    assert built_at_scan == [False]
    qtbot.waitUntil(lambda: NOT_RECOGNISED.id in texts(window))


def test_a_core_that_cannot_be_built_after_the_first_frame_stops_the_kiosk(tmp_path: Path) -> None:
    """The attract screen was shown; the journal cannot open: exit 1, the reason said."""
    env = kiosk_env(tmp_path)
    (tmp_path / "data" / JOURNAL_FILE).mkdir(parents=True)  # a folder where the file goes
    result = subprocess.run(
        [sys.executable, "-m", "ui", "--windowed"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 1, result.stderr[-2000:]
    assert "Attract screen built" in result.stderr
    assert "kiosk: cannot start: journal: " in result.stderr
