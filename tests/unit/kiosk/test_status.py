"""Cek Status against the real reference central: found, moved on, unsent, unknown, offline."""

from __future__ import annotations

import datetime as dt
import itertools
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest

from kiosk.clock import ManualClock
from kiosk.journal import Draft, Journal
from kiosk.status import MESSAGES, StatusChecker, StatusResult
from kiosk.sync import CentralClient, CentralSettings, SyncWorker
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


def client(url: str) -> CentralClient:
    return CentralClient(CentralSettings(url, KIOSK, SECRET, connect_timeout=2, read_timeout=3))


def record_letter(journal: Journal) -> str:
    """Journal a letter request with an identity, as the processor does."""

    def compose(number: int, at: dt.datetime) -> Draft:
        reference = f"{KIOSK}-{at:%Y%m%d}-K1-S{next(_numbers):04d}"
        fields = {"purpose": "bantuan"}
        identity = {"nik": NIK, "name": "SITI AMINAH"}
        body = {
            "reference": reference,
            "service": "surat-miskin",
            "created_at": at.isoformat(),
            "language": "id",
            "fields": fields,
            "identity": identity,
        }
        return Draft(reference, {"fields": fields, "identity": identity}, body)

    return journal.record(str(uuid.uuid4()), "surat-miskin", "id", "letter", compose).reference


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
    answer = StatusChecker(client(central.url), journal).check(reference, None)
    assert answer.result is StatusResult.QUEUED_HERE
    assert answer.message == MESSAGES["queued_here"]


def test_a_delivered_request_shows_its_status_with_the_identity_masked(
    central: RunningCentral, journal: Journal, tmp_path: Path
) -> None:
    reference = record_letter(journal)
    deliver(journal, central.url, tmp_path)
    checker = StatusChecker(client(central.url), journal)
    answer = checker.check(reference, None)
    assert answer.result is StatusResult.FOUND
    assert answer.service == "surat-miskin"
    assert answer.state == "received"
    assert answer.masked_nik == "351001******0001"
    assert "SITI AMINAH" not in answer.masked_name
    assert answer.state_text.id

    run_cli("set-status", "--db", str(central.db_path), reference, "processing")
    moved = checker.check(reference, None)
    assert moved.state == "processing"
    assert moved.state_text != answer.state_text


def test_an_unknown_reference_is_not_found(central: RunningCentral, journal: Journal) -> None:
    answer = StatusChecker(client(central.url), journal).check(f"{KIOSK}-20260101-X0001", None)
    assert answer.result is StatusResult.NOT_FOUND
    assert "tidak ditemukan" in answer.message.id


def test_while_central_is_unreachable_the_citizen_is_asked_to_try_later(
    central: RunningCentral, journal: Journal
) -> None:
    host, port = central.url.removeprefix("http://").split(":")
    with FaultProxy((host, int(port))) as proxy:
        proxy.refuse()
        answer = StatusChecker(client(proxy.url), journal).check(f"{KIOSK}-20260101-X1", None)
    assert answer.result is StatusResult.OFFLINE
    assert answer.message.id == "Status belum dapat dicek, coba lagi nanti."


def test_without_central_the_check_is_offline(journal: Journal) -> None:
    answer = StatusChecker(None, journal).check(f"{KIOSK}-20260101-X1", None)
    assert answer.result is StatusResult.OFFLINE
