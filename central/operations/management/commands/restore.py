"""``python -m central restore FILE --identity KEY (--db NEW | --database-url URL)``.

Restores a backup into a new database: a SQLite file that does not exist yet, or an empty
PostgreSQL database (``createdb``). ``--identity`` is the operator's ``age`` secret key,
which decrypts FILE; without it, FILE (or ``-`` for standard input) is an archive already
decrypted, as in ``age -d -i KEY FILE | ssh server python -m central restore -``. The key
files go where the configuration names them (beside a SQLite file by default), unless the
same key is there already. Then ``python -m central migrate`` brings the database up to
this central's version, and ``python -m central export`` shows what it holds.
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path
from typing import Any

from central.command import CentralCommand, refused
from central.operations.backup import BackupError, Target, restore


class Command(CentralCommand):
    """See the module docstring."""

    help = "Restore a backup into a new database."

    def add_arguments(self, parser: argparse.ArgumentParser) -> None:
        """The backup and the key that opens it."""
        parser.add_argument("source", metavar="FILE", help="the backup file, or - for stdin")
        parser.add_argument(
            "--identity",
            type=Path,
            metavar="KEY",
            help="the age identity (secret key) that decrypts FILE",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        """Restore, then print the backup's manifest."""
        source = None if options["source"] == "-" else Path(options["source"])
        try:
            manifest = restore(source, options["identity"], Target.current())
        except BackupError as exc:
            raise refused(str(exc)) from None
        self.stdout.write(json.dumps(manifest, indent=2))
