"""A QR scanner driven by tests and the demo panel instead of a camera."""

from __future__ import annotations

import logging
import threading

from drivers.base import Scanner, ScannerStatus, ScannerStatusChanged, ScanReceived

logger = logging.getLogger("drivers.simulated.scanner")


class SimulatedScanner(Scanner):
    """Reports the scans it is told about, only while started and available."""

    def __init__(self) -> None:
        """Create a stopped, available scanner."""
        super().__init__()
        self._lock = threading.Lock()
        self._started = False
        self._available = True
        self._detail = ""

    @property
    def description(self) -> str:
        """Names the simulator, for the technician screen."""
        return "simulated QR scanner"

    @property
    def status(self) -> ScannerStatus:
        """READY or UNAVAILABLE."""
        with self._lock:
            return self._status_locked()

    def start(self) -> None:
        """Begin reporting, starting with the scanner's status."""
        with self._lock:
            if self._started:
                logger.debug("simulated scanner already started")
                return
            self._started = True
            event = ScannerStatusChanged(self._status_locked(), self._detail)
        self._emit(event)

    def stop(self) -> None:
        """Stop reporting; safe to call twice."""
        with self._lock:
            self._started = False

    def scan(self, payload: bytes | str) -> None:
        """Simulate one scan; text is sent as UTF-8, as scanners do."""
        data = payload.encode("utf-8") if isinstance(payload, str) else bytes(payload)
        with self._lock:
            if not self._started or not self._available:
                logger.debug("scan ignored: scanner stopped or unavailable")
                return
        logger.info("simulated scan of %d bytes", len(data))
        self._emit(ScanReceived(data, source="simulated"))

    def set_available(self, available: bool, detail: str = "") -> None:
        """Simulate the scanner being plugged in or pulled out."""
        with self._lock:
            changed = available != self._available
            self._available = available
            self._detail = detail
            event = ScannerStatusChanged(self._status_locked(), detail)
            notify = changed and self._started
        if changed:
            logger.info("simulated scanner available=%s %s", available, detail)
        if notify:
            self._emit(event)

    def _status_locked(self) -> ScannerStatus:
        return ScannerStatus.READY if self._available else ScannerStatus.UNAVAILABLE
