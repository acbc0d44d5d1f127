"""What wraps every request: the body-size check first, and failures as problems.

- A body over 1 MiB is ``413`` before anything else looks at the request (contract,
  "Request checks" 1); the server has read and dropped it already, up to 8 MiB.
- A database that cannot be reached (PostgreSQL down, SQLite locked past its busy timeout)
  is ``503 service-unavailable`` with ``Retry-After``, logged in one line: the kiosk retries
  with the same idempotency key, and central recovers by itself when the database is back.
- Anything else that fails is ``500 internal-error`` with the traceback in the log, never in
  the answer.
- Every answer but a 204 or 304 carries ``Content-Length``, so connections are kept alive.
"""

from __future__ import annotations

import logging
from collections.abc import Callable

from django.db import InterfaceError, OperationalError
from django.http import HttpRequest, HttpResponse, HttpResponseBase

from central.api.problems import (
    MAX_BODY_BYTES,
    RETRY_AFTER_UNAVAILABLE_SECONDS,
    Problem,
    loggable,
    problem_response,
)

log = logging.getLogger("central.api")

_NO_BODY_STATUSES = (204, 304)
API_PREFIX = "/v1/"


class ApiMiddleware:
    """See the module docstring."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponseBase]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponseBase:
        """Refuse an oversized body, else handle the request; then frame the answer."""
        length = request.META.get("CONTENT_LENGTH") or "0"
        if length.isdigit() and int(length) > MAX_BODY_BYTES:
            response: HttpResponseBase = problem_response(
                Problem.PAYLOAD_TOO_LARGE,
                f"the body is {int(length)} bytes; at most {MAX_BODY_BYTES} are accepted",
            )
        else:
            response = self.get_response(request)
        if isinstance(response, HttpResponse) and response.status_code not in _NO_BODY_STATUSES:
            response["Content-Length"] = str(len(response.content))
            if request.method == "HEAD":
                # The headers a GET would get, never its body: a body after a HEAD answer
                # would be read as the next answer on a kept-alive connection.
                response.content = b""
        return response

    def process_exception(self, request: HttpRequest, exception: Exception) -> HttpResponse | None:
        """A view's failure as a problem: 503 when the database is away, else 500.

        Only for the API: pages for people (the back office) fail through Django's
        ``handler500``, as a page.
        """
        if not request.path.startswith(API_PREFIX):
            return None
        where = f"{loggable(request.method or '')} {loggable(request.path)}"
        if isinstance(exception, OperationalError | InterfaceError):
            log.warning(
                "%s: the database is not reachable: %s", where, loggable(str(exception), 200)
            )
            response = problem_response(
                Problem.SERVICE_UNAVAILABLE,
                f"the database is not reachable; retry in {RETRY_AFTER_UNAVAILABLE_SECONDS} s",
            )
        else:
            log.error("%s failed", where, exc_info=exception)
            response = problem_response(
                Problem.INTERNAL_ERROR, "the server failed; retry later with the same key"
            )
        # Logged above, once: Django's own "Service Unavailable" / "Internal Server Error"
        # lines at ERROR would repeat it (Django's flag for "already logged").
        response._has_been_logged = True  # type: ignore[attr-defined]
        return response
