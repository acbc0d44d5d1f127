"""Registering kiosks: one place for ``add-kiosk`` and the development ``serve --kiosk``."""

from __future__ import annotations

import logging
import re
from typing import cast

from django.apps import apps
from django.db import transaction
from django.utils import timezone

from central.registry.apps import RegistryConfig
from central.registry.models import KIOSK_ID, Kiosk, Village, reference_part
from central.registry.vault import SecretVault

log = logging.getLogger("central.registry")

#: A production secret: printable ASCII without spaces, long enough not to be guessed.
PRODUCTION_SECRET = re.compile(r"[!-~]{16,256}")


class RegistryError(Exception):
    """A registration the registry refuses; the message says why."""


def vault() -> SecretVault:
    """The vault of kiosk secrets, kept by the registry app for the life of the process."""
    return cast(RegistryConfig, apps.get_app_config("registry")).vault


def check_kiosk_id(kiosk_id: str) -> None:
    """Raise RegistryError unless ``kiosk_id`` matches the contract's ``KioskId``."""
    if not KIOSK_ID.fullmatch(kiosk_id):
        raise RegistryError(
            f"expected a kiosk id matching {KIOSK_ID.pattern}, found {kiosk_id[:40]!r}"
        )


def add_kiosk(kiosk_id: str, secret: str, *, name: str, village: Village | None) -> Kiosk:
    """Register a new kiosk; RegistryError if the id or its reference part is taken."""
    check_kiosk_id(kiosk_id)
    with transaction.atomic():
        if Kiosk.objects.filter(kiosk_id=kiosk_id).exists():
            raise RegistryError(f"kiosk {kiosk_id} is registered already")
        _refuse_shared_part(kiosk_id)
        kiosk = Kiosk.objects.create(
            kiosk_id=kiosk_id,
            reference_part=reference_part(kiosk_id),
            name=name,
            village=village,
            secret_sealed=vault().seal(secret),
            secret_changed_at=timezone.now(),
        )
    log.info("Kiosk %s registered (%s, village %s)", kiosk_id, name, village or "none")
    return kiosk


def set_development_kiosk(kiosk_id: str, secret: str) -> Kiosk:
    """Register a kiosk given to ``serve --kiosk``, or give an existing one this secret."""
    check_kiosk_id(kiosk_id)
    with transaction.atomic():
        kiosk = Kiosk.objects.select_for_update().filter(kiosk_id=kiosk_id).first()
        if kiosk is None:
            _refuse_shared_part(kiosk_id)
            kiosk = Kiosk(kiosk_id=kiosk_id, reference_part=reference_part(kiosk_id), name=kiosk_id)
        elif kiosk.secret(vault()) == secret and kiosk.is_active:
            return kiosk
        kiosk.secret_sealed = vault().seal(secret)
        kiosk.secret_changed_at = timezone.now()
        kiosk.is_active = True
        kiosk.save()
    log.info("Development kiosk %s registered", kiosk_id)
    return kiosk


def _refuse_shared_part(kiosk_id: str) -> None:
    """RegistryError if another kiosk's references would look like this one's."""
    part = reference_part(kiosk_id)
    other = Kiosk.objects.filter(reference_part=part).exclude(kiosk_id=kiosk_id).first()
    if other is not None:
        raise RegistryError(
            f"kiosk {kiosk_id} would make references starting {part}-, like kiosk "
            f"{other.kiosk_id}; choose an id whose upper-case letters and digits differ"
        )
