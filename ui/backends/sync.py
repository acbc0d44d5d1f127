"""Exposes the link to central to QML: online or not, and how many requests wait to be sent."""

from __future__ import annotations

from PySide6.QtCore import Property, QObject, Signal

from kiosk.sync import SyncState


class SyncBackend(QObject):
    """A small status the header shows without alarming citizens.

    Signals:
        onlineChanged: central became reachable or unreachable.
        queuedChanged: the number of requests waiting to be sent changed.
    """

    def __init__(self, *, enabled: bool, queued: int, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._enabled = enabled
        self._state = SyncState(queued=queued)

    onlineChanged = Signal()

    @Property(bool, notify=onlineChanged)
    def online(self) -> bool:
        """Central answered the last attempt."""
        return self._state.online

    queuedChanged = Signal()

    @Property(int, notify=queuedChanged)
    def queued(self) -> int:
        """Requests committed here and not yet acknowledged by central."""
        return self._state.queued

    @Property(bool, constant=True)
    def enabled(self) -> bool:
        """Whether a central URL is configured at all."""
        return self._enabled

    def on_event(self, event: object) -> None:
        """Take sync states from the bridge; device events are someone else's."""
        if not isinstance(event, SyncState):
            return
        previous, self._state = self._state, event
        if previous.online != event.online:
            self.onlineChanged.emit()
        if previous.queued != event.queued:
            self.queuedChanged.emit()
