"""The regency's letters configuration: letterheads, registers, copies and who signs, per village.

One TOML file, named by ``CENTRAL_LETTERS_CONFIG`` (``central/letters/data/letters-sample.toml``
is a commented example for the sample villages)::

    [regency]
    name = "Kabupaten Banyuwangi"          # printed as PEMERINTAH KABUPATEN BANYUWANGI
    logo = "banyuwangi.svg"                 # SVG or PNG, relative to this file; optional

    [defaults]                              # optional; any village key but address
    number_format = "{code}/{seq:03d}/{village_code}/{year}"

    [villages.3510152004]
    address = "Jalan Barong No. 1, Kemiren, Glagah, Banyuwangi 68432"
    number_format = "{code}/{seq:03d}/429.501.01/{year}"
    separate_registers = true               # one register per letter kind
    start = { year = 2026, next = { sktm = 41, domisili = 12 } }
    copies = 1                              # prints a letter may have (1 unless allowed)
    signer = "a.n."                         # kepala_desa (default), a.n. or plt
    official = "sekdes.kemiren"             # the user who signs a.n. or as Plt.
    official_position = "Sekretaris Desa"

A number format is Python's ``str.format`` over ``seq`` (the number in the register),
``year``, ``month``, ``month_roman``, ``code`` (the letter kind's classification code),
``register`` and ``village_code``. ``start`` gives the first number central takes in a
year, for a village that switches from a paper register mid-year: one number for a shared
register, or one per letter kind with separate registers. Every error names the file, the
key, what was expected and what was found.
"""

from __future__ import annotations

import enum
import string
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from kiosk.datafile import DataFileError, DataReader, read_toml

#: What a number format may use; each with the value a check formats it with.
NUMBER_FIELDS: Mapping[str, object] = {
    "seq": 1,
    "year": 2026,
    "month": 1,
    "month_roman": "I",
    "code": "470",
    "register": "sktm",
    "village_code": "3510152004",
}
DEFAULT_NUMBER_FORMAT = "{code}/{seq:03d}/{village_code}/{year}"
MAX_COPIES = 10
_LOGO_SUFFIXES = (".svg", ".png")
_VILLAGE_KEYS = frozenset(
    {
        "address",
        "logo",
        "number_format",
        "separate_registers",
        "start",
        "copies",
        "signer",
        "official",
        "official_position",
        "place",
        "head_title",
        "unit",
    }
)


class LettersConfigError(DataFileError):
    """The letters configuration is invalid; the message names the file and the key."""


class SigningMode(enum.StrEnum):
    """Who signs a village's letters, and how the signature block names them."""

    KEPALA_DESA = "kepala_desa"
    """The village head, as ``Kepala Desa <village>``."""
    ATAS_NAMA = "a.n."
    """The configured official on the head's behalf (``a.n. Kepala Desa``), or the head."""
    PLT = "plt"
    """The configured official acting as head (``Plt. Kepala Desa``) while the post is open."""


@dataclass(frozen=True)
class StartingNumbers:
    """The first numbers central takes in ``year``: ``shared`` or one per letter kind."""

    year: int
    shared: int | None = None
    by_kind: Mapping[str, int] = field(default_factory=dict)

    def first(self, year: int, register: str) -> int:
        """The first number of a register in ``year``: 1 unless this start says otherwise."""
        if year != self.year:
            return 1
        if register:
            return self.by_kind.get(register, 1)
        return self.shared or 1


@dataclass(frozen=True)
class VillageLetters:
    """One village's letterhead, register and signing rules."""

    code: str
    address: str
    logo: Path | None
    number_format: str
    separate_registers: bool
    start: StartingNumbers | None
    copies: int
    signer: SigningMode
    official: str
    official_position: str
    place: str
    head_title: str
    unit: str

    def register_of(self, kind: str) -> str:
        """The register a letter of ``kind`` is numbered in (``""``: the village's shared one)."""
        return kind if self.separate_registers else ""

    def first_number(self, year: int, register: str) -> int:
        """The first number of a register in ``year``."""
        return self.start.first(year, register) if self.start else 1


@dataclass(frozen=True)
class LettersConfig:
    """The whole file: the regency's name and logo, and each configured village."""

    path: Path
    regency: str
    logo: Path | None
    villages: Mapping[str, VillageLetters]

    def village(self, code: str) -> VillageLetters:
        """A village's settings; LettersConfigError naming the missing table."""
        found = self.villages.get(code)
        if found is None:
            raise LettersConfigError(
                f"{self.path}: villages.{code}: expected the letterhead of village {code} "
                "(at least its address), found nothing"
            )
        return found


def load_letters_config(path: Path, kinds: frozenset[str]) -> LettersConfig:
    """Read and check the file; ``kinds`` are the letter kinds a ``start`` may name."""
    try:
        return _config(path, kinds)
    except DataFileError as exc:
        raise LettersConfigError(str(exc)) from None


def _config(path: Path, kinds: frozenset[str]) -> LettersConfig:
    reader = read_toml(path)
    regency = _table(reader, "regency", required=True)
    defaults = _table(reader, "defaults", required=False)
    _reject_unknown(defaults, _VILLAGE_KEYS - {"address"})
    villages_table = _table(reader, "villages", required=True)
    villages = {}
    for code in villages_table.data:
        if not (len(code) == 10 and code.isascii() and code.isdigit()):
            raise villages_table.error(code, "a 10-digit village code", repr(code))
        village = _table(villages_table, code, required=True)
        _reject_unknown(village, _VILLAGE_KEYS)
        villages[code] = _village(code, _Merged(village, defaults), kinds, path.parent)
    return LettersConfig(
        path=path,
        regency=regency.string("name").strip(),
        logo=_logo(regency, path.parent),
        villages=villages,
    )


class _Merged:
    """A village's table with the defaults behind it: each key from the first that has it."""

    def __init__(self, village: DataReader, defaults: DataReader) -> None:
        self.village = village
        self.defaults = defaults

    def reader(self, key: str) -> DataReader:
        return self.village if key in self.village.data else self.defaults

    def has(self, key: str) -> bool:
        return key in self.village.data or key in self.defaults.data


def _village(code: str, merged: _Merged, kinds: frozenset[str], folder: Path) -> VillageLetters:
    address = merged.village.string("address").strip()
    number_format = _optional_string(merged, "number_format", DEFAULT_NUMBER_FORMAT)
    _check_number_format(merged.reader("number_format"), number_format)
    separate = _optional_bool(merged, "separate_registers", default=False)
    signer_text = _optional_string(merged, "signer", SigningMode.KEPALA_DESA.value)
    try:
        signer = SigningMode(signer_text)
    except ValueError:
        raise merged.reader("signer").error(
            "signer", "one of kepala_desa, a.n., plt", repr(signer_text)
        ) from None
    official = _optional_string(merged, "official", "")
    if signer is not SigningMode.KEPALA_DESA and not official:
        raise merged.village.error(
            "official", f"the username of the official who signs {signer.value}", "nothing"
        )
    official_position = _optional_string(merged, "official_position", "")
    if signer is SigningMode.ATAS_NAMA and not official_position:
        raise merged.village.error(
            "official_position", "the official's position (Sekretaris Desa)", "nothing"
        )
    copies = _optional_int(merged, "copies", 1, 1, MAX_COPIES)
    return VillageLetters(
        code=code,
        address=address,
        logo=_logo(merged.reader("logo"), folder),
        number_format=number_format,
        separate_registers=separate,
        start=_start(merged, separate, kinds) if merged.has("start") else None,
        copies=copies,
        signer=signer,
        official=official,
        official_position=official_position,
        place=_optional_string(merged, "place", ""),
        head_title=_optional_string(merged, "head_title", "Kepala Desa"),
        unit=_optional_string(merged, "unit", "Desa"),
    )


def _start(merged: _Merged, separate: bool, kinds: frozenset[str]) -> StartingNumbers:
    reader = merged.reader("start")
    table = _table(reader, "start", required=True)
    year = table.data.get("year")
    if not isinstance(year, int) or isinstance(year, bool) or not 2000 <= year <= 2100:
        raise table.error("year", "a year from 2000 to 2100", repr(year))
    nxt = table.data.get("next")
    if not separate:
        if not _is_number(nxt):
            raise table.error("next", "the first number to give, 1 to 999999", repr(nxt))
        assert isinstance(nxt, int)
        return StartingNumbers(year, shared=nxt)
    if not isinstance(nxt, dict):
        raise table.error(
            "next", "a table of first numbers by letter kind (separate_registers)", repr(nxt)
        )
    for kind, number in nxt.items():
        if kind not in kinds:
            raise table.error(
                f"next.{kind}", f"one of the letter kinds {', '.join(sorted(kinds))}", "another"
            )
        if not _is_number(number):
            raise table.error(f"next.{kind}", "a first number, 1 to 999999", repr(number))
    return StartingNumbers(year, by_kind=dict(nxt))


def _is_number(value: object) -> bool:
    return isinstance(value, int) and not isinstance(value, bool) and 1 <= value <= 999_999


def _check_number_format(reader: DataReader, number_format: str) -> None:
    """The format must use ``seq`` and only the known fields, and format a sample."""
    try:
        names = {name for _, name, _, _ in string.Formatter().parse(number_format) if name}
        unknown = sorted(names - set(NUMBER_FIELDS))
        if unknown:
            raise ValueError(f"unknown field {unknown[0]!r}")
        if "seq" not in names:
            raise ValueError("no {seq}")
        sample = number_format.format(**NUMBER_FIELDS)
    except (ValueError, IndexError, KeyError) as exc:
        raise reader.error(
            "number_format",
            "a format with {seq} and only " + ", ".join(sorted(NUMBER_FIELDS)),
            f"{number_format!r} ({exc})",
        ) from None
    if not 1 <= len(sample) <= 100:
        raise reader.error("number_format", "numbers of 1 to 100 characters", repr(sample))


def _logo(reader: DataReader, folder: Path) -> Path | None:
    value = reader.data.get("logo")
    if value is None:
        return None
    if not isinstance(value, str) or not value.lower().endswith(_LOGO_SUFFIXES):
        raise reader.error("logo", "the path of an SVG or PNG file", repr(value))
    path = (folder / value).resolve()
    if not path.is_file():
        raise reader.error("logo", "an existing file", f"no file {path}")
    return path


def _table(reader: DataReader, key: str, *, required: bool) -> DataReader:
    value: Any = reader.data.get(key)
    if value is None and not required:
        return DataReader(reader.path, {}, f"{reader.prefix}{key}.")
    if not isinstance(value, dict):
        raise reader.error(key, "a table", "nothing" if value is None else repr(value))
    return DataReader(reader.path, value, f"{reader.prefix}{key}.")


def _reject_unknown(reader: DataReader, allowed: frozenset[str]) -> None:
    unknown = sorted(set(reader.data) - allowed)
    if unknown:
        raise reader.error(
            unknown[0], f"one of the keys {', '.join(sorted(allowed))}", "an unknown key"
        )


def _optional_string(merged: _Merged, key: str, default: str) -> str:
    reader = merged.reader(key)
    return reader.string(key).strip() if key in reader.data else default


def _optional_bool(merged: _Merged, key: str, *, default: bool) -> bool:
    reader = merged.reader(key)
    return reader.boolean(key) if key in reader.data else default


def _optional_int(merged: _Merged, key: str, default: int, low: int, high: int) -> int:
    reader = merged.reader(key)
    if key not in reader.data:
        return default
    value = reader.data[key]
    if not isinstance(value, int) or isinstance(value, bool) or not low <= value <= high:
        raise reader.error(key, f"a whole number from {low} to {high}", repr(value))
    return value
