"""What each role may do, as Django permissions, so views and templates ask the framework.

A user's permissions are the union of their roles' (:data:`ROLE_PERMISSIONS`), read from
their :class:`~central.registry.models.RoleGrant` rows by :class:`RoleBackend`, an
authentication backend like Django's own: views say ``permission_required =
Permission.CHANGE_STATUS`` and templates ``{% if perms.office.change_status %}``. *Which*
records a permission reaches is the scope's business (:mod:`central.office.scope`): a
permission says what, the scope says where.
"""

from __future__ import annotations

import enum
from collections.abc import Mapping
from typing import Any

from django.contrib.auth.backends import ModelBackend

from central.registry.models import Role, RoleGrant


class Permission(enum.StrEnum):
    """A back-office permission, as ``user.has_perm`` takes it."""

    VIEW_REQUESTS = "office.view_requests"
    CHANGE_STATUS = "office.change_status"
    REVEAL_NIK = "office.reveal_nik"
    VIEW_COMPLAINTS = "office.view_complaints"
    ROUTE_COMPLAINTS = "office.route_complaints"
    VIEW_POVERTY = "office.view_poverty"
    FOLLOW_UP_POVERTY = "office.follow_up_poverty"
    VIEW_FLEET = "office.view_fleet"
    MANAGE_STAFF = "office.manage_staff"
    READ_AUDIT = "office.read_audit"
    #: Not a role's: whoever the letters configuration says signs a village's letters
    #: (:func:`central.letters.authority.signing_villages`) has it.
    SIGN_LETTERS = "office.sign_letters"
    CALL_QUEUE = "office.call_queue"


_P = Permission
ROLE_PERMISSIONS: Mapping[Role, frozenset[Permission]] = {
    # The village's operator works its requests: verifies, asks for corrections, rejects,
    # routes its complaints to an OPD.
    Role.OPERATOR_DESA: frozenset(
        {
            _P.VIEW_REQUESTS,
            _P.CHANGE_STATUS,
            _P.REVEAL_NIK,
            _P.VIEW_COMPLAINTS,
            _P.ROUTE_COMPLAINTS,
            _P.VIEW_POVERTY,
            _P.VIEW_FLEET,
        }
    ),
    # The village head reads everything of the village (and signs letters: the letters app).
    Role.KEPALA_DESA: frozenset(
        {_P.VIEW_REQUESTS, _P.REVEAL_NIK, _P.VIEW_COMPLAINTS, _P.VIEW_POVERTY, _P.VIEW_FLEET}
    ),
    # The poverty team: every village's poverty reports, followed up by its members.
    Role.UGD_KEMISKINAN: frozenset(
        {
            _P.VIEW_REQUESTS,
            _P.CHANGE_STATUS,
            _P.REVEAL_NIK,
            _P.VIEW_POVERTY,
            _P.FOLLOW_UP_POVERTY,
        }
    ),
    # A complaint officer answers the complaints routed to their OPD.
    Role.PETUGAS_PENGADUAN: frozenset(
        {_P.VIEW_REQUESTS, _P.CHANGE_STATUS, _P.REVEAL_NIK, _P.VIEW_COMPLAINTS}
    ),
    # Diskominfo keeps the kiosks and the accounts, and reads the audit: no citizen's data.
    Role.ADMIN_DISKOMINFO: frozenset({_P.VIEW_FLEET, _P.MANAGE_STAFF, _P.READ_AUDIT}),
    # Counter staff of a Mal Pelayanan Publik call the queue of their unit at their desk:
    # ticket numbers only, no citizen's data.
    Role.PETUGAS_LOKET: frozenset({_P.CALL_QUEUE}),
}

_CACHE = "_office_grants"
_SIGNS_CACHE = "_office_signs_letters"


def grants_of(user: Any) -> list[RoleGrant]:
    """The user's role grants (with their villages), read once per request's user object."""
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return []
    cached: list[RoleGrant] | None = getattr(user, _CACHE, None)
    if cached is None:
        cached = list(RoleGrant.objects.filter(user=user).select_related("village__kecamatan"))
        setattr(user, _CACHE, cached)
    return cached


def roles_of(user: Any) -> set[Role]:
    """The roles the user holds, in any scope."""
    return {Role(grant.role) for grant in grants_of(user)}


class RoleBackend(ModelBackend):
    """Django's users and passwords, with the permissions of the user's roles added."""

    def get_all_permissions(self, user_obj: Any, obj: Any = None) -> set[str]:
        """The roles' permissions, and any given in Django's own tables."""
        if obj is not None or not user_obj.is_active or user_obj.is_anonymous:
            return set()
        granted = {
            permission.value for role in roles_of(user_obj) for permission in ROLE_PERMISSIONS[role]
        }
        if signs_letters(user_obj):
            granted.add(Permission.SIGN_LETTERS.value)
        return granted | super().get_all_permissions(user_obj)


def signs_letters(user: Any) -> bool:
    """Whether the user signs some village's letters, read once per request's user object."""
    cached: bool | None = getattr(user, _SIGNS_CACHE, None)
    if cached is None:
        # Imported here: the letters app's models load after this backend's module.
        from central.letters.authority import signing_villages

        cached = bool(signing_villages(user))
        setattr(user, _SIGNS_CACHE, cached)
    return cached
