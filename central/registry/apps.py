"""The registry app."""

from __future__ import annotations

from functools import cached_property
from typing import TYPE_CHECKING

from django.apps import AppConfig
from django.conf import settings

from central.registry.vault import SecretVault

if TYPE_CHECKING:
    from central.registry.kiosks import SigningKiosks


class RegistryConfig(AppConfig):
    """Holds the process's :class:`SecretVault` (keys read once) and its kiosks read lately."""

    name = "central.registry"
    label = "registry"
    verbose_name = "Registry"

    @cached_property
    def vault(self) -> SecretVault:
        """The vault of the kiosks' secrets (``CENTRAL_SECRETS_KEY_FILE``)."""
        return SecretVault(settings.ENVIRONMENT.secrets_key_file)

    @cached_property
    def signing_kiosks(self) -> SigningKiosks:
        """The kiosks this process has read lately, for the API's signature checks."""
        from central.registry.kiosks import SigningKiosks  # needs the models loaded

        return SigningKiosks(self.vault)
