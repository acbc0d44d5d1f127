"""Read-aloud for citizens who cannot read the screen well: what to say, and a voice to say it.

The words come from the session (the screen, its services, counters and outcome) and from
the receipt model, never from QML, so QML stays a view. The voice is Qt's text-to-speech
(speech-dispatcher with espeak-ng on Linux). Opening an engine can take seconds (it lists
every voice), so the engine lives on its own thread and the GUI thread never waits for it.
Qt's text-to-speech module (with Qt Multimedia and the engine's plugin, about 4 MB) is
loaded when read-aloud is first needed: when a screen asks whether a voice is installed
(the first citizen's home screen), not while the kiosk waits on its attract screen.
"""

from __future__ import annotations

import enum
import logging
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QLocale, QObject, QThread, Signal, Slot

from drivers.receipt import KeyValue, Receipt, TextLine
from kiosk.text import LocalizedText

if TYPE_CHECKING:
    from PySide6.QtTextToSpeech import QTextToSpeech

log = logging.getLogger("ui.speech")

#: Qt's test engine: it makes no sound, so a citizen must never get it by accident.
MOCK_ENGINE = "mock"
#: Engines tried in this order when none is configured; any other real one comes after.
PREFERRED_ENGINES = ("speechd", "flite")
DEFAULT_VOLUME = 0.8
DEFAULT_RATE = -0.1
#: The QLocale tried first for each UI language; any voice of that language comes next.
VOICE_LOCALES = {"id": ("id_ID",), "en": ("en_GB", "en_US")}
_THREAD_STOP_MS = 5000


class SpeechState(enum.Enum):
    """What the voice is doing, as QML sees it."""

    UNKNOWN = "unknown"  # not opened yet: opened on the first read-aloud
    OPENING = "opening"
    READY = "ready"
    SPEAKING = "speaking"
    UNAVAILABLE = "unavailable"


def pick_engine(available: Sequence[str], configured: str | None = None) -> str | None:
    """The engine to use: the configured one if present, else the first real one."""
    if configured is not None:
        return configured if configured in available else None
    real = [name for name in available if name != MOCK_ENGINE]
    for name in PREFERRED_ENGINES:
        if name in real:
            return name
    return real[0] if real else None


def pick_locale(locales: Iterable[QLocale], language: str) -> QLocale | None:
    """A voice locale for the UI language: the preferred country first, any country next."""
    by_name = {locale.name(): locale for locale in locales}
    for name in VOICE_LOCALES.get(language, ()):
        if name in by_name:
            return by_name[name]
    wanted = QLocale(language).language()
    return next((loc for loc in by_name.values() if loc.language() == wanted), None)


# What to say ---------------------------------------------------------------------------

_T = LocalizedText
_HOME = _T(
    "Pilih layanan. Sentuh salah satu layanan di bawah ini.",
    "Choose a service. Touch one of the services below.",
)
_UNAVAILABLE = _T("tidak tersedia", "not available")
_COUNTERS = _T(
    "Pilih loket tujuan. Nomor antrian langsung dicetak setelah Anda memilih loket.",
    "Choose a counter. Your queue number prints as soon as you choose.",
)
_COUNTER = _T("Loket", "Counter")
_PROCESSING = _T("Sedang memproses. Mohon tunggu sebentar.", "Processing. Please wait.")
_PRINTING = _T("Sedang mencetak struk. Mohon tunggu sebentar.", "Printing. Please wait.")
_NUMBER = _T("Nomor Anda", "Your number")
_PRINTED = _T(
    "Silakan ambil struk Anda di bawah layar, lalu tunggu nomor Anda dipanggil.",
    "Please take your receipt below the screen, then wait for your number to be called.",
)
_NOT_PRINTED = _T("Struk tidak tercetak.", "The receipt did not print.")
_COPY = _T(
    "Foto layar ini, atau catat nomor permohonan dan kode cek. Kode cek: {code}.",
    "Photograph this screen, or write down the request number and check code. Check code: {code}.",
)
_IDLE = _T(
    "Apakah Anda masih di sini? Sesi berakhir dalam {seconds} detik. "
    "Sentuh Lanjutkan untuk meneruskan.",
    "Are you still there? The session ends in {seconds} seconds. Touch Continue to carry on.",
)
_OUT_OF_SERVICE = _T(
    "Mohon maaf, anjungan ini sedang tidak dapat digunakan. "
    "Silakan hubungi petugas di meja informasi.",
    "Sorry, this kiosk cannot be used right now. Please ask at the information desk.",
)
_ATTRACT = _T("Sentuh layar untuk mulai.", "Touch the screen to start.")
_RECEIPT = _T("Isi struk:", "Your receipt says:")


@dataclass(frozen=True)
class ScreenView:
    """What the session shows now, in the session's language (SessionBackend's values)."""

    screen: str
    language: str
    kiosk_name: str = ""
    office: str = ""
    services: tuple[dict[str, Any], ...] = ()
    counters: tuple[dict[str, str], ...] = ()
    outcome: dict[str, Any] | None = None
    seconds_left: int = 0
    service_title: str = ""
    service_help: str = ""
    #: Home's notice while the receipt printer cannot print ("" while it can).
    notice: str = ""


def spell(code: str) -> str:
    """``A-A001`` as ``A A 0 0 1``: a voice reads a ticket number one sign at a time."""
    return " ".join(char for char in code if char.isalnum())


def screen_speech(view: ScreenView) -> str:
    """The words that describe the screen, in its language; empty where there is nothing."""
    lang = view.language
    parts: list[str] = []
    if view.screen == "attract":
        parts += [view.kiosk_name, view.office, _ATTRACT.get(lang)]
    elif view.screen == "home":
        parts += [_HOME.get(lang), view.notice]
        for tile in view.services:
            if tile.get("available", True):
                parts.append(f"{tile['title']}. {tile.get('help', '')}")
            else:
                parts.append(f"{tile['title']}: {_UNAVAILABLE.get(lang)}. {tile.get('reason', '')}")
    elif view.screen == "form" and view.counters:
        parts.append(_COUNTERS.get(lang))
        parts += [
            f"{_COUNTER.get(lang)} {c['code']}: {c['name']}, {c['location']}."
            for c in view.counters
        ]
    elif view.screen in ("submit", "print"):
        parts.append((_PRINTING if view.screen == "print" else _PROCESSING).get(lang))
    elif view.screen == "done" and view.outcome:
        outcome = view.outcome
        parts.append(f"{_NUMBER.get(lang)}: {spell(str(outcome.get('number', '')))}.")
        parts += [str(outcome.get(key) or "") for key in ("counter", "location")]
        if outcome.get("printed"):
            parts.append(_PRINTED.get(lang))
        else:
            # Why, and what the receipt would have carried: the check code, one sign at a time.
            parts += [_NOT_PRINTED.get(lang), str(outcome.get("printFailure") or "")]
            code = spell(str(outcome.get("checkCode") or ""))
            parts.append(_COPY.get(lang).format(code=code))
    elif view.screen == "idle_warning":
        parts.append(_IDLE.get(lang).format(seconds=view.seconds_left))
    elif view.screen == "out_of_service":
        parts.append(_OUT_OF_SERVICE.get(lang))
    else:
        # Screens this module does not know in detail (identify, form steps, review):
        # the service the citizen is in, and what it is for.
        parts += [view.service_title, view.service_help]
    return _join(parts)


def receipt_speech(receipt: Receipt, language: str, number: str = "") -> str:
    """The printed words of a receipt, in order; codes, rules and pictures are left out."""
    parts = [_RECEIPT.get(language)]
    for block in receipt.blocks:
        if isinstance(block, TextLine):
            parts.append(spell(block.text) if number and block.text == number else block.text)
        elif isinstance(block, KeyValue):
            value = spell(block.value) if number and block.value == number else block.value
            parts.append(f"{block.label}: {value}.")
    return _join(parts)


def _join(parts: Iterable[str]) -> str:
    sentences = []
    for part in parts:
        text = " ".join(part.split())
        if text:
            sentences.append(text if text[-1] in ".:?!" else text + ".")
    return " ".join(sentences)


# The voice -----------------------------------------------------------------------------


class _Voice(QObject):
    """Owns the QTextToSpeech on the speech thread; talks to the GUI thread by signals only."""

    opened = Signal(bool, str)
    speaking = Signal(bool)
    failed = Signal(str)

    def __init__(self) -> None:
        super().__init__()
        self._tts: QTextToSpeech | None = None

    @Slot(str)
    def open(self, engine: str) -> None:
        """Load the engine; ``opened(ok, reason)`` tells the GUI thread how it went."""
        from PySide6.QtTextToSpeech import QTextToSpeech  # imported already by SpeechEngine

        tts = QTextToSpeech(engine, self)
        if tts.state() == QTextToSpeech.State.Error:
            reason = f"{engine}: {tts.errorString() or tts.errorReason().name}"
            tts.deleteLater()
            self.opened.emit(False, reason)
            return
        speaking = QTextToSpeech.State.Speaking
        tts.stateChanged.connect(lambda state: self.speaking.emit(state == speaking))
        tts.errorOccurred.connect(self._on_error)
        self._tts = tts
        self.opened.emit(True, "")

    @Slot(str, str, float, float)
    def say(self, text: str, language: str, volume: float, rate: float) -> None:
        """Stop whatever is being read and read ``text`` in ``language``."""
        tts = self._tts
        if tts is None:
            return
        tts.stop()
        locale = pick_locale(tts.availableLocales(), language)
        if locale is None:
            self.failed.emit(f"no {language} voice in engine {tts.engine()}")
            return
        tts.setLocale(locale)
        tts.setVolume(volume)
        tts.setRate(rate)
        tts.say(text)

    @Slot()
    def stop(self) -> None:
        """Stop reading now."""
        if self._tts is not None:
            self._tts.stop()

    @Slot()
    def close(self) -> None:
        """Release the engine on its own thread."""
        if self._tts is not None:
            self._tts.stop()
            self._tts.deleteLater()
            self._tts = None

    def _on_error(self, reason: QTextToSpeech.ErrorReason, message: str) -> None:
        self.failed.emit(f"{reason.name}: {message}")


class SpeechEngine(QObject):
    """A voice on its own thread, opened the first time something is to be read.

    Signals:
        stateChanged: opening, ready, speaking or unavailable.
    """

    _open = Signal(str)
    _say = Signal(str, str, float, float)
    _stop = Signal()
    _close = Signal()

    stateChanged = Signal()

    def __init__(self, engine: str | None = None, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._configured = engine
        self._engine: str | None = None
        self._looked_up = False
        self._state = SpeechState.UNKNOWN
        self._reason = ""
        self._pending: tuple[str, str, float, float] | None = None
        self._thread: QThread | None = None
        self._voice: _Voice | None = None

    @property
    def state(self) -> SpeechState:
        """What the voice is doing."""
        self._look_up()
        return self._state

    @property
    def reason(self) -> str:
        """Why the voice is unavailable (for technicians), empty otherwise."""
        self._look_up()
        return self._reason

    @property
    def engine(self) -> str | None:
        """The engine chosen, None when there is none."""
        self._look_up()
        return self._engine

    def say(self, text: str, language: str, volume: float, rate: float) -> None:
        """Read ``text`` aloud, opening the engine first if needed; silent when unavailable."""
        self._look_up()
        if self._state is SpeechState.UNAVAILABLE or not text or self._engine is None:
            return
        if self._voice is None:
            self._pending = (text, language, volume, rate)
            self._start(self._engine)
        elif self._state is SpeechState.OPENING:
            self._pending = (text, language, volume, rate)
        else:
            self._say.emit(text, language, volume, rate)

    def stop(self) -> None:
        """Stop reading (a new screen, or the session ended)."""
        self._pending = None
        if self._voice is not None:
            self._stop.emit()

    def shutdown(self) -> None:
        """Release the engine and end the speech thread."""
        thread = self._thread
        if thread is None:
            return
        self._close.emit()
        thread.quit()
        if not thread.wait(_THREAD_STOP_MS):
            log.error("The speech thread did not stop within %d ms", _THREAD_STOP_MS)
            thread.terminate()
            thread.wait()
        self._thread = None
        self._voice = None

    def _look_up(self) -> None:
        """Choose the engine among those installed, the first time anything asks."""
        if self._looked_up:
            return
        self._looked_up = True
        from PySide6.QtTextToSpeech import QTextToSpeech

        configured = self._configured
        self._engine = pick_engine(QTextToSpeech.availableEngines(), configured)
        if self._engine is None:
            self._reason = (
                f"text-to-speech engine {configured!r} is not installed"
                if configured
                else "no text-to-speech engine is installed (e.g. speech-dispatcher)"
            )
            self._state = SpeechState.UNAVAILABLE
            log.warning("Read-aloud off: %s", self._reason)

    def _start(self, engine: str) -> None:
        thread = QThread()
        thread.setObjectName("speech")
        voice = _Voice()
        voice.moveToThread(thread)
        thread.finished.connect(voice.deleteLater)
        self._open.connect(voice.open)
        self._say.connect(voice.say)
        self._stop.connect(voice.stop)
        self._close.connect(voice.close)
        voice.opened.connect(self._on_opened)
        voice.speaking.connect(self._on_speaking)
        voice.failed.connect(self._on_failed)
        self._thread, self._voice = thread, voice
        thread.start()
        self._set(SpeechState.OPENING)
        log.info("Opening text-to-speech engine %s", engine)
        self._open.emit(engine)

    def _on_opened(self, ok: bool, reason: str) -> None:
        if not ok:
            self._reason = reason
            log.error("Read-aloud off: %s", reason)
            self._set(SpeechState.UNAVAILABLE)
            return
        log.info("Text-to-speech engine %s ready", self._engine)
        self._set(SpeechState.READY)
        if self._pending is not None:
            pending, self._pending = self._pending, None
            self._say.emit(*pending)

    def _on_speaking(self, speaking: bool) -> None:
        if self._state in (SpeechState.READY, SpeechState.SPEAKING):
            self._set(SpeechState.SPEAKING if speaking else SpeechState.READY)

    def _on_failed(self, reason: str) -> None:
        # One text failed (no voice for a language, a synthesis error): log it, stay usable.
        log.error("Read-aloud failed: %s", reason)
        if self._state is SpeechState.SPEAKING:
            self._set(SpeechState.READY)

    def _set(self, state: SpeechState) -> None:
        if state is not self._state:
            self._state = state
            self.stateChanged.emit()
