"""``python -m central import-regions FILE``: Kemendagri's kecamatan and villages, as data.

See :mod:`central.registry.regions` for the file; a sample of Banyuwangi ships in
``central/registry/data/banyuwangi-sample.csv``.
"""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from central.command import CentralCommand, usage_error
from central.registry.regions import RegionFileError, import_regions


class Command(CentralCommand):
    """See the module docstring."""

    help = "Load kecamatan and villages (code,name lines) into the registry."

    def add_arguments(self, parser: argparse.ArgumentParser) -> None:
        """The file."""
        parser.add_argument("file", type=Path, help="CSV of Kemendagri codes and names")

    def handle(self, *args: Any, **options: Any) -> None:
        """Import all or nothing."""
        try:
            import_regions(options["file"])
        except RegionFileError as exc:
            raise usage_error(str(exc)) from None
