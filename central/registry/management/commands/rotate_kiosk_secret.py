"""``python -m central rotate-kiosk-secret --id ID --secret-file F``: a kiosk's new secret.

For a secret that leaked, or a kiosk PC that was replaced: the new secret is read from a file
(never from the command line) and sealed like ``add-kiosk``'s; the command returns once no
worker accepts the old one any more (:data:`central.registry.kiosks.TRUST_SECONDS`). Until
the kiosk is given the new secret, its requests get ``bad-signature`` and it keeps them to
retry. Receipts printed under the old secret keep their check.
"""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from central.command import CentralCommand, read_secret_file, usage_error
from central.environment import ConfigurationError
from central.registry.kiosks import PRODUCTION_SECRET, RegistryError, rotate_secret


class Command(CentralCommand):
    """See the module docstring."""

    help = "Give a registered kiosk a new signing secret; the old one is refused."

    def add_arguments(self, parser: argparse.ArgumentParser) -> None:
        """The kiosk and its new secret's file."""
        parser.add_argument("--id", required=True, dest="kiosk_id", help="the kiosk id")
        parser.add_argument(
            "--secret-file",
            required=True,
            type=Path,
            metavar="FILE",
            help="file holding the new secret (16 to 256 printable ASCII characters)",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        """Read the secret, replace the old one, wait until no worker trusts the old row."""
        secret = read_secret_file(
            options["secret_file"],
            PRODUCTION_SECRET,
            "a secret of 16 to 256 printable ASCII characters without spaces",
        )
        try:
            rotate_secret(options["kiosk_id"], secret)
        except (RegistryError, ConfigurationError) as exc:
            raise usage_error(str(exc)) from None
