"""The local journal of every request a citizen made, and the outbox that carries it to central.

One SQLite file in WAL mode with ``synchronous=FULL``: when ``record`` returns, the
request and its outbox row are on disk together, in one transaction, and survive a
power cut. Outbox rows go pending → in_flight → sent, or to dead with the reason; rows
left in_flight by a crash go back to pending at open, and the central API's idempotency
key makes the resend harmless. A request is *issued* once committed here and printed.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import enum
import json
import logging
import sqlite3
import threading
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from drivers.files import narrow, private_file
from kiosk.clock import Clock
from kiosk.identity import mask_nik_like_runs

log = logging.getLogger("kiosk.journal")

SCHEMA_VERSION = 2

_SCHEMA = """
CREATE TABLE IF NOT EXISTS journal (
    idempotency_key TEXT PRIMARY KEY,
    reference TEXT NOT NULL UNIQUE,
    service TEXT NOT NULL,
    created_at TEXT NOT NULL,
    language TEXT NOT NULL,
    personal TEXT,
    print_state TEXT NOT NULL DEFAULT 'pending' CHECK (print_state IN ('pending', 'printed')),
    print_detail TEXT NOT NULL DEFAULT '',
    printed_at TEXT,
    acknowledged_at TEXT,
    purged_at TEXT
);
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
    kind TEXT NOT NULL DEFAULT 'transaction' CHECK (kind IN ('transaction', 'audit'))
);
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


# Version 1 had no ``kind``: every row was a transaction, which is the column's default.
_MIGRATE_TO_2 = (
    "ALTER TABLE outbox ADD COLUMN kind TEXT NOT NULL DEFAULT 'transaction' "
    "CHECK (kind IN ('transaction', 'audit'))"
)

AUDIT_PATH = "/v1/audit-events"


class OutboxKind(enum.Enum):
    """What an outbox row carries: a citizen's transaction, or a technician audit event."""

    TRANSACTION = "transaction"
    AUDIT = "audit"


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
    printed: bool
    print_detail: str
    outbox_state: OutboxState


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
    ) -> Entry:
        """Number, compose and commit a request with its outbox row, all in one transaction.

        ``sequence`` names a counter that restarts every local day (a queue counter's code,
        or a service's reference series); ``compose`` turns the next number and the time into
        the request. A repeated idempotency key returns the first entry and uses no number.
        """
        with self._transaction():
            existing = self._entry(idempotency_key)
            if existing is not None:
                return existing
            created_at = self._clock.now()
            (number,) = self._db.execute(
                "INSERT INTO sequence (name, day, last_number) VALUES (?, ?, 1) "
                "ON CONFLICT (name, day) DO UPDATE SET last_number = last_number + 1 "
                "RETURNING last_number",
                (sequence, created_at.date().isoformat()),
            ).fetchone()
            draft = compose(int(number), created_at)
            self._db.execute(
                "INSERT INTO journal (idempotency_key, reference, service, created_at, language, "
                "personal) VALUES (?, ?, ?, ?, ?, ?)",
                (
                    idempotency_key,
                    draft.reference,
                    service,
                    created_at.isoformat(),
                    language,
                    json.dumps(draft.personal),
                ),
            )
            self._db.execute(
                "INSERT INTO outbox (idempotency_key, method, path, body, created_at) "
                "VALUES (?, 'POST', '/v1/transactions', ?, ?)",
                (
                    idempotency_key,
                    json.dumps(draft.body, sort_keys=True).encode("utf-8"),
                    created_at.isoformat(),
                ),
            )
        self._notify()
        entry = self.get(idempotency_key)
        if entry is None:
            raise JournalError(f"entry {idempotency_key} vanished after commit")
        return entry

    def mark_printed(self, idempotency_key: str, ok: bool, detail: str = "") -> None:
        """Record the printer's answer; a failed print stays pending for a reprint."""
        with self._transaction():
            self._db.execute(
                "UPDATE journal SET print_state = ?, print_detail = ?, printed_at = ? "
                "WHERE idempotency_key = ?",
                (
                    "printed" if ok else "pending",
                    detail,
                    self._clock.now().isoformat() if ok else None,
                    idempotency_key,
                ),
            )

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
        """Central acknowledged the row; it is never sent again."""
        now = self._clock.now().isoformat()
        with self._transaction():
            self._db.execute(
                "UPDATE outbox SET state = 'sent', sent_at = ?, response = ?, last_error = '', "
                "attempts = attempts + 1 WHERE id = ?",
                (now, json.dumps(response, sort_keys=True), item.id),
            )
            self._db.execute(
                "UPDATE journal SET acknowledged_at = ? WHERE idempotency_key = ?",
                (now, item.idempotency_key),
            )
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
                f"LEFT JOIN journal j USING (idempotency_key) {where} ORDER BY o.id DESC LIMIT ?",
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
        where = "WHERE j.print_state = 'printed'" if issued_only else ""
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

    def pending_print(self) -> list[Entry]:
        """Committed entries whose receipt has not printed, oldest first."""
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
            # Delivered audit events are central's to keep; the kiosk needs no copy.
            self._db.execute(
                "DELETE FROM outbox WHERE kind = 'audit' AND state = 'sent' AND sent_at <= ?",
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
        columns = {row[1] for row in self._db.execute("PRAGMA table_info(outbox)")}
        if "kind" not in columns:
            (version,) = self._db.execute("PRAGMA user_version").fetchone()
            with self._transaction():
                self._db.execute(_MIGRATE_TO_2)
            log.info("Journal schema migrated from version %s to 2 (audit outbox)", version)

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
            "SELECT j.reference, j.service, j.created_at, j.language, j.personal, j.print_state, "
            "j.print_detail, o.state FROM journal j JOIN outbox o USING (idempotency_key) "
            "WHERE j.idempotency_key = ?",
            (idempotency_key,),
        ).fetchone()
        if row is None:
            return None
        reference, service, created_at, language, personal, state, detail, outbox = row
        return Entry(
            idempotency_key=idempotency_key,
            reference=reference,
            service=service,
            created_at=dt.datetime.fromisoformat(created_at),
            language=language,
            personal=None if personal is None else json.loads(personal),
            printed=state == "printed",
            print_detail=detail,
            outbox_state=OutboxState(outbox),
        )


def without_personal(entry: Entry) -> dict[str, Any]:
    """An entry as printable JSON without any personal data (``kiosk journal --json``)."""
    data = dataclasses.asdict(entry)
    data.pop("personal")
    data["created_at"] = entry.created_at.isoformat()
    data["status"] = data.pop("outbox_state").value
    return data
