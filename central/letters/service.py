"""What the back office (and ``python -m central``) does with letter requests and letters.

- :func:`review`: the village's operator (or head) verifies a request, returns it for a
  correction, or rejects it; the citizen reads the message at Cek Status.
- :func:`sign` and :func:`sign_batch`: the village head (or the official the village
  configured to sign "a.n." or as Plt.) signs verified requests with their passphrase:
  each gets the next number of its register, its PDF and a PAdES signature in one database
  transaction, so a failure anywhere leaves no number used and nothing half-issued; the
  request moves to ``signed`` and, with its letter issued, to ``ready``.
- :func:`revoke`: the head withdraws a letter with a reason; the public page and the
  kiosks then say so.

Who may do what is decided here, once: a user acts only on their village (their
:class:`~central.registry.models.RoleGrant`), so a back-office view passes the user and
never checks roles itself. Every refusal is :class:`LetterRefusedError`, with a message for
staff.
"""

from __future__ import annotations

import datetime as dt
import enum
import hashlib
import logging
import secrets
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import cast

from cryptography.hazmat.primitives import serialization
from django.apps import apps
from django.contrib.auth.models import User
from django.db import transaction
from django.db.models import F
from django.utils import timezone

from central.api.apps import ApiConfig
from central.environment import ConfigurationError, Environment
from central.letters import plugin
from central.letters.apps import LettersConfigApp
from central.letters.config import LettersConfig, SigningMode, VillageLetters
from central.letters.kinds import LetterKind
from central.letters.models import Letter, LetterRegister, OnBehalf
from central.letters.plugin import SignerBackend, SigningError, SigningRequest
from central.letters.render import Signature, compose, render_pdf
from central.letters.signers import backend, check_signed
from central.letters.states import kind_for
from central.registry.models import Role, RoleGrant, Village
from central.storage import retry_once_on_conflict
from central.transactions.models import Transaction
from central.transactions.workflow import Kind, TransactionState, TransitionError, Via

log = logging.getLogger("central.letters")

#: Verification codes: no 0/O, 1/I/L or U/V look-alikes; 18 characters are 88 random bits.
CODE_ALPHABET = "23456789ABCDEFGHJKMNPQRSTWXYZ"
CODE_LENGTH = 18
MAX_REASON = 500
_ROMAN = ("I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X", "XI", "XII")

READY_MESSAGE = {
    "id": "Surat siap dicetak di anjungan. Pindai struk ini di anjungan desa untuk mencetaknya.",
    "en": "The letter is ready to print at a kiosk. Scan this receipt at a village kiosk.",
}
VERIFIED_MESSAGE = {
    "id": "Permohonan sudah diperiksa dan menunggu tanda tangan Kepala Desa.",
    "en": "Your request was checked and waits for the village head's signature.",
}
COLLECTED_MESSAGE = {
    "id": "Surat sudah dicetak di anjungan.",
    "en": "The letter was printed at a kiosk.",
}


class LetterRefusedError(Exception):
    """What a user asked cannot be done; the message says why, for staff."""


class PassphraseRefusedError(LetterRefusedError):
    """The signer's passphrase was refused: every other letter of a batch would be too."""


class Decision(enum.Enum):
    """The outcome of an operator's review."""

    APPROVE = "approve"
    RETURN = "return"
    REJECT = "reject"


@dataclass(frozen=True)
class SignOutcome:
    """One request of a batch: its letter, or why it was not signed."""

    reference: str
    letter: Letter | None = None
    refusal: str | None = None


def letters_config() -> LettersConfig:
    """The letters configuration this process read (ConfigurationError if there is none)."""
    return cast(LettersConfigApp, apps.get_app_config("letters")).letters_config()


def public_url() -> str:
    """``CENTRAL_PUBLIC_URL``; ConfigurationError when it is not set."""
    url = Environment.read().public_url
    if url is None:
        raise ConfigurationError(
            "CENTRAL_PUBLIC_URL: expected the URL where the public reaches central (the "
            "base of each letter's verification QR), found nothing"
        )
    return url


def find_request(reference: str) -> Transaction:
    """A letter request by reference, with its kiosk and village; LetterRefusedError if none."""
    record = (
        Transaction.objects.select_related("kiosk__village__kecamatan")
        .filter(reference=reference)
        .first()
    )
    if record is None:
        raise LetterRefusedError(f"no transaction {reference}")
    if record.kind != Kind.LETTER.value:
        raise LetterRefusedError(f"{reference} is not a letter request (it is a {record.kind})")
    return record


def village_of(record: Transaction) -> Village:
    """The village whose kiosk took the request; LetterRefusedError for a development kiosk."""
    village = record.kiosk.village
    if village is None:
        raise LetterRefusedError(
            f"{record.reference} came from kiosk {record.kiosk.kiosk_id}, which belongs to no "
            "village; only a village's kiosks take letter requests (add-kiosk --village)"
        )
    return village


def review(
    record: Transaction,
    user: User,
    decision: Decision,
    text: str = "",
    now: dt.datetime | None = None,
) -> None:
    """Verify, return for correction (``text``: what to bring or fix) or reject (why)."""
    village = village_of(record)
    _require_role(user, village, (Role.OPERATOR_DESA, Role.KEPALA_DESA), "review its requests")
    text = " ".join(text.split())
    if decision is not Decision.APPROVE and not 1 <= len(text) <= MAX_REASON:
        raise LetterRefusedError(
            f"expected a message for the citizen of 1 to {MAX_REASON} characters"
        )
    target, message = {
        Decision.APPROVE: (TransactionState.VERIFIED, VERIFIED_MESSAGE),
        Decision.RETURN: (
            TransactionState.NEEDS_CORRECTION,
            {
                "id": f"Perlu perbaikan: {text}",
                "en": f"Needs correction (from the village): {text}",
            },
        ),
        Decision.REJECT: (
            TransactionState.REJECTED,
            {"id": f"Ditolak: {text}", "en": f"Rejected (from the village): {text}"},
        ),
    }[decision]
    try:
        record.move_to(target, via=Via.STAFF, now=now or timezone.now(), message=message)
    except TransitionError as exc:
        raise LetterRefusedError(f"{record.reference}: {exc}") from None
    log.info("%s %s by %s: now %s", record.reference, decision.value, _name(user), target)


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
    settings = config.village(village.code)
    kind = _kind(record)
    signature_lines, on_behalf = signing_position(user, village, settings)
    signer = backend(Environment.read().signer)
    identity = signer.identity(user.get_username())
    if identity is None:
        raise LetterRefusedError(
            f"{_name(user)} has no signing key with signer {signer.name}; import one with "
            f"python -m central signer-key --user {user.get_username()}"
        )
    if record.identity_nik is None or record.identity_name is None:
        raise LetterRefusedError(f"{record.reference} has no citizen's identity to put in a letter")
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
        content = compose(
            kind=kind,
            config=config,
            village=settings,
            village_name=village.name,
            kecamatan_name=village.kecamatan.name,
            reference=record.reference,
            submitted=timezone.localtime(record.created_at),
            nik=record.identity_nik,
            name=record.identity_name,
            answers=record.fields,
            catalog_body=_catalog_body(),
            service=record.service,
            number=number,
            issued=timezone.localdate(now),
            signature=Signature(identity.name, signature_lines, identity.development),
            code=code,
            public_url=public_url(),
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
            subject_nik=record.identity_nik,
            subject_name=record.identity_name,
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
        _name(user),
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
    a wrong passphrase stops the batch at the first letter, since it fails them all.
    """
    outcomes = []
    for reference in references:
        try:
            letter = sign(find_request(reference), user, passphrase, now)
        except LetterRefusedError as exc:
            outcomes.append(SignOutcome(reference, refusal=str(exc)))
            if isinstance(exc, PassphraseRefusedError):
                outcomes += [
                    SignOutcome(other, refusal="not tried: the passphrase was refused")
                    for other in references[len(outcomes) :]
                ]
                break
        else:
            outcomes.append(SignOutcome(reference, letter=letter))
    return outcomes


def revoke(letter: Letter, user: User, reason: str, now: dt.datetime | None = None) -> None:
    """Withdraw a letter for ``reason``; only its village's head (or Plt.) may."""
    now = now or timezone.now()
    settings = letters_config().village(letter.village.code)
    signing_position(user, letter.village, settings)
    reason = " ".join(reason.split())
    if not 1 <= len(reason) <= MAX_REASON:
        raise LetterRefusedError(f"expected a reason of 1 to {MAX_REASON} characters")
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
    log.info("Letter %s revoked by %s", letter.number, _name(user))


def signing_position(
    user: User, village: Village, settings: VillageLetters
) -> tuple[tuple[str, ...], OnBehalf]:
    """How ``user`` signs the village's letters; LetterRefusedError if they may not.

    The head signs as ``Kepala Desa <village>`` unless the village has a Plt.; the
    configured official signs ``a.n.`` the head (with their own position) or as Plt.
    """
    if not user.is_active:
        raise LetterRefusedError(f"user {_name(user)} is deactivated")
    grants = RoleGrant.objects.filter(user=user, village=village)
    head = f"{settings.head_title} {village.name}"
    is_head = grants.filter(role=Role.KEPALA_DESA.value).exists()
    is_official = user.get_username() == settings.official and grants.exists()
    if settings.signer is SigningMode.PLT:
        if is_official:
            return (f"Plt. {head}",), OnBehalf.PLT
    elif is_head:
        return (head,), OnBehalf.NONE
    elif settings.signer is SigningMode.ATAS_NAMA and is_official:
        return (f"a.n. {head}", settings.official_position), OnBehalf.ATAS_NAMA
    allowed = {
        SigningMode.KEPALA_DESA: f"the kepala_desa of {village.name}",
        SigningMode.ATAS_NAMA: f"the kepala_desa of {village.name} or {settings.official} (a.n.)",
        SigningMode.PLT: f"{settings.official}, Plt. of {village.name}",
    }[settings.signer]
    raise LetterRefusedError(f"{_name(user)} may not sign letters of {village}: only {allowed} may")


def _require_role(user: User, village: Village, roles: Iterable[Role], action: str) -> None:
    if not user.is_active:
        raise LetterRefusedError(f"user {_name(user)} is deactivated")
    values = [role.value for role in roles]
    if not RoleGrant.objects.filter(user=user, village=village, role__in=values).exists():
        raise LetterRefusedError(
            f"{_name(user)} may not {action}: needs {' or '.join(values)} of {village}"
        )


def _kind(record: Transaction) -> LetterKind:
    kind = kind_for(record.service)
    if kind is None:
        raise LetterRefusedError(f"no letter kind is made for service {record.service}")
    return kind


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


def _name(user: User) -> str:
    return user.get_username()
