"""The base of every ``python -m central`` command: Django's, without Django's noise.

Each command is a Django management command in the app it concerns; ``python -m central``
(:mod:`central.__main__`) picks the database from ``--db`` / ``--database-url`` before
Django starts and runs the command. Errors are :class:`CommandError` with an exact
message; usage errors (bad input, configuration) exit 2, refusals of the data as it stands
exit 1.
"""

from __future__ import annotations

import argparse
import getpass
import re
import sys
from collections.abc import Callable
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError, CommandParser

USAGE = 2
REFUSED = 1


class CentralCommand(BaseCommand):
    """A command of ``python -m central``; subclasses add their own arguments."""

    requires_system_checks: list[str] = []
    requires_migrations_checks = False
    suppressed_base_arguments = {
        "--version",
        "--verbosity",
        "--settings",
        "--pythonpath",
        "--traceback",
        "--no-color",
        "--force-color",
        "--skip-checks",
    }

    def create_parser(self, prog_name: str, subcommand: str, **kwargs: object) -> CommandParser:
        """Django's parser, plus the database options every command takes."""
        parser = super().create_parser(prog_name, subcommand, **kwargs)
        database = parser.add_argument_group("database (read before the command starts)")
        database.add_argument(
            "--db", metavar="FILE", help="SQLite database file (default: central.sqlite)"
        )
        database.add_argument(
            "--database-url",
            metavar="URL",
            help="postgresql://... (default: $CENTRAL_DATABASE_URL)",
        )
        return parser


def usage_error(message: str) -> CommandError:
    """An error in what the operator gave: exit 2."""
    return CommandError(message, returncode=USAGE)


def refused(message: str) -> CommandError:
    """The command is fine but the data as it stands does not allow it: exit 1."""
    return CommandError(message, returncode=REFUSED)


def matching(pattern: re.Pattern[str], what: str) -> Callable[[str], str]:
    """An argparse type that accepts only values matching ``pattern``."""

    def check(text: str) -> str:
        if not pattern.fullmatch(text):
            raise argparse.ArgumentTypeError(f"expected {what}, got {text[:80]!r}")
        return text

    return check


def person_name(text: str) -> str:
    """A name as printed on the e-KTP: words separated by single spaces."""
    name = " ".join(text.split())
    if not name or len(name) > 128:
        raise argparse.ArgumentTypeError("expected a name of 1 to 128 characters")
    return name


def read_secret_file(path: Path, pattern: re.Pattern[str], what: str) -> str:
    """A secret kept in a file (never on the command line, where ``ps`` shows it).

    The file holds the secret alone; one trailing newline is allowed.
    """
    try:
        text = path.read_bytes()[:4096].decode("ascii")
    except OSError as exc:
        raise usage_error(f"{path}: cannot read it: {exc.strerror}") from exc
    except UnicodeDecodeError:
        raise usage_error(f"{path}: expected {what}, found bytes that are not ASCII") from None
    secret = text.removesuffix("\n").removesuffix("\r")
    if not pattern.fullmatch(secret):
        raise usage_error(f"{path}: expected {what}, found {len(secret)} characters that are not")
    return secret


def read_password() -> str:
    """A password from the first line of standard input, or a prompt when it is a terminal.

    Never an argument: ``ps`` and the shell's history would show it.
    """
    if sys.stdin.isatty():
        return getpass.getpass("Password: ")
    line = sys.stdin.readline(1024)
    password = line.removesuffix("\n").removesuffix("\r")
    if not password:
        raise usage_error("expected the password on the first line of standard input")
    return password
