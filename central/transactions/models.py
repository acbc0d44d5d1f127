"""Citizens' requests as central keeps them, the receipts' outcomes, and queue numbers.

A :class:`Transaction` is one request a kiosk stored: a letter request, a complaint or
report, or a queue ticket (its :attr:`~Transaction.kind`, fixed from the catalog when it
arrives). Its village is its kiosk's (``Transaction.objects.filter(kiosk__village=...)``).
Its status moves only through :meth:`Transaction.move_to`, which asks
:mod:`central.transactions.workflow`; its receipt outcome only forward, through
:meth:`TransactionManager.report_receipt`.

The form's fields and the citizen's identity are columns of their own (``fields``,
``identity_nik``, ``identity_name``) so that a retention job can empty them and set
``purged_at``; the request itself is kept only as a digest, to recognise a repeat.

Every write is safe with several worker processes: the database's unique constraints decide
(``(kiosk, idempotency_key)``, ``reference``, ``(day, counter)``), a lost race is retried
once and then answered as a repeat, and rows that change are locked
(``select_for_update``; SQLite takes its write lock at ``BEGIN IMMEDIATE`` instead).
"""

from __future__ import annotations

import datetime as dt
import enum
import re
import uuid
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from django.db import models, transaction
from django.db.models import F, Q
from django.utils import timezone

from central.contract import format_date_time, parse_date_time, request_digest
from central.registry.models import Kiosk, Village
from central.storage import retry_once_on_conflict
from central.transactions.workflow import (
    STATUS_TEXT,
    Kind,
    ReceiptOutcome,
    StatusText,
    TransactionState,
    Via,
    check_step,
)

_UNIT = re.compile(r"[A-Z]{1,3}")
_NUMBER = re.compile(r"([A-Z0-9]{1,12}-)?[A-Z]{1,3}[0-9]{3,6}")


class Outcome(enum.Enum):
    """What an idempotent write did."""

    CREATED = "created"
    REPLAYED = "replayed"
    KEY_REUSE = "key-reuse"
    REFERENCE_CONFLICT = "reference-conflict"


@dataclass(frozen=True)
class Written:
    """The result of an idempotent write: the outcome and the answer to send, if any."""

    outcome: Outcome
    answer: Mapping[str, Any] | None = None


def _choices(members: type[enum.StrEnum]) -> list[tuple[str, str]]:
    return [(member.value, member.value) for member in members]


def _one_of(field: str, members: type[enum.StrEnum]) -> Q:
    return Q(**{f"{field}__in": [member.value for member in members]})


class TransactionManager(models.Manager["Transaction"]):
    """Idempotent creation and receipt reports; see the module docstring."""

    def submit(
        self, kiosk: Kiosk, key: uuid.UUID, body: Mapping[str, Any], kind: Kind, now: dt.datetime
    ) -> Written:
        """Store a kiosk's ``TransactionCreate`` once per key; a repeat gets the first answer.

        Args:
            kiosk: The signing kiosk; the reference is in its namespace (checked before).
            key: The request's ``Idempotency-Key``.
            body: The checked request body.
            kind: The workflow the service follows, from the catalog.
            now: The server's time of receipt.

        """
        digest = request_digest(body)

        def write() -> Written:
            # One query for the key and the reference: with two, another worker's commit
            # between them would turn a repeat into a reference conflict.
            either = Q(kiosk=kiosk, idempotency_key=key) | Q(reference=body["reference"])
            stored = list(self.filter(either).order_by())
            existing = next(
                (row for row in stored if row.kiosk_id == kiosk.pk and row.idempotency_key == key),
                None,
            )
            if existing is not None:
                if existing.request_digest != digest:
                    return Written(Outcome.KEY_REUSE)
                return Written(Outcome.REPLAYED, existing.acknowledgement())
            if stored:
                return Written(Outcome.REFERENCE_CONFLICT)
            identity = body.get("identity")
            created = self.create(
                kiosk=kiosk,
                idempotency_key=key,
                reference=body["reference"],
                service=body["service"],
                kind=kind.value,
                language=body["language"],
                created_at=parse_date_time(body["created_at"]),
                created_at_sent=body["created_at"],
                received_at=now,
                updated_at=now,
                fields=body["fields"],
                identity_nik=identity["nik"] if identity else None,
                identity_name=identity["name"] if identity else None,
                request_digest=digest,
            )
            if kind is Kind.QUEUE:
                QueueEntry.enqueue(created)
            return Written(Outcome.CREATED, created.acknowledgement())

        return retry_once_on_conflict(write)

    def report_receipt(
        self,
        kiosk: Kiosk,
        reference: str,
        key: uuid.UUID,
        report: Mapping[str, Any],
        now: dt.datetime,
    ) -> Written | None:
        """Record a ``ReceiptReport`` of the issuing kiosk; None if it has no such reference.

        The outcome only moves forward (:meth:`ReceiptOutcome.advanced_by`); a report of an
        earlier outcome is stored and answered with the outcome that stands.
        """
        digest = request_digest({"reference": reference, "report": report})

        def write() -> Written | None:
            existing = (
                ReceiptReport.objects.select_related("transaction")
                .filter(kiosk=kiosk, idempotency_key=key)
                .first()
            )
            if existing is not None:
                if existing.request_digest != digest:
                    return Written(Outcome.KEY_REUSE)
                return Written(Outcome.REPLAYED, existing.answer())
            record = self.select_for_update().filter(kiosk=kiosk, reference=reference).first()
            if record is None:
                return None
            reported = ReceiptOutcome(report["outcome"])
            standing = ReceiptOutcome(record.receipt).advanced_by(reported)
            if standing.value != record.receipt:
                record.receipt = standing.value
                record.receipt_at = parse_date_time(report["at"])
                record.receipt_updated_at = now
                record.save(update_fields=["receipt", "receipt_at", "receipt_updated_at"])
            stored = ReceiptReport.objects.create(
                transaction=record,
                kiosk=kiosk,
                idempotency_key=key,
                outcome=reported.value,
                at=parse_date_time(report["at"]),
                received_at=now,
                request_digest=digest,
                standing=record.receipt,
                standing_since=record.receipt_updated_at or now,
            )
            return Written(Outcome.CREATED, stored.answer())

        return retry_once_on_conflict(write)


class Transaction(models.Model):
    """One citizen's request as a kiosk stored it; see the module docstring."""

    kiosk = models.ForeignKey(Kiosk, on_delete=models.PROTECT, related_name="transactions")
    idempotency_key = models.UUIDField()
    reference = models.CharField(max_length=64, unique=True)
    service = models.CharField(max_length=64)
    kind = models.CharField(max_length=16, choices=_choices(Kind))
    language = models.CharField(max_length=2, choices=[("id", "id"), ("en", "en")])
    created_at = models.DateTimeField(help_text="When the citizen submitted, by the kiosk's clock.")
    created_at_sent = models.CharField(
        max_length=40, help_text="created_at as the kiosk wrote it, offset included."
    )
    received_at = models.DateTimeField(db_index=True)
    status = models.CharField(
        max_length=20, choices=_choices(TransactionState), default=TransactionState.RECEIVED.value
    )
    updated_at = models.DateTimeField(help_text="When the status or message last changed.")
    message_id = models.TextField(blank=True, default="")
    message_en = models.TextField(blank=True, default="")
    receipt = models.CharField(
        max_length=10, choices=_choices(ReceiptOutcome), default=ReceiptOutcome.PENDING.value
    )
    receipt_at = models.DateTimeField(
        null=True, blank=True, help_text="When the kiosk learnt the standing outcome."
    )
    receipt_updated_at = models.DateTimeField(null=True, blank=True)
    fields = models.JSONField(default=dict, blank=True)
    identity_nik = models.CharField(max_length=16, null=True, blank=True)
    identity_name = models.CharField(max_length=128, null=True, blank=True)
    request_digest = models.CharField(max_length=64)
    purged_at = models.DateTimeField(
        null=True, blank=True, help_text="When fields and identity were erased (retention)."
    )

    objects = TransactionManager()

    class Meta:
        ordering = ["id"]
        constraints = [
            models.UniqueConstraint(
                fields=["kiosk", "idempotency_key"], name="transaction_key_once_per_kiosk"
            ),
            models.CheckConstraint(
                condition=_one_of("status", TransactionState), name="transaction_known_status"
            ),
            models.CheckConstraint(
                condition=_one_of("receipt", ReceiptOutcome), name="transaction_known_receipt"
            ),
            models.CheckConstraint(condition=_one_of("kind", Kind), name="transaction_known_kind"),
            models.CheckConstraint(
                condition=Q(identity_nik__isnull=True, identity_name__isnull=True)
                | Q(identity_nik__regex=r"^[0-9]{16}$", identity_name__isnull=False),
                name="transaction_identity_whole_or_none",
            ),
        ]
        indexes = [
            models.Index(fields=["kiosk", "id"], name="transaction_kiosk_listing"),
            models.Index(fields=["kind", "status", "receipt"], name="transaction_work_queue"),
        ]

    def __str__(self) -> str:
        """The reference."""
        return self.reference

    @property
    def village(self) -> Village | None:
        """The village of the kiosk that took the request."""
        return self.kiosk.village

    @property
    def state(self) -> TransactionState:
        """The status as the workflow's enum."""
        return TransactionState(self.status)

    @property
    def status_text(self) -> StatusText:
        """The status in words."""
        return STATUS_TEXT[self.state]

    @property
    def message(self) -> dict[str, str] | None:
        """The message for the citizen as ``LocalizedText``, or None when there is none."""
        if not self.message_id and not self.message_en:
            return None
        return {"id": self.message_id, "en": self.message_en}

    def acknowledgement(self) -> dict[str, str]:
        """The contract's ``TransactionAck``, the same for the first answer and every repeat."""
        return {
            "reference": self.reference,
            "status": TransactionState.RECEIVED.value,
            "received_at": format_date_time(self.received_at),
        }

    def move_to(
        self,
        target: TransactionState,
        *,
        via: Via,
        now: dt.datetime,
        message: Mapping[str, str] | None = None,
    ) -> None:
        """Change the status as the workflow allows; TransitionError if it does not.

        The row is locked and re-read first, so two officers acting at once cannot both
        move it from the same status.
        """
        with transaction.atomic():
            locked = Transaction.objects.select_for_update().get(pk=self.pk)
            check_step(Kind(locked.kind), locked.state, target, via)
            locked.status = target.value
            locked.updated_at = now
            if message is not None:
                locked.message_id, locked.message_en = message["id"], message["en"]
            locked.save(update_fields=["status", "updated_at", "message_id", "message_en"])
        self.refresh_from_db()


class ReceiptReport(models.Model):
    """One ``POST /v1/transactions/{reference}/receipt``, kept for its idempotency key.

    ``standing`` and ``standing_since`` are the outcome that stood after it, which its answer
    (and the answer to a repeat of its key) reports. The reports of a transaction are also
    the history of its receipt (a failed print, then a reprint).
    """

    transaction = models.ForeignKey(
        Transaction, on_delete=models.CASCADE, related_name="receipt_reports"
    )
    kiosk = models.ForeignKey(Kiosk, on_delete=models.PROTECT, related_name="receipt_reports")
    idempotency_key = models.UUIDField()
    outcome = models.CharField(max_length=10, choices=_choices(ReceiptOutcome))
    at = models.DateTimeField(help_text="When the kiosk learnt this outcome.")
    received_at = models.DateTimeField()
    request_digest = models.CharField(max_length=64)
    standing = models.CharField(max_length=10, choices=_choices(ReceiptOutcome))
    standing_since = models.DateTimeField()

    class Meta:
        ordering = ["id"]
        constraints = [
            models.UniqueConstraint(
                fields=["kiosk", "idempotency_key"], name="receipt_report_key_once_per_kiosk"
            ),
            models.CheckConstraint(
                condition=_one_of("outcome", ReceiptOutcome) & ~Q(outcome="pending"),
                name="receipt_report_known_outcome",
            ),
        ]

    def __str__(self) -> str:
        """``12: printed``."""
        return f"{self.transaction_id}: {self.outcome}"

    def answer(self) -> dict[str, str]:
        """The contract's ``ReceiptState`` after this report, the same for every repeat."""
        return {
            "reference": self.transaction.reference,
            "receipt": self.standing,
            "updated_at": format_date_time(self.standing_since),
        }


class QueueSequence(models.Model):
    """The last number a counter gave out on one (server-local) day."""

    day = models.DateField()
    counter = models.CharField(max_length=3)
    last_number = models.PositiveIntegerField()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["day", "counter"], name="queue_sequence_per_day")
        ]

    def __str__(self) -> str:
        """``2025-01-01 A: 42``."""
        return f"{self.day} {self.counter}: {self.last_number}"

    @classmethod
    def take(cls, day: dt.date, counter: str) -> int:
        """The counter's next number of ``day``, in the caller's transaction.

        The ``UPDATE`` locks the row until the caller commits, so two workers never get the
        same number; the first number of a day is an insert, whose race the unique
        constraint settles (see :func:`central.storage.retry_once_on_conflict`).
        """
        rows = cls.objects.filter(day=day, counter=counter)
        if not rows.update(last_number=F("last_number") + 1):
            cls.objects.create(day=day, counter=counter, last_number=1)
        return rows.get().last_number


class QueueTicket(models.Model):
    """A number central gave a kiosk (``POST /v1/queue/{counter}/tickets``), once per key.

    The ticket a citizen holds is the kiosk's queue-ticket :class:`Transaction` that
    follows, whose ``fields`` carry the counter and this number and whose ``receipt`` says
    whether the citizen got it.
    """

    kiosk = models.ForeignKey(Kiosk, on_delete=models.PROTECT, related_name="queue_tickets")
    idempotency_key = models.UUIDField()
    counter = models.CharField(max_length=3)
    day = models.DateField()
    number = models.CharField(max_length=6)
    issued_at = models.DateTimeField()
    request_digest = models.CharField(max_length=64)
    ahead = models.PositiveIntegerField(default=0, help_text="Tickets waiting before it at issue.")
    expected_wait_minutes = models.PositiveIntegerField(
        null=True, blank=True, help_text="The expected wait at issue; null with no time to go by."
    )

    class Meta:
        ordering = ["id"]
        constraints = [
            models.UniqueConstraint(
                fields=["kiosk", "idempotency_key"], name="queue_ticket_key_once_per_kiosk"
            )
        ]

    def __str__(self) -> str:
        """The number."""
        return self.number

    def answer(self) -> dict[str, Any]:
        """The contract's ``QueueTicket``, with the place it had at issue."""
        return {
            "number": self.number,
            "counter": self.counter,
            "issued_at": format_date_time(self.issued_at),
            "ahead": self.ahead,
            "expected_wait_minutes": self.expected_wait_minutes,
        }

    @classmethod
    def issue(
        cls,
        kiosk: Kiosk,
        key: uuid.UUID,
        counter: str,
        body: Mapping[str, Any],
        day: dt.date,
        now: dt.datetime,
        place: Callable[[], tuple[int, int | None]],
    ) -> Written:
        """The counter's next number (``A001`` to ``A999``, then again), once per key.

        ``place`` counts, inside the same transaction, how many wait before the new number
        and how long that may take; both are kept, so a repeat answers them as at issue.
        """
        digest = request_digest({"counter": counter, "body": body})

        def write() -> Written:
            existing = cls.objects.filter(kiosk=kiosk, idempotency_key=key).first()
            if existing is not None:
                if existing.request_digest != digest:
                    return Written(Outcome.KEY_REUSE)
                return Written(Outcome.REPLAYED, existing.answer())
            sequence = QueueSequence.take(day, counter)
            ahead, expected = place()
            ticket = cls.objects.create(
                kiosk=kiosk,
                idempotency_key=key,
                counter=counter,
                day=day,
                number=f"{counter}{(sequence - 1) % 999 + 1:03d}",
                issued_at=now,
                request_digest=digest,
                ahead=ahead,
                expected_wait_minutes=expected,
            )
            return Written(Outcome.CREATED, ticket.answer())

        return retry_once_on_conflict(write)


class QueueEntry(models.Model):
    """A queue ticket's place in the hall: the unit it waits for, since when, who called it.

    One per queue-ticket :class:`Transaction` (its status says whether it waits, was
    called, skipped, served or expired); it waits only while its receipt is ``printed`` or
    ``failed`` (shown on screen). Tickets of a unit wait in the order of ``queued_at``:
    central's time for a number it gave (``ticket``), the kiosk's ``created_at`` for one the
    kiosk numbered offline. A transfer changes ``unit`` and keeps ``queued_at``.
    """

    transaction = models.OneToOneField(
        Transaction, on_delete=models.CASCADE, related_name="queue_entry"
    )
    ticket = models.OneToOneField(
        QueueTicket, on_delete=models.SET_NULL, null=True, blank=True, related_name="entry"
    )
    number = models.CharField(max_length=20)
    unit = models.CharField(max_length=3, help_text="The counter code it waits for now.")
    day = models.DateField(help_text="The regency's local day it waits on.")
    queued_at = models.DateTimeField()
    desk = models.PositiveSmallIntegerField(
        default=0, help_text="The desk that called it; 0: none."
    )
    called_at = models.DateTimeField(null=True, blank=True)
    calls = models.PositiveSmallIntegerField(default=0)
    finished_at = models.DateTimeField(null=True, blank=True)
    served_seconds = models.FloatField(
        null=True, blank=True, help_text="From the last call to done: one service time."
    )

    class Meta:
        ordering = ["queued_at", "id"]
        indexes = [
            models.Index(fields=["unit", "day", "queued_at"], name="queue_entry_line"),
            models.Index(fields=["unit", "finished_at"], name="queue_entry_served"),
        ]

    @classmethod
    def enqueue(cls, record: Transaction) -> QueueEntry | None:
        """Give a new queue ticket its place; None when its fields name no counter.

        A number central gave (the same kiosk and key asked for it) is queued from its
        issue; a kiosk's own (``fields.number``, else the reference's series and number)
        from the ticket's ``created_at``.
        """
        ticket = QueueTicket.objects.filter(
            kiosk_id=record.kiosk_id, idempotency_key=record.idempotency_key
        ).first()
        if ticket is not None:
            return cls.objects.create(
                transaction=record,
                ticket=ticket,
                number=ticket.number,
                unit=ticket.counter,
                day=ticket.day,
                queued_at=ticket.issued_at,
            )
        counter = record.fields.get("counter")
        if not (isinstance(counter, str) and _UNIT.fullmatch(counter)):
            return None
        number = record.fields.get("number")
        if not (isinstance(number, str) and _NUMBER.fullmatch(number)):
            number = "-".join(record.reference.rsplit("-", 2)[1:])
        return cls.objects.create(
            transaction=record,
            number=number[:20],
            unit=counter,
            day=timezone.localdate(record.created_at),
            queued_at=record.created_at,
        )

    def __str__(self) -> str:
        """``A007 (A)``."""
        return f"{self.number} ({self.unit})"


class QueueCall(models.Model):
    """One call of a ticket to a desk, as the hall display shows and speaks it.

    The ids are the display's cursor: a display asks for the calls after the last it saw.
    """

    entry = models.ForeignKey(QueueEntry, on_delete=models.CASCADE, related_name="hall_calls")
    number = models.CharField(max_length=20)
    unit = models.CharField(max_length=3)
    desk = models.PositiveSmallIntegerField()
    at = models.DateTimeField(db_index=True)
    repeat = models.BooleanField(default=False)

    class Meta:
        ordering = ["id"]
        indexes = [models.Index(fields=["unit", "at"], name="queue_call_recent")]

    def __str__(self) -> str:
        """``A007 to desk 3``."""
        return f"{self.number} to desk {self.desk}"
