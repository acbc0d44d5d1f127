"""The office app."""

from __future__ import annotations

from django.apps import AppConfig


class OfficeConfig(AppConfig):
    """The staff's back office at ``/office/``; its audit listens to the login signals."""

    name = "central.office"
    label = "office"
    verbose_name = "Back office"

    def ready(self) -> None:
        """Connect the audit trail to Django's and Axes's login signals."""
        from central.office import signals  # noqa: F401
