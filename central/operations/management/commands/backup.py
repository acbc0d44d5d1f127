"""``python -m central backup --out FILE [--recipients-file F]``: an encrypted backup.

The database (SQLite through its online backup API, PostgreSQL through ``pg_dump``) and the
key files, encrypted with ``age`` to the recipients (public keys) in
``CENTRAL_BACKUP_RECIPIENTS_FILE``: the server can make backups it cannot read. Central
keeps serving meanwhile. See :mod:`central.operations.backup` for what the file holds, and
the README ("Run a central for a regency") for the restore.
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path
from typing import Any

from django.conf import settings

from central.command import CentralCommand, refused, usage_error
from central.operations.backup import BackupError, Target, backup


class Command(CentralCommand):
    """See the module docstring."""

    help = "Write an encrypted backup of the database and its key files."

    def add_arguments(self, parser: argparse.ArgumentParser) -> None:
        """The backup file and who may read it."""
        parser.add_argument("--out", required=True, type=Path, metavar="FILE")
        parser.add_argument(
            "--recipients-file",
            type=Path,
            metavar="FILE",
            help="age recipients, one a line (default: $CENTRAL_BACKUP_RECIPIENTS_FILE)",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        """Back up, then print what was written (manifest and completion) as JSON."""
        recipients = options["recipients_file"] or settings.ENVIRONMENT.backup_recipients_file
        if recipients is None:
            raise usage_error(
                "CENTRAL_BACKUP_RECIPIENTS_FILE: expected the file of age recipients (age1..., "
                "one a line) that backups are encrypted to; or give --recipients-file"
            )
        if not recipients.is_file():
            raise usage_error(f"{recipients}: no such file of age recipients")
        try:
            written = backup(Target.current(), recipients, options["out"])
        except BackupError as exc:
            raise refused(str(exc)) from None
        self.stdout.write(json.dumps(written, indent=2))
