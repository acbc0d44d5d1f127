"""A letter request's page, its letter section: what was signed, and what can be done.

The number, state, signer, verification code and link, and the copies printed of a signed
letter (each print: when, at which kiosk, and whether a technician made it beyond the copies
allowed), with the PDF link for the village's staff, the revoke link for its head, and the form that
allows one more print for those who act on its letters (operator, head, signer); before
signing, the form that signs this one request for whoever signs the village's letters.
Kept apart from the views so the request page and the letters' views can both use it.
"""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.utils.translation import gettext_lazy

from central.environment import ConfigurationError
from central.letters import service
from central.letters.authority import may_allow_copy, may_revoke
from central.letters.models import Letter
from central.letters.render import display_code
from central.letters.states import LetterState, letter_state
from central.office import scope, signing
from central.office.forms import AllowCopyForm, SignForm
from central.office.permissions import Permission
from central.transactions.models import Transaction
from central.transactions.workflow import Kind, TransactionState

#: A letter's state as village staff read it.
STATE_WORDS = {
    LetterState.IN_PROGRESS: gettext_lazy("Belum ditandatangani"),
    LetterState.NEEDS_CORRECTION: gettext_lazy("Perlu perbaikan"),
    LetterState.REJECTED: gettext_lazy("Ditolak"),
    LetterState.READY: gettext_lazy("Siap dicetak di anjungan"),
    LetterState.COLLECTED: gettext_lazy("Sudah dicetak"),
    LetterState.REVOKED: gettext_lazy("Dicabut"),
}


def verification_link(letter: Letter) -> str:
    """The letter's public page, as its QR holds it (a path without ``CENTRAL_PUBLIC_URL``)."""
    try:
        base = service.public_url()
    except ConfigurationError:
        base = ""
    return f"{base}/v/{letter.code}"


def letter_facts(letter: Letter) -> dict[str, Any]:
    """The letter as its section and the revoke page show it."""
    state = letter_state(letter.transaction, letter)
    return {
        "letter": letter,
        "letter_state": state.value,
        "letter_state_words": STATE_WORDS[state],
        "letter_code": display_code(letter.code),
        "letter_link": verification_link(letter),
        "letter_prints": list(letter.prints.select_related("kiosk").order_by("at", "id")),
    }


def letter_section(
    request: HttpRequest,
    record: Transaction,
    form: SignForm | None = None,
    copy_form: AllowCopyForm | None = None,
) -> dict[str, Any]:
    """A letter request page's context for its letter section (empty for other requests)."""
    if record.kind != Kind.LETTER.value:
        return {}
    user = request.user
    letter = scope.letters(user).filter(transaction=record).first()
    context: dict[str, Any] = {"letter_section": True}
    if letter is not None:
        context.update(letter_facts(letter))
        context["may_revoke"] = not letter.revoked and may_revoke(user, letter.village)
        if not letter.revoked and letter.purged_at is None and may_allow_copy(user, letter.village):
            context["copy_form"] = copy_form or AllowCopyForm()
        return context
    state = letter_state(record, None)
    context["letter_state_words"] = STATE_WORDS[state]
    if (
        record.state is TransactionState.VERIFIED
        and user.has_perm(Permission.SIGN_LETTERS.value)
        and scope.letters_to_sign(user).filter(pk=record.pk).exists()
    ):
        context["sign_form"] = form or SignForm(references=[record.reference])
        context["has_key"] = service.has_signing_key(user)
        context["no_key"] = signing.no_key_message(user.get_username())
    return context
