"""A small stand-in for systemd: ``Type=notify``, ``WatchdogSec=``, ``Restart=always``.

PID 1 in our test machines is not systemd (``systemctl is-system-running`` says
``offline``), so neither ``systemd-run`` nor a real unit can supervise the kiosk here.
This helper does, for the parts of ``config/systemd/kiosk.service`` that keep a kiosk
alive, following systemd's own rules:

- it binds a datagram socket (abstract by default, ``@kiosk-test-...``) and passes it as
  ``$NOTIFY_SOCKET`` with ``$WATCHDOG_USEC``;
- like ``NotifyAccess=main`` it accepts messages only from the main process, by the
  sender's pid that the kernel attaches (``SO_PASSCRED``);
- a process that does not send ``READY=1`` within ``start_timeout`` (``TimeoutStartSec``),
  or whose ``WATCHDOG=1`` keep-alives stop for ``watchdog`` seconds (``WatchdogSec``), gets
  ``SIGABRT`` (``WatchdogSignal``), then ``SIGKILL`` after ``stop_timeout``;
- whatever way the process ended, it is started again after ``restart_delay``
  (``Restart=always``, ``RestartSec``).

Every step is recorded as an :class:`Event` for the test to assert on.

    with Supervisor(command, env=env, watchdog=3.0) as supervisor:
        first = supervisor.wait_for(EventKind.READY)
"""

from __future__ import annotations

import enum
import signal
import socket
import struct
import subprocess
import threading
import time
import uuid
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from types import TracebackType

_UCRED = struct.Struct("3i")  # struct ucred: pid, uid, gid


class EventKind(enum.Enum):
    """What happened to the supervised service."""

    STARTED = "started"
    READY = "ready"
    STATUS = "status"
    WATCHDOG_TIMEOUT = "watchdog_timeout"
    START_TIMEOUT = "start_timeout"
    EXITED = "exited"


@dataclass(frozen=True)
class Event:
    """One step: when (monotonic seconds), what, which process, and any detail."""

    at: float
    kind: EventKind
    pid: int
    detail: str = ""


@dataclass
class _Run:
    process: subprocess.Popen[bytes]
    started: float
    ready: bool = False
    last_ping: float = 0.0
    killing: bool = False
    pings: int = 0
    log: Path | None = None
    extra: dict[str, str] = field(default_factory=dict)


class Supervisor:
    """Runs ``command`` and restarts it the way ``Restart=always`` with ``WatchdogSec`` does."""

    def __init__(
        self,
        command: Sequence[str],
        *,
        env: Mapping[str, str],
        cwd: Path | None = None,
        watchdog: float = 3.0,
        start_timeout: float = 60.0,
        stop_timeout: float = 5.0,
        restart_delay: float = 0.5,
        log_dir: Path | None = None,
        notify_path: Path | None = None,
    ) -> None:
        self.command = list(command)
        self.env = dict(env)
        self.cwd = cwd
        self.watchdog = watchdog
        self.start_timeout = start_timeout
        self.stop_timeout = stop_timeout
        self.restart_delay = restart_delay
        self.log_dir = log_dir
        self.events: list[Event] = []
        self._address = str(notify_path) if notify_path else f"@kiosk-test-{uuid.uuid4().hex[:12]}"
        self._socket = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
        self._socket.bind(
            "\0" + self._address[1:] if self._address.startswith("@") else self._address
        )
        self._socket.setsockopt(socket.SOL_SOCKET, socket.SO_PASSCRED, 1)
        self._socket.settimeout(0.05)
        self._lock = threading.Condition()
        self._run: _Run | None = None
        self._stopping = False
        self._thread = threading.Thread(target=self._loop, name="supervisor", daemon=True)
        self._starts = 0

    @property
    def notify_socket(self) -> str:
        """``$NOTIFY_SOCKET`` as the service sees it."""
        return self._address

    @property
    def pid(self) -> int | None:
        """The main process now, if one is running."""
        with self._lock:
            return self._run.process.pid if self._run else None

    def __enter__(self) -> Supervisor:
        self._spawn()
        self._thread.start()
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self.stop()

    def stop(self) -> None:
        """Stop supervising: terminate the service (SIGTERM, then SIGKILL) and close the socket."""
        with self._lock:
            self._stopping = True
            run = self._run
        if run is not None and run.process.poll() is None:
            run.process.terminate()
            try:
                run.process.wait(self.stop_timeout)
            except subprocess.TimeoutExpired:
                run.process.kill()
                run.process.wait()
        if self._thread.is_alive():
            self._thread.join(5)
        self._socket.close()

    def wait_for(
        self, kind: EventKind, *, after: int = 0, pid: int | None = None, timeout: float = 60.0
    ) -> Event:
        """The first event of ``kind`` (of process ``pid``) at index ``after`` or later."""
        deadline = time.monotonic() + timeout
        with self._lock:
            while True:
                for event in self.events[after:]:
                    if event.kind is kind and (pid is None or event.pid == pid):
                        return event
                left = deadline - time.monotonic()
                if left <= 0:
                    raise TimeoutError(
                        f"no {kind.value} event within {timeout} s; events: {self.events}"
                    )
                self._lock.wait(min(left, 0.1))

    def pings(self, pid: int) -> int:
        """How many ``WATCHDOG=1`` keep-alives process ``pid`` sent so far."""
        with self._lock:
            return self._run.pings if self._run and self._run.process.pid == pid else 0

    def _record(self, kind: EventKind, pid: int, detail: str = "") -> None:
        with self._lock:
            self.events.append(Event(time.monotonic(), kind, pid, detail))
            self._lock.notify_all()

    def _spawn(self) -> None:
        env = {
            **self.env,
            "NOTIFY_SOCKET": self._address,
            "WATCHDOG_USEC": str(int(self.watchdog * 1_000_000)),
        }
        self._starts += 1
        log = None
        if self.log_dir is not None:
            log = self.log_dir / f"run-{self._starts}.log"
        output = log.open("wb") if log else subprocess.DEVNULL
        process = subprocess.Popen(
            self.command,
            cwd=self.cwd,
            env=env,
            stdin=subprocess.DEVNULL,
            stdout=output,
            stderr=subprocess.STDOUT,
        )
        if log is not None and not isinstance(output, int):
            output.close()
        now = time.monotonic()
        with self._lock:
            self._run = _Run(process, now, last_ping=now, log=log)
        self._record(EventKind.STARTED, process.pid, str(log or ""))

    def _loop(self) -> None:
        while True:
            with self._lock:
                if self._stopping:
                    return
                run = self._run
            assert run is not None
            self._receive(run)
            code = run.process.poll()
            if code is not None:
                self._record(EventKind.EXITED, run.process.pid, str(code))
                time.sleep(self.restart_delay)
                with self._lock:
                    if self._stopping:
                        return
                self._spawn()
                continue
            now = time.monotonic()
            if run.killing:
                continue
            if not run.ready and now - run.started > self.start_timeout:
                self._record(EventKind.START_TIMEOUT, run.process.pid)
                self._abort(run)
            elif run.ready and now - run.last_ping > self.watchdog:
                self._record(
                    EventKind.WATCHDOG_TIMEOUT,
                    run.process.pid,
                    f"no keep-alive for {now - run.last_ping:.1f} s",
                )
                self._abort(run)

    def _abort(self, run: _Run) -> None:
        """SIGABRT now, SIGKILL if it is still there after ``stop_timeout`` (systemd's order)."""
        run.killing = True
        run.process.send_signal(signal.SIGABRT)

        def kill_later() -> None:
            try:
                run.process.wait(self.stop_timeout)
            except subprocess.TimeoutExpired:
                run.process.kill()

        threading.Thread(target=kill_later, name="supervisor-kill", daemon=True).start()

    def _receive(self, run: _Run) -> None:
        try:
            data, ancillary, _, _ = self._socket.recvmsg(4096, socket.CMSG_SPACE(_UCRED.size))
        except TimeoutError:
            return
        except OSError:
            return
        sender = _sender_pid(ancillary)
        if sender != run.process.pid:
            return  # NotifyAccess=main: only the main process may notify
        now = time.monotonic()
        for line in data.decode("utf-8", "replace").splitlines():
            key, _, value = line.partition("=")
            if key == "READY" and value == "1" and not run.ready:
                run.ready = True
                run.last_ping = now
                self._record(EventKind.READY, sender)
            elif key == "WATCHDOG" and value == "1":
                run.last_ping = now
                run.pings += 1
            elif key == "STATUS":
                self._record(EventKind.STATUS, sender, value)
            else:
                run.extra[key] = value


def _sender_pid(ancillary: list[tuple[int, int, bytes]]) -> int | None:
    for level, kind, payload in ancillary:
        if level == socket.SOL_SOCKET and kind == socket.SCM_CREDENTIALS:
            pid, _, _ = _UCRED.unpack(payload[: _UCRED.size])
            return int(pid)
    return None
