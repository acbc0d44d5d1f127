"""What the back office (and ``python -m central``) does with letters.

- :func:`sign` and :func:`sign_batch`: the village head (or the official the village
  configured to sign "a.n." or as Plt.) signs verified requests with their passphrase:
  each gets the next number of its register, its PDF and a PAdES signature in one database
  transaction, so a failure anywhere leaves no number used and nothing half-issued; the
  request moves to ``signed`` and, with its letter issued, to ``ready``.
- :func:`revoke`: the head (or Plt.) withdraws a letter with a reason; the public page and
  the kiosks then say so.
- :func:`allow_copy`: the village (its operator, head or signer) allows one more print of
  a letter, with a reason: a citizen who lost theirs, a print the printer spoiled.

Who may do what is decided in :mod:`central.letters.authority` (with the review of a
request), once: a user acts only on their village (their
:class:`~central.registry.models.RoleGrant`), so a back-office view passes the user and
never checks roles itself. Every refusal is :class:`LetterRefusedError`, with a message for
staff.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import logging
import secrets
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, cast

from cryptography.hazmat.primitives import serialization
from django.apps import apps
from django.contrib.auth.models import User
from django.db import transaction
from django.db.models import F
from django.utils import timezone

from central.api.apps import ApiConfig
from central.environment import ConfigurationError, Environment
from central.letters import plugin
from central.letters.authority import (
    MAX_REASON,
    LetterRefusedError,
    find_request,
    letters_config,
    require_copy_granter,
    require_revoker,
    signing_position,
    user_name,
    village_of,
    village_settings,
)
from central.letters.config import LettersConfig, VillageLetters
from central.letters.kinds import LetterKind
from central.letters.models import Letter, LetterRegister
from central.letters.plugin import SignerBackend, SigningError, SigningRequest
from central.letters.render import LetterContent, Signature, compose, render_pdf
from central.letters.signers import backend, check_signed
from central.letters.states import kind_for
from central.registry.models import Village
from central.storage import retry_once_on_conflict
from central.transactions.models import Transaction
from central.transactions.workflow import TransactionState, Via

log = logging.getLogger("central.letters")

#: Verification codes: no 0/O, 1/I/L or U/V look-alikes; 18 characters are 88 random bits.
CODE_ALPHABET = "23456789ABCDEFGHJKMNPQRSTWXYZ"
CODE_LENGTH = 18
_ROMAN = ("I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X", "XI", "XII")

READY_MESSAGE = {
    "id": "Surat siap dicetak di anjungan. Pindai struk ini di anjungan desa untuk mencetaknya.",
    "en": "The letter is ready to print at a kiosk. Scan this receipt at a village kiosk.",
}


class PassphraseRefusedError(LetterRefusedError):
    """The signer's passphrase was refused: every other letter of a batch would be too."""


class NoSigningKeyError(LetterRefusedError):
    """The signer backend has no key for the user (``python -m central signer-key``)."""


def has_signing_key(user: Any) -> bool:
    """Whether the configured signer backend can sign for ``user``."""
    return backend(Environment.read().signer).identity(user.get_username()) is not None


@dataclass(frozen=True)
class SignOutcome:
    """One request of a batch: its letter, or why it was not signed.

    ``passphrase_refused`` marks the request whose signature the passphrase failed (the
    batch stops there): the back office then asks for the passphrase again.
    """

    reference: str
    letter: Letter | None = None
    refusal: str | None = None
    passphrase_refused: bool = False


def public_url() -> str:
    """``CENTRAL_PUBLIC_URL``; ConfigurationError when it is not set."""
    url = Environment.read().public_url
    if url is None:
        raise ConfigurationError(
            "CENTRAL_PUBLIC_URL: expected the URL where the public reaches central (the "
            "base of each letter's verification QR), found nothing"
        )
    return url


def sign(
    record: Transaction,
    user: User,
    passphrase: str,
    now: dt.datetime | None = None,
) -> Letter:
    """Number, render, sign and issue the letter of one verified request; see the module."""
    now = now or timezone.now()
    config = letters_config()
    village = village_of(record)
    settings = village_settings(config, village)
    kind = _kind(record)
    signature_lines, on_behalf = signing_position(user, village, settings)
    signer = backend(Environment.read().signer)
    identity = signer.identity(user.get_username())
    if identity is None:
        raise NoSigningKeyError(
            f"{user_name(user)} has no signing key with signer {signer.name}; import one with "
            f"python -m central signer-key --user {user.get_username()}"
        )
    nik, name = _identity(record)
    year = timezone.localdate(now).year
    register = settings.register_of(kind.id)
    _open_register(village, year, register, settings.first_number(year, register))
    with transaction.atomic():
        locked = Transaction.objects.select_for_update().get(pk=record.pk)
        if locked.state is not TransactionState.VERIFIED:
            raise LetterRefusedError(
                f"{record.reference} is {locked.status}; only a verified request is signed"
            )
        sequence = _take_number(village, year, register)
        number = _number(settings, kind, sequence, register, timezone.localtime(now))
        code = "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))
        content = _content(
            locked,
            config=config,
            village=village,
            kind=kind,
            identity=(nik, name),
            number=number,
            now=now,
            signature=Signature(identity.name, signature_lines, identity.development),
            code=code,
        )
        rendered = render_pdf(content)
        signed = _sign(signer, rendered.pdf, user, passphrase, kind, number, village)
        try:
            checked = check_signed(rendered.pdf, signed)
        except SigningError as exc:
            raise LetterRefusedError(
                f"{signer.name} returned a letter that fails its check: {exc}"
            ) from None
        letter = Letter.objects.create(
            transaction=locked,
            village=village,
            kind=kind.id,
            register=register,
            year=year,
            sequence=sequence,
            number=number,
            code=code,
            issued_at=now,
            signer=user,
            signer_name=identity.name,
            signer_position=" / ".join(signature_lines),
            on_behalf=on_behalf.value,
            backend=signer.name,
            certificate_pem=checked.certificate.public_bytes(serialization.Encoding.PEM).decode(),
            development=identity.development,
            subject_nik=nik,
            subject_name=name,
            pdf=signed,
            pdf_sha256=hashlib.sha256(signed).hexdigest(),
            pages=rendered.pages,
            copies_allowed=settings.copies,
        )
        locked.move_to(TransactionState.SIGNED, via=Via.SIGNING, now=now)
        locked.move_to(TransactionState.READY, via=Via.SIGNING, now=now, message=READY_MESSAGE)
    record.refresh_from_db()
    log.info(
        "%s signed by %s as letter %s (%s, %d page(s)%s)",
        record.reference,
        user_name(user),
        number,
        signer.name,
        rendered.pages,
        ", development key: not legally valid" if identity.development else "",
    )
    return letter


def sign_batch(
    references: Sequence[str],
    user: User,
    passphrase: str,
    now: dt.datetime | None = None,
) -> list[SignOutcome]:
    """Sign each request in turn; one that is refused does not stop the others.

    Each letter is its own database transaction (numbers stay in signing order, none lost);
    a wrong passphrase (or no key) stops the batch at the first letter: it fails them all.
    """
    outcomes = []
    for reference in references:
        try:
            letter = sign(find_request(reference), user, passphrase, now)
        except LetterRefusedError as exc:
            refused = isinstance(exc, PassphraseRefusedError)
            outcomes.append(SignOutcome(reference, refusal=str(exc), passphrase_refused=refused))
            if refused or isinstance(exc, NoSigningKeyError):
                why = "the passphrase was refused" if refused else "no signing key"
                outcomes += [
                    SignOutcome(other, refusal=f"not tried: {why}")
                    for other in references[len(outcomes) :]
                ]
                break
        else:
            outcomes.append(SignOutcome(reference, letter=letter))
    return outcomes


def revoke(letter: Letter, user: User, reason: str, now: dt.datetime | None = None) -> None:
    """Withdraw a letter for ``reason``; only its village's head (or Plt.) may."""
    now = now or timezone.now()
    require_revoker(user, letter.village, village_settings(letters_config(), letter.village))
    reason = _reason(reason)
    with transaction.atomic():
        locked = Letter.objects.select_for_update().get(pk=letter.pk)
        if locked.revoked:
            raise LetterRefusedError(f"letter {locked.number} was revoked already")
        locked.revoked_at, locked.revoked_by, locked.revoked_reason = now, user, reason
        locked.save(update_fields=["revoked_at", "revoked_by", "revoked_reason"])
        Transaction.objects.filter(pk=locked.transaction_id).update(
            message_id=f"Surat ini dicabut oleh desa: {reason}",
            message_en=f"The village revoked this letter: {reason}",
            updated_at=now,
        )
    letter.refresh_from_db()
    log.info("Letter %s revoked by %s", letter.number, user_name(user))


def allow_copy(letter: Letter, user: User, reason: str) -> Letter:
    """Allow one more print of ``letter`` for ``reason``; the letter as it is now.

    Any kiosk of the village may then print it once more (``copies_allowed`` + 1, under the
    row's lock, so two staff allowing at once give two prints). A revoked letter, or one
    whose PDF retention erased, is refused: no kiosk could print it.
    """
    require_copy_granter(user, letter.village, village_settings(letters_config(), letter.village))
    reason = _reason(reason)
    with transaction.atomic():
        locked = Letter.objects.select_for_update().get(pk=letter.pk)
        if locked.revoked:
            raise LetterRefusedError(f"letter {locked.number} was revoked: it prints no more")
        if locked.purged_at is not None:
            raise LetterRefusedError(
                f"letter {locked.number} is past its retention period: its PDF is erased"
            )
        locked.copies_allowed = F("copies_allowed") + 1
        locked.save(update_fields=["copies_allowed"])
    letter.refresh_from_db()
    log.info(
        "Letter %s: %s allowed another print (%d of %d printed)",
        letter.number,
        user_name(user),
        letter.copies_printed,
        letter.copies_allowed,
    )
    return letter


def _reason(text: str) -> str:
    """A staff member's reason on one line; LetterRefusedError if empty or too long."""
    reason = " ".join(text.split())
    if not 1 <= len(reason) <= MAX_REASON:
        raise LetterRefusedError(f"expected a reason of 1 to {MAX_REASON} characters")
    return reason


def _kind(record: Transaction) -> LetterKind:
    kind = kind_for(record.service)
    if kind is None:
        raise LetterRefusedError(f"no letter kind is made for service {record.service}")
    return kind


def _identity(record: Transaction) -> tuple[str, str]:
    """The citizen a letter is about; LetterRefusedError for an anonymous request."""
    if record.identity_nik is None or record.identity_name is None:
        raise LetterRefusedError(f"{record.reference} has no citizen's identity to put in a letter")
    return record.identity_nik, record.identity_name


def _content(
    record: Transaction,
    *,
    config: LettersConfig,
    village: Village,
    kind: LetterKind,
    identity: tuple[str, str],
    number: str,
    now: dt.datetime,
    signature: Signature,
    code: str,
) -> LetterContent:
    """The words of the request's letter with this number, signature and code."""
    nik, name = identity
    return compose(
        kind=kind,
        config=config,
        village=config.village(village.code),
        village_name=village.name,
        kecamatan_name=village.kecamatan.name,
        reference=record.reference,
        submitted=timezone.localtime(record.created_at),
        nik=nik,
        name=name,
        answers=record.fields,
        catalog_body=_catalog_body(),
        service=record.service,
        number=number,
        issued=timezone.localdate(now),
        signature=signature,
        code=code,
        public_url=public_url(),
    )


def _catalog_body() -> bytes:
    return cast(ApiConfig, apps.get_app_config("api")).catalog().body


def _open_register(village: Village, year: int, register: str, first: int) -> None:
    """Make the year's register row if it is the first letter (whoever else races to)."""

    def write() -> None:
        if not LetterRegister.objects.filter(village=village, year=year, register=register):
            LetterRegister.objects.create(
                village=village, year=year, register=register, last_number=first - 1
            )

    retry_once_on_conflict(write)


def _take_number(village: Village, year: int, register: str) -> int:
    """The register's next number, in the caller's transaction.

    The ``UPDATE`` locks the row until the caller commits or rolls back, so a second signer
    waits for the first, and a letter that fails gives its number back.
    """
    rows = LetterRegister.objects.filter(village=village, year=year, register=register)
    rows.update(last_number=F("last_number") + 1)
    return rows.get().last_number


def _number(
    settings: VillageLetters, kind: LetterKind, sequence: int, register: str, now: dt.datetime
) -> str:
    return settings.number_format.format(
        seq=sequence,
        year=now.year,
        month=now.month,
        month_roman=_ROMAN[now.month - 1],
        code=kind.code,
        register=register,
        village_code=settings.code,
    )


def _sign(
    signer: SignerBackend,
    pdf: bytes,
    user: User,
    passphrase: str,
    kind: LetterKind,
    number: str,
    village: Village,
) -> bytes:
    request = SigningRequest(
        username=user.get_username(),
        passphrase=passphrase,
        reason=f"{kind.title.id} nomor {number}",
        location=f"{village.name}, {village.kecamatan.name}",
    )
    try:
        return signer.sign(pdf, request)
    except plugin.PassphraseRefusedError as exc:
        raise PassphraseRefusedError(f"{signer.name} did not sign: {exc}") from None
    except SigningError as exc:
        raise LetterRefusedError(f"{signer.name} did not sign: {exc}") from None
