"""``python -m central disable-kiosk --id ID``: a stolen kiosk PC is refused at once.

Every request signed as the kiosk is answered ``403 kiosk-disabled``, which a kiosk takes as
final; the command returns once no worker accepts the kiosk any more. Its transactions and
audit trail stay. ``enable-kiosk`` lets it back once ``rotate-kiosk-secret`` gave it a new
secret.
"""

from __future__ import annotations

import argparse
from typing import Any

from central.command import CentralCommand, usage_error
from central.registry.kiosks import RegistryError, disable_kiosk


class Command(CentralCommand):
    """See the module docstring."""

    help = "Refuse every request of a kiosk (a stolen PC); its data stays."
    action = staticmethod(disable_kiosk)

    def add_arguments(self, parser: argparse.ArgumentParser) -> None:
        """The kiosk."""
        parser.add_argument("--id", required=True, dest="kiosk_id", help="the kiosk id")

    def handle(self, *args: Any, **options: Any) -> None:
        """Change the kiosk; an unknown id is a usage error."""
        try:
            self.action(options["kiosk_id"])
        except RegistryError as exc:
            raise usage_error(str(exc)) from None
