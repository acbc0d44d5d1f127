"""Logins, failed logins, lockouts and logouts into the audit trail, from Django's signals."""

from __future__ import annotations

from typing import Any

from axes.signals import user_locked_out
from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.dispatch import receiver
from django.http import HttpRequest

from central.office import audit
from central.office.models import Action

_MAX_NAME = 150


@receiver(user_logged_in)
def logged_in(sender: Any, request: HttpRequest, user: Any, **kwargs: Any) -> None:
    """A successful login."""
    audit.record(audit.Actor.of(request), Action.LOGIN, user.get_username())


@receiver(user_logged_out)
def logged_out(sender: Any, request: HttpRequest, user: Any, **kwargs: Any) -> None:
    """A logout (a session that simply expires leaves no entry)."""
    if user is not None:
        actor = audit.Actor(user, user.get_username(), audit.client_address(request))
        audit.record(actor, Action.LOGOUT, user.get_username())


@receiver(user_login_failed)
def login_failed(
    sender: Any, credentials: dict[str, Any], request: HttpRequest | None = None, **kwargs: Any
) -> None:
    """A wrong password, an unknown or inactive user, or a try while locked out."""
    name = str(credentials.get("username", ""))[:_MAX_NAME]
    address = audit.client_address(request) if request is not None else None
    audit.record(audit.Actor(None, name, address), Action.LOGIN_FAILED, name)


@receiver(user_locked_out)
def locked_out(
    sender: Any, request: HttpRequest, username: str | None, ip_address: str | None, **kwargs: Any
) -> None:
    """Too many failures: the name (or the address) is locked for the cool-off time."""
    name = (username or "")[:_MAX_NAME]
    audit.record(audit.Actor(None, name, ip_address), Action.LOCKED_OUT, name)
