from __future__ import annotations

import datetime as dt
import json
import sqlite3
import threading
from pathlib import Path

import pytest

from kiosk.clock import ManualClock
from kiosk.journal import (
    Draft,
    Journal,
    OutboxCounts,
    OutboxItem,
    OutboxKind,
    OutboxState,
    ReceiptOutcome,
    receipt_path,
)
from tests.helpers.journal_schemas import SCHEMA_V2
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
    journal.record_receipt("a", ReceiptOutcome.PRINTED)
    journal.record_receipt("b", ReceiptOutcome.FAILED, "paper out")
    assert [e.idempotency_key for e in journal.entries(issued_only=True)] == ["a"]
    assert [e.idempotency_key for e in journal.unprinted()] == ["b"]
    assert journal.get("b").print_detail == "paper out"


def test_a_receipt_outcome_only_moves_forward(journal: Journal) -> None:
    record(journal, "a")
    assert journal.get("a").receipt is ReceiptOutcome.PENDING
    assert journal.record_receipt("a", ReceiptOutcome.FAILED, "jam") is ReceiptOutcome.FAILED
    assert journal.record_receipt("a", ReceiptOutcome.UNKNOWN) is ReceiptOutcome.FAILED
    assert journal.record_receipt("a", ReceiptOutcome.PRINTED, "ok") is ReceiptOutcome.PRINTED
    assert journal.record_receipt("a", ReceiptOutcome.FAILED, "jam") is ReceiptOutcome.PRINTED
    assert journal.get("a").printed


def reports(journal: Journal) -> list[tuple[str, dict]]:
    rows = journal._db.execute(
        "SELECT path, body FROM outbox WHERE kind = 'receipt' ORDER BY id"
    ).fetchall()
    return [(path, json.loads(body)["outcome"]) for path, body in rows]


def send_all(journal: Journal) -> list[OutboxItem]:
    sent = []
    while (item := journal.claim_next(now=0)) is not None:
        journal.mark_sent(item, {"ok": True})
        sent.append(item)
    return sent


def test_a_receipt_report_waits_behind_its_acknowledged_transaction(
    journal: Journal, clock: ManualClock
) -> None:
    reference = record(journal, "a").reference
    journal.record_receipt("a", ReceiptOutcome.FAILED, "jam")
    journal.record_receipt("a", ReceiptOutcome.PRINTED)
    assert reports(journal) == [], "nothing is reported before central has the transaction"
    [transaction] = send_all(journal)[:1]
    assert transaction.kind is OutboxKind.TRANSACTION
    path = f"/v1/transactions/{reference}/receipt"
    assert reports(journal) == [(path, "printed")], "one report: the outcome of now"
    clock.advance(60)
    record(journal, "b")
    journal.record_receipt("b", ReceiptOutcome.FAILED)
    send_all(journal)
    journal.record_receipt("b", ReceiptOutcome.PRINTED)  # a reprint, after central has it
    b = journal.get("b").reference
    assert reports(journal)[1:] == [
        (f"/v1/transactions/{b}/receipt", "failed"),
        (f"/v1/transactions/{b}/receipt", "printed"),
    ]
    items = send_all(journal)
    assert [item.kind for item in items] == [OutboxKind.RECEIPT]
    body = json.loads(items[0].body)
    assert body == {"outcome": "printed", "at": clock.now().isoformat()}
    assert len({key for (key,) in journal._db.execute("SELECT idempotency_key FROM outbox")}) == 5
    [row] = [row for row in journal.outbox_rows() if row.kind is OutboxKind.RECEIPT][:1]
    assert row.reference == b


def test_settling_makes_cut_off_receipts_unknown_and_reports_them(journal: Journal) -> None:
    record(journal, "printing")
    record(journal, "failed")
    journal.record_receipt("failed", ReceiptOutcome.FAILED, "jam")
    send_all(journal)
    assert reports(journal) == [(receipt_path(journal.get("failed").reference), "failed")]
    assert journal.settle_unknown() == 1
    assert journal.get("printing").receipt is ReceiptOutcome.UNKNOWN
    assert [outcome for _, outcome in reports(journal)] == ["failed", "unknown"]
    assert journal.settle_unknown() == 0
    assert len(reports(journal)) == 2


def test_a_taken_reference_never_loses_the_request(journal: Journal) -> None:
    """Two series that make the same references (two services with one code, before the
    catalog check refused them): the second commit takes the next free number."""
    assert record(journal, "first", sequence="R").reference == "R-20261123-0001"

    def same_references(number: int, at: dt.datetime) -> Draft:
        return draft("R", number, at)

    entry = journal.record("second", "other", "id", "other-series", same_references)
    assert entry.reference == "R-20261123-0002"
    assert journal.get("second") == entry
    assert journal.counts() == OutboxCounts(pending=2)
    assert record(journal, "third", sequence="R").reference == "R-20261123-0003"


def test_a_version_2_journal_keeps_its_outcomes(tmp_path: Path, clock: ManualClock) -> None:
    path = tmp_path / "v2.sqlite"
    with sqlite3.connect(path) as db:
        db.executescript(SCHEMA_V2)
        for key, state, detail in (
            ("p", "printed", ""),
            ("f", "pending", "jam"),
            ("c", "pending", ""),
        ):
            db.execute(
                "INSERT INTO journal (idempotency_key, reference, service, created_at, "
                "language, personal, print_state, print_detail) "
                "VALUES (?, ?, 'antrian', ?, 'id', '{}', ?, ?)",
                (key, f"R-{key}", clock.now().isoformat(), state, detail),
            )
            db.execute(
                "INSERT INTO outbox (idempotency_key, method, path, body, created_at) "
                "VALUES (?, 'POST', '/v1/transactions', X'7B7D', ?)",
                (key, clock.now().isoformat()),
            )
        db.execute("PRAGMA user_version=2")
    journal = Journal(path, clock)
    outcomes = {e.idempotency_key: e.receipt for e in journal.entries(issued_only=False)}
    assert outcomes == {
        "p": ReceiptOutcome.PRINTED,
        "f": ReceiptOutcome.FAILED,
        "c": ReceiptOutcome.PENDING,
    }
    assert journal.settle_unknown() == 1
    assert [row.reference for row in journal.outbox_rows()] == ["R-c", "R-f", "R-p"]
    journal.close()


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
