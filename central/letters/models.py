"""Signed letters, their registers and prints, signers' keys, and the proofs kiosks present.

- :class:`Letter`: one signed letter of one letter request, with its number, verification
  code, the signed PDF as issued, who signed it and how, how many prints the village allows
  and how many were made, and its revocation. Its subject's identity is copied from the
  request when it is signed: a letter says what it said, whatever happens to the request.
  Once its request is past the retention period (:mod:`central.transactions.retention`),
  the PDF goes and the subject's NIK and name are kept masked only (``purged_at``): the
  public page still says whether the letter is genuine or revoked.
- :class:`LetterRegister`: the last number of a village's register in a year. The database
  also refuses two letters with one number (``letter_number_once``), so a number is never
  given twice, whatever the code does.
- :class:`SignerKey`: a signer's private key and certificate as PKCS#12, encrypted under
  the signer's passphrase (AES-256, PBKDF2): central never holds it unlocked between
  signatures. :class:`DevelopmentAuthority` is the CA central makes for demos and tests.
- :class:`IdentityToken`: a kiosk's proof that a citizen confirmed their identity there
  (kept as a hash); :class:`VerificationAttempt`: NIKs typed on the public verification
  page, counted for its rate limit.
"""

from __future__ import annotations

import enum

from django.conf import settings
from django.db import models
from django.db.models import Q

from central.registry.models import Kiosk, Village
from central.transactions.models import Transaction


class OnBehalf(enum.StrEnum):
    """How the signature block names a signer who is not the village head."""

    NONE = ""
    ATAS_NAMA = "a.n."
    PLT = "Plt."


class DevelopmentAuthority(models.Model):
    """The development CA (one row): its certificates say they are not legally valid.

    Its key is kept in the database unencrypted: it exists for demos and tests, and
    nothing it signs is trusted as a real signature (the letters and the verification
    page say so).
    """

    created_at = models.DateTimeField()
    key_pem = models.TextField()
    certificate_pem = models.TextField()

    def __str__(self) -> str:
        """``development CA of ...``."""
        return f"development CA of {self.created_at:%Y-%m-%d}"


class SignerKey(models.Model):
    """One signer's key, locked by their passphrase; a user has one that is not retired."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="signer_keys"
    )
    pkcs12 = models.BinaryField(help_text="Key and certificates, encrypted by the passphrase.")
    certificate_pem = models.TextField()
    subject_name = models.CharField(max_length=200, help_text="The certificate's common name.")
    fingerprint = models.CharField(max_length=64, help_text="SHA-256 of the certificate.")
    development = models.BooleanField(help_text="From the development CA: not legally valid.")
    created_at = models.DateTimeField()
    retired_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["id"]
        constraints = [
            models.UniqueConstraint(
                fields=["user"], condition=Q(retired_at__isnull=True), name="signer_key_one_live"
            )
        ]

    def __str__(self) -> str:
        """``CN (fingerprint...)``."""
        return f"{self.subject_name} ({self.fingerprint[:16]})"


class LetterRegister(models.Model):
    """The last number given in one register of a village in one year.

    ``register`` is a letter kind's id where the village keeps separate registers, else
    ``""`` for its one shared register.
    """

    village = models.ForeignKey(Village, on_delete=models.PROTECT, related_name="+")
    year = models.PositiveSmallIntegerField()
    register = models.CharField(max_length=32, blank=True, default="")
    last_number = models.PositiveIntegerField()

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["village", "year", "register"], name="letter_register_once"
            )
        ]

    def __str__(self) -> str:
        """``3510152004 2026 sktm: 41``."""
        return f"{self.village_id} {self.year} {self.register or '*'}: {self.last_number}"


class Letter(models.Model):
    """One signed letter; see the module docstring."""

    transaction = models.OneToOneField(Transaction, on_delete=models.PROTECT, related_name="letter")
    village = models.ForeignKey(Village, on_delete=models.PROTECT, related_name="letters")
    kind = models.CharField(max_length=32)
    register = models.CharField(max_length=32, blank=True, default="")
    year = models.PositiveSmallIntegerField()
    sequence = models.PositiveIntegerField()
    number = models.CharField(max_length=100)
    code = models.CharField(max_length=32, unique=True, help_text="The verification code.")
    issued_at = models.DateTimeField()
    signer = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="signed_letters"
    )
    signer_name = models.CharField(max_length=200)
    signer_position = models.CharField(max_length=200)
    on_behalf = models.CharField(
        max_length=8, blank=True, default="", choices=[(o.value, o.value) for o in OnBehalf]
    )
    backend = models.CharField(max_length=64, help_text="The signer backend that signed.")
    certificate_pem = models.TextField()
    development = models.BooleanField()
    subject_nik = models.CharField(max_length=16)
    subject_name = models.CharField(max_length=128)
    pdf = models.BinaryField()
    pdf_sha256 = models.CharField(max_length=64)
    pages = models.PositiveSmallIntegerField()
    copies_allowed = models.PositiveSmallIntegerField()
    copies_printed = models.PositiveSmallIntegerField(default=0)
    revoked_at = models.DateTimeField(null=True, blank=True)
    revoked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="revoked_letters",
        null=True,
        blank=True,
    )
    revoked_reason = models.TextField(blank=True, default="")
    purged_at = models.DateTimeField(
        null=True, blank=True, help_text="When retention erased the PDF and the full identity."
    )

    class Meta:
        ordering = ["id"]
        constraints = [
            models.UniqueConstraint(
                fields=["village", "year", "register", "sequence"], name="letter_number_once"
            ),
            models.CheckConstraint(
                condition=Q(copies_printed__lte=models.F("copies_allowed")),
                name="letter_prints_within_copies",
            ),
            models.CheckConstraint(
                condition=Q(revoked_at__isnull=True) | ~Q(revoked_reason=""),
                name="letter_revoked_with_reason",
            ),
            models.CheckConstraint(
                condition=Q(purged_at__isnull=True) | Q(pdf=b""),
                name="letter_purged_without_pdf",
            ),
        ]

    def __str__(self) -> str:
        """The number."""
        return self.number

    @property
    def revoked(self) -> bool:
        """Whether the village withdrew the letter."""
        return self.revoked_at is not None

    @property
    def copies_left(self) -> int:
        """Prints still possible: those the village allows, none once the PDF is erased."""
        if self.purged_at is not None:
            return 0
        return max(0, self.copies_allowed - self.copies_printed)


class ExtraCopy(models.TextChoices):
    """Who allowed a print beyond the village's allowance at the kiosk (contract 1.4)."""

    TECHNICIAN = "technician", "Teknisi anjungan"


class LetterPrint(models.Model):
    """One ``POST .../letter/collected``: a print a kiosk made, once per idempotency key."""

    letter = models.ForeignKey(Letter, on_delete=models.CASCADE, related_name="prints")
    kiosk = models.ForeignKey(Kiosk, on_delete=models.PROTECT, related_name="letter_prints")
    idempotency_key = models.UUIDField()
    at = models.DateTimeField(help_text="When the kiosk's printer completed it.")
    received_at = models.DateTimeField()
    request_digest = models.CharField(max_length=64)
    copies_printed = models.PositiveSmallIntegerField(help_text="The count after this print.")
    copies_allowed = models.PositiveSmallIntegerField(help_text="The copies allowed then.")
    extra_copy = models.CharField(
        max_length=16,
        choices=ExtraCopy.choices,
        blank=True,
        help_text="Who allowed this print beyond the village's allowance; empty: within it.",
    )

    class Meta:
        ordering = ["id"]
        constraints = [
            models.UniqueConstraint(
                fields=["kiosk", "idempotency_key"], name="letter_print_key_once_per_kiosk"
            )
        ]

    def __str__(self) -> str:
        """``<number> printed by <kiosk>``."""
        return f"{self.letter_id} printed by {self.kiosk_id}"


class IdentityToken(models.Model):
    """A citizen confirmed at a kiosk: usable by that kiosk only, until ``expires_at``."""

    digest = models.CharField(max_length=64, unique=True, help_text="SHA-256 of the token.")
    kiosk = models.ForeignKey(Kiosk, on_delete=models.CASCADE, related_name="+")
    nik = models.CharField(max_length=16)
    expires_at = models.DateTimeField(db_index=True)

    def __str__(self) -> str:
        """The kiosk and expiry (never the NIK)."""
        return f"{self.kiosk_id} until {self.expires_at}"


class VerificationAttempt(models.Model):
    """A NIK typed on the public page to get a letter's PDF, counted for the rate limit."""

    code = models.CharField(max_length=32)
    address = models.CharField(max_length=64)
    at = models.DateTimeField()
    right = models.BooleanField()

    class Meta:
        indexes = [
            models.Index(fields=["code", "at"], name="verification_attempt_code"),
            models.Index(fields=["address", "at"], name="verification_attempt_address"),
        ]

    def __str__(self) -> str:
        """``<code> from <address>``."""
        return f"{self.code} from {self.address}"
