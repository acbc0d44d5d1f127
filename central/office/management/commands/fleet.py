"""``python -m central fleet [--json]``: every kiosk's state, as the back office's fleet page.

For monitoring scripts: the exit status is 0 when no active kiosk stands out, 1 when one
does (silent, out of paper, a device in error, a growing backlog, refused items, a clock
off), so a cron job or a monitoring check can alert on it.
"""

from __future__ import annotations

import argparse
import json
from typing import Any

from django.utils import timezone

from central.command import CentralCommand, refused
from central.fleet.status import kiosk_states
from central.registry.models import Kiosk


class Command(CentralCommand):
    """See the module docstring."""

    help = "Print each kiosk's state; exit 1 if any stands out."

    def add_arguments(self, parser: argparse.ArgumentParser) -> None:
        """Text or JSON."""
        parser.add_argument("--json", action="store_true", help="one JSON array")

    def handle(self, *args: Any, **options: Any) -> None:
        """Print the states."""
        states = kiosk_states(Kiosk.objects.select_related("village"), timezone.now())
        if options["json"]:
            self.stdout.write(json.dumps([state.as_json() for state in states], indent=2))
        else:
            for state in states:
                seen = state.last_seen.isoformat(timespec="seconds") if state.last_seen else "never"
                alerts = ",".join(alert.value for alert in state.alerts) or "ok"
                self.stdout.write(
                    f"{state.kiosk.kiosk_id}\t{'online' if state.online else 'offline'}\t"
                    f"{seen}\tpending={state.pending}\tdead={state.dead}\t{alerts}"
                )
        standing_out = [state.kiosk.kiosk_id for state in states if state.stands_out]
        if standing_out:
            raise refused(f"{len(standing_out)} kiosks need attention: {', '.join(standing_out)}")
