"""What the serial and HID scanners share: a reading thread, its status, and safe events.

Each adapter reads its device on one thread of its own and reports through events; the
thread's life (start, restart after stop, stop within a bound) and the status bookkeeping
are the same for every kind of scanner, so they live here once.
"""

from __future__ import annotations

import abc
import logging
import threading

from drivers.base import DeviceEvent, Scanner, ScannerStatus, ScannerStatusChanged

STOP_TIMEOUT_SECONDS = 2.0


class ThreadedScanner(Scanner):
    """A scanner read on its own thread; subclasses write ``_run`` (and ``_interrupt``).

    Args:
        label: how log lines name this kind of scanner, e.g. ``serial scanner``.
        thread_name: the reading thread's name.
        logger: the subclass's logger, so its lines keep their subsystem.

    """

    def __init__(self, label: str, thread_name: str, logger: logging.Logger) -> None:
        super().__init__()
        self._label = label
        self._thread_name = thread_name
        self._log = logger
        self._lock = threading.Lock()
        self._status = ScannerStatus.UNAVAILABLE
        self._detail = "not started"
        self._reported: tuple[ScannerStatus, str] | None = None
        self._stopping = threading.Event()
        self._thread: threading.Thread | None = None

    @property
    def status(self) -> ScannerStatus:
        """READY while the device is open, else UNAVAILABLE."""
        with self._lock:
            return self._status

    @property
    def status_detail(self) -> str:
        """Why the device is or is not in use."""
        with self._lock:
            return self._detail

    def start(self) -> None:
        """Start the reading thread; its first event is the scanner's status."""
        thread = self._thread
        if thread is not None and thread.is_alive():
            if not self._stopping.is_set():
                self._log.debug("%s already started", self._label)
                return
            thread.join(STOP_TIMEOUT_SECONDS)
            if thread.is_alive():
                self._log.error("%s not restarted: the previous thread is still busy", self._label)
                return
        self._stopping.clear()
        self._thread = threading.Thread(target=self._run, name=self._thread_name, daemon=True)
        self._thread.start()

    def stop(self) -> None:
        """Stop the thread and release the device; safe to call twice."""
        thread = self._thread
        if thread is None:
            return
        self._stopping.set()
        if thread is threading.current_thread():
            return  # called from a listener: the thread ends when the callback returns
        self._interrupt()
        thread.join(STOP_TIMEOUT_SECONDS)
        if thread.is_alive():
            self._log.warning(
                "%s thread still busy %s s after stop", self._label, STOP_TIMEOUT_SECONDS
            )
            return
        self._thread = None

    @abc.abstractmethod
    def _run(self) -> None:
        """Read the device until ``_stopping`` is set; runs on the reading thread."""

    def _interrupt(self) -> None:
        """Wake the reading thread from a blocking read, if it can be (a no-op by default)."""

    def _mark_stopped(self) -> None:
        """The thread is ending: the scanner reads nothing until started again."""
        with self._lock:
            self._status = ScannerStatus.UNAVAILABLE
            self._detail = "stopped"
            self._reported = None

    def _report(self, status: ScannerStatus, detail: str) -> None:
        """Record the status and send an event only when it changed."""
        with self._lock:
            self._status = status
            self._detail = detail
            if self._reported == (status, detail):
                return
            self._reported = (status, detail)
        if status is ScannerStatus.UNAVAILABLE:
            self._log.warning("%s unavailable: %s", self._label, detail)
        self._emit_safely(ScannerStatusChanged(status, detail))

    def _emit_safely(self, event: DeviceEvent) -> None:
        """Hand an event to the listeners; a failing listener never stops the thread."""
        if self._stopping.is_set():
            return
        try:
            self._emit(event)
        except Exception:
            self._log.exception("%s listener failed on %s", self._label, type(event).__name__)
