"""Where a scan goes: to a request's status, to the identify step, or to a short notice.

A receipt opens its status (and is reprinted if it never printed: the citizen holds its QR
from the done screen), a pre-registration QR identifies the citizen on the identify step,
and anything else gets a short notice. Whatever a scanner sends is untrusted and goes
through ``kiosk.scan.parse_scan`` before anything acts on it.

The status lookup and the identify step belong to their screens: the router is given a
``look_up`` (reference, check) and an ``identify`` (token) to hand them on. In maintenance
mode a receipt goes to the technician's letters screen while it is shown
(``maintenance_receipt``), for one more copy of its letter.
"""

from __future__ import annotations

import logging
from collections.abc import Callable

from kiosk.catalog import CatalogKeeper
from kiosk.issuing import Issuer
from kiosk.journal import Journal, ReceiptOutcome
from kiosk.pickup import showing_letter_pickup
from kiosk.scan import (
    PreRegistrationScan,
    ReceiptScan,
    ScanRejected,
    ScanRejectReason,
    parse_scan,
)
from kiosk.session import Screen, Session, SessionError
from kiosk.status import open_status_check, showing_status_check
from kiosk.text import NO_TEXT, LocalizedText

log = logging.getLogger("kiosk.scan_routing")

BUSY = LocalizedText(
    "Selesaikan atau batalkan layanan ini dulu, lalu pindai struk Anda.",
    "Finish or cancel this service first, then scan your receipt.",
)
IDENTIFY_FIRST = LocalizedText(
    "Pilih layanan dulu, lalu pindai QR pendaftaran pada langkah identitas.",
    "Choose a service first, then scan the registration QR at the identity step.",
)
RECEIPT_ON_IDENTIFY = LocalizedText(
    "Ini struk, bukan QR pendaftaran. Tempelkan e-KTP atau ketik NIK Anda.",
    "This is a receipt, not a registration QR. Tap your e-KTP or type your NIK.",
)
REPRINTING = LocalizedText(
    "Struk Anda belum tercetak tadi; sekarang dicetak ulang.",
    "Your receipt did not print earlier; it is being printed now.",
)
NOT_RECOGNISED_ON_IDENTIFY = LocalizedText(
    "QR ini tidak dikenali. Pindai QR pendaftaran dari ponsel Anda, tempelkan e-KTP, atau"
    " ketik NIK Anda.",
    "This QR code is not recognised. Scan the registration QR on your phone, tap your e-KTP"
    " or type your NIK.",
)
NO_STATUS = LocalizedText(
    "Cek status belum tersedia di anjungan ini.",
    "Status checks are not available at this kiosk.",
)
_OPENS_STATUS = frozenset({Screen.ATTRACT, Screen.HOME, Screen.DONE})
#: Receipts a scan reprints: those the citizen was shown on screen, or that were cut off.
_REPRINTED_BY_SCAN = frozenset({ReceiptOutcome.FAILED, ReceiptOutcome.UNKNOWN})


class ScanRouter:
    """Sends each scan where the screen on show needs it; returns what the citizen reads."""

    def __init__(
        self,
        session: Session,
        catalog: CatalogKeeper,
        journal: Journal,
        issuer: Issuer,
        *,
        kiosk_id: str,
        secret: str,
        look_up: Callable[[str, str], None],
        identify: Callable[[str], None],
        in_maintenance: Callable[[], bool] = lambda: False,
        pickup: Callable[[str, str], None] | None = None,
        maintenance_receipt: Callable[[str, str], bool] | None = None,
    ) -> None:
        self._session = session
        self._catalog = catalog
        self._journal = journal
        self._issuer = issuer
        self._kiosk_id = kiosk_id
        self._secret = secret
        self._look_up = look_up
        self._identify = identify
        self._in_maintenance = in_maintenance
        self._pickup = pickup
        self._maintenance_receipt = maintenance_receipt

    def route(self, payload: bytes | str, source: str) -> LocalizedText:
        """Act on one scan for the screen on show; the notice to show (NO_TEXT for none).

        In maintenance mode a scan is a technician's test of the scanner, which the
        maintenance screen shows, or a receipt for the letters screen: nothing reaches the
        citizen screen underneath.
        """
        if self._in_maintenance():
            self._maintenance_scan(payload, source)
            return NO_TEXT
        self._session.activity()
        try:
            scan = parse_scan(payload, kiosk_id=self._kiosk_id, secret=self._secret)
        except ScanRejected as rejected:
            log.info(
                "Scan from %s refused: %s (%s)", source, rejected.reason.value, rejected.detail
            )
            if (
                self._session.screen is Screen.IDENTIFY
                and rejected.reason is not ScanRejectReason.FORGED_RECEIPT
            ):
                return NOT_RECOGNISED_ON_IDENTIFY  # what this step can take instead
            return rejected.message
        if isinstance(scan, ReceiptScan):
            return self._receipt(scan)
        return self._preregistration(scan)

    def _maintenance_scan(self, payload: bytes | str, source: str) -> None:
        """A receipt to the letters screen if it takes it; anything else to the tests."""
        if self._maintenance_receipt is not None:
            try:
                scan = parse_scan(payload, kiosk_id=self._kiosk_id, secret=self._secret)
            except ScanRejected:
                scan = None
            if isinstance(scan, ReceiptScan) and self._maintenance_receipt(
                scan.reference, scan.check
            ):
                log.info("Receipt scanned from %s during maintenance: to the letters", source)
                return
        log.info("Scan from %s during maintenance: left to the maintenance screen", source)

    def _receipt(self, scan: ReceiptScan) -> LocalizedText:
        session = self._session
        if session.screen is Screen.IDENTIFY:
            return RECEIPT_ON_IDENTIFY
        if self._pickup is not None and showing_letter_pickup(session):
            # On Ambil Surat the receipt is the proof that lists its letter.
            self._pickup(scan.reference, scan.check)
            return NO_TEXT
        showing = showing_status_check(session)
        if session.screen not in _OPENS_STATUS and not showing:
            return BUSY
        notice = REPRINTING if scan.verified and self._reprint(scan.reference) else NO_TEXT
        if not showing:
            try:
                showing = open_status_check(session, self._catalog.catalog.services)
            except SessionError as error:
                log.error("Cannot open the status check here: %s", error)
        if not showing:
            return NO_STATUS
        self._look_up(scan.reference, scan.check)
        return notice

    def _reprint(self, reference: str) -> bool:
        """Reprint this kiosk's receipt that never printed: the citizen holds its QR."""
        entry = self._journal.by_reference(reference)
        if entry is None or entry.receipt not in _REPRINTED_BY_SCAN:
            return False
        refusal = self._issuer.reprint(reference)
        if refusal is not None:
            log.info("Scanned receipt %s not reprinted: %s", reference, refusal.value)
        return refusal is None

    def _preregistration(self, scan: PreRegistrationScan) -> LocalizedText:
        if self._session.screen is not Screen.IDENTIFY:
            return IDENTIFY_FIRST
        self._identify(scan.token)
        return NO_TEXT
