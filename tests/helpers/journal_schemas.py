"""The journal's tables as older kiosks wrote them, for the migration tests."""

from __future__ import annotations

_OUTBOX_V1_COLUMNS = """
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
    response TEXT"""

#: Version 1: the outbox alone, every row a transaction.
OUTBOX_V1 = f"CREATE TABLE outbox ({_OUTBOX_V1_COLUMNS}\n);"

#: Version 2: audit rows in the outbox (``kind``); a receipt was printed or pending.
SCHEMA_V2 = f"""
CREATE TABLE journal (
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
CREATE TABLE outbox ({_OUTBOX_V1_COLUMNS},
    kind TEXT NOT NULL DEFAULT 'transaction' CHECK (kind IN ('transaction', 'audit'))
);
CREATE INDEX outbox_due ON outbox (state, next_attempt_at);
CREATE INDEX outbox_pending ON outbox (id) WHERE state = 'pending';
"""
