"""The operations app."""

from __future__ import annotations

from django.apps import AppConfig


class OperationsConfig(AppConfig):
    """Backups and restores: what keeps a regency's data through a lost server."""

    name = "central.operations"
    label = "operations"
    verbose_name = "Operations"
