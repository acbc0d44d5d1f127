"""``python -m central revoke REF --user U --reason TEXT``: the village head withdraws a letter.

The verification page then says the letter was revoked and why; kiosks no longer print it.
"""

from __future__ import annotations

import argparse
from typing import Any

from central.command import CentralCommand, refused
from central.letters import service
from central.letters.authority import LetterRefusedError
from central.letters.management.commands._common import back_office_user
from central.letters.models import Letter


class Command(CentralCommand):
    """See the module docstring."""

    help = "Revoke a signed letter."

    def add_arguments(self, parser: argparse.ArgumentParser) -> None:
        """The reference, the head and the reason."""
        parser.add_argument("reference")
        parser.add_argument("--user", required=True, help="the village head (or Plt.)")
        parser.add_argument("--reason", required=True, help="why, for whoever checks it")

    def handle(self, *args: Any, **options: Any) -> None:
        """Revoke and confirm."""
        user = back_office_user(options["user"])
        reference = options["reference"]
        letter = (
            Letter.objects.select_related("village")
            .filter(transaction__reference=reference)
            .first()
        )
        if letter is None:
            raise refused(f"{reference} has no signed letter")
        try:
            service.revoke(letter, user, options["reason"])
        except LetterRefusedError as exc:
            raise refused(str(exc)) from None
        self.stdout.write(f"{reference} {letter.number} revoked")
