"""A queue number from the hall's central (contract 1.3, "Queue tickets").

Online, the kiosk asks ``POST /v1/queue/{counter}/tickets`` under the ticket's own
idempotency key and waits at most :data:`ASK_SECONDS`: central answers the hall's number
(``A007``), how many wait before it and the expected wait. Any other answer, or none in
time, means the kiosk numbers the ticket itself (``K1-A003``) and the receipt says that how
many wait cannot be counted now; only ``409 unit-closed`` refuses the ticket.
"""

from __future__ import annotations

import dataclasses
import logging
import re
from dataclasses import dataclass

from kiosk.hall import QueuePlace
from kiosk.sync import Answer, CentralClient, CentralSettings, CentralUnavailableError

log = logging.getLogger("kiosk.hall")

#: How long a citizen waits for central's number before the kiosk numbers the ticket.
ASK_SECONDS = 2.0
_NUMBER = re.compile(r"[A-Z]{1,3}[0-9]{3}")


class UnitClosedError(Exception):
    """The unit closed for the day: central gives no number and the kiosk issues no ticket."""


@dataclass(frozen=True)
class HallNumber:
    """Central's number for a ticket and the place it had at issue."""

    number: str
    place: QueuePlace


class HallNumberer:
    """Asks central for a hall number, briefly; None means "number it yourself"."""

    def __init__(self, settings: CentralSettings) -> None:
        short = dataclasses.replace(settings, connect_timeout=ASK_SECONDS, read_timeout=ASK_SECONDS)
        self._client = CentralClient(short)

    def ask(self, counter: str, idempotency_key: str) -> HallNumber | None:
        """Central's number for ``counter``; UnitClosedError when the unit closed."""
        try:
            answer = self._client.request(
                "POST",
                f"/v1/queue/{counter}/tickets",
                b"{}",
                {"Idempotency-Key": idempotency_key},
            )
        except CentralUnavailableError as error:
            log.warning("No hall number for %s (numbering here): %s", counter, error)
            return None
        if answer.status == 409 and _slug(answer) == "unit-closed":
            raise UnitClosedError(f"unit {counter} closed for today")
        if answer.status not in (200, 201):
            log.warning("No hall number for %s (numbering here): HTTP %s", counter, answer.status)
            return None
        return _hall_number(answer, counter)

    def close(self) -> None:
        """Close the client's connections."""
        self._client.close()


def _slug(answer: Answer) -> str:
    try:
        problem = answer.json()
    except ValueError:
        return ""
    kind = problem.get("type", "") if isinstance(problem, dict) else ""
    return kind.removeprefix("urn:alm:problem:") if isinstance(kind, str) else ""


def _hall_number(answer: Answer, counter: str) -> HallNumber | None:
    """Central's answer, checked; None (number it here) when it is not a usable one."""
    try:
        data = answer.json()
    except ValueError:
        data = None
    number = data.get("number") if isinstance(data, dict) else None
    place = QueuePlace.from_json(data)
    if not (
        isinstance(number, str)
        and _NUMBER.fullmatch(number)
        and number.startswith(counter)
        and place is not None
    ):
        log.warning("Central's hall number for %s is not usable; numbering here", counter)
        return None
    return HallNumber(number, place)
