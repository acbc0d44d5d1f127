"""Public information pages: the attract carousel shows them while nobody uses the kiosk."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from kiosk.datafile import DataFileError, read_toml
from kiosk.text import LocalizedText

DEFAULT_INFORMATION_FILE = Path(__file__).resolve().parent.parent / "config" / "information.toml"


@dataclass(frozen=True)
class InformationPage:
    """One page of public information."""

    title: LocalizedText
    body: LocalizedText


def load_information(path: Path = DEFAULT_INFORMATION_FILE) -> tuple[InformationPage, ...]:
    """The pages in file order; at least one, so the carousel is never empty."""
    reader = read_toml(path)
    pages = tuple(
        InformationPage(title=page.text("title"), body=page.text("body"))
        for page in reader.tables("pages")
    )
    if not pages:
        raise DataFileError(f"{path}: pages: expected at least one [[pages]] table, found none")
    return pages
