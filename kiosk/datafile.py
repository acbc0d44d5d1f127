"""Typed reading of the kiosk's TOML data files (services, information pages).

Every error names the file and the dotted key, so whoever edits the data can fix it.
"""

from __future__ import annotations

import tomllib
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from kiosk.text import LocalizedText


class DataFileError(Exception):
    """A data file is invalid; the message names the file and the key."""


def read_toml(path: Path) -> DataReader:
    """Parse ``path`` and return a reader over its top-level table."""
    try:
        with path.open("rb") as file:
            return DataReader(path, tomllib.load(file))
    except (OSError, tomllib.TOMLDecodeError) as error:
        raise DataFileError(f"{path}: {error}") from error


class DataReader:
    """Typed access to one TOML table, with errors that name the file and the key."""

    def __init__(self, path: Path, data: Mapping[str, Any], prefix: str = "") -> None:
        self.path = path
        self.data = data
        self.prefix = prefix

    def error(self, key: str, expected: str, found: str) -> DataFileError:
        """An error naming the file and dotted key; ``found`` is already rendered."""
        return DataFileError(f"{self.path}: {self.prefix}{key}: expected {expected}, found {found}")

    def _get(self, key: str) -> object:
        if key not in self.data:
            raise self.error(key, "a value", "nothing")
        return self.data[key]

    def string(self, key: str) -> str:
        """A required non-empty string."""
        value = self._get(key)
        if not isinstance(value, str) or not value.strip():
            raise self.error(key, "a non-empty string", repr(value))
        return value

    def boolean(self, key: str) -> bool:
        """A required true or false."""
        value = self._get(key)
        if not isinstance(value, bool):
            raise self.error(key, "true or false", repr(value))
        return value

    def strings(self, key: str) -> list[str]:
        """An optional list of strings (empty when absent)."""
        value = self.data.get(key, [])
        if not isinstance(value, list) or not all(isinstance(item, str) for item in value):
            raise self.error(key, "a list of strings", repr(value))
        return value

    def text(self, key: str) -> LocalizedText:
        """A required table with Indonesian and English text."""
        table = self._get(key)
        if not isinstance(table, dict):
            raise self.error(key, "a table with id and en", repr(table))
        inner = DataReader(self.path, table, f"{self.prefix}{key}.")
        return LocalizedText(inner.string("id"), inner.string("en"))

    def tables(self, key: str) -> list[DataReader]:
        """An optional array of tables, each with its own reader."""
        value = self.data.get(key, [])
        if not isinstance(value, list) or not all(isinstance(item, dict) for item in value):
            raise self.error(key, "an array of tables", repr(value))
        return [
            DataReader(self.path, item, f"{self.prefix}{key}[{i}].") for i, item in enumerate(value)
        ]
