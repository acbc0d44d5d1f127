"""``python -m central import-opds FILE``: the OPDs that answer complaints, from CSV.

One ``code,name`` a line (``central/office/data/opd-sample.csv`` is a sample); all or
nothing; a code already present takes the file's name. Audited as the shell's user.
"""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from central.command import CentralCommand, usage_error
from central.office.audit import Actor
from central.office.opds import OpdFileError, import_opds


class Command(CentralCommand):
    """See the module docstring."""

    help = "Load OPDs (code,name lines) that answer complaints."

    def add_arguments(self, parser: argparse.ArgumentParser) -> None:
        """The CSV file."""
        parser.add_argument("file", type=Path, metavar="FILE")

    def handle(self, *args: Any, **options: Any) -> None:
        """Load the file in one transaction."""
        try:
            outcomes = import_opds(options["file"], Actor.shell())
        except OpdFileError as exc:
            raise usage_error(str(exc)) from None
        self.stdout.write(
            f"{outcomes['added']} OPDs added, {outcomes['renamed']} renamed, "
            f"{outcomes['unchanged']} unchanged"
        )
