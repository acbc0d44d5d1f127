"""Carries device events from adapter threads to the GUI thread.

Adapters call ``post`` from their own threads; the queued signal delivers each event on
the GUI thread, as Electrum's ``QtEventListener`` does.
"""

from __future__ import annotations

from PySide6.QtCore import QObject, Signal

from drivers.base import DeviceEvent


class EventBridge(QObject):
    """Re-emits device events as a Qt signal.

    Signals:
        event: one ``drivers.base`` event, delivered on the GUI thread.
    """

    event = Signal(object)

    def post(self, device_event: DeviceEvent) -> None:
        """Thread-safe: queue ``device_event`` for the GUI thread."""
        self.event.emit(device_event)
