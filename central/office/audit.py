"""The staff's audit trail: who did or saw what, when, and from where.

Every view of a citizen's data and every action in the back office (and every shell command
that mirrors one) goes through :func:`record`, with an :class:`Actor`: the logged-in user and
the address their request came from, or the system user at the shell. Logins, failed logins
and logouts are recorded from Django's signals (:mod:`central.office.signals`).

"From where" is the address the server saw. Behind a reverse proxy that is the proxy's own,
unless the server is told to trust the proxy's ``X-Forwarded-For`` (the README's "Back
office" says how).
"""

from __future__ import annotations

import getpass
import ipaddress
import logging
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from django.http import HttpRequest
from django.utils import timezone

from central.office.models import Action, AuditEntry

log = logging.getLogger("central.office.audit")

_MAX_PATH = 300


def client_address(request: HttpRequest) -> str | None:
    """The address a request came from, or None when the server did not give a valid one."""
    address = request.META.get("REMOTE_ADDR", "")
    try:
        return str(ipaddress.ip_address(address))
    except ValueError:
        return None


@dataclass(frozen=True)
class Actor:
    """Who acts: a logged-in user (with where from), or an operator at the shell."""

    user: Any
    name: str
    address: str | None = None
    path: str = ""

    @classmethod
    def of(cls, request: HttpRequest) -> Actor:
        """The request's user and address."""
        user = request.user if request.user.is_authenticated else None
        name = user.get_username() if user is not None else ""
        return cls(user, name, client_address(request), request.get_full_path()[:_MAX_PATH])

    @classmethod
    def shell(cls) -> Actor:
        """An operator running ``python -m central`` (the system user's name)."""
        try:
            name = getpass.getuser()
        except (KeyError, OSError):
            name = "unknown"
        return cls(None, f"shell:{name}"[:160])


def record(
    actor: Actor, action: Action, target: str = "", detail: Mapping[str, Any] | None = None
) -> AuditEntry:
    """Add one entry to the audit trail (and one log line, without the detail)."""
    entry = AuditEntry.objects.create(
        at=timezone.now(),
        user=actor.user,
        actor=actor.name[:160],
        action=action.value,
        target=target[:160],
        detail=dict(detail or {}),
        address=actor.address,
        path=actor.path,
    )
    log.info("%s %s %s from %s", actor.name, action.value, target or "-", actor.address or "-")
    return entry
