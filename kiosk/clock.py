"""Time as the core sees it, injected so that idle timeouts and dates can be tested."""

from __future__ import annotations

import datetime as dt
import time
from typing import Protocol

WIB = dt.timezone(dt.timedelta(hours=7), "WIB")


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


class ManualClock:
    """Time that moves only when told: ``kiosk simulate`` runs days of citizens in seconds.

    Tests use it too, so timeouts are exact and nothing sleeps.
    """

    def __init__(self, start: dt.datetime | None = None) -> None:
        self._monotonic = 1000.0
        self._wall = start or dt.datetime(2026, 11, 23, 9, 0, tzinfo=WIB)

    def monotonic(self) -> float:
        """Seconds since an arbitrary start."""
        return self._monotonic

    def now(self) -> dt.datetime:
        """The simulated local time."""
        return self._wall

    def advance(self, seconds: float) -> None:
        """Move both clocks forward."""
        self._monotonic += seconds
        self._wall += dt.timedelta(seconds=seconds)
