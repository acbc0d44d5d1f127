"""Template filters of the back office: durations in words, a status's colour class."""

from __future__ import annotations

import datetime as dt

from django import template
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from central.office.forms import status_label
from central.transactions.workflow import ReceiptOutcome, TransactionState

register = template.Library()

_TONES = {
    TransactionState.RECEIVED: "new",
    TransactionState.NEEDS_CORRECTION: "warn",
    TransactionState.REJECTED: "bad",
    TransactionState.DONE: "good",
    TransactionState.READY: "good",
}


@register.filter
def duration(value: dt.timedelta | None) -> str:
    """``2 hari 5 jam``, ``40 menit``: the two largest units of a duration."""
    if value is None:
        return ""
    minutes = int(value.total_seconds() // 60)
    days, rest = divmod(minutes, 24 * 60)
    hours, minutes = divmod(rest, 60)
    parts = []
    if days:
        parts.append(ngettext("%(n)d hari", "%(n)d hari", days) % {"n": days})
    if hours and len(parts) < 2:
        parts.append(ngettext("%(n)d jam", "%(n)d jam", hours) % {"n": hours})
    if not days and (minutes or not parts):
        parts.append(ngettext("%(n)d menit", "%(n)d menit", minutes) % {"n": minutes})
    return " ".join(parts)


@register.filter
def tone(status: str) -> str:
    """A CSS class for a status badge: new, warn, bad, good, or plain."""
    try:
        return _TONES.get(TransactionState(status), "plain")
    except ValueError:
        return "plain"


_RECEIPTS = {
    ReceiptOutcome.PENDING: _("Belum dilaporkan"),
    ReceiptOutcome.UNKNOWN: _("Tidak pasti tercetak"),
    ReceiptOutcome.FAILED: _("Gagal dicetak"),
    ReceiptOutcome.PRINTED: _("Tercetak"),
}


@register.filter
def status_words(status: str) -> str:
    """A status in the page's language (the workflow's own words)."""
    try:
        return status_label(TransactionState(status))
    except ValueError:
        return status


@register.filter
def receipt_words(outcome: str) -> str:
    """What the citizen got, in words."""
    try:
        return str(_RECEIPTS[ReceiptOutcome(outcome)])
    except ValueError:
        return outcome
