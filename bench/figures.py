"""One measured figure, with its unit and the budget it is held to."""

from __future__ import annotations

import statistics
from dataclasses import asdict, dataclass
from typing import Any


@dataclass(frozen=True)
class Figure:
    """A measurement; ``budget`` and ``better`` say what passing means.

    ``information`` marks a figure of an alternative the kiosk does not ship (the OpenGL
    renderer, a browser to compare with): it is reported, with its verdict against the
    budget, but does not make ``python -m bench`` fail.
    """

    value: float
    unit: str
    budget: float | None = None
    better: str = "lower"
    note: str = ""
    status: str = ""  # e.g. "not built": nothing was measured, so no verdict
    information: bool = False

    @property
    def fails(self) -> bool:
        """Whether this figure makes the run fail: a shipped figure over its budget."""
        return not self.information and self.within_budget is False

    @property
    def within_budget(self) -> bool | None:
        """True or False against the budget, None where there is none or nothing was measured."""
        if self.budget is None or self.status:
            return None
        return self.value <= self.budget if self.better == "lower" else self.value >= self.budget

    def as_json(self) -> dict[str, Any]:
        """The figure as the JSON ``python -m bench --json`` prints."""
        data = asdict(self)
        data["within_budget"] = self.within_budget
        if not self.information:
            del data["information"]
        return {key: value for key, value in data.items() if value not in (None, "")}


def percentile(samples: list[float], fraction: float) -> float:
    """The ``fraction`` quantile (0.5 for the median, 0.99 for p99)."""
    ordered = sorted(samples)
    if len(ordered) == 1:
        return ordered[0]
    return statistics.quantiles(ordered, n=1000, method="inclusive")[int(fraction * 1000) - 1]
