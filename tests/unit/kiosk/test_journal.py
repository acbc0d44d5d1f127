from __future__ import annotations

import datetime as dt
import threading
from pathlib import Path

import pytest

from kiosk.clock import ManualClock
from kiosk.journal import Draft, Journal, OutboxCounts, OutboxState
from tests.helpers.private_files import open_modes, umask


def draft(name: str, sequence: int, at: dt.datetime, *, nik: str | None = None) -> Draft:
    reference = f"{name}-{at:%Y%m%d}-{sequence:04d}"
    personal = {"fields": {"n": str(sequence)}, "identity": {"nik": nik} if nik else None}
    return Draft(reference, personal, {"reference": reference, "fields": personal["fields"]})


def record(journal: Journal, key: str, sequence: str = "R", nik: str | None = None):
    return journal.record(
        key, "antrian", "id", sequence, lambda n, at: draft(sequence, n, at, nik=nik)
    )


@pytest.fixture
def clock() -> ManualClock:
    return ManualClock()


@pytest.fixture
def journal(tmp_path: Path, clock: ManualClock) -> Journal:
    return Journal(tmp_path / "journal.sqlite", clock)


def test_numbers_restart_every_day_per_sequence(journal: Journal, clock: ManualClock) -> None:
    assert record(journal, "a").reference == "R-20261123-0001"
    assert record(journal, "b").reference == "R-20261123-0002"
    assert record(journal, "c", sequence="Q").reference == "Q-20261123-0001"
    clock.advance(24 * 3600)
    assert record(journal, "d").reference == "R-20261124-0001"


def test_a_repeated_key_returns_the_first_entry_and_uses_no_number(journal: Journal) -> None:
    first = record(journal, "same")
    assert record(journal, "same") == first
    assert record(journal, "next").reference.endswith("0002")
    assert journal.counts() == OutboxCounts(pending=2)


def test_entry_and_outbox_row_are_committed_together(tmp_path: Path, journal: Journal) -> None:
    def failing_compose(number: int, at: dt.datetime) -> Draft:
        raise RuntimeError("disk full while composing")

    with pytest.raises(RuntimeError):
        journal.record("k", "antrian", "id", "R", failing_compose)
    assert journal.get("k") is None
    assert journal.counts() == OutboxCounts()
    assert record(journal, "k").reference.endswith("0001")


def test_in_flight_rows_go_back_to_pending_at_open(tmp_path: Path, clock: ManualClock) -> None:
    journal = Journal(tmp_path / "j.sqlite", clock)
    record(journal, "a")
    assert journal.claim_next(now=0) is not None
    assert journal.counts() == OutboxCounts(in_flight=1)
    journal.close()
    reopened = Journal(tmp_path / "j.sqlite", clock)
    assert reopened.counts() == OutboxCounts(pending=1)
    assert reopened.get("a").outbox_state is OutboxState.PENDING


def test_claim_order_backoff_sent_and_dead(journal: Journal) -> None:
    for key in ("a", "b", "c"):
        record(journal, key)
    a = journal.claim_next(now=0)
    assert a is not None and a.idempotency_key == "a" and a.attempts == 0
    journal.retry_later(a, at=100.0, error="HTTP 503: busy")
    b = journal.claim_next(now=50)
    assert b is not None and b.idempotency_key == "b"
    journal.mark_sent(b, {"reference": "x", "status": "received"})
    c = journal.claim_next(now=50)
    assert c is not None and c.idempotency_key == "c"
    journal.mark_dead(c, "HTTP 422: idempotency key reused")
    assert journal.claim_next(now=50) is None
    assert journal.next_due() == 100.0
    again = journal.claim_next(now=100)
    assert again is not None and again.idempotency_key == "a" and again.attempts == 1
    journal.retry_later(again, at=0, error="x")
    assert journal.counts() == OutboxCounts(pending=1, sent=1, dead=1)
    assert journal.dead_items() == [("c", "HTTP 422: idempotency key reused")]
    assert journal.retry_dead() == 1
    assert journal.counts() == OutboxCounts(pending=2, sent=1)


def test_issued_means_printed(journal: Journal) -> None:
    record(journal, "a")
    record(journal, "b")
    journal.mark_printed("a", True)
    journal.mark_printed("b", False, "paper out")
    assert [e.idempotency_key for e in journal.entries(issued_only=True)] == ["a"]
    assert [e.idempotency_key for e in journal.pending_print()] == ["b"]
    assert journal.get("b").print_detail == "paper out"


def test_personal_data_is_purged_after_ack_and_retention(
    tmp_path: Path, journal: Journal, clock: ManualClock
) -> None:
    record(journal, "acked", nik="3510014101900001")
    record(journal, "unsent", nik="3510014101900002")
    item = journal.claim_next(now=0)
    journal.mark_sent(item, {"ok": True})
    clock.advance(29 * 86400)
    assert journal.purge_personal(retention_days=30) == 0
    clock.advance(86400 + 1)
    assert journal.purge_personal(retention_days=30) == 1
    assert journal.get("acked").personal is None
    assert journal.get("unsent").personal is not None
    journal.close()
    on_disk = b"".join(path.read_bytes() for path in tmp_path.glob("journal.sqlite*"))
    assert b"3510014101900001" not in on_disk
    assert b"3510014101900002" in on_disk  # still owed to central


def test_many_threads_record_distinct_numbers(journal: Journal) -> None:
    def worker(start: int) -> None:
        for i in range(50):
            record(journal, f"{start}-{i}")

    threads = [threading.Thread(target=worker, args=(n,)) for n in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    references = sorted(e.reference for e in journal.entries(issued_only=False))
    assert references == [f"R-20261123-{n:04d}" for n in range(1, 201)]


def test_the_journal_and_its_wal_are_private_whatever_the_umask(
    tmp_path: Path, clock: ManualClock
) -> None:
    """Full NIKs sit here until central acknowledges them."""
    data = tmp_path / "data"
    with umask(0):
        journal = Journal(data / "journal.sqlite", clock)
        record(journal, "k1", nik="3510014101900001")
        names = sorted(path.name for path in data.iterdir())
        modes = open_modes(data)
        journal.close()
    assert names == ["journal.sqlite", "journal.sqlite-shm", "journal.sqlite-wal"]
    assert modes == []
