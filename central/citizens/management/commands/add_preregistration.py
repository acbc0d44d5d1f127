"""``python -m central add-preregistration --token T --service ID --nik NIK --name NAME``.

Stores (or replaces) a pre-registration; the citizen's QR is ``ALM-PRE1:<token>``.
"""

from __future__ import annotations

import argparse
import logging
import re
from typing import Any

from central.citizens.management.commands.add_card import NIK
from central.citizens.models import Preregistration
from central.command import CentralCommand, matching, person_name
from central.identity import mask_name, mask_nik

log = logging.getLogger("central.citizens")

#: The contract's pre-registration token: URL-safe base64 alphabet, no padding.
_TOKEN = re.compile(r"[A-Za-z0-9_-]{16,64}")
_SERVICE = re.compile(r"[A-Za-z0-9][A-Za-z0-9_.-]{0,63}")


class Command(CentralCommand):
    """See the module docstring."""

    help = "Store a pre-registration that a kiosk finds by its QR token."

    def add_arguments(self, parser: argparse.ArgumentParser) -> None:
        """The token, the service and the identity."""
        parser.add_argument(
            "--token",
            required=True,
            type=matching(_TOKEN, "16-64 characters of A-Z a-z 0-9 _ -"),
            help="the token the citizen's QR carries after ALM-PRE1:",
        )
        parser.add_argument(
            "--service", required=True, type=matching(_SERVICE, "a catalog service id")
        )
        parser.add_argument("--nik", required=True, type=matching(NIK, "16 digits"))
        parser.add_argument("--name", required=True, type=person_name)

    def handle(self, *args: Any, **options: Any) -> None:
        """Store it; log it masked."""
        Preregistration.objects.update_or_create(
            token=options["token"],
            defaults={
                "service": options["service"],
                "nik": options["nik"],
                "name": options["name"],
            },
        )
        log.info(
            "Pre-registration for %s stored for %s %s",
            options["service"],
            mask_nik(options["nik"]),
            mask_name(options["name"]),
        )
