"""The citizens app."""

from __future__ import annotations

from django.apps import AppConfig


class CitizensConfig(AppConfig):
    """Cards and pre-registrations."""

    name = "central.citizens"
    label = "citizens"
    verbose_name = "Citizens"
