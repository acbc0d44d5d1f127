"""Reading the kiosk's own files safely, and typed access to its TOML data files.

Every file the kiosk reads as configuration or data (``kiosk.toml`` and its overrides,
``config/services/*.toml``, ``config/information.toml``, the saved catalogs) goes through
:func:`read_capped` and, for TOML and JSON, :func:`parse_toml` or :func:`parse_json`: a
path to ``/dev/zero`` or a log file is refused at a size cap instead of filling memory,
bytes that are not UTF-8 are named with their line and column, and nesting too deep for
the parsers is an error like any other, never a ``RecursionError``. Every error names
the file and the dotted key, what was expected and what was found, so whoever edits the
file can fix it, and the commands exit 2 with that one line.
"""

from __future__ import annotations

import json
import re
import tomllib
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from kiosk.text import LocalizedText

#: The largest configuration or data file read, far above any real one (the shipped
#: catalog is about 60 KiB).
MAX_FILE_BYTES = 1024 * 1024
#: A saved central catalog may be larger than a hand-written file.
MAX_CATALOG_BYTES = 8 * 1024 * 1024
_TOML_POSITION = re.compile(
    r"^(?P<reason>.*) \((?P<where>at line \d+, column \d+|at end of document)\)$", re.S
)


class DataFileError(Exception):
    """A data file is invalid; the message names the file and the key."""


class UnreadableFileError(DataFileError):
    """A file that cannot be read or parsed at all, in the parts every message needs.

    Attributes:
        source: the file's path as given.
        expected: what would have been accepted (``a readable file``, ``valid TOML``...).
        found: what was there instead.
        problem: the same in one phrase, for the message.
        missing: whether the file does not exist (a saved copy that was never made).

    """

    def __init__(
        self, source: str, expected: str, found: str, problem: str, *, missing: bool = False
    ) -> None:
        super().__init__(f"{source}: {problem}")
        self.source = source
        self.expected = expected
        self.found = found
        self.problem = problem
        self.missing = missing


def read_capped(path: Path, limit: int = MAX_FILE_BYTES) -> bytes:
    """The bytes of ``path``, refused when it is unreadable or longer than ``limit``.

    Reading stops one byte past the limit, so an endless file (``/dev/zero``) or a huge
    one costs at most that much memory.
    """
    source = str(path)
    try:
        with path.expanduser().open("rb") as stream:
            data = stream.read(limit + 1)
    except OSError as error:
        reason = error.strerror or str(error)
        problem = f"cannot read: {reason}"
        missing = isinstance(error, FileNotFoundError)
        raise UnreadableFileError(
            source, "a readable file", reason, problem, missing=missing
        ) from None
    if len(data) > limit:
        expected = f"a file of at most {limit} bytes"
        raise UnreadableFileError(
            source, expected, "more", f"too large: expected {expected}, found more"
        ) from None
    return data


def decode_utf8(source: str, data: bytes, expected: str) -> str:
    """``data`` as text; bytes that are not UTF-8 are named with their line and column."""
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as error:
        line = data.count(b"\n", 0, error.start) + 1
        column = error.start - (data.rfind(b"\n", 0, error.start) + 1) + 1
        where = f"at line {line}, column {column}"
        raise UnreadableFileError(
            source,
            expected,
            f"{where}: not UTF-8 text",
            f"invalid {expected.removeprefix('valid ')} {where}: not UTF-8 text",
        ) from None


def parse_toml(path: Path, limit: int = MAX_FILE_BYTES) -> dict[str, Any]:
    """The TOML table in ``path``; UnreadableFileError naming the file and where it failed."""
    source = str(path)
    text = decode_utf8(source, read_capped(path, limit), "valid TOML")
    try:
        return tomllib.loads(text)
    except RecursionError:
        reason = "tables or arrays nested too deeply"
        raise UnreadableFileError(source, "valid TOML", reason, f"invalid TOML: {reason}") from None
    except ValueError as error:  # TOMLDecodeError, or an integer too long for int()
        match = _TOML_POSITION.match(str(error))
        if match:
            where, reason = match["where"], match["reason"]
            raise UnreadableFileError(
                source, "valid TOML", f"{where}: {reason}", f"invalid TOML {where}: {reason}"
            ) from None
        reason = str(error).splitlines()[0] if str(error) else type(error).__name__
        raise UnreadableFileError(source, "valid TOML", reason, f"invalid TOML: {reason}") from None


def parse_json(path: Path, limit: int = MAX_FILE_BYTES) -> Any:
    """The JSON value in ``path``; UnreadableFileError naming the file otherwise."""
    source = str(path)
    text = decode_utf8(source, read_capped(path, limit), "valid JSON")
    return parse_json_text(source, text)


def parse_json_text(source: str, text: str) -> Any:
    """The JSON value in ``text`` (from ``source``); UnreadableFileError, never a RecursionError."""
    try:
        return json.loads(text)
    except RecursionError:
        reason = "arrays or objects nested too deeply"
        raise UnreadableFileError(source, "valid JSON", reason, f"invalid JSON: {reason}") from None
    except ValueError as error:
        problem = f"invalid JSON: {error}"
        raise UnreadableFileError(source, "valid JSON", str(error), problem) from None


def read_toml(path: Path) -> DataReader:
    """Parse ``path`` and return a reader over its top-level table."""
    return DataReader(path, parse_toml(path))


class DataReader:
    """Typed access to one TOML table, with errors that name the file and the key."""

    def __init__(self, path: Path, data: Mapping[str, Any], prefix: str = "") -> None:
        self.path = path
        self.data = data
        self.prefix = prefix

    def error(self, key: str, expected: str, found: str) -> DataFileError:
        """An error naming the file and dotted key; ``found`` is already rendered.

        A key with spaces or characters that do not print (a file's own unknown key may
        hold a newline, or be empty) is quoted, so the message stays one line.
        """
        plain = key.isprintable() and not any(char.isspace() for char in key)
        shown_key = key if key and plain else json.dumps(key)
        return DataFileError(
            f"{self.path}: {self.prefix}{shown_key}: expected {expected}, found {found}"
        )

    def _get(self, key: str) -> object:
        if key not in self.data:
            raise self.error(key, "a value", "nothing")
        return self.data[key]

    def string(self, key: str) -> str:
        """A required non-empty string."""
        value = self._get(key)
        if not isinstance(value, str) or not value.strip():
            raise self.error(key, "a non-empty string", shown(value))
        return value

    def boolean(self, key: str) -> bool:
        """A required true or false."""
        value = self._get(key)
        if not isinstance(value, bool):
            raise self.error(key, "true or false", shown(value))
        return value

    def strings(self, key: str) -> list[str]:
        """An optional list of strings (empty when absent)."""
        value = self.data.get(key, [])
        if not isinstance(value, list) or not all(isinstance(item, str) for item in value):
            raise self.error(key, "a list of strings", shown(value))
        return value

    def text(self, key: str) -> LocalizedText:
        """A required table with Indonesian and English text."""
        table = self._get(key)
        if not isinstance(table, dict):
            raise self.error(key, "a table with id and en", shown(table))
        inner = DataReader(self.path, table, f"{self.prefix}{key}.")
        return LocalizedText(inner.string("id"), inner.string("en"))

    def tables(self, key: str) -> list[DataReader]:
        """An optional array of tables, each with its own reader."""
        value = self.data.get(key, [])
        if not isinstance(value, list) or not all(isinstance(item, dict) for item in value):
            raise self.error(key, "an array of tables", shown(value))
        return [
            DataReader(self.path, item, f"{self.prefix}{key}[{i}].") for i, item in enumerate(value)
        ]


#: A found value is cut short in a message, so one bad value cannot flood the terminal.
_SHOWN_MAX_CHARS = 60


def shown(value: object) -> str:
    """A found value as a message shows it: its ``repr``, cut short, on one line."""
    try:
        text = repr(value)
    except (RecursionError, ValueError):  # nested too deeply, or an int too long to print
        text = f"a {type(value).__name__}"
    if len(text) > _SHOWN_MAX_CHARS:
        text = text[: _SHOWN_MAX_CHARS - 3] + "..."
    return text
