"""Letter kinds as data: each ``kinds/*.toml`` says what one kind of letter reads.

A kind names the catalog services it is issued for, its title and classification code (the
``{code}`` of a village's number format), whether the village head certifies something
(``certificate``) or acknowledges the citizen's own statement (``statement``), and its
text: an opening, rows of the form's answers, paragraphs and a closing. Texts are Python
``str.format`` templates over the names in :data:`TEXT_FIELDS`; ``answers[field]`` is an
answer as the receipt shows it (a choice's label, a date in words) and ``lower[field]`` the
same with a small first letter, for the middle of a sentence. A paragraph may be kept for
some answers only, like a form's ``shown_when``. The layout itself is the HTML and CSS of
``templates/letters/``; :mod:`central.letters.render` puts the two together.
"""

from __future__ import annotations

import enum
import string
from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from kiosk.datafile import DataFileError, DataReader, read_toml
from kiosk.text import LocalizedText

KINDS_DIR = Path(__file__).with_name("kinds")
#: The names a kind's texts may use, each with a sample value for the check at load.
TEXT_FIELDS: Mapping[str, str] = {
    "regency": "Kabupaten Banyuwangi",
    "kecamatan": "Glagah",
    "village": "Kemiren",
    "unit": "Desa",
    "head_title": "Kepala Desa",
    "name": "SITI AMINAH",
    "reference": "ALM-DEMO-01-20261123-K1-SKTM0001",
    "submitted": "23 November 2026",
}
_ID = "abcdefghijklmnopqrstuvwxyz0123456789_"


class KindError(DataFileError):
    """A letter kind's file is invalid; the message names the file and the key."""


class LetterForm(enum.StrEnum):
    """Who speaks in the letter."""

    CERTIFICATE = "certificate"
    """The village head certifies (``menerangkan bahwa``) and signs."""
    STATEMENT = "statement"
    """The citizen states; the village head acknowledges (``Mengetahui``) and signs."""


@dataclass(frozen=True)
class Row:
    """One answer of the form printed as ``label : value``; absent answers are left out."""

    field: str
    label: str | None
    """The row's label; None takes the field's label from the catalog."""


@dataclass(frozen=True)
class Paragraph:
    """A paragraph, kept only when ``when_field`` was answered (with one of ``when_values``)."""

    text: str
    when_field: str | None = None
    when_values: tuple[str, ...] = ()

    def applies(self, answers: Mapping[str, str]) -> bool:
        """Whether the citizen's raw answers keep this paragraph."""
        if self.when_field is None:
            return True
        value = answers.get(self.when_field, "")
        if not value:
            return False
        return not self.when_values or value in self.when_values


@dataclass(frozen=True)
class LetterKind:
    """One kind of letter; see the module docstring."""

    id: str
    services: tuple[str, ...]
    code: str
    title: LocalizedText
    heading: str
    form: LetterForm
    opening: str
    rows: tuple[Row, ...]
    paragraphs: tuple[Paragraph, ...]
    closing: str
    source: Path


class _Answers(dict[str, str]):
    """Answers for ``str.format``: an answer the citizen did not give reads ``-``."""

    def __missing__(self, key: str) -> str:
        return "-"


def fill(text: str, values: Mapping[str, str], answers: Mapping[str, str]) -> str:
    """A kind's text with its names filled in (``answers[x]`` and ``lower[x]`` too)."""
    lower = {key: value[:1].lower() + value[1:] for key, value in answers.items()}
    return text.format(**values, answers=_Answers(answers), lower=_Answers(lower))


def load_kind(path: Path) -> LetterKind:
    """Read and check one kind's file."""
    try:
        reader = read_toml(path)
        kind = _kind(reader, path)
    except DataFileError as exc:
        raise KindError(str(exc)) from None
    return kind


@cache
def builtin_kinds() -> Mapping[str, LetterKind]:
    """The kinds shipped in ``kinds/``, by id; a service may be in one kind only."""
    kinds = {}
    owners: dict[str, str] = {}
    for path in sorted(KINDS_DIR.glob("*.toml")):
        kind = load_kind(path)
        if kind.id in kinds:
            raise KindError(f"{path}: id: expected a kind id of its own, found {kind.id!r} again")
        for service in kind.services:
            if service in owners:
                raise KindError(
                    f"{path}: services: expected services of no other kind, found {service!r} "
                    f"of kind {owners[service]}"
                )
            owners[service] = kind.id
        kinds[kind.id] = kind
    return kinds


def kind_of_service(service: str) -> LetterKind | None:
    """The kind of letter a catalog service is issued as, if it is one."""
    return next((kind for kind in builtin_kinds().values() if service in kind.services), None)


def letter_services() -> frozenset[str]:
    """Every catalog service that central issues a letter for."""
    return frozenset(service for kind in builtin_kinds().values() for service in kind.services)


def _kind(reader: DataReader, path: Path) -> LetterKind:
    kind_id = reader.string("id")
    if not set(kind_id) <= set(_ID):
        raise reader.error("id", "lowercase letters, digits and _", repr(kind_id))
    services = reader.strings("services")
    if not services:
        raise reader.error("services", "at least one catalog service id", "none")
    code = reader.string("code")
    form_text = reader.string("form")
    try:
        form = LetterForm(form_text)
    except ValueError:
        raise reader.error("form", "certificate or statement", repr(form_text)) from None
    rows = []
    for row in reader.tables("rows"):
        label = row.data.get("label")
        if label is not None and not (isinstance(label, str) and label.strip()):
            raise row.error("label", "a non-empty string", repr(label))
        rows.append(Row(row.string("field"), label))
    paragraphs = tuple(_paragraph(reader, index) for index in range(_count(reader)))
    kind = LetterKind(
        id=kind_id,
        services=tuple(services),
        code=code,
        title=reader.text("title"),
        heading=reader.string("heading"),
        form=form,
        opening=reader.string("opening"),
        rows=tuple(rows),
        paragraphs=paragraphs,
        closing=reader.string("closing"),
        source=path,
    )
    for key, text in [
        ("opening", kind.opening),
        ("closing", kind.closing),
        *((f"paragraphs[{i}]", p.text) for i, p in enumerate(kind.paragraphs)),
    ]:
        _check_text(reader, key, text)
    return kind


def _count(reader: DataReader) -> int:
    value = reader.data.get("paragraphs", [])
    if not isinstance(value, list):
        raise reader.error("paragraphs", "an array of strings or tables", repr(value))
    return len(value)


def _paragraph(reader: DataReader, index: int) -> Paragraph:
    item = reader.data["paragraphs"][index]
    key = f"paragraphs[{index}]"
    if isinstance(item, str):
        return Paragraph(item)
    if not isinstance(item, dict):
        raise reader.error(key, "a string or a table with text and when", repr(item))
    table = DataReader(reader.path, item, f"{reader.prefix}{key}.")
    when = item.get("when")
    if not isinstance(when, dict):
        raise table.error("when", "a table with field (and values)", repr(when))
    condition = DataReader(reader.path, when, f"{table.prefix}when.")
    return Paragraph(
        table.string("text"), condition.string("field"), tuple(condition.strings("values"))
    )


def _check_text(reader: DataReader, key: str, text: str) -> None:
    """Every name a text uses must be one :func:`fill` gives; formatting a sample proves it."""
    try:
        for _, name, _, _ in string.Formatter().parse(text):
            if name is not None and name.split("[")[0] not in (*TEXT_FIELDS, "answers", "lower"):
                raise KeyError(name)
        fill(text, TEXT_FIELDS, {})
    except (KeyError, ValueError, IndexError) as exc:
        raise reader.error(
            key,
            "text using only " + ", ".join([*TEXT_FIELDS, "answers[...]", "lower[...]"]),
            f"{text[:60]!r} ({exc})",
        ) from None
