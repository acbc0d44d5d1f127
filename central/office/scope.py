"""Which records each member of staff may reach: the one place, one function per role.

Every view of the back office takes its records from a function here (:func:`requests`,
:func:`letters_to_sign`, :func:`letters`, :func:`kiosks`, :func:`staff`,
:func:`audit_entries`) and looks a record up *in* that
queryset, so a record of another scope is simply not there: 404, whether the link was
followed or the URL guessed. Nothing else filters by village, OPD or role.

- ``operator_desa`` and ``kepala_desa``: the requests and kiosks of their village;
- ``ugd_kemiskinan``: the poverty reports of every village (a letter among them, such as the
  Surat Pernyataan Miskin, is the village's to process: the team reads it, never moves it);
- ``petugas_pengaduan``: the complaints routed to their OPD;
- ``admin_diskominfo``: every kiosk and every account, and no citizen's request;
- ``petugas_loket``: the queue tickets of the units of their desks (numbers, no citizen's
  data), called at those desks only.

A user's reach is the union over their role grants, and for an action only over the grants
whose role has that action's permission (:data:`central.office.permissions.ROLE_PERMISSIONS`).
Queue tickets are the counters' (the queue pages), never in these requests.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from django.contrib.auth import get_user_model
from django.contrib.auth.models import User
from django.db.models import Q, QuerySet

from central.letters.authority import signing_villages
from central.letters.models import Letter
from central.office.catalog import COMPLAINT_SERVICES, POVERTY_SERVICES
from central.office.models import AuditEntry
from central.office.permissions import ROLE_PERMISSIONS, Permission, grants_of
from central.registry.models import Kiosk, Role, RoleGrant
from central.transactions.models import QueueEntry, Transaction
from central.transactions.workflow import Kind, TransactionState


@dataclass(frozen=True, order=True)
class Desk:
    """A counter desk (loket) of a queue unit, where a petugas_loket calls."""

    unit: str
    number: int


#: Matches no row (an empty ``IN``), for roles that reach nothing of a kind.
NOTHING = Q(pk__in=[])
#: Matches every row. (An empty ``Q()`` would vanish from ``NOTHING | Q()``.)
EVERYTHING = Q(pk__isnull=False)

RequestScope = Callable[[RoleGrant, Permission], Q]
KioskScope = Callable[[RoleGrant], Q]


def _village_requests(grant: RoleGrant, permission: Permission) -> Q:
    """operator_desa, kepala_desa: every request taken by a kiosk of their village."""
    return Q(kiosk__village_id=grant.village_id)


def _poverty_reports(grant: RoleGrant, permission: Permission) -> Q:
    """ugd_kemiskinan: poverty reports of every village; letters only to read."""
    reports = Q(service__in=list(POVERTY_SERVICES))
    if permission is Permission.CHANGE_STATUS:
        return reports & ~Q(kind=Kind.LETTER.value)
    return reports


def _opd_complaints(grant: RoleGrant, permission: Permission) -> Q:
    """petugas_pengaduan: complaints routed to their OPD."""
    return Q(service__in=list(COMPLAINT_SERVICES), complaint__opd__code=grant.opd)


def _no_requests(grant: RoleGrant, permission: Permission) -> Q:
    """admin_diskominfo: no citizen's request."""
    return NOTHING


REQUEST_SCOPES: Mapping[Role, RequestScope] = {
    Role.OPERATOR_DESA: _village_requests,
    Role.KEPALA_DESA: _village_requests,
    Role.UGD_KEMISKINAN: _poverty_reports,
    Role.PETUGAS_PENGADUAN: _opd_complaints,
    Role.ADMIN_DISKOMINFO: _no_requests,
}


def _village_kiosks(grant: RoleGrant) -> Q:
    """operator_desa, kepala_desa: their village's kiosks."""
    return Q(village_id=grant.village_id)


def _every_kiosk(grant: RoleGrant) -> Q:
    """admin_diskominfo: the whole fleet."""
    return EVERYTHING


def _no_kiosks(grant: RoleGrant) -> Q:
    """ugd_kemiskinan, petugas_pengaduan: none."""
    return NOTHING


KIOSK_SCOPES: Mapping[Role, KioskScope] = {
    Role.OPERATOR_DESA: _village_kiosks,
    Role.KEPALA_DESA: _village_kiosks,
    Role.UGD_KEMISKINAN: _no_kiosks,
    Role.PETUGAS_PENGADUAN: _no_kiosks,
    Role.ADMIN_DISKOMINFO: _every_kiosk,
}


def _grants_with(user: Any, permission: Permission) -> list[RoleGrant]:
    return [grant for grant in grants_of(user) if permission in ROLE_PERMISSIONS[Role(grant.role)]]


def requests(user: Any, permission: Permission = Permission.VIEW_REQUESTS) -> QuerySet[Transaction]:
    """The citizens' requests ``user`` may reach for ``permission``, newest first."""
    reach = NOTHING
    for grant in _grants_with(user, permission):
        reach |= REQUEST_SCOPES[Role(grant.role)](grant, permission)
    return (
        Transaction.objects.filter(reach)
        .exclude(kind=Kind.QUEUE.value)
        .select_related("kiosk__village__kecamatan")
        .order_by("-received_at", "-id")
    )


def letters_to_sign(user: Any) -> QuerySet[Transaction]:
    """Verified letter requests of the villages whose letters ``user`` signs, oldest first.

    Who signs is the letters configuration's (the head, or the official signing "a.n." or
    as Plt.); the requests are still only those the user's village grants reach.
    """
    return (
        requests(user)
        .filter(
            kind=Kind.LETTER.value,
            status=TransactionState.VERIFIED.value,
            kiosk__village__in=signing_villages(user),
        )
        .order_by("received_at", "id")
    )


def letters(user: Any) -> QuerySet[Letter]:
    """The signed letters of the requests ``user`` may read."""
    return Letter.objects.filter(transaction__in=requests(user)).select_related(
        "transaction", "village", "signer", "revoked_by"
    )


def kiosks(user: Any) -> QuerySet[Kiosk]:
    """The kiosks ``user`` may watch (the fleet page)."""
    reach = NOTHING
    for grant in _grants_with(user, Permission.VIEW_FLEET):
        reach |= KIOSK_SCOPES[Role(grant.role)](grant)
    return Kiosk.objects.filter(reach).select_related("village__kecamatan").order_by("kiosk_id")


def staff(user: Any) -> QuerySet[User]:
    """The accounts ``user`` may manage: all of them for Diskominfo's admins, else none."""
    users = get_user_model().objects.order_by("username")
    if _grants_with(user, Permission.MANAGE_STAFF):
        return users
    return users.none()


def audit_entries(user: Any) -> QuerySet[AuditEntry]:
    """The audit trail ``user`` may read: all of it for Diskominfo's admins, else none."""
    if _grants_with(user, Permission.READ_AUDIT):
        return AuditEntry.objects.all()
    return AuditEntry.objects.none()


def desks(user: Any) -> list[Desk]:
    """The counter desks ``user`` calls at (petugas_loket: one per grant), in order."""
    return sorted(
        {Desk(grant.unit, grant.desk) for grant in _grants_with(user, Permission.CALL_QUEUE)}
    )


def queue_entries(user: Any) -> QuerySet[QueueEntry]:
    """The queue tickets ``user`` may call, skip, finish or transfer: their desks' units'."""
    units = {desk.unit for desk in desks(user)}
    return QueueEntry.objects.filter(unit__in=units).select_related("transaction")


def poverty_team(user: Any) -> QuerySet[User]:
    """Who a poverty report can be assigned to: active members of the poverty team."""
    if not _grants_with(user, Permission.FOLLOW_UP_POVERTY):
        return get_user_model().objects.none()
    return (
        get_user_model()
        .objects.filter(is_active=True, role_grants__role=Role.UGD_KEMISKINAN.value)
        .distinct()
        .order_by("username")
    )
