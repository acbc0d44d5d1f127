"""Queue numbers the kiosk issues itself, and the record of which of them printed.

Numbers restart every local day and carry the kiosk's prefix so two kiosks never hand
out the same one. The store is SQLite in WAL mode with ``synchronous=FULL``: a number
handed to a citizen survives a power cut, and the same idempotency key never gets a
second number.
"""

from __future__ import annotations

import datetime as dt
import logging
import sqlite3
import threading
from dataclasses import dataclass
from pathlib import Path

from kiosk.clock import Clock

log = logging.getLogger("kiosk.tickets")

_SCHEMA = """
CREATE TABLE IF NOT EXISTS queue_sequence (
    day TEXT NOT NULL,
    counter TEXT NOT NULL,
    last_number INTEGER NOT NULL,
    PRIMARY KEY (day, counter)
);
CREATE TABLE IF NOT EXISTS queue_ticket (
    idempotency_key TEXT PRIMARY KEY,
    number TEXT NOT NULL,
    counter TEXT NOT NULL,
    issued_at TEXT NOT NULL,
    print_state TEXT NOT NULL DEFAULT 'pending',
    print_detail TEXT NOT NULL DEFAULT ''
);
"""


@dataclass(frozen=True)
class QueueTicket:
    """One issued number; ``printed`` is true once the printer confirmed the receipt."""

    idempotency_key: str
    number: str
    counter: str
    issued_at: dt.datetime
    printed: bool


class TicketStore:
    """Issues local queue numbers; safe to call from any thread."""

    def __init__(self, path: Path, prefix: str, clock: Clock) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        self._prefix = prefix
        self._clock = clock
        self._lock = threading.Lock()
        self._db = sqlite3.connect(path, check_same_thread=False, isolation_level=None)
        self._db.execute("PRAGMA journal_mode=WAL")
        self._db.execute("PRAGMA synchronous=FULL")
        self._db.executescript(_SCHEMA)
        log.info("Ticket store at %s", path)

    def issue(self, idempotency_key: str, counter: str) -> QueueTicket:
        """The ticket for this key, issuing the counter's next number if it has none yet."""
        with self._lock:
            existing = self._get(idempotency_key)
            if existing is not None:
                return existing
            issued_at = self._clock.now()
            day = issued_at.date().isoformat()
            self._db.execute("BEGIN IMMEDIATE")
            try:
                (sequence,) = self._db.execute(
                    "INSERT INTO queue_sequence (day, counter, last_number) VALUES (?, ?, 1) "
                    "ON CONFLICT (day, counter) DO UPDATE SET last_number = last_number + 1 "
                    "RETURNING last_number",
                    (day, counter),
                ).fetchone()
                number = f"{self._prefix}-{counter}{sequence:03d}"
                self._db.execute(
                    "INSERT INTO queue_ticket (idempotency_key, number, counter, issued_at) "
                    "VALUES (?, ?, ?, ?)",
                    (idempotency_key, number, counter, issued_at.isoformat()),
                )
                self._db.execute("COMMIT")
            except BaseException:
                self._db.execute("ROLLBACK")
                raise
            log.info("Issued queue number %s", number)
            return QueueTicket(idempotency_key, number, counter, issued_at, printed=False)

    def mark_printed(self, idempotency_key: str, ok: bool, detail: str = "") -> None:
        """Record the printer's answer; a failed print stays pending for a reprint."""
        with self._lock:
            self._db.execute(
                "UPDATE queue_ticket SET print_state = ?, print_detail = ? "
                "WHERE idempotency_key = ?",
                ("printed" if ok else "pending", detail, idempotency_key),
            )

    def pending_print(self) -> list[QueueTicket]:
        """Tickets whose receipt has not printed yet, oldest first."""
        with self._lock:
            rows = self._db.execute(
                "SELECT idempotency_key FROM queue_ticket WHERE print_state = 'pending' "
                "ORDER BY issued_at"
            ).fetchall()
            return [ticket for (key,) in rows if (ticket := self._get(key)) is not None]

    def get(self, idempotency_key: str) -> QueueTicket | None:
        """The ticket issued for this key, if any."""
        with self._lock:
            return self._get(idempotency_key)

    def close(self) -> None:
        """Close the database; further calls fail."""
        with self._lock:
            self._db.close()

    def _get(self, idempotency_key: str) -> QueueTicket | None:
        row = self._db.execute(
            "SELECT number, counter, issued_at, print_state FROM queue_ticket "
            "WHERE idempotency_key = ?",
            (idempotency_key,),
        ).fetchone()
        if row is None:
            return None
        number, counter, issued_at, state = row
        return QueueTicket(
            idempotency_key,
            number,
            counter,
            dt.datetime.fromisoformat(issued_at),
            state == "printed",
        )
