"""``python -m central assign-kiosk --id ID --village CODE``: the village a kiosk serves.

For a kiosk registered without one (a development kiosk of ``serve --kiosk``) or moved to
another village: its requests then reach that village's inbox and its staff's fleet page.
Requests it took before keep following the kiosk. Audited as the shell's user.
"""

from __future__ import annotations

import argparse
from typing import Any

from django.db import transaction

from central.command import CentralCommand, refused
from central.office import audit
from central.office.models import Action
from central.registry.management.commands.add_kiosk import find_village, village_code
from central.registry.models import Kiosk


class Command(CentralCommand):
    """See the module docstring."""

    help = "Set the village a registered kiosk serves."

    def add_arguments(self, parser: argparse.ArgumentParser) -> None:
        """The kiosk and the village."""
        parser.add_argument("--id", required=True, dest="kiosk_id", help="the kiosk id")
        parser.add_argument("--village", required=True, type=village_code, metavar="CODE")

    def handle(self, *args: Any, **options: Any) -> None:
        """Move the kiosk (nothing changes if it is there already)."""
        village = find_village(options["village"])
        with transaction.atomic():
            kiosk = Kiosk.objects.select_for_update().filter(kiosk_id=options["kiosk_id"]).first()
            if kiosk is None:
                raise refused(f"no kiosk {options['kiosk_id']}; register it with add-kiosk")
            if kiosk.village_id == village.pk:
                return
            before = kiosk.village.code if kiosk.village else None
            kiosk.village = village
            kiosk.save(update_fields=["village"])
            audit.record(
                audit.Actor.shell(),
                Action.ASSIGN_KIOSK,
                kiosk.kiosk_id,
                {"from": before, "to": village.code},
            )
