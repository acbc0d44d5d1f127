"""What a counter desk does with the hall's queue, each act in the audit trail.

The rules are the hall's (:mod:`central.transactions.hall`); this module adds who did it,
from which desk, and turns a step the workflow refuses into a message for staff.
"""

from __future__ import annotations

import enum
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from central.office import audit
from central.office.actions import ActionError
from central.office.models import Action
from central.office.scope import Desk
from central.transactions import hall
from central.transactions.models import QueueEntry
from central.transactions.workflow import TransitionError


class DeskAct(enum.StrEnum):
    """A button of the counter page (the last part of its URL)."""

    NEXT = "next"
    RECALL = "recall"
    SKIP = "skip"
    DONE = "done"
    TRANSFER = "transfer"
    CALL = "call"


_AUDIT = {
    DeskAct.NEXT: Action.QUEUE_CALL,
    DeskAct.CALL: Action.QUEUE_CALL,
    DeskAct.RECALL: Action.QUEUE_RECALL,
    DeskAct.SKIP: Action.QUEUE_SKIP,
    DeskAct.DONE: Action.QUEUE_DONE,
    DeskAct.TRANSFER: Action.QUEUE_TRANSFER,
}


def act(
    actor: audit.Actor,
    desk: Desk,
    what: DeskAct,
    entry: QueueEntry | None,
    to_unit: str = "",
) -> QueueEntry | None:
    """Do ``what`` at ``desk``; the ticket it concerns (None: nobody waits for "next").

    ``entry`` is the ticket the desk has called (recall, skip, done, transfer) or a skipped
    one it calls back (call); "next" picks the first in line itself.
    """
    now = timezone.now()
    try:
        with transaction.atomic():
            if what is DeskAct.NEXT:
                entry = hall.call_next(desk.unit, desk.number, now)
            elif entry is None:
                raise ActionError(_("Belum ada nomor yang dipanggil di loket ini."))
            elif what in (DeskAct.RECALL, DeskAct.CALL):
                hall.call_again(entry, desk.number, now)
            elif what is DeskAct.SKIP:
                hall.skip(entry, now)
            elif what is DeskAct.DONE:
                hall.finish(entry, now)
            else:
                hall.transfer(entry, to_unit, now)
            if entry is not None:
                audit.record(
                    actor, _AUDIT[what], entry.transaction.reference, _detail(desk, entry, to_unit)
                )
    except (TransitionError, hall.HallError) as exc:
        raise ActionError(str(exc)) from exc
    return entry


def _detail(desk: Desk, entry: QueueEntry, to_unit: str) -> dict[str, Any]:
    detail: dict[str, Any] = {"number": entry.number, "unit": desk.unit, "desk": desk.number}
    if to_unit:
        detail["to_unit"] = to_unit
    return detail
