"""How long a complaint has waited for its answer, against the regency's target time.

The target is ``CENTRAL_COMPLAINT_TARGET_HOURS`` (default 72 hours). A complaint is open
until it is done or rejected; its age runs from when central received it.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.conf import settings

from central.transactions.models import Transaction
from central.transactions.workflow import TransactionState

CLOSED = frozenset({TransactionState.DONE, TransactionState.REJECTED})


@dataclass(frozen=True)
class Age:
    """A complaint's age and the target it is measured against."""

    open: bool
    age: dt.timedelta
    target: dt.timedelta

    @property
    def overdue(self) -> bool:
        """Open for longer than the target."""
        return self.open and self.age > self.target

    @property
    def share(self) -> float:
        """The age as a share of the target (1.0 is due now), for the page's meter."""
        return round(self.age / self.target, 2)


def target_time() -> dt.timedelta:
    """The configured time within which a complaint should be answered."""
    return dt.timedelta(hours=settings.OFFICE_COMPLAINT_TARGET_HOURS)


def complaint_age(record: Transaction, now: dt.datetime) -> Age:
    """The complaint's age now (its time to its last change once it is closed)."""
    closed = record.state in CLOSED
    end = record.updated_at if closed else now
    return Age(not closed, max(end - record.received_at, dt.timedelta()), target_time())
