"""Cek Status Permohonan: what central says about a request, masked, in plain words.

A citizen scans their receipt (or types its reference and check code) and sees where the
request stands: which service it is, the steps of its workflow with the one it is at, what
happens next, and what the office wrote to them (what to fix, why it was refused, the
answer to a complaint). A queue ticket shows its number, counter and whether it was called.
Central answers with masked data only. A request still waiting in this kiosk's outbox is
not on central yet; the kiosk says so rather than "not found".

The steps are the contract's (``central/openapi.yaml``, ``TransactionState``): each kind of
request (a letter, a complaint or report, a queue ticket) has its own path, and a detour
(a correction, a refusal, a skipped ticket) is shown where it left the path.
"""

from __future__ import annotations

import enum
import logging
import re
from dataclasses import dataclass
from typing import Any
from urllib.parse import quote, urlencode

from kiosk.catalog import CatalogKeeper
from kiosk.hall import QueuePlace, place_text
from kiosk.journal import Journal, OutboxState
from kiosk.services import Category, Counter, Flow, Service
from kiosk.session import Screen, Session
from kiosk.sync import CentralClient, CentralUnavailableError
from kiosk.text import NO_TEXT, LocalizedText
from kiosk.workflow import Kind, TransactionState

log = logging.getLogger("kiosk.status")

_MASKED_NIK = re.compile(r"^[0-9]{6}\*{6}[0-9]{4}$")
#: The number of a queue ticket's reference: ``<series>-<counter code><sequence>``.
_TICKET_NUMBER = re.compile(r"([A-Z0-9]{1,12})-([A-Z]{1,3})([0-9]+)")
#: A number in central's ``queue`` (``A007``, or a kiosk's own ``K1-A003``).
_QUEUE_NUMBER = re.compile(r"([A-Z0-9]{1,12}-)?[A-Z]{1,3}[0-9]{3,6}")
_MAX_DESK = 999
#: Longest text taken from central for one line on screen.
_MAX_TEXT = 200
_MAX_MESSAGE = 1000

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


class Mark(enum.Enum):
    """How one step of the indicator is drawn."""

    DONE = "done"
    CURRENT = "current"
    PROBLEM = "problem"
    AHEAD = "ahead"


@dataclass(frozen=True)
class Step:
    """One step of a request's way, as the indicator lists it."""

    label: LocalizedText
    mark: Mark


@dataclass(frozen=True)
class Ticket:
    """A queue ticket as the status screen shows it: its number, counter and place.

    ``place`` says how many wait before it (while it waits) or which desk called it, from
    central's ``queue`` (contract 1.3); empty from an older central.
    """

    number: str
    counter: LocalizedText = NO_TEXT
    location: LocalizedText = NO_TEXT
    place: LocalizedText = NO_TEXT


_S = TransactionState
#: Each kind's way when nothing goes wrong (the contract's steps per kind).
_PATHS: dict[Kind, tuple[TransactionState, ...]] = {
    Kind.LETTER: (_S.RECEIVED, _S.VERIFIED, _S.SIGNED, _S.READY, _S.DONE),
    Kind.REQUEST: (_S.RECEIVED, _S.PROCESSING, _S.DONE),
    Kind.QUEUE: (_S.RECEIVED, _S.CALLED, _S.DONE),
}
#: Statuses off the way: how many steps of the way lie behind them, and whether they end it.
_DETOURS: dict[TransactionState, tuple[int, bool]] = {
    _S.NEEDS_CORRECTION: (1, False),
    _S.REJECTED: (1, True),
    _S.SKIPPED: (2, False),
    _S.EXPIRED: (1, True),
}
#: Statuses only one kind has: they tell the kind when central does not (a 1.1 central).
_ONLY_IN = {
    _S.VERIFIED: Kind.LETTER,
    _S.SIGNED: Kind.LETTER,
    _S.READY: Kind.LETTER,
    _S.PROCESSING: Kind.REQUEST,
    _S.CALLED: Kind.QUEUE,
    _S.SKIPPED: Kind.QUEUE,
    _S.EXPIRED: Kind.QUEUE,
}

_LABELS: dict[TransactionState, LocalizedText] = {
    _S.RECEIVED: LocalizedText("Diterima", "Received"),
    _S.PROCESSING: LocalizedText("Sedang diproses", "Being processed"),
    _S.VERIFIED: LocalizedText("Diperiksa petugas desa", "Checked by the village"),
    _S.NEEDS_CORRECTION: LocalizedText("Perlu perbaikan", "Needs correction"),
    _S.REJECTED: LocalizedText("Ditolak", "Rejected"),
    _S.SIGNED: LocalizedText("Ditandatangani Kepala Desa", "Signed by the village head"),
    _S.READY: LocalizedText("Siap diambil", "Ready to collect"),
    _S.DONE: LocalizedText("Selesai", "Done"),
    _S.CALLED: LocalizedText("Dipanggil ke loket", "Called to the counter"),
    _S.SKIPPED: LocalizedText("Terlewat", "Missed"),
    _S.EXPIRED: LocalizedText("Tidak berlaku lagi", "No longer valid"),
}
#: Where a ticket's words differ from a request's.
_TICKET_LABELS: dict[TransactionState, LocalizedText] = {
    _S.RECEIVED: LocalizedText("Menunggu dipanggil", "Waiting to be called"),
    _S.DONE: LocalizedText("Sudah dilayani", "Served"),
}

_NEXT: dict[tuple[Kind, TransactionState], LocalizedText] = {
    (Kind.LETTER, _S.RECEIVED): LocalizedText(
        "Petugas desa akan memeriksa permohonan Anda.",
        "A village officer will check your request.",
    ),
    (Kind.LETTER, _S.VERIFIED): LocalizedText(
        "Permohonan sudah diperiksa. Surat menunggu tanda tangan Kepala Desa.",
        "Your request has been checked. The letter waits for the village head's signature.",
    ),
    (Kind.LETTER, _S.NEEDS_CORRECTION): LocalizedText(
        "Ada yang perlu diperbaiki atau dilengkapi: lihat pesan petugas, lalu datang ke kantor"
        " desa.",
        "Something must be fixed or added: see the officer's message, then come to the village"
        " office.",
    ),
    (Kind.LETTER, _S.REJECTED): LocalizedText(
        "Permohonan ini tidak dapat dilanjutkan; alasannya ada di pesan petugas. Tanyakan"
        " kepada petugas bila perlu.",
        "This request cannot go ahead; the officer's message says why. Ask an officer if you"
        " need to.",
    ),
    (Kind.LETTER, _S.SIGNED): LocalizedText(
        "Surat sudah ditandatangani dan sedang diterbitkan. Cek lagi besok.",
        "The letter is signed and being issued. Check again tomorrow.",
    ),
    (Kind.LETTER, _S.READY): LocalizedText(
        "Surat siap dicetak di anjungan: pilih Ambil Surat, lalu pindai struk ini. Bisa juga"
        " diambil di kantor desa.",
        "The letter is ready to print at a kiosk: choose Collect a Letter, then scan this"
        " receipt. It can also be collected at the village office.",
    ),
    (Kind.LETTER, _S.DONE): LocalizedText(
        "Surat sudah diambil. Permohonan selesai.",
        "The letter has been collected. The request is complete.",
    ),
    (Kind.REQUEST, _S.RECEIVED): LocalizedText(
        "Laporan Anda sudah diterima dan akan ditangani petugas.",
        "Your report has been received and an officer will take it up.",
    ),
    (Kind.REQUEST, _S.PROCESSING): LocalizedText(
        "Petugas sedang menindaklanjuti laporan Anda.",
        "An officer is following up your report.",
    ),
    (Kind.REQUEST, _S.NEEDS_CORRECTION): LocalizedText(
        "Petugas memerlukan keterangan tambahan: lihat pesannya.",
        "The officer needs more information: see the message.",
    ),
    (Kind.REQUEST, _S.REJECTED): LocalizedText(
        "Laporan ini tidak dapat ditindaklanjuti; alasannya ada di pesan petugas.",
        "This report cannot be followed up; the officer's message says why.",
    ),
    (Kind.REQUEST, _S.DONE): LocalizedText(
        "Laporan Anda sudah selesai ditangani.",
        "Your report has been dealt with.",
    ),
    (Kind.QUEUE, _S.RECEIVED): LocalizedText(
        "Tunggu sampai nomor Anda dipanggil, lalu datang ke loket.",
        "Wait until your number is called, then go to the counter.",
    ),
    (Kind.QUEUE, _S.CALLED): LocalizedText(
        "Nomor Anda sudah dipanggil. Segera datang ke loket.",
        "Your number has been called. Please go to the counter now.",
    ),
    (Kind.QUEUE, _S.SKIPPED): LocalizedText(
        "Nomor Anda terlewat. Datang ke loket dan tunjukkan nomor ini; petugas dapat"
        " memanggilnya lagi.",
        "Your number was missed. Go to the counter and show this number; it can be called again.",
    ),
    (Kind.QUEUE, _S.DONE): LocalizedText(
        "Anda sudah dilayani. Terima kasih.", "You have been served. Thank you."
    ),
    (Kind.QUEUE, _S.EXPIRED): LocalizedText(
        "Nomor ini tidak berlaku lagi. Ambil nomor baru bila masih perlu.",
        "This number is no longer valid. Take a new one if you still need to.",
    ),
}

#: What happens next with a letter whose state says more than its request's status: the
#: village allowed another print of a collected letter, or withdrew a signed one.
_LETTER_NEXT: dict[str, LocalizedText] = {
    "ready": LocalizedText(
        "Desa mengizinkan satu cetak lagi: pilih Ambil Surat, lalu pindai struk ini.",
        "The village allowed one more print: choose Collect a Letter, then scan this receipt.",
    ),
    "revoked": LocalizedText(
        "Surat ini sudah dicabut oleh desa dan tidak berlaku lagi. Tanyakan alasannya di"
        " kantor desa.",
        "The village has withdrawn this letter and it is no longer valid. Ask the village"
        " office why.",
    ),
}

_MESSAGE_HEADINGS: dict[TransactionState, LocalizedText] = {
    _S.NEEDS_CORRECTION: LocalizedText("Yang perlu diperbaiki:", "What to fix:"),
    _S.REJECTED: LocalizedText("Alasan:", "Reason:"),
    _S.DONE: LocalizedText("Jawaban petugas:", "The officer's answer:"),
}
_MESSAGE_HEADING = LocalizedText("Pesan petugas:", "Message from the officer:")

RECEIPT_NOT_PRINTED = LocalizedText(
    "Struk permohonan ini belum tercetak. Petugas dapat mencetaknya ulang.",
    "This request's receipt has not printed. An officer can print it again.",
)
_UNPRINTED = frozenset({"failed", "unknown"})


@dataclass(frozen=True)
class StatusAnswer:
    """A request's status as the citizen may see it: masked, with a message when not found.

    Attributes:
        result: found, waiting here, not found or offline.
        reference: the request's reference.
        message: the kiosk's own word when there is no status to show.
        detail: the exact reason there is none, for the log.
        service: the service's id, as central stores it.
        service_title: the service's name in the live catalog (its id when unknown).
        state: the status, as central sent it.
        state_text: the status in words, as central sent it.
        kind: the workflow the steps follow (None when the status is not one of ours).
        steps: the step indicator.
        next_text: what happens next.
        office_message: central's ``message`` to the citizen (what to fix, why, the answer).
        message_heading: what introduces ``office_message``.
        receipt_text: a word on the receipt, where it did not print.
        ticket: a queue ticket's number and counter.
        created_at: when it was submitted, as central sent it.
        updated_at: when its status last changed.
        masked_name: the masked name, if the request has an identity.
        masked_nik: the masked NIK, likewise.

    """

    result: StatusResult
    reference: str
    message: LocalizedText = NO_TEXT
    detail: str = ""
    service: str = ""
    service_title: LocalizedText = NO_TEXT
    state: str = ""
    state_text: LocalizedText = NO_TEXT
    kind: Kind | None = None
    steps: tuple[Step, ...] = ()
    next_text: LocalizedText = NO_TEXT
    office_message: LocalizedText = NO_TEXT
    message_heading: LocalizedText = NO_TEXT
    receipt_text: LocalizedText = NO_TEXT
    ticket: Ticket | None = None
    created_at: str = ""
    updated_at: str = ""
    masked_name: str = ""
    masked_nik: str = ""


class StatusChecker:
    """Asks central for a request's status; knows this kiosk's own unsent requests."""

    def __init__(
        self, client: CentralClient | None, journal: Journal, catalog: CatalogKeeper
    ) -> None:
        self._client = client
        self._journal = journal
        self._catalog = catalog

    def check(self, reference: str, check_code: str | None) -> StatusAnswer:
        """The status of ``reference``; ``check_code`` is the receipt's signature, if known."""
        queued = self._queued_here(reference)
        if queued is not None:
            return queued
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
        parsed = status_answer(reference, data, self._catalog)
        if parsed is None:
            log.warning("Status check: malformed answer for %s", reference)
            return StatusAnswer(StatusResult.OFFLINE, reference, MESSAGES["offline"], "malformed")
        return parsed

    def _queued_here(self, reference: str) -> StatusAnswer | None:
        entry = self._journal.by_reference(reference)
        if entry is None or entry.outbox_state is OutboxState.SENT:
            return None
        service = _service(self._catalog, entry.service)
        return StatusAnswer(
            StatusResult.QUEUED_HERE,
            reference,
            MESSAGES["queued_here"],
            service=entry.service,
            service_title=_title(service, entry.service),
            ticket=_ticket(service, reference),
        )


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


def status_answer(reference: str, data: Any, catalog: CatalogKeeper) -> StatusAnswer | None:
    """Central's ``TransactionStatus`` for ``reference``, read strictly, in the kiosk's words.

    Anything unexpected is treated as no answer (None). A status this kiosk does not know
    (a later contract's) is shown in central's words, without steps.
    """
    if not isinstance(data, dict) or data.get("reference") != reference:
        return None
    strings = [data.get(key) for key in ("service", "status", "created_at", "updated_at")]
    if not all(isinstance(value, str) for value in strings):
        return None
    service_id, status, created_at, updated_at = (str(value) for value in strings)
    state_text = _localized(data.get("status_text"), _MAX_TEXT)
    message = data.get("message")
    office_message = NO_TEXT if message is None else _localized(message, _MAX_MESSAGE)
    identity = data.get("identity")
    if state_text is None or office_message is None:
        return None
    masked_name = masked_nik = ""
    if isinstance(identity, dict):
        nik, name = identity.get("nik"), identity.get("name")
        if not (isinstance(nik, str) and _MASKED_NIK.match(nik) and isinstance(name, str)):
            return None
        masked_nik, masked_name = nik, name[:120]
    service = _service(catalog, service_id)
    state = _state(status)
    kind = _kind(data.get("kind"), state, service)
    heading = NO_TEXT
    if office_message.id:
        heading = _MESSAGE_HEADINGS.get(state, _MESSAGE_HEADING) if state else _MESSAGE_HEADING
    known = (kind, state) if kind is not None and state is not None else None
    return StatusAnswer(
        StatusResult.FOUND,
        reference,
        service=service_id,
        service_title=_title(service, service_id),
        state=status,
        state_text=state_text,
        kind=kind,
        steps=steps(*known) if known else (),
        next_text=_next_text(known, data.get("letter")),
        office_message=office_message,
        message_heading=heading,
        receipt_text=RECEIPT_NOT_PRINTED if data.get("receipt") in _UNPRINTED else NO_TEXT,
        ticket=_ticket(service, reference, data.get("queue")) if kind is Kind.QUEUE else None,
        created_at=created_at,
        updated_at=updated_at,
        masked_name=masked_name,
        masked_nik=masked_nik,
    )


def _next_text(known: tuple[Kind, TransactionState] | None, letter: object) -> LocalizedText:
    """What happens next; for a finished letter request, what its letter's state adds."""
    if known is None:
        return NO_TEXT
    kind, state = known
    letter_state = letter.get("state") if isinstance(letter, dict) else None
    revoked = letter_state == "revoked" and state in (_S.READY, _S.DONE)
    allowed_again = letter_state == "ready" and state is _S.DONE
    if kind is Kind.LETTER and (revoked or allowed_again):
        return _LETTER_NEXT[str(letter_state)]
    return _NEXT.get(known, NO_TEXT)


def steps(kind: Kind, state: TransactionState) -> tuple[Step, ...]:
    """The step indicator of a ``kind`` of request that is ``state``.

    The steps behind are done, the one it is at is current (done, once the way is at its
    end); a detour (a correction, a refusal, a missed ticket) is a problem step where it
    left the way, followed by the steps still ahead unless it ended the request. A status
    that is not one of this kind's has no steps (central would not send one).
    """
    path = _PATHS[kind]

    def label(of: TransactionState) -> LocalizedText:
        return (_TICKET_LABELS.get(of) if kind is Kind.QUEUE else None) or _LABELS[of]

    if state in path:
        at = path.index(state)
        last = at == len(path) - 1
        return tuple(
            Step(
                label(step),
                Mark.DONE
                if index < at or (index == at and last)
                else Mark.CURRENT
                if index == at
                else Mark.AHEAD,
            )
            for index, step in enumerate(path)
        )
    if state not in _DETOURS:
        log.warning("A %s request cannot be %s: no steps shown", kind.value, state.value)
        return ()
    behind, final = _DETOURS[state]
    ahead = () if final else path[behind:]
    return (
        *(Step(label(step), Mark.DONE) for step in path[:behind]),
        Step(label(state), Mark.PROBLEM),
        *(Step(label(step), Mark.AHEAD) for step in ahead),
    )


def _state(status: str) -> TransactionState | None:
    try:
        return TransactionState(status)
    except ValueError:
        log.warning("Status %r is not one this kiosk knows", status[:40])
        return None


def _kind(sent: object, state: TransactionState | None, service: Service | None) -> Kind | None:
    """Central's ``kind`` (1.2); from a 1.1 central, what the status and catalog tell."""
    if isinstance(sent, str):
        try:
            return Kind(sent)
        except ValueError:
            log.warning("Kind %r is not one this kiosk knows", sent[:40])
    if state is None:
        return None
    if state in _ONLY_IN:
        return _ONLY_IN[state]
    if service is not None and service.flow is Flow.QUEUE_TICKET:
        return Kind.QUEUE
    if service is not None and service.category is Category.LETTERS:
        return Kind.LETTER
    return Kind.REQUEST


def _localized(value: object, limit: int) -> LocalizedText | None:
    """The contract's ``LocalizedText``, each language cut at ``limit``; None if malformed."""
    if not isinstance(value, dict):
        return None
    text_id, text_en = value.get("id"), value.get("en")
    if not isinstance(text_id, str) or not isinstance(text_en, str):
        return None
    return LocalizedText(text_id[:limit], text_en[:limit])


def _service(catalog: CatalogKeeper, service_id: str) -> Service | None:
    try:
        return catalog.catalog.service(service_id)
    except KeyError:
        return None


def _title(service: Service | None, service_id: str) -> LocalizedText:
    """The service's name; a service the catalog no longer has keeps its id."""
    return service.title if service is not None else LocalizedText(service_id, service_id)


def _ticket(service: Service | None, reference: str, queue: object = None) -> Ticket | None:
    """A queue ticket's number and counter: central's ``queue``, else from its reference."""
    if service is None or service.flow is not Flow.QUEUE_TICKET:
        return None
    match = _TICKET_NUMBER.fullmatch("-".join(reference.rsplit("-", 2)[-2:]))
    number, code = (match[0], match[2]) if match else ("", "")
    place = NO_TEXT
    if isinstance(queue, dict):
        given, unit = queue.get("number"), queue.get("counter")
        if isinstance(given, str) and _QUEUE_NUMBER.fullmatch(given) and isinstance(unit, str):
            number, code = given, unit
            place = _queue_place(queue)
    if not number:
        return None
    counter: Counter | None = next((c for c in service.counters if c.code == code), None)
    if counter is None:
        return Ticket(number, place=place)
    return Ticket(number, counter.name, counter.location, place)


def _queue_place(queue: dict[str, Any]) -> LocalizedText:
    """Where a ticket stands: how many wait before it, or the desk that called it."""
    desk = queue.get("desk")
    if isinstance(desk, int) and 1 <= desk <= _MAX_DESK:
        return LocalizedText(f"Silakan ke loket {desk}", f"Please go to desk {desk}")
    place = QueuePlace.from_json(queue)
    if place is None:
        return NO_TEXT
    return LocalizedText(place_text(place, "id"), place_text(place, "en"))
