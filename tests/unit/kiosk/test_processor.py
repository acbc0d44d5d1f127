from __future__ import annotations

from pathlib import Path

import pytest

from drivers.base import PrinterStatus
from drivers.simulated import SimulatedPrinter
from kiosk.clock import ManualClock
from kiosk.config import load_config
from kiosk.journal import Journal, OutboxState
from kiosk.processor import Processor
from kiosk.services import load_services
from kiosk.session import SubmitRequest
from tests.helpers.escpos_decode import decode

QUEUE = load_services()[0]


@pytest.fixture
def printer(tmp_path: Path):
    printer = SimulatedPrinter(tmp_path / "spool", dot_width=384)
    printer.start()
    yield printer
    printer.stop()


@pytest.fixture
def processor(tmp_path: Path, printer: SimulatedPrinter) -> Processor:
    kiosk = load_config(environ={"KIOSK_KIOSK_TICKET_PREFIX": "K7"}).kiosk
    return Processor(kiosk, Journal(tmp_path / "journal.sqlite", ManualClock()), printer)


def request(key: str = "key-1", counter: str = "C", language: str = "id") -> SubmitRequest:
    return SubmitRequest(key, QUEUE, {"counter": counter}, language)


def test_commit_then_print_once(processor: Processor, printer: SimulatedPrinter) -> None:
    outcome = processor.commit(request())
    assert outcome.number == "K7-C001"
    assert outcome.reference == "ALM-DEV-01-20261123-K7-C001"
    assert outcome.qr_payload == outcome.reference
    assert processor.commit(request()) == outcome
    assert processor.commit(request("key-2")).number == "K7-C002"
    first = processor.print_receipt(request())
    again = processor.print_receipt(request())
    assert first.ok and again.ok
    (receipt,) = printer.spool_dir.glob("*.bin")
    lines = decode(receipt.read_bytes()).text_lines
    assert "NOMOR ANTRIAN" in lines
    assert "K7-C001" in lines
    assert any("Pajak Daerah" in line for line in lines)
    assert any(line.startswith("Waktu") and "23-11-2026 09:00" in line for line in lines)
    assert "ALM-DEV-01-20261123-K7-C001" in lines


def test_paper_out_keeps_the_ticket_pending(
    processor: Processor, printer: SimulatedPrinter
) -> None:
    processor.commit(request())
    printer.set_status(PrinterStatus.PAPER_OUT)
    result = processor.print_receipt(request())
    assert not result.ok
    assert "paper out" in result.detail
    assert list(printer.spool_dir.iterdir()) == []
    printer.set_status(PrinterStatus.ONLINE)
    assert processor.print_receipt(request()).ok
    assert len(list(printer.spool_dir.glob("*.bin"))) == 1


def test_print_before_commit_is_a_programming_error(processor: Processor) -> None:
    with pytest.raises(ValueError, match="before commit"):
        processor.print_receipt(request("never-committed"))


def test_commit_queues_the_exact_request_for_central(processor: Processor, tmp_path: Path) -> None:
    processor.commit(request(language="en"))
    journal = Journal(tmp_path / "journal.sqlite", ManualClock())
    item = journal.claim_next(now=float("inf"))
    assert item is not None
    assert (item.method, item.path, item.idempotency_key) == ("POST", "/v1/transactions", "key-1")
    import json

    assert json.loads(item.body) == {
        "reference": "ALM-DEV-01-20261123-K7-C001",
        "service": "antrian",
        "created_at": "2026-11-23T09:00:00+07:00",
        "language": "en",
        "fields": {"counter": "C", "number": "K7-C001"},
        "identity": None,
    }
    assert journal.get("key-1").outbox_state is OutboxState.IN_FLIGHT
