"""A loopback ESC/POS printer, so the real python-escpos drivers can be tested without hardware.

``PrinterEmulator`` listens on 127.0.0.1 (point ``tcp://127.0.0.1:<port>`` at it)
and can also serve pseudo-terminals (for ``serial://`` and ``file://``). It splits
what it receives at command boundaries with the test decoder's ``command_length``,
records every byte, and answers the status requests from a configurable
``PrinterState`` with the bit layout of Epson's ESC/POS reference:

``DLE EOT n`` (real-time; answered at once, even while offline). Every reply has
bit 1 and bit 4 set and bits 0 and 7 clear (``0b0xx1xx10``):

- n=1, printer status: bit 3 set = offline.
- n=2, offline cause: bit 2 = cover open; bit 3 = paper being fed by the button;
  bit 5 = printing stopped because the paper ran out; bit 6 = an error occurred.
- n=3, error cause: bit 3 = autocutter error; bit 5 = unrecoverable error;
  bit 6 = auto-recoverable error.
- n=4, roll paper sensor: bits 2 and 3 = paper near its end; bits 5 and 6 = out.

``GS r 1`` (paper sensor, processed in order with the data, so a real printer
answers it only after everything sent before it): bits 4 and 7 clear; bits 0 and 1
= near end; bits 2 and 3 = out. Like a real printer, the emulator answers it only
while online.

Faults: ``refuse`` (close every new connection at once), ``stall`` (stop reading
and answering, so data piles up in the socket), ``silent`` (read everything,
answer nothing), ``drop_after(n)``, ``stall_after(n)`` and ``change_after(n, ...)``
(one-shot, after ``n`` bytes of print data), and ``disconnect_all`` (the printer
was switched off).
"""

from __future__ import annotations

import enum
import os
import select
import socket
import struct
import threading
import time
import tty
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from types import TracebackType

from tests.helpers.escpos_decode import UnknownCommandError, command_length

DLE_EOT = b"\x10\x04"
GS_R_PAPER = (b"\x1dr\x01", b"\x1dr1")

_FIXED = 0b0001_0010  # bits 1 and 4, set in every DLE EOT reply
_POLL = 0.02


@dataclass(frozen=True)
class PrinterState:
    """What the emulated printer's sensors say."""

    online: bool = True
    cover_open: bool = False
    paper_near_end: bool = False
    paper_out: bool = False
    cutter_error: bool = False

    @property
    def offline(self) -> bool:
        """A printer goes offline by itself when its cover opens, paper ends or it fails."""
        return not self.online or self.cover_open or self.paper_out or self.cutter_error


def dle_eot_reply(state: PrinterState, n: int) -> int:
    """The byte a printer in ``state`` answers to ``DLE EOT n`` (n = 1..4)."""
    bits = 0
    if n == 1 and state.offline:
        bits |= 0x08
    elif n == 2:
        bits |= 0x04 if state.cover_open else 0
        bits |= 0x20 if state.paper_out else 0
        bits |= 0x40 if state.cutter_error else 0
    elif n == 3:
        bits |= 0x08 if state.cutter_error else 0
    elif n == 4:
        bits |= 0x0C if state.paper_near_end else 0
        bits |= 0x60 if state.paper_out else 0
    return _FIXED | bits


def gs_r_reply(state: PrinterState) -> int:
    """The byte a printer in ``state`` answers to ``GS r 1``."""
    return (0x03 if state.paper_near_end else 0) | (0x0C if state.paper_out else 0)


class _Next(enum.Enum):
    """What a connection does after one command."""

    READ = "read"
    STALL = "stall"
    HANG_UP = "hang_up"


class Mode(enum.Enum):
    """How the emulator treats connections."""

    NORMAL = "normal"
    REFUSE = "refuse"
    STALL = "stall"
    SILENT = "silent"


class _Channel:
    """One connection's byte pipe: a TCP socket or a pseudo-terminal's master side."""

    def __init__(self, sock: socket.socket | None = None, fd: int = -1) -> None:
        self.sock = sock
        self.fd = fd

    def fileno(self) -> int:
        return self.sock.fileno() if self.sock is not None else self.fd

    def recv(self) -> bytes:
        if self.sock is not None:
            return self.sock.recv(65536)
        try:
            return os.read(self.fd, 65536)
        except OSError:
            return b""

    def send(self, data: bytes) -> None:
        if self.sock is not None:
            self.sock.sendall(data)
        else:
            os.write(self.fd, data)

    def close(self, *, reset: bool) -> None:
        if self.sock is None:
            return
        if reset:
            # SO_LINGER 0 makes close() send RST, as a printer that loses power mid-job.
            self.sock.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
        self.sock.close()


@dataclass
class Connection:
    """What one connection received."""

    raw: bytearray = field(default_factory=bytearray)
    #: Print data only: every byte except status requests, cut short by ``drop_after``.
    job: bytearray = field(default_factory=bytearray)
    status_requests: int = 0


class PrinterEmulator:
    """An ESC/POS printer on loopback; a context manager whose threads end on ``close``."""

    def __init__(
        self,
        state: PrinterState | None = None,
        *,
        max_bytes: int = 8 * 1024 * 1024,
        max_connections: int = 16,
    ) -> None:
        """Start listening on 127.0.0.1 at a free port.

        Args:
            state: The initial sensor state (online, paper loaded, cover closed).
            max_bytes: Recording stops (and the connection is dropped) beyond this.
            max_connections: Connections beyond this many open ones are refused.

        """
        self._lock = threading.Condition()
        self._state = state or PrinterState()
        self._mode = Mode.NORMAL
        self._drop_after: int | None = None
        self._stall_after: int | None = None
        self._change_after: tuple[int, dict[str, bool]] | None = None
        self._max_bytes = max_bytes
        self._max_connections = max_connections
        self._recorded = 0
        self._closing = threading.Event()
        self._channels: list[_Channel] = []
        self._threads: list[threading.Thread] = []
        self._pty_fds: list[int] = []
        self.connections: list[Connection] = []
        self.refused = 0
        self.protocol_errors: list[str] = []
        self.last_job_byte_at: float | None = None
        self._listener = socket.create_server(("127.0.0.1", 0))
        self.port: int = self._listener.getsockname()[1]
        self._spawn(self._accept_loop, "emulator-accept")

    def __enter__(self) -> PrinterEmulator:
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self.close()

    def uri(self, **parameters: str) -> str:
        """``tcp://127.0.0.1:<port>`` with ``parameters`` as its query (profile=..., qr=...)."""
        query = "&".join(f"{name}={value}" for name, value in parameters.items())
        return f"tcp://127.0.0.1:{self.port}" + (f"?{query}" if query else "")

    @property
    def state(self) -> PrinterState:
        """The sensor state status replies are built from."""
        with self._lock:
            return self._state

    @state.setter
    def state(self, state: PrinterState) -> None:
        with self._lock:
            self._state = state

    def set_state(self, **changes: bool) -> None:
        """Change some sensors, e.g. ``set_state(paper_out=True)``."""
        with self._lock:
            self._state = replace(self._state, **changes)

    @property
    def mode(self) -> Mode:
        """How connections are treated now."""
        with self._lock:
            return self._mode

    @mode.setter
    def mode(self, mode: Mode) -> None:
        with self._lock:
            self._mode = mode
            self._lock.notify_all()

    def drop_after(self, n_bytes: int) -> None:
        """Reset the connection once it has received ``n_bytes`` of print data (once)."""
        with self._lock:
            self._drop_after = n_bytes

    def stall_after(self, n_bytes: int) -> None:
        """Switch to ``Mode.STALL`` once a connection has received ``n_bytes`` of print data."""
        with self._lock:
            self._stall_after = n_bytes

    def change_after(self, n_bytes: int, **changes: bool) -> None:
        """Change sensors once a connection has received ``n_bytes`` of print data.

        For example ``change_after(200, paper_out=True)``: the roll ends mid-job.
        """
        with self._lock:
            self._change_after = (n_bytes, changes)

    def disconnect_all(self) -> None:
        """Reset every open TCP connection, as when the printer is switched off."""
        with self._lock:
            channels = [channel for channel in self._channels if channel.sock is not None]
        for channel in channels:
            self._hang_up(channel, reset=True)

    def open_pty(self) -> str:
        """Serve a new pseudo-terminal and return the path a driver opens (the slave side)."""
        master, slave = os.openpty()
        tty.setraw(slave)
        # Holding the slave open keeps the line (and its raw mode) alive while the
        # driver closes and reopens it.
        path = os.ttyname(slave)
        with self._lock:
            self._pty_fds += [master, slave]
        self._start_connection(_Channel(fd=master))
        return path

    @property
    def printed(self) -> bytes:
        """All print data received, over every connection, in order."""
        with self._lock:
            return b"".join(bytes(connection.job) for connection in self.connections)

    @property
    def status_requests(self) -> int:
        """How many status requests (DLE EOT n and GS r 1) arrived in all."""
        with self._lock:
            return sum(connection.status_requests for connection in self.connections)

    def wait_until(self, condition: Callable[[], bool], timeout: float = 5.0) -> bool:
        """Wait until ``condition()`` holds (checked whenever bytes arrive); False on timeout."""
        deadline = time.monotonic() + timeout
        with self._lock:
            while not condition():
                remaining = deadline - time.monotonic()
                if remaining <= 0:
                    return False
                self._lock.wait(min(remaining, 0.1))
        return True

    def close(self) -> None:
        """Close every connection and the listener, and wait for the threads to end."""
        self._closing.set()
        with self._lock:
            self._lock.notify_all()
        self._listener.close()
        with self._lock:
            channels = list(self._channels)
        for channel in channels:
            self._hang_up(channel, reset=True)
        for thread in list(self._threads):
            thread.join(timeout=5)
        with self._lock:
            fds, self._pty_fds = self._pty_fds, []
        for fd in fds:
            os.close(fd)

    def _spawn(self, target: Callable[[], None], name: str) -> None:
        thread = threading.Thread(target=target, name=name, daemon=True)
        self._threads.append(thread)
        thread.start()

    def _accept_loop(self) -> None:
        while not self._closing.is_set():
            try:
                ready, _, _ = select.select([self._listener], [], [], _POLL)
                if not ready:
                    continue
                sock, _ = self._listener.accept()
            except OSError:
                return
            with self._lock:
                refuse = self._mode is Mode.REFUSE or len(self._channels) >= self._max_connections
                if refuse:
                    self.refused += 1
            if refuse:
                _Channel(sock).close(reset=True)
                continue
            sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
            self._start_connection(_Channel(sock))

    def _start_connection(self, channel: _Channel) -> None:
        connection = Connection()
        with self._lock:
            self._channels.append(channel)
            self.connections.append(connection)
            self._lock.notify_all()
        self._spawn(lambda: self._serve(channel, connection), "emulator-connection")

    def _hang_up(self, channel: _Channel, *, reset: bool) -> None:
        with self._lock:
            if channel not in self._channels:
                return
            self._channels.remove(channel)
            self._lock.notify_all()
        channel.close(reset=reset)

    def _serve(self, channel: _Channel, connection: Connection) -> None:
        pending = bytearray()
        try:
            while not self._closing.is_set():
                with self._lock:
                    if channel not in self._channels:
                        return
                    if self._mode is Mode.STALL:
                        self._lock.wait(_POLL)
                        continue
                # Data read before a stall is handled once the stall ends.
                if pending and self._handle(channel, connection, pending) is _Next.HANG_UP:
                    return
                ready, _, _ = select.select([channel], [], [], _POLL)
                if not ready:
                    continue
                chunk = channel.recv()
                if not chunk:
                    break
                if not self._record_raw(connection, chunk):
                    self._hang_up(channel, reset=True)
                    return
                pending += chunk
                if self._handle(channel, connection, pending) is _Next.HANG_UP:
                    return
        except (OSError, ValueError):
            pass
        self._hang_up(channel, reset=False)

    def _record_raw(self, connection: Connection, chunk: bytes) -> bool:
        """Record ``chunk`` as received; False once the recording limit is passed."""
        with self._lock:
            self._recorded += len(chunk)
            if self._recorded > self._max_bytes:
                self.protocol_errors.append(f"more than {self._max_bytes} bytes received")
                return False
            connection.raw += chunk
            self._lock.notify_all()
        return True

    def _handle(self, channel: _Channel, connection: Connection, pending: bytearray) -> _Next:
        """Act on the complete commands at the start of ``pending`` and remove them."""
        data = bytes(pending)
        position = 0
        next_step = _Next.READ
        while position < len(data) and next_step is _Next.READ:
            try:
                length = command_length(data, position)
            except UnknownCommandError as error:
                with self._lock:
                    self.protocol_errors.append(str(error))
                length = 1
            if length is None:
                break
            next_step = self._act(channel, connection, data[position : position + length])
            if next_step is not _Next.STALL:
                position += length
        del pending[:position]
        if next_step is _Next.HANG_UP:
            self._hang_up(channel, reset=True)
        return next_step

    def _act(self, channel: _Channel, connection: Connection, command: bytes) -> _Next:
        """Answer a status request or record print data."""
        is_dle_eot = len(command) == 3 and command[:2] == DLE_EOT and 1 <= command[2] <= 4
        with self._lock:
            state, mode = self._state, self._mode
            if mode is Mode.STALL:
                return _Next.STALL
            if not is_dle_eot and command not in GS_R_PAPER:
                return self._record_job(connection, command)
            connection.status_requests += 1
            self._lock.notify_all()
        if mode is Mode.SILENT or (not is_dle_eot and state.offline):
            return _Next.READ
        channel.send(
            bytes((dle_eot_reply(state, command[2]) if is_dle_eot else gs_r_reply(state),))
        )
        return _Next.READ

    def _record_job(self, connection: Connection, command: bytes) -> _Next:
        """Record print data (the lock is held), dropping or stalling at the armed count."""
        drop = self._drop_after
        if drop is not None and len(connection.job) + len(command) >= drop:
            command = command[: drop - len(connection.job)]
            self._drop_after = None
        connection.job += command
        self.last_job_byte_at = time.perf_counter()
        self._lock.notify_all()
        if drop is not None and self._drop_after is None:
            return _Next.HANG_UP
        stall = self._stall_after
        if stall is not None and len(connection.job) >= stall:
            self._stall_after = None
            self._mode = Mode.STALL
        if self._change_after is not None and len(connection.job) >= self._change_after[0]:
            self._state = replace(self._state, **self._change_after[1])
            self._change_after = None
        return _Next.READ
