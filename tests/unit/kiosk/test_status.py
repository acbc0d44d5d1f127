"""Cek Status against the real reference central: found, moved on, unsent, unknown, offline;
the service, the steps of each kind of request, what happens next and the office's message."""

from __future__ import annotations

import datetime as dt
import itertools
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest

from drivers.simulated import SimulatedPrinter
from kiosk.catalog import CatalogKeeper, load_catalog_files
from kiosk.clock import ManualClock
from kiosk.config import load_config
from kiosk.identity import Identity, IdentitySource
from kiosk.journal import Journal, ReceiptOutcome
from kiosk.processor import Processor
from kiosk.session import SubmitRequest
from kiosk.status import (
    MESSAGES,
    RECEIPT_NOT_PRINTED,
    Mark,
    StatusChecker,
    StatusResult,
    status_answer,
    steps,
)
from kiosk.sync import CentralClient, CentralSettings, SyncWorker
from kiosk.text import NO_TEXT
from kiosk.workflow import Kind
from kiosk.workflow import TransactionState as State
from tests.helpers.central import RunningCentral, run_cli, running_central
from tests.helpers.faultproxy import FaultProxy

KIOSK, SECRET = "ALM-TEST-01", "status-secret"
NIK = "3510014101900001"
_numbers = itertools.count(1)


@pytest.fixture(scope="module")
def central(tmp_path_factory: pytest.TempPathFactory) -> Iterator[RunningCentral]:
    with running_central(tmp_path_factory.mktemp("central"), {KIOSK: SECRET}) as server:
        yield server


@pytest.fixture
def journal(tmp_path: Path) -> Iterator[Journal]:
    journal = Journal(tmp_path / "journal.sqlite", ManualClock(dt.datetime.now().astimezone()))
    yield journal
    journal.close()


CATALOG = CatalogKeeper(load_catalog_files())


def client(url: str) -> CentralClient:
    return CentralClient(CentralSettings(url, KIOSK, SECRET, connect_timeout=2, read_timeout=3))


def checker(url: str | None, journal: Journal) -> StatusChecker:
    return StatusChecker(None if url is None else client(url), journal, CATALOG)


def record(journal: Journal, service_id: str, fields: dict[str, str]) -> str:
    """Commit a request as the kiosk does (journal and outbox); its reference."""
    service = CATALOG.catalog.service(service_id)
    citizen = Identity(nik=NIK, name="SITI AMINAH", source=IdentitySource.TYPED)
    identity = citizen if service.asks_identity else None
    # Each request its own series: central (one per module) never sees a number twice.
    environ = {"KIOSK_ID": KIOSK, "KIOSK_KIOSK_TICKET_PREFIX": f"S{next(_numbers)}"}
    printer = SimulatedPrinter(journal.path.parent / "spool")  # never started: nothing prints
    processor = Processor(load_config(environ=environ).kiosk, journal, printer, SECRET)
    request = SubmitRequest(str(uuid.uuid4()), service, fields, "id", identity)
    return processor.commit(request).reference


def record_letter(journal: Journal) -> str:
    return record(journal, "sktm", {"for_whom": "self", "purpose": "bpjs"})


def record_ticket(journal: Journal, counter: str = "A") -> str:
    return record(journal, "antrian", {"counter": counter})


def deliver(journal: Journal, url: str, tmp_path: Path) -> None:
    worker = SyncWorker(journal, client(url), retention_days=30)
    worker.start()
    try:
        assert worker.drain(timeout=20)
    finally:
        worker.stop()


def test_an_unsent_request_is_known_here_before_central_has_it(
    central: RunningCentral, journal: Journal
) -> None:
    reference = record_letter(journal)
    answer = checker(central.url, journal).check(reference, None)
    assert answer.result is StatusResult.QUEUED_HERE
    assert answer.message == MESSAGES["queued_here"]
    assert answer.service_title.get("en") == "Certificate of Low Income"


def test_a_delivered_request_shows_its_status_with_the_identity_masked(
    central: RunningCentral, journal: Journal, tmp_path: Path
) -> None:
    reference = record_letter(journal)
    deliver(journal, central.url, tmp_path)
    statuses = checker(central.url, journal)
    answer = statuses.check(reference, None)
    assert answer.result is StatusResult.FOUND
    assert answer.service == "sktm"
    assert answer.service_title.get("id") == "Surat Keterangan Tidak Mampu"
    assert answer.state == "received"
    assert answer.masked_nik == "351001******0001"
    assert "SITI AMINAH" not in answer.masked_name
    assert answer.state_text.id

    run_cli("set-status", "--db", str(central.db_path), reference, "verified")
    moved = statuses.check(reference, None)
    assert moved.state == "verified"
    assert moved.state_text != answer.state_text


def test_an_unknown_reference_is_not_found(central: RunningCentral, journal: Journal) -> None:
    answer = checker(central.url, journal).check(f"{KIOSK}-20260101-X0001", None)
    assert answer.result is StatusResult.NOT_FOUND
    assert "tidak ditemukan" in answer.message.id


def test_while_central_is_unreachable_the_citizen_is_asked_to_try_later(
    central: RunningCentral, journal: Journal
) -> None:
    host, port = central.url.removeprefix("http://").split(":")
    with FaultProxy((host, int(port))) as proxy:
        proxy.refuse()
        answer = checker(proxy.url, journal).check(f"{KIOSK}-20260101-X1", None)
    assert answer.result is StatusResult.OFFLINE
    assert answer.message.id == "Status belum dapat dicek, coba lagi nanti."


def test_without_central_the_check_is_offline(journal: Journal) -> None:
    answer = checker(None, journal).check(f"{KIOSK}-20260101-X1", None)
    assert answer.result is StatusResult.OFFLINE


def test_a_correction_says_what_to_fix_and_where_the_request_stands(
    central: RunningCentral, journal: Journal, tmp_path: Path
) -> None:
    reference = record_letter(journal)
    entry = journal.by_reference(reference)
    assert entry is not None
    journal.record_receipt(entry.idempotency_key, ReceiptOutcome.FAILED, "paper out")
    deliver(journal, central.url, tmp_path)
    run_cli(
        "set-status",
        "--db",
        str(central.db_path),
        reference,
        "needs_correction",
        "--message-id",
        "Bawa fotokopi KK terbaru.",
        "--message-en",
        "Bring a copy of your latest family card.",
    )
    answer = checker(central.url, journal).check(reference, None)
    assert answer.state == "needs_correction"
    assert answer.kind is Kind.LETTER  # central's kind for the shipped catalog's SKTM
    assert answer.office_message.get("id") == "Bawa fotokopi KK terbaru."
    assert answer.office_message.get("en") == "Bring a copy of your latest family card."
    assert answer.message_heading.get("id") == "Yang perlu diperbaiki:"
    assert "lihat pesan petugas" in answer.next_text.get("id")
    assert [(step.label.get("id"), step.mark) for step in answer.steps] == [
        ("Diterima", Mark.DONE),
        ("Perlu perbaikan", Mark.PROBLEM),
        ("Diperiksa petugas desa", Mark.AHEAD),
        ("Ditandatangani Kepala Desa", Mark.AHEAD),
        ("Siap diambil", Mark.AHEAD),
        ("Selesai", Mark.AHEAD),
    ]
    assert answer.receipt_text == RECEIPT_NOT_PRINTED  # reported failed by the kiosk


def test_a_queue_ticket_shows_its_number_counter_and_whether_it_was_called(
    central: RunningCentral, journal: Journal, tmp_path: Path
) -> None:
    reference = record_ticket(journal, "A")
    deliver(journal, central.url, tmp_path)
    run_cli("set-status", "--db", str(central.db_path), reference, "called")
    answer = checker(central.url, journal).check(reference, None)
    assert answer.kind is Kind.QUEUE
    assert answer.ticket is not None
    assert answer.ticket.number == "-".join(reference.rsplit("-", 2)[-2:])
    assert answer.ticket.counter.get("id").startswith("Dukcapil")
    assert answer.ticket.location.get("id")
    assert answer.masked_name == answer.masked_nik == ""
    assert [step.mark for step in answer.steps] == [Mark.DONE, Mark.CURRENT, Mark.AHEAD]
    assert answer.steps[0].label.get("id") == "Menunggu dipanggil"
    assert answer.next_text.get("id") == "Nomor Anda sudah dipanggil. Segera datang ke loket."


@pytest.mark.parametrize(
    ("kind", "state", "marks"),
    [
        (Kind.LETTER, State.RECEIVED, "C...."),
        (Kind.LETTER, State.VERIFIED, "DC..."),
        (Kind.LETTER, State.SIGNED, "DDC.."),
        (Kind.LETTER, State.READY, "DDDC."),
        (Kind.LETTER, State.DONE, "DDDDD"),
        (Kind.LETTER, State.NEEDS_CORRECTION, "D!...."),
        (Kind.LETTER, State.REJECTED, "D!"),
        (Kind.REQUEST, State.RECEIVED, "C.."),
        (Kind.REQUEST, State.PROCESSING, "DC."),
        (Kind.REQUEST, State.DONE, "DDD"),
        (Kind.REQUEST, State.NEEDS_CORRECTION, "D!.."),
        (Kind.REQUEST, State.REJECTED, "D!"),
        (Kind.QUEUE, State.RECEIVED, "C.."),
        (Kind.QUEUE, State.CALLED, "DC."),
        (Kind.QUEUE, State.SKIPPED, "DD!."),
        (Kind.QUEUE, State.DONE, "DDD"),
        (Kind.QUEUE, State.EXPIRED, "D!"),
    ],
)
def test_the_steps_of_each_kind_follow_the_contract(kind: Kind, state: State, marks: str) -> None:
    symbol = {Mark.DONE: "D", Mark.CURRENT: "C", Mark.PROBLEM: "!", Mark.AHEAD: "."}
    shown = steps(kind, state)
    assert "".join(symbol[step.mark] for step in shown) == marks
    assert all(step.label.get("id") and step.label.get("en") for step in shown)


def answer_from(**members: object) -> dict[str, object]:
    return {
        "reference": f"{KIOSK}-20261123-K1-SKTM0001",
        "service": "sktm",
        "status": "received",
        "status_text": {"id": "Diterima", "en": "Received"},
        "created_at": "2026-11-23T09:00:00+07:00",
        "updated_at": "2026-11-23T02:00:00Z",
        "identity": None,
    } | members


def test_every_status_of_every_kind_says_what_happens_next() -> None:
    for kind in Kind:
        statuses = {state for state in State if steps(kind, state) and _on_the_way(kind, state)}
        for state in statuses:
            answer = status_answer(
                str(answer_from()["reference"]),
                answer_from(status=state.value, kind=kind.value),
                CATALOG,
            )
            assert answer is not None
            assert answer.next_text.get("id") and answer.next_text.get("en"), (kind, state)


def test_a_ready_letter_sends_the_citizen_to_the_kiosks_ambil_surat() -> None:
    reference = str(answer_from()["reference"])
    answer = status_answer(reference, answer_from(status="ready", kind="letter"), CATALOG)
    assert answer is not None
    assert "pilih Ambil Surat, lalu pindai struk ini" in answer.next_text.get("id")
    assert "choose Collect a Letter" in answer.next_text.get("en")


def test_a_collected_letter_the_village_allows_again_or_revokes_says_so() -> None:
    reference = str(answer_from()["reference"])

    def next_for(status: str, letter_state: str) -> dict[str, str]:
        letter = {"state": letter_state, "issued": None}
        answer = status_answer(
            reference, answer_from(status=status, kind="letter", letter=letter), CATALOG
        )
        assert answer is not None
        return {"id": answer.next_text.id, "en": answer.next_text.en}

    again = next_for("done", "ready")
    assert again["id"].startswith("Desa mengizinkan satu cetak lagi: pilih Ambil Surat")
    assert next_for("done", "collected")["id"] == "Surat sudah diambil. Permohonan selesai."
    for status in ("ready", "done"):
        assert next_for(status, "revoked")["id"].startswith("Surat ini sudah dicabut oleh desa")
    assert "pilih Ambil Surat, lalu pindai struk ini. Bisa juga" in next_for("ready", "ready")["id"]


def _on_the_way(kind: Kind, state: State) -> bool:
    """Whether ``state`` is a status requests of ``kind`` reach (the contract's steps)."""
    ways = {
        Kind.LETTER: {"received", "verified", "needs_correction", "rejected", "signed", "ready"},
        Kind.REQUEST: {"received", "processing", "needs_correction", "rejected"},
        Kind.QUEUE: {"received", "called", "skipped", "expired"},
    }
    return state.value in ways[kind] | {"done"}


def test_a_1_1_central_without_kind_is_understood_from_the_status_and_catalog() -> None:
    reference = str(answer_from()["reference"])
    letter = status_answer(reference, answer_from(status="verified"), CATALOG)
    assert letter is not None and letter.kind is Kind.LETTER
    received = status_answer(reference, answer_from(), CATALOG)
    assert received is not None and received.kind is Kind.LETTER  # SKTM is a village letter
    complaint = status_answer(reference, answer_from(service="pengaduan"), CATALOG)
    assert complaint is not None and complaint.kind is Kind.REQUEST
    ticket = status_answer(reference, answer_from(service="antrian"), CATALOG)
    assert ticket is not None and ticket.kind is Kind.QUEUE


def test_a_status_this_kiosk_does_not_know_is_shown_in_centrals_words() -> None:
    reference = str(answer_from()["reference"])
    answer = status_answer(
        reference,
        answer_from(status="archived", status_text={"id": "Diarsipkan", "en": "Archived"}),
        CATALOG,
    )
    assert answer is not None and answer.result is StatusResult.FOUND
    assert answer.state_text.get("id") == "Diarsipkan"
    assert answer.steps == () and answer.next_text == NO_TEXT


@pytest.mark.parametrize(
    "members",
    [
        {"message": "not localized"},
        {"message": {"id": 1, "en": "x"}},
        {"status_text": None},
        {"identity": {"nik": NIK, "name": "SITI AMINAH"}},  # an unmasked NIK is refused
        {"reference": "ANOTHER-20261123-K1-SKTM0001"},
    ],
)
def test_a_malformed_answer_is_no_answer(members: dict[str, object]) -> None:
    reference = str(answer_from()["reference"])
    assert status_answer(reference, answer_from(**members), CATALOG) is None


def test_a_service_no_longer_in_the_catalog_keeps_its_id_as_its_name() -> None:
    reference = str(answer_from()["reference"])
    answer = status_answer(reference, answer_from(service="old_service"), CATALOG)
    assert answer is not None and answer.service_title.get("id") == "old_service"
