"""The registry app."""

from __future__ import annotations

from functools import cached_property

from django.apps import AppConfig
from django.conf import settings

from central.registry.vault import SecretVault


class RegistryConfig(AppConfig):
    """Holds the process's :class:`SecretVault`, whose keys are read once."""

    name = "central.registry"
    label = "registry"
    verbose_name = "Registry"

    @cached_property
    def vault(self) -> SecretVault:
        """The vault of the kiosks' secrets (``CENTRAL_SECRETS_KEY_FILE``)."""
        return SecretVault(settings.ENVIRONMENT.secrets_key_file)
