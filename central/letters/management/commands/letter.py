"""``python -m central letter REF --out FILE``: write a request's signed PDF, exactly as issued.

The file is created 0600: the letter carries the citizen's full NIK.
"""

from __future__ import annotations

import argparse
import os
from pathlib import Path
from typing import Any

from central.command import CentralCommand, refused, usage_error
from central.letters.models import Letter


class Command(CentralCommand):
    """See the module docstring."""

    help = "Write a signed letter's PDF to a file."

    def add_arguments(self, parser: argparse.ArgumentParser) -> None:
        """The reference and the output file."""
        parser.add_argument("reference")
        parser.add_argument("--out", required=True, type=Path, metavar="FILE")

    def handle(self, *args: Any, **options: Any) -> None:
        """Find the letter and write it."""
        reference, out = options["reference"], options["out"]
        letter = Letter.objects.filter(transaction__reference=reference).first()
        if letter is None:
            raise refused(f"{reference} has no signed letter")
        try:
            descriptor = os.open(out, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
            with os.fdopen(descriptor, "wb") as stream:
                stream.write(bytes(letter.pdf))
        except OSError as exc:
            raise usage_error(f"--out {out}: cannot write it: {exc.strerror}") from None
        revoked = " (REVOKED)" if letter.revoked else ""
        self.stdout.write(f"{reference} {letter.number}{revoked} -> {out}")
