"""The technician audit trail: who did what in maintenance mode, and when.

Each event is committed to the journal's outbox (kind ``audit``) before the action's
result is shown, so it survives a power cut and reaches central's ``POST /v1/audit-events``
with the same backoff and dead-letter rules as a citizen's request. Details never hold an
unmasked NIK: every text in them is masked before it is stored or logged.
"""

from __future__ import annotations

import enum
import json
import logging
import uuid
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from kiosk.clock import Clock
from kiosk.identity import mask_nik_like_runs
from kiosk.journal import Journal

log = logging.getLogger("kiosk.audit")

MAX_DETAIL_TEXT = 200
MAX_NAME = 64

DetailValue = str | int | float | bool


class Actor(enum.Enum):
    """Who an event is attributed to besides the PIN roles (``kiosk.security.Role``)."""

    UNKNOWN = "unknown"
    SYSTEM = "system"


class AuditAction(enum.Enum):
    """Everything a technician can do that central should hear about."""

    PROMPT_OPENED = "maintenance.prompt_opened"
    LOGIN = "maintenance.login"
    LOGIN_FAILED = "maintenance.login_failed"
    LOGIN_LOCKED = "maintenance.login_locked"
    LOGOUT = "maintenance.logout"
    TEST_PRINT = "printer.test_receipt"
    TEST_CARD = "card_reader.test_read"
    TEST_SCAN = "scanner.test_scan"
    DOCUMENT_JOB_CANCEL = "document_printer.cancel_job"
    OUTBOX_RETRY = "outbox.retry_dead"
    OUTBOX_EXPORT = "outbox.export"
    REPRINT = "receipt.reprint"
    LETTER_PRINT = "letter.print"
    LETTER_EXTRA_COPY = "letter.extra_copy"
    CONFIG_CHANGE = "config.change"
    PIN_CHANGE = "security.pin_change"
    CATALOG_RELOAD = "catalog.reload"
    RESTART = "kiosk.restart"
    EXIT_TO_DESKTOP = "kiosk.exit_to_desktop"


@dataclass(frozen=True)
class AuditEvent:
    """One event exactly as central's ``AuditEvent`` schema wants it."""

    id: str
    at: str
    actor: str
    action: AuditAction
    detail: Mapping[str, DetailValue] = field(default_factory=dict)

    def as_json(self) -> dict[str, Any]:
        """The event as the contract's JSON object."""
        return {
            "id": self.id,
            "at": self.at,
            "actor": self.actor,
            "action": self.action.value,
            "detail": dict(self.detail),
        }


def masked_detail(detail: Mapping[str, DetailValue]) -> dict[str, DetailValue]:
    """Every text masked (NIK-like digit runs) and shortened; numbers and booleans as they are."""
    clean: dict[str, DetailValue] = {}
    for key, value in detail.items():
        name = mask_nik_like_runs(str(key))[:MAX_NAME]
        if isinstance(value, str):
            clean[name] = mask_nik_like_runs(value)[:MAX_DETAIL_TEXT]
        else:
            clean[name] = value
    return clean


class AuditLog:
    """Records audit events durably in the journal's outbox; the sync worker delivers them."""

    def __init__(self, journal: Journal, clock: Clock) -> None:
        self._journal = journal
        self._clock = clock

    def record(self, actor: str, action: AuditAction, **detail: DetailValue) -> AuditEvent:
        """Commit one event (masked) and log it; returns what was stored."""
        event = AuditEvent(
            id=str(uuid.uuid4()),
            at=self._clock.now().isoformat(),
            actor=mask_nik_like_runs(actor)[:MAX_NAME] or Actor.UNKNOWN.value,
            action=action,
            detail=masked_detail(detail),
        )
        body = json.dumps({"events": [event.as_json()]}, sort_keys=True).encode("utf-8")
        self._journal.record_audit(event.id, body)
        log.info("Audit %s by %s %s", action.value, event.actor, dict(event.detail))
        return event
