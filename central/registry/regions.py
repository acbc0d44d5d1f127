"""Loading Kemendagri's codes and names of kecamatan and villages (``import-regions``).

The file is CSV, one ``code,name`` a line, codes dotted (``35.10.15.2004``) or not; blank
lines and ``#`` comments are skipped, and so are province (2 digits) and regency (4 digits)
lines, so Kemendagri's full list can be fed as it is. A village needs its kecamatan, in the
file or already in the database. The whole file goes in one database transaction: a bad line
changes nothing. A code already present keeps its row and takes the file's name.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from pathlib import Path

from django.db import transaction

from central.csvfile import data_rows
from central.registry.models import Kecamatan, Village

log = logging.getLogger("central.registry.regions")

#: Kemendagri's national list is about 7 MB; anything much larger is not a region file.
MAX_FILE_BYTES = 32 * 1024 * 1024
_LEVELS = {2: "province", 4: "regency", 6: "kecamatan", 10: "village"}


class RegionFileError(Exception):
    """A line of the region file is not a Kemendagri code and a name; names file and line."""


@dataclass(frozen=True)
class ImportCounts:
    """How many rows one import created and updated, and how many lines it skipped."""

    kecamatan: int
    villages: int
    skipped: int


def read_regions(path: Path) -> list[tuple[int, str, str]]:
    """``(line number, code digits, name)`` for every region line of the file."""
    regions = []
    for number, row in data_rows(path, MAX_FILE_BYTES, RegionFileError):
        if len(row) != 2:
            raise RegionFileError(
                f"{path}:{number}: expected two columns, code and name; found {len(row)}"
            )
        code = row[0].strip().replace(".", "")
        name = " ".join(row[1].split())
        if not code.isascii() or not code.isdigit() or len(code) not in _LEVELS:
            raise RegionFileError(
                f"{path}:{number}: expected a Kemendagri code of 2, 4, 6 or 10 digits "
                f"(35.10.15.2004), found {row[0].strip()[:20]!r}"
            )
        if not name or len(name) > 100:
            raise RegionFileError(f"{path}:{number}: expected a name of 1 to 100 characters")
        regions.append((number, code, name))
    return regions


def import_regions(path: Path) -> ImportCounts:
    """Create or rename every kecamatan and village of the file, all or nothing."""
    regions = read_regions(path)
    kecamatan_count = village_count = skipped = 0
    with transaction.atomic():
        known = {row.code: row for row in Kecamatan.objects.all()}
        for number, code, name in regions:
            level = _LEVELS[len(code)]
            if level == "kecamatan":
                known[code], _ = Kecamatan.objects.update_or_create(
                    code=code, defaults={"name": name}
                )
                kecamatan_count += 1
            elif level == "village":
                kecamatan = known.get(code[:6])
                if kecamatan is None:
                    raise RegionFileError(
                        f"{path}:{number}: village {code} needs kecamatan {code[:6]}, which is "
                        "neither in the file above it nor in the database"
                    )
                Village.objects.update_or_create(
                    code=code, defaults={"name": name, "kecamatan": kecamatan}
                )
                village_count += 1
            else:
                skipped += 1
    counts = ImportCounts(kecamatan_count, village_count, skipped)
    log.info(
        "Regions from %s: %d kecamatan, %d villages, %d province or regency lines skipped",
        path,
        counts.kecamatan,
        counts.villages,
        counts.skipped,
    )
    return counts
