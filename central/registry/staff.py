"""Back-office accounts: one place that creates a user with their role grants.

``python -m central add-user`` and the back office's "new account" page both come here, so
an account is made the same way from either: the password checked against Django's
validators and stored as an Argon2 hash, and the user and their grants in one transaction.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.contrib.auth import get_user_model
from django.contrib.auth.password_validation import validate_password
from django.db import transaction

from central.registry.models import MAX_DESK, UNIT_CODE, Role, RoleGrant, Scope, Village

log = logging.getLogger("central.registry")


@dataclass(frozen=True)
class Grant:
    """A role and what it is limited to.

    A village for village roles, an OPD code for complaint officers, a queue unit (the
    catalog's counter code) and desk number for counter officers.
    """

    role: Role
    village: Village | None = None
    opd: str = ""
    unit: str = ""
    desk: int = 0

    def scope_problem(self) -> str | None:
        """Why this grant cannot be given as it is, or None."""
        needs_village, needs_opd = self.role.scope is Scope.VILLAGE, self.role.scope is Scope.OPD
        if needs_village != (self.village is not None):
            return "a village is needed by operator_desa and kepala_desa, and only by them"
        if needs_opd != bool(self.opd):
            return "an OPD is needed by petugas_pengaduan, and only by it"
        if (self.role.scope is Scope.UNIT) != bool(self.unit or self.desk):
            return "a unit and desk are needed by petugas_loket, and only by it"
        if self.role.scope is Scope.UNIT and not (
            UNIT_CODE.fullmatch(self.unit) and 1 <= self.desk <= MAX_DESK
        ):
            return (
                f"petugas_loket needs a unit of 1-3 capital letters and a desk from 1 to {MAX_DESK}"
            )
        return None


def create_user(username: str, password: str, grants: Iterable[Grant]) -> Any:
    """Create an active user with ``grants``; Django's ValidationError if the password is weak.

    The caller has checked each grant's scope (:meth:`Grant.scope_problem`) and that the
    name is free.
    """
    user = get_user_model()(username=username)
    validate_password(password, user)
    with transaction.atomic():
        user.set_password(password)
        user.save()
        for grant in grants:
            add_grant(user, grant)
    log.info(
        "User %s created: %s",
        username,
        ", ".join(str(row) for row in user.role_grants.select_related("village")),
    )
    return user


def add_grant(user: Any, grant: Grant) -> RoleGrant:
    """Give ``user`` one more role (the database refuses the same grant twice)."""
    return RoleGrant.objects.create(
        user=user,
        role=grant.role.value,
        village=grant.village,
        opd=grant.opd,
        unit=grant.unit,
        desk=grant.desk,
    )
