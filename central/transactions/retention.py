"""Retention (UU PDP 27/2022): finished requests lose their personal data after a while.

A request is **finished** when its workflow has no step left from its status
(:func:`central.transactions.workflow.is_final`): a letter or another request that is
``done`` (collected, handled) or ``rejected``, a queue ticket that is ``done`` or
``expired``. ``CENTRAL_RETENTION_DAYS`` after its last change of status, its personal data
goes: the citizen's NIK and name, the staff's message to them, and every answer of the form
but those that only count, as the catalog describes the service's fields:

- ``choice``, ``multi_choice``, ``yes_no`` and ``number`` answers stay (the cause of poverty,
  a complaint's category, the size of a household): values from a list or counts, which the
  back office's reports group by;
- a ``location`` answer keeps its dusun only (``Krajan/003/012`` becomes ``Krajan``): RT and
  RW narrow it down to a few houses;
- everything else (names, addresses typed as text, phone numbers, dates, descriptions, and
  the answers of a service the catalog no longer describes) is removed.

The row stays, with its reference, service, kind, kiosk (and so its village), status,
receipt outcome and times, so every count still adds up; ``purged_at`` says when. A request
that is not finished keeps its data however old it is: it is still being worked on.

A purged request's signed letter (:class:`central.letters.models.Letter`) loses its PDF, and
its subject's NIK and name are kept masked only, with the letter's own ``purged_at``: its
number, code, signer and revocation stay, so the public verification page still says
whether it is genuine, and kiosks read it as collected (contract 1.2).
"""

from __future__ import annotations

import datetime as dt
import enum
import json
import logging
from collections import Counter
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from typing import Any

from django.db import transaction
from django.db.models import Q

from central.catalog import Catalog
from central.identity import mask_name, mask_nik
from central.letters.models import Letter
from central.transactions.models import Transaction
from central.transactions.workflow import Kind, TransactionState, is_final
from kiosk.forms import LOCATION_SEPARATOR

log = logging.getLogger("central.transactions.retention")

#: Rows handled per transaction, so a first run over years of requests never holds a long lock.
BATCH = 500
#: What a purge changes; everything else of the row stays.
PURGED_COLUMNS = [
    "fields",
    "identity_nik",
    "identity_name",
    "message_id",
    "message_en",
    "purged_at",
]
#: What a purge changes of a signed letter.
PURGED_LETTER_COLUMNS = ["pdf", "subject_nik", "subject_name", "purged_at"]


class Keep(enum.Enum):
    """What retention keeps of one answer."""

    ANSWER = "answer"
    DUSUN = "dusun"


#: Field kinds (the catalog's ``kind``) whose answers only count; see the module docstring.
KEPT_KINDS: Mapping[str, Keep] = {
    "choice": Keep.ANSWER,
    "multi_choice": Keep.ANSWER,
    "yes_no": Keep.ANSWER,
    "number": Keep.ANSWER,
    "location": Keep.DUSUN,
}


def kept_answers(catalog: Catalog) -> dict[str, dict[str, Keep]]:
    """For each service of the catalog, the fields whose answers retention keeps."""
    data = json.loads(catalog.body)
    kept: dict[str, dict[str, Keep]] = {}
    for service in data["services"]:
        fields = (field for step in service.get("steps", ()) for field in step.get("fields", ()))
        kept[service["id"]] = {
            field["name"]: KEPT_KINDS[field["kind"]]
            for field in fields
            if field.get("kind") in KEPT_KINDS
        }
    return kept


def reduce_answers(answers: Mapping[str, Any], kept: Mapping[str, Keep]) -> dict[str, Any]:
    """The answers retention keeps, a location cut to its dusun."""
    reduced: dict[str, Any] = {}
    for name, value in answers.items():
        keep = kept.get(name)
        if keep is Keep.ANSWER:
            reduced[name] = value
        elif keep is Keep.DUSUN and isinstance(value, str):
            reduced[name] = value.split(LOCATION_SEPARATOR, 1)[0]
    return reduced


@dataclass
class Purge:
    """What one run did (or, dry, would do): requests purged by kind and by status."""

    cutoff: dt.datetime
    by_kind: Counter[str] = field(default_factory=Counter)
    by_status: Counter[str] = field(default_factory=Counter)
    letters: int = 0

    @property
    def purged(self) -> int:
        """How many requests lost their personal data."""
        return sum(self.by_kind.values())

    def as_json(self) -> dict[str, Any]:
        """The summary ``purge-personal-data`` prints."""
        return {
            "cutoff": self.cutoff.isoformat(timespec="seconds"),
            "purged": self.purged,
            "by_kind": dict(sorted(self.by_kind.items())),
            "by_status": dict(sorted(self.by_status.items())),
            "letters": self.letters,
        }


def finished() -> Q:
    """Requests whose workflow has no step left, each kind by its own final statuses."""
    condition = Q(pk__in=[])
    for kind in Kind:
        final = [state.value for state in TransactionState if is_final(kind, state)]
        condition |= Q(kind=kind.value, status__in=final)
    return condition


def due(cutoff: dt.datetime) -> Iterator[list[Transaction]]:
    """Batches of finished requests last changed before ``cutoff`` and not yet purged."""
    rows = Transaction.objects.filter(finished(), updated_at__lt=cutoff, purged_at__isnull=True)
    last = 0
    while True:
        batch = list(rows.filter(pk__gt=last).order_by("pk")[:BATCH])
        if not batch:
            return
        yield batch
        last = batch[-1].pk


def purge(catalog: Catalog, days: int, now: dt.datetime, *, dry_run: bool = False) -> Purge:
    """Erase the personal data of requests finished more than ``days`` ago; see the module."""
    done = Purge(cutoff=now - dt.timedelta(days=days))
    kept = kept_answers(catalog)
    for batch in due(done.cutoff):
        with transaction.atomic():
            if not dry_run:
                # Locked, and read again: another run may have purged some since.
                still = set(
                    Transaction.objects.select_for_update()
                    .filter(pk__in=[row.pk for row in batch], purged_at__isnull=True)
                    .values_list("pk", flat=True)
                )
                batch = [row for row in batch if row.pk in still]
            for row in batch:
                done.by_kind[row.kind] += 1
                done.by_status[row.status] += 1
                row.fields = reduce_answers(row.fields, kept.get(row.service, {}))
                row.identity_nik = row.identity_name = None
                row.message_id = row.message_en = ""
                row.purged_at = now
            letters = list(
                Letter.objects.filter(transaction__in=batch, purged_at__isnull=True).only("pk")
            )
            done.letters += len(letters)
            if not dry_run:
                Transaction.objects.bulk_update(batch, PURGED_COLUMNS)
                _purge_letters(letters, now)
    log.info(
        "Retention (%d days, finished before %s): %s%d requests (%d letters) purged of "
        "personal data",
        days,
        done.cutoff.isoformat(timespec="seconds"),
        "dry run, " if dry_run else "",
        done.purged,
        done.letters,
    )
    return done


def _purge_letters(letters: list[Letter], now: dt.datetime) -> None:
    """Drop the letters' PDFs and mask their subjects, in the caller's transaction."""
    rows = Letter.objects.select_for_update().filter(pk__in=[row.pk for row in letters])
    changed = []
    for letter in rows.only("pk", "subject_nik", "subject_name"):
        letter.pdf = b""
        letter.subject_nik = mask_nik(letter.subject_nik)
        letter.subject_name = mask_name(letter.subject_name)
        letter.purged_at = now
        changed.append(letter)
    Letter.objects.bulk_update(changed, PURGED_LETTER_COLUMNS)
