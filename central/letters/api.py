"""The letter operations of ``openapi.yaml`` (1.2): list, fetch, report a print, token for a NIK.

The proof rules are one function (:func:`_proven_requests`): a receipt's check or an
identity token of the asking kiosk, and only the requests of that kiosk's village. Every
answer without a proof is the unknown reference's 404, counted as a miss like Cek Status's,
so no answer tells another village's (or anyone's) references apart from ones that do not
exist.
"""

from __future__ import annotations

import datetime as dt
import logging
import uuid
from collections.abc import Mapping
from typing import Any

from django.contrib.auth.hashers import check_password, make_password
from django.db.models import QuerySet
from django.http import HttpResponse

from central.api.checks import Call, operation
from central.api.models import LookupMiss
from central.api.problems import Problem, ProblemError, json_response
from central.api.views import (
    idempotent_answer,
    masked_identity_of,
    may_read,
    refuse_locked_card,
    refuse_too_many_misses,
)
from central.citizens.models import Card, Verdict
from central.contract import format_date_time, parse_date_time, request_digest
from central.identity import mask_nik, masked_identity
from central.letters import tokens
from central.letters.models import Letter, LetterPrint
from central.letters.states import (
    LetterState,
    issued_json,
    kind_for,
    letter_of,
    letter_state,
)
from central.registry.models import Kiosk
from central.storage import retry_once_on_conflict
from central.transactions.models import Outcome, Transaction, Written
from central.transactions.workflow import Kind, TransactionState, Via

log = logging.getLogger("central.letters")

MAX_LISTED = 50
COLLECTED_MESSAGE = {
    "id": "Surat sudah dicetak di anjungan.",
    "en": "The letter was printed at a kiosk.",
}
#: Checked against when a NIK has no card with a PIN, so that answer takes as long.
_NO_CARD_HASH = make_password("no card with a PIN")


@operation("GET", "/v1/letters")
def list_letters(call: Call) -> HttpResponse:
    """The proven citizen's letter requests in the kiosk's village, newest first."""
    records = list(_proven_requests(call, call.query.get("reference"))[:MAX_LISTED])
    letters = {
        letter.transaction_id: letter for letter in Letter.objects.filter(transaction__in=records)
    }
    items = [_item(record, letters.get(record.pk)) for record in records]
    log.info("Letters listed for %s: %d", call.signer.kiosk_id, len(items))
    return json_response(200, {"letters": items})


@operation("GET", "/v1/transactions/{reference}/letter")
def get_letter(call: Call) -> HttpResponse:
    """The signed PDF of a ready letter, to a kiosk of its village with the citizen's proof."""
    reference = call.params["reference"]
    record = _proven_requests(call, reference).first()
    if record is None:  # removed since the check: as unknown as any other
        raise ProblemError(Problem.NOT_FOUND, f"no letter request for {reference}")
    extra_copy = call.query.get("extra_copy")
    letter = _printable(record, letter_of(record), extra_copy=extra_copy is not None)
    response = HttpResponse(bytes(letter.pdf), content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="{reference}.pdf"'
    response["Cache-Control"] = "no-store"
    log.info(
        "Letter %s of %s fetched by %s%s",
        letter.number,
        reference,
        call.signer.kiosk_id,
        f" for an extra copy ({extra_copy})" if extra_copy else "",
    )
    return response


@operation("POST", "/v1/transactions/{reference}/letter/collected", body="LetterCollected")
def report_collected(call: Call) -> HttpResponse:
    """Record one print of a letter (within the copies allowed, or a technician's extra one)."""
    kiosk, reference = call.signer, call.params["reference"]
    written = _record_print(kiosk, reference, call.idempotency_key, call.body, call.now)
    if written.answer is not None:
        log.info(
            "Letter of %s printed at %s: %d of %d copies, %s",
            reference,
            kiosk.kiosk_id,
            written.answer["copies_printed"],
            written.answer["copies_allowed"],
            written.outcome.value,
        )
    return idempotent_answer(written, call)


@operation("POST", "/v1/identity-tokens", body="NikConfirm")
def create_identity_token(call: Call) -> HttpResponse:
    """A token for a typed NIK and the PIN of a card registered for it (never a birth date)."""
    nik, pin = call.body["nik"], call.body["pin"]
    card = Card.objects.filter(nik=nik).exclude(pin_hash="").order_by("-id").first()
    if card is None:
        check_password(pin, _NO_CARD_HASH)
        raise ProblemError(
            Problem.CONFIRMATION_FAILED, "the NIK and PIN do not match a card with a PIN"
        )
    confirmation = card.confirm({"pin": pin}, call.now)
    refuse_locked_card(confirmation)
    if confirmation.verdict is Verdict.WRONG:
        raise ProblemError(
            Problem.CONFIRMATION_FAILED, "the NIK and PIN do not match a card with a PIN"
        )
    issued = tokens.issue(call.signer, nik, call.now)
    log.info("Identity token for %s at %s (typed NIK, PIN)", mask_nik(nik), call.signer.kiosk_id)
    return json_response(
        201,
        {
            "identity_token": issued.token,
            "identity_token_expires_at": format_date_time(issued.expires_at),
            "identity": masked_identity(card.nik, card.name),
        },
    )


def _proven_requests(call: Call, reference: str | None) -> QuerySet[Transaction]:
    """The letter requests the call's proof shows, in the kiosk's village; 404 for none."""
    kiosk = call.signer
    refuse_too_many_misses(kiosk, call.now)
    token, sig = call.query.get("identity"), call.query.get("sig")
    nik = None
    if token is not None:
        nik = tokens.nik_for(token, kiosk, call.now)
        if nik is None:
            raise ProblemError(
                Problem.IDENTITY_TOKEN_INVALID,
                "the identity token is unknown, expired or another kiosk's; confirm the "
                "citizen again",
            )
    found = Transaction.objects.none()
    if kiosk.village_id is not None and (nik is not None or sig is not None):
        found = Transaction.objects.filter(
            kind=Kind.LETTER.value, kiosk__village_id=kiosk.village_id
        ).select_related("kiosk")
        if nik is not None:
            found = found.filter(identity_nik=nik)
        if reference is not None:
            found = found.filter(reference=reference)
        if nik is None:
            found = _with_check(found, reference, sig)
    found = found.order_by("-received_at", "-id")
    if not found.exists():
        LookupMiss.record(kiosk, call.now)
        shown = reference or "the proof given"
        raise ProblemError(Problem.NOT_FOUND, f"no letter request for {shown}")
    return found


def _with_check(
    found: QuerySet[Transaction], reference: str | None, sig: str | None
) -> QuerySet[Transaction]:
    """The one request whose receipt check ``sig`` is, or none."""
    record = found.first() if reference is not None else None
    if record is None or sig is None:
        return found.none()
    if not may_read(record, record.kiosk, sig):  # the same check as Cek Status's
        return found.none()
    return found.filter(pk=record.pk)


def _item(record: Transaction, letter: Letter | None) -> dict[str, Any]:
    """The contract's ``LetterItem``."""
    kind = kind_for(record.service)
    title = kind.title if kind is not None else None
    return {
        "reference": record.reference,
        "service": record.service,
        "title": {"id": title.id, "en": title.en} if title else {"id": record.service, "en": ""},
        "status": record.status,
        "status_text": record.status_text.as_json(),
        "state": letter_state(record, letter).value,
        "created_at": record.created_at_sent,
        "identity": masked_identity_of(record),
        "message": record.message,
        "letter": issued_json(letter),
    }


def _printable(record: Transaction, letter: Letter | None, *, extra_copy: bool = False) -> Letter:
    """The letter if another copy may be printed; else the problem that says why not.

    An ``extra_copy`` (a technician's, at the kiosk) is not held to the copies allowed: it
    raises them when it is reported. A revoked letter, or one whose PDF is gone, never prints.
    """
    if letter is None:
        raise ProblemError(
            Problem.LETTER_NOT_READY,
            f"the letter of {record.reference} is not issued yet ({record.status})",
        )
    if letter.revoked:
        raise ProblemError(
            Problem.LETTER_REVOKED, f"the letter of {record.reference} was revoked by the village"
        )
    if letter.purged_at is not None:
        raise ProblemError(
            Problem.COPIES_EXHAUSTED,
            f"the letter of {record.reference} is past its retention period: central no "
            "longer keeps its PDF",
        )
    if not letter.copies_left and not extra_copy:
        raise ProblemError(
            Problem.COPIES_EXHAUSTED,
            f"the letter of {record.reference} was printed {letter.copies_printed} of "
            f"{letter.copies_allowed} times the village allows",
        )
    return letter


def _record_print(
    kiosk: Kiosk, reference: str, key: uuid.UUID, body: Mapping[str, Any], now: dt.datetime
) -> Written:
    """One print of the letter, counted under its row's lock; a repeated key is answered again."""
    digest = request_digest({"reference": reference, "body": body})

    def write() -> Written:
        existing = (
            LetterPrint.objects.select_related("letter__transaction")
            .filter(kiosk=kiosk, idempotency_key=key)
            .first()
        )
        if existing is not None:
            if existing.request_digest != digest:
                return Written(Outcome.KEY_REUSE)
            return Written(Outcome.REPLAYED, _copies(existing.letter, existing))
        record = None
        if kiosk.village_id is not None:
            record = Transaction.objects.filter(
                reference=reference, kind=Kind.LETTER.value, kiosk__village_id=kiosk.village_id
            ).first()
        if record is None:
            raise ProblemError(Problem.NOT_FOUND, f"no letter request {reference}")
        extra_copy = body.get("extra_copy", "")
        letter = _printable(
            record,
            Letter.objects.select_for_update().filter(transaction=record).first(),
            extra_copy=bool(extra_copy),
        )
        letter.copies_printed += 1
        if extra_copy:
            # A copy beyond the village's allowance: it does not use up a copy the village gave.
            letter.copies_allowed += 1
        letter.save(update_fields=["copies_printed", "copies_allowed"])
        printed = LetterPrint.objects.create(
            letter=letter,
            kiosk=kiosk,
            idempotency_key=key,
            at=parse_date_time(body["at"]),
            received_at=now,
            request_digest=digest,
            copies_printed=letter.copies_printed,
            copies_allowed=letter.copies_allowed,
            extra_copy=extra_copy,
        )
        if record.state is TransactionState.READY:
            record.move_to(TransactionState.DONE, via=Via.STAFF, now=now, message=COLLECTED_MESSAGE)
        return Written(Outcome.CREATED, _copies(letter, printed))

    return retry_once_on_conflict(write)


def _copies(letter: Letter, printed: LetterPrint) -> dict[str, Any]:
    """The contract's ``LetterCopies`` as of one print (the same for every repeat of it)."""
    left = printed.copies_allowed - printed.copies_printed
    state = LetterState.READY if left > 0 else LetterState.COLLECTED
    return {
        "reference": letter.transaction.reference,
        "state": state.value,
        "copies_allowed": printed.copies_allowed,
        "copies_printed": printed.copies_printed,
    }
