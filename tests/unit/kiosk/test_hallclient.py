"""A queue ticket numbered by the hall's central, and its place, on the receipt and in Cek Status.

Against the real central (:mod:`tests.helpers.hall`), with the kiosk's own processor,
journal, simulated printer and outbox: online the ticket carries central's number
(``A001``, reference ``...-Q-A001``) and how many wait; a closed unit refuses; with central
gone the kiosk numbers it itself and the receipt says the wait cannot be counted.
"""

from __future__ import annotations

import socket
import time
import uuid

import pytest

from drivers.simulated import SimulatedPrinter
from kiosk.catalog import CatalogKeeper, load_catalog_files, load_service_files
from kiosk.clock import ManualClock, SystemClock
from kiosk.config import load_config
from kiosk.hall import QueuePlace, place_text
from kiosk.hallclient import ASK_SECONDS, HallNumberer, UnitClosedError
from kiosk.issuing import UNIT_CLOSED, InlineRunner, Issuer
from kiosk.journal import Journal
from kiosk.processor import Processor
from kiosk.session import Screen, Session, SubmitRequest, Timing
from kiosk.sync import CentralClient, CentralSettings, SyncWorker
from tests.helpers.escpos_decode import decode
from tests.helpers.hall import hall_central
from tests.helpers.office import KIOSK_A

QUEUE = load_service_files()[0]


@pytest.fixture(scope="module")
def central(tmp_path_factory):
    with hall_central(tmp_path_factory.mktemp("hall-kiosk")) as server:
        yield server


def settings(url: str) -> CentralSettings:
    return CentralSettings(url, KIOSK_A.kiosk_id, KIOSK_A.secret)


@pytest.fixture
def kiosk(tmp_path, central):
    config = load_config(environ={"KIOSK_KIOSK_ID": KIOSK_A.kiosk_id})
    journal = Journal(tmp_path / "journal.sqlite", SystemClock())
    printer = SimulatedPrinter(tmp_path / "spool", dot_width=384)
    printer.start()
    hall = HallNumberer(settings(central.url))
    yield Processor(config.kiosk, journal, printer, KIOSK_A.secret, hall.ask), journal, printer
    hall.close()
    printer.stop()
    journal.close()


def deliver(journal: Journal, url: str) -> None:
    worker = SyncWorker(journal, CentralClient(settings(url)), retention_days=30)
    worker.start()
    try:
        assert worker.drain(timeout=20)
    finally:
        worker.stop()


def receipt_lines(printer: SimulatedPrinter, key: str) -> list[str]:
    (spooled,) = [path for path in printer.spool_dir.glob("*.bin") if key in path.name]
    return decode(spooled.read_bytes()).text_lines


def test_an_online_ticket_carries_centrals_number_and_place(kiosk, central):
    processor, journal, printer = kiosk
    first, second = str(uuid.uuid4()), str(uuid.uuid4())
    one = processor.commit(SubmitRequest(first, QUEUE, {"counter": "D"}, "id"))
    assert one.number == "D001" and one.reference.endswith("-Q-D001")
    assert one.place == QueuePlace(0, None)
    assert processor.print_first(SubmitRequest(first, QUEUE, {"counter": "D"}, "id")).ok
    deliver(journal, central.url)
    two = processor.commit(SubmitRequest(second, QUEUE, {"counter": "D"}, "en"))
    assert (two.number, two.place) == ("D002", QueuePlace(1, None))
    processor.print_first(SubmitRequest(second, QUEUE, {"counter": "D"}, "en"))
    assert "Tidak ada yang di depan Anda" in receipt_lines(printer, first)
    assert "Ahead of you: 1" in receipt_lines(printer, second)
    deliver(journal, central.url)
    client = CentralClient(settings(central.url))
    status = client.request("GET", f"/v1/transactions/{two.reference}").json()
    client.close()
    assert status["queue"]["ahead"] == 1 and status["queue"]["number"] == "D002"


def test_a_closed_unit_issues_no_ticket(kiosk):
    processor, journal, _ = kiosk
    key = str(uuid.uuid4())
    with pytest.raises(UnitClosedError):
        processor.commit(SubmitRequest(key, QUEUE, {"counter": "F"}, "id"))
    assert journal.get(key) is None


def test_without_central_the_kiosk_numbers_the_ticket_and_says_the_wait_is_unknown(tmp_path):
    with socket.socket() as listener:  # a port that takes connections and never answers
        listener.bind(("127.0.0.1", 0))
        listener.listen()
        url = f"http://127.0.0.1:{listener.getsockname()[1]}"
        hall = HallNumberer(settings(url))
        started = time.monotonic()
        assert hall.ask("A", str(uuid.uuid4())) is None
        assert time.monotonic() - started < ASK_SECONDS * 3
        hall.close()
    config = load_config(environ={"KIOSK_KIOSK_TICKET_PREFIX": "K4"})
    journal = Journal(tmp_path / "journal.sqlite", SystemClock())
    printer = SimulatedPrinter(tmp_path / "spool", dot_width=384)
    printer.start()
    processor = Processor(config.kiosk, journal, printer, "secret", lambda counter, key: None)
    request = SubmitRequest(str(uuid.uuid4()), QUEUE, {"counter": "A"}, "id")
    outcome = processor.commit(request)
    assert outcome.number == "K4-A001" and outcome.place is None
    processor.print_first(request)
    # A 58 mm receipt wraps the sentence over two lines.
    assert place_text(None, "id") in " ".join(receipt_lines(printer, request.idempotency_key))
    printer.stop()
    journal.close()


def test_the_place_in_words():
    assert place_text(QueuePlace(4, 12), "id") == "Di depan Anda: 4 orang, perkiraan 12 menit"
    assert place_text(QueuePlace(4, 12), "en") == "Ahead of you: 4, about 12 min"
    assert place_text(QueuePlace(2), "id") == "Di depan Anda: 2 orang"
    assert QueuePlace.from_json({"ahead": -1}) is None


def test_a_citizen_at_a_closed_unit_is_told_so_and_keeps_the_choice(kiosk):
    processor, journal, _ = kiosk
    catalog = load_catalog_files()
    session = Session(ManualClock(), Timing())
    issuer = Issuer(processor, journal, CatalogKeeper(catalog), InlineRunner())
    session.start()
    session.choose_service(catalog.service("antrian"))
    assert issuer.take_ticket(session, "F")
    assert session.screen is Screen.FORM and session.data.fields == {"counter": "F"}
    assert session.data.submit_failed
    assert session.data.submit_problem == UNIT_CLOSED
    assert "sudah tutup untuk hari ini" in session.data.submit_problem.get("id")
    assert journal.entries(issued_only=False) == []
