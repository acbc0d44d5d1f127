"""The api app."""

from __future__ import annotations

from django.apps import AppConfig
from django.conf import settings

from central.catalog import Catalog, load_catalog


class ApiConfig(AppConfig):
    """Holds the catalog this process serves: ``serve --catalog``, else ``$CENTRAL_CATALOG``."""

    name = "central.api"
    label = "api"
    verbose_name = "Kiosk API"
    _catalog: Catalog | None = None

    def catalog(self) -> Catalog:
        """The catalog served to kiosks: ``$CENTRAL_CATALOG``, else the built-in one.

        ``serve --catalog`` replaces it (:meth:`serve_catalog`).
        """
        if self._catalog is None:
            from central.api.checks import contract  # needs the app registry ready
            from central.letters.kinds import letter_services

            self._catalog = load_catalog(
                settings.ENVIRONMENT.catalog, contract(), letter_services()
            )
        return self._catalog

    def serve_catalog(self, catalog: Catalog) -> None:
        """Serve ``catalog`` (``serve --catalog FILE``, checked before the server starts)."""
        self._catalog = catalog
