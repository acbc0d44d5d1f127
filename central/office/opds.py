"""Loading the OPDs that answer complaints (``import-opds``): data, not code.

The file is CSV, one ``code,name`` a line; blank lines and ``#`` comments are skipped. The
whole file goes in one database transaction: a bad line changes nothing. A code already
present keeps its row (and its complaints) and takes the file's name.
"""

from __future__ import annotations

from collections import Counter
from pathlib import Path

from django.db import transaction

from central.csvfile import data_rows
from central.office import audit
from central.office.actions import add_opd
from central.registry.models import OPD_CODE

MAX_FILE_BYTES = 1024 * 1024
MAX_NAME = 150


class OpdFileError(Exception):
    """A line of the OPD file is not a code and a name; the message names file and line."""


def read_opds(path: Path) -> list[tuple[str, str]]:
    """``(code, name)`` for every line of the file."""
    opds: list[tuple[str, str]] = []
    for number, row in data_rows(path, MAX_FILE_BYTES, OpdFileError):
        if len(row) != 2:
            raise OpdFileError(
                f"{path}:{number}: expected two columns, code and name; found {len(row)}"
            )
        code, name = row[0].strip(), " ".join(row[1].split())
        check_opd(code, name, f"{path}:{number}")
        opds.append((code, name))
    return opds


def check_opd(code: str, name: str, where: str) -> None:
    """OpdFileError unless ``code`` and ``name`` are an OPD's."""
    if not OPD_CODE.fullmatch(code):
        raise OpdFileError(
            f"{where}: expected an OPD code of 2 to 32 of A-Z 0-9 _ - (DINSOS), found {code[:40]!r}"
        )
    if not name or len(name) > MAX_NAME:
        raise OpdFileError(f"{where}: expected a name of 1 to {MAX_NAME} characters")


def import_opds(path: Path, actor: audit.Actor) -> Counter[str]:
    """Add or rename every OPD of the file, all or nothing; how many were added, renamed, kept."""
    opds = read_opds(path)
    outcomes: Counter[str] = Counter()
    with transaction.atomic():
        for code, name in opds:
            outcomes[add_opd(actor, code, name)[1]] += 1
    return outcomes
