"""Holds input that comes while the kiosk behind its first frame is still being built.

The first frame shows the attract screen before the session, the keyboard wedge and the
lockdown exist (``ui/app.py``). A tap, a key (a keyboard-wedge scanner types its codes) or
a close request that comes in those few milliseconds is held here, not delivered, and
replayed in order once everything it may lead to is built: nothing is lost, and nothing
reaches a half-built kiosk. Then the gate takes itself off the application, so it costs
nothing afterwards.
"""

from __future__ import annotations

import logging

from PySide6.QtCore import QCoreApplication, QEvent, QObject
from PySide6.QtGui import QWindow
from shiboken6 import isValid

log = logging.getLogger("ui.inputgate")


class InputGate(QObject):
    """An application-wide event filter that holds input addressed to windows until ``open``.

    Windows pass each event on to their items, so holding it at the window holds it for
    every item. A held event is a copy with its original timestamp, which the keyboard
    wedge uses to tell a scanner's burst from a person's typing.
    """

    _HELD = frozenset(
        {
            QEvent.Type.MouseButtonPress,
            QEvent.Type.MouseButtonRelease,
            QEvent.Type.MouseButtonDblClick,
            QEvent.Type.MouseMove,
            QEvent.Type.TouchBegin,
            QEvent.Type.TouchUpdate,
            QEvent.Type.TouchEnd,
            QEvent.Type.TouchCancel,
            QEvent.Type.Wheel,
            QEvent.Type.KeyPress,
            QEvent.Type.KeyRelease,
            QEvent.Type.ContextMenu,
            QEvent.Type.Close,
        }
    )

    def __init__(self, app: QCoreApplication, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._app = app
        self._held: list[tuple[QWindow, QEvent]] = []
        self._open = False
        app.installEventFilter(self)

    @property
    def held(self) -> int:
        """How many events wait to be replayed."""
        return len(self._held)

    @property
    def is_open(self) -> bool:
        """Whether input goes straight through (the kiosk is built)."""
        return self._open

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        """Hold input for a window while closed; let everything else through."""
        if self._open or event.type() not in self._HELD or not isinstance(watched, QWindow):
            return False
        self._held.append((watched, event.clone()))
        return True

    def discard(self) -> None:
        """Take the gate off the application and drop what it held: the kiosk is stopping."""
        self._held.clear()
        self.open()

    def open(self) -> None:
        """Take the gate off the application, then deliver what it held, in order."""
        if self._open:
            return
        self._open = True
        self._app.removeEventFilter(self)
        held, self._held = self._held, []
        if held:
            log.info("Delivering %d input events that came during start-up", len(held))
        for window, event in held:
            if isValid(window):
                QCoreApplication.sendEvent(window, event)
