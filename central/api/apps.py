"""The api app."""

from __future__ import annotations

from django.apps import AppConfig

from central.catalog import Catalog, load_catalog


class ApiConfig(AppConfig):
    """Holds the catalog this process serves (``serve --catalog``, else the built-in one)."""

    name = "central.api"
    label = "api"
    verbose_name = "Kiosk API"
    _catalog: Catalog | None = None

    def catalog(self) -> Catalog:
        """The catalog served to kiosks; the built-in one unless :meth:`serve_catalog` ran."""
        if self._catalog is None:
            from central.api.checks import contract  # needs the app registry ready
            from central.letters.kinds import letter_services

            self._catalog = load_catalog(None, contract(), letter_services())
        return self._catalog

    def serve_catalog(self, catalog: Catalog) -> None:
        """Serve ``catalog`` (``serve --catalog FILE``, checked before the server starts)."""
        self._catalog = catalog
