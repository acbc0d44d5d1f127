"""``python -m central reset-password --username U``: a new password for a staff account.

The password is read from standard input (its first line), checked against Django's
validators; any lockout of the name is lifted. Audited as the shell's user, like the back
office's own reset.
"""

from __future__ import annotations

import argparse
from typing import Any

from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError

from central.command import CentralCommand, read_password, usage_error
from central.office.actions import reset_password
from central.office.audit import Actor
from central.office.management.commands.deactivate_user import find_user


class Command(CentralCommand):
    """See the module docstring."""

    help = "Set a staff account's password (from standard input) and lift its lockout."

    def add_arguments(self, parser: argparse.ArgumentParser) -> None:
        """The account."""
        parser.add_argument("--username", required=True)

    def handle(self, *args: Any, **options: Any) -> None:
        """Check the password, then set it."""
        user = find_user(options["username"])
        password = read_password()
        try:
            validate_password(password, user)
        except ValidationError as exc:
            raise usage_error("the password is refused: " + " ".join(exc.messages)) from None
        reset_password(Actor.shell(), user, password)
