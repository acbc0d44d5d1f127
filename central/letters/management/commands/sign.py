"""``python -m central sign REF [REF ...] --user U --passphrase-file F [--catalog FILE]``.

Signs verified letter requests as the back office does: each gets its number, its PDF and
the signer's PAdES signature, and becomes ready to print at the village's kiosks. One line a
request on stdout: ``REF NUMBER CODE`` when signed; refusals on stderr, exit 1 if any.
``--catalog`` is the catalog ``serve`` was given, for the forms' labels. Each signature is
audited as the back office's is, naming the shell's user and ``--user``.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any, cast

from django.apps import apps

from central.api.apps import ApiConfig
from central.api.checks import contract
from central.catalog import CatalogError, load_catalog
from central.command import CentralCommand, refused, usage_error
from central.environment import ConfigurationError
from central.letters import service
from central.letters.kinds import letter_services
from central.letters.management.commands._common import (
    acting_at_the_shell,
    back_office_user,
    read_passphrase,
)
from central.office import audit
from central.office.models import Action


class Command(CentralCommand):
    """See the module docstring."""

    help = "Sign verified letter requests."

    def add_arguments(self, parser: argparse.ArgumentParser) -> None:
        """The references, the signer and their passphrase's file."""
        parser.add_argument("references", nargs="+", metavar="REF")
        parser.add_argument("--user", required=True, help="the village head (or a.n./Plt.)")
        parser.add_argument("--passphrase-file", required=True, type=Path, metavar="F")
        parser.add_argument("--catalog", type=Path, help="the catalog serve was given")

    def handle(self, *args: Any, **options: Any) -> None:
        """Sign each; report each."""
        user = back_office_user(options["user"])
        passphrase = read_passphrase(options["passphrase_file"])
        if options["catalog"] is not None:
            try:
                catalog = load_catalog(options["catalog"], contract(), letter_services())
            except CatalogError as exc:
                raise usage_error(str(exc)) from None
            cast(ApiConfig, apps.get_app_config("api")).serve_catalog(catalog)
        try:
            outcomes = service.sign_batch(options["references"], user, passphrase)
        except ConfigurationError as exc:
            raise usage_error(str(exc)) from None
        for outcome in outcomes:
            if outcome.letter is not None:
                audit.record(
                    acting_at_the_shell(user),
                    Action.SIGN_LETTER,
                    outcome.reference,
                    {"number": outcome.letter.number, "batch": len(outcomes)},
                )
                self.stdout.write(
                    f"{outcome.reference} {outcome.letter.number} {outcome.letter.code}"
                )
            else:
                sys.stderr.write(f"{outcome.reference}: {outcome.refusal}\n")
        refusals = sum(outcome.letter is None for outcome in outcomes)
        if refusals:
            raise refused(f"{refusals} of {len(outcomes)} not signed")
