"""systemd's readiness and watchdog protocol, spoken from the GUI thread.

Under ``Type=notify`` with ``WatchdogSec=``, systemd restarts the kiosk when its
keep-alives stop. They are sent by a ``QTimer`` on the GUI thread, so a frozen UI (an
endless loop, a deadlock, a blocking call) stops them and gets the kiosk restarted, while a
healthy but idle kiosk keeps sending. ``READY=1`` goes out once the window has shown its
first frame, so ``systemctl start`` returns when a citizen can see the kiosk.

The client is the few lines of ``sd_notify(3)``: one datagram per message to the
``AF_UNIX`` socket named by ``$NOTIFY_SOCKET`` (``@name`` is an abstract socket). Without
``$NOTIFY_SOCKET`` (a developer's run, the self-test) nothing is sent and nothing is started.

For the watchdog test only: when ``$KIOSK_TEST_FREEZE_SIGNAL`` names a signal (``SIGUSR2``),
that signal freezes the GUI thread for good. Nothing in production sets this variable (the
shipped unit does not, and only root can change the unit's environment), and without it the
signal keeps its default action, so the freeze cannot be triggered on a deployed kiosk.
"""

from __future__ import annotations

import logging
import os
import signal
import socket
import time
from collections.abc import Callable, Mapping
from types import FrameType

from PySide6.QtCore import QObject, QTimer, Slot
from PySide6.QtGui import QWindow

from ui.first_frame import FirstFrame

log = logging.getLogger("ui.watchdog")

NOTIFY_SOCKET = "NOTIFY_SOCKET"
WATCHDOG_USEC = "WATCHDOG_USEC"
WATCHDOG_PID = "WATCHDOG_PID"
FREEZE_SIGNAL = "KIOSK_TEST_FREEZE_SIGNAL"
# Never ping more often than this, however small WatchdogSec is.
MIN_PING_MS = 50


class Notifier:
    """Sends ``sd_notify`` messages to one socket; a send that fails is logged, never raised."""

    def __init__(self, address: str) -> None:
        self.address = address
        self._target = "\0" + address[1:] if address.startswith("@") else address
        self._socket = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM | socket.SOCK_CLOEXEC)

    @classmethod
    def from_environment(cls, environ: Mapping[str, str] | None = None) -> Notifier | None:
        """The notifier for ``$NOTIFY_SOCKET``, or None when the kiosk is not run by systemd."""
        env = os.environ if environ is None else environ
        address = env.get(NOTIFY_SOCKET, "")
        if not address or not (address.startswith("/") or address.startswith("@")):
            if address:
                log.warning("Ignoring %s=%s: not a unix socket path", NOTIFY_SOCKET, address)
            return None
        return cls(address)

    def send(self, message: str) -> bool:
        """Send one message (``READY=1``, ``WATCHDOG=1``, ``STATUS=...``); True when it went."""
        try:
            self._socket.sendto(message.encode("utf-8"), self._target)
        except OSError as error:
            log.warning("sd_notify %r to %s failed: %s", message, self.address, error)
            return False
        return True

    def close(self) -> None:
        """Release the socket."""
        self._socket.close()


def watchdog_interval_ms(environ: Mapping[str, str] | None = None) -> int | None:
    """Half of ``$WATCHDOG_USEC`` in milliseconds, or None when no watchdog is asked for.

    ``$WATCHDOG_PID``, when set, must be this process: a child that inherited the
    variables must not keep its parent's watchdog alive.
    """
    env = os.environ if environ is None else environ
    pid = env.get(WATCHDOG_PID, "")
    if pid and pid != str(os.getpid()):
        return None
    try:
        usec = int(env.get(WATCHDOG_USEC, ""))
    except ValueError:
        return None
    if usec <= 0:
        return None
    return max(MIN_PING_MS, usec // 2000)


class Watchdog(QObject):
    """Tells systemd the kiosk is ready at its first frame, then keeps it alive from the GUI thread.

    Signals: none; it only listens to the window's ``frameSwapped``.
    """

    def __init__(
        self, notifier: Notifier, interval_ms: int | None, parent: QObject | None = None
    ) -> None:
        super().__init__(parent)
        self._notifier = notifier
        self._interval_ms = interval_ms
        self._timer = QTimer(self)
        self._timer.timeout.connect(self._ping)
        self._first_frame_watch: FirstFrame | None = None
        self._describe: Callable[[], str] | None = None
        self._status = ""
        self._started = time.monotonic()
        self.ready = False

    @classmethod
    def from_environment(
        cls, environ: Mapping[str, str] | None = None, parent: QObject | None = None
    ) -> Watchdog | None:
        """A watchdog when systemd (or the bench) asked for notifications, else None."""
        notifier = Notifier.from_environment(environ)
        if notifier is None:
            return None
        return cls(notifier, watchdog_interval_ms(environ), parent)

    def start(self, window: QWindow, describe: Callable[[], str] | None = None) -> None:
        """Send ``READY=1`` at the window's first frame and keep-alives from then on.

        ``describe`` tells what the kiosk shows (e.g. ``attract``); it goes out as ``STATUS=``
        whenever it changes, so ``systemctl status kiosk`` shows it to a technician.
        """
        self._describe = describe
        self._first_frame_watch = FirstFrame(window, self._first_frame)
        install_test_freeze()
        if self._interval_ms is not None:
            self._timer.start(self._interval_ms)
            log.info("Watchdog keep-alive every %d ms", self._interval_ms)

    def _first_frame(self) -> None:
        self.ready = True
        elapsed = time.monotonic() - self._started
        self._notifier.send(f"READY=1\nMAINPID={os.getpid()}{self._status_line()}")
        log.info("First frame shown; told the service manager we are ready (%.2f s)", elapsed)

    @Slot()
    def _ping(self) -> None:
        self._notifier.send("WATCHDOG=1" + self._status_line())

    def _status_line(self) -> str:
        """A ``STATUS=screen ...`` line when what the kiosk shows changed since the last message."""
        if self._describe is None:
            return ""
        status = f"screen {self._describe()}"
        if status == self._status:
            return ""
        self._status = status
        return f"\nSTATUS={status}"

    def stop(self) -> None:
        """Stop the keep-alives and say the kiosk is stopping, so a clean exit is not a hang."""
        self._timer.stop()
        self._notifier.send("STOPPING=1")
        self._notifier.close()


def install_test_freeze(environ: Mapping[str, str] | None = None) -> signal.Signals | None:
    """For the watchdog test: make ``$KIOSK_TEST_FREEZE_SIGNAL`` hang the GUI thread.

    Returns the signal installed, or None (always in production, where the variable is unset).
    Python runs the handler on the main thread at its next bytecode, which is the next
    Qt callback into Python on the GUI thread (the keep-alive timer at the latest).
    """
    env = os.environ if environ is None else environ
    name = env.get(FREEZE_SIGNAL, "")
    if not name:
        return None
    try:
        chosen = signal.Signals[name if name.startswith("SIG") else f"SIG{name}"]
    except KeyError:
        log.warning("Ignoring %s=%s: not a signal name", FREEZE_SIGNAL, name)
        return None
    signal.signal(chosen, _freeze)
    log.warning("Test hook: %s freezes the GUI thread (%s is set)", chosen.name, FREEZE_SIGNAL)
    return chosen


def _freeze(signum: int, frame: FrameType | None) -> None:
    log.warning(
        "Freezing the GUI thread on %s, as the watchdog test asked", signal.Signals(signum).name
    )
    while True:
        time.sleep(3600)
