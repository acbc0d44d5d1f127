"""Carries device events and sync states from worker threads to the GUI thread.

Adapters and the sync worker call ``post`` from their own threads; the queued signal
delivers each event on the GUI thread, as Electrum's ``QtEventListener`` does.
"""

from __future__ import annotations

from PySide6.QtCore import QObject, Signal

from drivers.base import DeviceEvent
from kiosk.sync import SyncState


class EventBridge(QObject):
    """Re-emits device events as a Qt signal.

    Signals:
        event: a ``drivers.base`` event or a ``SyncState``, delivered on the GUI thread.
    """

    event = Signal(object)

    def post(self, event: DeviceEvent | SyncState) -> None:
        """Thread-safe: queue ``event`` for the GUI thread."""
        self.event.emit(event)
