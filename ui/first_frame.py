"""A callback once a window's first frame is on screen: READY=1 and the after-start work."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QObject, Slot
from PySide6.QtQuick import QQuickWindow


class FirstFrame(QObject):
    """Calls back once, on the GUI thread, when a window's first frame is on screen.

    A child of the window. Qt Quick's threaded render loop swaps frames on its render
    thread: a slot of this GUI-thread object is then queued, so the callback never runs
    there. Callbacks run in the order their ``FirstFrame`` objects were made.
    """

    def __init__(self, window: QQuickWindow, callback: Callable[[], None]) -> None:
        super().__init__(window)
        self._window = window
        self._callback: Callable[[], None] | None = callback
        window.frameSwapped.connect(self._swapped)

    @Slot()
    def _swapped(self) -> None:
        if self._callback is None:
            return
        callback, self._callback = self._callback, None
        self._window.frameSwapped.disconnect(self._swapped)
        callback()
