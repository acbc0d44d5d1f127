"""Where a scan goes, decided in the core: notices, the status check, identify, reprints."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from drivers.base import PrinterStatus
from drivers.simulated import SimulatedPrinter
from kiosk.catalog import CatalogKeeper, catalog_to_json, load_catalog_files
from kiosk.clock import ManualClock
from kiosk.config import load_config
from kiosk.issuing import InlineRunner, Issuer
from kiosk.journal import Journal
from kiosk.processor import Processor
from kiosk.scan import NOT_RECOGNISED, NOT_VALID
from kiosk.scan_routing import (
    BUSY,
    IDENTIFY_FIRST,
    NO_STATUS,
    NOT_RECOGNISED_ON_IDENTIFY,
    RECEIPT_ON_IDENTIFY,
    REPRINTING,
    ScanRouter,
)
from kiosk.session import Screen, Session, Timing
from kiosk.signing import legacy_receipt_check, receipt_qr_payload
from kiosk.text import NO_TEXT

SHIPPED = load_catalog_files()
KIOSK, SECRET = "ALM-DEV-01", "scan-secret"


class Desk:
    """A session, journal, printer and issuer, and what the router handed on."""

    def __init__(self, tmp_path: Path) -> None:
        self.clock = ManualClock()
        self.journal = Journal(tmp_path / "journal.sqlite", self.clock)
        self.printer = SimulatedPrinter(tmp_path / "spool", dot_width=384)
        self.printer.start()
        self.keeper = CatalogKeeper(SHIPPED)
        kiosk = load_config(environ={"KIOSK_ID": KIOSK}).kiosk
        processor = Processor(kiosk, self.journal, self.printer, SECRET)
        self.issuer = Issuer(processor, self.journal, self.keeper, InlineRunner())
        self.session = Session(self.clock, Timing())
        self.looked_up: list[tuple[str, str]] = []
        self.tokens: list[str] = []
        self.maintenance = False
        #: Whether the maintenance letters screen is shown, and the receipts it took.
        self.letters_shown = False
        self.letters: list[tuple[str, str]] = []
        self.router = ScanRouter(
            self.session,
            self.keeper,
            self.journal,
            self.issuer,
            kiosk_id=KIOSK,
            secret=SECRET,
            look_up=lambda reference, check: self.looked_up.append((reference, check)),
            identify=self.tokens.append,
            in_maintenance=lambda: self.maintenance,
            maintenance_receipt=self.letters_screen,
        )

    def letters_screen(self, reference: str, check: str) -> bool:
        if self.letters_shown:
            self.letters.append((reference, check))
        return self.letters_shown

    def ticket(self) -> str:
        self.session.start()
        self.session.choose_service(SHIPPED.service("antrian"))
        self.issuer.take_ticket(self.session, "A")
        outcome = self.session.data.outcome
        assert outcome is not None
        self.session.end()
        return outcome.reference


@pytest.fixture
def desk(tmp_path: Path) -> Iterator[Desk]:
    desk = Desk(tmp_path)
    yield desk
    desk.printer.stop()
    desk.journal.close()


def test_a_receipt_on_attract_opens_its_status(desk: Desk) -> None:
    reference = desk.ticket()
    notice = desk.router.route(receipt_qr_payload(SECRET, reference), "scanner")
    assert notice is NO_TEXT
    assert desk.session.screen is Screen.FORM
    assert desk.session.data.service is SHIPPED.service("cek_status")
    assert [ref for ref, _ in desk.looked_up] == [reference]


def test_a_receipt_that_did_not_print_is_reprinted_by_its_scan(desk: Desk) -> None:
    desk.printer.set_status(PrinterStatus.PAPER_OUT)
    reference = desk.ticket()
    desk.printer.set_status(PrinterStatus.ONLINE)
    assert desk.router.route(receipt_qr_payload(SECRET, reference), "scanner") is REPRINTING
    assert desk.journal.by_reference(reference).printed
    desk.session.end()
    assert desk.router.route(receipt_qr_payload(SECRET, reference), "scanner") is NO_TEXT


def test_refusals_and_screens_that_do_not_take_a_scan(desk: Desk) -> None:
    reference = desk.ticket()
    receipt = receipt_qr_payload(SECRET, reference)
    assert desk.router.route(b"https://example.com", "scanner") is NOT_RECOGNISED
    assert desk.router.route(receipt_qr_payload("forged", reference), "scanner") is NOT_VALID
    assert desk.router.route("ALM-PRE1:abcdefghijklmnop", "wedge") is IDENTIFY_FIRST
    desk.session.start()
    desk.session.choose_service(SHIPPED.service("sktm"))
    assert desk.session.screen is Screen.IDENTIFY
    assert (
        desk.router.route(receipt_qr_payload(SECRET, reference), "scanner") is RECEIPT_ON_IDENTIFY
    )
    assert desk.router.route("ALM-PRE1:abcdefghijklmnop", "wedge") is NO_TEXT
    assert desk.tokens == ["abcdefghijklmnop"]
    # What this step takes instead of an unknown QR: a registration QR, the card, the NIK.
    assert desk.router.route(b"https://example.com", "scanner") is NOT_RECOGNISED_ON_IDENTIFY
    assert desk.router.route(b"x" * 600, "scanner") is NOT_RECOGNISED_ON_IDENTIFY
    assert desk.router.route(receipt_qr_payload("forged", reference), "scanner") is NOT_VALID
    desk.session.back()
    desk.session.choose_service(SHIPPED.service("antrian"))
    assert desk.router.route(receipt, "scanner") is BUSY
    assert desk.looked_up == []


def test_an_unknown_qr_is_told_what_to_scan_instead() -> None:
    # Elsewhere, the kiosk's receipts are what a scan takes.
    assert "struk anjungan" in NOT_RECOGNISED.id and "kiosk receipt" in NOT_RECOGNISED.en
    assert "QR pendaftaran" in NOT_RECOGNISED_ON_IDENTIFY.id
    assert "e-KTP" in NOT_RECOGNISED_ON_IDENTIFY.en


def test_a_receipt_with_a_legacy_check_still_opens_its_status(desk: Desk) -> None:
    reference = desk.ticket()
    legacy = legacy_receipt_check(SECRET, reference)
    assert desk.router.route(f"ALM1:{reference}:{legacy}", "scanner") is NO_TEXT
    assert desk.looked_up == [(reference, legacy)]


def test_maintenance_keeps_scans_from_the_citizen_screen(desk: Desk) -> None:
    reference = desk.ticket()
    desk.maintenance = True
    assert desk.router.route(receipt_qr_payload(SECRET, reference), "scanner") is NO_TEXT
    assert desk.session.screen is Screen.ATTRACT and desk.looked_up == []
    assert desk.letters == []


def test_in_maintenance_a_receipt_goes_to_the_letters_screen_while_it_is_shown(
    desk: Desk,
) -> None:
    reference = desk.ticket()
    payload = receipt_qr_payload(SECRET, reference)
    desk.maintenance = desk.letters_shown = True
    assert desk.router.route("not a receipt", "wedge") is NO_TEXT
    assert desk.router.route(receipt_qr_payload("forged", reference), "scanner") is NO_TEXT
    assert desk.letters == []
    assert desk.router.route(payload, "scanner") is NO_TEXT
    assert desk.letters == [(reference, payload.rsplit(":", 1)[1])]
    assert desk.session.screen is Screen.ATTRACT and desk.looked_up == []


def test_without_a_status_service_the_citizen_is_told(desk: Desk) -> None:
    reference = desk.ticket()
    data = catalog_to_json(SHIPPED)
    data["services"] = [s for s in data["services"] if s["flow"] != "status_check"]
    assert desk.keeper.offer(data, "central")
    assert desk.router.route(receipt_qr_payload(SECRET, reference), "scanner") is NO_STATUS
