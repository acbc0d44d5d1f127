"""Registering kiosks, and what a stolen one needs: a new secret, or no access at all.

One place for ``add-kiosk``, the development ``serve --kiosk``, ``rotate-kiosk-secret``,
``disable-kiosk`` and ``enable-kiosk``, and for the API's view of the kiosks
(:class:`SigningKiosks`).
"""

from __future__ import annotations

import logging
import re
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import cast

from django.apps import apps
from django.db import transaction
from django.utils import timezone

from central.registry.apps import RegistryConfig
from central.registry.models import KIOSK_ID, Kiosk, RetiredSecret, Village, reference_part
from central.registry.vault import SecretVault

log = logging.getLogger("central.registry")

#: A production secret: printable ASCII without spaces, long enough not to be guessed.
PRODUCTION_SECRET = re.compile(r"[!-~]{16,256}")


class RegistryError(Exception):
    """A registration the registry refuses; the message says why."""


#: Seconds a process trusts a kiosk's row it has read. ``disable-kiosk``,
#: ``rotate-kiosk-secret`` and ``enable-kiosk`` wait this long after their commit, so once
#: they return, no worker of any central on the database still acts on the old row.
TRUST_SECONDS = 1.0


def vault() -> SecretVault:
    """The vault of kiosk secrets, kept by the registry app for the life of the process."""
    return _registry().vault


def signing_kiosks() -> SigningKiosks:
    """The kiosks as this process read them lately (see :class:`SigningKiosks`)."""
    return _registry().signing_kiosks


def _registry() -> RegistryConfig:
    return cast(RegistryConfig, apps.get_app_config("registry"))


@dataclass(frozen=True)
class SigningKiosk:
    """A kiosk's row as read at ``read_at`` (monotonic seconds), with its secret unsealed."""

    kiosk: Kiosk
    secret: str
    read_at: float


class SigningKiosks:
    """Kiosks read for signature checks, each trusted for :data:`TRUST_SECONDS`.

    Every signed request needs its kiosk's row and secret. A kiosk that syncs sends many
    requests a second; reading its row once a second, and unsealing its secret only when the
    sealed value changed, takes a query and a decryption off almost every request (the
    profile of the request path: README, "Benchmarks"). The commands that change what a request may
    do wait out the same time, so the shortcut never lets a disabled kiosk or an old secret
    through after they return. Unknown ids are not kept: a flood of them cannot grow this.
    """

    def __init__(
        self,
        vault: SecretVault,
        trust_seconds: float = TRUST_SECONDS,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self._vault = vault
        self._trust_seconds = trust_seconds
        self._clock = clock
        self._read: dict[str, SigningKiosk] = {}
        self._lock = threading.Lock()

    def get(self, kiosk_id: str) -> SigningKiosk | None:
        """The kiosk with its secret, read again once its row is older than the trust time."""
        now = self._clock()
        with self._lock:
            known = self._read.get(kiosk_id)
        if known is not None and now - known.read_at < self._trust_seconds:
            return SigningKiosk(_copy(known.kiosk), known.secret, known.read_at)
        kiosk = Kiosk.objects.filter(kiosk_id=kiosk_id).order_by().first()
        if kiosk is None:
            with self._lock:
                self._read.pop(kiosk_id, None)
            return None
        if known is not None and known.kiosk.secret_sealed == kiosk.secret_sealed:
            secret = known.secret
        else:
            secret = kiosk.secret(self._vault)
        fresh = SigningKiosk(kiosk, secret, now)
        with self._lock:
            self._read[kiosk_id] = fresh
        return SigningKiosk(_copy(kiosk), secret, now)


def _copy(kiosk: Kiosk) -> Kiosk:
    """A request's own instance of a kept row (instances cache related objects as they go)."""
    fields = [field.attname for field in Kiosk._meta.concrete_fields]
    return Kiosk.from_db(kiosk._state.db, fields, [getattr(kiosk, name) for name in fields])


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
        kiosk.disabled_at = None
        kiosk.save()
    log.info("Development kiosk %s registered", kiosk_id)
    return kiosk


def rotate_secret(kiosk_id: str, secret: str) -> Kiosk:
    """Give a kiosk a new signing secret; the old one signs nothing from the return on.

    The old secret is kept, sealed, as a :class:`RetiredSecret` only to check the receipts
    it signed. A disabled kiosk stays disabled (``enable-kiosk`` lets it back).
    """
    now = timezone.now()
    with transaction.atomic():
        kiosk = _locked(kiosk_id)
        if kiosk.secret(vault()) == secret:
            raise RegistryError(f"kiosk {kiosk_id} already has this secret; give it a new one")
        RetiredSecret.objects.create(kiosk=kiosk, secret_sealed=kiosk.secret_sealed, retired_at=now)
        kiosk.secret_sealed = vault().seal(secret)
        kiosk.secret_changed_at = now
        kiosk.save(update_fields=["secret_sealed", "secret_changed_at"])
    _outwait()
    log.info("Kiosk %s has a new secret; requests signed with the old one are refused", kiosk_id)
    return kiosk


def disable_kiosk(kiosk_id: str) -> Kiosk:
    """Refuse every request of the kiosk from the return on (``kiosk-disabled``, final)."""
    with transaction.atomic():
        kiosk = _locked(kiosk_id)
        if kiosk.is_active:
            kiosk.is_active = False
            kiosk.disabled_at = timezone.now()
            kiosk.save(update_fields=["is_active", "disabled_at"])
    _outwait()
    log.warning(
        "Kiosk %s is disabled since %s; its requests are refused", kiosk_id, kiosk.disabled_at
    )
    return kiosk


def enable_kiosk(kiosk_id: str) -> Kiosk:
    """Let a disabled kiosk back in, once its secret was replaced after it was disabled.

    A kiosk is disabled because someone else may hold its secret: letting it back with that
    secret would let them back too.
    """
    with transaction.atomic():
        kiosk = _locked(kiosk_id)
        if kiosk.is_active:
            return kiosk
        if kiosk.disabled_at is not None and kiosk.secret_changed_at <= kiosk.disabled_at:
            raise RegistryError(
                f"kiosk {kiosk_id} was disabled at "
                f"{kiosk.disabled_at.isoformat(timespec='seconds')} and still has the secret it "
                "had then; give it a new one first with "
                f"python -m central rotate-kiosk-secret --id {kiosk_id} --secret-file FILE"
            )
        kiosk.is_active = True
        kiosk.disabled_at = None
        kiosk.save(update_fields=["is_active", "disabled_at"])
    # A worker that still refused it would make the kiosk give up requests for good.
    _outwait()
    log.info("Kiosk %s is enabled again", kiosk_id)
    return kiosk


def _locked(kiosk_id: str) -> Kiosk:
    """The kiosk's row, locked until the transaction ends; RegistryError if there is none."""
    kiosk = Kiosk.objects.select_for_update().filter(kiosk_id=kiosk_id).first()
    if kiosk is None:
        raise RegistryError(f"no kiosk {kiosk_id[:40]!r} is registered")
    return kiosk


def _outwait() -> None:
    """Wait until no process can still trust a row it read before the commit."""
    time.sleep(TRUST_SECONDS)


def _refuse_shared_part(kiosk_id: str) -> None:
    """RegistryError if another kiosk's references would look like this one's."""
    part = reference_part(kiosk_id)
    other = Kiosk.objects.filter(reference_part=part).exclude(kiosk_id=kiosk_id).first()
    if other is not None:
        raise RegistryError(
            f"kiosk {kiosk_id} would make references starting {part}-, like kiosk "
            f"{other.kiosk_id}; choose an id whose upper-case letters and digits differ"
        )
