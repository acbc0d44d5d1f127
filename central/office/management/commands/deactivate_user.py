"""``python -m central deactivate-user --username U [--activate]``: close (or reopen) an account.

A deactivated account cannot log in, and its open sessions end at their next request; its
history stays. Audited as the shell's user, like the back office's own button.
"""

from __future__ import annotations

import argparse
from typing import Any

from django.contrib.auth import get_user_model

from central.command import CentralCommand, refused
from central.office.actions import set_active
from central.office.audit import Actor


def find_user(username: str) -> Any:
    """The account with this name, or a refusal that says there is none."""
    user = get_user_model().objects.filter(username=username).first()
    if user is None:
        raise refused(f"no user {username}")
    return user


class Command(CentralCommand):
    """See the module docstring."""

    help = "Deactivate a staff account (or, with --activate, reopen it)."

    def add_arguments(self, parser: argparse.ArgumentParser) -> None:
        """The account, and which way."""
        parser.add_argument("--username", required=True)
        parser.add_argument("--activate", action="store_true", help="reopen the account instead")

    def handle(self, *args: Any, **options: Any) -> None:
        """Change the account's state."""
        set_active(Actor.shell(), find_user(options["username"]), options["activate"])
