"""Public information: the pages (attract carousel and Informasi Publik) and the village budget.

Part of the catalog: ``config/information.toml`` by default, replaced by the central
catalog when one is synced, and readable offline from the cached copy.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

from kiosk.datafile import DataFileError, DataReader, read_toml
from kiosk.text import LocalizedText

DEFAULT_INFORMATION_FILE = Path(__file__).resolve().parent.parent / "config" / "information.toml"
#: The last central catalog that passed every check, with its ETag: ``{"etag", "catalog"}``,
#: in the data folder (``kiosk.catalog.CatalogKeeper`` keeps it).
CATALOG_CACHE_FILE = "catalog.json"


@dataclass(frozen=True)
class InformationPage:
    """One page of public information."""

    title: LocalizedText
    body: LocalizedText


@dataclass(frozen=True)
class Village:
    """The village the kiosk serves: its name and its dusun (hamlets) for location fields."""

    name: str = ""
    dusun: tuple[str, ...] = ()


@dataclass(frozen=True)
class BudgetRow:
    """One line of the APBDes: a section heading or an item with its amounts in rupiah."""

    label: LocalizedText
    planned: int
    realized: int
    heading: bool = False

    @property
    def realized_percent(self) -> int:
        """How much of the plan was spent or received, in whole percent (0 without a plan)."""
        return round(100 * self.realized / self.planned) if self.planned else 0


@dataclass(frozen=True)
class Budget:
    """The village budget (APBDes) as published: a titled table for one year."""

    year: int
    title: LocalizedText
    rows: tuple[BudgetRow, ...]


def format_rupiah(amount: int) -> str:
    """``Rp 1.250.000``: rupiah with dots between thousands, as Indonesians write it."""
    sign = "-" if amount < 0 else ""
    return f"{sign}Rp {abs(amount):,}".replace(",", ".")


def read_pages(reader: DataReader, key: str) -> tuple[InformationPage, ...]:
    """The pages under ``key``; at least one, so the carousel is never empty."""
    pages = tuple(
        InformationPage(title=page.text("title"), body=page.text("body"))
        for page in reader.tables(key)
    )
    if not pages:
        raise reader.error(key, "at least one page", "none")
    return pages


def read_village(reader: DataReader, key: str = "village") -> Village:
    """The optional ``village`` table: name and dusun list (names without ``/``)."""
    table = reader.data.get(key)
    if table is None:
        return Village()
    if not isinstance(table, dict):
        raise reader.error(key, "a table with name and dusun", repr(table))
    inner = DataReader(reader.path, table, f"{reader.prefix}{key}.")
    dusun = inner.strings("dusun")
    for index, name in enumerate(dusun):
        if not name.strip() or "/" in name:
            raise inner.error(f"dusun[{index}]", "a name without '/'", repr(name))
    if len(set(dusun)) != len(dusun):
        raise inner.error("dusun", "names without repeats", repr(dusun))
    return Village(name=inner.string("name"), dusun=tuple(dusun))


def read_budget(reader: DataReader, key: str = "budget") -> Budget | None:
    """The optional APBDes table."""
    table = reader.data.get(key)
    if table is None:
        return None
    if not isinstance(table, dict):
        raise reader.error(key, "a table with year, title and rows", repr(table))
    inner = DataReader(reader.path, table, f"{reader.prefix}{key}.")
    year = inner.data.get("year")
    if not isinstance(year, int) or isinstance(year, bool) or not 2000 <= year <= 2100:
        raise inner.error("year", "a year from 2000 to 2100", repr(year))
    rows = []
    for row in inner.tables("rows"):
        heading = row.data.get("heading", False)
        if not isinstance(heading, bool):
            raise row.error("heading", "true or false", repr(heading))
        amounts = []
        for name in ("planned", "realized"):
            value = row.data.get(name, 0)
            if not isinstance(value, int) or isinstance(value, bool) or value < 0:
                raise row.error(name, "a whole number of rupiah, 0 or more", repr(value))
            amounts.append(value)
        rows.append(BudgetRow(row.text("label"), amounts[0], amounts[1], heading))
    if not rows:
        raise inner.error("rows", "at least one row", "none")
    return Budget(year=year, title=inner.text("title"), rows=tuple(rows))


def budget_json(budget: Budget) -> dict[str, object]:
    """The budget as it travels in the central catalog (the same keys as the TOML)."""
    return {
        "year": budget.year,
        "title": _text_json(budget.title),
        "rows": [
            {
                "label": _text_json(row.label),
                "planned": row.planned,
                "realized": row.realized,
                "heading": row.heading,
            }
            for row in budget.rows
        ],
    }


def _text_json(text: LocalizedText) -> dict[str, str]:
    return {"id": text.id, "en": text.en}


def load_information(path: Path = DEFAULT_INFORMATION_FILE) -> tuple[InformationPage, ...]:
    """The pages in file order; at least one, so the carousel is never empty."""
    return read_pages(read_toml(path), "pages")


def first_pages(
    data_dir: Path, information_file: Path = DEFAULT_INFORMATION_FILE
) -> tuple[InformationPage, ...]:
    """The pages the attract screen shows before the whole catalog is loaded.

    The kiosk loads its catalog (every service and form, ``kiosk.catalog``) after its
    first frame; that frame shows the pages of the catalog it will serve: the cached
    central catalog's when it has valid pages, else the shipped file's. Only the pages are
    checked here: should the whole cached catalog turn out invalid, the carousel turns to
    the shipped pages a moment later, as the catalog keeper falls back to the files.
    DataFileError when the shipped file is invalid (the kiosk cannot start without it).
    """
    cache = data_dir / CATALOG_CACHE_FILE
    try:
        cached = json.loads(cache.read_bytes())
    except (OSError, ValueError):  # none yet, or unreadable: the keeper logs why
        cached = None
    catalog = cached.get("catalog") if isinstance(cached, dict) else None
    if isinstance(catalog, dict):
        try:
            return read_pages(DataReader(cache, catalog), "information")
        except DataFileError:
            pass  # the keeper refuses this catalog too, and says why
    return load_information(information_file)
