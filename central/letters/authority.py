"""Who may review a village's letter requests and who signs its letters, decided once.

- :func:`review`: the village's operator (or head) verifies a request, returns it for a
  correction, or rejects it; the citizen reads what they wrote at Cek Status, in the same
  sentences whether it was done in the back office or with ``python -m central review``.
- :func:`signing_position`: whether a user signs a village's letters, and how the signature
  block names them (the head, or the official the village configured to sign "a.n." or as
  Plt.); :func:`signing_villages` lists the villages a user signs for, which is what the
  back office's signing pages and their permission are built on.

Kept apart from :mod:`central.letters.service` (numbering, rendering, signing) so that the
back office's permissions and every shell command can ask who signs without loading the
PDF renderer. Every refusal is :class:`LetterRefusedError`, with a message for staff.
"""

from __future__ import annotations

import datetime as dt
import enum
import logging
from collections.abc import Iterable
from typing import Any, cast

from django.apps import apps
from django.contrib.auth.models import User
from django.utils import timezone

from central.environment import ConfigurationError
from central.letters.apps import LettersConfigApp
from central.letters.config import LettersConfig, LettersConfigError, SigningMode, VillageLetters
from central.letters.models import OnBehalf
from central.office.notices import citizen_message
from central.registry.models import Role, RoleGrant, Village
from central.transactions.models import Transaction
from central.transactions.workflow import Kind, TransactionState, TransitionError, Via

log = logging.getLogger("central.letters")

#: The longest message for a citizen or reason for a revocation.
MAX_REASON = 500


class LetterRefusedError(Exception):
    """What a user asked cannot be done; the message says why, for staff."""


class Decision(enum.Enum):
    """The outcome of an operator's review."""

    APPROVE = "approve"
    RETURN = "return"
    REJECT = "reject"


#: Where each decision moves the request.
DECISION_STATES = {
    Decision.APPROVE: TransactionState.VERIFIED,
    Decision.RETURN: TransactionState.NEEDS_CORRECTION,
    Decision.REJECT: TransactionState.REJECTED,
}


def letters_config() -> LettersConfig:
    """The letters configuration this process read (ConfigurationError if there is none)."""
    return cast(LettersConfigApp, apps.get_app_config("letters")).letters_config()


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
    *,
    text_en: str = "",
) -> None:
    """Verify, return for correction (``text``: what to bring or fix) or reject (why).

    ``text_en`` is the same in English, optional: without it the English sentence quotes
    ``text`` (:func:`central.office.notices.citizen_message` words both).
    """
    village = village_of(record)
    require_role(user, village, (Role.OPERATOR_DESA, Role.KEPALA_DESA), "review its requests")
    text = " ".join(text.split())
    if decision is not Decision.APPROVE and not 1 <= len(text) <= MAX_REASON:
        raise LetterRefusedError(
            f"expected a message for the citizen of 1 to {MAX_REASON} characters"
        )
    if len(text_en) > MAX_REASON:
        raise LetterRefusedError(f"expected an English message of at most {MAX_REASON} characters")
    target = DECISION_STATES[decision]
    message = citizen_message(target, text, text_en)
    try:
        record.move_to(target, via=Via.STAFF, now=now or timezone.now(), message=message)
    except TransitionError as exc:
        raise LetterRefusedError(f"{record.reference}: {exc}") from None
    log.info("%s %s by %s: now %s", record.reference, decision.value, user_name(user), target)


def village_settings(config: LettersConfig, village: Village) -> VillageLetters:
    """The village's letterhead and signers; LetterRefusedError if it issues no letters."""
    try:
        return config.village(village.code)
    except LettersConfigError as exc:
        raise LetterRefusedError(f"{village} issues no letters: {exc}") from None


def signing_position(
    user: User, village: Village, settings: VillageLetters
) -> tuple[tuple[str, ...], OnBehalf]:
    """How ``user`` signs the village's letters; LetterRefusedError if they may not.

    The head signs as ``Kepala Desa <village>`` unless the village has a Plt.; the
    configured official signs ``a.n.`` the head (with their own position) or as Plt.
    """
    if not user.is_active:
        raise LetterRefusedError(f"user {user_name(user)} is deactivated")
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
    raise LetterRefusedError(
        f"{user_name(user)} may not sign letters of {village}: only {allowed} may"
    )


def require_revoker(user: User, village: Village, settings: VillageLetters) -> None:
    """LetterRefusedError unless ``user`` may revoke the village's letters.

    Revoking is the head's decision, whoever signed: the kepala_desa of the village, or the
    Plt. where the village has one. An official who signs "a.n." the head does not revoke.
    """
    if settings.signer is SigningMode.PLT:
        signing_position(user, village, settings)
        return
    require_role(user, village, (Role.KEPALA_DESA,), "revoke its letters")


def require_copy_granter(user: User, village: Village, settings: VillageLetters) -> None:
    """LetterRefusedError unless ``user`` may allow another print of the village's letters.

    Those who act on the village's letters may: its operator and head (who review its
    requests), and whoever signs its letters ("a.n." or Plt.).
    """
    try:
        require_role(user, village, (Role.OPERATOR_DESA, Role.KEPALA_DESA), "allow another print")
    except LetterRefusedError:
        try:
            signing_position(user, village, settings)
        except LetterRefusedError:
            raise LetterRefusedError(
                f"{user_name(user)} may not allow another print of letters of {village}: "
                "only its operator_desa, kepala_desa or signer may"
            ) from None


def may_allow_copy(user: Any, village: Village) -> bool:
    """Whether ``user`` may allow another print of the village's letters."""
    try:
        require_copy_granter(user, village, village_settings(letters_config(), village))
    except (LetterRefusedError, ConfigurationError):
        return False
    return True


def may_revoke(user: Any, village: Village) -> bool:
    """Whether ``user`` may revoke the village's letters (False without a configuration)."""
    try:
        require_revoker(user, village, village_settings(letters_config(), village))
    except (LetterRefusedError, ConfigurationError):
        return False
    return True


def signing_villages(user: Any) -> list[Village]:
    """The villages whose letters ``user`` signs and revokes; none without a configuration.

    A village the letters configuration does not describe issues no letters, so nobody
    signs for it.
    """
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return []
    try:
        config = letters_config()
    except ConfigurationError:
        return []
    villages = Village.objects.filter(role_grants__user=user).distinct().order_by("code")
    signs = []
    for village in villages.select_related("kecamatan"):
        try:
            signing_position(user, village, village_settings(config, village))
        except LetterRefusedError:
            continue
        signs.append(village)
    return signs


def require_role(user: User, village: Village, roles: Iterable[Role], action: str) -> None:
    """LetterRefusedError unless ``user`` is active and holds one of ``roles`` in ``village``."""
    if not user.is_active:
        raise LetterRefusedError(f"user {user_name(user)} is deactivated")
    values = [role.value for role in roles]
    if not RoleGrant.objects.filter(user=user, village=village, role__in=values).exists():
        raise LetterRefusedError(
            f"{user_name(user)} may not {action}: needs {' or '.join(values)} of {village}"
        )


def user_name(user: User) -> str:
    """How logs and messages name a member of staff."""
    return user.get_username()
