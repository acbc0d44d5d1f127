"""What the letter commands share: the user they act as, its audit actor, a passphrase file."""

from __future__ import annotations

import dataclasses
import re
from pathlib import Path

from django.contrib.auth.models import User

from central.command import read_secret_file, refused
from central.office.audit import Actor

#: A passphrase: printable text (spaces allowed), 1 to 1024 characters.
PASSPHRASE = re.compile(r"[ -~\u00a0-\uffff]{1,1024}")


def back_office_user(username: str) -> User:
    """The user ``--user`` names; refused if there is none."""
    user = User.objects.filter(username=username).first()
    if user is None:
        raise refused(f"--user: no back-office user {username} (add-user creates them)")
    return user


def acting_at_the_shell(user: User) -> Actor:
    """The audit's actor for ``--user`` acting from the shell: the user, and who typed it."""
    shell = Actor.shell()
    return dataclasses.replace(shell, user=user, name=f"{shell.name} as {user.get_username()}")


def read_passphrase(path: Path) -> str:
    """The passphrase in ``--passphrase-file`` (never on the command line)."""
    return read_secret_file(path, PASSPHRASE, "a passphrase on one line")
