"""``TechLetters`` in QML: one more copy of a citizen's signed letter, by its receipt.

The technician scans the receipt's QR (the scan router hands it here while this screen is
on show) or types its number and check code; the screen shows the receipt's letter, its
first page, and one button that prints a copy: an ordinary one while copies are left,
else a technician's extra copy. The use case is ``kiosk.maintenance.TechnicianLetters``;
everything it does runs on the maintenance worker. The letter lives in memory only, and
is forgotten when the mode closes.
"""

from __future__ import annotations

import enum
import logging
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import Property, QObject, Signal, Slot

from kiosk.identity import mask_nik_like_runs
from kiosk.maintenance import LetterLookup, TechnicianLetters
from kiosk.pickup import LetterState, PickupOutcome, PrintResult
from kiosk.signing import read_typed_receipt
from kiosk.text import NO_TEXT, LocalizedText
from ui.backends.maintenance.mode import MaintenanceBackend, MaintenancePage
from ui.backends.pickup import png_url

log = logging.getLogger("ui.maintenance.letters")

SCREEN = "letters"
_BAD_TYPED = LocalizedText(
    "Nomor permohonan atau kode cek belum benar. Salin persis seperti pada struk.",
    "The reference or check code is not right yet. Copy them exactly as on the receipt.",
)
_NO_LETTER = LocalizedText(
    "Struk ini tidak punya surat di desa ini.", "This receipt has no letter in this village."
)
_PRINTABLE = frozenset({LetterState.READY, LetterState.COLLECTED})


class Phase(enum.Enum):
    """What the letters screen shows."""

    ASK = "ask"
    WORKING = "working"
    LETTER = "letter"
    PRINTING = "printing"


class LettersPage(MaintenancePage):
    """The letters screen.

    Signals:
        lettersChanged: the phase, the letter or the outcome changed.
    """

    def __init__(
        self,
        mode: MaintenanceBackend,
        letters: TechnicianLetters,
        language: Callable[[], str],
        parent: QObject | None = None,
    ) -> None:
        super().__init__(mode, SCREEN, parent)
        self._letters = letters
        self._language = language
        self._phase = Phase.ASK
        self._lookup: LetterLookup | None = None
        self._outcome: PickupOutcome | None = None
        self._message = NO_TEXT
        self._generation = 0

    lettersChanged = Signal()

    @Property(str, notify=lettersChanged)
    def phase(self) -> str:
        """ask, working, letter or printing."""
        return self._phase.value

    @Property("QVariantMap", notify=lettersChanged)
    def view(self) -> dict[str, Any]:
        """The letter, its preview, what the button prints, and the last outcome.

        Central's and the core's words come in the kiosk's language (Indonesian unless the
        screen was switched), as the screen's own words do.
        """
        language = self._language()
        lookup = self._lookup
        letter = lookup.letter if lookup is not None else None
        fetched = lookup.fetched if lookup is not None else None
        copy = fetched.fetched if fetched is not None else None
        outcome = self._outcome
        shown: dict[str, Any] = {
            "message": self._message.get(language),
            "outcome": outcome.result.value if outcome is not None else "",
            "outcomeText": outcome.message.get(language) if outcome is not None else "",
            "outcomeDetail": mask_nik_like_runs(outcome.detail) if outcome is not None else "",
            "letter": {},
            "image": png_url(copy.preview_png) if copy is not None and copy.preview_png else "",
            "extra": False,
            "canPrint": False,
        }
        if letter is not None:
            shown["letter"] = {
                "reference": letter.reference,
                "title": letter.title.get(language),
                "number": letter.number,
                "maskedName": letter.masked_name,
                "copiesPrinted": letter.copies_printed,
                "copiesAllowed": letter.copies_allowed,
                "state": letter.state.value,
                "stateText": letter.status_text.get(language),
            }
            shown["extra"] = letter.state is LetterState.COLLECTED or letter.copies_left == 0
            shown["canPrint"] = self._phase is Phase.LETTER and letter.state in _PRINTABLE
        return shown

    @Slot(str, str)
    def byReceipt(self, reference: str, check_code: str) -> None:
        """The receipt's number and check code, typed by the technician."""
        if self.role is None:
            return
        typed = read_typed_receipt(reference, check_code)
        if typed is None:
            self._clear()
            self._message = _BAD_TYPED
            self.lettersChanged.emit()
            return
        self._look_up(*typed)

    @Slot()
    def printCopy(self) -> None:
        """Print one copy of the letter shown (an extra copy when its copies are used up)."""
        lookup = self._lookup
        if self.role is None or lookup is None or self._phase is not Phase.LETTER:
            return
        self._phase, self._outcome = Phase.PRINTING, None
        self.lettersChanged.emit()
        generation = self._generation
        self._mode.in_background(
            lambda: self._letters.print_copy(lookup),
            lambda result: self._printed(generation, result),
        )

    @Slot()
    def clear(self) -> None:
        """Back to asking for a receipt."""
        self._clear()
        self.lettersChanged.emit()

    def on_receipt(self, reference: str, check: str) -> bool:
        """A scanned receipt, from the scan router: True when this screen took it."""
        if self.role is None or self._mode.screen != SCREEN:
            return False
        if self._phase in (Phase.WORKING, Phase.PRINTING):
            log.info("Receipt scanned while a letter is being fetched or printed: ignored")
            return True
        self._look_up(reference, check)
        return True

    def show(self, lookup: LetterLookup, outcome: PickupOutcome | None = None) -> None:
        """Show a letter and an outcome as if they had just come (the screenshot tour's way in)."""
        self._clear()
        self._phase, self._lookup, self._outcome = Phase.LETTER, lookup, outcome
        self.lettersChanged.emit()

    def wipe(self) -> None:
        """The mode closed: forget the letter and its copy."""
        self.clear()

    def _look_up(self, reference: str, check: str) -> None:
        self._clear()
        self._phase = Phase.WORKING
        self.lettersChanged.emit()
        generation = self._generation
        self._mode.in_background(
            lambda: self._letters.look_up(reference, check),
            lambda result: self._looked_up(generation, result),
        )

    def _looked_up(self, generation: int, result: LetterLookup | Exception) -> None:
        if generation != self._generation:
            return
        if isinstance(result, Exception):
            self._clear()
            error = mask_nik_like_runs(str(result))
            self._message = LocalizedText(f"Gagal: {error}", f"Failed: {error}")
        elif result.letter is None:
            self._clear()
            message = result.listed.message
            self._message = message if message.id else _NO_LETTER
        else:
            self._phase, self._lookup = Phase.LETTER, result
            fetched = result.fetched
            if fetched is not None and fetched.result is not PrintResult.FETCHED:
                self._outcome = fetched  # why no copy could be fetched (revoked, old central)
        self.lettersChanged.emit()

    def _printed(
        self, generation: int, result: tuple[PickupOutcome, LetterLookup] | Exception
    ) -> None:
        if generation != self._generation:
            return
        self._phase = Phase.LETTER
        if isinstance(result, Exception):
            self._outcome = PickupOutcome(
                PrintResult.FAILED, detail=mask_nik_like_runs(str(result))
            )
        else:
            self._outcome, self._lookup = result
        self.lettersChanged.emit()

    def _clear(self) -> None:
        self._generation += 1
        self._phase = Phase.ASK
        self._lookup = None
        self._outcome = None
        self._message = NO_TEXT
