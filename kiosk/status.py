"""Cek Status Permohonan: what central says about a request, masked, in plain words.

A citizen scans their receipt (or types its reference and check code) and sees where the
request stands. Central answers with masked data only. A request still waiting in this
kiosk's outbox is not on central yet; the kiosk says so rather than "not found".
"""

from __future__ import annotations

import enum
import logging
import re
from dataclasses import dataclass
from typing import Any
from urllib.parse import quote, urlencode

from kiosk.journal import Journal, OutboxState
from kiosk.services import Flow, Service
from kiosk.session import Screen, Session
from kiosk.sync import CentralClient, CentralUnavailableError
from kiosk.text import NO_TEXT, LocalizedText

log = logging.getLogger("kiosk.status")

_MASKED_NIK = re.compile(r"^[0-9]{6}\*{6}[0-9]{4}$")

MESSAGES: dict[str, LocalizedText] = {
    "offline": LocalizedText(
        "Status belum dapat dicek, coba lagi nanti.",
        "The status cannot be checked right now; please try again later.",
    ),
    "not_found": LocalizedText(
        "Permohonan dengan nomor ini tidak ditemukan. Periksa nomor dan kode cek pada struk.",
        "No request has this number. Check the number and check code on the receipt.",
    ),
    "queued_here": LocalizedText(
        "Permohonan tercatat di anjungan ini dan sedang dikirim ke kantor. Coba cek lagi nanti.",
        "The request is recorded at this kiosk and is on its way to the office. Check again later.",
    ),
}


class StatusResult(enum.Enum):
    """What came of a status check."""

    FOUND = "found"
    QUEUED_HERE = "queued_here"
    NOT_FOUND = "not_found"
    OFFLINE = "offline"


@dataclass(frozen=True)
class StatusAnswer:
    """A request's status as the citizen may see it: masked, with a message when not found."""

    result: StatusResult
    reference: str
    message: LocalizedText = NO_TEXT
    detail: str = ""
    service: str = ""
    state: str = ""
    state_text: LocalizedText = NO_TEXT
    created_at: str = ""
    updated_at: str = ""
    masked_name: str = ""
    masked_nik: str = ""


class StatusChecker:
    """Asks central for a request's status; knows this kiosk's own unsent requests."""

    def __init__(self, client: CentralClient | None, journal: Journal) -> None:
        self._client = client
        self._journal = journal

    def check(self, reference: str, check_code: str | None) -> StatusAnswer:
        """The status of ``reference``; ``check_code`` is the receipt's signature, if known."""
        if self._queued_here(reference):
            return StatusAnswer(StatusResult.QUEUED_HERE, reference, MESSAGES["queued_here"])
        if self._client is None:
            return StatusAnswer(StatusResult.OFFLINE, reference, MESSAGES["offline"], "no central")
        path = f"/v1/transactions/{quote(reference, safe='')}"
        if check_code:
            path += "?" + urlencode({"sig": check_code})
        try:
            answer = self._client.request("GET", path)
        except CentralUnavailableError as error:
            log.warning("Status check: central unavailable: %s", error)
            return StatusAnswer(StatusResult.OFFLINE, reference, MESSAGES["offline"], str(error))
        if answer.status == 404:
            return StatusAnswer(StatusResult.NOT_FOUND, reference, MESSAGES["not_found"], "404")
        if answer.status != 200:
            detail = f"{answer.status} {answer.problem()}"
            log.warning("Status check refused: %s", detail)
            return StatusAnswer(StatusResult.OFFLINE, reference, MESSAGES["offline"], detail)
        try:
            data = answer.json()
        except (ValueError, UnicodeDecodeError):
            data = None
        parsed = _parse(reference, data)
        if parsed is None:
            log.warning("Status check: malformed answer for %s", reference)
            return StatusAnswer(StatusResult.OFFLINE, reference, MESSAGES["offline"], "malformed")
        return parsed

    def _queued_here(self, reference: str) -> bool:
        entry = self._journal.by_reference(reference)
        return entry is not None and entry.outbox_state is not OutboxState.SENT


def showing_status_check(session: Session) -> bool:
    """Whether the session shows the status check (it has no form: its screen is FORM)."""
    service = session.data.service
    return (
        session.screen is Screen.FORM and service is not None and service.flow is Flow.STATUS_CHECK
    )


def open_status_check(session: Session, services: tuple[Service, ...]) -> bool:
    """Take the session to the status check from attract, home or done; False if it can't.

    A finished citizen's done screen ends first, so a scanned receipt never shows next to
    someone else's number.
    """
    service = next((s for s in services if s.flow is Flow.STATUS_CHECK), None)
    if service is None:
        return False
    if session.screen is Screen.DONE:
        session.end()
    if session.screen is Screen.ATTRACT:
        session.start()
    if session.screen is Screen.HOME:
        session.choose_service(service)
    return showing_status_check(session)


def _parse(reference: str, data: Any) -> StatusAnswer | None:
    """Central's answer, read strictly: anything unexpected is treated as no answer."""
    if not isinstance(data, dict) or data.get("reference") != reference:
        return None
    text = data.get("status_text")
    strings = [data.get(key) for key in ("service", "status", "created_at", "updated_at")]
    if not isinstance(text, dict) or not all(isinstance(value, str) for value in strings):
        return None
    text_id, text_en = text.get("id"), text.get("en")
    if not isinstance(text_id, str) or not isinstance(text_en, str):
        return None
    identity = data.get("identity")
    masked_name = masked_nik = ""
    if isinstance(identity, dict):
        nik, name = identity.get("nik"), identity.get("name")
        if not (isinstance(nik, str) and _MASKED_NIK.match(nik) and isinstance(name, str)):
            return None
        masked_nik, masked_name = nik, name[:120]
    service, state, created_at, updated_at = (str(value) for value in strings)
    return StatusAnswer(
        StatusResult.FOUND,
        reference,
        service=service,
        state=state,
        state_text=LocalizedText(text_id[:200], text_en[:200]),
        created_at=created_at,
        updated_at=updated_at,
        masked_name=masked_name,
        masked_nik=masked_nik,
    )
