"""``python -m central add-user --username U --role ROLE [--role R2 ...] [--village C] [--opd C]``.

Creates a back-office user; the password is read from standard input (its first line), so it
never shows in ``ps`` or the shell's history, checked against Django's password validators
and stored as an Argon2 hash. ``operator_desa`` and ``kepala_desa`` need ``--village``,
``petugas_pengaduan`` needs ``--opd``; ``ugd_kemiskinan`` and ``admin_diskominfo`` cover the
whole regency.
"""

from __future__ import annotations

import argparse
import re
from typing import Any

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError

from central.command import CentralCommand, matching, read_password, refused, usage_error
from central.registry.management.commands.add_kiosk import find_village, village_code
from central.registry.models import OPD_CODE, Role, Scope
from central.registry.staff import Grant, create_user

_USERNAME = re.compile(r"[A-Za-z0-9_.@+-]{1,150}")


class Command(CentralCommand):
    """See the module docstring."""

    help = "Create a back-office user; the password comes from standard input."

    def add_arguments(self, parser: argparse.ArgumentParser) -> None:
        """The user, their roles and the scopes of those roles."""
        parser.add_argument(
            "--username", required=True, type=matching(_USERNAME, "1-150 of A-Z a-z 0-9 _.@+-")
        )
        parser.add_argument(
            "--role",
            dest="roles",
            required=True,
            action="append",
            choices=[role.value for role in Role],
            help="a role; repeat for more",
        )
        parser.add_argument(
            "--village", type=village_code, metavar="CODE", help="for village roles"
        )
        parser.add_argument(
            "--opd",
            type=matching(OPD_CODE, "an OPD code of 2-32 of A-Z 0-9 _ -"),
            metavar="CODE",
            help="for petugas_pengaduan",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        """Check the roles' scopes and the password, then create the user and the grants."""
        roles = sorted({Role(value) for value in options["roles"]})
        scopes = {role.scope for role in roles}
        if (Scope.VILLAGE in scopes) != (options["village"] is not None):
            raise usage_error(
                "--village is needed by operator_desa and kepala_desa, and only by them"
            )
        if (Scope.OPD in scopes) != (options["opd"] is not None):
            raise usage_error("--opd is needed by petugas_pengaduan, and only by it")
        village = find_village(options["village"]) if options["village"] else None
        username = options["username"]
        if get_user_model().objects.filter(username=username).exists():
            raise refused(f"user {username} exists already")
        password = read_password()
        grants = [
            Grant(
                role,
                village if role.scope is Scope.VILLAGE else None,
                options["opd"] if role.scope is Scope.OPD else "",
            )
            for role in roles
        ]
        try:
            create_user(username, password, grants)
        except ValidationError as exc:
            raise usage_error("the password is refused: " + " ".join(exc.messages)) from None
