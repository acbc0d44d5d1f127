"""Poverty reports counted by cause, village and dusun: the poverty page, its chart, its CSV.

A report counts once under each cause the citizen chose (the catalog's ``cause`` field, a
multiple choice), or under the cause its service stands for (an RTLH report is
``housing_unfit``); one without either counts under ``other``. Its dusun is the one its
first location answer names. Reports whose answers were erased (retention) count under no
cause and no dusun: they are counted in ``reports`` only.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from central.office.catalog import POVERTY_SERVICES, OfficeCatalog
from kiosk.forms import FieldKind, parse_location, split_multi
from kiosk.services import POVERTY_CAUSE_FIELD

OTHER_CAUSE = "other"
#: The chart's geometry, in the SVG's own units (it scales to the page's width).
CHART_WIDTH = 640
CHART_ROW = 46
CHART_BAR = 18
CHART_LABEL_GAP = 6
CHART_COUNT_SPACE = 56


@dataclass(frozen=True)
class Place:
    """Where a report came from: kecamatan, village and dusun names."""

    kecamatan: str
    village: str
    dusun: str


@dataclass(frozen=True)
class PlaceRow:
    """One place's reports, and its counts per cause (in :attr:`PovertyCounts.causes`' order)."""

    place: Place
    reports: int
    counts: tuple[int, ...]


@dataclass(frozen=True)
class Bar:
    """One bar of the chart, already laid out."""

    cause: str
    label: str
    count: int
    y: int
    width: int


@dataclass(frozen=True)
class PovertyCounts:
    """The reports in view, counted."""

    causes: tuple[str, ...]
    labels: Mapping[str, str]
    by_cause: Mapping[str, int]
    rows: tuple[PlaceRow, ...]
    reports: int

    def chart(self) -> tuple[list[Bar], int]:
        """The bars of the chart by cause, and the chart's height."""
        largest = max(self.by_cause.values(), default=0) or 1
        span = CHART_WIDTH - CHART_COUNT_SPACE
        bars = [
            Bar(
                cause,
                self.labels[cause],
                self.by_cause[cause],
                index * CHART_ROW,
                max(round(span * self.by_cause[cause] / largest), 2 if self.by_cause[cause] else 0),
            )
            for index, cause in enumerate(self.causes)
        ]
        return bars, len(bars) * CHART_ROW

    def csv_rows(self) -> Iterable[list[str]]:
        """Long form: one line per place and cause that has reports, then the totals."""
        yield ["kecamatan", "desa", "dusun", "sebab", "sebab_teks", "laporan"]
        for row in self.rows:
            for cause, count in zip(self.causes, row.counts, strict=True):
                if count:
                    place = row.place
                    yield [
                        place.kecamatan,
                        place.village,
                        place.dusun,
                        cause,
                        self.labels[cause],
                        str(count),
                    ]


def count(records: Iterable[Any], catalog: OfficeCatalog, language: str) -> PovertyCounts:
    """Count ``records`` (transactions with ``kiosk__village__kecamatan`` loaded)."""
    known = [choice.value for choice in catalog.causes]
    by_cause: Counter[str] = Counter()
    by_place: dict[Place, Counter[str]] = {}
    reports_at: Counter[Place] = Counter()
    reports = 0
    for record in records:
        reports += 1
        if record.purged_at is not None:
            continue
        causes = causes_of(record.service, record.fields)
        place = _place_of(record, catalog)
        reports_at[place] += 1
        tally = by_place.setdefault(place, Counter())
        for cause in causes:
            by_cause[cause] += 1
            tally[cause] += 1
    order = known + sorted(set(by_cause) - set(known))
    rows = tuple(
        PlaceRow(place, reports_at[place], tuple(by_place[place][cause] for cause in order))
        for place in sorted(
            by_place, key=lambda place: (place.kecamatan, place.village, place.dusun)
        )
    )
    return PovertyCounts(
        causes=tuple(order),
        labels={cause: catalog.cause_label(cause, language) for cause in order},
        by_cause={cause: by_cause[cause] for cause in order},
        rows=rows,
        reports=reports,
    )


def causes_of(service: str, fields: Mapping[str, Any]) -> list[str]:
    """The causes a report counts under (see the module docstring)."""
    chosen = fields.get(POVERTY_CAUSE_FIELD)
    if isinstance(chosen, str) and split_multi(chosen):
        return list(dict.fromkeys(split_multi(chosen)))
    return [POVERTY_SERVICES.get(service) or OTHER_CAUSE]


def _place_of(record: Any, catalog: OfficeCatalog) -> Place:
    village = record.kiosk.village
    labels = catalog.services.get(record.service)
    dusun = ""
    for field in labels.fields if labels else ():
        value = record.fields.get(field.name)
        if field.kind is FieldKind.LOCATION and isinstance(value, str) and value:
            dusun = parse_location(value).dusun
            break
    return Place(
        village.kecamatan.name if village else "",
        village.name if village else "",
        dusun,
    )
