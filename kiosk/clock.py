"""Time as the core sees it, injected so that idle timeouts and dates can be tested."""

from __future__ import annotations

import datetime as dt
import time
from typing import Protocol


class Clock(Protocol):
    """A source of monotonic seconds (for timeouts) and wall-clock time (for receipts)."""

    def monotonic(self) -> float:
        """Seconds from an arbitrary start; never goes backwards."""
        ...

    def now(self) -> dt.datetime:
        """The current local time, timezone-aware."""
        ...


class SystemClock:
    """The machine's clocks."""

    def monotonic(self) -> float:
        """Seconds from an arbitrary start; never goes backwards."""
        return time.monotonic()

    def now(self) -> dt.datetime:
        """The current local time, timezone-aware."""
        return dt.datetime.now().astimezone()


class ShiftedClock(SystemClock):
    """The system clock moved forward on demand, to reach timeouts without waiting.

    ``kiosk screenshots`` uses it to show the idle warning; end-to-end tests use it the same way.
    """

    def __init__(self) -> None:
        self._offset = 0.0

    def advance(self, seconds: float) -> None:
        """Move both clocks forward by ``seconds``."""
        self._offset += seconds

    def monotonic(self) -> float:
        """Monotonic seconds plus the shift."""
        return time.monotonic() + self._offset

    def now(self) -> dt.datetime:
        """Local time plus the shift."""
        return super().now() + dt.timedelta(seconds=self._offset)
