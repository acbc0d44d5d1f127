"""Accessibility as QML sees it: large text, high contrast and read-aloud, reset per citizen.

Every setting is the choice of one citizen: when the session goes back to the attract
screen (finished, cancelled or timed out) text size, contrast, volume and rate return to
their defaults and any reading stops, so the next citizen finds the kiosk as it was.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import Property, QObject, Signal, Slot

from drivers.receipt import Receipt
from kiosk.journal import Journal
from kiosk.processor import Processor
from kiosk.session import Session
from ui.backends.session import SessionBackend
from ui.backends.speech import (
    DEFAULT_RATE,
    DEFAULT_VOLUME,
    ScreenView,
    SpeechEngine,
    SpeechState,
    receipt_speech,
    screen_speech,
)

log = logging.getLogger("ui.accessibility")

#: Screens where a session has ended: every citizen setting goes back to its default.
_SESSION_OVER = frozenset({"attract", "out_of_service"})

ReceiptSource = Callable[[], Receipt | None]


class OutcomeReceipts:
    """The receipt of the session's outcome, composed the way the processor printed it."""

    def __init__(self, processor: Processor, journal: Journal, session: Session) -> None:
        self._processor = processor
        self._journal = journal
        self._session = session

    def __call__(self) -> Receipt | None:
        """The receipt for the current outcome, None before one exists."""
        data = self._session.data
        outcome, service = data.outcome, data.service
        if outcome is None or service is None:
            return None
        entry = self._journal.by_reference(outcome.reference)
        return None if entry is None else self._processor.receipt_for(entry, service)


class AccessibilityBackend(QObject):
    """Text size, contrast and read-aloud for one citizen at a time.

    Signals:
        largeTextChanged: the citizen switched text size.
        highContrastChanged: the citizen switched the high-contrast colours.
        speechChanged: read-aloud became available, unavailable, started or stopped.
        volumeChanged: the reading volume or rate changed.
    """

    def __init__(
        self,
        session: SessionBackend,
        model: Session,
        receipt: ReceiptSource | None = None,
        engine: str | None = None,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self._session = session
        self._model = model
        self._receipt = receipt
        self._large_text = False
        self._high_contrast = False
        self._volume = DEFAULT_VOLUME
        self._rate = DEFAULT_RATE
        self._screen = str(session.property("screen"))
        self._speech = SpeechEngine(engine, self)
        self._speech.stateChanged.connect(self.speechChanged)
        session.screenChanged.connect(self._on_screen)

    # Properties --------------------------------------------------------------------------

    largeTextChanged = Signal()

    @Property(bool, notify=largeTextChanged)
    def largeText(self) -> bool:
        """Text is shown larger (Theme scales every font)."""
        return self._large_text

    highContrastChanged = Signal()

    @Property(bool, notify=highContrastChanged)
    def highContrast(self) -> bool:
        """The high-contrast palette is in use."""
        return self._high_contrast

    speechChanged = Signal()

    @Property(bool, constant=True)
    def speechInstalled(self) -> bool:
        """A real text-to-speech engine is installed (the read-aloud button shows)."""
        return self._speech.engine is not None

    @Property(bool, notify=speechChanged)
    def speechAvailable(self) -> bool:
        """A voice exists or may still be opened; False once it is known not to work."""
        return self._speech.state is not SpeechState.UNAVAILABLE

    @Property(bool, notify=speechChanged)
    def speaking(self) -> bool:
        """Something is being read now (or the voice is opening to read it)."""
        return self._is_speaking()

    @Property(str, notify=speechChanged)
    def speechState(self) -> str:
        """unknown, opening, ready, speaking or unavailable."""
        return self._speech.state.value

    @Property(str, notify=speechChanged)
    def speechReason(self) -> str:
        """Why read-aloud is unavailable, for technicians (English, exact)."""
        return self._speech.reason

    volumeChanged = Signal()

    @Property(float, notify=volumeChanged)
    def volume(self) -> float:
        """Reading volume, 0 to 1."""
        return self._volume

    @Property(float, notify=volumeChanged)
    def rate(self) -> float:
        """Reading speed, -1 (slow) to 1 (fast)."""
        return self._rate

    # Slots -------------------------------------------------------------------------------

    @Slot(bool)
    def setLargeText(self, on: bool) -> None:
        """Show text normal or large."""
        if on != self._large_text:
            self._large_text = on
            self.largeTextChanged.emit()

    @Slot(bool)
    def setHighContrast(self, on: bool) -> None:
        """Switch the high-contrast palette on or off."""
        if on != self._high_contrast:
            self._high_contrast = on
            self.highContrastChanged.emit()

    @Slot(float)
    def setVolume(self, volume: float) -> None:
        """Reading volume for the rest of this session, 0 to 1."""
        self._set_voice(max(0.0, min(1.0, volume)), self._rate)

    @Slot(float)
    def setRate(self, rate: float) -> None:
        """Reading speed for the rest of this session, -1 to 1."""
        self._set_voice(self._volume, max(-1.0, min(1.0, rate)))

    @Slot()
    def toggleReading(self) -> None:
        """The read-aloud button: stop if reading, else read the screen (and receipt)."""
        if self._is_speaking():
            self.stopReading()
        else:
            self.readScreen()

    @Slot()
    def readScreen(self) -> None:
        """Read the current screen aloud; on the done screen, the receipt follows."""
        text = self.screenText()
        if self._shown("screen") == "done":
            text = " ".join(part for part in (text, self.receiptText()) if part)
        self._speech.say(text, self._shown("language"), self._volume, self._rate)

    @Slot()
    def readReceipt(self) -> None:
        """Read the receipt of this session's outcome aloud."""
        self._speech.say(self.receiptText(), self._shown("language"), self._volume, self._rate)

    @Slot()
    def stopReading(self) -> None:
        """Stop reading now."""
        self._speech.stop()

    # Python API --------------------------------------------------------------------------

    def screenText(self) -> str:
        """What read-aloud says for the screen on show."""
        shown = self._shown
        service = self._model.data.service
        language = str(shown("language"))
        return screen_speech(
            ScreenView(
                screen=str(shown("screen")),
                language=language,
                kiosk_name=str(shown("kioskName")),
                office=str(shown("office")),
                services=tuple(shown("services")),
                counters=tuple(shown("counters")),
                outcome=dict(shown("outcome")) or None,
                seconds_left=int(shown("secondsLeft")),
                service_title=service.title.get(language) if service else "",
                service_help=service.help.get(language) if service else "",
                notice=" ".join(
                    str(shown(name)) for name in ("paperBanner", "paperBannerDetail")
                ).strip(),
            )
        )

    def receiptText(self) -> str:
        """What read-aloud says for the receipt; empty before there is an outcome."""
        receipt = self._receipt() if self._receipt is not None else None
        if receipt is None:
            return ""
        number = str(dict(self._shown("outcome")).get("number", ""))
        return receipt_speech(receipt, str(self._shown("language")), number)

    def reset(self) -> None:
        """Back to the defaults for the next citizen."""
        self._speech.stop()
        self.setLargeText(False)
        self.setHighContrast(False)
        self._set_voice(DEFAULT_VOLUME, DEFAULT_RATE)

    def shutdown(self) -> None:
        """Release the voice and its thread."""
        self._speech.shutdown()

    @property
    def speech(self) -> SpeechEngine:
        """The voice (tests and the self-test look at its state)."""
        return self._speech

    # Internals ---------------------------------------------------------------------------

    def _shown(self, name: str) -> Any:
        """A value of the session as QML shows it (already in the session's language)."""
        return self._session.property(name)

    def _is_speaking(self) -> bool:
        return self._speech.state in (SpeechState.SPEAKING, SpeechState.OPENING)

    def _on_screen(self) -> None:
        screen = str(self._shown("screen"))
        if screen == self._screen:
            return
        previous, self._screen = self._screen, screen
        # Reading an old screen over a new one only confuses: stop at every change.
        self._speech.stop()
        if screen in _SESSION_OVER and previous not in _SESSION_OVER:
            log.info("Session over: accessibility settings back to defaults")
            self.reset()

    def _set_voice(self, volume: float, rate: float) -> None:
        if (volume, rate) != (self._volume, self._rate):
            self._volume, self._rate = volume, rate
            self.volumeChanged.emit()
