"""Scans as QML sees them: the notice a scan leaves for the citizen, and nothing else.

Where a scan goes is the core's decision (``kiosk.scan_routing``); this object hands it
every scan, from the scanner driver (``ScanReceived``) or from the keyboard wedge, and
shows the notice it returns for a few seconds.
"""

from __future__ import annotations

from PySide6.QtCore import Property, QObject, QTimer, Signal, Slot

from drivers.base import DeviceEvent, ScanReceived
from kiosk.scan_routing import ScanRouter
from kiosk.session import Screen, Session
from kiosk.text import NO_TEXT, LocalizedText

NOTICE_MS = 6000


class ScanNotices(QObject):
    """Routes each scan through the core and shows what it says to the citizen.

    Signals:
        noticeChanged: a short message for the citizen appeared or went away.
    """

    def __init__(self, session: Session, router: ScanRouter, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._session = session
        self._router = router
        self._notice = NO_TEXT
        self._clear_timer = QTimer(self)
        self._clear_timer.setSingleShot(True)
        self._clear_timer.setInterval(NOTICE_MS)
        self._clear_timer.timeout.connect(lambda: self._show(NO_TEXT))

    noticeChanged = Signal()

    @Property(str, notify=noticeChanged)
    def notice(self) -> str:
        """A short message about the last scan, in the citizen's language; empty when none."""
        return self._notice.get(self._session.data.language)

    @Slot()
    def dismissNotice(self) -> None:
        """The citizen tapped the notice away."""
        self._clear_timer.stop()
        self._show(NO_TEXT)

    def on_session_changed(self) -> None:
        """A session that ends takes its notice along: the next citizen never sees it."""
        if self._session.screen is Screen.ATTRACT and self._notice is not NO_TEXT:
            self.dismissNotice()

    @Slot(str)
    def scanned(self, text: str) -> None:
        """A scan from the keyboard wedge."""
        self.route(text, "wedge")

    def on_device_event(self, event: DeviceEvent) -> None:
        """A scan from the scanner driver."""
        if isinstance(event, ScanReceived):
            self.route(event.payload, event.source or "scanner")

    def route(self, payload: bytes | str, source: str) -> None:
        """Hand one scan to the core and show the notice it leaves, if any."""
        notice = self._router.route(payload, source)
        if notice.id:
            self._show(notice)

    def _show(self, notice: LocalizedText) -> None:
        self._notice = notice
        self.noticeChanged.emit()
        if notice.get(self._session.data.language):
            self._clear_timer.start()
