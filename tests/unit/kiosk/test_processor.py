from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest

from drivers.base import PrinterStatus
from drivers.simulated import SimulatedPrinter
from kiosk.catalog import load_service_files
from kiosk.clock import ManualClock
from kiosk.config import load_config
from kiosk.identity import Identity, IdentitySource
from kiosk.journal import Journal, OutboxState, ReceiptOutcome
from kiosk.processor import Processor
from kiosk.scan import ReceiptScan, parse_scan
from kiosk.session import SubmitRequest
from kiosk.signing import receipt_check
from tests.helpers.escpos_decode import decode

SECRET = "processor-secret"

QUEUE = load_service_files()[0]


@pytest.fixture
def printer(tmp_path: Path):
    printer = SimulatedPrinter(tmp_path / "spool", dot_width=384)
    printer.start()
    yield printer
    printer.stop()


@pytest.fixture
def journal(tmp_path: Path) -> Journal:
    return Journal(tmp_path / "journal.sqlite", ManualClock())


@pytest.fixture
def processor(journal: Journal, printer: SimulatedPrinter) -> Processor:
    kiosk = load_config(environ={"KIOSK_KIOSK_TICKET_PREFIX": "K7"}).kiosk
    return Processor(kiosk, journal, printer, SECRET)


def request(key: str = "key-1", counter: str = "C", language: str = "id") -> SubmitRequest:
    return SubmitRequest(key, QUEUE, {"counter": counter}, language)


def test_commit_then_print_once(
    processor: Processor, printer: SimulatedPrinter, journal: Journal
) -> None:
    outcome = processor.commit(request())
    assert outcome.number == "K7-C001"
    assert outcome.reference == "ALM-DEV-01-20261123-K7-C001"
    assert (
        outcome.qr_payload == f"ALM1:{outcome.reference}:{receipt_check(SECRET, outcome.reference)}"
    )
    scan = parse_scan(outcome.qr_payload, kiosk_id="ALM-DEV-01", secret=SECRET)
    assert isinstance(scan, ReceiptScan) and scan.verified
    assert processor.commit(request()) == outcome
    assert processor.commit(request("key-2")).number == "K7-C002"
    first = processor.print_first(request())
    again = processor.print_first(request())
    assert first.ok and again.ok
    assert journal.get("key-1").receipt is ReceiptOutcome.PRINTED
    (receipt,) = printer.spool_dir.glob("*.bin")
    lines = decode(receipt.read_bytes()).text_lines
    check = receipt_check(SECRET, outcome.reference)
    assert outcome.check_code == check
    assert f"Kode cek: {check[:4]}-{check[4:8]}-{check[8:]}" in lines
    assert "NOMOR ANTRIAN" in lines
    assert "K7-C001" in lines
    assert any("Pajak Daerah" in line for line in lines)
    assert any(line.startswith("Waktu") and "23-11-2026 09:00" in line for line in lines)
    assert "ALM-DEV-01-20261123-K7-C001" in lines


def test_a_failed_print_is_kept_for_a_reprint(
    processor: Processor, printer: SimulatedPrinter, journal: Journal
) -> None:
    processor.commit(request())
    printer.set_status(PrinterStatus.PAPER_OUT)
    result = processor.print_first(request())
    assert not result.ok
    assert "paper out" in result.detail
    assert list(printer.spool_dir.iterdir()) == []
    entry = journal.get("key-1")
    assert (entry.receipt, entry.print_detail) == (ReceiptOutcome.FAILED, result.detail)
    printer.set_status(PrinterStatus.PAPER_NEAR_END)
    printer.set_fail_next("jammed again")
    assert not processor.reprint(entry, QUEUE).ok
    assert journal.get("key-1").receipt is ReceiptOutcome.FAILED, "a failed reprint changes nothing"
    assert journal.get("key-1").print_detail == "jammed again"
    assert processor.reprint(entry, QUEUE).ok
    assert journal.get("key-1").receipt is ReceiptOutcome.PRINTED
    assert len(list(printer.spool_dir.glob("*.bin"))) == 1


def test_print_before_commit_is_a_programming_error(processor: Processor) -> None:
    with pytest.raises(ValueError, match="before commit"):
        processor.print_first(request("never-committed"))


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


# Forms: letters, complaints and reports ----------------------------------------------------

SERVICES = {service.id: service for service in load_service_files()}
CITIZEN = Identity(nik="3510014101900001", name="Siti Aminah", source=IdentitySource.TYPED)
SKTM_FIELDS = {"purpose": "school", "institution": "SDN 1 Kemiren", "address": "Krajan/003/001"}


def form_request(key: str, service_id: str, fields: dict, identity=CITIZEN) -> SubmitRequest:
    return SubmitRequest(key, SERVICES[service_id], fields, "id", identity)


def test_a_letter_is_numbered_per_service_and_sent_with_the_identity(
    processor: Processor, printer: SimulatedPrinter, tmp_path: Path
) -> None:
    import json

    outcome = processor.commit(form_request("k1", "sktm", SKTM_FIELDS))
    assert outcome.number == "K7-SKTM0001"
    assert outcome.reference == "ALM-DEV-01-20261123-K7-SKTM0001"
    assert processor.commit(form_request("k2", "sktm", SKTM_FIELDS)).number == "K7-SKTM0002"
    assert processor.commit(form_request("k3", "domisili", {})).number == "K7-SKD0001"
    item = Journal(tmp_path / "journal.sqlite", ManualClock()).claim_next(now=float("inf"))
    assert json.loads(item.body) == {
        "reference": "ALM-DEV-01-20261123-K7-SKTM0001",
        "service": "sktm",
        "created_at": "2026-11-23T09:00:00+07:00",
        "language": "id",
        "fields": SKTM_FIELDS,
        "identity": {"nik": "3510014101900001", "name": "Siti Aminah"},
    }
    assert processor.print_first(form_request("k1", "sktm", SKTM_FIELDS)).ok
    (receipt,) = printer.spool_dir.glob("*.bin")
    printed = decode(receipt.read_bytes())
    text = "\n".join(printed.text_lines)
    assert "SURAT KETERANGAN TIDAK MAMPU" in text
    assert "351001******0001" in text
    assert "3510014101900001" not in receipt.read_bytes().decode("latin-1")
    assert "Kantor Desa, meja pelayanan umum" in text
    assert "Langkah berikutnya:" in text
    assert printed.qr_payloads == [outcome.qr_payload]


def test_an_anonymous_complaint_prints_no_nik(
    processor: Processor, printer: SimulatedPrinter
) -> None:
    fields = {
        "category": "infrastructure",
        "location": "Jambesari/002/001",
        "happened_on": "2026-11-20",
        "description": "Jalan di depan masjid berlubang sejak lama.",
    }
    request = form_request("anon", "pengaduan", fields, identity=None)
    outcome = processor.commit(request)
    processor.print_first(request)
    (receipt,) = printer.spool_dir.glob("*.bin")
    lines = decode(receipt.read_bytes()).text_lines
    assert not any("NIK" in line for line in lines)
    assert any("Tanpa nama" in line for line in lines)
    assert outcome.number == "K7-ADU0001"


def test_two_services_with_one_code_never_lose_a_request(processor: Processor) -> None:
    """A catalog check refuses this; if it ever slipped through, the commit still holds."""
    twin = dataclasses.replace(SERVICES["domisili"], id="domisili_2", reference_code="SKTM")
    first = processor.commit(form_request("k1", "sktm", SKTM_FIELDS))
    second = processor.commit(SubmitRequest("k2", twin, {}, "id", CITIZEN))
    assert first.number == "K7-SKTM0001"
    assert second.number == "K7-SKTM0002", "the taken reference gave way to the next number"
