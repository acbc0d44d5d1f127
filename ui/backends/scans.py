"""Where a scan goes: to a request's status, to the identify step, or to a short notice.

A receipt opens its status (and reprints it if it never printed), a pre-registration QR
identifies the citizen, and anything else gets a short notice.

Scans arrive from the scanner driver (``ScanReceived``) or from the keyboard wedge; both
are untrusted and go through ``kiosk.scan.parse_scan`` before anything acts on them.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor

from PySide6.QtCore import Property, QObject, QTimer, Signal, Slot

from drivers.base import DeviceEvent, PrintOutcome, ScanReceived
from kiosk.journal import Entry, Journal
from kiosk.processor import Processor
from kiosk.scan import PreRegistrationScan, ReceiptScan, ScanRejected, parse_scan
from kiosk.services import Service
from kiosk.session import Screen, Session
from kiosk.text import NO_TEXT, LocalizedText
from ui.backends.identify import IdentifyBackend
from ui.backends.status import StatusBackend

log = logging.getLogger("ui.scans")

NOTICE_MS = 6000
NOTICES: dict[str, LocalizedText] = {
    "busy": LocalizedText(
        "Selesaikan atau batalkan layanan ini dulu, lalu pindai struk Anda.",
        "Finish or cancel this service first, then scan your receipt.",
    ),
    "identify_first": LocalizedText(
        "Pilih layanan dulu, lalu pindai QR pendaftaran pada langkah identitas.",
        "Choose a service first, then scan the registration QR at the identity step.",
    ),
    "receipt_on_identify": LocalizedText(
        "Ini struk, bukan QR pendaftaran. Tempelkan e-KTP atau ketik NIK Anda.",
        "This is a receipt, not a registration QR. Tap your e-KTP or type your NIK.",
    ),
    "reprinting": LocalizedText(
        "Struk Anda belum tercetak tadi; sekarang dicetak ulang.",
        "Your receipt did not print earlier; it is being printed now.",
    ),
    "no_status": LocalizedText(
        "Cek status belum tersedia di anjungan ini.",
        "Status checks are not available at this kiosk.",
    ),
}
_OPENS_STATUS = frozenset({Screen.ATTRACT, Screen.HOME, Screen.DONE})


class ScanRouter(QObject):
    """Sends each scan where the current screen needs it.

    Signals:
        noticeChanged: a short message for the citizen appeared or went away.
    """

    _reprinted = Signal(object)

    def __init__(
        self,
        session: Session,
        services: tuple[Service, ...],
        journal: Journal,
        processor: Processor,
        identify: IdentifyBackend,
        status: StatusBackend,
        kiosk_id: str,
        secret: str,
        in_maintenance: Callable[[], bool] = lambda: False,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self._in_maintenance = in_maintenance
        self._session = session
        self._services = {service.id: service for service in services}
        self._journal = journal
        self._processor = processor
        self._identify = identify
        self._status = status
        self._kiosk_id = kiosk_id
        self._secret = secret
        self._notice = NO_TEXT
        self._worker = ThreadPoolExecutor(max_workers=1, thread_name_prefix="reprint")
        self._clear_timer = QTimer(self)
        self._clear_timer.setSingleShot(True)
        self._clear_timer.setInterval(NOTICE_MS)
        self._clear_timer.timeout.connect(lambda: self._show(NO_TEXT))
        self._reprinted.connect(self._on_reprinted)

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
        """Parse one scan and act on it for the screen on show.

        In maintenance mode a scan is a technician's test of the scanner, which the
        maintenance screen shows: nothing reaches the citizen screen underneath.
        """
        if self._in_maintenance():
            log.info("Scan from %s during maintenance: left to the maintenance screen", source)
            return
        self._session.activity()
        try:
            scan = parse_scan(payload, kiosk_id=self._kiosk_id, secret=self._secret)
        except ScanRejected as rejected:
            log.info(
                "Scan from %s refused: %s (%s)", source, rejected.reason.value, rejected.detail
            )
            self._show(rejected.message)
            return
        if isinstance(scan, ReceiptScan):
            self._receipt(scan)
        else:
            self._preregistration(scan)

    def shutdown(self) -> None:
        """Wait for a reprint in progress."""
        self._worker.shutdown(wait=True)

    def _receipt(self, scan: ReceiptScan) -> None:
        screen = self._session.screen
        if screen is Screen.IDENTIFY:
            self._show(NOTICES["receipt_on_identify"])
            return
        if screen not in _OPENS_STATUS and not self._status.showing():
            self._show(NOTICES["busy"])
            return
        if scan.verified and self._reprint_if_pending(scan.reference):
            self._show(NOTICES["reprinting"])
        if self._status.showing():
            self._status.open_scanned(scan.reference, scan.check)
        elif not self._status.open_scanned(scan.reference, scan.check):
            self._show(NOTICES["no_status"])

    def _preregistration(self, scan: PreRegistrationScan) -> None:
        if self._session.screen is Screen.IDENTIFY:
            self._identify.preregistration(scan.token)
        else:
            self._show(NOTICES["identify_first"])

    def _reprint_if_pending(self, reference: str) -> bool:
        """Reprint this kiosk's receipt that never printed: the citizen holds its QR."""
        entry = self._journal.by_reference(reference)
        service = self._services.get(entry.service) if entry else None
        if entry is None or entry.printed or service is None:
            return False
        log.info("Reprinting %s from a scan of its QR", reference)
        self._worker.submit(self._reprint, entry, service)
        return True

    def _reprint(self, entry: Entry, service: Service) -> None:
        try:
            self._reprinted.emit(self._processor.reprint(entry, service))
        except Exception:
            log.exception("Reprint of %s failed", entry.reference)

    def _on_reprinted(self, outcome: PrintOutcome) -> None:
        log.info(
            "Reprint %s: %s %s", outcome.job_id, "ok" if outcome.ok else "failed", outcome.detail
        )

    def _show(self, notice: LocalizedText) -> None:
        self._notice = notice
        self.noticeChanged.emit()
        if notice.get(self._session.data.language):
            self._clear_timer.start()
