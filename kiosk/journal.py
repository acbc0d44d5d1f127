"""The local journal of every request a citizen made, and the outbox that carries it to central.

One SQLite file in WAL mode with ``synchronous=FULL``: when ``record`` returns, the
request and its outbox row are on disk together, in one transaction, and survive a
power cut. Outbox rows go pending → in_flight → sent, or to dead with the reason; rows
left in_flight by a crash go back to pending at open, and the central API's idempotency
key makes the resend harmless. A request is *issued* once committed here and printed.

Each entry also keeps what the citizen got: its receipt outcome (``ReceiptOutcome``),
which only moves forward. Central hears it through a receipt report, an outbox row of its
own that is queued behind the transaction: only once central acknowledged the transaction
(so a report never reaches central before its transaction, and never changes its body).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import enum
import json
import logging
import sqlite3
import threading
import uuid
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import quote

from drivers.files import narrow, private_file
from kiosk.clock import Clock
from kiosk.identity import mask_nik_like_runs

log = logging.getLogger("kiosk.journal")

SCHEMA_VERSION = 4

_JOURNAL_TABLE = """
CREATE TABLE IF NOT EXISTS journal (
    idempotency_key TEXT PRIMARY KEY,
    reference TEXT NOT NULL UNIQUE,
    service TEXT NOT NULL,
    created_at TEXT NOT NULL,
    language TEXT NOT NULL,
    personal TEXT,
    -- The service as the receipt was printed from it, for a reprint once it is gone.
    service_copy TEXT,
    receipt TEXT NOT NULL DEFAULT 'pending'
        CHECK (receipt IN ('pending', 'unknown', 'failed', 'printed')),
    print_detail TEXT NOT NULL DEFAULT '',
    receipt_at TEXT,
    -- The outcome last queued for central (NULL before the first report).
    receipt_queued TEXT CHECK (receipt_queued IN ('unknown', 'failed', 'printed')),
    acknowledged_at TEXT,
    purged_at TEXT
);
"""
_OUTBOX_TABLE = """
CREATE TABLE IF NOT EXISTS outbox (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    idempotency_key TEXT NOT NULL UNIQUE,
    method TEXT NOT NULL,
    path TEXT NOT NULL,
    body BLOB,
    state TEXT NOT NULL DEFAULT 'pending'
        CHECK (state IN ('pending', 'in_flight', 'sent', 'dead')),
    attempts INTEGER NOT NULL DEFAULT 0,
    next_attempt_at REAL NOT NULL DEFAULT 0,
    last_error TEXT NOT NULL DEFAULT '',
    created_at TEXT NOT NULL,
    sent_at TEXT,
    response TEXT,
    kind TEXT NOT NULL DEFAULT 'transaction'
        CHECK (kind IN ('transaction', 'audit', 'receipt', 'letter')),
    -- The journal entry a receipt report is about (a transaction's is its own key).
    entry_key TEXT
);
"""
_SCHEMA = (
    _JOURNAL_TABLE
    + _OUTBOX_TABLE
    + """
CREATE INDEX IF NOT EXISTS outbox_due ON outbox (state, next_attempt_at);
-- The claim's order: the oldest pending row first, without sorting every pending row.
CREATE INDEX IF NOT EXISTS outbox_pending ON outbox (id) WHERE state = 'pending';
CREATE TABLE IF NOT EXISTS sequence (
    name TEXT NOT NULL,
    day TEXT NOT NULL,
    last_number INTEGER NOT NULL,
    PRIMARY KEY (name, day)
);
"""
)
#: Version 2's tables are rebuilt for version 3 (a CHECK constraint cannot be changed in
#: place). A receipt that had not printed and says why had failed; one without a reason was
#: still printing when that kiosk stopped, and is settled at the next start.
_MIGRATE_JOURNAL_TO_3 = (
    "ALTER TABLE journal RENAME TO journal_v2",
    _JOURNAL_TABLE,
    "INSERT INTO journal (idempotency_key, reference, service, created_at, language, personal, "
    "receipt, print_detail, receipt_at, acknowledged_at, purged_at) "
    "SELECT idempotency_key, reference, service, created_at, language, personal, "
    "CASE WHEN print_state = 'printed' THEN 'printed' "
    "WHEN print_detail <> '' THEN 'failed' ELSE 'pending' END, "
    "print_detail, printed_at, acknowledged_at, purged_at FROM journal_v2",
    "DROP TABLE journal_v2",
)
_MIGRATE_OUTBOX_TO_3 = (
    "ALTER TABLE outbox RENAME TO outbox_v2",
    "DROP INDEX IF EXISTS outbox_due",
    "DROP INDEX IF EXISTS outbox_pending",
    _OUTBOX_TABLE,
    "INSERT INTO outbox (id, idempotency_key, method, path, body, state, attempts, "
    "next_attempt_at, last_error, created_at, sent_at, response, kind, entry_key) "
    "SELECT id, idempotency_key, method, path, body, state, attempts, next_attempt_at, "
    "last_error, created_at, sent_at, response, kind, "
    "CASE kind WHEN 'transaction' THEN idempotency_key END FROM outbox_v2",
    "DROP TABLE outbox_v2",
)
#: Version 4 adds the ``letter`` kind (a print of a signed letter reported to central): the
#: outbox is rebuilt with the wider CHECK, every row kept as it was.
_MIGRATE_OUTBOX_TO_4 = (
    "ALTER TABLE outbox RENAME TO outbox_v3",
    "DROP INDEX IF EXISTS outbox_due",
    "DROP INDEX IF EXISTS outbox_pending",
    _OUTBOX_TABLE,
    "INSERT INTO outbox SELECT * FROM outbox_v3",
    "DROP TABLE outbox_v3",
)
#: Version 1 had no ``kind``: every row was a transaction, which is the column's default.
_MIGRATE_TO_2 = "ALTER TABLE outbox ADD COLUMN kind TEXT NOT NULL DEFAULT 'transaction'"
#: How many numbers one request may try when its reference is taken (see ``record``).
MAX_NUMBER_ATTEMPTS = 10_000

AUDIT_PATH = "/v1/audit-events"


class OutboxKind(enum.Enum):
    """What an outbox row carries: a transaction, its receipt report, an audit, a letter print.

    A letter print is ``POST /v1/transactions/{reference}/letter/collected`` (contract 1.2).
    """

    TRANSACTION = "transaction"
    AUDIT = "audit"
    RECEIPT = "receipt"
    LETTER = "letter"


class ExtraCopy(enum.Enum):
    """Who allowed a print beyond the village's allowance (the contract's ``ExtraCopy``, 1.4).

    Its report says so, and central raises ``copies_allowed`` with ``copies_printed``
    instead of refusing the print as ``copies-exhausted``.
    """

    TECHNICIAN = "technician"


class ReceiptOutcome(enum.Enum):
    """What the citizen got for an entry, in the only order it may move.

    ``PENDING`` while the receipt is printing; ``FAILED`` when the print failed and the done
    screen showed the number and reference instead; ``UNKNOWN`` when the kiosk stopped before
    it knew (settled at the next start); ``PRINTED`` once the printer confirmed it.
    """

    PENDING = "pending"
    UNKNOWN = "unknown"
    FAILED = "failed"
    PRINTED = "printed"

    @property
    def rank(self) -> int:
        """Its place in the order (the contract's ``ReceiptOutcome``)."""
        return _RECEIPT_ORDER.index(self)


_RECEIPT_ORDER = tuple(ReceiptOutcome)


class OutboxState(enum.Enum):
    """Where an outbox row is on its way to central."""

    PENDING = "pending"
    IN_FLIGHT = "in_flight"
    SENT = "sent"
    DEAD = "dead"


@dataclass(frozen=True)
class Draft:
    """What a service makes of a numbered request: its reference, personal data and body."""

    reference: str
    personal: Mapping[str, Any]
    body: Mapping[str, Any]


@dataclass(frozen=True)
class Entry:
    """One journalled request, as the kiosk shows and prints it."""

    idempotency_key: str
    reference: str
    service: str
    created_at: dt.datetime
    language: str
    personal: Mapping[str, Any] | None
    receipt: ReceiptOutcome
    print_detail: str
    outbox_state: OutboxState
    #: The service as the receipt was printed from it (``kiosk.catalog.service_copy``).
    service_copy: Mapping[str, Any] | None = None

    @property
    def printed(self) -> bool:
        """The printer confirmed the receipt: the entry is issued."""
        return self.receipt is ReceiptOutcome.PRINTED


@dataclass(frozen=True)
class OutboxItem:
    """One request to send: the exact method, path and body the journal committed."""

    id: int
    idempotency_key: str
    method: str
    path: str
    body: bytes
    attempts: int
    kind: OutboxKind = OutboxKind.TRANSACTION


@dataclass(frozen=True)
class OutboxRow:
    """One outbox row as maintenance and support see it: no body, so no personal data."""

    id: int
    kind: OutboxKind
    reference: str
    state: OutboxState
    attempts: int
    last_error: str
    created_at: str
    sent_at: str

    def as_dict(self) -> dict[str, Any]:
        """JSON-ready, with any NIK-like digits in the error masked."""
        data = dataclasses.asdict(self)
        data["kind"] = self.kind.value
        data["state"] = self.state.value
        data["last_error"] = mask_nik_like_runs(self.last_error)
        return data


@dataclass(frozen=True)
class OutboxCounts:
    """Outbox depth by state, for the heartbeat, the UI and maintenance."""

    pending: int = 0
    in_flight: int = 0
    sent: int = 0
    dead: int = 0

    @property
    def queued(self) -> int:
        """Rows still to be delivered."""
        return self.pending + self.in_flight


class JournalError(Exception):
    """The journal cannot do what was asked (a bug, or a disk problem)."""


class Journal:
    """The journal and outbox; safe to use from several threads."""

    def __init__(self, path: Path, clock: Clock) -> None:
        # Full NIKs stay here until central acknowledges them: only the kiosk's user may
        # read it. SQLite gives -wal and -shm the database file's mode when it makes them.
        private_file(path)
        for companion in ("-wal", "-shm", "-journal"):
            narrow(path.with_name(path.name + companion))
        self.path = path
        self._clock = clock
        self._lock = threading.RLock()
        self._changed = threading.Condition(self._lock)
        self._db = sqlite3.connect(path, check_same_thread=False, isolation_level=None)
        self._db.execute("PRAGMA journal_mode=WAL")
        self._db.execute("PRAGMA synchronous=FULL")
        self._db.execute("PRAGMA busy_timeout=5000")
        # Purged personal data is overwritten on disk, not left in free pages.
        self._db.execute("PRAGMA secure_delete=ON")
        self._db.executescript(_SCHEMA)
        self._migrate()
        self._db.execute(f"PRAGMA user_version={SCHEMA_VERSION}")
        with self._transaction():
            recovered = self._db.execute(
                "UPDATE outbox SET state = 'pending' WHERE state = 'in_flight'"
            ).rowcount
        if recovered:
            log.warning(
                "%d outbox rows were in flight at the last stop; sending them again", recovered
            )
        log.info("Journal at %s", path)

    # Writing ------------------------------------------------------------------------------

    def record(
        self,
        idempotency_key: str,
        service: str,
        language: str,
        sequence: str,
        compose: Callable[[int, dt.datetime], Draft],
        service_copy: Mapping[str, Any] | None = None,
    ) -> Entry:
        """Number, compose and commit a request with its outbox row, all in one transaction.

        ``sequence`` names a counter that restarts every local day (a queue counter's code,
        or a service's reference series); ``compose`` turns the next number and the time into
        the request. A repeated idempotency key returns the first entry and uses no number.
        A reference that is already in the journal (two series that make the same
        references) never loses the request: it takes the next number instead.
        """
        with self._transaction():
            existing = self._entry(idempotency_key)
            if existing is not None:
                return existing
            created_at = self._clock.now()

            def insert(draft: Draft) -> None:
                self._db.execute(
                    "INSERT INTO journal (idempotency_key, reference, service, created_at, "
                    "language, personal, service_copy) VALUES (?, ?, ?, ?, ?, ?, ?)",
                    (
                        idempotency_key,
                        draft.reference,
                        service,
                        created_at.isoformat(),
                        language,
                        json.dumps(draft.personal),
                        None if service_copy is None else json.dumps(service_copy),
                    ),
                )

            draft = self._numbered(sequence, created_at, compose, insert)
            self._db.execute(
                "INSERT INTO outbox (idempotency_key, method, path, body, created_at, entry_key) "
                "VALUES (?, 'POST', '/v1/transactions', ?, ?, ?)",
                (
                    idempotency_key,
                    json.dumps(draft.body, sort_keys=True).encode("utf-8"),
                    created_at.isoformat(),
                    idempotency_key,
                ),
            )
        self._notify()
        entry = self.get(idempotency_key)
        if entry is None:
            raise JournalError(f"entry {idempotency_key} vanished after commit")
        return entry

    def _numbered(
        self,
        sequence: str,
        created_at: dt.datetime,
        compose: Callable[[int, dt.datetime], Draft],
        insert: Callable[[Draft], None],
    ) -> Draft:
        """Compose and ``insert`` under the sequence's next number whose reference is free.

        Called inside a write transaction: a refused insert undoes only itself.
        """
        day = created_at.date().isoformat()
        for _ in range(MAX_NUMBER_ATTEMPTS):
            (number,) = self._db.execute(
                "INSERT INTO sequence (name, day, last_number) VALUES (?, ?, 1) "
                "ON CONFLICT (name, day) DO UPDATE SET last_number = last_number + 1 "
                "RETURNING last_number",
                (sequence, day),
            ).fetchone()
            draft = compose(int(number), created_at)
            try:
                insert(draft)
            except sqlite3.IntegrityError:
                taken = self._db.execute(
                    "SELECT 1 FROM journal WHERE reference = ?", (draft.reference,)
                ).fetchone()
                if taken is None:
                    raise
                log.error(
                    "Reference %s (series %s) is already in the journal; taking the next number",
                    draft.reference,
                    sequence,
                )
                continue
            return draft
        raise JournalError(
            f"series {sequence}: no free reference in {MAX_NUMBER_ATTEMPTS} numbers on {day}"
        )

    def record_receipt(
        self, idempotency_key: str, outcome: ReceiptOutcome, detail: str = ""
    ) -> ReceiptOutcome:
        """Record what became of an entry's receipt; returns the outcome now kept.

        The outcome only moves forward (``ReceiptOutcome.rank``): a later, lesser report (a
        reprint that failed after the first one printed) keeps the better outcome and only
        updates the detail. Central hears each new outcome, behind its transaction.
        """
        with self._transaction():
            row = self._db.execute(
                "SELECT receipt FROM journal WHERE idempotency_key = ?", (idempotency_key,)
            ).fetchone()
            if row is None:
                raise JournalError(f"no entry {idempotency_key} to record a receipt for")
            kept = ReceiptOutcome(row[0])
            if outcome.rank > kept.rank:
                kept = outcome
                self._db.execute(
                    "UPDATE journal SET receipt = ?, print_detail = ?, receipt_at = ? "
                    "WHERE idempotency_key = ?",
                    (kept.value, detail, self._clock.now().isoformat(), idempotency_key),
                )
            else:
                self._db.execute(
                    "UPDATE journal SET print_detail = ? WHERE idempotency_key = ?",
                    (detail, idempotency_key),
                )
            queued = self._queue_receipt_reports(idempotency_key)
        if queued:
            self._notify()
        return kept

    def settle_unknown(self) -> int:
        """At the kiosk's start: every receipt still pending was cut off, so it is unknown.

        Nothing is printing at start, so a pending receipt is one whose kiosk stopped before
        the printer answered. Each becomes ``unknown`` (for a technician to reprint) and is
        reported to central; reports owed from before (an older kiosk's entries) are queued
        too. Returns how many were settled.
        """
        with self._transaction():
            settled = self._db.execute(
                "UPDATE journal SET receipt = 'unknown', receipt_at = ? WHERE receipt = 'pending'",
                (self._clock.now().isoformat(),),
            ).rowcount
            queued = self._queue_receipt_reports(None)
        if settled:
            log.warning("%d receipts were cut off at the last stop: settled as unknown", settled)
        if queued:
            self._notify()
        return settled

    def record_letter_print(
        self,
        idempotency_key: str,
        reference: str,
        at: dt.datetime,
        extra_copy: ExtraCopy | None = None,
    ) -> bool:
        """Queue the report of one completed print of a signed letter, durably.

        The key is the print's own (one per copy), so a report queued twice for the same
        print is one row, and central counts it once. ``extra_copy`` marks a copy beyond
        the village's allowance (a technician's, in maintenance mode), which central counts
        without using the allowance up. Returns whether it was new.
        """
        report: dict[str, str] = {"at": at.isoformat()}
        if extra_copy is not None:
            report["extra_copy"] = extra_copy.value
        body = json.dumps(report, sort_keys=True).encode("utf-8")
        with self._transaction():
            added = self._db.execute(
                "INSERT OR IGNORE INTO outbox (idempotency_key, method, path, body, created_at, "
                "kind) VALUES (?, 'POST', ?, ?, ?, 'letter')",
                (idempotency_key, letter_collected_path(reference), body, at.isoformat()),
            ).rowcount
        self._notify()
        return bool(added)

    def has_outbox_key(self, idempotency_key: str) -> bool:
        """Whether a row with this idempotency key was ever queued (and not purged)."""
        with self._lock:
            row = self._db.execute(
                "SELECT 1 FROM outbox WHERE idempotency_key = ?", (idempotency_key,)
            ).fetchone()
        return row is not None

    def letter_prints_unsent(self, reference: str, *, extra_only: bool = False) -> int:
        """How many prints of a letter this kiosk made that central has not acknowledged yet.

        With ``extra_only``, only the extra copies among them (each raises the allowance too).
        """
        with self._lock:
            (count,) = self._db.execute(
                "SELECT COUNT(*) FROM outbox WHERE kind = 'letter' AND path = ? "
                "AND state IN ('pending', 'in_flight') "
                "AND (? = 0 OR instr(CAST(body AS TEXT), '\"extra_copy\"') > 0)",
                (letter_collected_path(reference), int(extra_only)),
            ).fetchone()
        return int(count)

    def record_audit(self, event_id: str, body: bytes) -> None:
        """Queue one audit event for central, durably; a repeated id is ignored."""
        with self._transaction():
            self._db.execute(
                "INSERT OR IGNORE INTO outbox (idempotency_key, method, path, body, created_at, "
                "kind) VALUES (?, 'POST', ?, ?, ?, 'audit')",
                (event_id, AUDIT_PATH, body, self._clock.now().isoformat()),
            )
        self._notify()

    # Outbox -------------------------------------------------------------------------------

    def claim_next(self, now: float) -> OutboxItem | None:
        """Move the oldest due pending row to in_flight and return it."""
        with self._transaction():
            row = self._db.execute(
                # The planner would take outbox_due and sort every pending row: quadratic
                # over a backlog of thousands (bench: outbox_drain_rate).
                "SELECT id, idempotency_key, method, path, body, attempts, kind "
                "FROM outbox INDEXED BY outbox_pending "
                "WHERE state = 'pending' AND next_attempt_at <= ? ORDER BY id LIMIT 1",
                (now,),
            ).fetchone()
            if row is None:
                return None
            self._db.execute("UPDATE outbox SET state = 'in_flight' WHERE id = ?", (row[0],))
        return OutboxItem(
            row[0], row[1], row[2], row[3], bytes(row[4] or b""), row[5], OutboxKind(row[6])
        )

    def mark_sent(self, item: OutboxItem, response: Mapping[str, Any]) -> None:
        """Central acknowledged the row; it is never sent again.

        An acknowledged transaction lets its receipt report follow it, in the same commit.
        """
        now = self._clock.now().isoformat()
        with self._transaction():
            self._db.execute(
                "UPDATE outbox SET state = 'sent', sent_at = ?, response = ?, last_error = '', "
                "attempts = attempts + 1 WHERE id = ?",
                (now, json.dumps(response, sort_keys=True), item.id),
            )
            if item.kind is OutboxKind.TRANSACTION:
                self._db.execute(
                    "UPDATE journal SET acknowledged_at = ? WHERE idempotency_key = ?",
                    (now, item.idempotency_key),
                )
                self._queue_receipt_reports(item.idempotency_key)
        self._notify()

    def retry_later(self, item: OutboxItem, at: float, error: str) -> None:
        """The attempt failed for a passing reason; try again at ``at`` (epoch seconds)."""
        with self._transaction():
            self._db.execute(
                "UPDATE outbox SET state = 'pending', attempts = attempts + 1, "
                "next_attempt_at = ?, last_error = ? WHERE id = ?",
                (at, error, item.id),
            )
        self._notify()

    def mark_dead(self, item: OutboxItem, reason: str) -> None:
        """Central refused the row for good; keep it, with the reason, for a technician."""
        log.error("Outbox row %s is dead: %s", item.idempotency_key, reason)
        with self._transaction():
            self._db.execute(
                "UPDATE outbox SET state = 'dead', attempts = attempts + 1, last_error = ? "
                "WHERE id = ?",
                (reason, item.id),
            )
        self._notify()

    def retry_dead(self) -> int:
        """Put every dead row back in the queue (maintenance mode); returns how many."""
        with self._transaction():
            count = self._db.execute(
                "UPDATE outbox SET state = 'pending', next_attempt_at = 0 WHERE state = 'dead'"
            ).rowcount
        self._notify()
        return count

    def next_due(self) -> float | None:
        """When the earliest pending row is due (epoch seconds), or None if none is."""
        with self._lock:
            (due,) = self._db.execute(
                "SELECT MIN(next_attempt_at) FROM outbox WHERE state = 'pending'"
            ).fetchone()
        return None if due is None else float(due)

    def wait_for_change(self, timeout: float) -> None:
        """Block until a write happens or ``timeout`` passes (the sync worker's idle wait)."""
        with self._changed:
            self._changed.wait(timeout)

    def wake(self) -> None:
        """Wake anyone in ``wait_for_change`` (used to stop the sync worker promptly)."""
        self._notify()

    def counts(self, kind: OutboxKind | None = OutboxKind.TRANSACTION) -> OutboxCounts:
        """Outbox depth by state: of citizens' transactions by default, of every row with None."""
        where, args = ("WHERE kind = ?", (kind.value,)) if kind is not None else ("", ())
        with self._lock:
            rows = self._db.execute(
                f"SELECT state, COUNT(*) FROM outbox {where} GROUP BY state", args
            ).fetchall()
        return OutboxCounts(**{state: count for state, count in rows})

    def outbox_rows(
        self, limit: int = 200, states: tuple[OutboxState, ...] = ()
    ) -> list[OutboxRow]:
        """The newest outbox rows (of ``states``, or all), without bodies: safe to export."""
        where = ""
        args: tuple[object, ...] = ()
        if states:
            where = f"WHERE o.state IN ({', '.join('?' for _ in states)})"
            args = tuple(state.value for state in states)
        with self._lock:
            rows = self._db.execute(
                "SELECT o.id, o.kind, COALESCE(j.reference, ''), o.state, o.attempts, "
                "o.last_error, o.created_at, COALESCE(o.sent_at, '') FROM outbox o "
                "LEFT JOIN journal j ON j.idempotency_key = o.entry_key "
                f"{where} ORDER BY o.id DESC LIMIT ?",
                (*args, limit),
            ).fetchall()
        return [
            OutboxRow(
                row[0],
                OutboxKind(row[1]),
                row[2],
                OutboxState(row[3]),
                row[4],
                row[5],
                row[6],
                row[7],
            )
            for row in rows
        ]

    def dead_items(self) -> list[tuple[str, str]]:
        """(idempotency_key, reason) of every dead row, oldest first."""
        with self._lock:
            return [
                (key, reason)
                for key, reason in self._db.execute(
                    "SELECT idempotency_key, last_error FROM outbox "
                    "WHERE state = 'dead' ORDER BY id"
                )
            ]

    def support_export(self) -> dict[str, Any]:
        """Outbox counts and rows for support: states, attempts and reasons, never a body.

        References are kept (they are printed on the public receipt); any NIK-like run in a
        reason is masked, and no personal field is read at all.
        """
        return {
            "schema_version": SCHEMA_VERSION,
            "exported_at": self._clock.now().isoformat(),
            "counts": {kind.value: dataclasses.asdict(self.counts(kind)) for kind in OutboxKind},
            "rows": [row.as_dict() for row in self.outbox_rows(limit=1000)],
        }

    # Reading and retention ----------------------------------------------------------------

    def get(self, idempotency_key: str) -> Entry | None:
        """The entry for this key, if any."""
        with self._lock:
            return self._entry(idempotency_key)

    def entries(self, *, issued_only: bool) -> list[Entry]:
        """Every entry in commit order; ``issued_only`` keeps the printed ones."""
        where = "WHERE j.receipt = 'printed'" if issued_only else ""
        with self._lock:
            keys = [
                key
                for (key,) in self._db.execute(
                    f"SELECT j.idempotency_key FROM journal j JOIN outbox o "
                    f"USING (idempotency_key) {where} ORDER BY o.id"
                )
            ]
            return [entry for key in keys if (entry := self._entry(key)) is not None]

    def by_reference(self, reference: str) -> Entry | None:
        """The entry printed with this reference, if any (reprints by reference)."""
        with self._lock:
            row = self._db.execute(
                "SELECT idempotency_key FROM journal WHERE reference = ?", (reference,)
            ).fetchone()
            return None if row is None else self._entry(row[0])

    def unprinted(self) -> list[Entry]:
        """Committed entries whose receipt did not print (failed, unknown, or printing now)."""
        return [entry for entry in self.entries(issued_only=False) if not entry.printed]

    def purge_personal(self, retention_days: int) -> int:
        """Erase personal data acknowledged by central more than ``retention_days`` ago."""
        cutoff = (self._clock.now() - dt.timedelta(days=retention_days)).isoformat()
        now = self._clock.now().isoformat()
        with self._transaction():
            keys = [
                key
                for (key,) in self._db.execute(
                    "SELECT idempotency_key FROM journal WHERE purged_at IS NULL "
                    "AND acknowledged_at IS NOT NULL AND acknowledged_at <= ?",
                    (cutoff,),
                )
            ]
            for key in keys:
                self._db.execute(
                    "UPDATE journal SET personal = NULL, purged_at = ? WHERE idempotency_key = ?",
                    (now, key),
                )
                self._db.execute("UPDATE outbox SET body = NULL WHERE idempotency_key = ?", (key,))
            # Delivered audit events, receipt and letter reports are central's to keep.
            self._db.execute(
                "DELETE FROM outbox WHERE kind IN ('audit', 'receipt', 'letter') "
                "AND state = 'sent' AND sent_at <= ?",
                (cutoff,),
            )
        if keys:
            with self._lock:
                self._db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
            log.info("Purged personal data of %d acknowledged requests", len(keys))
        return len(keys)

    def close(self) -> None:
        """Close the database."""
        with self._lock:
            self._db.close()

    # Internals ----------------------------------------------------------------------------

    def _migrate(self) -> None:
        """Bring a database written by an older kiosk up to this schema."""
        (version,) = self._db.execute("PRAGMA user_version").fetchone()
        columns = {row[1] for row in self._db.execute("PRAGMA table_info(outbox)")}
        if "kind" not in columns:
            with self._transaction():
                self._db.execute(_MIGRATE_TO_2)
            log.info("Journal schema migrated from version %s to 2 (audit outbox)", version)
        journal = {row[1] for row in self._db.execute("PRAGMA table_info(journal)")}
        steps = (_MIGRATE_JOURNAL_TO_3 if "print_state" in journal else ()) + (
            _MIGRATE_OUTBOX_TO_3 if "entry_key" not in columns else ()
        )
        if steps:
            with self._transaction():
                for statement in steps:
                    self._db.execute(statement)
            self._db.executescript(_SCHEMA)  # the indexes, on the new tables
            log.info("Journal schema migrated from version %s to 3 (receipt outcomes)", version)
        (outbox_sql,) = self._db.execute(
            "SELECT sql FROM sqlite_master WHERE type = 'table' AND name = 'outbox'"
        ).fetchone()
        if "'letter'" not in outbox_sql:
            with self._transaction():
                for statement in _MIGRATE_OUTBOX_TO_4:
                    self._db.execute(statement)
            self._db.executescript(_SCHEMA)
            log.info("Journal schema migrated from version %s to 4 (letter prints)", version)

    def _queue_receipt_reports(self, idempotency_key: str | None) -> int:
        """Queue a report for each acknowledged entry whose outcome central has not heard.

        Only for ``idempotency_key``, or for every entry with None; called inside a write
        transaction, so the report and what caused it are committed together.
        """
        where = "" if idempotency_key is None else "AND idempotency_key = ?"
        args = () if idempotency_key is None else (idempotency_key,)
        owed = self._db.execute(
            "SELECT idempotency_key, reference, receipt, receipt_at FROM journal "
            "WHERE acknowledged_at IS NOT NULL AND receipt <> 'pending' "
            f"AND receipt IS NOT receipt_queued {where}",
            args,
        ).fetchall()
        for key, reference, receipt, receipt_at in owed:
            body = {"outcome": receipt, "at": receipt_at or self._clock.now().isoformat()}
            self._db.execute(
                "INSERT INTO outbox (idempotency_key, method, path, body, created_at, kind, "
                "entry_key) VALUES (?, 'POST', ?, ?, ?, 'receipt', ?)",
                (
                    str(uuid.uuid4()),
                    receipt_path(reference),
                    json.dumps(body, sort_keys=True).encode("utf-8"),
                    self._clock.now().isoformat(),
                    key,
                ),
            )
            self._db.execute(
                "UPDATE journal SET receipt_queued = ? WHERE idempotency_key = ?", (receipt, key)
            )
        return len(owed)

    @contextmanager
    def _transaction(self) -> Iterator[None]:
        with self._lock:
            self._db.execute("BEGIN IMMEDIATE")
            try:
                yield
            except BaseException:
                self._db.execute("ROLLBACK")
                raise
            self._db.execute("COMMIT")

    def _notify(self) -> None:
        with self._changed:
            self._changed.notify_all()

    def _entry(self, idempotency_key: str) -> Entry | None:
        row = self._db.execute(
            "SELECT j.reference, j.service, j.created_at, j.language, j.personal, j.receipt, "
            "j.print_detail, o.state, j.service_copy FROM journal j "
            "JOIN outbox o USING (idempotency_key) WHERE j.idempotency_key = ?",
            (idempotency_key,),
        ).fetchone()
        if row is None:
            return None
        reference, service, created_at, language, personal, receipt, detail, outbox, copy = row
        return Entry(
            idempotency_key=idempotency_key,
            reference=reference,
            service=service,
            created_at=dt.datetime.fromisoformat(created_at),
            language=language,
            personal=None if personal is None else json.loads(personal),
            receipt=ReceiptOutcome(receipt),
            print_detail=detail,
            outbox_state=OutboxState(outbox),
            service_copy=None if copy is None else json.loads(copy),
        )


def receipt_path(reference: str) -> str:
    """Where a transaction's receipt outcome is reported (contract 1.1)."""
    return f"/v1/transactions/{quote(reference, safe='')}/receipt"


def letter_collected_path(reference: str) -> str:
    """Where a print of a signed letter is reported (contract 1.2)."""
    return f"/v1/transactions/{quote(reference, safe='')}/letter/collected"


def without_personal(entry: Entry) -> dict[str, Any]:
    """An entry as printable JSON without any personal data (``kiosk journal --json``)."""
    data = dataclasses.asdict(entry)
    data.pop("personal")
    data.pop("service_copy")
    data["created_at"] = entry.created_at.isoformat()
    data["status"] = data.pop("outbox_state").value
    data["receipt"] = entry.receipt.value
    data["printed"] = entry.printed
    return data
