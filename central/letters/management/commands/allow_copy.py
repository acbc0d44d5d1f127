"""``python -m central allow-copy REF --user U --reason TEXT``: the village allows one more print.

What "Izinkan satu cetak lagi" on the request's page in the back office does, for scripts:
the letter's village's operator, head or signer allows it, with a reason, audited the same.
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

    help = "Allow one more print of a signed letter at the village's kiosks."

    def add_arguments(self, parser: argparse.ArgumentParser) -> None:
        """The reference, who allows it, and why."""
        parser.add_argument("reference")
        parser.add_argument("--user", required=True, help="the village's operator, head or signer")
        parser.add_argument("--reason", required=True, help="why, kept in the request's history")

    def handle(self, *args: Any, **options: Any) -> None:
        """Allow it and say how many prints the letter now has."""
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
            letter = signing.allow_copy(acting_at_the_shell(user), letter, options["reason"])
        except ActionError as exc:
            raise refused(str(exc)) from None
        self.stdout.write(
            f"{reference} {letter.number} may print {letter.copies_allowed - letter.copies_printed}"
            f" more ({letter.copies_printed} of {letter.copies_allowed} printed)"
        )
