"""Masking of citizens' identities, and the date-of-birth check of a card confirmation.

A NIK leaves the server unmasked only in the answer to a card confirmation or to a
pre-registration lookup (both prove the citizen); everything else (responses, logs) goes
through :func:`mask_nik` and :func:`mask_name`. The masked NIK hides digits 7 to 12, the
date of birth, which is exactly what a card confirmation asks for (:func:`born_on`).
"""

from __future__ import annotations

import datetime as dt
import hmac

#: Women's NIKs carry the day of birth plus 40 (``PPKKCC DDMMYY SSSS``).
FEMALE_DAY_OFFSET = 40


def mask_nik(nik: str) -> str:
    """The NIK with digits 7 to 12 (the birth date and sex) replaced by ``*``."""
    return nik[:6] + "*" * len(nik[6:12]) + nik[12:]


def mask_name(name: str) -> str:
    """The first letter of each word, the rest as ``*``: enough to recognise, not to read."""
    return " ".join(word[0] + "*" * (len(word) - 1) for word in name.split())


def masked_identity(nik: str, name: str) -> dict[str, str]:
    """The ``MaskedIdentity`` schema's form."""
    return {"nik": mask_nik(nik), "name": mask_name(name)}


def born_on(nik: str, birth_date: dt.date) -> bool:
    """Whether the NIK's digits 7 to 12 (``DDMMYY``) encode ``birth_date``.

    Women's NIKs add 40 to the day, so the citizen picks their real date and central does
    the arithmetic: nobody types those digits. Only the year's last two digits are in the
    NIK, so the year is compared modulo 100. Compared in constant time, like a PIN.
    """
    day = birth_date.day
    encoded = nik[6:12]
    candidates = (
        f"{day:02d}{birth_date.month:02d}{birth_date.year % 100:02d}",
        f"{day + FEMALE_DAY_OFFSET:02d}{birth_date.month:02d}{birth_date.year % 100:02d}",
    )
    matches = [hmac.compare_digest(encoded, candidate) for candidate in candidates]
    return any(matches)
