"""The contract's problem types and the responses central sends (RFC 9457, JSON).

Every error of the API is a :class:`Problem`, raised anywhere as :class:`ProblemError` and
turned into ``application/problem+json`` by :func:`problem_response`; the HTTP server's own
parse errors use the same function (:mod:`central.server`).
"""

from __future__ import annotations

import enum
import json
import logging
from collections.abc import Sequence
from typing import Any

from django.http import HttpResponse

from central.contract import FieldError
from kiosk import signing

log = logging.getLogger("central.api")

MAX_BODY_BYTES = 1024 * 1024
#: What a kiosk waits before retrying when the database cannot be reached.
RETRY_AFTER_UNAVAILABLE_SECONDS = 5
Headers = tuple[tuple[str, str], ...]


class Problem(enum.Enum):
    """The problem types of the contract: slug, HTTP status and title."""

    BAD_SIGNATURE = ("bad-signature", 401, "Bad signature")
    STALE_TIMESTAMP = ("stale-timestamp", 401, "Stale timestamp")
    REPLAYED_NONCE = ("replayed-nonce", 401, "Replayed nonce")
    UNKNOWN_KIOSK = ("unknown-kiosk", 401, "Unknown kiosk")
    FORBIDDEN = ("forbidden", 403, "Forbidden")
    KIOSK_DISABLED = ("kiosk-disabled", 403, "Kiosk disabled")
    NOT_FOUND = ("not-found", 404, "Not found")
    METHOD_NOT_ALLOWED = ("method-not-allowed", 405, "Method not allowed")
    INVALID_REQUEST = ("invalid-request", 400, "Invalid request")
    PAYLOAD_TOO_LARGE = ("payload-too-large", 413, "Payload too large")
    UNSUPPORTED_MEDIA_TYPE = ("unsupported-media-type", 415, "Unsupported media type")
    IDEMPOTENCY_KEY_REUSE = ("idempotency-key-reuse", 422, "Idempotency key reused")
    REFERENCE_CONFLICT = ("reference-conflict", 409, "Reference already used")
    FOREIGN_REFERENCE = ("foreign-reference", 422, "Reference of another namespace")
    MISSING_IDEMPOTENCY_KEY = ("missing-idempotency-key", 400, "Missing idempotency key")
    CONFIRMATION_FAILED = ("confirmation-failed", 403, "Confirmation failed")
    TOO_MANY_ATTEMPTS = ("too-many-attempts", 429, "Too many attempts")
    LETTER_NOT_READY = ("letter-not-ready", 409, "Letter not ready")
    COPIES_EXHAUSTED = ("copies-exhausted", 409, "Copies exhausted")
    LETTER_REVOKED = ("letter-revoked", 410, "Letter revoked")
    IDENTITY_TOKEN_INVALID = ("identity-token-invalid", 403, "Identity token invalid")
    UNIT_CLOSED = ("unit-closed", 409, "Unit closed")
    INTERNAL_ERROR = ("internal-error", 500, "Internal error")
    SERVICE_UNAVAILABLE = ("service-unavailable", 503, "Service unavailable")

    def __init__(self, slug: str, status: int, title: str) -> None:
        self.slug = slug
        self.status = status
        self.title = title


class ProblemError(Exception):
    """Raised anywhere in a request's handling to answer with a problem response."""

    def __init__(
        self,
        problem: Problem,
        detail: str,
        *,
        errors: Sequence[FieldError] = (),
        headers: Headers = (),
    ) -> None:
        super().__init__(detail)
        self.problem = problem
        self.detail = detail
        self.errors = errors
        self.headers = headers

    def response(self) -> HttpResponse:
        """The problem response this error stands for."""
        return problem_response(self.problem, self.detail, errors=self.errors, headers=self.headers)


def problem_body(
    problem: Problem, detail: str, status: int | None = None, errors: Sequence[FieldError] = ()
) -> bytes:
    """The JSON of a problem; ``status`` overrides the type's (a 431 is an invalid request)."""
    payload: dict[str, Any] = {
        "type": f"urn:alm:problem:{problem.slug}",
        "title": problem.title,
        "status": status or problem.status,
        "detail": detail,
    }
    if errors:
        payload["errors"] = [error.as_json() for error in errors]
    return json_bytes(payload)


def problem_headers(problem: Problem, status: int | None = None) -> Headers:
    """The headers every problem carries: no caching; the signing scheme on a 401."""
    headers: Headers = (("Cache-Control", "no-store"),)
    if (status or problem.status) == 401:
        headers += (("WWW-Authenticate", signing.SCHEME),)
    if problem is Problem.SERVICE_UNAVAILABLE:
        headers += (("Retry-After", str(RETRY_AFTER_UNAVAILABLE_SECONDS)),)
    return headers


def problem_response(
    problem: Problem,
    detail: str,
    *,
    status: int | None = None,
    errors: Sequence[FieldError] = (),
    headers: Headers = (),
) -> HttpResponse:
    """An ``application/problem+json`` response."""
    response = HttpResponse(
        problem_body(problem, detail, status, errors),
        content_type="application/problem+json",
        status=status or problem.status,
    )
    for name, value in (*problem_headers(problem, status), *headers):
        response[name] = value
    return response


def json_response(status: int, payload: object, headers: Headers = ()) -> HttpResponse:
    """An ``application/json`` response that no cache may keep (it may hold personal data)."""
    response = HttpResponse(json_bytes(payload), content_type="application/json", status=status)
    response["Cache-Control"] = "no-store"
    for name, value in headers:
        response[name] = value
    return response


def json_bytes(payload: object) -> bytes:
    """UTF-8 JSON as sent on the wire."""
    return json.dumps(payload, ensure_ascii=False).encode("utf-8")


def loggable(text: str, limit: int = 80) -> str:
    """Client-supplied text made safe for a log line: control characters escaped, cut short."""
    shown = repr(text[:limit])[1:-1]
    return shown + "..." if len(text) > limit else shown
