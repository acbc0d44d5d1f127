"""Card UIDs with the identity they stand for, their wrong confirmations, and pre-registrations.

A kiosk without Dukcapil's SAM reads only a card's UID; central says whose card it is
(masked) and releases the identity once the citizen answers the challenge: the date of birth
(checked against the NIK's digits 7 to 12, which no lookup shows) or the card's PIN. Five
wrong answers within 15 minutes lock the card; the count lives in the database, so it holds
across worker processes.
"""

from __future__ import annotations

import datetime as dt
import enum
import math
from collections.abc import Mapping
from dataclasses import dataclass

from django.contrib.auth.hashers import check_password, make_password
from django.db import models, transaction
from django.db.models import Q

from central.identity import born_on

LOCK_ATTEMPTS = 5
LOCK_WINDOW = dt.timedelta(minutes=15)


class Challenge(enum.StrEnum):
    """What a card's confirmation asks for (``confirm_with`` in the contract)."""

    BIRTH_DATE = "birth_date"
    PIN = "pin"


class Verdict(enum.Enum):
    """How a confirmation ended."""

    CONFIRMED = "confirmed"
    WRONG = "wrong"
    LOCKED = "locked"


@dataclass(frozen=True)
class Confirmation:
    """The verdict, the attempts left after a wrong answer, the seconds to wait when locked."""

    verdict: Verdict
    attempts_left: int = 0
    retry_after: int = 0


class Card(models.Model):
    """A card UID (upper-case hex) registered with ``python -m central add-card``."""

    uid = models.CharField(max_length=20, unique=True)
    nik = models.CharField(max_length=16)
    name = models.CharField(max_length=128)
    pin_hash = models.CharField(
        max_length=256, blank=True, default="", help_text="Django's Argon2 hash of the PIN."
    )

    class Meta:
        ordering = ["uid"]
        constraints = [
            models.CheckConstraint(
                condition=Q(uid__regex=r"^[0-9A-F]{8,20}$"), name="card_uid_upper_hex"
            ),
            models.CheckConstraint(condition=Q(nik__regex=r"^[0-9]{16}$"), name="card_nik_digits"),
        ]

    def __str__(self) -> str:
        """The UID (never the NIK)."""
        return self.uid

    @property
    def challenge(self) -> Challenge:
        """The PIN when the card has one, else the date of birth."""
        return Challenge.PIN if self.pin_hash else Challenge.BIRTH_DATE

    def set_pin(self, pin: str | None) -> None:
        """Keep only a salted hash of ``pin``; None removes it."""
        self.pin_hash = make_password(pin) if pin else ""

    def answers(self, answer: Mapping[str, str]) -> bool:
        """Whether ``answer`` (a ``CardConfirm`` body) is right for this card's challenge.

        An answer of the other kind is wrong, so a PIN card cannot be opened with a date.
        """
        if self.challenge is Challenge.PIN:
            pin = answer.get("pin")
            return pin is not None and check_password(pin, self.pin_hash)
        birth_date = answer.get("birth_date")
        return birth_date is not None and born_on(self.nik, dt.date.fromisoformat(birth_date))

    def confirm(self, answer: Mapping[str, str], now: dt.datetime) -> Confirmation:
        """Check an answer under the lockout: count it if wrong, clear the count if right.

        The answer is checked before the card's row is locked (a PIN hash takes a while);
        the count is read and written under the lock, so parallel guesses are counted.
        """
        right = self.answers(answer)
        window_start = now - LOCK_WINDOW
        with transaction.atomic():
            Card.objects.select_for_update().filter(pk=self.pk).first()
            failures = list(
                self.failures.filter(at__gte=window_start)
                .order_by("at")
                .values_list("at", flat=True)
            )
            if len(failures) >= LOCK_ATTEMPTS:
                unlocks = failures[-LOCK_ATTEMPTS] + LOCK_WINDOW
                wait = math.ceil((unlocks - now).total_seconds())
                return Confirmation(Verdict.LOCKED, retry_after=max(1, wait))
            if right:
                self.failures.all().delete()
                return Confirmation(Verdict.CONFIRMED)
            self.failures.filter(at__lt=window_start).delete()
            CardFailure.objects.create(card=self, at=now)
        return Confirmation(Verdict.WRONG, attempts_left=LOCK_ATTEMPTS - len(failures) - 1)


class CardFailure(models.Model):
    """One wrong confirmation of a card, counted for the lockout."""

    card = models.ForeignKey(Card, on_delete=models.CASCADE, related_name="failures")
    at = models.DateTimeField()

    class Meta:
        indexes = [models.Index(fields=["card", "at"], name="card_failure_recent")]

    def __str__(self) -> str:
        """``04A1B2C3 at ...``."""
        return f"{self.card_id} at {self.at}"


class Preregistration(models.Model):
    """A pre-registration made on a citizen's phone; the kiosk scans ``ALM-PRE1:<token>``."""

    token = models.CharField(max_length=64, unique=True)
    service = models.CharField(max_length=64)
    nik = models.CharField(max_length=16)
    name = models.CharField(max_length=128)

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=Q(token__regex=r"^[A-Za-z0-9_-]{16,64}$"), name="preregistration_token"
            ),
            models.CheckConstraint(
                condition=Q(nik__regex=r"^[0-9]{16}$"), name="preregistration_nik_digits"
            ),
        ]

    def __str__(self) -> str:
        """The service (never the token, a credential)."""
        return f"pre-registration for {self.service}"
