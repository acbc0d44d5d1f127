"""Ambil Surat as QML sees it: the citizen's proof, their letters, the preview, the print.

Everything that talks to central or the printer (``kiosk.pickup.LetterPickup``, and the
identity token from ``kiosk.identify.Identifier``) runs on a worker thread; the screen
shows "working" meanwhile and the result, or what to do, when it arrives. The letter's
PDF and preview live only in memory and are forgotten when the citizen leaves.
"""

from __future__ import annotations

import base64
import datetime as dt
import enum
import logging
import re
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from typing import Any

from PySide6.QtCore import Property, QObject, Signal, Slot

from drivers.base import CardInserted
from kiosk.identify import (
    EARLIEST_BIRTH_YEAR,
    CardLookup,
    CardResult,
    Confirmation,
    ConfirmResult,
    ConfirmWith,
    Identifier,
)
from kiosk.identity import group_nik
from kiosk.pickup import (
    Fetched,
    LetterList,
    LetterPickup,
    ListResult,
    PickupOutcome,
    PrintResult,
    Proof,
    showing_letter_pickup,
)
from kiosk.session import Screen, Session
from kiosk.signing import read_typed_receipt
from kiosk.text import NO_TEXT, LocalizedText
from ui.backends.published import Published

log = logging.getLogger("ui.pickup")

_BAD_TYPED = LocalizedText(
    "Nomor atau kode cek belum benar. Salin persis seperti pada struk.",
    "The number or check code is not right yet. Copy them exactly as on the receipt.",
)
_NO_TOKEN = LocalizedText(
    "Kartu ini tidak dapat dipakai untuk mengambil surat. Silakan pindai struk Anda.",
    "This card cannot be used to collect a letter. Please scan your receipt.",
)
_BAD_DATE = LocalizedText(
    "Tanggal lahir belum benar. Ketik 8 angka: tanggal, bulan, tahun (misalnya 12031990).",
    "The date of birth is not right yet. Type 8 digits: day, month, year (e.g. 12031990).",
)


class Phase(enum.Enum):
    """What the pickup screen shows."""

    ASK = "ask"
    WORKING = "working"
    LIST = "list"
    PREVIEW = "preview"
    PRINTING = "printing"
    PRINTED = "printed"
    PROBLEM = "problem"
    #: A tapped e-KTP: central asks its PIN or the citizen's date of birth.
    CARD = "card"


class PickupBackend(QObject):
    """The Ambil Surat screen: opened by its home tile, or by a receipt scanned on it."""

    _done = Signal(object)

    def __init__(
        self,
        session: Session,
        pickup: LetterPickup,
        identifier: Identifier,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self._session = session
        self._pickup = pickup
        self._identifier = identifier
        self._worker = ThreadPoolExecutor(max_workers=1, thread_name_prefix="pickup")
        self._phase = Phase.ASK
        self._message = NO_TEXT
        self._proof: Proof | None = None
        self._list: LetterList | None = None
        self._fetched: Fetched | None = None
        self._card: CardLookup | None = None
        self._generation = 0
        self._values = Published(self)
        self._done.connect(self._on_done)
        self.refresh()

    phaseChanged = Signal()

    @Property(str, notify=phaseChanged)
    def phase(self) -> str:
        """ask, working, list, preview, printing, printed or problem."""
        return str(self._values["phase"])

    viewChanged = Signal()

    @Property("QVariantMap", notify=viewChanged)
    def view(self) -> dict[str, Any]:
        """The message, the letters, the previewed letter."""
        return dict(self._values["view"])

    # Slots -------------------------------------------------------------------------------

    @Slot(str, str)
    def byReceipt(self, reference: str, check_code: str) -> None:
        """The receipt's number and check code, typed (read leniently, as Cek Status does)."""
        typed = read_typed_receipt(reference, check_code)
        if typed is None:
            self._show_problem(_BAD_TYPED, Phase.ASK)
            return
        self.look_up(*typed)

    @Slot(str, str)
    def byNik(self, nik: str, pin: str) -> None:
        """The citizen's NIK and the PIN of their e-KTP (never the date of birth)."""
        digits = re.sub(r"\D", "", nik)
        check = self._identifier.check_nik(digits)
        if not check.ok:
            self._show_problem(check.citizen_message, Phase.ASK)
            return
        self._run(lambda: self._token_then_list(digits, pin))

    @Slot(str)
    def confirmCard(self, answer: str) -> None:
        """The tapped card's PIN, or the citizen's date of birth as 8 digits (DDMMYYYY)."""
        card = self._card
        if card is None or self._phase is not Phase.CARD:
            return
        digits = re.sub(r"\D", "", answer)
        if card.confirm_with is ConfirmWith.PIN:
            self._run(
                lambda: self._confirm_then_list(self._identifier.confirm_pin, card.uid, digits)
            )
            return
        born = _birth_date(digits)
        if born is None:
            self._show_problem(_BAD_DATE, Phase.CARD)
            return
        self._run(
            lambda: self._confirm_then_list(self._identifier.confirm_birth_date, card.uid, born)
        )

    def on_device_event(self, event: object) -> None:
        """A card tapped on Ambil Surat is the citizen's proof, once central confirms it."""
        if not isinstance(event, CardInserted) or not self.showing():
            return
        if self._phase not in (Phase.ASK, Phase.PROBLEM, Phase.CARD):
            return
        self._clear()
        self._run(lambda: self._identifier.card(event.uid, event.atr, event.reader))

    @Slot(str)
    def choose(self, reference: str) -> None:
        """Fetch one ready letter and show its first page."""
        letters = self._list.ready if self._list is not None else ()
        letter = next((item for item in letters if item.reference == reference), None)
        proof = self._proof
        if letter is None or proof is None:
            log.error("QML chose a letter that is not ready: %r", reference[:40])
            return
        self._run(lambda: self._pickup.fetch(letter, proof))

    @Slot()
    def print(self) -> None:
        """Print the previewed letter once."""
        fetched = self._fetched
        if fetched is None or self._phase is not Phase.PREVIEW:
            return
        self._phase = Phase.PRINTING
        self._session.activity()
        self.refresh()
        self._worker.submit(self._work, self._generation, lambda: self._pickup.print(fetched))

    @Slot()
    def again(self) -> None:
        """Back to the start of Ambil Surat."""
        self._clear()
        self.refresh()

    # Called by the scan router and the app -----------------------------------------------

    def look_up(self, reference: str, check_code: str) -> None:
        """List the letters of a scanned or typed receipt."""
        proof = Proof(reference, check_code)
        self._proof = proof
        self._run(lambda: self._pickup.letters(proof))

    def showing(self) -> bool:
        """Whether the pickup screen is on show."""
        return showing_letter_pickup(self._session)

    def on_session_changed(self) -> None:
        """Forget the citizen's letters once they leave."""
        if not self.showing() and self._session.content_screen is not Screen.FORM:
            self._clear()
        self.refresh()

    def show_outcome(self, outcome: PickupOutcome | LetterList, proof: Proof) -> None:
        """Show a result as if it had just arrived (the screenshot tour's way in)."""
        self._proof = proof
        self._phase = Phase.WORKING
        self._on_done((self._generation, outcome))

    def shutdown(self) -> None:
        """Wait for the work in progress."""
        self._worker.shutdown(wait=True)

    # Internals ---------------------------------------------------------------------------

    def _run(self, work: Callable[[], object]) -> None:
        self._session.activity()
        self._message = NO_TEXT
        self._phase = Phase.WORKING
        self.refresh()
        self._worker.submit(self._work, self._generation, work)

    def _work(self, generation: int, work: Callable[[], object]) -> None:
        try:
            result = work()
        except Exception:
            log.exception("Ambil Surat failed")
            result = PickupOutcome(PrintResult.FAILED, self._pickup.messages["failed"], "raised")
        self._done.emit((generation, result))

    def _token_then_list(self, nik: str, pin: str) -> object:
        return self._listed(self._identifier.token_for_nik(nik, pin))

    def _confirm_then_list(
        self, confirm: Callable[[str, Any], Confirmation], uid: str, answer: object
    ) -> object:
        return self._listed(confirm(uid, answer))

    def _listed(self, confirmed: Confirmation) -> object:
        """The citizen's letters for a confirmed identity's token, or why there are none."""
        if confirmed.result is not ConfirmResult.IDENTIFIED:
            return confirmed
        if not confirmed.identity_token:
            return Confirmation(ConfirmResult.FAILED, _NO_TOKEN, "no identity token")
        proof = Proof(token=confirmed.identity_token)
        return (proof, self._pickup.letters(proof))

    def _on_done(self, done: tuple[int, object]) -> None:
        generation, result = done
        if generation != self._generation or not self.showing():
            return
        self._session.activity()
        if isinstance(result, tuple):  # letters listed for an identity token
            self._proof, result = result
        if isinstance(result, CardLookup):
            self._on_card(result)
            return
        if isinstance(result, LetterList):
            self._list = result
            if result.result is ListResult.FOUND and result.letters:
                self._phase, self._message = Phase.LIST, NO_TEXT
            else:
                self._show_problem(result.message, Phase.PROBLEM)
                return
        elif isinstance(result, PickupOutcome):
            if result.result is PrintResult.FETCHED:
                self._fetched = result.fetched
                self._phase, self._message = Phase.PREVIEW, NO_TEXT
            elif result.result is PrintResult.PRINTED:
                self._fetched = None
                self._phase, self._message = Phase.PRINTED, result.message
            else:
                self._show_problem(result.message, Phase.PROBLEM)
                return
        elif isinstance(result, Confirmation):  # it did not identify the citizen
            wrong = result.result is ConfirmResult.WRONG and self._card is not None
            self._show_problem(result.message, Phase.CARD if wrong else Phase.ASK)
            return
        self.refresh()

    def _on_card(self, lookup: CardLookup) -> None:
        if lookup.result is CardResult.CONFIRM:
            self._card = lookup
            self._phase, self._message = Phase.CARD, NO_TEXT
            self.refresh()
        elif lookup.result is CardResult.IDENTIFIED:
            # A certified reader's plugin read the card, but only central gives the token.
            self._show_problem(_NO_TOKEN, Phase.ASK)
        else:
            self._show_problem(lookup.message, Phase.ASK)

    def _show_problem(self, message: LocalizedText, phase: Phase) -> None:
        self._message = message
        self._phase = phase
        self.refresh()

    def _clear(self) -> None:
        self._generation += 1
        self._phase = Phase.ASK
        self._message = NO_TEXT
        self._proof = None
        self._list = None
        self._fetched = None
        self._card = None

    def refresh(self) -> None:
        """Publish the state in the session's language."""
        language = self._session.data.language
        letters = self._list.letters if self._list is not None else ()
        first = letters[0] if letters else None
        fetched = self._fetched
        view: dict[str, Any] = {
            "message": self._message.get(language),
            "maskedName": first.masked_name if first else "",
            "maskedNik": group_nik(first.masked_nik) if first else "",
            "letters": [
                {
                    "reference": letter.reference,
                    "title": letter.title.get(language),
                    "number": letter.number,
                    "state": letter.state.value,
                    "stateText": letter.status_text.get(language),
                    "note": letter.message.get(language),
                    "ready": letter in (self._list.ready if self._list else ()),
                    "copiesLeft": letter.copies_left,
                }
                for letter in letters
            ],
        }
        card = self._card
        if card is not None:
            view["card"] = {
                "maskedName": card.masked_name,
                "maskedNik": group_nik(card.masked_nik),
                "asks": card.confirm_with.value if card.confirm_with else "",
            }
        if fetched is not None:
            view["preview"] = {
                "reference": fetched.letter.reference,
                "title": fetched.letter.title.get(language),
                "number": fetched.letter.number,
                "pages": fetched.letter.pages,
                "copiesLeft": fetched.letter.copies_left,
                "image": png_url(fetched.preview_png) if fetched.preview_png else "",
                # The print job's name in the printer's queue (maintenance shows it too).
                "documentId": fetched.document_id,
            }
        self._values.set("phase", self._phase.value)
        self._values.set("view", view)


def _birth_date(digits: str) -> dt.date | None:
    """``DDMMYYYY`` as a date, or None when it is not one."""
    if len(digits) != 8:
        return None
    try:
        born = dt.date(int(digits[4:]), int(digits[2:4]), int(digits[:2]))
    except ValueError:
        return None
    return born if born.year >= EARLIEST_BIRTH_YEAR else None


def png_url(png: bytes) -> str:
    """A PNG as a ``data:`` URL, which QML's ``Image`` reads itself.

    No image provider: registering one needs PySide6's QtQuick binding, which the kiosk
    never imports (it and what it pulls in cost 9 MB of idle memory; README, "What idle
    memory holds").
    """
    return "data:image/png;base64," + base64.b64encode(png).decode("ascii")
