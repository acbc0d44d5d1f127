"""The input gate: holds input for windows until the kiosk behind its first frame is built."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from PySide6.QtCore import QCoreApplication, QEvent, QObject, QPointF, Qt
from PySide6.QtGui import QKeyEvent, QMouseEvent, QWindow

from ui.inputgate import InputGate


class RecordingWindow(QWindow):
    """A real window that notes every input event it is given, with its timestamp."""

    def __init__(self) -> None:
        super().__init__()
        self.seen: list[tuple[QEvent.Type, int]] = []

    def event(self, event: QEvent) -> bool:
        if event.type() in (
            QEvent.Type.MouseButtonPress,
            QEvent.Type.MouseButtonRelease,
            QEvent.Type.KeyPress,
            QEvent.Type.KeyRelease,
        ):
            self.seen.append((event.type(), event.timestamp()))
        return super().event(event)


@pytest.fixture
def window(qapp: QCoreApplication) -> Iterator[RecordingWindow]:
    window = RecordingWindow()
    yield window
    window.destroy()


def press(at_ms: int) -> QMouseEvent:
    event = QMouseEvent(
        QEvent.Type.MouseButtonPress,
        QPointF(10, 10),
        QPointF(10, 10),
        Qt.MouseButton.LeftButton,
        Qt.MouseButton.LeftButton,
        Qt.KeyboardModifier.NoModifier,
    )
    event.setTimestamp(at_ms)
    return event


def key(at_ms: int) -> QKeyEvent:
    event = QKeyEvent(QEvent.Type.KeyPress, int(Qt.Key.Key_A), Qt.KeyboardModifier.NoModifier, "a")
    event.setTimestamp(at_ms)
    return event


def test_input_waits_and_is_delivered_in_order_with_its_timestamps(qapp, window) -> None:
    gate = InputGate(qapp)
    QCoreApplication.sendEvent(window, press(100))
    QCoreApplication.sendEvent(window, key(102))
    assert window.seen == []
    assert gate.held == 2
    gate.open()
    assert window.seen == [(QEvent.Type.MouseButtonPress, 100), (QEvent.Type.KeyPress, 102)]
    assert gate.held == 0 and gate.is_open


def test_once_open_the_gate_is_off_the_application(qapp, window) -> None:
    gate = InputGate(qapp)
    gate.open()
    QCoreApplication.sendEvent(window, key(5))
    assert window.seen == [(QEvent.Type.KeyPress, 5)]
    assert gate.held == 0


def test_only_input_for_windows_is_held(qapp, window) -> None:
    class Recorder(QObject):
        def __init__(self) -> None:
            super().__init__()
            self.keys = 0

        def event(self, event: QEvent) -> bool:
            self.keys += event.type() is QEvent.Type.KeyPress
            return super().event(event)

    gate = InputGate(qapp)
    other = Recorder()
    QCoreApplication.sendEvent(other, key(1))  # not a window: an item or a helper object
    QCoreApplication.sendEvent(window, QEvent(QEvent.Type.UpdateRequest))  # not input
    assert other.keys == 1
    assert gate.held == 0
    gate.open()


def test_a_stopping_kiosk_drops_what_was_held(qapp, window) -> None:
    gate = InputGate(qapp)
    QCoreApplication.sendEvent(window, press(1))
    gate.discard()
    assert window.seen == []
    assert gate.held == 0
    QCoreApplication.sendEvent(window, key(2))
    assert window.seen == [(QEvent.Type.KeyPress, 2)]
