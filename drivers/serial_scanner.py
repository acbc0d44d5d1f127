"""A QR scanner on a serial port (USB-CDC ``/dev/ttyACM0``, or RS-232) through pyserial.

Such a scanner sends each code as a burst of bytes ended by CR, LF or CR LF. Bursts can
arrive in any number of reads, so :class:`BurstAssembler` (pure, no port) joins reads and
cuts them at the terminator. What it hands on is raw and untrusted: the driver only caps
the length, and the core parses it. A burst longer than the cap is cut to ``cap + 1``
bytes (so the parser can tell the citizen it was too long) and the rest of it, up to the
next terminator, is dropped. Bytes that wait too long for a terminator are line noise
and are dropped with a warning.

A USB scanner pulled out makes reads fail; the thread then closes the port, reports
``ScannerStatusChanged(UNAVAILABLE, detail)``, tries to open it again every
``reopen_seconds``, and reports READY once it is back. Nothing is raised out of it.
"""

from __future__ import annotations

import enum
import logging
import time
from dataclasses import dataclass, field

import serial

from drivers.base import ScannerStatus, ScanReceived
from drivers.scanner_thread import ThreadedScanner

logger = logging.getLogger("drivers.serial_scanner")

#: Longest burst handed on; the core refuses anything longer than this anyway.
DEFAULT_MAX_LENGTH = 512
#: A burst that has not ended after this long is noise, not a scan.
DEFAULT_BURST_TIMEOUT_SECONDS = 2.0
DEFAULT_REOPEN_SECONDS = 1.0
#: How long one read waits, which bounds how long ``stop()`` takes.
READ_TIMEOUT_SECONDS = 0.2


class Terminator(enum.Enum):
    """What ends a scan: CR, LF, CR LF, or any of them (empty lines are ignored)."""

    CR = "cr"
    LF = "lf"
    CRLF = "crlf"
    ANY = "any"


_SEPARATORS: dict[Terminator, bytes] = {
    Terminator.CR: b"\r",
    Terminator.LF: b"\n",
    Terminator.CRLF: b"\r\n",
}


@dataclass(frozen=True)
class Burst:
    """One scan cut from the stream; ``overlong`` when it was cut at the cap."""

    payload: bytes
    overlong: bool = False
    dropped: int = 0


@dataclass
class BurstAssembler:
    """Joins reads into scans at the terminator; pure, so tests need no port.

    Args:
        terminator: what ends a scan.
        max_length: longest payload handed on whole.
        burst_timeout: seconds a partial burst may wait for its terminator.

    """

    terminator: Terminator = Terminator.ANY
    max_length: int = DEFAULT_MAX_LENGTH
    burst_timeout: float = DEFAULT_BURST_TIMEOUT_SECONDS
    _buffer: bytearray = field(default_factory=bytearray)
    _overflow: int = 0
    _started: float | None = None

    def feed(self, data: bytes, now: float) -> list[Burst]:
        """The scans that ``data`` completes, in order."""
        if not data:
            return []
        self._buffer += data
        bursts: list[Burst] = []
        while True:
            cut = self._find_terminator()
            if cut is None:
                break
            end, after = cut
            line = bytes(self._buffer[:end])
            del self._buffer[:after]
            burst = self._finish(line)
            if burst is not None:
                bursts.append(burst)
        # The CR of a CR LF split across reads stays, or the cut would lose it.
        keep = 1 if self.terminator is Terminator.CRLF and self._buffer.endswith(b"\r") else 0
        if len(self._buffer) - keep > self.max_length + 1:
            excess = len(self._buffer) - keep - (self.max_length + 1)
            self._overflow += excess
            del self._buffer[self.max_length + 1 : len(self._buffer) - keep]
        if (self._buffer or self._overflow) and self._started is None:
            self._started = now
        return bursts

    def expire(self, now: float) -> int:
        """Drop a partial burst older than ``burst_timeout``; returns how many bytes."""
        if self._started is None or now - self._started < self.burst_timeout:
            return 0
        dropped = len(self._buffer) + self._overflow
        self.reset()
        return dropped

    def reset(self) -> None:
        """Forget any partial burst (the port was closed)."""
        self._buffer.clear()
        self._overflow = 0
        self._started = None

    def _find_terminator(self) -> tuple[int, int] | None:
        """Where the first terminator starts and ends in the buffer, if there is one."""
        separator = _SEPARATORS.get(self.terminator)
        if separator is not None:
            index = self._buffer.find(separator)
            return None if index < 0 else (index, index + len(separator))
        positions = [i for i in (self._buffer.find(b"\r"), self._buffer.find(b"\n")) if i >= 0]
        if not positions:
            return None
        index = min(positions)
        return index, index + 1

    def _finish(self, line: bytes) -> Burst | None:
        overflow, self._overflow = self._overflow, 0
        self._started = None
        if not line and not overflow:
            return None
        if overflow or len(line) > self.max_length:
            dropped = overflow + max(0, len(line) - self.max_length - 1)
            return Burst(line[: self.max_length + 1], overlong=True, dropped=dropped)
        return Burst(line)


class SerialScanner(ThreadedScanner):
    """A scanner on a serial port, reporting each scan as raw bytes.

    Args:
        port: the device, e.g. ``/dev/ttyACM0`` (better a ``/dev/serial/by-id/`` link).
        baudrate: the scanner's speed; USB-CDC scanners ignore it.
        terminator: what ends a scan.
        max_length: longest payload handed on whole.
        reopen_seconds: how often a missing port is tried again.
        burst_timeout: seconds a partial burst may wait for its terminator.

    """

    def __init__(
        self,
        port: str,
        baudrate: int = 9600,
        terminator: Terminator = Terminator.ANY,
        max_length: int = DEFAULT_MAX_LENGTH,
        reopen_seconds: float = DEFAULT_REOPEN_SECONDS,
        burst_timeout: float = DEFAULT_BURST_TIMEOUT_SECONDS,
    ) -> None:
        super().__init__("serial scanner", "serial-scanner", logger)
        if baudrate <= 0:
            raise ValueError(f"baudrate must be a positive integer, got {baudrate}")
        if max_length <= 0:
            raise ValueError(f"max_length must be positive, got {max_length}")
        self._port = port
        self._baudrate = baudrate
        self._terminator = terminator
        self._reopen = reopen_seconds
        self._assembler = BurstAssembler(terminator, max_length, burst_timeout)
        self._serial: serial.Serial | None = None

    @property
    def description(self) -> str:
        """The port, speed and terminator, for the technician screen."""
        return (
            f"serial QR scanner on {self._port} at {self._baudrate} baud "
            f"(terminator {self._terminator.value})"
        )

    def _interrupt(self) -> None:
        """A read waits up to its timeout; cancelling it lets ``stop`` return at once."""
        with self._lock:
            port = self._serial
        if port is not None:
            try:
                port.cancel_read()
            except (OSError, serial.SerialException):
                logger.debug("cancel_read failed", exc_info=True)

    # The rest runs on the reading thread only.

    def _run(self) -> None:
        logger.info("serial scanner thread started on %s", self._port)
        while not self._stopping.is_set():
            port = self._open()
            if port is None:
                self._stopping.wait(self._reopen)
                continue
            try:
                self._read_until_failure(port)
            except Exception as exc:
                logger.exception("serial scanner thread error; reopening")
                self._report(ScannerStatus.UNAVAILABLE, f"internal error: {exc!r}")
            finally:
                self._close()
            if not self._stopping.is_set():
                self._stopping.wait(self._reopen)
        self._mark_stopped()
        logger.info("serial scanner thread stopped")

    def _open(self) -> serial.Serial | None:
        try:
            port = serial.Serial(
                self._port,
                self._baudrate,
                timeout=READ_TIMEOUT_SECONDS,
                exclusive=True,
            )
        except (OSError, ValueError, serial.SerialException) as exc:
            self._report(ScannerStatus.UNAVAILABLE, f"cannot open {self._port}: {exc}")
            return None
        port.reset_input_buffer()
        with self._lock:
            self._serial = port
        self._assembler.reset()
        logger.info("serial scanner port %s open", self._port)
        self._report(ScannerStatus.READY, f"reading {self._port}")
        return port

    def _close(self) -> None:
        with self._lock:
            port, self._serial = self._serial, None
        self._assembler.reset()
        if port is not None:
            try:
                port.close()
            except (OSError, serial.SerialException):
                logger.debug("closing %s failed", self._port, exc_info=True)

    def _read_until_failure(self, port: serial.Serial) -> None:
        while not self._stopping.is_set():
            try:
                waiting = port.in_waiting
                data = port.read(max(1, min(waiting, 4096)))
            except (OSError, serial.SerialException) as exc:
                if self._stopping.is_set():
                    return
                self._report(ScannerStatus.UNAVAILABLE, f"{self._port} went away: {exc}")
                return
            now = time.monotonic()
            if not data:
                dropped = self._assembler.expire(now)
                if dropped:
                    logger.warning(
                        "dropped %d bytes from %s that never ended in a terminator",
                        dropped,
                        self._port,
                    )
                continue
            for burst in self._assembler.feed(data, now):
                self._hand_on(burst)

    def _hand_on(self, burst: Burst) -> None:
        if burst.overlong:
            logger.warning(
                "scan on %s over %d bytes: cut, %d bytes dropped",
                self._port,
                self._assembler.max_length,
                burst.dropped,
            )
        else:
            logger.info("scan of %d bytes on %s", len(burst.payload), self._port)
        self._emit_safely(ScanReceived(burst.payload, source=f"serial:{self._port}"))
