"""The fleet app."""

from __future__ import annotations

from django.apps import AppConfig


class FleetConfig(AppConfig):
    """Heartbeats and audit events."""

    name = "central.fleet"
    label = "fleet"
    verbose_name = "Fleet"
