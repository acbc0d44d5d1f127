"""A queue ticket's place in the hall: how many wait before it, and how it is said.

Plain data, imported by the session and the receipts; asking central for the number is
:mod:`kiosk.hallclient`'s.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from kiosk.text import LocalizedText

_AHEAD = LocalizedText("Di depan Anda: {ahead} orang", "Ahead of you: {ahead}")
_NONE_AHEAD = LocalizedText("Tidak ada yang di depan Anda", "Nobody is ahead of you")
_WAIT = LocalizedText("perkiraan {minutes} menit", "about {minutes} min")
_UNCOUNTED = LocalizedText(
    "Jumlah antrean di depan Anda belum dapat dihitung saat ini.",
    "How many are ahead of you cannot be counted now.",
)


@dataclass(frozen=True)
class QueuePlace:
    """How many wait before a ticket and the expected wait in minutes (None: unknown)."""

    ahead: int
    expected_wait_minutes: int | None = None

    def as_json(self) -> dict[str, Any]:
        """The form kept in the journal beside the ticket."""
        return dataclasses.asdict(self)

    @classmethod
    def from_json(cls, data: object) -> QueuePlace | None:
        """A place kept in the journal (or central's answer), None when it is not one."""
        if not isinstance(data, Mapping):
            return None
        ahead, minutes = data.get("ahead"), data.get("expected_wait_minutes")
        if not isinstance(ahead, int) or ahead < 0:
            return None
        if not (minutes is None or (isinstance(minutes, int) and minutes >= 0)):
            return None
        return cls(ahead, minutes)


def place_text(place: QueuePlace | None, language: str) -> str:
    """The place as the receipt and the done screen say it."""
    if place is None:
        return _UNCOUNTED.get(language)
    ahead = (
        _AHEAD.get(language).format(ahead=place.ahead) if place.ahead else _NONE_AHEAD.get(language)
    )
    if place.expected_wait_minutes is None or not place.ahead:
        return ahead
    return f"{ahead}, {_WAIT.get(language).format(minutes=place.expected_wait_minutes)}"
