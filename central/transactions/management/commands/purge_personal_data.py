"""``python -m central purge-personal-data [--days N] [--dry-run]``: retention, run daily.

Erases the personal data of requests finished more than ``--days`` (default
``$CENTRAL_RETENTION_DAYS``, 90) days ago, as :mod:`central.transactions.retention` says,
and prints a JSON summary: the cutoff, how many requests were purged, by kind and status,
and how many signed letters lost their PDF.
``config/central/central-retention.timer`` runs it every night. ``--dry-run`` counts without
changing anything.
"""

from __future__ import annotations

import argparse
import json
from typing import Any, cast

from django.apps import apps
from django.conf import settings
from django.utils import timezone

from central.api.apps import ApiConfig
from central.catalog import CatalogError
from central.command import CentralCommand, usage_error
from central.environment import ConfigurationError, retention_days
from central.transactions.retention import purge


def days(text: str) -> int:
    """``--days``: the same range as ``CENTRAL_RETENTION_DAYS``."""
    try:
        return retention_days(text, "--days")
    except ConfigurationError as exc:
        raise argparse.ArgumentTypeError(str(exc).removeprefix("--days: ")) from None


class Command(CentralCommand):
    """See the module docstring."""

    help = "Erase the personal data of requests finished more than the retention period ago."

    def add_arguments(self, parser: argparse.ArgumentParser) -> None:
        """The period and the dry run."""
        parser.add_argument(
            "--days",
            type=days,
            metavar="N",
            help="days after a request finished (default: $CENTRAL_RETENTION_DAYS, else 90)",
        )
        parser.add_argument(
            "--dry-run", action="store_true", help="count what would be purged; change nothing"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        """Purge and print the summary."""
        try:
            catalog = cast(ApiConfig, apps.get_app_config("api")).catalog()
        except CatalogError as exc:
            raise usage_error(f"CENTRAL_CATALOG: {exc}") from None
        period = options["days"] or settings.ENVIRONMENT.retention_days
        done = purge(catalog, period, timezone.now(), dry_run=options["dry_run"])
        self.stdout.write(json.dumps({**done.as_json(), "dry_run": options["dry_run"]}))
