"""What central reads from its environment, checked once, with messages an operator can act on.

``python -m central`` turns ``--db FILE`` and ``--database-url URL`` into ``CENTRAL_DB`` and
``CENTRAL_DATABASE_URL`` before Django reads :mod:`central.settings`, so the settings module
stays declarative and every command (and a WSGI server started by other means) sees the
same configuration:

- ``CENTRAL_DB``: the SQLite database file (default ``central.sqlite``);
- ``CENTRAL_DATABASE_URL``: a ``postgresql://`` URL, which wins over ``CENTRAL_DB``;
- ``CENTRAL_SECRETS_KEY_FILE``: the key of the kiosks' signing secrets (Fernet keys, one a
  line, the first encrypts; default ``<db>.secrets.key`` beside a SQLite file);
- ``CENTRAL_DJANGO_SECRET_KEY_FILE``: Django's ``SECRET_KEY`` for sessions and CSRF (default
  ``<db>.django.key`` beside a SQLite file);
- ``CENTRAL_TIME_ZONE``: the regency's time zone, for queue days and the back office
  (default ``Asia/Jakarta``);
- ``CENTRAL_ALLOWED_HOSTS``: host names the back office answers to, comma-separated
  (default ``*``);
- ``CENTRAL_LOG_LEVEL``: ``DEBUG``, ``INFO`` (the default) or ``WARNING``;
- ``CENTRAL_CATALOG``: the catalog file kiosks are served (``serve --catalog`` wins; default
  the small built-in one), which retention also reads to know what a form's answers are;
- ``CENTRAL_RETENTION_DAYS``: days a finished request keeps its personal data (default
  90; ``purge-personal-data``);
- ``CENTRAL_BACKUP_RECIPIENTS_FILE``: the ``age`` recipients (public keys) that backups are
  encrypted to (``backup``).
- ``CENTRAL_HTTPS``: ``true`` when browsers reach the back office over HTTPS through a
  proxy that sets ``X-Forwarded-Proto`` (its cookies are then ``Secure``); default ``false``;
- ``CENTRAL_TRUSTED_PROXY``: the address of the reverse proxy (nginx) in front of central,
  say ``127.0.0.1``; requests from it are taken to come from the last address its
  ``X-Forwarded-For`` adds, for the audit and the lockout by address (``serve
  --trusted-proxy`` wins); unset, the address is the connection's own;
- ``CENTRAL_COMPLAINT_TARGET_HOURS``: hours within which a complaint should be answered,
  for the back office's complaint ages (default 72).
- ``CENTRAL_PUBLIC_URL``: where the public reaches central (``https://surat.example.go.id``),
  the base of the verification address in each letter's QR code; needed to sign letters;
- ``CENTRAL_LETTERS_CONFIG``: the letters configuration (letterheads, registers, copies and
  signers per village, :mod:`central.letters.config`); needed to sign letters;
- ``CENTRAL_SIGNER``: who makes letters' signatures: ``local`` (the default, the keys of
  ``signer-key``) or a ``central.signers`` entry point (:mod:`central.letters.signers`).

The two key files are separate so that either can be rotated without the other; beside a
SQLite file they are created 0600 for development. With PostgreSQL both must be named,
since there is no database file to put them beside.
"""

from __future__ import annotations

import ipaddress
import os
import secrets
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import dj_database_url

DEFAULT_DB = Path("central.sqlite")
DEFAULT_TIME_ZONE = "Asia/Jakarta"
LOG_LEVELS = ("DEBUG", "INFO", "WARNING")
#: Days a finished request keeps its personal data unless CENTRAL_RETENTION_DAYS says otherwise.
DEFAULT_RETENTION_DAYS = 90
MAX_RETENTION_DAYS = 3650
#: Seconds a SQLite writer waits for another (process or thread) before giving up with 503.
SQLITE_BUSY_SECONDS = 20
#: Seconds to wait for PostgreSQL to accept a connection before answering 503.
POSTGRES_CONNECT_SECONDS = 5
#: Seconds a worker thread keeps its database connection between requests.
CONNECTION_MAX_AGE = 60
DEFAULT_COMPLAINT_TARGET_HOURS = 72
_BOOLEANS = {"true": True, "1": True, "yes": True, "false": False, "0": False, "no": False}


class ConfigurationError(Exception):
    """The environment names something unusable; the message says which variable and why."""


@dataclass(frozen=True)
class Environment:
    """Central's configuration, from ``CENTRAL_*`` variables."""

    sqlite_path: Path | None
    database_url: str | None
    secrets_key_file: Path | None
    django_key_file: Path | None
    time_zone: str
    allowed_hosts: tuple[str, ...]
    log_level: str
    catalog: Path | None = None
    retention_days: int = DEFAULT_RETENTION_DAYS
    backup_recipients_file: Path | None = None
    https: bool = False
    complaint_target_hours: int = DEFAULT_COMPLAINT_TARGET_HOURS
    public_url: str | None = None
    letters_config: Path | None = None
    signer: str = "local"
    trusted_proxy: str | None = None

    @classmethod
    def read(cls, env: Mapping[str, str] = os.environ) -> Environment:
        """Read and check the variables; :class:`ConfigurationError` names a bad one."""
        url = env.get("CENTRAL_DATABASE_URL") or None
        sqlite_path = None if url else Path(env.get("CENTRAL_DB") or DEFAULT_DB)
        if url is not None and not url.startswith(("postgresql://", "postgres://")):
            raise ConfigurationError(
                "CENTRAL_DATABASE_URL: expected a postgresql:// URL, "
                f"found one starting {url.split(':', 1)[0]!r}"
            )
        level = env.get("CENTRAL_LOG_LEVEL", "INFO").upper()
        if level not in LOG_LEVELS:
            raise ConfigurationError(
                f"CENTRAL_LOG_LEVEL: expected one of {', '.join(LOG_LEVELS)}, found {level!r}"
            )
        hosts = tuple(
            host.strip() for host in env.get("CENTRAL_ALLOWED_HOSTS", "*").split(",") if host
        )
        public_url = (env.get("CENTRAL_PUBLIC_URL") or "").rstrip("/") or None
        if public_url is not None and not _is_base_url(public_url):
            raise ConfigurationError(
                "CENTRAL_PUBLIC_URL: expected an http:// or https:// URL with a host and no "
                f"query, found {public_url[:80]!r}"
            )
        letters_config = env.get("CENTRAL_LETTERS_CONFIG") or None
        return cls(
            sqlite_path=sqlite_path,
            database_url=url,
            secrets_key_file=_key_file(
                env, "CENTRAL_SECRETS_KEY_FILE", sqlite_path, ".secrets.key"
            ),
            django_key_file=_key_file(
                env, "CENTRAL_DJANGO_SECRET_KEY_FILE", sqlite_path, ".django.key"
            ),
            time_zone=env.get("CENTRAL_TIME_ZONE") or DEFAULT_TIME_ZONE,
            allowed_hosts=hosts,
            log_level=level,
            catalog=_path(env, "CENTRAL_CATALOG"),
            retention_days=retention_days(
                env.get("CENTRAL_RETENTION_DAYS", str(DEFAULT_RETENTION_DAYS)),
                "CENTRAL_RETENTION_DAYS",
            ),
            backup_recipients_file=_path(env, "CENTRAL_BACKUP_RECIPIENTS_FILE"),
            https=_boolean(env, "CENTRAL_HTTPS"),
            complaint_target_hours=_hours(env, "CENTRAL_COMPLAINT_TARGET_HOURS"),
            public_url=public_url,
            letters_config=Path(letters_config) if letters_config else None,
            signer=env.get("CENTRAL_SIGNER") or "local",
            trusted_proxy=_address(env, "CENTRAL_TRUSTED_PROXY"),
        )

    def database(self) -> dict[str, Any]:
        """Django's ``DATABASES["default"]`` for SQLite or PostgreSQL.

        SQLite runs in WAL mode with ``synchronous=FULL`` (an acknowledged request survives a
        power cut) and opens every write transaction ``IMMEDIATE``, so two worker processes
        queue for the write lock (up to ``SQLITE_BUSY_SECONDS``) instead of failing halfway
        through a read-then-write. PostgreSQL relies on constraints and row locks.
        """
        if self.database_url is not None:
            config: dict[str, Any] = dict(
                dj_database_url.parse(
                    self.database_url, conn_max_age=CONNECTION_MAX_AGE, conn_health_checks=True
                )
            )
            config["OPTIONS"] = {"connect_timeout": POSTGRES_CONNECT_SECONDS, **config["OPTIONS"]}
            return config
        assert self.sqlite_path is not None
        return {
            "ENGINE": "django.db.backends.sqlite3",
            "NAME": str(self.sqlite_path),
            "CONN_MAX_AGE": CONNECTION_MAX_AGE,
            "CONN_HEALTH_CHECKS": True,
            "OPTIONS": {
                "transaction_mode": "IMMEDIATE",
                "timeout": SQLITE_BUSY_SECONDS,
                "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=FULL",
            },
        }

    def describe_database(self) -> str:
        """The database for messages: the file, or the URL without its password."""
        if self.database_url is None:
            return str(self.sqlite_path)
        parsed = dj_database_url.parse(self.database_url)
        host = parsed["HOST"] or parsed["OPTIONS"].get("host", "")
        return f"postgresql database {parsed['NAME']!r} on {host or 'localhost'}"

    def django_secret_key(self) -> str:
        """Django's ``SECRET_KEY``, from its file (created 0600 when missing)."""
        if self.django_key_file is None:
            raise ConfigurationError(
                "CENTRAL_DJANGO_SECRET_KEY_FILE: expected the path of Django's secret key file "
                "(created 0600 if missing); it must be set when the database is PostgreSQL"
            )
        return read_or_create_key(
            self.django_key_file, lambda: secrets.token_urlsafe(50).encode("ascii")
        ).decode("ascii")


def retention_days(text: str, where: str) -> int:
    """A retention period in whole days; ConfigurationError naming ``where`` if it is not one."""
    days = text.strip()
    if not (days.isascii() and days.isdigit() and 1 <= int(days) <= MAX_RETENTION_DAYS):
        raise ConfigurationError(
            f"{where}: expected a whole number of days from 1 to {MAX_RETENTION_DAYS}, "
            f"found {text[:20]!r}"
        )
    return int(days)


def _path(env: Mapping[str, str], name: str) -> Path | None:
    """The path in variable ``name``, None when it is unset or empty."""
    value = env.get(name)
    return Path(value) if value else None


def _address(env: Mapping[str, str], name: str) -> str | None:
    """An IPv4 or IPv6 address in variable ``name``; None when it is unset or empty."""
    text = env.get(name, "").strip()
    if not text:
        return None
    try:
        return str(ipaddress.ip_address(text))
    except ValueError:
        raise ConfigurationError(
            f"{name}: expected an IPv4 or IPv6 address, found {text[:60]!r}"
        ) from None


def _boolean(env: Mapping[str, str], name: str) -> bool:
    """A true/false variable (``true``, ``false``, ``1``, ``0``, ``yes``, ``no``); unset: false."""
    text = env.get(name, "").strip().lower()
    if not text:
        return False
    if text not in _BOOLEANS:
        raise ConfigurationError(f"{name}: expected true or false, found {text[:20]!r}")
    return _BOOLEANS[text]


def _hours(env: Mapping[str, str], name: str) -> int:
    """A whole number of hours from 1 to 8760 (a year); unset is the default."""
    text = env.get(name, "").strip()
    if not text:
        return DEFAULT_COMPLAINT_TARGET_HOURS
    if not (text.isascii() and text.isdigit() and 1 <= int(text) <= 8760):
        raise ConfigurationError(
            f"{name}: expected a whole number of hours from 1 to 8760, found {text[:20]!r}"
        )
    return int(text)


def _is_base_url(url: str) -> bool:
    """An http(s) URL with a host and nothing after its path."""
    parts = urlsplit(url)
    return (
        parts.scheme in ("http", "https")
        and bool(parts.netloc)
        and not (parts.query or parts.fragment)
    )


def _key_file(
    env: Mapping[str, str], name: str, sqlite_path: Path | None, suffix: str
) -> Path | None:
    """A key file named by ``name``, else one beside the SQLite file, else None (PostgreSQL)."""
    named = env.get(name)
    if named:
        return Path(named)
    if sqlite_path is None:
        return None
    return sqlite_path.with_name(sqlite_path.name + suffix)


def read_or_create_key(path: Path, make: Callable[[], bytes]) -> bytes:
    """The key in ``path``; a new one from ``make`` written 0600 when the file does not exist.

    Raises:
        ConfigurationError: the file cannot be read or created, or is empty.

    """
    try:
        descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        pass
    except OSError as exc:
        raise ConfigurationError(f"{path}: cannot create the key file: {exc.strerror}") from exc
    else:
        with os.fdopen(descriptor, "wb") as stream:
            stream.write(make() + b"\n")
    try:
        key = path.read_bytes().strip()
    except OSError as exc:
        raise ConfigurationError(f"{path}: cannot read the key file: {exc.strerror}") from exc
    if not key:
        raise ConfigurationError(f"{path}: expected a key, found an empty file")
    return key
