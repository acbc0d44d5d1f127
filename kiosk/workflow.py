"""The statuses a citizen's request goes through, and its kinds, as the contract names them.

``TransactionState`` and ``TransactionStatus.kind`` in ``central/openapi.yaml``: one
definition for the kiosk's Cek Status (``kiosk.status``, which shows the steps) and for
central's workflow (``central.transactions.workflow``, which allows them). No imports, so
the kiosk's bundle and central both carry it as it is.
"""

from __future__ import annotations

import enum


class TransactionState(enum.StrEnum):
    """Where a request is at the regency (``TransactionState`` in the contract)."""

    RECEIVED = "received"
    PROCESSING = "processing"
    VERIFIED = "verified"
    NEEDS_CORRECTION = "needs_correction"
    REJECTED = "rejected"
    SIGNED = "signed"
    READY = "ready"
    DONE = "done"
    CALLED = "called"
    SKIPPED = "skipped"
    EXPIRED = "expired"


class Kind(enum.StrEnum):
    """Which workflow a request follows; central decides it from the catalog when it arrives."""

    LETTER = "letter"
    REQUEST = "request"
    QUEUE = "queue"
