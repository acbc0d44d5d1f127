"""``python -m central``: the one command an operator runs, over Django's management commands.

    python -m central [--log-level LEVEL] COMMAND [--db FILE | --database-url URL] [ARGS]

``--db FILE`` (SQLite, the default ``central.sqlite``) or ``--database-url URL``
(PostgreSQL; also ``$CENTRAL_DATABASE_URL``) choose the database before Django starts. Every
command but ``migrate`` needs a migrated database and says so, exactly, if it is not.
Django's other commands (``runserver`` among them) are not offered: ``serve`` is the server.
Logs go to stderr; stdout carries only a command's documented output.
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Sequence
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

#: Command (as typed) to (the app that defines it, Django's name for it), in help order.
COMMANDS: dict[str, tuple[str, str]] = {
    "migrate": ("django.core", "migrate"),
    "showmigrations": ("django.core", "showmigrations"),
    "serve": ("central.api", "serve"),
    "import-regions": ("central.registry", "import_regions"),
    "add-kiosk": ("central.registry", "add_kiosk"),
    "rotate-kiosk-secret": ("central.registry", "rotate_kiosk_secret"),
    "disable-kiosk": ("central.registry", "disable_kiosk"),
    "enable-kiosk": ("central.registry", "enable_kiosk"),
    "add-user": ("central.registry", "add_user"),
    "add-card": ("central.citizens", "add_card"),
    "add-preregistration": ("central.citizens", "add_preregistration"),
    "set-status": ("central.transactions", "set_status"),
    "export": ("central.transactions", "export"),
    "purge-personal-data": ("central.transactions", "purge_personal_data"),
    "backup": ("central.operations", "backup"),
    "restore": ("central.operations", "restore"),
    # The back office's tasks at the shell (central.office).
    "add-opd": ("central.office", "add_opd"),
    "import-opds": ("central.office", "import_opds"),
    "reset-password": ("central.office", "reset_password"),
    "deactivate-user": ("central.office", "deactivate_user"),
    "assign-kiosk": ("central.office", "assign_kiosk"),
    "fleet": ("central.office", "fleet"),
    "audit": ("central.office", "audit"),
    "signer-key": ("central.letters", "signer_key"),
    "review": ("central.letters", "review"),
    "sign": ("central.letters", "sign"),
    "letter": ("central.letters", "letter"),
    "revoke": ("central.letters", "revoke"),
    "allow-copy": ("central.letters", "allow_copy"),
}
#: Commands that work on a database that is not (fully) migrated.
_BEFORE_MIGRATION = frozenset({"migrate", "showmigrations", "restore"})
#: Commands that make a new database, and refuse one that exists themselves.
_NEW_DATABASE = frozenset({"restore"})
PROG = "python -m central"
DEFAULT_DB = "central.sqlite"


def main(argv: Sequence[str] | None = None) -> int:
    """Run one command; the exit status is 0 on success, 2 for a usage error."""
    args = list(sys.argv[1:] if argv is None else argv)
    top = argparse.ArgumentParser(
        prog=PROG,
        description="Central of Anjungan Layanan Mandiri: the kiosk API, its database and "
        "its registry. Run `python -m central COMMAND --help` for a command's options.",
        epilog="commands: " + ", ".join(COMMANDS),
    )
    top.add_argument("--log-level", choices=("DEBUG", "INFO", "WARNING"))
    top.add_argument("command", choices=list(COMMANDS), metavar="COMMAND")
    split = _command_position(args)
    parsed = top.parse_args(args if split is None else args[: split + 1])
    assert split is not None
    if parsed.log_level:
        os.environ["CENTRAL_LOG_LEVEL"] = parsed.log_level
    database, rest = _database_options(args[split + 1 :])
    if database.db is not None and database.database_url is not None:
        sys.stderr.write(f"{PROG} {parsed.command}: give --db or --database-url, not both\n")
        return 2
    _choose_database(database)
    return _run(parsed.command, rest)


def _command_position(args: list[str]) -> int | None:
    """The index of the command name: the first argument that is not a global option."""
    index = 0
    while index < len(args):
        if args[index] == "--log-level":
            index += 2
        elif args[index].startswith("--log-level=") or args[index] in ("-h", "--help"):
            index += 1
        else:
            return index
    return None


def _database_options(rest: list[str]) -> tuple[argparse.Namespace, list[str]]:
    """``--db`` and ``--database-url`` wherever they are, and the arguments without them."""
    parser = argparse.ArgumentParser(add_help=False, allow_abbrev=False)
    parser.add_argument("--db", type=Path)
    parser.add_argument("--database-url")
    database, _ = parser.parse_known_args(rest)
    kept: list[str] = []
    skip = False
    for item in rest:
        if skip:
            skip = False
        elif item in ("--db", "--database-url"):
            skip = True
        elif not item.startswith(("--db=", "--database-url=")):
            kept.append(item)
    return database, kept


def _choose_database(database: argparse.Namespace) -> None:
    """Put the chosen database in the environment, where :mod:`central.settings` reads it."""
    if database.database_url is not None:
        os.environ["CENTRAL_DATABASE_URL"] = database.database_url
    elif database.db is not None or not os.environ.get("CENTRAL_DATABASE_URL"):
        os.environ.pop("CENTRAL_DATABASE_URL", None)
        os.environ["CENTRAL_DB"] = str(database.db or os.environ.get("CENTRAL_DB") or DEFAULT_DB)


def _check_sqlite_file(command: str) -> None:
    """CommandError if the SQLite file is missing (``migrate`` creates it, private)."""
    from django.core.management.base import CommandError

    if os.environ.get("CENTRAL_DATABASE_URL") or command in _NEW_DATABASE:
        return
    path = Path(os.environ["CENTRAL_DB"])
    if path.exists():
        return
    if command != "migrate":
        raise CommandError(
            f"no database at {path}; create it with: {PROG} migrate --db {path}", returncode=2
        )
    # The file holds NIKs and names; SQLite gives its -wal and -shm files the same mode.
    path.parent.mkdir(parents=True, exist_ok=True)
    os.close(os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600))


def _run(command: str, rest: list[str]) -> int:
    """Start Django, parse the command's arguments, check the database, run the command."""
    import django
    from django.core.management import load_command_class
    from django.core.management.base import CommandError

    from central.environment import ConfigurationError

    os.environ["DJANGO_SETTINGS_MODULE"] = "central.settings"
    try:
        django.setup()
        app, name = COMMANDS[command]
        instance = load_command_class(app, name)
        # Usage errors go through argparse: the usage line, the message, exit 2.
        instance._called_from_command_line = True  # type: ignore[attr-defined]
        options = instance.create_parser(PROG, command).parse_args(rest)
        _check_sqlite_file(command)
        if command not in _BEFORE_MIGRATION:
            _require_migrated()
        instance.execute(**{**vars(options), "skip_checks": True})
    except ConfigurationError as exc:
        sys.stderr.write(f"{PROG} {command}: {exc}\n")
        return 2
    except CommandError as exc:
        sys.stderr.write(f"{PROG} {command}: {exc}\n")
        return exc.returncode
    return 0


def _require_migrated() -> None:
    """CommandError unless every migration is applied, naming the command that applies them."""
    from django.core.management.base import CommandError
    from django.db import DatabaseError, connection
    from django.db.migrations.executor import MigrationExecutor

    from central.environment import Environment

    where = Environment.read().describe_database()
    try:
        executor = MigrationExecutor(connection)
        plan = executor.migration_plan(executor.loader.graph.leaf_nodes())
    except DatabaseError as exc:
        raise CommandError(f"cannot reach the database ({where}): {exc}", returncode=1) from None
    finally:
        connection.close()
    if plan:
        raise CommandError(
            f"the database {where} is not migrated ({len(plan)} migrations to apply); "
            f"run: {PROG} migrate {_database_argument()}",
            returncode=2,
        )


def _database_argument() -> str:
    """The option that names the database in use, its password hidden."""
    url = os.environ.get("CENTRAL_DATABASE_URL")
    if not url:
        return f"--db {os.environ['CENTRAL_DB']}"
    parts = urlsplit(url)
    if parts.password:
        netloc = parts.netloc.replace(f":{parts.password}@", ":***@", 1)
        url = urlunsplit(parts._replace(netloc=netloc))
    return f"--database-url '{url}'"


if __name__ == "__main__":
    sys.exit(main())
