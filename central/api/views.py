"""One view per operation of ``openapi.yaml``: each turns a checked call into its answer.

The checks come first (:func:`central.api.checks.operation`), the work is the models'
(:mod:`central.transactions.models`, :mod:`central.citizens.models`, ...); what is left here
is which answer each outcome gets, and one log line per thing that happened.
"""

from __future__ import annotations

import base64
import binascii
import datetime as dt
import logging
import re
from typing import Any, cast

from django.apps import apps
from django.http import HttpRequest, HttpResponse
from django.utils import timezone

from central.api.apps import ApiConfig
from central.api.checks import Call, operation
from central.api.models import MISS_LIMIT, MISS_WINDOW, LookupMiss
from central.api.problems import (
    Headers,
    Problem,
    ProblemError,
    json_response,
    loggable,
    problem_response,
)
from central.catalog import Catalog
from central.citizens.models import (
    LOCK_ATTEMPTS,
    LOCK_WINDOW,
    Card,
    Confirmation,
    Preregistration,
    Verdict,
)
from central.contract import FieldError, format_date_time, parse_date_time
from central.fleet.models import AuditEvent, Heartbeat
from central.identity import mask_name, mask_nik, masked_identity
from central.letters import tokens
from central.letters.states import status_member
from central.registry.kiosks import vault
from central.registry.models import Kiosk
from central.transactions import hall
from central.transactions.models import Outcome, QueueTicket, Transaction, Written
from central.transactions.workflow import Kind
from kiosk import signing

log = logging.getLogger("central.api")

_CURSOR = re.compile(r"seq:([0-9]{1,18})")
_SERIES = re.compile(r"[A-Z0-9]{1,12}")


def catalog() -> Catalog:
    """The catalog this process serves."""
    return cast(ApiConfig, apps.get_app_config("api")).catalog()


@operation("GET", "/v1/health", signed=False)
def health(call: Call) -> HttpResponse:
    """Liveness only: no signature, no database."""
    return json_response(200, {"status": "ok"})


@operation("POST", "/v1/transactions", body="TransactionCreate")
def create_transaction(call: Call) -> HttpResponse:
    """Store a citizen's request once per idempotency key, in the kiosk's own namespace."""
    kiosk, body = call.signer, call.body
    reference = body["reference"]
    if not in_namespace(reference, kiosk):
        raise ProblemError(
            Problem.FOREIGN_REFERENCE,
            f"kiosk {kiosk.kiosk_id} may store only references that start with "
            f"{kiosk.reference_part}- followed by a date, a series and a number",
        )
    served = catalog()
    kind = served.kind_of(body["service"])
    written = Transaction.objects.submit(kiosk, call.idempotency_key, body, kind, call.now)
    if kind is Kind.QUEUE and written.outcome is Outcome.CREATED:
        hall.expire_closed(served.counter_rules, call.now)
    if written.outcome is Outcome.REFERENCE_CONFLICT:
        raise ProblemError(
            Problem.REFERENCE_CONFLICT,
            f"this kiosk already stored reference {reference} under another idempotency key",
        )
    log.info(
        "Transaction %s (%s, %s) from %s: %s",
        reference,
        loggable(body["service"]),
        kind,
        kiosk.kiosk_id,
        written.outcome.value,
    )
    location = ("Location", f"/v1/transactions/{reference}")
    return idempotent_answer(written, call, (location,))


def in_namespace(reference: str, kiosk: Kiosk) -> bool:
    """Whether ``reference`` is ``<kiosk part>-<YYYYMMDD>-<series>-<number>`` of this kiosk.

    Read from the right, at the last three ``-`` (contract, "References"), so a kiosk part
    that contains ``-`` itself is never ambiguous.
    """
    parts = reference.rsplit("-", 3)
    if len(parts) != 4:
        return False
    part, date, series, number = parts
    if part != kiosk.reference_part or not (len(date) == 8 and date.isdigit()):
        return False
    try:
        dt.date(int(date[:4]), int(date[4:6]), int(date[6:]))
    except ValueError:
        return False
    return bool(_SERIES.fullmatch(series) and _SERIES.fullmatch(number))


@operation("GET", "/v1/transactions/{reference}")
def get_transaction(call: Call) -> HttpResponse:
    """A transaction's status, identity masked, for its kiosk or a holder of its receipt check.

    Any other answer is the unknown reference's, word for word, so it tells nothing about
    which references exist; each such miss counts against the asking kiosk.
    """
    kiosk = call.signer
    refuse_too_many_misses(kiosk, call.now)
    reference = call.params["reference"]
    record = Transaction.objects.select_related("kiosk").filter(reference=reference).first()
    if record is not None and not may_read(record, kiosk, call.query.get("sig")):
        log.info("Lookup of %s by %s without its receipt check", reference, kiosk.kiosk_id)
        record = None
    if record is None:
        LookupMiss.record(kiosk, call.now)
        raise ProblemError(Problem.NOT_FOUND, f"no transaction with reference {reference}")
    if record.kind == Kind.QUEUE.value and hall.expire_closed(catalog().counter_rules, call.now):
        record.refresh_from_db(fields=["status", "updated_at"])
    return json_response(200, transaction_status(record))


def refuse_too_many_misses(kiosk: Kiosk, now: dt.datetime) -> None:
    """429 while the kiosk has more than MISS_LIMIT recent lookups of unknown references."""
    wait = LookupMiss.retry_after(kiosk, now)
    if wait is not None:
        raise ProblemError(
            Problem.TOO_MANY_ATTEMPTS,
            f"more than {MISS_LIMIT} lookups of unknown references in "
            f"{MISS_WINDOW.seconds // 60} minutes; try again in {wait} s",
            headers=(("Retry-After", str(wait)),),
        )


def refuse_locked_card(confirmation: Confirmation) -> None:
    """429 when a card's confirmation found it locked after too many wrong answers."""
    if confirmation.verdict is Verdict.LOCKED:
        wait = confirmation.retry_after
        raise ProblemError(
            Problem.TOO_MANY_ATTEMPTS,
            f"{LOCK_ATTEMPTS} wrong answers for this card in "
            f"{LOCK_WINDOW.seconds // 60} minutes; try again in {wait} s",
            headers=(("Retry-After", str(wait)),),
        )


def may_read(record: Transaction, kiosk: Kiosk, sig: str | None) -> bool:
    """The issuing kiosk may read without ``sig``; anyone with the right ``sig`` may read."""
    if sig is None:
        return record.kiosk_id == kiosk.pk
    secrets = record.kiosk.receipt_secrets(vault(), record.created_at)
    return any(signing.receipt_check_is_valid(secret, record.reference, sig) for secret in secrets)


def transaction_status(record: Transaction) -> dict[str, Any]:
    """The contract's ``TransactionStatus``."""
    return {
        "reference": record.reference,
        "service": record.service,
        "status": record.status,
        "kind": record.kind,
        "status_text": record.status_text.as_json(),
        "created_at": record.created_at_sent,
        "updated_at": format_date_time(record.updated_at),
        "identity": masked_identity_of(record),
        "receipt": record.receipt,
        "message": record.message,
        **status_member(record),
        **hall.queue_member(record, catalog(), timezone.now()),
    }


def masked_identity_of(record: Transaction) -> dict[str, str] | None:
    """The request's citizen as ``MaskedIdentity``, or None for an anonymous request."""
    if record.identity_nik is None or record.identity_name is None:
        return None
    return masked_identity(record.identity_nik, record.identity_name)


@operation("POST", "/v1/transactions/{reference}/receipt", body="ReceiptReport")
def report_receipt(call: Call) -> HttpResponse:
    """The issuing kiosk tells what the citizen got; the outcome only moves forward."""
    kiosk, reference = call.signer, call.params["reference"]
    written = Transaction.objects.report_receipt(
        kiosk, reference, call.idempotency_key, call.body, call.now
    )
    if written is None:
        raise ProblemError(Problem.NOT_FOUND, f"no transaction with reference {reference}")
    if written.answer is not None:
        log.info(
            "Receipt of %s reported %s by %s: %s, %s",
            reference,
            call.body["outcome"],
            kiosk.kiosk_id,
            written.answer["receipt"],
            written.outcome.value,
        )
    return idempotent_answer(written, call, created_status=200)


@operation("GET", "/v1/kiosks/{kiosk_id}/transactions")
def list_transactions(call: Call) -> HttpResponse:
    """The signing kiosk's own transactions in receipt order, a page at a time."""
    kiosk = call.signer
    if call.params["kiosk_id"] != kiosk.kiosk_id:
        raise ProblemError(
            Problem.FORBIDDEN, f"kiosk {kiosk.kiosk_id} may list only its own transactions"
        )
    after = _decode_cursor(call.query["after"]) if "after" in call.query else 0
    limit = int(call.query["limit"])
    rows = list(Transaction.objects.filter(kiosk=kiosk, id__gt=after).order_by("id")[: limit + 1])
    page = rows[:limit]
    items = [
        {
            "idempotency_key": str(row.idempotency_key),
            "reference": row.reference,
            "service": row.service,
            "created_at": row.created_at_sent,
            "received_at": format_date_time(row.received_at),
            "receipt": row.receipt,
        }
        for row in page
    ]
    cursor = _encode_cursor(page[-1].pk) if len(rows) > limit else None
    return json_response(200, {"items": items, "next": cursor})


@operation("GET", "/v1/catalog")
def get_catalog(call: Call) -> HttpResponse:
    """The catalog, or 304 when the kiosk already has this version."""
    served = catalog()
    if_none_match = call.request.headers.get("If-None-Match")
    if if_none_match is not None and served.matches(if_none_match):
        response = HttpResponse(status=304)
    else:
        response = HttpResponse(served.body, content_type="application/json")
    response["ETag"] = served.etag
    response["Cache-Control"] = "no-cache"
    return response


@operation("POST", "/v1/heartbeat", body="Heartbeat")
def heartbeat(call: Call) -> HttpResponse:
    """Keep the kiosk's last report and tell it the server's time."""
    kiosk, body = call.signer, call.body
    Heartbeat.record(kiosk, body, call.now)
    skew = (parse_date_time(body["kiosk_time"]) - timezone.now()).total_seconds()
    log.info(
        "Heartbeat from %s: version %s, outbox %d pending / %d dead, clock %+.1f s, %s",
        kiosk.kiosk_id,
        loggable(body["version"]),
        body["outbox"]["pending"],
        body["outbox"]["dead"],
        skew,
        loggable(", ".join(f"{name} {state}" for name, state in sorted(body["devices"].items()))),
    )
    return json_response(200, {"server_time": format_date_time(timezone.now())})


@operation("POST", "/v1/queue/{counter}/tickets", body="TicketRequest")
def issue_ticket(call: Call) -> HttpResponse:
    """The counter's next number for today (the regency's local day), once per key."""
    counter = call.params["counter"]
    served = catalog()
    if counter not in served.counters:
        raise ProblemError(Problem.NOT_FOUND, f"no counter {counter} in the catalog")
    rule = served.counter_rule(counter)
    local = timezone.localtime(call.now)
    day = local.date()
    if (
        rule.is_closed(local)
        and not QueueTicket.objects.filter(
            kiosk=call.signer, idempotency_key=call.idempotency_key
        ).exists()
    ):
        closed = rule.closed_from(day)
        raise ProblemError(
            Problem.UNIT_CLOSED,
            f"unit {counter} closed at {closed:%H:%M} today; numbers are given again tomorrow"
            if rule.opens(day) and closed is not None
            else f"unit {counter} does not open today; numbers are given again on its next day",
        )
    hall.expire_closed(served.counter_rules, call.now)

    def place() -> tuple[int, int | None]:
        found = hall.place_at_issue(counter, day, rule, call.now)
        return found.ahead, found.expected_wait_minutes

    written = QueueTicket.issue(
        call.signer, call.idempotency_key, counter, call.body, day, call.now, place
    )
    if written.answer is not None:
        log.info(
            "Ticket %s for %s: %s, %d ahead",
            written.answer["number"],
            call.signer.kiosk_id,
            written.outcome.value,
            written.answer["ahead"],
        )
    return idempotent_answer(written, call)


@operation("GET", "/v1/cards/{uid}")
def look_up_card(call: Call) -> HttpResponse:
    """Whose card this is, masked, and what the citizen answers to confirm it."""
    card = _card(call.params["uid"])
    return json_response(
        200,
        {
            "uid": card.uid,
            "identity": masked_identity(card.nik, card.name),
            "confirm_with": card.challenge.value,
        },
    )


@operation("POST", "/v1/cards/{uid}/confirm", body="CardConfirm")
def confirm_card(call: Call) -> HttpResponse:
    """Release the full identity for a right answer; lock the card after too many wrong."""
    card = _card(call.params["uid"])
    confirmation = card.confirm(call.body, call.now)
    refuse_locked_card(confirmation)
    if confirmation.verdict is Verdict.WRONG:
        raise ProblemError(
            Problem.CONFIRMATION_FAILED,
            f"the answer does not match; {confirmation.attempts_left} attempts left before "
            "the card is locked",
        )
    log.info(
        "Card %s confirmed at %s for %s %s",
        card.uid,
        call.signer.kiosk_id,
        mask_nik(card.nik),
        mask_name(card.name),
    )
    issued = tokens.issue(call.signer, card.nik, call.now)
    return json_response(
        200,
        {
            "nik": card.nik,
            "name": card.name,
            "identity_token": issued.token,
            "identity_token_expires_at": format_date_time(issued.expires_at),
        },
    )


@operation("POST", "/v1/audit-events", body="AuditBatch")
def post_audit_events(call: Call) -> HttpResponse:
    """Store a batch of audit events, each id once per kiosk."""
    events: list[dict[str, Any]] = call.body["events"]
    seen: dict[str, dict[str, Any]] = {}
    for event in events:
        normalized = {**event, "id": event["id"].lower()}
        if seen.setdefault(normalized["id"], normalized) != normalized:
            raise ProblemError(
                Problem.IDEMPOTENCY_KEY_REUSE,
                f"event {normalized['id']} appears twice in the batch with different content",
            )
    conflict = AuditEvent.store_batch(call.signer, list(seen.values()), call.now)
    if conflict is not None:
        raise ProblemError(
            Problem.IDEMPOTENCY_KEY_REUSE,
            f"event {conflict} was already received with other content",
        )
    log.info("Audit: %d events from %s", len(events), call.signer.kiosk_id)
    return json_response(202, {"accepted": len(events)})


@operation("GET", "/v1/preregistrations/{token}")
def look_up_preregistration(call: Call) -> HttpResponse:
    """The service and identity of a pre-registration QR's token (a credential), or 404."""
    found = Preregistration.objects.filter(token=call.params["token"]).first()
    if found is None:
        raise ProblemError(Problem.NOT_FOUND, "unknown pre-registration")
    log.info(
        "Pre-registration for %s looked up by %s", loggable(found.service), call.signer.kiosk_id
    )
    return json_response(
        200,
        {
            "token": found.token,
            "service": found.service,
            "identity": {"nik": found.nik, "name": found.name},
        },
    )


def not_found(request: HttpRequest, exception: Exception) -> HttpResponse:
    """Any path that is not an operation (Django's ``handler404``)."""
    return problem_response(Problem.NOT_FOUND, "no such path")


def server_error(request: HttpRequest) -> HttpResponse:
    """Django's ``handler500``: the failure is logged by the middleware."""
    return problem_response(
        Problem.INTERNAL_ERROR, "the server failed; retry later with the same key"
    )


def idempotent_answer(
    written: Written, call: Call, headers: Headers = (), created_status: int = 201
) -> HttpResponse:
    """The first answer, the same again with ``Idempotent-Replayed`` for a repeat, 422 for reuse."""
    if written.outcome is Outcome.KEY_REUSE:
        raise ProblemError(
            Problem.IDEMPOTENCY_KEY_REUSE,
            f"idempotency key {call.idempotency_key} was used for a different request",
        )
    if written.outcome is Outcome.REPLAYED:
        return json_response(200, written.answer, (*headers, ("Idempotent-Replayed", "true")))
    return json_response(created_status, written.answer, headers)


def _card(uid: str) -> Card:
    """The registered card, or 404."""
    card = Card.objects.filter(uid=uid).first()
    if card is None:
        raise ProblemError(Problem.NOT_FOUND, "unknown card")
    return card


def _encode_cursor(seq: int) -> str:
    """An opaque cursor: clients pass it back unchanged."""
    return base64.urlsafe_b64encode(f"seq:{seq}".encode("ascii")).rstrip(b"=").decode("ascii")


def _decode_cursor(cursor: str) -> int:
    """The row id inside a cursor this server made."""
    try:
        text = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4)).decode("ascii")
    except (binascii.Error, UnicodeDecodeError):
        text = ""
    match = _CURSOR.fullmatch(text)
    if match is None:
        raise ProblemError(
            Problem.INVALID_REQUEST,
            "the cursor was not made by this server",
            errors=[FieldError("query", "after", "must be a `next` value from an earlier page")],
        )
    return int(match.group(1))
