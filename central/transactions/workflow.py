"""The statuses of a citizen's request and the steps between them: the one list, in one place.

The contract's ``TransactionState`` is this list; the back office, ``set-status``, the kiosk's
Cek Status and the export all go through :func:`check_step`, so no caller can let a request
skip a step. Which steps exist depends on the kind of request, fixed when it arrives:

- a **letter** (a catalog service with a ``letter``): received, verified, signed, ready,
  done, with corrections and rejection on the way; ``signed`` only by signing;
- a **request** (complaints, reports, anything else): received, processing, done, with
  corrections and rejection;
- a **queue ticket** (a ``queue_ticket`` service): received (waiting), called, skipped, done,
  expired.

The receipt outcome (what the citizen really got) is a second, independent axis that only
moves forward: see :class:`ReceiptOutcome`.

Plain Python with no Django import, so the catalog and the contract tests can use it too.
"""

from __future__ import annotations

import enum
from collections.abc import Mapping
from dataclasses import dataclass

# The statuses and kinds are the contract's, shared with the kiosk's Cek Status (and
# re-exported: the back office, the CLI and the catalog import them from here).
from kiosk.workflow import Kind as Kind
from kiosk.workflow import TransactionState as TransactionState


class Via(enum.Enum):
    """Who moves a request: staff (the back office, ``set-status``) or the signing of a letter."""

    STAFF = "staff"
    SIGNING = "signing"


class ReceiptOutcome(enum.StrEnum):
    """What the citizen got for a transaction (``ReceiptOutcome`` in the contract).

    The members are in the order an outcome may move: a report of an earlier one than the
    stored one changes nothing (a reprint turns ``failed`` into ``printed``, never back).
    """

    PENDING = "pending"
    UNKNOWN = "unknown"
    FAILED = "failed"
    PRINTED = "printed"

    @property
    def rank(self) -> int:
        """The position in the forward order."""
        return list(ReceiptOutcome).index(self)

    def advanced_by(self, reported: ReceiptOutcome) -> ReceiptOutcome:
        """The outcome after a report: the later of the two."""
        return reported if reported.rank > self.rank else self


@dataclass(frozen=True)
class StatusText:
    """A status in words, in Bahasa Indonesia and English (``status_text`` in the contract)."""

    id: str
    en: str

    def as_json(self) -> dict[str, str]:
        """The contract's ``LocalizedText`` form."""
        return {"id": self.id, "en": self.en}


STATUS_TEXT: Mapping[TransactionState, StatusText] = {
    TransactionState.RECEIVED: StatusText("Diterima", "Received"),
    TransactionState.PROCESSING: StatusText("Sedang diproses", "Being processed"),
    TransactionState.VERIFIED: StatusText("Sudah diperiksa", "Verified"),
    TransactionState.NEEDS_CORRECTION: StatusText("Perlu perbaikan", "Needs correction"),
    TransactionState.REJECTED: StatusText("Ditolak", "Rejected"),
    TransactionState.SIGNED: StatusText("Sudah ditandatangani", "Signed"),
    TransactionState.READY: StatusText("Siap diambil", "Ready to collect"),
    TransactionState.DONE: StatusText("Selesai", "Done"),
    TransactionState.CALLED: StatusText("Dipanggil", "Called"),
    TransactionState.SKIPPED: StatusText("Dilewati", "Skipped"),
    TransactionState.EXPIRED: StatusText("Kedaluwarsa", "Expired"),
}

_S = TransactionState
#: The steps of each kind, as the contract lists them under ``TransactionState``.
STEPS: Mapping[Kind, Mapping[TransactionState, frozenset[TransactionState]]] = {
    Kind.LETTER: {
        _S.RECEIVED: frozenset({_S.VERIFIED, _S.NEEDS_CORRECTION, _S.REJECTED}),
        _S.NEEDS_CORRECTION: frozenset({_S.VERIFIED, _S.REJECTED}),
        _S.VERIFIED: frozenset({_S.SIGNED, _S.NEEDS_CORRECTION, _S.REJECTED}),
        _S.SIGNED: frozenset({_S.READY}),
        _S.READY: frozenset({_S.DONE}),
    },
    Kind.REQUEST: {
        _S.RECEIVED: frozenset({_S.PROCESSING, _S.NEEDS_CORRECTION, _S.REJECTED, _S.DONE}),
        _S.PROCESSING: frozenset({_S.NEEDS_CORRECTION, _S.REJECTED, _S.DONE}),
        _S.NEEDS_CORRECTION: frozenset({_S.PROCESSING, _S.REJECTED, _S.DONE}),
    },
    Kind.QUEUE: {
        _S.RECEIVED: frozenset({_S.CALLED, _S.EXPIRED}),
        # Back to received: transferred to another unit, where it waits in its place.
        _S.CALLED: frozenset({_S.CALLED, _S.SKIPPED, _S.DONE, _S.RECEIVED}),
        _S.SKIPPED: frozenset({_S.CALLED, _S.EXPIRED}),
    },
}
#: Steps that only one actor may take: a letter is signed by signing it, never by hand.
ONLY_VIA: Mapping[tuple[Kind, TransactionState], Via] = {
    (Kind.LETTER, _S.SIGNED): Via.SIGNING,
}
_NOUN = {Kind.LETTER: "a letter request", Kind.REQUEST: "a request", Kind.QUEUE: "a queue ticket"}


class TransitionError(Exception):
    """A step the workflow does not allow; the message says which steps it does."""


def next_states(kind: Kind, current: TransactionState) -> frozenset[TransactionState]:
    """Where a request of ``kind`` may go from ``current``; empty when it is final."""
    return STEPS[kind].get(current, frozenset())


def is_final(kind: Kind, state: TransactionState) -> bool:
    """Whether a request of ``kind`` in ``state`` is finished: no step is left from it.

    Retention (:mod:`central.transactions.retention`) erases the personal data of finished
    requests only: letters and other requests ``done`` or ``rejected``, queue tickets
    ``done`` or ``expired``.
    """
    steps = STEPS[kind]
    reachable = state is TransactionState.RECEIVED or any(state in to for to in steps.values())
    return reachable and not next_states(kind, state)


def check_step(
    kind: Kind, current: TransactionState, target: TransactionState, via: Via = Via.STAFF
) -> None:
    """Raise :class:`TransitionError` unless ``via`` may move ``kind`` from current to target.

    The message is meant for staff: it names the kind, both statuses and the allowed steps.
    """
    allowed = next_states(kind, current)
    if target not in allowed:
        if not allowed:
            raise TransitionError(
                f"{_NOUN[kind]} that is {current} is final; it cannot become {target}"
            )
        listed = ", ".join(sorted(allowed))
        raise TransitionError(
            f"{_NOUN[kind]} that is {current} can become only {listed}, not {target}"
        )
    only = ONLY_VIA.get((kind, target))
    if only is not None and only is not via:
        raise TransitionError(
            f"{_NOUN[kind]} becomes {target} only by {only.value}, not by {via.value}"
        )
