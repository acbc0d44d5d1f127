"""The contract's request checks, in its order, around every operation's view.

``@operation("POST", "/v1/transactions", body="TransactionCreate")`` turns a function of a
checked :class:`Call` into a Django view that first does what "Request checks" in
``openapi.yaml`` lists after the body size (which :mod:`central.api.middleware` checks
before anything else): the method (405 with ``Allow``), the path parameters (404), the
signature with its nonce (401, "Signing"), the query (400), the ``Idempotency-Key`` (400),
the media type (415) and the body (400). Parameters and schemas come from the contract
itself (:mod:`central.contract`), so the server cannot drift from it. A regency's own
implementation copies this order.
"""

from __future__ import annotations

import datetime as dt
import json
import logging
import time
import uuid
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from functools import cache, cached_property
from typing import Any
from urllib.parse import parse_qsl

from django.http import HttpRequest, HttpResponse
from django.utils import timezone
from django.views.decorators.csrf import csrf_exempt

from central.api.models import Nonce
from central.api.problems import Problem, ProblemError, loggable
from central.contract import Contract, FieldError, Parameter, child_path, load_spec
from central.registry.kiosks import signing_kiosks
from central.registry.models import Kiosk
from kiosk import signing

log = logging.getLogger("central.api")


@dataclass(frozen=True)
class Call:
    """A request that passed every check, as an operation receives it."""

    request: HttpRequest
    kiosk: Kiosk | None
    params: Mapping[str, str]
    query: Mapping[str, Any]
    body: Any
    key: uuid.UUID | None
    now: dt.datetime

    @property
    def signer(self) -> Kiosk:
        """The signing kiosk (every operation but the health probe is signed)."""
        if self.kiosk is None:
            raise TypeError("an unsigned operation has no signing kiosk")
        return self.kiosk

    @property
    def idempotency_key(self) -> uuid.UUID:
        """The ``Idempotency-Key`` of an operation that takes one."""
        if self.key is None:
            raise TypeError("this operation takes no Idempotency-Key")
        return self.key


Endpoint = Callable[[Call], HttpResponse]
View = Callable[..., HttpResponse]


@cache
def contract() -> Contract:
    """The contract's validators, built once per process."""
    return Contract(load_spec())


def operation(
    method: str, template: str, *, body: str | None = None, signed: bool = True
) -> Callable[[Endpoint], View]:
    """Make ``endpoint`` the view of one operation of the contract; see the module docstring.

    Args:
        method: The operation's method, e.g. ``POST``.
        template: Its path in the contract, e.g. ``/v1/transactions/{reference}``.
        body: The name of the request body's schema, if it takes a body.
        signed: False only for the health probe.

    """

    def decorate(endpoint: Endpoint) -> View:
        checks = RequestChecks(method, template, body, signed)

        @csrf_exempt
        def view(request: HttpRequest, **params: str) -> HttpResponse:
            return checks.run(request, params, endpoint)

        view.__name__ = endpoint.__name__
        view.__doc__ = endpoint.__doc__
        return view

    return decorate


class RequestChecks:
    """The checks of one operation, its contract parameters loaded on first use."""

    def __init__(self, method: str, template: str, body: str | None, signed: bool) -> None:
        self._method = method
        self._template = template
        self._body_schema = body
        self._signed = signed

    @cached_property
    def _parameters(self) -> dict[str, dict[str, Parameter]]:
        """The operation's declared parameters by location (path, query, header) and name."""
        found: dict[str, dict[str, Parameter]] = {"path": {}, "query": {}, "header": {}}
        for parameter in contract().parameters(self._template, self._method):
            found[parameter.location][parameter.name] = parameter
        return found

    def run(
        self, request: HttpRequest, params: Mapping[str, str], endpoint: Endpoint
    ) -> HttpResponse:
        """Every check in order, then the operation; a failed check answers its problem."""
        try:
            if request.method != self._method:
                raise ProblemError(
                    Problem.METHOD_NOT_ALLOWED,
                    f"{request.path} takes {self._method}, not {loggable(request.method or '')}",
                    headers=(("Allow", self._method),),
                )
            path = self._path(params)
            kiosk = authenticate(request) if self._signed else None
            call = Call(
                request=request,
                kiosk=kiosk,
                params=path,
                query=self._query(request),
                key=self._idempotency_key(request),
                body=self._body(request),
                now=timezone.now(),
            )
            return endpoint(call)
        except ProblemError as exc:
            log.info(
                "%s %s: %s (%s)",
                loggable(request.method or ""),
                loggable(request.path),
                exc.problem.slug,
                loggable(exc.detail, 300),
            )
            return exc.response()

    def _path(self, params: Mapping[str, str]) -> dict[str, str]:
        """The path parameters, each matching its pattern, else 404."""
        for name, value in params.items():
            _, problems = self._parameters["path"][name].parse(value)
            if problems:
                raise ProblemError(Problem.NOT_FOUND, f"no such path: {name} {problems[0]}")
        return dict(params)

    def _query(self, request: HttpRequest) -> dict[str, Any]:
        """Query parameters checked against the contract; unknown or repeated ones are errors."""
        declared = self._parameters["query"]
        query_string = request.META.get("QUERY_STRING", "")
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

    def _idempotency_key(self, request: HttpRequest) -> uuid.UUID | None:
        """The operation's ``Idempotency-Key``; None if it takes none."""
        parameter = self._parameters["header"].get("Idempotency-Key")
        if parameter is None:
            return None
        raw = (request.headers.get("Idempotency-Key") or "").strip()
        _, problems = parameter.parse(raw)
        if problems:
            raise ProblemError(
                Problem.MISSING_IDEMPOTENCY_KEY, "the Idempotency-Key header must be a UUID"
            )
        return uuid.UUID(raw)

    def _body(self, request: HttpRequest) -> Any:
        """The JSON body, checked against the operation's schema; None if it takes no body."""
        if self._body_schema is None:
            return None
        content_type = request.headers.get("Content-Type") or ""
        media_type, *options = (part.strip().lower() for part in content_type.split(";"))
        charset_ok = all(option in ("", "charset=utf-8", 'charset="utf-8"') for option in options)
        if media_type != "application/json" or not charset_ok:
            shown = repr(content_type[:80]) if content_type else "no Content-Type"
            raise ProblemError(
                Problem.UNSUPPORTED_MEDIA_TYPE, f"send the body as application/json, not {shown}"
            )
        body = parse_json(request.body)
        errors = contract().errors(self._body_schema, body)
        if errors:
            raise ProblemError(
                Problem.INVALID_REQUEST,
                f"the body does not match {self._body_schema}",
                errors=errors,
            )
        return body


def authenticate(request: HttpRequest) -> Kiosk:
    """The signing kiosk, after the checks "Signing" in the contract lists, in its order.

    A request refused before the nonce check leaves its nonce unused; one that passes it
    uses it up, whatever its answer. A disabled kiosk is refused after its signature is
    checked, so only the holder of its secret learns that it is disabled.
    """
    try:
        signed = signing.parse_headers(request.headers)
    except signing.SignatureError as exc:
        raise ProblemError(Problem.BAD_SIGNATURE, str(exc)) from None
    found = signing_kiosks().get(signed.kiosk_id)
    if found is None:
        raise ProblemError(
            Problem.UNKNOWN_KIOSK, f"kiosk {signed.kiosk_id[:64]!r} is not registered"
        )
    kiosk = found.kiosk
    now = time.time()
    skew = signed.timestamp - now
    if abs(skew) > signing.MAX_SKEW_SECONDS:
        raise ProblemError(
            Problem.STALE_TIMESTAMP,
            f"timestamp {signed.timestamp} is {skew:+.0f} s from the server's clock; "
            f"at most {signing.MAX_SKEW_SECONDS} s is accepted",
        )
    try:
        signing.verify(
            signed,
            found.secret,
            request.method or "",
            raw_target(request),
            request.body,
            now=now,
        )
    except signing.SignatureError as exc:
        raise ProblemError(Problem.BAD_SIGNATURE, str(exc)) from None
    if not kiosk.is_active:
        raise ProblemError(
            Problem.KIOSK_DISABLED, f"kiosk {kiosk.kiosk_id} is disabled; its requests are refused"
        )
    if not Nonce.remember(kiosk, signed.nonce, timezone.now()):
        raise ProblemError(
            Problem.REPLAYED_NONCE, f"nonce {signed.nonce} was already used by this kiosk"
        )
    return kiosk


def raw_target(request: HttpRequest) -> str:
    """The request target exactly as it was on the request line: what the kiosk signed.

    Django's own path is decoded and re-encoded; the WSGI server keeps the raw one
    (``REQUEST_URI`` in waitress, ``RAW_URI`` in gunicorn's own workers).
    """
    meta = request.META
    raw = meta.get("REQUEST_URI") or meta.get("RAW_URI")
    return str(raw) if raw else request.get_full_path()


def parse_json(data: bytes) -> Any:
    """Strict JSON: UTF-8, no NaN or Infinity, no repeated member names, only storable text.

    Python's parser accepts all of those. NaN and repeated names would let two different
    bodies compare equal; a lone surrogate or U+0000 would fail later, when the text is
    stored (PostgreSQL keeps neither), as a 500 instead of the client's 400.
    """
    try:
        value = json.loads(
            data.decode("utf-8"), parse_constant=_reject_constant, object_pairs_hook=_unique_members
        )
    except (UnicodeDecodeError, ValueError, RecursionError) as exc:
        raise ProblemError(
            Problem.INVALID_REQUEST,
            f"the body is not UTF-8 JSON: {exc}",
            errors=[FieldError("body", "$", "must be a JSON document")],
        ) from None
    where = _unstorable_text(value)
    if where is not None:
        raise ProblemError(
            Problem.INVALID_REQUEST,
            "the body holds text no database keeps: a lone surrogate or U+0000",
            errors=[FieldError("body", where, "must hold no lone surrogate and no U+0000")],
        )
    return value


def _unstorable_text(value: Any) -> str | None:
    """The JSON path of the first string (or member name) that cannot be stored, if any.

    Walked with a stack, not recursion: the parser already accepted the nesting depth, and
    a recursive walk must not fail where the parser did not.
    """
    stack: list[tuple[str, Any]] = [("$", value)]
    while stack:
        path, node = stack.pop()
        if isinstance(node, str):
            if not _storable(node):
                return path
        elif isinstance(node, dict):
            for name, member in node.items():
                if not _storable(name):
                    return path
                stack.append((child_path(path, name), member))
        elif isinstance(node, list):
            stack.extend((f"{path}[{index}]", item) for index, item in enumerate(node))
    return None


def _storable(text: str) -> bool:
    """Valid Unicode (no lone surrogate) without U+0000."""
    if "\x00" in text:
        return False
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


def _reject_constant(name: str) -> object:
    """JSON has no NaN or Infinity; Python's parser would accept them."""
    raise ValueError(f"{name} is not JSON")


def _unique_members(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    """Refuse duplicate member names, which would make two different bodies compare equal."""
    members = dict(pairs)
    if len(members) != len(pairs):
        raise ValueError("an object has a member name twice")
    return members
