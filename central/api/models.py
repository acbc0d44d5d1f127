"""State of the kiosk protocol itself: used nonces, and lookups of unknown references.

Both expire by time through an index on it: a sweep deletes only the expired rows, so it
never scans a table that grows with traffic.
"""

from __future__ import annotations

import datetime as dt
import math

from django.db import IntegrityError, connection, models

from central.registry.models import Kiosk
from central.storage import relaxed_durability

#: How long a nonce stays used (the contract's "Signing", step 5).
NONCE_WINDOW = dt.timedelta(minutes=10)
#: Unknown-reference lookups a kiosk may make within MISS_WINDOW before it gets 429.
MISS_LIMIT = 30
MISS_WINDOW = dt.timedelta(minutes=10)


class Nonce(models.Model):
    """A nonce a kiosk used, kept for :data:`NONCE_WINDOW` to refuse replays."""

    kiosk = models.ForeignKey(Kiosk, on_delete=models.CASCADE, related_name="+")
    nonce = models.CharField(max_length=32)
    seen_at = models.DateTimeField(db_index=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["kiosk", "nonce"], name="nonce_once_per_kiosk")
        ]

    def __str__(self) -> str:
        """``ALM-DEMO-01 00112233...``."""
        return f"{self.kiosk_id} {self.nonce}"

    @classmethod
    def remember(cls, kiosk: Kiosk, nonce: str, now: dt.datetime) -> bool:
        """Record a nonce; False if the kiosk used it within the window (a replay).

        About one call in 256 (nonces are random hex) also sweeps the expired ones, so the
        table holds roughly the last ten minutes of requests whatever the traffic.
        """
        cutoff = now - NONCE_WINDOW
        if nonce.startswith("00"):
            cls.objects.filter(seen_at__lt=cutoff).delete()
        if connection.vendor == "postgresql" and not connection.in_atomic_block:
            inserted = cls._insert_in_one_round_trip(kiosk, nonce, now)
        else:
            try:
                with relaxed_durability():
                    cls.objects.create(kiosk=kiosk, nonce=nonce, seen_at=now)
                inserted = True
            except IntegrityError:
                inserted = False
        if inserted:
            return True
        expired = cls.objects.filter(kiosk=kiosk, nonce=nonce, seen_at__lt=cutoff)
        return expired.update(seen_at=now) == 1

    @classmethod
    def _insert_in_one_round_trip(cls, kiosk: Kiosk, nonce: str, now: dt.datetime) -> bool:
        """PostgreSQL: the insert of :func:`relaxed_durability` in one message; False if used.

        Every request of every kiosk records a nonce, so its cost is paid at every request:
        as an ORM insert in a transaction it takes four round trips (``BEGIN``, ``SET
        LOCAL``, ``INSERT``, ``COMMIT``). Sent as one query string, the statements run in
        PostgreSQL's implicit transaction for that string, where ``SET LOCAL`` holds until
        its end (psycopg binds the values on the client, as Django has it do).
        """
        table = connection.ops.quote_name(cls._meta.db_table)
        with connection.cursor() as cursor:
            cursor.execute(
                "SET LOCAL synchronous_commit TO OFF; "
                f"INSERT INTO {table} (kiosk_id, nonce, seen_at) VALUES (%s, %s, %s) "
                "ON CONFLICT (kiosk_id, nonce) DO NOTHING RETURNING id",
                [kiosk.pk, nonce, now],
            )
            cursor.nextset()
            return cursor.fetchone() is not None


class LookupMiss(models.Model):
    """A ``404`` of ``GET /v1/transactions/{reference}``, counted against the asking kiosk."""

    kiosk = models.ForeignKey(Kiosk, on_delete=models.CASCADE, related_name="+")
    at = models.DateTimeField()

    class Meta:
        indexes = [models.Index(fields=["kiosk", "at"], name="lookup_miss_recent")]

    def __str__(self) -> str:
        """``ALM-DEMO-01 at ...``."""
        return f"{self.kiosk_id} at {self.at}"

    @classmethod
    def retry_after(cls, kiosk: Kiosk, now: dt.datetime) -> int | None:
        """Seconds the kiosk must wait if it has more than MISS_LIMIT recent misses, else None.

        The wait ends when the oldest miss of the window is MISS_WINDOW old, which brings
        the count back to the limit.
        """
        recent = cls.objects.filter(kiosk=kiosk, at__gt=now - MISS_WINDOW)
        if recent.count() <= MISS_LIMIT:
            return None
        oldest: dt.datetime | None = recent.order_by("at").values_list("at", flat=True).first()
        assert oldest is not None
        return max(1, math.ceil((oldest + MISS_WINDOW - now).total_seconds()))

    @classmethod
    def record(cls, kiosk: Kiosk, now: dt.datetime) -> None:
        """Count one miss, dropping this kiosk's misses too old to matter."""
        cls.objects.filter(kiosk=kiosk, at__lte=now - MISS_WINDOW).delete()
        cls.objects.create(kiosk=kiosk, at=now)
