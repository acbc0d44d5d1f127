"""The reference server's SQLite store.

One connection behind a lock: SQLite lets one writer in at a time anyway, and the lock makes
the connection safe to share between the HTTP server's handler threads. WAL with
``synchronous=FULL`` means an acknowledged transaction survives a power cut, as it must on a
regency's server. Unique constraints, not application checks, make each idempotency key and
each reference count once.
"""

from __future__ import annotations

import enum
import json
import logging
import sqlite3
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

log = logging.getLogger("central.store")

NONCE_WINDOW_SECONDS = 600

_SCHEMA = """
CREATE TABLE IF NOT EXISTS nonce (
    kiosk_id TEXT NOT NULL,
    nonce TEXT NOT NULL,
    seen_at REAL NOT NULL,
    PRIMARY KEY (kiosk_id, nonce)
);
CREATE INDEX IF NOT EXISTS nonce_seen_at ON nonce (seen_at);
CREATE TABLE IF NOT EXISTS transactions (
    seq INTEGER PRIMARY KEY AUTOINCREMENT,
    kiosk_id TEXT NOT NULL,
    idempotency_key TEXT NOT NULL,
    reference TEXT NOT NULL UNIQUE,
    service TEXT NOT NULL,
    created_at TEXT NOT NULL,
    received_at TEXT NOT NULL,
    request TEXT NOT NULL,
    answer TEXT NOT NULL,
    status TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    receipt TEXT NOT NULL DEFAULT 'pending',
    receipt_updated_at TEXT,
    UNIQUE (kiosk_id, idempotency_key)
);
CREATE TABLE IF NOT EXISTS receipt_report (
    kiosk_id TEXT NOT NULL,
    idempotency_key TEXT NOT NULL,
    request TEXT NOT NULL,
    PRIMARY KEY (kiosk_id, idempotency_key)
);
CREATE TABLE IF NOT EXISTS heartbeat (
    kiosk_id TEXT PRIMARY KEY,
    received_at TEXT NOT NULL,
    body TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS queue_sequence (
    day TEXT NOT NULL,
    counter TEXT NOT NULL,
    last_number INTEGER NOT NULL,
    PRIMARY KEY (day, counter)
);
CREATE TABLE IF NOT EXISTS queue_ticket (
    kiosk_id TEXT NOT NULL,
    idempotency_key TEXT NOT NULL,
    request TEXT NOT NULL,
    answer TEXT NOT NULL,
    PRIMARY KEY (kiosk_id, idempotency_key)
);
CREATE TABLE IF NOT EXISTS card (
    uid TEXT PRIMARY KEY,
    nik TEXT NOT NULL,
    name TEXT NOT NULL,
    pin_hash TEXT
);
CREATE TABLE IF NOT EXISTS card_failure (
    uid TEXT NOT NULL,
    at REAL NOT NULL
);
CREATE INDEX IF NOT EXISTS card_failure_uid_at ON card_failure (uid, at);
CREATE TABLE IF NOT EXISTS preregistration (
    token TEXT PRIMARY KEY,
    service TEXT NOT NULL,
    nik TEXT NOT NULL,
    name TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS audit_event (
    kiosk_id TEXT NOT NULL,
    event_id TEXT NOT NULL,
    body TEXT NOT NULL,
    received_at TEXT NOT NULL,
    PRIMARY KEY (kiosk_id, event_id)
);
"""


class Outcome(enum.Enum):
    """What an idempotent write did."""

    CREATED = "created"
    REPLAYED = "replayed"
    KEY_REUSE = "key-reuse"
    REFERENCE_CONFLICT = "reference-conflict"


class ReceiptOutcome(enum.StrEnum):
    """What the citizen got for a transaction, in the only order it may move (contract 1.1)."""

    PENDING = "pending"
    UNKNOWN = "unknown"
    FAILED = "failed"
    PRINTED = "printed"

    @property
    def rank(self) -> int:
        """Its place in the order; a report of a lower rank changes nothing."""
        return list(ReceiptOutcome).index(self)


class TransactionState(enum.StrEnum):
    """Where a citizen's request is at the regency (``TransactionState`` in the contract)."""

    RECEIVED = "received"
    PROCESSING = "processing"
    READY = "ready"
    DONE = "done"
    REJECTED = "rejected"


@dataclass(frozen=True)
class Written:
    """The result of an idempotent write: the outcome and the answer to send, if any."""

    outcome: Outcome
    answer: dict[str, Any] | None


@dataclass(frozen=True)
class NewTransaction:
    """A transaction to store, with its canonical request and the answer to replay."""

    kiosk_id: str
    idempotency_key: str
    reference: str
    service: str
    created_at: str
    received_at: str
    request: str
    answer: dict[str, Any]


@dataclass(frozen=True)
class TransactionRecord:
    """A stored transaction as the status endpoint needs it (identity unmasked)."""

    reference: str
    service: str
    state: TransactionState
    created_at: str
    updated_at: str
    identity: dict[str, str] | None
    kiosk_id: str = ""
    """The kiosk that issued it, whose secret made its receipt QR's check."""
    receipt: ReceiptOutcome = ReceiptOutcome.PENDING


@dataclass(frozen=True)
class ListedTransaction:
    """One row of a kiosk's listing or of the export, in receipt order."""

    seq: int
    kiosk_id: str
    idempotency_key: str
    reference: str
    service: str
    created_at: str
    received_at: str
    receipt: ReceiptOutcome = ReceiptOutcome.PENDING


@dataclass(frozen=True)
class ReceiptReported:
    """What a receipt report came to: the outcome stored after it, or why it changed nothing."""

    outcome: Outcome
    receipt: ReceiptOutcome | None = None
    updated_at: str = ""


@dataclass(frozen=True)
class Card:
    """A card registered with ``python -m central add-card``."""

    uid: str
    nik: str
    name: str
    pin_hash: str | None


@dataclass(frozen=True)
class Preregistration:
    """A pre-registration made on a citizen's phone (``python -m central add-preregistration``).

    The kiosk scans ``ALM-PRE1:<token>`` and looks the token up.
    """

    token: str
    service: str
    nik: str
    name: str


def canonical_report(reference: str, request: str) -> str:
    """A receipt report as compared for idempotency: the same body for the same reference."""
    return f"{reference} {request}"


class Store:
    """Everything the reference server keeps; safe to call from any thread."""

    def __init__(self, path: Path) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        self._lock = threading.Lock()
        self._db = sqlite3.connect(path, check_same_thread=False, isolation_level=None)
        self._db.execute("PRAGMA journal_mode=WAL")
        self._db.execute("PRAGMA synchronous=FULL")
        self._db.execute("PRAGMA busy_timeout=5000")
        self._db.executescript(_SCHEMA)
        columns = {row[1] for row in self._db.execute("PRAGMA table_info(transactions)")}
        if "receipt" not in columns:  # a database written before contract 1.1
            self._db.execute(
                "ALTER TABLE transactions ADD COLUMN receipt TEXT NOT NULL DEFAULT 'pending'"
            )
            self._db.execute("ALTER TABLE transactions ADD COLUMN receipt_updated_at TEXT")
        log.info("Store at %s", path)

    def close(self) -> None:
        """Close the connection once any write in progress has finished."""
        with self._lock:
            self._db.close()

    @contextmanager
    def _write(self, durable: bool = True) -> Iterator[sqlite3.Connection]:
        """One write transaction under the lock, rolled back if anything raises.

        Args:
            durable: Commit with ``synchronous=FULL`` (an fsync). When False the commit
                survives a crash of the process but reaches the disk only with the next
                durable commit, which saves an fsync per request.

        """
        with self._lock:
            if not durable:
                self._db.execute("PRAGMA synchronous=NORMAL")
            try:
                self._db.execute("BEGIN IMMEDIATE")
                try:
                    yield self._db
                except BaseException:
                    self._db.execute("ROLLBACK")
                    raise
                self._db.execute("COMMIT")
            finally:
                if not durable:
                    self._db.execute("PRAGMA synchronous=FULL")

    def remember_nonce(self, kiosk_id: str, nonce: str, now: float) -> bool:
        """Record a nonce; False if the kiosk used it within the window (a replay).

        Not durable on its own: every request records a nonce, and a write that follows
        (the transaction it authenticates) makes it durable with the same fsync. A power cut
        can only forget the nonces of read-only requests of the last moments, whose replay
        within their 5 minutes would change nothing.
        """
        with self._write(durable=False) as db:
            db.execute("DELETE FROM nonce WHERE seen_at < ?", (now - NONCE_WINDOW_SECONDS,))
            cursor = db.execute(
                "INSERT OR IGNORE INTO nonce (kiosk_id, nonce, seen_at) VALUES (?, ?, ?)",
                (kiosk_id, nonce, now),
            )
            return cursor.rowcount == 1

    def create_transaction(self, new: NewTransaction) -> Written:
        """Store a transaction once per (kiosk, key); a repeat gets the first answer."""
        with self._write() as db:
            row = db.execute(
                "SELECT request, answer FROM transactions"
                " WHERE kiosk_id = ? AND idempotency_key = ?",
                (new.kiosk_id, new.idempotency_key),
            ).fetchone()
            if row is not None:
                if row[0] != new.request:
                    return Written(Outcome.KEY_REUSE, None)
                return Written(Outcome.REPLAYED, json.loads(row[1]))
            taken = db.execute(
                "SELECT 1 FROM transactions WHERE reference = ?", (new.reference,)
            ).fetchone()
            if taken is not None:
                return Written(Outcome.REFERENCE_CONFLICT, None)
            db.execute(
                "INSERT INTO transactions (kiosk_id, idempotency_key, reference, service,"
                " created_at, received_at, request, answer, status, updated_at)"
                " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (
                    new.kiosk_id,
                    new.idempotency_key,
                    new.reference,
                    new.service,
                    new.created_at,
                    new.received_at,
                    new.request,
                    json.dumps(new.answer),
                    TransactionState.RECEIVED.value,
                    new.received_at,
                ),
            )
            return Written(Outcome.CREATED, new.answer)

    def get_transaction(self, reference: str) -> TransactionRecord | None:
        """The transaction with this reference, from any kiosk."""
        with self._lock:
            row = self._db.execute(
                "SELECT service, status, created_at, updated_at, request, kiosk_id, receipt"
                " FROM transactions WHERE reference = ?",
                (reference,),
            ).fetchone()
        if row is None:
            return None
        service, status, created_at, updated_at, request, kiosk_id, receipt = row
        identity = json.loads(request).get("identity")
        return TransactionRecord(
            reference,
            service,
            TransactionState(status),
            created_at,
            updated_at,
            identity,
            kiosk_id,
            ReceiptOutcome(receipt),
        )

    def report_receipt(
        self, kiosk_id: str, idempotency_key: str, reference: str, request: str, now: str
    ) -> ReceiptReported:
        """Move the receipt outcome of the kiosk's own transaction forward, once per key.

        A report of an earlier outcome than the stored one changes nothing. The answer's
        ``receipt`` is None when ``reference`` is not a transaction of ``kiosk_id`` (the
        caller answers 404, as for an unknown reference).
        """
        outcome = ReceiptOutcome(json.loads(request)["outcome"])
        with self._write() as db:
            seen = db.execute(
                "SELECT request FROM receipt_report WHERE kiosk_id = ? AND idempotency_key = ?",
                (kiosk_id, idempotency_key),
            ).fetchone()
            if seen is not None and seen[0] != canonical_report(reference, request):
                return ReceiptReported(Outcome.KEY_REUSE)
            row = db.execute(
                "SELECT receipt, COALESCE(receipt_updated_at, received_at) FROM transactions"
                " WHERE reference = ? AND kiosk_id = ?",
                (reference, kiosk_id),
            ).fetchone()
            if row is None:
                return ReceiptReported(Outcome.CREATED)
            stored, updated_at = ReceiptOutcome(row[0]), row[1]
            if seen is None:
                db.execute(
                    "INSERT INTO receipt_report (kiosk_id, idempotency_key, request)"
                    " VALUES (?, ?, ?)",
                    (kiosk_id, idempotency_key, canonical_report(reference, request)),
                )
                if outcome.rank > stored.rank:
                    stored, updated_at = outcome, now
                    db.execute(
                        "UPDATE transactions SET receipt = ?, receipt_updated_at = ?"
                        " WHERE reference = ?",
                        (stored.value, now, reference),
                    )
            return ReceiptReported(
                Outcome.REPLAYED if seen is not None else Outcome.CREATED, stored, updated_at
            )

    def set_status(self, reference: str, state: TransactionState, updated_at: str) -> bool:
        """Move a transaction along; False if there is none with this reference."""
        with self._write() as db:
            cursor = db.execute(
                "UPDATE transactions SET status = ?, updated_at = ? WHERE reference = ?",
                (state.value, updated_at, reference),
            )
            return cursor.rowcount == 1

    def list_transactions(
        self, kiosk_id: str | None, after_seq: int, limit: int
    ) -> list[ListedTransaction]:
        """Transactions in receipt order after ``after_seq``.

        Args:
            kiosk_id: Whose transactions; every kiosk's when None (the export).
            after_seq: The ``seq`` of the last row already seen, 0 for the start.
            limit: At most this many rows; a negative limit means all of them.

        """
        query = (
            "SELECT seq, kiosk_id, idempotency_key, reference, service, created_at, received_at,"
            " receipt FROM transactions WHERE seq > ? AND (? IS NULL OR kiosk_id = ?)"
            " ORDER BY seq LIMIT ?"
        )
        with self._lock:
            rows = self._db.execute(query, (after_seq, kiosk_id, kiosk_id, limit)).fetchall()
        return [ListedTransaction(*row[:-1], ReceiptOutcome(row[-1])) for row in rows]

    def save_heartbeat(self, kiosk_id: str, received_at: str, body: dict[str, Any]) -> None:
        """Keep the kiosk's latest heartbeat, replacing the one before."""
        with self._write() as db:
            db.execute(
                "INSERT INTO heartbeat (kiosk_id, received_at, body) VALUES (?, ?, ?)"
                " ON CONFLICT (kiosk_id) DO UPDATE SET"
                " received_at = excluded.received_at, body = excluded.body",
                (kiosk_id, received_at, json.dumps(body)),
            )

    def issue_ticket(
        self,
        kiosk_id: str,
        idempotency_key: str,
        request: str,
        counter: str,
        day: str,
        issued_at: str,
    ) -> Written:
        """The counter's next number of ``day``, once per (kiosk, key)."""
        with self._write() as db:
            row = db.execute(
                "SELECT request, answer FROM queue_ticket"
                " WHERE kiosk_id = ? AND idempotency_key = ?",
                (kiosk_id, idempotency_key),
            ).fetchone()
            if row is not None:
                if row[0] != request:
                    return Written(Outcome.KEY_REUSE, None)
                return Written(Outcome.REPLAYED, json.loads(row[1]))
            (sequence,) = db.execute(
                "INSERT INTO queue_sequence (day, counter, last_number) VALUES (?, ?, 1)"
                " ON CONFLICT (day, counter) DO UPDATE SET last_number = last_number + 1"
                " RETURNING last_number",
                (day, counter),
            ).fetchone()
            number = (sequence - 1) % 999 + 1
            answer = {
                "number": f"{counter}{number:03d}",
                "counter": counter,
                "issued_at": issued_at,
            }
            db.execute(
                "INSERT INTO queue_ticket (kiosk_id, idempotency_key, request, answer)"
                " VALUES (?, ?, ?, ?)",
                (kiosk_id, idempotency_key, request, json.dumps(answer)),
            )
            return Written(Outcome.CREATED, answer)

    def add_card(self, card: Card) -> None:
        """Register a card, replacing an earlier registration of the same UID."""
        with self._write() as db:
            db.execute(
                "INSERT INTO card (uid, nik, name, pin_hash) VALUES (?, ?, ?, ?)"
                " ON CONFLICT (uid) DO UPDATE SET"
                " nik = excluded.nik, name = excluded.name, pin_hash = excluded.pin_hash",
                (card.uid, card.nik, card.name, card.pin_hash),
            )
            db.execute("DELETE FROM card_failure WHERE uid = ?", (card.uid,))

    def get_card(self, uid: str) -> Card | None:
        """The card registered under this UID."""
        with self._lock:
            row = self._db.execute(
                "SELECT uid, nik, name, pin_hash FROM card WHERE uid = ?", (uid,)
            ).fetchone()
        return None if row is None else Card(*row)

    def add_preregistration(self, preregistration: Preregistration) -> None:
        """Store a pre-registration, replacing an earlier one with the same token."""
        with self._write() as db:
            db.execute(
                "INSERT INTO preregistration (token, service, nik, name) VALUES (?, ?, ?, ?)"
                " ON CONFLICT (token) DO UPDATE SET"
                " service = excluded.service, nik = excluded.nik, name = excluded.name",
                (
                    preregistration.token,
                    preregistration.service,
                    preregistration.nik,
                    preregistration.name,
                ),
            )

    def get_preregistration(self, token: str) -> Preregistration | None:
        """The pre-registration with this token."""
        with self._lock:
            row = self._db.execute(
                "SELECT token, service, nik, name FROM preregistration WHERE token = ?", (token,)
            ).fetchone()
        return None if row is None else Preregistration(*row)

    def card_failures_since(self, uid: str, since: float) -> list[float]:
        """When this card's recent wrong confirmations happened, oldest first."""
        with self._lock:
            rows = self._db.execute(
                "SELECT at FROM card_failure WHERE uid = ? AND at >= ? ORDER BY at",
                (uid, since),
            ).fetchall()
        return [at for (at,) in rows]

    def add_card_failure(self, uid: str, at: float, forget_before: float) -> None:
        """Count one wrong confirmation, dropping those too old to matter."""
        with self._write() as db:
            db.execute("DELETE FROM card_failure WHERE uid = ? AND at < ?", (uid, forget_before))
            db.execute("INSERT INTO card_failure (uid, at) VALUES (?, ?)", (uid, at))

    def clear_card_failures(self, uid: str) -> None:
        """Forget the wrong confirmations once the citizen got it right."""
        with self._write() as db:
            db.execute("DELETE FROM card_failure WHERE uid = ?", (uid,))

    def add_audit_events(
        self, kiosk_id: str, events: dict[str, str], received_at: str
    ) -> list[str]:
        """Store events by id; on an id already stored with other content, store none.

        Returns:
            The ids that conflict; empty when the whole batch is stored.

        """
        with self._write() as db:
            conflicts = []
            for event_id, body in events.items():
                row = db.execute(
                    "SELECT body FROM audit_event WHERE kiosk_id = ? AND event_id = ?",
                    (kiosk_id, event_id),
                ).fetchone()
                if row is not None and row[0] != body:
                    conflicts.append(event_id)
            if conflicts:
                return conflicts
            db.executemany(
                "INSERT OR IGNORE INTO audit_event (kiosk_id, event_id, body, received_at)"
                " VALUES (?, ?, ?, ?)",
                [(kiosk_id, event_id, body, received_at) for event_id, body in events.items()],
            )
            return []
