"""``python -m central signer-key --user U [--p12 FILE] --passphrase-file F [--name NAME]``.

With ``--p12``, imports the signer's PKCS#12 (``.p12``/``.pfx``) that the passphrase opens;
without it, makes a key and a certificate from central's development CA (created the first
time), which says in its name that it is not legally valid, for demos and tests. Either way
the key is kept encrypted under the passphrase and replaces the user's previous key.
"""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from django.utils import timezone

from central.command import CentralCommand, person_name, usage_error
from central.letters import keys
from central.letters.management.commands._common import back_office_user, read_passphrase

MAX_P12_BYTES = 64 * 1024


class Command(CentralCommand):
    """See the module docstring."""

    help = "Import a signer's PKCS#12, or make a development key."

    def add_arguments(self, parser: argparse.ArgumentParser) -> None:
        """The user, the key file and the passphrase's file."""
        parser.add_argument("--user", required=True, help="the back-office user who signs")
        parser.add_argument("--p12", type=Path, metavar="FILE", help="PKCS#12 file to import")
        parser.add_argument(
            "--passphrase-file",
            required=True,
            type=Path,
            metavar="F",
            help=f"file holding the passphrase (at least {keys.MIN_PASSPHRASE} characters)",
        )
        parser.add_argument(
            "--name",
            type=person_name,
            help="the name a development certificate carries (default: the user's name)",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        """Import or make the key, then say which certificate the user now signs with."""
        user = back_office_user(options["user"])
        passphrase = read_passphrase(options["passphrase_file"])
        now = timezone.now()
        try:
            if options["p12"] is not None:
                if options["name"] is not None:
                    raise usage_error("--name is for development keys; a PKCS#12 names its own")
                data = _read_p12(options["p12"])
                stored = keys.import_pkcs12(user, data, passphrase, now)
            else:
                name = options["name"] or user.get_full_name() or user.get_username()
                stored = keys.make_development_key(user, name, passphrase, now)
        except keys.SignerKeyError as exc:
            where = f"--p12 {options['p12']}" if options["p12"] else "signer-key"
            raise usage_error(f"{where}: {exc}") from None
        note = " (development CA: NOT legally valid)" if stored.development else ""
        self.stdout.write(f"{user.get_username()} signs as {stored}{note}")


def _read_p12(path: Path) -> bytes:
    try:
        data = path.read_bytes()[: MAX_P12_BYTES + 1]
    except OSError as exc:
        raise usage_error(f"--p12 {path}: cannot read it: {exc.strerror}") from None
    if len(data) > MAX_P12_BYTES:
        raise usage_error(f"--p12 {path}: expected at most {MAX_P12_BYTES} bytes")
    return data
