"""``python -m central add-card --uid HEX --nik NIK --name NAME [--pin PIN]``.

Registers (or replaces) a card UID with the identity it stands for. The citizen confirms it
at a kiosk with their date of birth, or with the PIN when one is given (kept as an Argon2
hash only). Replacing a card clears its wrong answers.
"""

from __future__ import annotations

import argparse
import logging
import re
from typing import Any

from django.db import transaction

from central.citizens.models import Card
from central.command import CentralCommand, matching, person_name
from central.identity import mask_name, mask_nik

log = logging.getLogger("central.citizens")

NIK = re.compile(r"[0-9]{16}")
_UID = re.compile(r"[0-9A-F]{8,20}")
_PIN = re.compile(r"[0-9]{4,8}")


def card_uid(text: str) -> str:
    """A card UID in the upper-case hex the API's paths use."""
    uid = text.strip().upper()
    if not _UID.fullmatch(uid):
        raise argparse.ArgumentTypeError(f"expected 8 to 20 hex digits, got {text[:40]!r}")
    return uid


class Command(CentralCommand):
    """See the module docstring."""

    help = "Register a card UID and the identity it stands for."

    def add_arguments(self, parser: argparse.ArgumentParser) -> None:
        """The card and its identity."""
        parser.add_argument("--uid", required=True, type=card_uid, help="the card's UID, hex")
        parser.add_argument("--nik", required=True, type=matching(NIK, "16 digits"))
        parser.add_argument("--name", required=True, type=person_name)
        parser.add_argument(
            "--pin",
            type=matching(_PIN, "4-8 digits"),
            help="confirm with this PIN instead of the date of birth",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        """Store the card; log it masked."""
        with transaction.atomic():
            card = Card.objects.select_for_update().filter(uid=options["uid"]).first()
            card = card or Card(uid=options["uid"])
            card.nik, card.name = options["nik"], options["name"]
            card.set_pin(options["pin"])
            card.save()
            card.failures.all().delete()
        log.info(
            "Card %s registered for %s %s, confirmed with %s",
            card.uid,
            mask_nik(card.nik),
            mask_name(card.name),
            "a PIN" if options["pin"] else "the date of birth",
        )
