"""Reading the small CSV data files operators load (regions, OPDs): one place for the rules.

UTF-8 (a byte-order mark is allowed), at most a given size, blank lines and ``#`` comments
skipped; every problem is the caller's own error class, naming the file (and the line).
"""

from __future__ import annotations

import csv
import io
from pathlib import Path


def data_rows(path: Path, max_bytes: int, error: type[Exception]) -> list[tuple[int, list[str]]]:
    """``(line number, cells)`` of every line that is not blank or a comment."""
    try:
        if path.stat().st_size > max_bytes:
            raise error(f"{path}: expected at most {max_bytes} bytes")
        text = path.read_bytes().decode("utf-8-sig")
    except OSError as exc:
        raise error(f"{path}: cannot read it: {exc.strerror}") from exc
    except UnicodeDecodeError as exc:
        raise error(
            f"{path}: expected UTF-8, found byte 0x{exc.object[exc.start]:02x} "
            f"at offset {exc.start}"
        ) from None
    return [
        (number, row)
        for number, row in enumerate(csv.reader(io.StringIO(text)), start=1)
        if row and "".join(row).strip() and not row[0].lstrip().startswith("#")
    ]
