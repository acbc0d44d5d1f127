"""Ambil Surat: the citizen prints their signed letter on the kiosk's A4 printer.

The citizen proves they are here with the receipt's QR (its reference and check) or an
identity token central gave for a confirmed e-KTP or NIK (``kiosk.identify``). Central
lists their letters (``GET /v1/letters``), gives the signed PDF of a ready one to a kiosk
of the same village (``GET /v1/transactions/{reference}/letter``), and counts each print
(``POST .../letter/collected``), which this kiosk reports through its outbox once the
printer's queue said the job *completed*: an accepted job is not a printed letter.

How many copies may print is central's to say (``copies_allowed``, across every kiosk of
the village); a print this kiosk made but has not reported yet counts too, so a citizen
cannot print twice while the network is slow. Each fetched copy has its own document id
(``{reference}-{random}``): the printer driver never prints an id twice and remembers it
across restarts, and the report's idempotency key is made from the same id, so a repeated
tap or a resent report is one print and one count.

A technician in maintenance mode may print one more copy of a letter whose copies are
used up (contract 1.4): it is fetched with ``extra_copy=technician`` and its report says
so, and central raises ``copies_allowed`` with ``copies_printed``. Its document id is
``{reference}-x{random}``, so that the crash gap below reports it as an extra copy too
(reported as an ordinary one, central would refuse it as ``copies-exhausted``). A 1.3
central refuses that fetch with ``400 invalid-request``: nothing prints, and the
technician is told the village must allow the copy from the back office.

A kiosk that stops after the queue said *completed* but before the report was queued
would lose that print, and so would a job that completed only after the kiosk stopped (or
stopped waiting for it); so when the pickup is built, and before each listing, it reads the
printer driver's durable record (which asks the queue how such jobs ended), and queues the
report of each completed letter copy the outbox never had, with the same key
(:meth:`LetterPickup.report_unreported_prints`).

The PDF stays in memory: the kiosk keeps no copy of a letter (it carries a full NIK),
and its first page is rendered for the preview by poppler's ``pdftoppm`` from a pipe.
Every call may block on the network or the printer, so the UI runs them on a worker.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import enum
import logging
import re
import shutil
import subprocess
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any
from urllib.parse import quote, urlencode

from drivers.base import DocumentJobState, DocumentPrinter, DocumentPrinterStatus
from drivers.document_printer import PDF_MAGIC
from kiosk.journal import ExtraCopy, Journal
from kiosk.services import DOCUMENT_PRINTER_TEXTS, Flow
from kiosk.session import Screen, Session
from kiosk.sync import Answer, CentralClient, CentralUnavailableError
from kiosk.text import NO_TEXT, LocalizedText

log = logging.getLogger("kiosk.pickup")

#: The largest signed letter the kiosk takes from central.
MAX_LETTER_BYTES = 16 * 1024 * 1024
#: How long the printer's queue may take to finish one letter.
PRINT_TIMEOUT = 300.0
#: Resolution of the first page's preview: an A4 page about 580 px wide.
PREVIEW_DPI = 70
_PREVIEW_TIMEOUT = 20.0
#: The namespace of the reports' idempotency keys (one per kiosk, reference and copy).
_PRINT_KEYS = uuid.UUID("6b1f1d0e-7a51-4c1e-9d0b-1c3a2f0e5a21")
_REFERENCE = re.compile(r"[A-Z0-9][A-Z0-9-]{0,99}")
#: A letter copy's document id, ``{reference}-{12 hex digits}``, or ``{reference}-x{12 hex
#: digits}`` for a technician's extra copy (test pages are lowercase).
_LETTER_DOCUMENT = re.compile(r"([A-Z0-9][A-Z0-9-]{0,99})-(x?)[0-9a-f]{12}")
#: The mark of an extra copy's document id (after the reference's dash).
_EXTRA_MARK = "x"
#: How far back a completed print is looked for at start. The outbox forgets a sent report
#: after the journal's retention; within it, a print the outbox never had was never reported.
REPORT_WINDOW = dt.timedelta(days=30)
_MASKED_NIK = re.compile(r"^[0-9]{6}\*{6}[0-9]{4}$")
_MAX_TEXT = 200


class LetterState(enum.Enum):
    """What the kiosk can do with one of the citizen's letters (the contract's LetterState)."""

    READY = "ready"
    COLLECTED = "collected"
    IN_PROGRESS = "in_progress"
    NEEDS_CORRECTION = "needs_correction"
    REJECTED = "rejected"
    REVOKED = "revoked"


class ListResult(enum.Enum):
    """What came of asking central for the citizen's letters."""

    FOUND = "found"
    NOT_FOUND = "not_found"
    TOKEN_EXPIRED = "token_expired"
    TOO_MANY = "too_many"
    OFFLINE = "offline"
    FAILED = "failed"


class PrintResult(enum.Enum):
    """What came of fetching or printing a letter."""

    FETCHED = "fetched"
    PRINTED = "printed"
    PRINTER_FAILED = "printer_failed"
    NO_COPIES_LEFT = "no_copies_left"
    NOT_PRINTABLE = "not_printable"
    TOKEN_EXPIRED = "token_expired"
    OFFLINE = "offline"
    FAILED = "failed"
    #: Central is older than contract 1.4: it makes no technician's extra copy.
    OLD_CENTRAL = "old_central"


def _office_text(office: str) -> dict[str, LocalizedText]:
    """The citizen's messages, naming the office where a letter is collected by hand."""
    return {
        "offline": LocalizedText(
            "Surat belum dapat diambil sekarang karena anjungan tidak tersambung ke kantor. "
            f"Silakan coba lagi nanti, atau ambil surat Anda di {office} pada jam kerja.",
            "The letter cannot be fetched now: the kiosk cannot reach the office. Please try "
            f"again later, or collect your letter at {office} during office hours.",
        ),
        "not_found": LocalizedText(
            "Surat dengan struk ini tidak ditemukan di desa ini. Periksa struk Anda, atau "
            f"tanyakan ke {office}.",
            "No letter of this village matches this receipt. Check your receipt, or ask at "
            f"{office}.",
        ),
        "none": LocalizedText(
            "Belum ada permohonan surat atas nama Anda di desa ini.",
            "There is no letter request in your name in this village.",
        ),
        "token_expired": LocalizedText(
            "Waktu konfirmasi sudah habis. Silakan tempelkan e-KTP atau ketik NIK lagi.",
            "The confirmation has expired. Please tap your e-KTP or type your NIK again.",
        ),
        "too_many": LocalizedText(
            "Terlalu banyak nomor yang tidak dikenal dari anjungan ini. Coba lagi nanti, atau "
            f"tanyakan ke {office}.",
            f"Too many unknown numbers from this kiosk. Try again later, or ask at {office}.",
        ),
        "failed": LocalizedText(
            "Surat belum dapat diambil karena gangguan. Silakan ambil surat Anda di "
            f"{office} pada jam kerja.",
            "The letter cannot be fetched because of a fault. Please collect your letter at "
            f"{office} during office hours.",
        ),
        "no_copies_left": LocalizedText(
            "Surat ini sudah dicetak sebanyak yang diizinkan desa. Untuk salinan lagi, "
            f"silakan ke {office}.",
            "This letter was printed as many times as the village allows. For another copy, "
            f"please go to {office}.",
        ),
        "not_printable": LocalizedText(
            f"Surat ini tidak dapat dicetak. Silakan tanyakan ke {office}.",
            f"This letter cannot be printed. Please ask at {office}.",
        ),
        "revoked": LocalizedText(
            f"Surat ini sudah dicabut oleh Kepala Desa. Silakan tanyakan ke {office}.",
            f"The village head has revoked this letter. Please ask at {office}.",
        ),
        "printed": LocalizedText(
            "Surat Anda sudah dicetak. Silakan ambil di printer.",
            "Your letter has been printed. Please take it from the printer.",
        ),
        "printer_failed": LocalizedText(
            "Surat tidak tercetak dan belum dihitung sebagai diambil. Mohon hubungi petugas, "
            f"atau ambil surat Anda di {office}.",
            "The letter did not print, and it is not counted as collected. Please ask an "
            f"officer, or collect your letter at {office}.",
        ),
        # For the technician in maintenance mode, not for a citizen.
        "old_central": LocalizedText(
            "Server pusat belum mendukung salinan tambahan oleh teknisi. Tidak ada yang "
            "dicetak. Desa harus mengizinkan salinan ini dari back office (Izinkan satu "
            "cetak lagi), lalu cetak lagi.",
            "Central does not support a technician's extra copy yet. Nothing was printed. "
            "The village must allow this copy from the back office (Allow one more print), "
            "then print again.",
        ),
    }


@dataclass(frozen=True)
class Proof:
    """How the citizen proved they are at the kiosk: a receipt's check or an identity token."""

    reference: str = ""
    check: str = ""
    token: str = ""

    def query(self) -> dict[str, str]:
        """The query of ``GET /v1/letters`` that presents this proof."""
        if self.token:
            return {"identity": self.token}
        return {"reference": self.reference, "sig": self.check}

    def letter_query(self) -> dict[str, str]:
        """The query of ``GET /v1/transactions/{reference}/letter``: the proof alone."""
        return {"identity": self.token} if self.token else {"sig": self.check}


@dataclass(frozen=True)
class Letter:
    """One of the citizen's letter requests, as the pickup screen lists it (masked)."""

    reference: str
    service: str
    title: LocalizedText
    state: LetterState
    status_text: LocalizedText
    message: LocalizedText
    masked_nik: str
    masked_name: str
    number: str = ""
    pages: int = 0
    copies_allowed: int = 0
    copies_printed: int = 0

    @property
    def copies_left(self) -> int:
        """How many more times central allows the letter to print."""
        return max(0, self.copies_allowed - self.copies_printed)


@dataclass(frozen=True)
class LetterList:
    """Central's answer: the letters (``FOUND``, maybe none) or why there are none."""

    result: ListResult
    letters: tuple[Letter, ...] = ()
    message: LocalizedText = NO_TEXT
    detail: str = ""

    @property
    def ready(self) -> tuple[Letter, ...]:
        """The letters that can be printed now."""
        return tuple(letter for letter in self.letters if letter.state is LetterState.READY)


@dataclass(frozen=True)
class Fetched:
    """A letter's signed PDF, in memory only, with the PNG of its first page for the preview.

    ``document_id`` names this one copy for the printer and for central's count;
    ``extra_copy`` says who allowed it beyond the village's allowance, if anyone did.
    """

    letter: Letter
    pdf: bytes
    document_id: str
    preview_png: bytes = b""
    extra_copy: ExtraCopy | None = None


@dataclass(frozen=True)
class PickupOutcome:
    """What came of fetching or printing a letter; ``fetched`` when fetching succeeded."""

    result: PrintResult
    message: LocalizedText = NO_TEXT
    detail: str = ""
    fetched: Fetched | None = None
    copy: int = 0


class LetterPickup:
    """The Ambil Surat use case: list, fetch, preview, print and report a citizen's letters.

    Args:
        client: The central API client, or None for a kiosk without central.
        printer: The document printer (``NoDocumentPrinter`` when there is none).
        journal: The outbox that carries each print's report to central.
        kiosk_id: This kiosk's id, part of each print's idempotency key.
        office: Where a citizen collects a letter by hand (``[kiosk] office``).
        now: The kiosk's clock, for the time of each print.
        print_timeout: How long the printer's queue may take to finish one letter.
        report_window: How old a completed print may be and still be reported later
            (the journal's retention: the outbox keeps a sent report that long).

    """

    def __init__(
        self,
        client: CentralClient | None,
        printer: DocumentPrinter,
        journal: Journal,
        kiosk_id: str,
        office: str,
        now: Callable[[], dt.datetime],
        print_timeout: float = PRINT_TIMEOUT,
        report_window: dt.timedelta = REPORT_WINDOW,
    ) -> None:
        self._client = client
        self._printer = printer
        self._journal = journal
        self._kiosk_id = kiosk_id
        self._now = now
        self._print_timeout = print_timeout
        self.messages = _office_text(office)
        self._report_window = report_window
        self.report_unreported_prints(report_window)

    def report_unreported_prints(self, window: dt.timedelta = REPORT_WINDOW) -> int:
        """Queue the report of each completed letter copy the outbox never had; how many.

        The gap this closes: the queue reported a copy completed, then the kiosk stopped
        before :meth:`print` queued its report. The key is the one :meth:`print` would have
        used, so a report already queued (or sent) is not queued again, and central counts
        each copy once whatever happens.
        """
        now = self._now()
        since = (now - window).timestamp()
        queued = 0
        for document in self._printer.printed_documents():
            match = _LETTER_DOCUMENT.fullmatch(document.document_id)
            if match is None or document.at < since:
                continue
            key = self._print_key(document.document_id)
            if self._journal.has_outbox_key(key):
                continue
            at = dt.datetime.fromtimestamp(document.at, tz=now.tzinfo)
            extra = ExtraCopy.TECHNICIAN if match.group(2) == _EXTRA_MARK else None
            if self._journal.record_letter_print(key, match.group(1), at, extra):
                queued += 1
                log.warning(
                    "Letter %s: a completed print (document %s) was never reported; "
                    "its report is queued now",
                    match.group(1),
                    document.document_id,
                )
        return queued

    def _print_key(self, document_id: str) -> str:
        """The idempotency key of one copy's report (this kiosk, this document id)."""
        return str(uuid.uuid5(_PRINT_KEYS, f"{self._kiosk_id}/{document_id}"))

    def letters(self, proof: Proof) -> LetterList:
        """The citizen's letters of this village, for a receipt's check or an identity token.

        Copies that printed since this kiosk last looked (a slow job that finished after the
        citizen was told it failed) are queued for reporting first, so they count here.
        """
        self.report_unreported_prints(self._report_window)
        if self._client is None:
            return LetterList(ListResult.OFFLINE, (), self.messages["offline"], "no central")
        try:
            answer = self._client.request("GET", f"/v1/letters?{urlencode(proof.query())}")
        except CentralUnavailableError as error:
            log.warning("Letters: central unavailable: %s", error)
            return LetterList(ListResult.OFFLINE, (), self.messages["offline"], str(error))
        if answer.status == 200:
            letters = _letters(answer)
            if letters is None:
                return LetterList(
                    ListResult.FAILED, (), self.messages["failed"], "malformed letter list"
                )
            found = tuple(self._with_unsent(letter) for letter in letters)
            message = NO_TEXT if found else self.messages["none"]
            log.info(
                "Letters: %d listed, %d ready", len(found), sum(_ready(item) for item in found)
            )
            return LetterList(ListResult.FOUND, found, message)
        result, key = self._refusal(answer, proof)
        return LetterList(result, (), self.messages[key], f"{answer.status} {answer.problem()}")

    def fetch(
        self, letter: Letter, proof: Proof, extra_copy: ExtraCopy | None = None
    ) -> PickupOutcome:
        """The signed PDF of a ready letter, and its first page for the preview.

        With ``extra_copy`` (a technician in maintenance mode) a letter whose copies are
        used up is fetched too; a revoked one, or one not signed yet, is still refused.
        """
        refused = self._not_printable(letter, extra_copy)
        if refused is not None:
            return refused
        if self._client is None:
            return PickupOutcome(PrintResult.OFFLINE, self.messages["offline"], "no central")
        path = f"/v1/transactions/{quote(letter.reference, safe='')}/letter"
        query = proof.letter_query()
        if extra_copy is not None:
            query["extra_copy"] = extra_copy.value
        try:
            answer = self._client.request(
                "GET", f"{path}?{urlencode(query)}", max_bytes=MAX_LETTER_BYTES
            )
        except CentralUnavailableError as error:
            log.warning("Letter %s: central unavailable: %s", letter.reference, error)
            return PickupOutcome(PrintResult.OFFLINE, self.messages["offline"], str(error))
        if answer.status != 200:
            if extra_copy is not None and answer.status == 400:
                # A 1.3 central takes no other query parameter: it makes no extra copy.
                log.warning(
                    "Letter %s: central refused an extra copy (%s): older than contract 1.4",
                    letter.reference,
                    answer.problem(),
                )
                detail = f"{answer.status} {answer.problem()}"
                return PickupOutcome(PrintResult.OLD_CENTRAL, self.messages["old_central"], detail)
            return self._fetch_refused(answer, proof)
        if not answer.body.startswith(PDF_MAGIC):
            return PickupOutcome(PrintResult.FAILED, self.messages["failed"], "not a PDF")
        mark = _EXTRA_MARK if extra_copy is not None else ""
        document_id = f"{letter.reference}-{mark}{uuid.uuid4().hex[:12]}"
        fetched = Fetched(letter, answer.body, document_id, first_page_png(answer.body), extra_copy)
        return PickupOutcome(PrintResult.FETCHED, fetched=fetched)

    def print(self, fetched: Fetched) -> PickupOutcome:
        """Print one copy; report it to central once the printer's queue says it completed.

        A failed print is not counted, and says why and where else to get the letter.
        """
        letter = fetched.letter
        refused = self._not_printable(letter, fetched.extra_copy)
        if refused is not None:
            return refused
        copy = letter.copies_printed + 1
        document_id = fetched.document_id
        key = self._print_key(document_id)
        if self._journal.has_outbox_key(key):
            # The same fetched copy again (a second tap): it printed once, and counts once.
            return PickupOutcome(
                PrintResult.NO_COPIES_LEFT, self.messages["no_copies_left"], "already printed"
            )
        outcome = self._printer.print_document(
            document_id, fetched.pdf, timeout=self._print_timeout
        )
        if not outcome.ok:
            message = self.printer_failure(outcome.status)
            state = outcome.job_state.value if outcome.job_state else "no job"
            log.warning(
                "Letter %s copy %d did not print (%s): %s",
                letter.reference,
                copy,
                state,
                outcome.detail,
            )
            return PickupOutcome(PrintResult.PRINTER_FAILED, message, outcome.detail, copy=copy)
        assert outcome.job_state in (DocumentJobState.COMPLETED, None)
        self._journal.record_letter_print(key, letter.reference, self._now(), fetched.extra_copy)
        log.info(
            "Letter %s copy %d printed%s; its report is queued",
            letter.reference,
            copy,
            " (a technician's extra copy)" if fetched.extra_copy is not None else "",
        )
        return PickupOutcome(
            PrintResult.PRINTED, self.messages["printed"], outcome.detail, copy=copy
        )

    def printer_failure(self, status: DocumentPrinterStatus) -> LocalizedText:
        """What a citizen reads when the print failed: the printer's trouble, then what to do."""
        message = self.messages["printer_failed"]
        reason = DOCUMENT_PRINTER_TEXTS.get(status, NO_TEXT)
        if status.can_print or not reason.id:
            return message
        return LocalizedText(f"{reason.id} {message.id}", f"{reason.en} {message.en}")

    def _with_unsent(self, letter: Letter) -> Letter:
        """The letter with this kiosk's prints that central has not heard of yet counted."""
        unsent = self._journal.letter_prints_unsent(letter.reference)
        if not unsent:
            return letter
        printed = letter.copies_printed + unsent
        # A technician's extra copy raises the allowance with the count (contract 1.4).
        allowed = letter.copies_allowed + self._journal.letter_prints_unsent(
            letter.reference, extra_only=True
        )
        state = letter.state
        if state is LetterState.READY and printed >= allowed:
            state = LetterState.COLLECTED
        return dataclasses.replace(
            letter, copies_printed=printed, copies_allowed=allowed, state=state
        )

    def _not_printable(
        self, letter: Letter, extra_copy: ExtraCopy | None = None
    ) -> PickupOutcome | None:
        if letter.state is LetterState.REVOKED:
            return PickupOutcome(PrintResult.NOT_PRINTABLE, self.messages["revoked"], "revoked")
        if extra_copy is not None and letter.state in (LetterState.READY, LetterState.COLLECTED):
            return None  # an extra copy does not need copies left
        if letter.state is LetterState.COLLECTED or (
            letter.state is LetterState.READY and letter.copies_left == 0
        ):
            return PickupOutcome(
                PrintResult.NO_COPIES_LEFT, self.messages["no_copies_left"], "no copies left"
            )
        if letter.state is not LetterState.READY:
            return PickupOutcome(
                PrintResult.NOT_PRINTABLE, self.messages["not_printable"], letter.state.value
            )
        return None

    def _refusal(self, answer: Answer, proof: Proof) -> tuple[ListResult, str]:
        slug = _slug(answer)
        if answer.status == 404:
            return ListResult.NOT_FOUND, "not_found" if not proof.token else "none"
        if answer.status == 403 and slug == "identity-token-invalid":
            return ListResult.TOKEN_EXPIRED, "token_expired"
        if answer.status == 429:
            return ListResult.TOO_MANY, "too_many"
        if answer.status >= 500:
            return ListResult.OFFLINE, "offline"
        log.warning("Letters refused: %s %s", answer.status, answer.problem())
        return ListResult.FAILED, "failed"

    def _fetch_refused(self, answer: Answer, proof: Proof) -> PickupOutcome:
        slug = _slug(answer)
        detail = f"{answer.status} {answer.problem()}"
        if slug == "copies-exhausted":
            return PickupOutcome(
                PrintResult.NO_COPIES_LEFT, self.messages["no_copies_left"], detail
            )
        if slug == "letter-revoked":
            return PickupOutcome(PrintResult.NOT_PRINTABLE, self.messages["revoked"], detail)
        if slug == "letter-not-ready":
            return PickupOutcome(PrintResult.NOT_PRINTABLE, self.messages["not_printable"], detail)
        result, key = self._refusal(answer, proof)
        mapped = {
            ListResult.TOKEN_EXPIRED: PrintResult.TOKEN_EXPIRED,
            ListResult.OFFLINE: PrintResult.OFFLINE,
        }.get(result, PrintResult.FAILED)
        return PickupOutcome(mapped, self.messages[key], detail)


def showing_letter_pickup(session: Session) -> bool:
    """Whether the session shows Ambil Surat (it has no form: its screen is FORM)."""
    service = session.data.service
    return (
        session.screen is Screen.FORM and service is not None and service.flow is Flow.LETTER_PICKUP
    )


def first_page_png(pdf: bytes, dpi: int = PREVIEW_DPI) -> bytes:
    """The letter's first page as a PNG, rendered from a pipe; b"" when it cannot be.

    Nothing is written to disk: the letter carries a full NIK. Without poppler's
    ``pdftoppm`` the pickup screen shows the letter's number and title without a picture.
    """
    pdftoppm = shutil.which("pdftoppm")
    if pdftoppm is None:
        log.warning("pdftoppm (poppler-utils) is not installed: no preview of letters")
        return b""
    command = [pdftoppm, "-png", "-singlefile", "-f", "1", "-l", "1", "-r", str(dpi), "-"]
    try:
        done = subprocess.run(
            command, input=pdf, capture_output=True, timeout=_PREVIEW_TIMEOUT, check=True
        )
    except (OSError, subprocess.SubprocessError) as error:
        log.warning("The letter's first page could not be rendered: %s", error)
        return b""
    if not done.stdout.startswith(b"\x89PNG"):
        log.warning("pdftoppm gave no PNG for the letter's first page")
        return b""
    return done.stdout


def _ready(letter: Letter) -> bool:
    return letter.state is LetterState.READY


def _slug(answer: Answer) -> str:
    try:
        data = answer.json()
    except ValueError:
        return ""
    kind = data.get("type") if isinstance(data, dict) else None
    return kind.rsplit(":", 1)[-1] if isinstance(kind, str) else ""


def _letters(answer: Answer) -> list[Letter] | None:
    """Read central's letter list strictly; None when anything in it is malformed."""
    try:
        data = answer.json()
    except ValueError:
        return None
    items = data.get("letters") if isinstance(data, dict) else None
    if not isinstance(items, list):
        return None
    letters = [_letter(item) for item in items[:50]]
    return (
        None
        if any(letter is None for letter in letters)
        else [letter for letter in letters if letter is not None]
    )


def _letter(item: object) -> Letter | None:
    if not isinstance(item, dict):
        return None
    reference, service = item.get("reference"), item.get("service")
    identity = item.get("identity")
    try:
        state = LetterState(item.get("state"))
    except ValueError:
        return None
    if not isinstance(reference, str) or not _REFERENCE.fullmatch(reference):
        return None
    if not isinstance(service, str) or not isinstance(identity, dict):
        return None
    masked_nik, masked_name = identity.get("nik"), identity.get("name")
    if not isinstance(masked_nik, str) or not _MASKED_NIK.match(masked_nik):
        return None
    issued = item.get("letter")
    numbers: dict[str, Any] = {}
    if isinstance(issued, dict):
        counts = [issued.get(key) for key in ("pages", "copies_allowed", "copies_printed")]
        if not all(isinstance(count, int) and count >= 0 for count in counts):
            return None
        numbers = {
            "number": str(issued.get("number", ""))[:_MAX_TEXT],
            "pages": counts[0],
            "copies_allowed": counts[1],
            "copies_printed": counts[2],
        }
    elif state is LetterState.READY:
        return None
    return Letter(
        reference=reference,
        service=service[:_MAX_TEXT],
        title=_localized(item.get("title")),
        state=state,
        status_text=_localized(item.get("status_text")),
        message=_localized(item.get("message")),
        masked_nik=masked_nik,
        masked_name=str(masked_name or "")[:_MAX_TEXT],
        **numbers,
    )


def _localized(value: object) -> LocalizedText:
    if not isinstance(value, dict) or not isinstance(value.get("id"), str):
        return NO_TEXT
    english = value.get("en")
    return LocalizedText(
        value["id"][:_MAX_TEXT], english[:_MAX_TEXT] if isinstance(english, str) else ""
    )
