from __future__ import annotations

from pathlib import Path

import pytest

from drivers.base import PrinterStatus
from drivers.simulated import SimulatedPrinter
from kiosk.config import load_config
from kiosk.processor import Processor
from kiosk.services import load_services
from kiosk.session import SubmitRequest
from kiosk.tickets import TicketStore
from tests.helpers.clock import FakeClock
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
    kiosk = load_config(environ={}).kiosk
    return Processor(kiosk, TicketStore(tmp_path / "t.sqlite", "K7", FakeClock()), printer)


def request(key: str = "key-1", counter: str = "C", language: str = "id") -> SubmitRequest:
    return SubmitRequest(key, QUEUE, {"counter": counter}, language)


def test_commit_then_print_once(processor: Processor, printer: SimulatedPrinter) -> None:
    outcome = processor.commit(request())
    assert outcome.reference == "K7-C001"
    assert outcome.qr_payload == "ALM-DEV-01/20261123/K7-C001"
    assert processor.commit(request()) == outcome
    first = processor.print_receipt(request())
    again = processor.print_receipt(request())
    assert first.ok and again.ok
    (receipt,) = printer.spool_dir.glob("*.bin")
    lines = decode(receipt.read_bytes()).text_lines
    assert "NOMOR ANTRIAN" in lines
    assert "K7-C001" in lines
    assert any("Pajak Daerah" in line for line in lines)
    assert any(line.startswith("Waktu") and "23-11-2026 09:00" in line for line in lines)


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
