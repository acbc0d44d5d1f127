"""A callback once a window's first frame is on screen: READY=1 and the after-start work."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QObject, Slot
from PySide6.QtGui import QWindow


class FirstFrame(QObject):
    """Calls back once, on the GUI thread, when a Qt Quick window's first frame is on screen.

    A child of the window. Qt Quick's threaded render loop swaps frames on its render
    thread: a slot of this GUI-thread object is then queued, so the callback never runs
    there. Callbacks run in the order their ``FirstFrame`` objects were made.

    The window is typed ``QWindow``: ``frameSwapped`` is found on the ``QQuickWindow``
    itself, so the kiosk never loads PySide6's QtQuick binding (which brings the QtOpenGL
    and QtNetwork ones, about 9 MB) just to name its class.
    """

    def __init__(self, window: QWindow, callback: Callable[[], None]) -> None:
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
