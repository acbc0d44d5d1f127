"""Audit events: committed to the journal's outbox, masked, and delivered to the real central."""

from __future__ import annotations

import datetime as dt
import json
import logging
import sqlite3
import threading
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kiosk.audit import AuditAction, AuditLog
from kiosk.clock import ManualClock
from kiosk.journal import SCHEMA_VERSION, Draft, Journal, OutboxCounts, OutboxKind, OutboxState
from kiosk.logs import RecentLogs, install_crash_hooks
from kiosk.sync import Backoff, CentralClient, CentralSettings, SyncWorker
from tests.helpers.central import RunningCentral, assert_schema, running_central
from tests.helpers.journal_schemas import OUTBOX_V1

KIOSK, SECRET = "ALM-AUDIT-01", "audit-secret"
NIK = "3171015708900001"

# A 16-digit NIK; the region prefix is not checked here, since masking must hide any such run.
niks = st.text(alphabet="0123456789", min_size=16, max_size=16)
around = st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=30)


@pytest.fixture(scope="module")
def central(tmp_path_factory: pytest.TempPathFactory) -> Iterator[RunningCentral]:
    with running_central(tmp_path_factory.mktemp("central"), {KIOSK: SECRET}) as server:
        yield server


@pytest.fixture
def journal(tmp_path: Path) -> Iterator[Journal]:
    journal = Journal(tmp_path / "journal.sqlite", ManualClock(dt.datetime.now().astimezone()))
    yield journal
    journal.close()


def worker_for(journal: Journal, url: str, tmp_path: Path) -> SyncWorker:
    settings = CentralSettings(url=url, kiosk_id=KIOSK, secret=SECRET, connect_timeout=2)
    return SyncWorker(
        journal,
        CentralClient(settings),
        retention_days=30,
        backoff=Backoff(base_seconds=0.05, cap_seconds=0.2),
    )


def stored_on_central(central: RunningCentral) -> dict[str, dict[str, object]]:
    rows = central.database.query(
        "SELECT e.event_id, e.body FROM fleet_auditevent e"
        " JOIN registry_kiosk k ON k.id = e.kiosk_id WHERE k.kiosk_id = %s",
        KIOSK,
    )
    return {str(uuid.UUID(str(event_id))): json.loads(body) for event_id, body in rows}


def test_event_is_committed_masked_and_matches_the_contract(journal: Journal) -> None:
    audit = AuditLog(journal, ManualClock())
    event = audit.record("technician", AuditAction.REPRINT, reference="K1-1", note=f"nik {NIK}")
    assert event.detail == {"reference": "K1-1", "note": "nik 317101******0001"}
    assert_schema(event.as_json(), "AuditEvent")
    assert journal.counts() == OutboxCounts()  # citizens' queue count is unaffected
    assert journal.counts(OutboxKind.AUDIT) == OutboxCounts(pending=1)
    item = journal.claim_next(now=1e12)
    assert item is not None and item.kind is OutboxKind.AUDIT
    assert item.path == "/v1/audit-events"
    body = json.loads(item.body)
    assert_schema(body, "AuditBatch")
    assert NIK not in item.body.decode()


def test_audit_events_reach_the_real_central_once(
    central: RunningCentral, journal: Journal, tmp_path: Path
) -> None:
    audit = AuditLog(journal, ManualClock(dt.datetime.now().astimezone()))
    events = [
        audit.record("technician", AuditAction.LOGIN),
        audit.record("technician", AuditAction.TEST_PRINT, result="ok"),
        audit.record("supervisor", AuditAction.CONFIG_CHANGE, key="ui.idle_seconds", value="90"),
    ]
    worker = worker_for(journal, central.url, tmp_path)
    try:
        assert worker.drain(timeout=30)
        assert journal.counts(OutboxKind.AUDIT) == OutboxCounts(sent=3)
        stored = stored_on_central(central)
        for event in events:
            assert stored[event.id] == event.as_json()
        # Sending again (a lost acknowledgement) is accepted and stored once.
        assert journal.retry_dead() == 0
        with journal._transaction():  # the test plays a crash between send and mark_sent
            journal._db.execute("UPDATE outbox SET state = 'pending' WHERE kind = 'audit'")
        assert worker.drain(timeout=30)
        assert len([e for e in stored_on_central(central) if e in {x.id for x in events}]) == 3
    finally:
        worker.stop()


def test_refused_audit_event_goes_dead_with_the_reason(
    central: RunningCentral, journal: Journal, tmp_path: Path
) -> None:
    event_id = "0b6f3c2e-6f1d-4c53-9d2a-3f1f7f1a2b9c"
    # An action name longer than the contract allows: central refuses it with a 400.
    bad = {
        "events": [
            {
                "id": event_id,
                "at": "2026-11-23T09:00:00+07:00",
                "actor": "technician",
                "action": "x" * 65,
                "detail": {},
            }
        ]
    }
    journal.record_audit(event_id, json.dumps(bad).encode())
    worker = worker_for(journal, central.url, tmp_path)
    try:
        worker.drain(timeout=30)
    finally:
        worker.stop()
    assert journal.counts(OutboxKind.AUDIT) == OutboxCounts(dead=1)
    [row] = journal.outbox_rows(states=(OutboxState.DEAD,))
    assert row.kind is OutboxKind.AUDIT and row.last_error.startswith("HTTP 400")


def test_version_1_database_is_migrated(tmp_path: Path) -> None:
    path = tmp_path / "old.sqlite"
    with sqlite3.connect(path) as db:
        db.executescript(
            OUTBOX_V1
            + """
            INSERT INTO outbox (idempotency_key, method, path, body, created_at)
                VALUES ('old-1', 'POST', '/v1/transactions', X'7B7D', '2026-01-01T00:00:00');
            PRAGMA user_version=1;
            """
        )
    journal = Journal(path, ManualClock())
    try:
        item = journal.claim_next(now=1e12)
        assert item is not None and item.kind is OutboxKind.TRANSACTION
        journal.record_audit("7d9f7c1e-2b4a-4f7e-9a51-0c6f7f2d8e11", b"{}")
        assert journal.counts(OutboxKind.AUDIT) == OutboxCounts(pending=1)
        (version,) = journal._db.execute("PRAGMA user_version").fetchone()
        assert version == SCHEMA_VERSION == 4
    finally:
        journal.close()
    Journal(path, ManualClock()).close()  # opening a migrated database again is a no-op


def test_support_export_has_no_body_and_no_nik(journal: Journal) -> None:
    def compose(number: int, at: dt.datetime) -> Draft:
        personal = {"fields": {"counter": "A"}, "identity": {"nik": NIK, "name": "Siti Aminah"}}
        return Draft(f"K1-{at:%Y%m%d}-{number:04d}", personal, {"identity": {"nik": NIK}})

    journal.record("key-1", "antrian", "id", "A", compose)
    item = journal.claim_next(now=1e12)
    assert item is not None
    journal.mark_dead(item, f"HTTP 422: bad nik {NIK}")
    text = json.dumps(journal.support_export())
    assert NIK not in text and "Siti" not in text
    assert "317101******0001" in text and "K1-" in text


@settings(max_examples=60, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(nik=niks, separator=st.sampled_from(["", " ", "-", "."]), before=around, after=around)
def test_no_log_line_export_or_audit_detail_holds_a_nik(
    tmp_path: Path, nik: str, separator: str, before: str, after: str
) -> None:
    journal = Journal(tmp_path / f"p-{nik}.sqlite", ManualClock())
    recent = RecentLogs()
    logger = logging.getLogger("kiosk.test_privacy")
    logger.addHandler(recent)
    logger.setLevel(logging.INFO)
    try:
        # As typed or printed: whole, or grouped PPKKCC DDMMYY SSSS.
        written = separator.join((nik[:6], nik[6:12], nik[12:]))
        text = f"{before}{written}{after}"
        logger.warning("value %s", text)
        logger.info(text)
        try:
            raise ValueError(text)
        except ValueError:
            logger.exception("failed")
        event = AuditLog(journal, ManualClock()).record(
            "technician", AuditAction.TEST_SCAN, scan=text
        )
        item = journal.claim_next(now=1e12)
        assert item is not None
        journal.mark_dead(item, text)
        outputs = [
            *recent.lines(100),
            json.dumps(event.as_json(), ensure_ascii=False),
            json.dumps(journal.support_export(), ensure_ascii=False),
        ]
        for output in outputs:
            assert written not in output
            assert nik not in output
    finally:
        logger.removeHandler(recent)
        journal.close()


def test_crash_hooks_log_uncaught_exceptions_masked(monkeypatch: pytest.MonkeyPatch) -> None:
    import sys

    monkeypatch.setattr(sys, "excepthook", sys.excepthook)
    monkeypatch.setattr(threading, "excepthook", threading.excepthook)
    recent = RecentLogs()
    logging.getLogger("kiosk.crash").addHandler(recent)
    try:
        install_crash_hooks()

        def crash() -> None:
            raise RuntimeError(f"card holder {NIK}")

        thread = threading.Thread(target=crash, name="crasher")
        thread.start()
        thread.join()
        try:
            raise KeyError(NIK)
        except KeyError as error:
            sys.excepthook(KeyError, error, error.__traceback__)
    finally:
        logging.getLogger("kiosk.crash").removeHandler(recent)
    text = "\n".join(recent.lines(10))
    assert "Uncaught exception in thread crasher" in text
    assert "Uncaught exception in the main thread" in text
    assert "RuntimeError: card holder 317101******0001" in text
    assert NIK not in text
