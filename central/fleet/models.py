"""Each kiosk's last heartbeat, and the audit events kiosks send.

Heartbeats replace one another (one row per kiosk); the fleet view of the back office reads
them, and the outbox depths of the last hour (:class:`OutboxSample`), which tell a backlog
that keeps growing from one that drains. Audit events are kept by id, once per kiosk, each
as the kiosk sent it (its canonical JSON, which also tells a resend from an id reused with
other content) with its time, actor and action in columns of their own for the back office.
"""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Mapping
from typing import Any

from django.db import models

from central.contract import canonical_json, parse_date_time
from central.registry.models import Kiosk
from central.storage import retry_once_on_conflict

#: How far back the outbox depths go: enough to see a backlog grow over several heartbeats.
SAMPLES_KEPT = dt.timedelta(hours=1)
#: The largest outbox depth a sample holds (PostgreSQL's integer).
MAX_DEPTH = 2**31 - 1


class Heartbeat(models.Model):
    """The last ``POST /v1/heartbeat`` of a kiosk."""

    kiosk = models.OneToOneField(
        Kiosk, on_delete=models.CASCADE, primary_key=True, related_name="heartbeat"
    )
    received_at = models.DateTimeField()
    kiosk_time = models.DateTimeField()
    version = models.CharField(max_length=64)
    body = models.JSONField()

    def __str__(self) -> str:
        """``ALM-DEMO-01 at ...``."""
        return f"{self.kiosk_id} at {self.received_at}"

    @classmethod
    def record(cls, kiosk: Kiosk, body: Mapping[str, Any], now: dt.datetime) -> None:
        """Replace the kiosk's heartbeat; the first of two racing workers wins the insert."""
        values = {
            "received_at": now,
            "kiosk_time": parse_date_time(body["kiosk_time"]),
            "version": body["version"],
            "body": dict(body),
        }

        def write() -> None:
            if not cls.objects.filter(kiosk=kiosk).update(**values):
                cls.objects.create(kiosk=kiosk, **values)

        retry_once_on_conflict(write)
        OutboxSample.record(kiosk, body["outbox"], now)


class OutboxSample(models.Model):
    """A kiosk's outbox depth at one heartbeat; only the last :data:`SAMPLES_KEPT` are kept."""

    kiosk = models.ForeignKey(Kiosk, on_delete=models.CASCADE, related_name="outbox_samples")
    at = models.DateTimeField()
    pending = models.PositiveIntegerField()
    dead = models.PositiveIntegerField()

    class Meta:
        ordering = ["kiosk_id", "at"]
        indexes = [models.Index(fields=["kiosk", "at"], name="outbox_sample_kiosk_time")]

    def __str__(self) -> str:
        """``ALM-DEMO-01 at ...: 3 pending``."""
        return f"{self.kiosk_id} at {self.at}: {self.pending} pending"

    @classmethod
    def record(cls, kiosk: Kiosk, outbox: Mapping[str, int], now: dt.datetime) -> None:
        """Add this heartbeat's depths and forget those older than :data:`SAMPLES_KEPT`.

        The contract puts no bound on the counts; a column has one, so a depth beyond it (no
        kiosk holds two billion requests) is kept as the largest the column holds.
        """
        cls.objects.create(
            kiosk=kiosk,
            at=now,
            pending=min(outbox["pending"], MAX_DEPTH),
            dead=min(outbox["dead"], MAX_DEPTH),
        )
        cls.objects.filter(kiosk=kiosk, at__lt=now - SAMPLES_KEPT).delete()


class AuditEvent(models.Model):
    """One audit event of a kiosk (maintenance logins, settings changes, reprints)."""

    kiosk = models.ForeignKey(Kiosk, on_delete=models.CASCADE, related_name="audit_events")
    event_id = models.UUIDField()
    at = models.DateTimeField()
    actor = models.CharField(max_length=64)
    action = models.CharField(max_length=64)
    body = models.TextField(help_text="The event as the kiosk sent it, canonical JSON.")
    received_at = models.DateTimeField()

    class Meta:
        ordering = ["id"]
        constraints = [
            models.UniqueConstraint(fields=["kiosk", "event_id"], name="audit_event_once_per_kiosk")
        ]
        indexes = [models.Index(fields=["kiosk", "at"], name="audit_event_kiosk_time")]

    def __str__(self) -> str:
        """``ALM-DEMO-01 maintenance.login``."""
        return f"{self.kiosk_id} {self.action}"

    @classmethod
    def store_batch(
        cls, kiosk: Kiosk, events: list[Mapping[str, Any]], now: dt.datetime
    ) -> uuid.UUID | None:
        """Store every new event of a batch; the id of one resent with other content, if any.

        All or nothing: on a conflict nothing of the batch is stored. Events must have
        distinct ids (the caller checks the batch itself).
        """
        by_id = {uuid.UUID(event["id"]): event for event in events}
        bodies = {
            event_id: canonical_json({**event, "id": str(event_id)})
            for event_id, event in by_id.items()
        }

        def write() -> uuid.UUID | None:
            stored: dict[uuid.UUID, str] = dict(
                AuditEvent.objects.filter(kiosk=kiosk, event_id__in=list(by_id)).values_list(
                    "event_id", "body"
                )
            )
            for event_id, body in stored.items():
                if body != bodies[event_id]:
                    return event_id
            AuditEvent.objects.bulk_create(
                AuditEvent(
                    kiosk=kiosk,
                    event_id=event_id,
                    at=parse_date_time(event["at"]),
                    actor=event["actor"],
                    action=event["action"],
                    body=bodies[event_id],
                    received_at=now,
                )
                for event_id, event in by_id.items()
                if event_id not in stored
            )
            return None

        return retry_once_on_conflict(write)
