"""``python -m central add-kiosk --id ID --village CODE --name NAME --secret-file F``.

Registers a production kiosk of a village (its 10-digit Kemendagri code, dotted or not; the
regions must be imported first). The signing secret is read from a file, never from the
command line, and stored encrypted (:mod:`central.registry.vault`). Two kiosks whose
reference parts are equal are refused.
"""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from central.command import CentralCommand, read_secret_file, usage_error
from central.environment import ConfigurationError
from central.registry.kiosks import PRODUCTION_SECRET, RegistryError, add_kiosk
from central.registry.models import Village


def village_code(text: str) -> str:
    """A desa or kelurahan code: 10 digits, dots allowed (``35.10.15.2004``)."""
    code = text.replace(".", "")
    if not (len(code) == 10 and code.isascii() and code.isdigit()):
        raise argparse.ArgumentTypeError(
            f"expected a 10-digit Kemendagri village code (35.10.15.2004), got {text[:20]!r}"
        )
    return code


def find_village(code: str) -> Village:
    """The village with this code, or a usage error that says how to load it."""
    village = Village.objects.filter(code=code).first()
    if village is None:
        raise usage_error(
            f"--village: no village {code} in the registry; load the regions first with "
            "python -m central import-regions FILE"
        )
    return village


class Command(CentralCommand):
    """See the module docstring."""

    help = "Register a production kiosk."

    def add_arguments(self, parser: argparse.ArgumentParser) -> None:
        """The kiosk, its village, its name and its secret's file."""
        parser.add_argument("--id", required=True, dest="kiosk_id", help="the kiosk id")
        parser.add_argument("--village", required=True, type=village_code, metavar="CODE")
        parser.add_argument("--name", required=True, help="where it stands, for staff")
        parser.add_argument(
            "--secret-file",
            required=True,
            type=Path,
            metavar="FILE",
            help="file holding the signing secret (16 to 256 printable ASCII characters)",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        """Read the secret, find the village, register."""
        name = " ".join(options["name"].split())
        if not name or len(name) > 100:
            raise usage_error("--name: expected 1 to 100 characters")
        secret = read_secret_file(
            options["secret_file"],
            PRODUCTION_SECRET,
            "a secret of 16 to 256 printable ASCII characters without spaces",
        )
        village = find_village(options["village"])
        try:
            add_kiosk(options["kiosk_id"], secret, name=name, village=village)
        except (RegistryError, ConfigurationError) as exc:
            raise usage_error(str(exc)) from None
