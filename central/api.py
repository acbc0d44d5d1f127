"""What the central API does, apart from the HTTP plumbing.

Routing, the signing checks, the request checks against ``openapi.yaml``, and one method per
operation. Everything here is a plain function of a :class:`Request`, so the order of the
checks (which a regency's implementation must copy) reads top to bottom in :meth:`Api.handle`.
"""

from __future__ import annotations

import base64
import binascii
import datetime as dt
import enum
import json
import logging
import math
import re
import threading
import time
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import parse_qsl, unquote

from central.catalog import Catalog
from central.contract import Contract, FieldError, Parameter, parse_date_time
from central.identity import (
    birth_date_matches,
    check_pin,
    mask_name,
    mask_nik,
    masked_identity,
)
from central.store import (
    Card,
    NewTransaction,
    Outcome,
    Store,
    TransactionRecord,
    TransactionState,
    Written,
)
from kiosk import signing

log = logging.getLogger("central.api")

MAX_BODY_BYTES = 1024 * 1024
CARD_LOCK_ATTEMPTS = 5
CARD_LOCK_WINDOW_SECONDS = 15 * 60
_CURSOR = re.compile(r"seq:([0-9]{1,18})")
_PATH_PARAMETER = re.compile(r"\{([A-Za-z_]+)\}")

STATUS_TEXT: Mapping[TransactionState, Mapping[str, str]] = {
    TransactionState.RECEIVED: {"id": "Diterima", "en": "Received"},
    TransactionState.PROCESSING: {"id": "Sedang diproses", "en": "Being processed"},
    TransactionState.READY: {"id": "Siap diambil", "en": "Ready for collection"},
    TransactionState.DONE: {"id": "Selesai", "en": "Completed"},
    TransactionState.REJECTED: {"id": "Ditolak", "en": "Rejected"},
}


class Problem(enum.Enum):
    """The problem types of the contract: slug, HTTP status and title."""

    BAD_SIGNATURE = ("bad-signature", 401, "Bad signature")
    STALE_TIMESTAMP = ("stale-timestamp", 401, "Stale timestamp")
    REPLAYED_NONCE = ("replayed-nonce", 401, "Replayed nonce")
    UNKNOWN_KIOSK = ("unknown-kiosk", 401, "Unknown kiosk")
    FORBIDDEN = ("forbidden", 403, "Forbidden")
    NOT_FOUND = ("not-found", 404, "Not found")
    METHOD_NOT_ALLOWED = ("method-not-allowed", 405, "Method not allowed")
    INVALID_REQUEST = ("invalid-request", 400, "Invalid request")
    PAYLOAD_TOO_LARGE = ("payload-too-large", 413, "Payload too large")
    UNSUPPORTED_MEDIA_TYPE = ("unsupported-media-type", 415, "Unsupported media type")
    IDEMPOTENCY_KEY_REUSE = ("idempotency-key-reuse", 422, "Idempotency key reused")
    REFERENCE_CONFLICT = ("reference-conflict", 409, "Reference already used")
    MISSING_IDEMPOTENCY_KEY = ("missing-idempotency-key", 400, "Missing idempotency key")
    CONFIRMATION_FAILED = ("confirmation-failed", 403, "Confirmation failed")
    TOO_MANY_ATTEMPTS = ("too-many-attempts", 429, "Too many attempts")
    INTERNAL_ERROR = ("internal-error", 500, "Internal error")

    def __init__(self, slug: str, status: int, title: str) -> None:
        self.slug = slug
        self.status = status
        self.title = title


@dataclass(frozen=True)
class Request:
    """One HTTP request as the API sees it; ``target`` is the raw path and query, as signed."""

    method: str
    target: str
    headers: Mapping[str, str]
    body: bytes

    def header(self, name: str) -> str | None:
        """A header's value; ``headers`` keys are lower case."""
        return self.headers.get(name.lower())


@dataclass(frozen=True)
class Response:
    """What to send back; ``close`` ends the connection after it (the body was left unread)."""

    status: int
    body: bytes = b""
    content_type: str | None = None
    headers: tuple[tuple[str, str], ...] = ()
    close: bool = False


class ProblemError(Exception):
    """Raised anywhere in a request's handling to answer with a problem response."""

    def __init__(
        self,
        problem: Problem,
        detail: str,
        *,
        errors: Sequence[FieldError] = (),
        headers: tuple[tuple[str, str], ...] = (),
    ) -> None:
        super().__init__(detail)
        self.problem = problem
        self.detail = detail
        self.errors = errors
        self.headers = headers


def problem_response(
    problem: Problem,
    detail: str,
    *,
    status: int | None = None,
    errors: Sequence[FieldError] = (),
    headers: tuple[tuple[str, str], ...] = (),
    close: bool = False,
) -> Response:
    """An ``application/problem+json`` response (RFC 9457)."""
    status = status or problem.status
    payload: dict[str, Any] = {
        "type": f"urn:alm:problem:{problem.slug}",
        "title": problem.title,
        "status": status,
        "detail": detail,
    }
    if errors:
        payload["errors"] = [error.as_json() for error in errors]
    if status == 401:
        headers = (("WWW-Authenticate", signing.SCHEME), *headers)
    return Response(
        status,
        _json_bytes(payload),
        "application/problem+json",
        (("Cache-Control", "no-store"), *headers),
        close,
    )


def json_response(
    status: int, payload: object, headers: tuple[tuple[str, str], ...] = ()
) -> Response:
    """An ``application/json`` response that no cache may keep (it may hold personal data)."""
    return Response(
        status, _json_bytes(payload), "application/json", (("Cache-Control", "no-store"), *headers)
    )


def canonical_json(value: object) -> str:
    """The form two requests are compared in for idempotency (see the contract)."""
    return json.dumps(value, sort_keys=True, separators=(",", ":"))


def loggable(text: str, limit: int = 80) -> str:
    """Client-supplied text made safe for a log line: control characters escaped, cut short."""
    shown = repr(text[:limit])[1:-1]
    return shown + "..." if len(text) > limit else shown


def utc_now() -> str:
    """The server's time as the contract writes it: UTC, milliseconds, ``Z``."""
    return dt.datetime.now(dt.UTC).isoformat(timespec="milliseconds").replace("+00:00", "Z")


@dataclass(frozen=True)
class Call:
    """A request that passed every generic check, as an operation receives it."""

    request: Request
    kiosk_id: str
    params: Mapping[str, str]
    query: Mapping[str, Any]
    body: Any
    idempotency_key: str


@dataclass(frozen=True)
class Route:
    """One operation: its method and path template, and what the generic checks need."""

    method: str
    template: str
    endpoint: Callable[[Call], Response]
    body_schema: str | None = None
    signed: bool = True
    parameters: tuple[Parameter, ...] = ()
    pattern: re.Pattern[str] = field(init=False)

    def __post_init__(self) -> None:
        parts = _PATH_PARAMETER.split(self.template)
        regex = "".join(
            re.escape(part) if index % 2 == 0 else f"(?P<{part}>[^/]+)"
            for index, part in enumerate(parts)
        )
        object.__setattr__(self, "pattern", re.compile(regex))

    def declared(self, location: str) -> dict[str, Parameter]:
        """The parameters in one location (path, query, header) by name."""
        return {p.name: p for p in self.parameters if p.location == location}


class Api:
    """The reference implementation of ``openapi.yaml``; safe to call from many threads."""

    def __init__(
        self, store: Store, kiosks: Mapping[str, str], catalog: Catalog, contract: Contract
    ) -> None:
        self._store = store
        self._kiosks = dict(kiosks)
        self._catalog = catalog
        self._card_lock = threading.Lock()
        operations: list[tuple[str, str, Callable[[Call], Response], str | None]] = [
            ("GET", "/v1/health", self._health, None),
            ("POST", "/v1/transactions", self._create_transaction, "TransactionCreate"),
            ("GET", "/v1/transactions/{reference}", self._get_transaction, None),
            ("GET", "/v1/kiosks/{kiosk_id}/transactions", self._list_transactions, None),
            ("GET", "/v1/catalog", self._get_catalog, None),
            ("POST", "/v1/heartbeat", self._heartbeat, "Heartbeat"),
            ("POST", "/v1/queue/{counter}/tickets", self._issue_ticket, "TicketRequest"),
            ("GET", "/v1/cards/{uid}", self._look_up_card, None),
            ("POST", "/v1/cards/{uid}/confirm", self._confirm_card, "CardConfirm"),
            ("POST", "/v1/audit-events", self._post_audit_events, "AuditBatch"),
            ("GET", "/v1/preregistrations/{token}", self._look_up_preregistration, None),
        ]
        self._routes = [
            Route(
                method,
                template,
                endpoint,
                body_schema,
                signed=template != "/v1/health",
                parameters=tuple(contract.parameters(template, method)),
            )
            for method, template, endpoint, body_schema in operations
        ]
        self._contract = contract

    def handle(self, request: Request) -> Response:
        """Answer one request; every failure becomes a problem response, never an exception."""
        try:
            return self._handle(request)
        except ProblemError as exc:
            log.info(
                "%s %s: %s (%s)",
                loggable(request.method),
                loggable(request.target.partition("?")[0]),
                exc.problem.slug,
                loggable(exc.detail, 300),
            )
            return problem_response(exc.problem, exc.detail, errors=exc.errors, headers=exc.headers)
        except Exception:
            log.exception(
                "%s %s failed", loggable(request.method), loggable(request.target.partition("?")[0])
            )
            return problem_response(
                Problem.INTERNAL_ERROR, "the server failed; retry later with the same key"
            )

    def _handle(self, request: Request) -> Response:
        """The checks in the contract's order, then the operation."""
        path, _, query_string = request.target.partition("?")
        route, params = self._route(request.method, path)
        kiosk_id = self._authenticate(request) if route.signed else ""
        query = self._query(route, query_string)
        idempotency_key = self._idempotency_key(route, request)
        body = self._body(route, request)
        return route.endpoint(Call(request, kiosk_id, params, query, body, idempotency_key))

    def _route(self, method: str, path: str) -> tuple[Route, dict[str, str]]:
        """The operation for a method and path, with its decoded path parameters."""
        matches = [(route, m) for route in self._routes if (m := route.pattern.fullmatch(path))]
        if not matches:
            raise ProblemError(Problem.NOT_FOUND, "no such path")
        chosen = next(((r, m) for r, m in matches if r.method == method), None)
        if chosen is None:
            allowed = ", ".join(sorted({route.method for route, _ in matches}))
            raise ProblemError(
                Problem.METHOD_NOT_ALLOWED,
                f"{path} takes {allowed}, not {method}",
                headers=(("Allow", allowed),),
            )
        route, match = chosen
        params = {}
        for name, parameter in route.declared("path").items():
            try:
                value = unquote(match.group(name), errors="strict")
            except UnicodeDecodeError:
                raise ProblemError(Problem.NOT_FOUND, "no such path") from None
            _, problems = parameter.parse(value)
            if problems:
                raise ProblemError(Problem.NOT_FOUND, f"no such path: {name} {problems[0]}")
            params[name] = value
        return route, params

    def _authenticate(self, request: Request) -> str:
        """The signing kiosk's id, after the checks "Signing" in the contract lists."""
        try:
            signed = signing.parse_headers(request.headers)
        except signing.SignatureError as exc:
            raise ProblemError(Problem.BAD_SIGNATURE, str(exc)) from None
        secret = self._kiosks.get(signed.kiosk_id)
        if secret is None:
            raise ProblemError(
                Problem.UNKNOWN_KIOSK, f"kiosk {signed.kiosk_id[:64]!r} is not registered"
            )
        now = time.time()
        skew = signed.timestamp - now
        if abs(skew) > signing.MAX_SKEW_SECONDS:
            raise ProblemError(
                Problem.STALE_TIMESTAMP,
                f"timestamp {signed.timestamp} is {skew:+.0f} s from the server's clock; "
                f"at most {signing.MAX_SKEW_SECONDS} s is accepted",
            )
        try:
            signing.verify(signed, secret, request.method, request.target, request.body, now=now)
        except signing.SignatureError as exc:
            raise ProblemError(Problem.BAD_SIGNATURE, str(exc)) from None
        if not self._store.remember_nonce(signed.kiosk_id, signed.nonce, now):
            raise ProblemError(
                Problem.REPLAYED_NONCE, f"nonce {signed.nonce} was already used by this kiosk"
            )
        return signed.kiosk_id

    def _query(self, route: Route, query_string: str) -> dict[str, Any]:
        """Query parameters checked against the contract; unknown or repeated ones are errors."""
        declared = route.declared("query")
        try:
            pairs = parse_qsl(query_string, keep_blank_values=True, errors="strict")
        except (UnicodeDecodeError, ValueError):
            raise ProblemError(Problem.INVALID_REQUEST, "the query string is malformed") from None
        errors: list[FieldError] = []
        values: dict[str, Any] = {}
        for name, raw in pairs:
            parameter = declared.get(name)
            if parameter is None:
                errors.append(FieldError("query", name, "is not a parameter of this operation"))
            elif name in values:
                errors.append(FieldError("query", name, "must be given at most once"))
            else:
                values[name], problems = parameter.parse(raw)
                errors.extend(FieldError("query", name, problem) for problem in problems)
        if errors:
            raise ProblemError(
                Problem.INVALID_REQUEST, "the query string does not match", errors=errors
            )
        for name, parameter in declared.items():
            if name not in values and parameter.default is not None:
                values[name] = parameter.default
        return values

    def _idempotency_key(self, route: Route, request: Request) -> str:
        """The operation's ``Idempotency-Key``, lower case; empty if it takes none."""
        parameter = route.declared("header").get("Idempotency-Key")
        if parameter is None:
            return ""
        raw = (request.header("Idempotency-Key") or "").strip()
        _, problems = parameter.parse(raw)
        if problems:
            raise ProblemError(
                Problem.MISSING_IDEMPOTENCY_KEY, "the Idempotency-Key header must be a UUID"
            )
        return raw.lower()

    def _body(self, route: Route, request: Request) -> Any:
        """The JSON body, checked against the operation's schema; None if it takes no body."""
        if route.body_schema is None:
            return None
        content_type = request.header("Content-Type") or ""
        media_type, *options = (part.strip().lower() for part in content_type.split(";"))
        charset_ok = all(option in ("", "charset=utf-8", 'charset="utf-8"') for option in options)
        if media_type != "application/json" or not charset_ok:
            shown = repr(content_type[:80]) if content_type else "no Content-Type"
            raise ProblemError(
                Problem.UNSUPPORTED_MEDIA_TYPE, f"send the body as application/json, not {shown}"
            )
        try:
            body = json.loads(
                request.body.decode("utf-8"),
                parse_constant=_reject_constant,
                object_pairs_hook=_unique_members,
            )
        except (UnicodeDecodeError, ValueError, RecursionError) as exc:
            raise ProblemError(
                Problem.INVALID_REQUEST,
                f"the body is not UTF-8 JSON: {exc}",
                errors=[FieldError("body", "$", "must be a JSON document")],
            ) from None
        errors = self._contract.errors(route.body_schema, body)
        if errors:
            raise ProblemError(
                Problem.INVALID_REQUEST,
                f"the body does not match {route.body_schema}",
                errors=errors,
            )
        return body

    def _health(self, call: Call) -> Response:
        """Liveness only: no signature, no database."""
        return json_response(200, {"status": "ok"})

    def _create_transaction(self, call: Call) -> Response:
        """Store a citizen's request once per idempotency key."""
        body = call.body
        reference = body["reference"]
        answer = {"reference": reference, "status": "received", "received_at": utc_now()}
        written = self._store.create_transaction(
            NewTransaction(
                kiosk_id=call.kiosk_id,
                idempotency_key=call.idempotency_key,
                reference=reference,
                service=body["service"],
                created_at=body["created_at"],
                received_at=answer["received_at"],
                request=canonical_json(body),
                answer=answer,
            )
        )
        if written.outcome is Outcome.REFERENCE_CONFLICT:
            raise ProblemError(
                Problem.REFERENCE_CONFLICT,
                f"reference {reference} is already stored under another idempotency key",
            )
        log.info(
            "Transaction %s (%s) from %s: %s",
            reference,
            loggable(body["service"]),
            call.kiosk_id,
            written.outcome.value,
        )
        location = ("Location", f"/v1/transactions/{reference}")
        return self._idempotent_answer(written, call.idempotency_key, (location,))

    def _get_transaction(self, call: Call) -> Response:
        """A transaction's status for any kiosk, identity masked.

        With ``sig`` (the check of a scanned receipt QR), a check that the issuing kiosk's
        secret did not make is answered exactly like an unknown reference, so the answer
        never tells a guessed reference from a forged check.
        """
        reference = call.params["reference"]
        record = self._store.get_transaction(reference)
        sig = call.query.get("sig")
        if record is not None and sig is not None and not self._receipt_check_matches(record, sig):
            log.info("Receipt check for %s from %s does not match", reference, call.kiosk_id)
            record = None
        if record is None:
            raise ProblemError(Problem.NOT_FOUND, f"no transaction with reference {reference}")
        identity = record.identity
        return json_response(
            200,
            {
                "reference": record.reference,
                "service": record.service,
                "status": record.state.value,
                "status_text": STATUS_TEXT[record.state],
                "created_at": record.created_at,
                "updated_at": record.updated_at,
                "identity": masked_identity(identity["nik"], identity["name"])
                if identity
                else None,
            },
        )

    def _receipt_check_matches(self, record: TransactionRecord, sig: str) -> bool:
        """Whether ``sig`` is the receipt check the issuing kiosk's secret makes."""
        secret = self._kiosks.get(record.kiosk_id)
        return secret is not None and signing.receipt_check_is_valid(secret, record.reference, sig)

    def _list_transactions(self, call: Call) -> Response:
        """The signing kiosk's own transactions in receipt order, a page at a time."""
        kiosk_id = call.params["kiosk_id"]
        if kiosk_id != call.kiosk_id:
            raise ProblemError(
                Problem.FORBIDDEN, f"kiosk {call.kiosk_id} may list only its own transactions"
            )
        after = _decode_cursor(call.query["after"]) if "after" in call.query else 0
        limit = int(call.query["limit"])
        rows = self._store.list_transactions(kiosk_id, after, limit + 1)
        page = rows[:limit]
        items = [
            {
                "idempotency_key": row.idempotency_key,
                "reference": row.reference,
                "service": row.service,
                "created_at": row.created_at,
                "received_at": row.received_at,
            }
            for row in page
        ]
        cursor = _encode_cursor(page[-1].seq) if len(rows) > limit else None
        return json_response(200, {"items": items, "next": cursor})

    def _get_catalog(self, call: Call) -> Response:
        """The catalog, or 304 when the kiosk already has this version."""
        headers = (("ETag", self._catalog.etag), ("Cache-Control", "no-cache"))
        if_none_match = call.request.header("If-None-Match")
        if if_none_match is not None and self._catalog.matches(if_none_match):
            return Response(304, headers=headers)
        return Response(200, self._catalog.body, "application/json", headers)

    def _heartbeat(self, call: Call) -> Response:
        """Keep the kiosk's last report and tell it the server's time."""
        body = call.body
        server_time = utc_now()
        self._store.save_heartbeat(call.kiosk_id, server_time, body)
        skew = (parse_date_time(body["kiosk_time"]) - dt.datetime.now(dt.UTC)).total_seconds()
        log.info(
            "Heartbeat from %s: version %s, outbox %d pending / %d dead, clock %+.1f s, %s",
            call.kiosk_id,
            loggable(body["version"]),
            body["outbox"]["pending"],
            body["outbox"]["dead"],
            skew,
            loggable(
                ", ".join(f"{name} {state}" for name, state in sorted(body["devices"].items()))
            ),
        )
        return json_response(200, {"server_time": server_time})

    def _issue_ticket(self, call: Call) -> Response:
        """The counter's next number for today, once per idempotency key."""
        counter = call.params["counter"]
        if counter not in self._catalog.counters:
            raise ProblemError(Problem.NOT_FOUND, f"no counter {counter} in the catalog")
        local_now = dt.datetime.now().astimezone()
        written = self._store.issue_ticket(
            call.kiosk_id,
            call.idempotency_key,
            canonical_json({"counter": counter, "body": call.body}),
            counter,
            local_now.date().isoformat(),
            utc_now(),
        )
        if written.answer is not None:
            log.info(
                "Ticket %s for %s: %s",
                written.answer["number"],
                call.kiosk_id,
                written.outcome.value,
            )
        return self._idempotent_answer(written, call.idempotency_key)

    def _look_up_card(self, call: Call) -> Response:
        """Whose card this is, masked, and how the citizen confirms it."""
        card = self._card(call.params["uid"])
        return json_response(
            200,
            {
                "uid": card.uid,
                "identity": masked_identity(card.nik, card.name),
                "confirm_with": "pin" if card.pin_hash else "birth_date",
            },
        )

    def _look_up_preregistration(self, call: Call) -> Response:
        """The service and identity of a pre-registration QR's token (a credential), or 404."""
        token = call.params["token"]
        found = self._store.get_preregistration(token)
        if found is None:
            raise ProblemError(Problem.NOT_FOUND, "unknown pre-registration")
        log.info("Pre-registration for %s looked up by %s", loggable(found.service), call.kiosk_id)
        return json_response(
            200,
            {
                "token": found.token,
                "service": found.service,
                "identity": {"nik": found.nik, "name": found.name},
            },
        )

    def _confirm_card(self, call: Call) -> Response:
        """Release the full identity for a right answer; lock the card after too many wrong."""
        card = self._card(call.params["uid"])
        with self._card_lock:
            now = time.time()
            failures = self._store.card_failures_since(card.uid, now - CARD_LOCK_WINDOW_SECONDS)
            if len(failures) >= CARD_LOCK_ATTEMPTS:
                wait = failures[-CARD_LOCK_ATTEMPTS] + CARD_LOCK_WINDOW_SECONDS - now
                retry_after = max(1, math.ceil(wait))
                raise ProblemError(
                    Problem.TOO_MANY_ATTEMPTS,
                    f"{CARD_LOCK_ATTEMPTS} wrong answers for this card in "
                    f"{CARD_LOCK_WINDOW_SECONDS // 60} minutes; try again in {retry_after} s",
                    headers=(("Retry-After", str(retry_after)),),
                )
            if _answer_is_right(card, call.body):
                self._store.clear_card_failures(card.uid)
                log.info(
                    "Card %s confirmed at %s for %s %s",
                    card.uid,
                    call.kiosk_id,
                    mask_nik(card.nik),
                    mask_name(card.name),
                )
                return json_response(200, {"nik": card.nik, "name": card.name})
            self._store.add_card_failure(card.uid, now, now - CARD_LOCK_WINDOW_SECONDS)
        left = CARD_LOCK_ATTEMPTS - len(failures) - 1
        raise ProblemError(
            Problem.CONFIRMATION_FAILED,
            f"the answer does not match; {left} attempts left before the card is locked",
        )

    def _post_audit_events(self, call: Call) -> Response:
        """Store a batch of audit events, each id once per kiosk."""
        events: dict[str, str] = {}
        for event in call.body["events"]:
            event_id = event["id"].lower()
            body = canonical_json({**event, "id": event_id})
            if events.setdefault(event_id, body) != body:
                raise ProblemError(
                    Problem.IDEMPOTENCY_KEY_REUSE,
                    f"event {event_id} appears twice in the batch with different content",
                )
        conflicts = self._store.add_audit_events(call.kiosk_id, events, utc_now())
        if conflicts:
            raise ProblemError(
                Problem.IDEMPOTENCY_KEY_REUSE,
                f"event {conflicts[0]} was already received with other content",
            )
        accepted = len(call.body["events"])
        log.info("Audit: %d events from %s", accepted, call.kiosk_id)
        return json_response(202, {"accepted": accepted})

    def _card(self, uid: str) -> Card:
        """The registered card, or 404."""
        card = self._store.get_card(uid)
        if card is None:
            raise ProblemError(Problem.NOT_FOUND, "unknown card")
        return card

    def _idempotent_answer(
        self, written: Written, key: str, headers: tuple[tuple[str, str], ...] = ()
    ) -> Response:
        """201 the first time, 200 with ``Idempotent-Replayed`` for a repeat, 422 for reuse."""
        if written.outcome is Outcome.KEY_REUSE:
            raise ProblemError(
                Problem.IDEMPOTENCY_KEY_REUSE,
                f"idempotency key {key} was used for a different request",
            )
        if written.outcome is Outcome.REPLAYED:
            return json_response(200, written.answer, (*headers, ("Idempotent-Replayed", "true")))
        return json_response(201, written.answer, headers)


def _answer_is_right(card: Card, body: Mapping[str, str]) -> bool:
    """Whether the citizen answered what the card asks for: its PIN, else the date of birth."""
    if card.pin_hash is not None:
        pin = body.get("pin")
        return pin is not None and check_pin(pin, card.pin_hash)
    birth_date = body.get("birth_date")
    return birth_date is not None and birth_date_matches(card.nik, birth_date)


def _encode_cursor(seq: int) -> str:
    """An opaque cursor: clients pass it back unchanged."""
    return base64.urlsafe_b64encode(f"seq:{seq}".encode("ascii")).rstrip(b"=").decode("ascii")


def _decode_cursor(cursor: str) -> int:
    """The receipt sequence number inside a cursor this server made."""
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


def _reject_constant(name: str) -> object:
    """JSON has no NaN or Infinity; Python's parser would accept them."""
    raise ValueError(f"{name} is not JSON")


def _unique_members(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    """Refuse duplicate member names, which would make two different bodies compare equal."""
    members = dict(pairs)
    if len(members) != len(pairs):
        raise ValueError("an object has a member name twice")
    return members


def _json_bytes(payload: object) -> bytes:
    """UTF-8 JSON as sent on the wire."""
    return json.dumps(payload, ensure_ascii=False).encode("utf-8")
