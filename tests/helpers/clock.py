"""A clock the tests move by hand."""

from __future__ import annotations

import datetime as dt


class FakeClock:
    """Monotonic and wall time that only change when ``advance`` is called."""

    def __init__(self, start: dt.datetime | None = None) -> None:
        self._mono = 1000.0
        self._wall = start or dt.datetime(
            2026, 11, 23, 9, 0, tzinfo=dt.timezone(dt.timedelta(hours=7))
        )

    def monotonic(self) -> float:
        return self._mono

    def now(self) -> dt.datetime:
        return self._wall

    def advance(self, seconds: float) -> None:
        self._mono += seconds
        self._wall += dt.timedelta(seconds=seconds)
