"""What the village does with letters in the back office: sign, download, revoke, reprint.

The views call these; they call :mod:`central.letters.service`, which decides who may sign or
revoke (:mod:`central.letters.authority`), and record each step in the audit trail. The
passphrase passes through as an argument only: it is never stored, logged, audited or put
in the session.

Refusals are :class:`~central.office.actions.ActionError` with a message for staff in plain
Indonesian; a wrong passphrase and a missing key, which stop a whole batch, say so first.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from django.utils.translation import gettext as _

from central.letters import service
from central.letters.authority import MAX_REASON, LetterRefusedError
from central.letters.models import Letter
from central.office import audit, scope
from central.office.actions import ActionError
from central.office.audit import Actor
from central.office.models import Action

#: The most letters one batch signs (each is a PDF and a signature: a few seconds each).
MAX_BATCH = 50


@dataclass
class Batch:
    """What one signing did: the letters signed, and a sentence for each one that was not."""

    signed: list[Letter] = field(default_factory=list)
    refused: list[str] = field(default_factory=list)


def no_key_message(username: str) -> str:
    """What a signer without a key reads, with the command that imports one."""
    return _(
        "Anda belum memiliki kunci tanda tangan elektronik, jadi belum ada surat yang "
        "ditandatangani. Minta petugas Diskominfo mengimpor kunci Anda dengan perintah: "
        "python -m central signer-key --user %(user)s --p12 BERKAS.p12 --passphrase-file "
        "BERKAS-FRASA"
    ) % {"user": username}


def sign_letters(actor: Actor, references: Sequence[str], passphrase: str) -> Batch:
    """Sign the verified requests ``references`` with the actor's key; see the module.

    A reference no longer waiting for the actor's signature (signed meanwhile, returned,
    another village's) is refused by name; a wrong passphrase or a missing key refuses the
    whole batch with :class:`ActionError`, since no letter can then be signed.
    """
    user = actor.user
    if not service.has_signing_key(user):
        raise ActionError(no_key_message(user.get_username()))
    waiting = set(
        scope.letters_to_sign(user)
        .filter(reference__in=list(references))
        .values_list("reference", flat=True)
    )
    batch = Batch()
    for reference in references:
        if reference not in waiting:
            batch.refused.append(
                _("%(reference)s tidak lagi menunggu tanda tangan Anda.") % {"reference": reference}
            )
    outcomes = service.sign_batch([ref for ref in references if ref in waiting], user, passphrase)
    for outcome in outcomes:
        if outcome.passphrase_refused:
            raise ActionError(
                _(
                    "Frasa sandi kunci tanda tangan salah, jadi tidak ada surat yang "
                    "ditandatangani. Ketik ulang frasa sandi Anda (bukan kata sandi masuk)."
                )
            )
        if outcome.letter is not None:
            audit.record(
                actor,
                Action.SIGN_LETTER,
                outcome.reference,
                {"number": outcome.letter.number, "batch": len(outcomes)},
            )
            batch.signed.append(outcome.letter)
        else:
            batch.refused.append(
                _("%(reference)s tidak ditandatangani: %(why)s")
                % {"reference": outcome.reference, "why": outcome.refusal}
            )
    return batch


def download(actor: Actor, letter: Letter) -> bytes:
    """The signed PDF as issued, after recording who took it; ActionError once purged."""
    if letter.purged_at is not None:
        raise ActionError(
            _("Masa simpan data surat ini sudah berakhir: PDF-nya tidak disimpan lagi.")
        )
    audit.record(
        actor, Action.DOWNLOAD_LETTER, letter.transaction.reference, {"number": letter.number}
    )
    return bytes(letter.pdf)


def revoke(actor: Actor, letter: Letter, reason: str) -> None:
    """Withdraw the letter for ``reason``: the public page and the kiosks then say so."""
    try:
        service.revoke(letter, actor.user, reason)
    except LetterRefusedError as exc:
        raise ActionError(_("Surat tidak dapat dicabut: %(why)s") % {"why": exc}) from None
    audit.record(
        actor,
        Action.REVOKE_LETTER,
        letter.transaction.reference,
        {"number": letter.number, "reason": " ".join(reason.split())[:MAX_REASON]},
    )


def allow_copy(actor: Actor, letter: Letter, reason: str) -> Letter:
    """Allow one more print of the letter for ``reason``: any kiosk of the village prints it."""
    try:
        letter = service.allow_copy(letter, actor.user, reason)
    except LetterRefusedError as exc:
        raise ActionError(
            _("Cetak tambahan tidak dapat diizinkan: %(why)s") % {"why": exc}
        ) from None
    audit.record(
        actor,
        Action.ALLOW_COPY,
        letter.transaction.reference,
        {
            "number": letter.number,
            "reason": " ".join(reason.split())[:MAX_REASON],
            "copies_allowed": letter.copies_allowed,
            "copies_printed": letter.copies_printed,
        },
    )
    return letter
