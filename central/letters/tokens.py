"""Identity tokens: a kiosk's proof, for a few minutes, that a citizen confirmed who they are.

A token is given with each confirmed card and for a typed NIK confirmed by its card's PIN
(contract, "Identity tokens"); it lets that kiosk alone list and fetch the citizen's
letters. Only its SHA-256 is stored, so a copy of the database holds no usable token.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import secrets
from dataclasses import dataclass

from central.letters.models import IdentityToken
from central.registry.models import Kiosk

#: How long a token lasts: enough to choose and print a letter, not to walk away with it.
TOKEN_LIFETIME = dt.timedelta(minutes=5)
_TOKEN_BYTES = 32


@dataclass(frozen=True)
class IssuedToken:
    """A new token (43 URL-safe characters) and when it expires."""

    token: str
    expires_at: dt.datetime


def issue(kiosk: Kiosk, nik: str, now: dt.datetime) -> IssuedToken:
    """A new token for ``nik`` at ``kiosk``; expired tokens are swept on the way."""
    IdentityToken.objects.filter(expires_at__lte=now).delete()
    token = secrets.token_urlsafe(_TOKEN_BYTES)
    expires_at = now + TOKEN_LIFETIME
    IdentityToken.objects.create(digest=_digest(token), kiosk=kiosk, nik=nik, expires_at=expires_at)
    return IssuedToken(token, expires_at)


def nik_for(token: str, kiosk: Kiosk, now: dt.datetime) -> str | None:
    """The NIK a token of this kiosk stands for, or None if it is unknown, expired or foreign."""
    found = IdentityToken.objects.filter(
        digest=_digest(token), kiosk=kiosk, expires_at__gt=now
    ).first()
    return found.nik if found is not None else None


def _digest(token: str) -> str:
    return hashlib.sha256(token.encode("ascii")).hexdigest()
