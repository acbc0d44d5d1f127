"""``python -m central add-opd --code CODE --name NAME``: an OPD that answers complaints.

Adds the OPD, or renames the one with this code; audited as the shell's user. A regency's
whole list goes in with ``import-opds``.
"""

from __future__ import annotations

import argparse
from typing import Any

from central.command import CentralCommand, usage_error
from central.office.actions import add_opd
from central.office.audit import Actor
from central.office.opds import OpdFileError, check_opd


class Command(CentralCommand):
    """See the module docstring."""

    help = "Add an OPD (or rename one) that answers complaints."

    def add_arguments(self, parser: argparse.ArgumentParser) -> None:
        """The OPD's code and name."""
        parser.add_argument("--code", required=True, help="e.g. DINSOS")
        parser.add_argument("--name", required=True, help="as staff know it")

    def handle(self, *args: Any, **options: Any) -> None:
        """Check, then add or rename."""
        code, name = options["code"], " ".join(options["name"].split())
        try:
            check_opd(code, name, "--code/--name")
        except OpdFileError as exc:
            raise usage_error(str(exc)) from None
        _opd, outcome = add_opd(Actor.shell(), code, name)
        self.stdout.write(f"{outcome} {code}: {name}")
