"""The identify step as QML sees it: tap the e-KTP, type the NIK, or confirm a card.

The digits a citizen types are kept and checked here in Python; the screen shows what the
``typed`` and ``confirmTyped`` properties say. Card lookups and confirmations go to the
central API on a worker thread, so the GUI thread never waits for the network.
"""

from __future__ import annotations

import enum
import logging
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor

from PySide6.QtCore import Property, QObject, Signal, Slot

from drivers.base import CardInserted, DeviceEvent, ReaderStatus, ReaderStatusChanged
from kiosk.identify import (
    MESSAGES,
    CardLookup,
    CardResult,
    Confirmation,
    ConfirmResult,
    ConfirmWith,
    Identifier,
)
from kiosk.identity import NIK_LENGTH, Identity
from kiosk.session import Screen, Session, SessionError
from kiosk.text import NO_TEXT, LocalizedText
from ui.backends.published import Published

log = logging.getLogger("ui.identify")

_READER_UNAVAILABLE = LocalizedText(
    "Pembaca kartu sedang tidak tersedia. Silakan ketik NIK Anda.",
    "The card reader is not available right now. Please type your NIK.",
)


class Mode(enum.Enum):
    """What the identify screen shows."""

    CHOOSE = "choose"
    TYPING = "typing"
    CHECKING = "checking"
    CONFIRM = "confirm"


class IdentifyBackend(QObject):
    """The identify step: card taps, the NIK pad, and the card confirmation.

    Signals:
        modeChanged: the screen switched between choosing, typing, checking and confirming.
        typedChanged: a digit of the NIK was typed or removed.
        confirmTypedChanged: a digit of the confirmation was typed or removed.
        messageChanged: a new citizen message (or none).
        cardChanged: the card being confirmed changed.
        readerReadyChanged: the card reader became ready or unavailable.
    """

    _card_done = Signal(object)
    _confirm_done = Signal(object)
    _preregistration_done = Signal(object)

    def __init__(
        self,
        session: Session,
        identifier: Identifier,
        technician_card: Callable[[str], bool] | None = None,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self._session = session
        self._identifier = identifier
        self._technician_card = technician_card
        self._worker = ThreadPoolExecutor(max_workers=1, thread_name_prefix="identify")
        self._mode = Mode.CHOOSE
        self._typed = ""
        self._confirm_typed = ""
        self._message = NO_TEXT
        self._card: CardLookup | None = None
        self._reader_status = ReaderStatus.UNAVAILABLE
        self._values = Published(self, _SIGNAL_OF)
        self._card_done.connect(self._on_card_done)
        self._confirm_done.connect(self._on_confirm_done)
        self._preregistration_done.connect(self._on_preregistration_done)
        self.refresh()

    # Properties --------------------------------------------------------------------------

    modeChanged = Signal()

    @Property(str, notify=modeChanged)
    def mode(self) -> str:
        """``choose``, ``typing``, ``checking`` or ``confirm``."""
        return str(self._values["mode"])

    typedChanged = Signal()

    @Property(str, notify=typedChanged)
    def typed(self) -> str:
        """The NIK typed so far, in groups of four for reading back."""
        return str(self._values["typed"])

    @Property(int, constant=True)
    def nikLength(self) -> int:
        """Digits in a NIK."""
        return NIK_LENGTH

    @Property(int, notify=typedChanged)
    def typedCount(self) -> int:
        """How many digits of the NIK are typed."""
        return len(self._typed)

    confirmTypedChanged = Signal()

    @Property(str, notify=confirmTypedChanged)
    def confirmTyped(self) -> str:
        """The confirmation digits so far, as dots."""
        return str(self._values["confirmTyped"])

    messageChanged = Signal()

    @Property(str, notify=messageChanged)
    def message(self) -> str:
        """What went wrong, in the citizen's language; empty when nothing did."""
        return str(self._values["message"])

    cardChanged = Signal()

    @Property(str, notify=cardChanged)
    def maskedName(self) -> str:
        """The masked name of the card being confirmed."""
        return str(self._values["maskedName"])

    @Property(str, notify=cardChanged)
    def maskedNik(self) -> str:
        """The masked NIK of the card being confirmed."""
        return str(self._values["maskedNik"])

    @Property(str, notify=cardChanged)
    def confirmWith(self) -> str:
        """``nik_last4`` or ``pin``: what the citizen types to confirm the card."""
        return str(self._values["confirmWith"])

    @Property(bool, notify=modeChanged)
    def anonymousAllowed(self) -> bool:
        """Whether this service lets the citizen go on without saying who they are."""
        return bool(self._values["anonymousAllowed"])

    readerReadyChanged = Signal()

    @Property(bool, notify=readerReadyChanged)
    def readerReady(self) -> bool:
        """Whether a card tap can work now; typing works either way."""
        return bool(self._values["readerReady"])

    # Slots -------------------------------------------------------------------------------

    @Slot()
    def typeNik(self) -> None:
        """Open the numeric pad for the NIK."""
        self._session.activity()
        self._card = None
        self._confirm_typed = ""
        self._go(Mode.TYPING)

    @Slot(str)
    def digit(self, value: str) -> None:
        """One key of the pad, for the NIK or the confirmation."""
        if not (len(value) == 1 and value in "0123456789"):
            log.error("Ignoring pad key %r", value)
            return
        if self._mode is Mode.TYPING and len(self._typed) < NIK_LENGTH:
            self._typed += value
        elif self._mode is Mode.CONFIRM and len(self._confirm_typed) < self._confirm_max():
            self._confirm_typed += value
        self._message = NO_TEXT
        self.refresh()

    @Slot()
    def backspace(self) -> None:
        """Remove the last digit typed."""
        if self._mode is Mode.TYPING:
            self._typed = self._typed[:-1]
        elif self._mode is Mode.CONFIRM:
            self._confirm_typed = self._confirm_typed[:-1]
        self.refresh()

    @Slot()
    def submit(self) -> None:
        """Check the typed NIK, or send the confirmation digits."""
        if self._mode is Mode.TYPING:
            identity, check = self._identifier.typed(self._typed)
            if identity is None:
                self._message = check.citizen_message
                self.refresh()
            else:
                self._identified(identity)
        elif self._mode is Mode.CONFIRM and self._card and self._card.confirm_with:
            uid, method, answer = self._card.uid, self._card.confirm_with, self._confirm_typed
            self._go(Mode.CHECKING)
            self._worker.submit(self._confirm, uid, method, answer)

    @Slot()
    def skipIdentity(self) -> None:
        """Go on anonymously, where the service allows it (a complaint, a report)."""
        self._clear()
        self._mode = Mode.CHOOSE
        try:
            self._session.skip_identity()
        except SessionError as error:
            log.error("Ignoring skip: %s", error)
        self.refresh()

    @Slot()
    def cancel(self) -> None:
        """Back to the choice between card and typing, forgetting what was typed."""
        self._clear()
        self._go(Mode.CHOOSE)

    # Device events -----------------------------------------------------------------------

    def on_device_event(self, event: DeviceEvent) -> None:
        """Card taps on the identify screen, technician cards anywhere, the reader's state."""
        if isinstance(event, ReaderStatusChanged):
            self._reader_status = event.status
            self.refresh()
        elif isinstance(event, CardInserted):
            self._card_tapped(event)

    def preregistration(self, token: str) -> None:
        """A pre-registration QR was scanned on the identify screen: look its token up."""
        if self._session.screen is not Screen.IDENTIFY or self._mode is Mode.CHECKING:
            return
        self._clear()
        self._go(Mode.CHECKING)
        self._worker.submit(self._look_up_preregistration, token)

    def preview_card(self, lookup: CardLookup) -> None:
        """Show a card lookup's result without asking central (the screenshot tour)."""
        self._clear()
        self._go(Mode.CHECKING)
        self._on_card_done(lookup)

    def on_session_changed(self) -> None:
        """Forget everything once the citizen leaves the identify step."""
        if self._session.content_screen is not Screen.IDENTIFY and self._mode is not Mode.CHOOSE:
            self._clear()
            self._mode = Mode.CHOOSE
        self.refresh()

    def shutdown(self) -> None:
        """Wait for a lookup in progress to finish."""
        self._worker.shutdown(wait=True)

    # Internals ---------------------------------------------------------------------------

    def _card_tapped(self, event: CardInserted) -> None:
        uid = event.uid.hex().upper()
        if self._technician_card is not None and uid and self._technician_card(uid):
            log.info("Technician card presented")
            return
        if self._session.screen is not Screen.IDENTIFY or self._mode is Mode.CHECKING:
            return
        self._session.activity()
        if not event.uid:
            self._message = MESSAGES["unreadable"]
            self.refresh()
            return
        self._clear()
        self._go(Mode.CHECKING)
        self._worker.submit(self._look_up, event)

    def _look_up(self, event: CardInserted) -> None:
        try:
            lookup = self._identifier.card(event.uid, event.atr, event.reader)
        except Exception:
            log.exception("Card lookup failed")
            lookup = CardLookup(
                CardResult.UNREADABLE,
                event.uid.hex().upper(),
                MESSAGES["unreadable"],
                "lookup raised",
            )
        self._card_done.emit(lookup)

    def _confirm(self, uid: str, confirm_with: ConfirmWith, answer: str) -> None:
        try:
            confirmation = self._identifier.confirm(uid, confirm_with, answer)
        except Exception:
            log.exception("Card confirmation failed")
            confirmation = Confirmation(ConfirmResult.FAILED, MESSAGES["failed"], "raised")
        self._confirm_done.emit(confirmation)

    def _look_up_preregistration(self, token: str) -> None:
        try:
            confirmation = self._identifier.preregistration(token)
        except Exception:
            log.exception("Pre-registration lookup failed")
            confirmation = Confirmation(ConfirmResult.FAILED, MESSAGES["failed"], "raised")
        self._preregistration_done.emit(confirmation)

    def _on_preregistration_done(self, confirmation: Confirmation) -> None:
        if self._session.screen is not Screen.IDENTIFY or self._mode is not Mode.CHECKING:
            return
        if confirmation.result is ConfirmResult.IDENTIFIED and confirmation.identity:
            self._identified(confirmation.identity)
        else:
            self._message = confirmation.message
            self._go(Mode.CHOOSE)

    def _on_card_done(self, lookup: CardLookup) -> None:
        if self._session.screen is not Screen.IDENTIFY or self._mode is not Mode.CHECKING:
            return
        if lookup.result is CardResult.IDENTIFIED and lookup.identity is not None:
            self._identified(lookup.identity)
        elif lookup.result is CardResult.CONFIRM:
            self._card = lookup
            self._go(Mode.CONFIRM)
        else:
            # Unknown, unreadable or offline: typing the NIK always works.
            self._message = lookup.message
            self._go(Mode.TYPING)

    def _on_confirm_done(self, confirmation: Confirmation) -> None:
        if self._session.screen is not Screen.IDENTIFY or self._mode is not Mode.CHECKING:
            return
        if confirmation.result is ConfirmResult.IDENTIFIED and confirmation.identity:
            self._identified(confirmation.identity)
        elif confirmation.result is ConfirmResult.WRONG:
            self._confirm_typed = ""
            self._message = confirmation.message
            self._go(Mode.CONFIRM)
        else:
            self._card = None
            self._confirm_typed = ""
            self._message = confirmation.message
            self._go(Mode.TYPING)

    def _identified(self, identity: Identity) -> None:
        self._clear()
        self._mode = Mode.CHOOSE
        try:
            self._session.identified(identity)
        except SessionError as error:
            log.error("Identity arrived after the citizen left: %s", error)
        self.refresh()

    def _confirm_max(self) -> int:
        method = self._card.confirm_with if self._card else None
        return method.digits[1] if method else 0

    def _clear(self) -> None:
        self._typed = ""
        self._confirm_typed = ""
        self._card = None
        self._message = NO_TEXT

    def _go(self, mode: Mode) -> None:
        self._mode = mode
        self.refresh()

    def refresh(self) -> None:
        """Publish the state in the session's language."""
        language = self._session.data.language
        message = self._message
        ready = self._reader_status in (ReaderStatus.READY, ReaderStatus.CARD_PRESENT)
        if not message.get(language) and not ready and self._mode is Mode.CHOOSE:
            message = _READER_UNAVAILABLE
        card = self._card
        service = self._session.data.service
        self._values.set("anonymousAllowed", bool(service and not service.requires_identity))
        self._values.set("mode", self._mode.value)
        self._values.set(
            "typed", " ".join(self._typed[i : i + 4] for i in range(0, len(self._typed), 4))
        )
        self._values.set("confirmTyped", "•" * len(self._confirm_typed))
        self._values.set("message", message.get(language))
        self._values.set("maskedName", card.masked_name if card else "")
        self._values.set("maskedNik", card.masked_nik if card else "")
        self._values.set(
            "confirmWith", card.confirm_with.value if card and card.confirm_with else ""
        )
        self._values.set("readerReady", ready)


#: Properties that share another property's notify signal.
_SIGNAL_OF = {
    "maskedName": "card",
    "maskedNik": "card",
    "confirmWith": "card",
    "anonymousAllowed": "mode",
}
