"""Ambil Surat as QML sees it: the citizen's proof, their letters, the preview, the print.

Everything that talks to central or the printer (``kiosk.pickup.LetterPickup``, and the
identity token from ``kiosk.identify.Identifier``) runs on a worker thread; the screen
shows "working" meanwhile and the result, or what to do, when it arrives. The letter's
PDF and preview live only in memory and are forgotten when the citizen leaves.
"""

from __future__ import annotations

import enum
import logging
import re
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from typing import Any

from PySide6.QtCore import Property, QObject, QSize, Signal, Slot
from PySide6.QtGui import QImage
from PySide6.QtQuick import QQuickImageProvider

from kiosk.identify import ConfirmResult, Identifier
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
from kiosk.signing import read_typed_check
from kiosk.text import NO_TEXT, LocalizedText
from ui.backends.published import Published

log = logging.getLogger("ui.pickup")

PREVIEW_PROVIDER_ID = "letter"
_TYPED_REFERENCE = re.compile(r"[A-Z0-9][A-Z0-9-]{5,63}")
_SPACES = re.compile(r"\s+")
_BAD_TYPED = LocalizedText(
    "Nomor atau kode cek belum benar. Salin persis seperti pada struk.",
    "The number or check code is not right yet. Copy them exactly as on the receipt.",
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
        reference = _SPACES.sub("", reference).upper()
        check = read_typed_check(check_code)
        if not _TYPED_REFERENCE.fullmatch(reference) or check is None:
            self._show_problem(_BAD_TYPED, Phase.ASK)
            return
        self.look_up(reference, check)

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

    def preview(self) -> QImage:
        """The previewed letter's first page (an empty image when there is none)."""
        fetched = self._fetched
        image = QImage()
        if fetched is not None and fetched.preview_png:
            image.loadFromData(fetched.preview_png, "PNG")
        return image

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
        confirmed = self._identifier.token_for_nik(nik, pin)
        if confirmed.result is not ConfirmResult.IDENTIFIED:
            return confirmed
        proof = Proof(token=confirmed.identity_token)
        self._proof = proof
        return self._pickup.letters(proof)

    def _on_done(self, done: tuple[int, object]) -> None:
        generation, result = done
        if generation != self._generation or not self.showing():
            return
        self._session.activity()
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
        else:  # a Confirmation that did not identify the citizen
            message = getattr(result, "message", NO_TEXT)
            self._show_problem(message, Phase.ASK)
            return
        self.refresh()

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
        if fetched is not None:
            view["preview"] = {
                "reference": fetched.letter.reference,
                "title": fetched.letter.title.get(language),
                "number": fetched.letter.number,
                "pages": fetched.letter.pages,
                "copiesLeft": fetched.letter.copies_left,
                "image": (
                    f"image://{PREVIEW_PROVIDER_ID}/{fetched.document_id}"
                    if fetched.preview_png
                    else ""
                ),
            }
        self._values.set("phase", self._phase.value)
        self._values.set("view", view)


class LetterPreviewProvider(QQuickImageProvider):
    """Serves the previewed letter's first page as ``image://letter/<document id>``."""

    def __init__(self, backend: PickupBackend) -> None:
        super().__init__(QQuickImageProvider.ImageType.Image)
        self._backend = backend

    def requestImage(self, image_id: str, size: QSize, requested_size: QSize) -> QImage:
        """The page, scaled to the requested width when one is asked for."""
        image = self._backend.preview()
        if not image.isNull() and requested_size.width() > 0:
            image = image.scaledToWidth(requested_size.width())
        size.setWidth(image.width())
        size.setHeight(image.height())
        return image
