"""``python -m central audit [--user U] [--action A] [--target T] [--since DATE] [--json]``.

The back office's audit trail from the shell, newest first, as the admins' audit page shows
it: one line per entry (time, user, action, target, address, detail), or JSON.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
from typing import Any

from django.utils import timezone

from central.command import CentralCommand
from central.office.models import Action, AuditEntry


class Command(CentralCommand):
    """See the module docstring."""

    help = "Print the back office's audit trail, newest first."

    def add_arguments(self, parser: argparse.ArgumentParser) -> None:
        """Filters and the format."""
        parser.add_argument("--user", metavar="NAME", help="entries of this user (or shell:NAME)")
        parser.add_argument("--action", choices=Action.values)
        parser.add_argument("--target", metavar="T", help="a reference, user name or kiosk id")
        parser.add_argument(
            "--since", type=dt.date.fromisoformat, metavar="YYYY-MM-DD", help="from this day"
        )
        parser.add_argument("--limit", type=int, default=200, metavar="N")
        parser.add_argument("--json", action="store_true", help="one JSON array")

    def handle(self, *args: Any, **options: Any) -> None:
        """Print the matching entries."""
        entries = AuditEntry.objects.all()
        if options["user"]:
            entries = entries.filter(actor=options["user"])
        if options["action"]:
            entries = entries.filter(action=options["action"])
        if options["target"]:
            entries = entries.filter(target=options["target"])
        if options["since"]:
            start = timezone.make_aware(dt.datetime.combine(options["since"], dt.time()))
            entries = entries.filter(at__gte=start)
        rows = [
            {
                "at": timezone.localtime(entry.at).isoformat(timespec="seconds"),
                "user": entry.actor,
                "action": entry.action,
                "target": entry.target,
                "address": entry.address,
                "detail": entry.detail,
            }
            for entry in entries[: max(options["limit"], 1)]
        ]
        if options["json"]:
            self.stdout.write(json.dumps(rows, ensure_ascii=False, indent=2))
            return
        for row in rows:
            detail = json.dumps(row["detail"], ensure_ascii=False) if row["detail"] else ""
            self.stdout.write(
                f"{row['at']}\t{row['user']}\t{row['action']}\t{row['target'] or '-'}\t"
                f"{row['address'] or '-'}\t{detail}".rstrip()
            )
