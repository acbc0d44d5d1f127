"""The queue of a Mal Pelayanan Publik's hall: who waits, how many are ahead, the counters' calls.

One place for the rules the kiosk API, the counter page and the hall display share
(contract, "Queue tickets"):

- a ticket **waits** while its status is ``received`` and its receipt ``printed`` or
  ``failed`` (the number was shown on screen); ``pending`` and ``unknown`` ones are never
  called by "next";
- tickets of a unit wait in the order of :attr:`QueueEntry.queued_at` on their local day,
  until called or until the unit closes (:func:`expire_closed`);
- the **expected wait** is ``ahead`` times the unit's mean service time over its last
  :data:`SERVED_SAMPLE` served tickets of the past week, divided by the desks that called
  one of its tickets in the last :data:`ACTIVE_DESKS_WINDOW`; the catalog's
  ``service_minutes`` stands in while nobody was served.

Every change of a ticket goes through :meth:`Transaction.move_to` (the workflow's steps,
the row locked) and leaves a :class:`QueueCall` when a desk calls, which is what the
display shows.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from django.db import connection, transaction
from django.db.models import Count, Q, QuerySet
from django.utils import timezone

from central.catalog import Catalog, CounterRule
from central.transactions.models import QueueCall, QueueEntry, QueueTicket, Transaction
from central.transactions.workflow import Kind, ReceiptOutcome, TransactionState, Via

log = logging.getLogger("central.hall")

#: Receipts that let a ticket wait: printed, or the number shown on screen.
SHOWN = (ReceiptOutcome.PRINTED.value, ReceiptOutcome.FAILED.value)
#: A number given this recently whose receipt is still printing counts as ahead at issue.
PRINTING_WINDOW = dt.timedelta(minutes=2)
SERVED_SAMPLE = 20
SERVED_WINDOW = dt.timedelta(days=7)
ACTIVE_DESKS_WINDOW = dt.timedelta(minutes=30)
#: Statuses a unit's closing expires.
_OPEN = (TransactionState.RECEIVED.value, TransactionState.SKIPPED.value)


class HallError(Exception):
    """A counter action that cannot be done now; the message is for staff, in Bahasa Indonesia."""


@dataclass(frozen=True)
class Place:
    """Where a waiting ticket stands: how many before it and the expected wait in minutes."""

    ahead: int
    expected_wait_minutes: int | None


def waiting(unit: str, day: dt.date) -> QuerySet[QueueEntry]:
    """The unit's waiting tickets of ``day``, first in line first."""
    return QueueEntry.objects.filter(
        unit=unit,
        day=day,
        transaction__status=TransactionState.RECEIVED.value,
        transaction__receipt__in=SHOWN,
    ).order_by("queued_at", "id")


def expected_wait(unit: str, ahead: int, rule: CounterRule, now: dt.datetime) -> int | None:
    """Minutes for ``ahead`` tickets of ``unit``; None with no service time to go by."""
    recent = (
        QueueEntry.objects.filter(
            unit=unit, finished_at__gte=now - SERVED_WINDOW, served_seconds__isnull=False
        )
        .order_by("-finished_at")
        .values_list("served_seconds", flat=True)[:SERVED_SAMPLE]
    )
    times = [seconds for seconds in recent if seconds is not None]
    if times:
        mean = sum(times) / len(times)
    elif rule.service_minutes is not None:
        mean = rule.service_minutes * 60
    else:
        return None
    desks = (
        QueueCall.objects.filter(unit=unit, at__gte=now - ACTIVE_DESKS_WINDOW)
        .values("desk")
        .distinct()
        .count()
    )
    return round(ahead * mean / max(desks, 1) / 60)


def place_at_issue(counter: str, day: dt.date, rule: CounterRule, now: dt.datetime) -> Place:
    """The place of a number about to be given: those waiting and those still printing."""
    printing = (
        QueueTicket.objects.filter(counter=counter, day=day, issued_at__gte=now - PRINTING_WINDOW)
        .exclude(entry__transaction__receipt__in=SHOWN)
        .exclude(entry__transaction__status__in=_finished_or_called())
        .count()
    )
    ahead = waiting(counter, day).count() + printing
    return Place(ahead, expected_wait(counter, ahead, rule, now))


def _finished_or_called() -> list[str]:
    return [state.value for state in TransactionState if state is not TransactionState.RECEIVED]


def place_of(entry: QueueEntry, rule: CounterRule, now: dt.datetime) -> Place | None:
    """Where a ticket stands while it waits; None when it does not wait."""
    record = entry.transaction
    if record.status != TransactionState.RECEIVED.value or record.receipt not in SHOWN:
        return None
    before = (
        waiting(entry.unit, entry.day)
        .filter(Q(queued_at__lt=entry.queued_at) | Q(queued_at=entry.queued_at, id__lt=entry.pk))
        .count()
    )
    return Place(before, expected_wait(entry.unit, before, rule, now))


def expire_closed(rules: Mapping[str, CounterRule], now: dt.datetime) -> int:
    """Expire the tickets whose day ended or whose unit closed; returns how many.

    Cheap enough to run before every read of the hall (one ``UPDATE`` over the open
    tickets, which the work-queue index finds): no timer needed, and a ticket that arrives
    after its unit closed expires before anyone sees it.
    """
    local = timezone.localtime(now)
    closed = [code for code, rule in rules.items() if rule.is_closed(local)]
    due = Q(queue_entry__day__lt=local.date())
    if closed:
        due |= Q(queue_entry__day=local.date(), queue_entry__unit__in=closed)
    expired = Transaction.objects.filter(
        due, kind=Kind.QUEUE.value, status__in=_OPEN, queue_entry__isnull=False
    ).update(status=TransactionState.EXPIRED.value, updated_at=now)
    if expired:
        log.info("Expired %d queue tickets (units closed: %s)", expired, ",".join(closed) or "-")
    return expired


def queue_member(record: Transaction, served: Catalog, now: dt.datetime) -> dict[str, Any]:
    """``{"queue": QueuePlace}`` for a queue ticket's ``TransactionStatus``; else empty."""
    if record.kind != Kind.QUEUE.value:
        return {}
    entry = QueueEntry.objects.filter(transaction=record).first()
    if entry is None:
        return {}
    place = place_of(entry, served.counter_rule(entry.unit), now)
    called = record.status == TransactionState.CALLED.value
    return {
        "queue": {
            "number": entry.number,
            "counter": entry.unit,
            "ahead": place.ahead if place else None,
            "expected_wait_minutes": place.expected_wait_minutes if place else None,
            "desk": entry.desk if called and entry.desk else None,
        }
    }


def called_at(unit: str, desk: int) -> QueueEntry | None:
    """The ticket a desk has called and not finished, if any."""
    return (
        QueueEntry.objects.select_related("transaction")
        .filter(unit=unit, desk=desk, transaction__status=TransactionState.CALLED.value)
        .order_by("-called_at")
        .first()
    )


def call_next(unit: str, desk: int, now: dt.datetime) -> QueueEntry | None:
    """Call the unit's first waiting ticket of today to ``desk``; None when nobody waits.

    Two desks calling at once get two tickets: PostgreSQL skips the row the other desk
    locked, SQLite's ``BEGIN IMMEDIATE`` makes the second wait for the first.
    """
    day = timezone.localdate(now)
    with transaction.atomic():
        candidates = waiting(unit, day)
        if connection.features.has_select_for_update_skip_locked:
            candidates = candidates.select_for_update(skip_locked=True, of=("self",))
        entry = candidates.first()
        if entry is None:
            return None
        _call(entry, desk, now, TransactionState.RECEIVED)
        return entry


def call_again(entry: QueueEntry, desk: int, now: dt.datetime) -> None:
    """Call a ticket again: a repeat of the call (``called``) or a skipped one come back."""
    with transaction.atomic():
        _call(entry, desk, now, TransactionState(entry.transaction.status))


def _call(entry: QueueEntry, desk: int, now: dt.datetime, current: TransactionState) -> None:
    record = entry.transaction
    if record.status != current.value:
        raise HallError(f"Nomor {entry.number} sudah tidak menunggu panggilan ini.")
    record.move_to(TransactionState.CALLED, via=Via.STAFF, now=now)
    repeat = current is TransactionState.CALLED and entry.desk == desk
    entry.desk, entry.called_at, entry.calls = desk, now, entry.calls + 1
    entry.save(update_fields=["desk", "called_at", "calls"])
    QueueCall.objects.create(
        entry=entry, number=entry.number, unit=entry.unit, desk=desk, at=now, repeat=repeat
    )
    log.info(
        "Ticket %s called to desk %d of %s%s",
        entry.number,
        desk,
        entry.unit,
        " again" if repeat else "",
    )


def skip(entry: QueueEntry, now: dt.datetime) -> None:
    """The called citizen did not come (``Lewati``)."""
    entry.transaction.move_to(TransactionState.SKIPPED, via=Via.STAFF, now=now)
    log.info("Ticket %s skipped at desk %d of %s", entry.number, entry.desk, entry.unit)


def finish(entry: QueueEntry, now: dt.datetime) -> None:
    """The citizen was served (``Selesai``); the time since the call is one service time."""
    with transaction.atomic():
        entry.transaction.move_to(TransactionState.DONE, via=Via.STAFF, now=now)
        entry.finished_at = now
        if entry.called_at is not None:
            entry.served_seconds = max((now - entry.called_at).total_seconds(), 0.0)
        entry.save(update_fields=["finished_at", "served_seconds"])
    log.info("Ticket %s served at desk %d of %s", entry.number, entry.desk, entry.unit)


def transfer(entry: QueueEntry, unit: str, now: dt.datetime) -> None:
    """Send a called ticket to another unit, where it waits in its original place."""
    if unit == entry.unit:
        raise HallError(f"Nomor {entry.number} sudah berada di loket {unit}.")
    with transaction.atomic():
        entry.transaction.move_to(TransactionState.RECEIVED, via=Via.STAFF, now=now)
        previous, entry.unit, entry.desk = entry.unit, unit, 0
        entry.save(update_fields=["unit", "desk"])
    log.info("Ticket %s transferred from %s to %s", entry.number, previous, unit)


@dataclass(frozen=True)
class HallCall:
    """One call as the display shows it."""

    id: int
    number: str
    unit: str
    desk: int
    at: dt.datetime
    repeat: bool

    def as_json(self) -> dict[str, Any]:
        """The display's JSON form."""
        return {
            "id": self.id,
            "number": self.number,
            "unit": self.unit,
            "desk": self.desk,
            "at": timezone.localtime(self.at).strftime("%H:%M:%S"),
            "repeat": self.repeat,
        }


def recent_calls(unit: str | None, after: int, limit: int) -> list[HallCall]:
    """Calls of today (of one unit, or all), after the cursor ``after``, newest last."""
    day_start = timezone.make_aware(
        dt.datetime.combine(timezone.localdate(), dt.time.min), timezone.get_current_timezone()
    )
    calls = QueueCall.objects.filter(at__gte=day_start, id__gt=after)
    if unit is not None:
        calls = calls.filter(unit=unit)
    rows = list(calls.order_by("-id")[:limit])
    return [
        HallCall(row.pk, row.number, row.unit, row.desk, row.at, row.repeat)
        for row in reversed(rows)
    ]


def waiting_counts(day: dt.date, units: list[str]) -> dict[str, int]:
    """How many wait for each unit of ``units`` on ``day`` (0 for a unit nobody waits for)."""
    counts = dict(
        QueueEntry.objects.filter(
            day=day,
            unit__in=units,
            transaction__status=TransactionState.RECEIVED.value,
            transaction__receipt__in=SHOWN,
        )
        .values_list("unit")
        .annotate(n=Count("id"))
        .values_list("unit", "n")
    )
    return {unit: counts.get(unit, 0) for unit in units}
