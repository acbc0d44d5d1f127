"""What kiosks are told about letters: each request's letter state, and its issued letter.

Kept apart from :mod:`central.letters.service` so the API answers Cek Status without
loading the PDF renderer.
"""

from __future__ import annotations

import enum
from typing import Any, cast

from django.apps import apps

from central.api.apps import ApiConfig
from central.contract import format_date_time
from central.letters.kinds import LetterKind, builtin_kinds, kind_of_service
from central.letters.models import Letter
from central.transactions.models import Transaction
from central.transactions.workflow import Kind, TransactionState


class LetterState(enum.StrEnum):
    """What a kiosk can do with a request's letter (``LetterState`` in the contract)."""

    IN_PROGRESS = "in_progress"
    NEEDS_CORRECTION = "needs_correction"
    REJECTED = "rejected"
    READY = "ready"
    COLLECTED = "collected"
    REVOKED = "revoked"


def letter_state(record: Transaction, letter: Letter | None) -> LetterState:
    """The state of a letter request's letter."""
    if letter is not None:
        if letter.revoked:
            return LetterState.REVOKED
        return LetterState.READY if letter.copies_left else LetterState.COLLECTED
    if record.state is TransactionState.NEEDS_CORRECTION:
        return LetterState.NEEDS_CORRECTION
    if record.state is TransactionState.REJECTED:
        return LetterState.REJECTED
    return LetterState.IN_PROGRESS


def letter_of(record: Transaction) -> Letter | None:
    """The request's letter, once signed."""
    return Letter.objects.filter(transaction=record).first()


def issued_json(letter: Letter | None) -> dict[str, Any] | None:
    """The contract's ``IssuedLetter``, or None before signing."""
    if letter is None:
        return None
    return {
        "number": letter.number,
        "issued_at": format_date_time(letter.issued_at),
        "pages": letter.pages,
        "copies_allowed": letter.copies_allowed,
        "copies_printed": letter.copies_printed,
        "sha256": letter.pdf_sha256,
    }


def status_member(record: Transaction) -> dict[str, Any]:
    """``{"letter": ...}`` for a letter request's ``TransactionStatus``; empty for others."""
    if record.kind != Kind.LETTER.value:
        return {}
    letter = letter_of(record)
    return {"letter": {"state": letter_state(record, letter).value, "issued": issued_json(letter)}}


def kind_for(service: str) -> LetterKind | None:
    """The letter kind of a service: the catalog's ``letter.template``, else the kinds' own."""
    catalog = cast(ApiConfig, apps.get_app_config("api")).catalog()
    template = catalog.letter_templates.get(service)
    return builtin_kinds().get(template) if template else kind_of_service(service)
