"""The identify step as QML sees it: tap the e-KTP, type the NIK, or confirm a card.

The digits a citizen types and the date of birth they pick are kept and checked here in
Python; the screen shows what the ``typed``, ``confirmTyped`` and ``birthDate``
properties say. Card lookups and confirmations go to the central API on a worker thread,
so the GUI thread never waits for the network.
"""

from __future__ import annotations

import datetime as dt
import enum
import logging
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from typing import Any

from PySide6.QtCore import Property, QObject, Signal, Slot

from drivers.base import CardInserted, DeviceEvent, ReaderStatus, ReaderStatusChanged
from kiosk.clock import Clock
from kiosk.forms import DatePart, step_date
from kiosk.identify import (
    EARLIEST_BIRTH_YEAR,
    MESSAGES,
    PIN_MAX_DIGITS,
    PIN_MIN_DIGITS,
    CardLookup,
    CardResult,
    Confirmation,
    ConfirmResult,
    ConfirmWith,
    Identifier,
)
from kiosk.identity import NIK_GROUPS, NIK_LENGTH, Identity, group_nik
from kiosk.session import Screen, Session, SessionError
from kiosk.text import NO_TEXT
from ui.backends.form import date_part_of, date_parts
from ui.backends.published import Published

log = logging.getLogger("ui.identify")

#: Where the date of birth picker starts: most citizens at a kiosk are adults, so a few
#: taps of "10 tahun lalu" reach almost anyone's year.
_PICKER_START_YEARS_AGO = 40


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
        confirmTypedChanged: a digit of the card's PIN was typed or removed.
        birthDateChanged: the date of birth picked to confirm a card changed.
        messageChanged: a new citizen message (or none), and the NIK group it is about.
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
        clock: Clock,
        technician_card: Callable[[str], bool] | None = None,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self._session = session
        self._identifier = identifier
        self._clock = clock
        self._technician_card = technician_card
        self._worker = ThreadPoolExecutor(max_workers=1, thread_name_prefix="identify")
        self._mode = Mode.CHOOSE
        self._typed = ""
        self._confirm_typed = ""
        self._birth_date: dt.date | None = None
        self._message = NO_TEXT
        self._problem_group: int | None = None
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
        """The NIK typed so far, grouped 6-6-4 (``351001 410190 0001``) for reading back."""
        return str(self._values["typed"])

    @Property(int, constant=True)
    def nikLength(self) -> int:
        """Digits in a NIK."""
        return NIK_LENGTH

    @Property("QVariantList", constant=True)
    def nikGroups(self) -> list[int]:
        """The sizes of the groups ``typed`` shows: 6, 6 and 4."""
        return list(NIK_GROUPS)

    @Property(int, notify=typedChanged)
    def typedCount(self) -> int:
        """How many digits of the NIK are typed."""
        return len(self._typed)

    confirmTypedChanged = Signal()

    @Property(str, notify=confirmTypedChanged)
    def confirmTyped(self) -> str:
        """The card's PIN typed so far, as dots."""
        return str(self._values["confirmTyped"])

    @Property(int, constant=True)
    def pinMinLength(self) -> int:
        """The fewest digits a card's PIN has."""
        return PIN_MIN_DIGITS

    @Property(int, constant=True)
    def pinMaxLength(self) -> int:
        """The most digits a card's PIN has."""
        return PIN_MAX_DIGITS

    birthDateChanged = Signal()

    @Property("QVariantMap", notify=birthDateChanged)
    def birthDate(self) -> dict[str, Any]:
        """The date of birth picker: ``set``, ``day``, ``month``, ``monthName``, ``year``."""
        return dict(self._values["birthDate"])

    messageChanged = Signal()

    @Property(str, notify=messageChanged)
    def message(self) -> str:
        """What went wrong, in the citizen's language; empty when nothing did."""
        return str(self._values["message"])

    @Property(int, notify=messageChanged)
    def problemGroup(self) -> int:
        """The group of the typed NIK the message is about (0 or 1), or -1 for none."""
        return int(self._values["problemGroup"])

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
        """``birth_date`` or ``pin``: what the citizen answers to confirm the card."""
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
        elif self._confirming(ConfirmWith.PIN) and len(self._confirm_typed) < PIN_MAX_DIGITS:
            self._confirm_typed += value
        self._message = NO_TEXT
        self._problem_group = None
        self.refresh()

    @Slot()
    def backspace(self) -> None:
        """Remove the last digit typed."""
        if self._mode is Mode.TYPING:
            self._typed = self._typed[:-1]
        elif self._mode is Mode.CONFIRM:
            self._confirm_typed = self._confirm_typed[:-1]
        self.refresh()

    @Slot(str, int)
    def stepBirthDate(self, part: str, delta: int) -> None:
        """A + or − of the date of birth picker.

        The picker shows dashes until the citizen taps: the first tap picks the date it
        starts from (one that has nothing to do with the card), the one the citizen then
        sees, rather than a day they never saw.
        """
        date_part = date_part_of(part)
        if not self._confirming(ConfirmWith.BIRTH_DATE) or date_part is None:
            return
        chosen = self._birth_date
        self._pick_birth_date(
            self._picker_start() if chosen is None else self._stepped(chosen, date_part, delta)
        )

    @Slot(int)
    def jumpBirthYears(self, years: int) -> None:
        """The picker's "10 tahun lalu" and "10 tahun kemudian", from the date it shows."""
        if not self._confirming(ConfirmWith.BIRTH_DATE):
            return
        shown = self._birth_date or self._picker_start()
        self._pick_birth_date(self._stepped(shown, DatePart.YEAR, years))

    @Slot()
    def submit(self) -> None:
        """Check the typed NIK, or send the card's PIN or the date of birth."""
        if self._mode is Mode.TYPING:
            identity, check = self._identifier.typed(self._typed)
            if identity is None:
                self._message = check.citizen_message
                self._problem_group = check.group
                self.refresh()
            else:
                self._identified(identity)
            return
        card = self._card
        if self._mode is not Mode.CONFIRM or card is None:
            return
        if card.confirm_with is ConfirmWith.PIN:
            self._check_answer(self._identifier.confirm_pin, card.uid, self._confirm_typed)
        elif card.confirm_with is ConfirmWith.BIRTH_DATE:
            self._check_answer(self._identifier.confirm_birth_date, card.uid, self._birth_date)

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

    def preview_confirmation(self, confirmation: Confirmation) -> None:
        """Show central's verdict on the card being confirmed without asking it (screenshots)."""
        self._go(Mode.CHECKING)
        self._on_confirm_done(confirmation)

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

    def _check_answer(
        self, confirm: Callable[[str, Any], Confirmation], uid: str, answer: object
    ) -> None:
        """Check the answer on the worker thread: central may take seconds to say."""
        self._go(Mode.CHECKING)
        self._worker.submit(self._confirm, confirm, uid, answer)

    def _confirm(
        self, confirm: Callable[[str, Any], Confirmation], uid: str, answer: object
    ) -> None:
        try:
            confirmation = confirm(uid, answer)
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
            # The PIN is typed again; the picked date stays, so one wrong part can be fixed.
            self._confirm_typed = ""
            self._message = confirmation.message
            self._go(Mode.CONFIRM)
        else:
            self._card = None
            self._confirm_typed = ""
            self._birth_date = None
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

    def _confirming(self, method: ConfirmWith) -> bool:
        return (
            self._mode is Mode.CONFIRM
            and self._card is not None
            and (self._card.confirm_with is method)
        )

    def _picker_start(self) -> dt.date:
        """The date the picker shows before the citizen touches it."""
        return dt.date(self._clock.now().year - _PICKER_START_YEARS_AGO, 1, 1)

    def _stepped(self, shown: dt.date, part: DatePart, delta: int) -> dt.date:
        """``shown`` moved as the picker's buttons do, between the earliest year and today's."""
        return step_date(shown, part, delta, EARLIEST_BIRTH_YEAR, self._clock.now().date().year)

    def _pick_birth_date(self, date: dt.date) -> None:
        self._session.activity()
        self._birth_date = date
        self._message = NO_TEXT
        self.refresh()

    def _clear(self) -> None:
        self._typed = ""
        self._confirm_typed = ""
        self._birth_date = None
        self._card = None
        self._message = NO_TEXT
        self._problem_group = None

    def _go(self, mode: Mode) -> None:
        self._mode = mode
        self.refresh()

    def refresh(self) -> None:
        """Publish the state in the session's language."""
        language = self._session.data.language
        ready = self._reader_status in (ReaderStatus.READY, ReaderStatus.CARD_PRESENT)
        card = self._card
        service = self._session.data.service
        self._values.set("anonymousAllowed", bool(service and not service.requires_identity))
        self._values.set("mode", self._mode.value)
        self._values.set("typed", group_nik(self._typed))
        self._values.set("confirmTyped", "•" * len(self._confirm_typed))
        chosen = self._birth_date
        self._values.set(
            "birthDate", date_parts(chosen or self._picker_start(), chosen is not None, language)
        )
        self._values.set("message", self._message.get(language))
        group = self._problem_group
        self._values.set("problemGroup", -1 if group is None else group)
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
    "problemGroup": "message",
}
