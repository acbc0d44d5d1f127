"""``python -m central add-user --username U --role ROLE [...] [--village|--opd|--unit --desk]``.

Creates a back-office user; the password is read from standard input (its first line), so it
never shows in ``ps`` or the shell's history, checked against Django's password validators
and stored as an Argon2 hash. ``operator_desa`` and ``kepala_desa`` need ``--village``,
``petugas_pengaduan`` needs ``--opd``, ``petugas_loket`` needs ``--unit`` (a counter code of
the served catalog) and ``--desk`` (the loket number); ``ugd_kemiskinan`` and
``admin_diskominfo`` cover the whole regency.
"""

from __future__ import annotations

import argparse
import re
from typing import Any

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError

from central.api.views import catalog
from central.command import CentralCommand, matching, read_password, refused, usage_error
from central.registry.management.commands.add_kiosk import find_village, village_code
from central.registry.models import MAX_DESK, OPD_CODE, UNIT_CODE, Role, Scope
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
        parser.add_argument(
            "--unit",
            type=matching(UNIT_CODE, "a counter code of 1-3 capital letters"),
            metavar="CODE",
            help="for petugas_loket: the queue unit, a counter code of the catalog",
        )
        parser.add_argument(
            "--desk",
            type=desk_number,
            metavar="N",
            help=f"for petugas_loket: the counter desk (loket) number, 1 to {MAX_DESK}",
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
        unit, desk = options["unit"], options["desk"]
        needs_desk = Scope.UNIT in scopes
        if needs_desk != (unit is not None) or needs_desk != (desk is not None):
            raise usage_error("--unit and --desk are needed by petugas_loket, and only by it")
        counters = catalog().counters
        if unit is not None and unit not in counters:
            raise usage_error(
                f"--unit: expected a counter code of the catalog ({', '.join(sorted(counters))}), "
                f"found {unit!r}"
            )
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
                unit if role.scope is Scope.UNIT and unit else "",
                desk if role.scope is Scope.UNIT and desk else 0,
            )
            for role in roles
        ]
        try:
            create_user(username, password, grants)
        except ValidationError as exc:
            raise usage_error("the password is refused: " + " ".join(exc.messages)) from None


def desk_number(text: str) -> int:
    """An argparse type: a counter desk (loket) number from 1 to MAX_DESK."""
    if not (text.isascii() and text.isdigit() and 1 <= int(text) <= MAX_DESK):
        raise argparse.ArgumentTypeError(
            f"expected a number from 1 to {MAX_DESK}, got {text[:20]!r}"
        )
    return int(text)
