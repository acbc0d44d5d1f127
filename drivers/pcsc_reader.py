"""A contactless e-KTP reader over PC/SC (pcsc-lite or WinSCard) through pyscard.

A generic PC/SC reader without Dukcapil's SAM can read only a card's UID (``GET DATA``,
``FF CA 00 00 00``) and its ATR, so that is all this adapter reports; biodata needs a
certified reader and its vendor SDK (see ``drivers.identity_plugins``).

pyscard's ``CardMonitor`` dies silently when pcscd restarts or the reader is unplugged,
so this adapter runs its own thread that owns a PC/SC context and waits on
``SCardGetStatusChange`` with a timeout. Any error that means the service, the context
or the reader is gone turns into ``ReaderStatusChanged(UNAVAILABLE, detail)``; the
thread then releases the context and tries again every poll interval until the service
and a matching reader are back, and reports READY. Nothing is raised out of the thread.

Reading a card: connect (T=0 or T=1, shared), take the ATR from ``SCardStatus``, send
GET DATA, disconnect, and only then emit ``CardInserted``. So a card pulled mid-read
produces no event at all (an insert is never half-reported); a card whose reader
answers GET DATA with "not supported" (``6A 81``, ``6D 00``, ``6E 00``) is reported
with an empty UID and its ATR; any other status word is a failed read, retried while
the card stays. ``CardRemoved`` follows only a reported ``CardInserted``.
"""

from __future__ import annotations

import enum
import fnmatch
import logging
import threading
import time
from dataclasses import dataclass

from smartcard import scard

from drivers.base import (
    CardInserted,
    CardReader,
    CardRemoved,
    DeviceEvent,
    DriverError,
    ReaderStatus,
    ReaderStatusChanged,
)

logger = logging.getLogger("drivers.pcsc")

#: GET DATA for the UID (PC/SC part 3, section 3.2.2.1.3), answered by the reader itself.
GET_UID_APDU = (0xFF, 0xCA, 0x00, 0x00, 0x00)
SW_SUCCESS = (0x90, 0x00)
#: Status words that mean "GET DATA is not supported here", not "the read failed".
SW_GET_DATA_UNSUPPORTED = frozenset({(0x6A, 0x81), (0x6D, 0x00), (0x6E, 0x00)})
#: The pseudo-reader that reports readers being plugged in or out (pcsc-lite, WinSCard).
PNP_NOTIFICATION = "\\\\?PnP?\\Notification"
#: How many times a card that stays in the field is read before giving up on it.
READ_ATTEMPTS = 3
#: How long ``stop()`` waits for the thread.
STOP_TIMEOUT_SECONDS = 2.0

#: Errors after which the context is useless: the service stopped, crashed or restarted.
SERVICE_ERRORS = frozenset(
    {
        scard.SCARD_E_NO_SERVICE,
        scard.SCARD_E_SERVICE_STOPPED,
        scard.SCARD_E_INVALID_HANDLE,
        scard.SCARD_E_NO_MEMORY,
        scard.SCARD_E_SYSTEM_CANCELLED,
        scard.SCARD_F_COMM_ERROR,
        scard.SCARD_F_INTERNAL_ERROR,
        scard.SCARD_F_UNKNOWN_ERROR,
    }
)
#: Errors that mean the reader in use went away (unplugged, or its driver failed).
READER_ERRORS = frozenset(
    {
        scard.SCARD_E_UNKNOWN_READER,
        scard.SCARD_E_READER_UNAVAILABLE,
        scard.SCARD_E_NO_READERS_AVAILABLE,
    }
)
_READER_GONE_STATES = scard.SCARD_STATE_UNKNOWN | scard.SCARD_STATE_UNAVAILABLE


def _hresult_text(hresult: int) -> str:
    return f"{scard.SCardGetErrorMessage(hresult).strip()} (0x{hresult & 0xFFFFFFFF:08X})"


class PcscError(DriverError):
    """A PC/SC call failed; the message names the call and pcsc-lite's reason.

    Attributes:
        hresult: the PC/SC return code, to tell a stopped service from a lost card.

    """

    def __init__(self, operation: str, hresult: int) -> None:
        super().__init__(f"{operation} failed: {_hresult_text(hresult)}")
        self.hresult = hresult

    @property
    def service_down(self) -> bool:
        """Whether the context must be dropped and established again."""
        return self.hresult in SERVICE_ERRORS

    @property
    def reader_gone(self) -> bool:
        """Whether the reader in use is no longer there."""
        return self.hresult in READER_ERRORS


class CardReadError(DriverError):
    """The card answered GET DATA with a status word that is not success or unsupported."""


def _check(operation: str, hresult: int) -> None:
    if hresult != scard.SCARD_S_SUCCESS:
        raise PcscError(operation, hresult)


def _establish_context() -> int:
    hresult, context = scard.SCardEstablishContext(scard.SCARD_SCOPE_USER)
    _check("SCardEstablishContext", hresult)
    return int(context)


def _release_context(context: int) -> None:
    hresult = scard.SCardReleaseContext(context)
    if hresult != scard.SCARD_S_SUCCESS:
        logger.debug("SCardReleaseContext: %s", _hresult_text(hresult))


def _list_readers(context: int) -> list[str]:
    hresult, readers = scard.SCardListReaders(context, [])
    if hresult == scard.SCARD_E_NO_READERS_AVAILABLE:
        return []
    _check("SCardListReaders", hresult)
    return [str(reader) for reader in readers]


def matching_readers(readers: list[str], name_pattern: str) -> list[str]:
    """The readers whose name matches ``name_pattern`` (fnmatch, case-insensitive), in order."""
    pattern = name_pattern.casefold()
    return [name for name in readers if fnmatch.fnmatchcase(name.casefold(), pattern)]


def _read_card(context: int, reader: str) -> tuple[bytes, bytes]:
    """Connect, read the ATR and the UID, disconnect; returns ``(atr, uid)``.

    Raises:
        PcscError: a PC/SC call failed (the card left, the reader or service went away).
        CardReadError: GET DATA answered an unexpected status word.

    """
    hresult, card, protocol = scard.SCardConnect(
        context, reader, scard.SCARD_SHARE_SHARED, scard.SCARD_PROTOCOL_T0 | scard.SCARD_PROTOCOL_T1
    )
    _check("SCardConnect", hresult)
    try:
        hresult, _, _, _, atr = scard.SCardStatus(card)
        _check("SCardStatus", hresult)
        hresult, response = scard.SCardTransmit(card, protocol, list(GET_UID_APDU))
        _check("SCardTransmit(GET DATA)", hresult)
    finally:
        hresult = scard.SCardDisconnect(card, scard.SCARD_LEAVE_CARD)
        if hresult != scard.SCARD_S_SUCCESS:
            logger.debug("SCardDisconnect: %s", _hresult_text(hresult))
    if len(response) < 2:
        raise CardReadError(f"GET DATA answered {bytes(response).hex(' ')!r}, no status word")
    status_word = (response[-2], response[-1])
    if status_word == SW_SUCCESS:
        return bytes(atr), bytes(response[:-2])
    if status_word in SW_GET_DATA_UNSUPPORTED:
        logger.info("reader %s does not support GET DATA (SW %02X %02X)", reader, *status_word)
        return bytes(atr), b""
    raise CardReadError(f"GET DATA answered SW {status_word[0]:02X} {status_word[1]:02X}")


class _UnavailableError(Exception):
    """Internal: the thread must report UNAVAILABLE with ``detail`` and wait."""

    def __init__(self, detail: str, drop_context: bool) -> None:
        super().__init__(detail)
        self.detail = detail
        self.drop_context = drop_context


class _CardPhase(enum.Enum):
    """What the thread knows about the card in the field."""

    NONE = "none"
    UNREAD = "unread"
    REPORTED = "reported"
    SUPPRESSED = "suppressed"
    UNREADABLE = "unreadable"


@dataclass(frozen=True)
class _Removal:
    """The last card that left the field, for debouncing repeated taps."""

    key: tuple[bytes, bytes]
    at: float


class PcscCardReader(CardReader):
    """A PC/SC contactless reader, chosen by name, reporting UIDs and ATRs.

    Args:
        name_pattern: fnmatch pattern on reader names, case-insensitive; the first
            reader pcsc-lite lists that matches is used (``"ACS ACR1252*"``).
        debounce_seconds: the same card (UID and ATR; a card without GET DATA is known
            by its ATR alone) presented again within this long after it left is not
            reported again, nor is its removal; each such tap restarts the wait.
        poll_seconds: how long one wait on pcsc-lite lasts, and how often a lost
            service or reader is looked for again.

    """

    def __init__(
        self, name_pattern: str = "*", debounce_seconds: float = 1.0, poll_seconds: float = 0.5
    ) -> None:
        super().__init__()
        self._pattern = name_pattern
        self._debounce = debounce_seconds
        self._poll_ms = max(1, int(poll_seconds * 1000))
        self._poll_seconds = poll_seconds
        self._lock = threading.Lock()
        self._status = ReaderStatus.UNAVAILABLE
        self._reported: tuple[ReaderStatus, str] | None = None
        self._reader: str | None = None
        self._context: int | None = None
        self._stopping = threading.Event()
        self._thread: threading.Thread | None = None
        self._reader_state = scard.SCARD_STATE_UNAWARE
        self._pnp_state = scard.SCARD_STATE_UNAWARE
        self._phase = _CardPhase.NONE
        self._card_key: tuple[bytes, bytes] | None = None
        self._card_counter = -1
        self._attempts = 0
        self._last_removal: _Removal | None = None

    @property
    def description(self) -> str:
        """The reader in use, or the pattern still being looked for."""
        with self._lock:
            reader = self._reader
        if reader is None:
            return f"PC/SC reader matching {self._pattern!r} (not found)"
        return f"PC/SC reader {reader!r}"

    @property
    def status(self) -> ReaderStatus:
        """READY, CARD_PRESENT (a reported card is in the field) or UNAVAILABLE."""
        with self._lock:
            return self._status

    def start(self) -> None:
        """Start the monitoring thread; its first event is the reader's status."""
        thread = self._thread
        if thread is not None:
            if not self._stopping.is_set():
                logger.debug("PC/SC reader already started")
                return
            thread.join(STOP_TIMEOUT_SECONDS)
            if thread.is_alive():
                logger.error("PC/SC reader not restarted: the previous thread is still busy")
                return
        self._stopping.clear()
        self._thread = threading.Thread(target=self._run, name="pcsc-reader", daemon=True)
        self._thread.start()

    def stop(self) -> None:
        """Stop the thread (within about two seconds) and release PC/SC; safe to call twice."""
        thread = self._thread
        if thread is None:
            return
        self._stopping.set()
        if thread is threading.current_thread():
            return  # called from a listener: the thread ends when the callback returns
        with self._lock:
            context = self._context
        if context is not None:
            scard.SCardCancel(context)
        thread.join(STOP_TIMEOUT_SECONDS)
        if thread.is_alive():
            logger.warning("PC/SC thread still busy %s s after stop", STOP_TIMEOUT_SECONDS)
            return
        self._thread = None

    # The rest runs on the monitoring thread only.

    def _run(self) -> None:
        logger.info("PC/SC reader thread started (pattern %r)", self._pattern)
        while not self._stopping.is_set():
            try:
                self._step()
            except _UnavailableError as exc:
                self._go_unavailable(exc.detail, exc.drop_context)
                self._stopping.wait(self._poll_seconds)
            except Exception as exc:
                logger.exception("PC/SC thread error; starting over")
                self._go_unavailable(f"internal error: {exc!r}", drop_context=True)
                self._stopping.wait(self._poll_seconds)
        self._drop_context()
        with self._lock:
            self._reader = None
            self._status = ReaderStatus.UNAVAILABLE
            self._reported = None
        self._forget_card()
        logger.info("PC/SC reader thread stopped")

    def _step(self) -> None:
        context = self._ensure_context()
        reader = self._ensure_reader(context)
        if reader is None:
            self._wait_for_readers(context)
            return
        self._watch(context, reader)

    def _ensure_context(self) -> int:
        with self._lock:
            context = self._context
        if context is not None:
            return context
        try:
            context = _establish_context()
        except PcscError as exc:
            raise _UnavailableError(f"PC/SC service unavailable: {exc}", drop_context=True) from exc
        with self._lock:
            self._context = context
        self._reader_state = scard.SCARD_STATE_UNAWARE
        self._pnp_state = scard.SCARD_STATE_UNAWARE
        logger.debug("PC/SC context established")
        return context

    def _ensure_reader(self, context: int) -> str | None:
        with self._lock:
            reader = self._reader
        if reader is not None:
            return reader
        try:
            readers = _list_readers(context)
        except PcscError as exc:
            raise _UnavailableError(str(exc), drop_context=exc.service_down) from exc
        matches = matching_readers(readers, self._pattern)
        if not matches:
            listed = ", ".join(repr(name) for name in readers) or "none"
            self._go_unavailable(
                f"no PC/SC reader matches {self._pattern!r} (readers: {listed})", False
            )
            return None
        reader = matches[0]
        with self._lock:
            self._reader = reader
        self._reader_state = scard.SCARD_STATE_UNAWARE
        logger.info("using PC/SC reader %r", reader)
        self._report(ReaderStatus.READY, f"using PC/SC reader {reader!r}")
        return reader

    def _wait_for_readers(self, context: int) -> None:
        """Sleep until a reader is plugged in (PnP) or for one poll interval."""
        hresult, states = scard.SCardGetStatusChange(
            context, self._poll_ms, [(PNP_NOTIFICATION, self._pnp_state)]
        )
        if hresult in (scard.SCARD_S_SUCCESS, scard.SCARD_E_TIMEOUT):
            self._pnp_state = states[0][1] & ~scard.SCARD_STATE_CHANGED
            return
        if hresult == scard.SCARD_E_CANCELLED:
            return
        error = PcscError("SCardGetStatusChange(PnP)", hresult)
        if error.service_down:
            raise _UnavailableError(str(error), drop_context=True)
        logger.debug("PnP notification not usable (%s); polling", error)
        self._stopping.wait(self._poll_seconds)

    def _watch(self, context: int, reader: str) -> None:
        """Wait for one change of the reader's state and act on it."""
        hresult, states = scard.SCardGetStatusChange(
            context, self._poll_ms, [(reader, self._reader_state)]
        )
        if hresult == scard.SCARD_E_CANCELLED:
            return
        if hresult == scard.SCARD_E_TIMEOUT:
            if self._phase is _CardPhase.UNREAD:
                self._try_read(context, reader)
            return
        if hresult != scard.SCARD_S_SUCCESS:
            error = PcscError("SCardGetStatusChange", hresult)
            raise _UnavailableError(str(error), drop_context=not error.reader_gone)
        event_state = int(states[0][1])
        self._reader_state = event_state & ~scard.SCARD_STATE_CHANGED
        if event_state & _READER_GONE_STATES:
            raise _UnavailableError(f"PC/SC reader {reader!r} went away", drop_context=False)
        flags = event_state & 0xFFFF
        counter = event_state >> 16
        present = bool(flags & scard.SCARD_STATE_PRESENT)
        if not present:
            self._card_left()
            return
        if counter != self._card_counter:
            self._card_left()
            self._card_counter = counter
            self._phase = _CardPhase.UNREAD
            self._attempts = 0
        # A MUTE card (its power-up failed) is read too: SCardConnect powers it up again.
        if self._phase is _CardPhase.UNREAD:
            self._try_read(context, reader)

    def _try_read(self, context: int, reader: str) -> None:
        self._attempts += 1
        try:
            atr, uid = _read_card(context, reader)
        except PcscError as exc:
            if exc.service_down or exc.reader_gone:
                raise _UnavailableError(str(exc), drop_context=exc.service_down) from exc
            self._read_failed(str(exc))
            return
        except CardReadError as exc:
            self._read_failed(str(exc))
            return
        self._card_read(atr, uid)

    def _read_failed(self, reason: str) -> None:
        if self._attempts < READ_ATTEMPTS:
            logger.debug(
                "card read failed (attempt %s of %s): %s", self._attempts, READ_ATTEMPTS, reason
            )
            return
        logger.warning("card not reported: read failed %s times: %s", self._attempts, reason)
        self._phase = _CardPhase.UNREADABLE

    def _card_read(self, atr: bytes, uid: bytes) -> None:
        key = (uid, atr)
        self._card_key = key
        last = self._last_removal
        if last is not None and last.key == key and time.monotonic() - last.at < self._debounce:
            logger.debug("same card presented again within %s s; not reported", self._debounce)
            self._phase = _CardPhase.SUPPRESSED
            return
        self._phase = _CardPhase.REPORTED
        with self._lock:
            self._status = ReaderStatus.CARD_PRESENT
        logger.info("card presented (%s-byte UID)", len(uid))
        logger.debug("card UID %s, ATR %s", uid.hex() or "(GET DATA unsupported)", atr.hex())
        self._emit_safely(CardInserted(uid=uid, atr=atr, reader=self._reader or ""))

    def _card_left(self) -> None:
        """The card in the field (if any) is gone: report it if its insert was reported."""
        phase, key = self._phase, self._card_key
        self._forget_card()
        if key is not None and phase in (_CardPhase.REPORTED, _CardPhase.SUPPRESSED):
            self._last_removal = _Removal(key, time.monotonic())
        if phase is _CardPhase.REPORTED:
            with self._lock:
                if self._status is ReaderStatus.CARD_PRESENT:
                    self._status = ReaderStatus.READY
            logger.info("card removed")
            self._emit_safely(CardRemoved())
        elif phase is not _CardPhase.NONE:
            logger.debug("card left the field (%s); nothing to report", phase.value)

    def _forget_card(self) -> None:
        self._phase = _CardPhase.NONE
        self._card_key = None
        self._card_counter = -1
        self._attempts = 0

    def _go_unavailable(self, detail: str, drop_context: bool) -> None:
        self._card_left()
        with self._lock:
            self._reader = None
        if drop_context:
            self._drop_context()
        self._report(ReaderStatus.UNAVAILABLE, detail)

    def _drop_context(self) -> None:
        with self._lock:
            context, self._context = self._context, None
        if context is not None:
            _release_context(context)

    def _report(self, status: ReaderStatus, detail: str) -> None:
        with self._lock:
            self._status = status
            if self._reported == (status, detail):
                return
            self._reported = (status, detail)
        if status is ReaderStatus.UNAVAILABLE:
            logger.warning("card reader unavailable: %s", detail)
        self._emit_safely(ReaderStatusChanged(status, detail))

    def _emit_safely(self, event: DeviceEvent) -> None:
        if self._stopping.is_set():
            return
        try:
            self._emit(event)
        except Exception:
            logger.exception("card reader listener failed on %s", type(event).__name__)


def read_card_once(name_pattern: str, timeout: float) -> tuple[str, bytes, bytes] | None:
    """Wait for one card on the first matching reader; returns ``(reader, atr, uid)``.

    For the installer's ``kiosk devices read-card``. Returns None if no card was read
    within ``timeout`` seconds (a card that keeps failing to read counts as none).

    Raises:
        PcscError: the PC/SC service is not running.
        DriverError: no reader matches ``name_pattern``; the message lists the readers.

    """
    deadline = time.monotonic() + timeout
    context = _establish_context()
    try:
        readers = _list_readers(context)
        matches = matching_readers(readers, name_pattern)
        if not matches:
            listed = ", ".join(repr(name) for name in readers) or "none"
            raise DriverError(f"no PC/SC reader matches {name_pattern!r} (readers: {listed})")
        reader = matches[0]
        state = scard.SCARD_STATE_UNAWARE
        while True:
            remaining_ms = int((deadline - time.monotonic()) * 1000)
            if remaining_ms <= 0:
                return None
            hresult, states = scard.SCardGetStatusChange(context, remaining_ms, [(reader, state)])
            if hresult == scard.SCARD_E_TIMEOUT:
                return None
            _check("SCardGetStatusChange", hresult)
            state = int(states[0][1]) & ~scard.SCARD_STATE_CHANGED
            if not state & scard.SCARD_STATE_PRESENT:
                continue
            try:
                atr, uid = _read_card(context, reader)
            except (PcscError, CardReadError) as exc:
                if isinstance(exc, PcscError) and (exc.service_down or exc.reader_gone):
                    raise
                logger.debug("card read failed: %s", exc)
                state = scard.SCARD_STATE_UNAWARE
                time.sleep(0.05)
                continue
            return reader, atr, uid
    finally:
        _release_context(context)
