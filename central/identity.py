"""Masking of citizens' identities, card confirmation by date of birth, and PIN hashes.

A NIK leaves the server unmasked only in the answer to a card confirmation or to a
pre-registration lookup (both prove the citizen); everything
else (responses, logs) goes through :func:`mask_nik` and :func:`mask_name`.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import secrets

_SCRYPT_N = 2**14
_SCRYPT_R = 8
_SCRYPT_P = 1
_SALT_BYTES = 16
_FEMALE_DAY_OFFSET = 40


def mask_nik(nik: str) -> str:
    """The NIK with digits 7 to 12 (the birth date and sex) replaced by ``*``."""
    return nik[:6] + "*" * len(nik[6:12]) + nik[12:]


def mask_name(name: str) -> str:
    """The first letter of each word, the rest as ``*``: enough to recognise, not to read."""
    return " ".join(word[0] + "*" * (len(word) - 1) for word in name.split())


def masked_identity(nik: str, name: str) -> dict[str, str]:
    """The ``MaskedIdentity`` schema's form."""
    return {"nik": mask_nik(nik), "name": mask_name(name)}


def nik_birth_date_is_possible(nik: str) -> bool:
    """Whether NIK digits 7 to 12 read as a calendar day (some year), so a card can use them."""
    day, month = int(nik[6:8]), int(nik[8:10])
    day -= _FEMALE_DAY_OFFSET if day > _FEMALE_DAY_OFFSET else 0
    try:
        dt.date(2000, month, day)  # a leap year, so 29 February is possible
    except ValueError:
        return False
    return True


def birth_date_matches(nik: str, answer: str) -> bool:
    """Whether ``answer`` (``YYYY-MM-DD``) is the date of birth in NIK digits 7 to 12.

    The citizen picks the date; central applies the NIK's rules itself: women's days are
    40 more, and the NIK holds only the year's last two digits, so the year is compared
    modulo 100. A date that is not on the calendar never matches.
    """
    try:
        born = dt.date.fromisoformat(answer)
    except ValueError:
        return False
    day = born.day + (_FEMALE_DAY_OFFSET if int(nik[6:8]) > _FEMALE_DAY_OFFSET else 0)
    expected = f"{day:02d}{born.month:02d}{born.year % 100:02d}"
    return hmac.compare_digest(expected, nik[6:12])


def hash_pin(pin: str) -> str:
    """A salted scrypt hash, so a copied database does not reveal the PINs."""
    salt = secrets.token_bytes(_SALT_BYTES)
    digest = _scrypt(pin, salt, _SCRYPT_N, _SCRYPT_R, _SCRYPT_P)
    return f"scrypt${_SCRYPT_N}${_SCRYPT_R}${_SCRYPT_P}${salt.hex()}${digest.hex()}"


def check_pin(pin: str, stored: str) -> bool:
    """Whether ``pin`` is the one hashed into ``stored``, in constant time."""
    scheme, n, r, p, salt, digest = stored.split("$")
    if scheme != "scrypt":
        raise ValueError(f"unknown PIN hash scheme {scheme!r}")
    candidate = _scrypt(pin, bytes.fromhex(salt), int(n), int(r), int(p))
    return hmac.compare_digest(candidate.hex(), digest)


def _scrypt(pin: str, salt: bytes, n: int, r: int, p: int) -> bytes:
    """Scrypt with parameters stored beside the hash, so they can be raised later."""
    return hashlib.scrypt(pin.encode("utf-8"), salt=salt, n=n, r=r, p=p, dklen=32)
