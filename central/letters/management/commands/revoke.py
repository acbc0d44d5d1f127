"""``python -m central revoke REF --user U --reason TEXT``: the village head withdraws a letter.

The verification page then says the letter was revoked and why; kiosks no longer print it.
Audited as the back office's "Cabut surat" is, naming the shell's user and ``--user``.
"""

from __future__ import annotations

import argparse
from typing import Any

from central.command import CentralCommand, refused
from central.letters.management.commands._common import acting_at_the_shell, back_office_user
from central.letters.models import Letter
from central.office import signing
from central.office.actions import ActionError


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
            Letter.objects.select_related("village", "transaction")
            .filter(transaction__reference=reference)
            .first()
        )
        if letter is None:
            raise refused(f"{reference} has no signed letter")
        try:
            signing.revoke(acting_at_the_shell(user), letter, options["reason"])
        except ActionError as exc:
            raise refused(str(exc)) from None
        self.stdout.write(f"{reference} {letter.number} revoked")
