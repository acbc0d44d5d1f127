"""Issuing: one sequence from submit to delivery, and reprints, in place (no Qt)."""

from __future__ import annotations

import dataclasses
from collections.abc import Iterator
from pathlib import Path

import pytest

from drivers.base import PrinterStatus
from drivers.simulated import SimulatedPrinter
from kiosk.catalog import CatalogKeeper, load_catalog_files
from kiosk.clock import ManualClock
from kiosk.config import load_config
from kiosk.issuing import InlineRunner, Issuer, Reprinted, ReprintRefusal
from kiosk.journal import Draft, Journal, ReceiptOutcome
from kiosk.processor import Processor
from kiosk.session import Screen, Session, Timing

SHIPPED = load_catalog_files()


@dataclasses.dataclass
class Kiosk:
    clock: ManualClock
    journal: Journal
    printer: SimulatedPrinter
    keeper: CatalogKeeper
    processor: Processor
    issuer: Issuer
    session: Session


@pytest.fixture
def kiosk(tmp_path: Path) -> Iterator[Kiosk]:
    clock = ManualClock()
    journal = Journal(tmp_path / "journal.sqlite", clock)
    printer = SimulatedPrinter(tmp_path / "spool", dot_width=384)
    printer.start()
    keeper = CatalogKeeper(SHIPPED)
    processor = Processor(load_config(environ={}).kiosk, journal, printer, "secret")
    issuer = Issuer(processor, journal, keeper, InlineRunner())
    yield Kiosk(clock, journal, printer, keeper, processor, issuer, Session(clock, Timing()))
    printer.stop()
    journal.close()


def ticket(kiosk: Kiosk, counter: str = "A") -> str:
    kiosk.session.start()
    kiosk.session.choose_service(SHIPPED.service("antrian"))
    assert kiosk.issuer.take_ticket(kiosk.session, counter)
    assert kiosk.session.screen is Screen.DONE
    outcome = kiosk.session.data.outcome
    assert outcome is not None
    kiosk.session.end()
    return outcome.reference


def test_a_ticket_goes_from_submit_to_done_and_is_issued(kiosk: Kiosk) -> None:
    reference = ticket(kiosk)
    entry = kiosk.journal.by_reference(reference)
    assert entry is not None and entry.receipt is ReceiptOutcome.PRINTED
    assert entry.service_copy is not None and entry.service_copy["id"] == "antrian"
    assert [e.reference for e in kiosk.journal.entries(issued_only=True)] == [reference]


def test_a_failed_print_shows_the_number_and_is_kept_as_failed(kiosk: Kiosk) -> None:
    kiosk.printer.set_fail_next("jam")
    kiosk.session.start()
    kiosk.session.choose_service(SHIPPED.service("antrian"))
    kiosk.issuer.take_ticket(kiosk.session, "B")
    outcome = kiosk.session.data.outcome
    assert kiosk.session.screen is Screen.DONE and outcome is not None and not outcome.printed
    assert kiosk.journal.by_reference(outcome.reference).receipt is ReceiptOutcome.FAILED


def test_a_commit_that_fails_goes_back_with_everything_and_says_so(kiosk: Kiosk) -> None:
    kiosk.journal.close()  # the disk went away
    kiosk.session.start()
    kiosk.session.choose_service(SHIPPED.service("antrian"))
    kiosk.issuer.take_ticket(kiosk.session, "C")
    assert kiosk.session.screen is Screen.FORM
    assert kiosk.session.data.fields == {"counter": "C"}
    assert kiosk.session.data.submit_failed
    kiosk.session.set_field("counter", "D")
    assert not kiosk.session.data.submit_failed


def test_nothing_is_submitted_from_the_wrong_screen(kiosk: Kiosk) -> None:
    assert not kiosk.issuer.submit(kiosk.session)
    assert not kiosk.issuer.take_ticket(kiosk.session, "A")
    assert kiosk.journal.entries(issued_only=False) == []


def test_reprints_are_refused_with_the_reason(kiosk: Kiosk) -> None:
    printed = ticket(kiosk)
    assert kiosk.issuer.reprint("ALM-DEV-01-20261123-K1-Z999") is ReprintRefusal.UNKNOWN_REFERENCE
    assert kiosk.issuer.reprint(printed) is ReprintRefusal.ALREADY_PRINTED

    def gone(number: int, at) -> Draft:  # a service the catalog lost, from before copies
        reference = f"ALM-DEV-01-{at:%Y%m%d}-K1-OLD{number:04d}"
        return Draft(reference, {"fields": {}, "identity": None, "number": "K1-OLD"}, {})

    old = kiosk.journal.record("old", "retired_service", "id", "old", gone)
    kiosk.journal.record_receipt("old", ReceiptOutcome.FAILED)
    assert kiosk.issuer.reprint(old.reference) is ReprintRefusal.UNKNOWN_SERVICE

    kiosk.printer.set_status(PrinterStatus.PAPER_OUT)
    failed = ticket(kiosk)
    while (row := kiosk.journal.claim_next(0)) is not None:  # central acknowledged all
        kiosk.journal.mark_sent(row, {"ok": True})
    kiosk.clock.advance(31 * 86400)
    kiosk.journal.purge_personal(retention_days=30)
    assert kiosk.issuer.reprint(failed) is ReprintRefusal.DATA_PURGED


def test_a_reprint_prints_and_reports_once_the_printer_is_back(kiosk: Kiosk) -> None:
    kiosk.printer.set_status(PrinterStatus.PAPER_OUT)
    reference = ticket(kiosk)
    heard: list[Reprinted] = []
    assert kiosk.issuer.reprint(reference, heard.append) is None
    assert heard == [Reprinted(reference, False, heard[0].detail, PrinterStatus.PAPER_OUT)]
    assert "paper" in heard[0].detail
    assert kiosk.journal.by_reference(reference).receipt is ReceiptOutcome.FAILED
    kiosk.printer.set_status(PrinterStatus.ONLINE)
    assert kiosk.issuer.reprint(reference, heard.append) is None
    assert heard[-1].ok
    assert kiosk.journal.by_reference(reference).printed


def test_a_reprint_uses_the_journals_copy_once_the_service_is_gone(kiosk: Kiosk) -> None:
    kiosk.printer.set_status(PrinterStatus.PAPER_OUT)
    reference = ticket(kiosk)
    kiosk.keeper.offer(catalog_without("antrian"), "central")
    entry = kiosk.journal.by_reference(reference)
    service = kiosk.issuer.service_for(entry)
    assert service is not None and service.counter("A").name.id
    kiosk.printer.set_status(PrinterStatus.ONLINE)
    assert kiosk.issuer.reprint(reference) is None
    assert kiosk.journal.by_reference(reference).printed


def test_a_ticket_whose_counter_was_closed_reprints_from_the_copy(kiosk: Kiosk) -> None:
    kiosk.printer.set_status(PrinterStatus.PAPER_OUT)
    reference = ticket(kiosk, "A")
    data = catalog_without("nothing")
    queue = next(s for s in data["services"] if s["id"] == "antrian")
    queue["counters"] = [c for c in queue["counters"] if c["code"] != "A"]
    assert kiosk.keeper.offer(data, "central")
    service = kiosk.issuer.service_for(kiosk.journal.by_reference(reference))
    assert service is not None and service.counter("A")
    assert service is not kiosk.keeper.catalog.service("antrian")


def test_a_receipt_still_printing_is_not_reprinted_and_settles_unknown(kiosk: Kiosk) -> None:
    class Stops:
        def run(self, work, then) -> None:
            if not hasattr(self, "ran"):
                self.ran = True
                work()  # the commit; the kiosk stops before the print

    stopping = Issuer(kiosk.processor, kiosk.journal, kiosk.keeper, Stops())
    kiosk.session.start()
    kiosk.session.choose_service(SHIPPED.service("antrian"))
    stopping.take_ticket(kiosk.session, "A")
    [entry] = kiosk.journal.unprinted()
    assert kiosk.issuer.reprint(entry.reference) is ReprintRefusal.STILL_PRINTING
    assert kiosk.issuer.settle() == 1
    assert kiosk.journal.get(entry.idempotency_key).receipt is ReceiptOutcome.UNKNOWN
    assert kiosk.issuer.reprint(entry.reference) is None


def catalog_without(service_id: str) -> dict:
    from kiosk.catalog import catalog_to_json

    data = catalog_to_json(SHIPPED)
    data["version"] = f"without-{service_id}"
    data["services"] = [s for s in data["services"] if s["id"] != service_id]
    return data


class HeldRunner:
    """Holds each step until ``release``: a print still running when the citizen taps again."""

    def __init__(self) -> None:
        self.held: list[tuple[object, object]] = []

    def run(self, work, then) -> None:  # the Runner protocol
        self.held.append((work, then))

    def release(self) -> None:
        while self.held:
            work, then = self.held.pop(0)
            InlineRunner().run(work, then)  # type: ignore[arg-type]


def failed_done_screen(kiosk: Kiosk, status: PrinterStatus) -> str:
    """A ticket taken while the printer cannot print: its number on the done screen."""
    kiosk.printer.set_status(status)
    kiosk.session.start()
    kiosk.session.choose_service(SHIPPED.service("antrian"))
    assert kiosk.issuer.take_ticket(kiosk.session, "A")
    outcome = kiosk.session.data.outcome
    assert kiosk.session.screen is Screen.DONE and outcome is not None and not outcome.printed
    assert outcome.printer is status
    return outcome.reference


def spooled(kiosk: Kiosk) -> int:
    return len(list(kiosk.printer.spool_dir.glob("*.bin")))


def test_cetak_ulang_on_the_done_screen_prints_once_however_often_it_is_tapped(
    kiosk: Kiosk,
) -> None:
    reference = failed_done_screen(kiosk, PrinterStatus.PAPER_OUT)
    assert kiosk.journal.by_reference(reference).receipt is ReceiptOutcome.FAILED
    kiosk.printer.set_status(PrinterStatus.ONLINE)  # an officer put paper in
    held = HeldRunner()
    issuer = Issuer(kiosk.processor, kiosk.journal, kiosk.keeper, held)
    assert issuer.reprint_shown(kiosk.session) is None
    assert kiosk.session.data.outcome.reprinting
    # A second tap while the first reprint runs: refused, nothing queued.
    assert issuer.reprint_shown(kiosk.session) is ReprintRefusal.STILL_PRINTING
    assert issuer.reprint(reference) is ReprintRefusal.STILL_PRINTING
    assert len(held.held) == 1
    held.release()
    outcome = kiosk.session.data.outcome
    assert outcome.printed and not outcome.reprinting
    assert spooled(kiosk) == 1
    assert kiosk.journal.by_reference(reference).receipt is ReceiptOutcome.PRINTED
    assert issuer.reprint_shown(kiosk.session) is ReprintRefusal.ALREADY_PRINTED
    assert spooled(kiosk) == 1


def test_cetak_ulang_while_the_paper_is_still_out_keeps_the_number_on_screen(
    kiosk: Kiosk,
) -> None:
    reference = failed_done_screen(kiosk, PrinterStatus.PAPER_OUT)
    assert kiosk.issuer.reprint_shown(kiosk.session) is None
    outcome = kiosk.session.data.outcome
    assert not outcome.printed and outcome.reprint_failed and not outcome.reprinting
    assert outcome.printer is PrinterStatus.PAPER_OUT
    # A failed reprint changes nothing the journal reported: still failed.
    assert kiosk.journal.by_reference(reference).receipt is ReceiptOutcome.FAILED
    assert spooled(kiosk) == 0


def test_a_receipt_reprinted_elsewhere_meanwhile_counts_as_printed(kiosk: Kiosk) -> None:
    reference = failed_done_screen(kiosk, PrinterStatus.COVER_OPEN)
    kiosk.printer.set_status(PrinterStatus.ONLINE)
    assert kiosk.issuer.reprint(reference) is None  # a technician, from maintenance
    assert spooled(kiosk) == 1
    assert kiosk.issuer.reprint_shown(kiosk.session) is ReprintRefusal.ALREADY_PRINTED
    assert kiosk.session.data.outcome.printed
    assert spooled(kiosk) == 1


def test_the_done_screen_shows_the_check_code_of_the_receipt(kiosk: Kiosk) -> None:
    failed_done_screen(kiosk, PrinterStatus.UNKNOWN)
    outcome = kiosk.session.data.outcome
    assert outcome.qr_payload == f"ALM1:{outcome.reference}:{outcome.check_code}"
