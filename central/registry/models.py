"""Who and where: kecamatan and villages (Kemendagri codes), kiosks, and back-office roles.

Regions are data (``python -m central import-regions``), so a regency loads its own. A
kiosk belongs to one village, and a village may have many kiosks. Back-office users are
Django's own ``User`` (Argon2 passwords, ``is_active`` for deactivation); what each may see
comes from their :class:`RoleGrant` rows: a village role carries its village, a complaint
officer's role its OPD, a counter officer's role their unit and desk, and a user may hold
several.
"""

from __future__ import annotations

import datetime as dt
import enum
import re

from django.conf import settings
from django.db import models
from django.db.models import Q

from central.registry.vault import SecretVault

KECAMATAN_CODE = re.compile(r"[0-9]{6}")
VILLAGE_CODE = re.compile(r"[0-9]{10}")
KIOSK_ID = re.compile(r"[A-Za-z0-9][A-Za-z0-9_-]{0,31}")
OPD_CODE = re.compile(r"[A-Z0-9][A-Z0-9_-]{1,31}")
#: A queue unit: the catalog's counter code (``A`` for Dukcapil, ...).
UNIT_CODE = re.compile(r"[A-Z]{1,3}")
#: Counter desks (loket) of a hall are numbered from 1.
MAX_DESK = 999
_NOT_REFERENCE_CHARACTERS = re.compile(r"[^A-Z0-9]+")


def dotted(code: str) -> str:
    """A Kemendagri code as people write it: ``3510152004`` is ``35.10.15.2004``."""
    parts = [code[:2], code[2:4], code[4:6], code[6:]]
    return ".".join(part for part in parts if part)


def reference_part(kiosk_id: str) -> str:
    """The kiosk part of its references (contract, "References").

    ``alm_desa.01`` makes ``ALM-DESA-01-20261123-K1-A001``: upper case, every run of other
    characters than ``A-Z0-9`` one ``-``, none at either end.
    """
    return _NOT_REFERENCE_CHARACTERS.sub("-", kiosk_id.upper()).strip("-")


class Kecamatan(models.Model):
    """A district of the regency, by its 6-digit Kemendagri code (``35.10.15``)."""

    code = models.CharField(max_length=6, unique=True)
    name = models.CharField(max_length=100)

    class Meta:
        verbose_name_plural = "kecamatan"
        ordering = ["code"]
        constraints = [
            models.CheckConstraint(
                condition=Q(code__regex=r"^[0-9]{6}$"), name="kecamatan_code_6_digits"
            )
        ]

    def __str__(self) -> str:
        """``35.10.15 Glagah``."""
        return f"{dotted(self.code)} {self.name}"


class Village(models.Model):
    """A desa or kelurahan, by its 10-digit Kemendagri code (``35.10.15.2004``).

    The first six digits are its kecamatan's code (a check constraint cannot look across
    tables, so :func:`central.registry.regions.import_regions` makes sure of it).
    """

    code = models.CharField(max_length=10, unique=True)
    name = models.CharField(max_length=100)
    kecamatan = models.ForeignKey(Kecamatan, on_delete=models.PROTECT, related_name="villages")

    class Meta:
        ordering = ["code"]
        constraints = [
            models.CheckConstraint(
                condition=Q(code__regex=r"^[0-9]{10}$"), name="village_code_10_digits"
            )
        ]

    def __str__(self) -> str:
        """``35.10.15.2004 Kemiren``."""
        return f"{dotted(self.code)} {self.name}"


class Kiosk(models.Model):
    """A kiosk allowed to call the API, with its signing secret sealed by :class:`SecretVault`.

    ``reference_part`` is unique: central reads the kiosk from a reference's kiosk part, so
    two kiosks whose parts are equal would claim each other's references. A disabled kiosk
    (``is_active`` false, ``disabled_at`` set; ``python -m central disable-kiosk``) has every
    request refused with ``kiosk-disabled``; its rows stay. A replaced secret is kept as a
    :class:`RetiredSecret`, only to check the receipts it signed.
    """

    kiosk_id = models.CharField(max_length=32, unique=True)
    reference_part = models.CharField(max_length=32, unique=True)
    name = models.CharField(max_length=100)
    village = models.ForeignKey(
        Village,
        on_delete=models.PROTECT,
        related_name="kiosks",
        null=True,
        blank=True,
        help_text="Empty only for development kiosks registered with serve --kiosk.",
    )
    secret_sealed = models.TextField(help_text="The signing secret, encrypted; never logged.")
    is_active = models.BooleanField(default=True)
    created_at = models.DateTimeField(auto_now_add=True)
    secret_changed_at = models.DateTimeField()
    disabled_at = models.DateTimeField(
        null=True, blank=True, help_text="When disable-kiosk refused it (a stolen PC)."
    )

    class Meta:
        ordering = ["kiosk_id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(kiosk_id__regex=r"^[A-Za-z0-9][A-Za-z0-9_-]{0,31}$"),
                name="kiosk_id_pattern",
            )
        ]

    def __str__(self) -> str:
        """The kiosk id (never the secret)."""
        return self.kiosk_id

    def secret(self, vault: SecretVault) -> str:
        """The signing secret, unsealed."""
        return vault.open(self.secret_sealed, self.kiosk_id)

    def receipt_secrets(self, vault: SecretVault, created_at: dt.datetime) -> list[str]:
        """The secrets that may have signed the receipt of a request made at ``created_at``.

        The one in use, and every one retired after that time: a receipt printed before a
        rotation keeps its check, so a citizen can still follow the request at any kiosk.
        Only a signing kiosk can ask (a disabled one cannot), so an old secret in a thief's
        hands opens nothing.
        """
        retired = self.retired_secrets.filter(retired_at__gt=created_at).order_by("-retired_at")
        return [
            self.secret(vault),
            *(vault.open(old.secret_sealed, self.kiosk_id) for old in retired),
        ]


class RetiredSecret(models.Model):
    """A kiosk's signing secret replaced by ``rotate-kiosk-secret``; it signs nothing any more."""

    kiosk = models.ForeignKey(Kiosk, on_delete=models.CASCADE, related_name="retired_secrets")
    secret_sealed = models.TextField(help_text="The old secret, encrypted; never logged.")
    retired_at = models.DateTimeField()

    class Meta:
        ordering = ["kiosk_id", "retired_at"]

    def __str__(self) -> str:
        """``ALM-DEMO-01 retired ...`` (never the secret)."""
        return f"{self.kiosk_id} retired {self.retired_at}"


class Role(enum.StrEnum):
    """A back-office role; what it is scoped to is :attr:`scope`."""

    OPERATOR_DESA = "operator_desa"
    KEPALA_DESA = "kepala_desa"
    UGD_KEMISKINAN = "ugd_kemiskinan"
    PETUGAS_PENGADUAN = "petugas_pengaduan"
    ADMIN_DISKOMINFO = "admin_diskominfo"
    PETUGAS_LOKET = "petugas_loket"

    @property
    def scope(self) -> Scope:
        """What a grant of this role must name."""
        if self in (Role.OPERATOR_DESA, Role.KEPALA_DESA):
            return Scope.VILLAGE
        if self is Role.PETUGAS_PENGADUAN:
            return Scope.OPD
        if self is Role.PETUGAS_LOKET:
            return Scope.UNIT
        return Scope.REGENCY


class Scope(enum.Enum):
    """What a role is limited to: one village, one OPD, one queue unit's desk, or the regency."""

    VILLAGE = "village"
    OPD = "opd"
    UNIT = "unit"
    REGENCY = "regency"


_VILLAGE_ROLES = [role.value for role in Role if role.scope is Scope.VILLAGE]
_OPD_ROLES = [role.value for role in Role if role.scope is Scope.OPD]
_UNIT_ROLES = [role.value for role in Role if role.scope is Scope.UNIT]


class RoleGrant(models.Model):
    """One role of one user, with the village, OPD or queue desk it is limited to.

    The database refuses a village role without a village, a complaint officer without an
    OPD, a counter officer without a unit (the catalog's counter code) and desk (the loket
    number, from 1), and a scope on a role that has none; a user holds each (role, scope)
    once. A desk belongs to one unit at a time, by practice, not by constraint: a desk that
    serves Dukcapil in the morning may serve Kemenag in the afternoon.
    """

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="role_grants"
    )
    role = models.CharField(max_length=32, choices=[(role.value, role.value) for role in Role])
    village = models.ForeignKey(
        Village, on_delete=models.PROTECT, related_name="role_grants", null=True, blank=True
    )
    opd = models.CharField(
        max_length=32, blank=True, default="", help_text="The OPD's code, for complaint officers."
    )
    unit = models.CharField(
        max_length=3,
        blank=True,
        default="",
        help_text="The queue unit (the catalog's counter code), for counter officers.",
    )
    desk = models.PositiveSmallIntegerField(
        default=0, help_text="The counter desk (loket) number, for counter officers; else 0."
    )

    class Meta:
        ordering = ["user_id", "role"]
        constraints = [
            models.CheckConstraint(
                condition=Q(role__in=[role.value for role in Role]), name="role_grant_known_role"
            ),
            models.CheckConstraint(
                condition=Q(role__in=_VILLAGE_ROLES, village__isnull=False)
                | (~Q(role__in=_VILLAGE_ROLES) & Q(village__isnull=True)),
                name="role_grant_village_iff_village_role",
            ),
            models.CheckConstraint(
                condition=(Q(role__in=_OPD_ROLES) & ~Q(opd=""))
                | (~Q(role__in=_OPD_ROLES) & Q(opd="")),
                name="role_grant_opd_iff_opd_role",
            ),
            models.CheckConstraint(
                condition=(
                    Q(role__in=_UNIT_ROLES, unit__regex=r"^[A-Z]{1,3}$")
                    & Q(desk__gte=1, desk__lte=MAX_DESK)
                )
                | (~Q(role__in=_UNIT_ROLES) & Q(unit="", desk=0)),
                name="role_grant_desk_iff_unit_role",
            ),
            models.UniqueConstraint(
                fields=["user", "role", "village"],
                condition=Q(village__isnull=False),
                name="role_grant_once_per_village",
            ),
            models.UniqueConstraint(
                fields=["user", "role", "opd", "unit", "desk"],
                condition=Q(village__isnull=True),
                name="role_grant_once_per_opd_desk_or_regency",
            ),
        ]

    def __str__(self) -> str:
        """``operator_desa of 35.10.15.2004 Kemiren``, ``petugas_loket of A desk 3``."""
        if self.village_id is not None:
            return f"{self.role} of {self.village}"
        if self.unit:
            return f"{self.role} of {self.unit} desk {self.desk}"
        return f"{self.role} of {self.opd}" if self.opd else self.role
