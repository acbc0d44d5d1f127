"""Cek Status Permohonan as QML sees it: a scanned or typed reference, and its status.

The lookup goes to central on a worker thread; the screen shows "checking" meanwhile and
the masked answer (or why there is none) when it arrives.
"""

from __future__ import annotations

import enum
import logging
import re
from concurrent.futures import ThreadPoolExecutor
from typing import Any

from PySide6.QtCore import Property, QObject, Signal, Slot

from kiosk.session import Screen, Session
from kiosk.signing import read_typed_check
from kiosk.status import (
    MESSAGES,
    StatusAnswer,
    StatusChecker,
    StatusResult,
    showing_status_check,
)
from kiosk.text import NO_TEXT, LocalizedText
from ui.backends.published import Published

log = logging.getLogger("ui.status")

#: What a typed reference may look like (the contract's pattern), after upper-casing.
_TYPED_REFERENCE = re.compile(r"[A-Z0-9][A-Z0-9-]{5,63}")
#: Spaces a citizen may type inside a reference (it has none).
_SPACES = re.compile(r"\s+")
_BAD_TYPED = LocalizedText(
    "Nomor atau kode cek belum benar. Salin persis seperti pada struk.",
    "The number or check code is not right yet. Copy them exactly as on the receipt.",
)


class Phase(enum.Enum):
    """What the status screen shows."""

    ASK = "ask"
    CHECKING = "checking"
    ANSWER = "answer"


class StatusBackend(QObject):
    """The status check: opened by the home tile or by a receipt scan (``kiosk.scan_routing``).

    Signals:
        phaseChanged: asking, checking or showing an answer.
        answerChanged: a new answer (or message) to show.
    """

    _answered = Signal(object)

    def __init__(
        self, session: Session, checker: StatusChecker, parent: QObject | None = None
    ) -> None:
        super().__init__(parent)
        self._session = session
        self._checker = checker
        self._worker = ThreadPoolExecutor(max_workers=1, thread_name_prefix="status")
        self._phase = Phase.ASK
        self._answer: StatusAnswer | None = None
        self._message = NO_TEXT
        self._values = Published(self)
        self._answered.connect(self._on_answered)
        self.refresh()

    # Properties --------------------------------------------------------------------------

    phaseChanged = Signal()

    @Property(str, notify=phaseChanged)
    def phase(self) -> str:
        """``ask``, ``checking`` or ``answer``."""
        return str(self._values["phase"])

    answerChanged = Signal()

    @Property("QVariantMap", notify=answerChanged)
    def answer(self) -> dict[str, Any]:
        """The answer: found, service, reference, steps, what next, the office's message, ..."""
        return dict(self._values["answer"])

    # Slots -------------------------------------------------------------------------------

    @Slot(str, str)
    def check(self, reference: str, check_code: str) -> None:
        """Check a reference the citizen typed, with the check code printed beside it.

        Both are read leniently: case and spaces never matter, nor dashes and look-alikes
        in the check (``kiosk.signing.read_typed_check``).
        """
        reference = _SPACES.sub("", reference).upper()
        check = read_typed_check(check_code)
        if not _TYPED_REFERENCE.fullmatch(reference) or check is None:
            self._message = _BAD_TYPED
            self._answer = None
            self._phase = Phase.ASK
            self.refresh()
            return
        self.look_up(reference, check)

    @Slot()
    def again(self) -> None:
        """Check another request."""
        self._clear()
        self.refresh()

    # Called by the scan router -----------------------------------------------------------

    def look_up(self, reference: str, check_code: str) -> None:
        """Ask central about ``reference`` (a scanned or typed receipt) and show the answer."""
        self._session.activity()
        self._message = NO_TEXT
        self._answer = None
        self._phase = Phase.CHECKING
        self.refresh()
        self._worker.submit(self._look_up, reference, check_code)

    def showing(self) -> bool:
        """Whether the status-check screen is the one on show."""
        return showing_status_check(self._session)

    def on_session_changed(self) -> None:
        """Forget the answer once the citizen leaves the status check."""
        if not self.showing() and self._session.content_screen is not Screen.FORM:
            self._clear()
        self.refresh()

    def shutdown(self) -> None:
        """Wait for a lookup in progress."""
        self._worker.shutdown(wait=True)

    # Internals ---------------------------------------------------------------------------

    def _look_up(self, reference: str, check_code: str) -> None:
        try:
            answer = self._checker.check(reference, check_code or None)
        except Exception:
            log.exception("Status check failed")
            answer = StatusAnswer(
                StatusResult.OFFLINE,
                reference,
                MESSAGES["offline"],
                "raised",
            )
        self._answered.emit(answer)

    def _on_answered(self, answer: StatusAnswer) -> None:
        if self._phase is not Phase.CHECKING or not self.showing():
            return
        log.info("Status of %s: %s %s", answer.reference, answer.result.value, answer.state)
        self.show_answer(answer)

    def show_answer(self, answer: StatusAnswer) -> None:
        """Show ``answer`` (a lookup's, or one the screenshot tour renders)."""
        self._answer = answer
        self._message = NO_TEXT
        self._phase = Phase.ANSWER
        self.refresh()

    def _clear(self) -> None:
        self._phase = Phase.ASK
        self._answer = None
        self._message = NO_TEXT

    def refresh(self) -> None:
        """Publish the state in the session's language."""
        language = self._session.data.language
        answer = self._answer
        shown: dict[str, Any] = {"message": self._message.get(language)}
        if answer is not None:
            ticket = answer.ticket
            shown = {
                "found": answer.result is StatusResult.FOUND,
                "result": answer.result.value,
                "reference": answer.reference,
                "serviceTitle": answer.service_title.get(language),
                "kind": answer.kind.value if answer.kind is not None else "",
                "state": answer.state,
                "stateText": answer.state_text.get(language),
                "steps": [
                    {"label": step.label.get(language), "mark": step.mark.value}
                    for step in answer.steps
                ],
                "next": answer.next_text.get(language),
                "officeMessage": answer.office_message.get(language),
                "messageHeading": answer.message_heading.get(language),
                "receiptText": answer.receipt_text.get(language),
                "ticketNumber": ticket.number if ticket is not None else "",
                "ticketCounter": ticket.counter.get(language) if ticket is not None else "",
                "ticketLocation": ticket.location.get(language) if ticket is not None else "",
                "ticketPlace": ticket.place.get(language) if ticket is not None else "",
                "createdAt": answer.created_at[:16].replace("T", " "),
                "updatedAt": answer.updated_at[:16].replace("T", " "),
                "maskedName": answer.masked_name,
                "maskedNik": answer.masked_nik,
                "message": answer.message.get(language),
            }
        self._values.set("phase", self._phase.value)
        self._values.set("answer", shown)
