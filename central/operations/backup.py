"""Encrypted backups of central, and their restore into a new database.

A backup is one file: a tar archive streamed through ``age`` (Debian's ``age`` package, the
format's reference implementation) to the recipients in ``CENTRAL_BACKUP_RECIPIENTS_FILE``.
Recipients are public keys, so the server makes backups it cannot read; only the operator's
identity (``age-keygen``'s secret key, kept off the server) opens them. Nothing unencrypted
leaves the database's own disk: the archive is encrypted as it is written, in constant
memory, however large the database.

The archive holds, in this order:

- ``manifest.json``: the format, when, which database kind, the central version and the last
  migration of each app (a backup from a newer central is refused by an older one);
- ``secrets.key`` and ``django.key``: the key files, without which a restored database's
  kiosk secrets cannot be opened (``central.registry.vault``);
- the database: ``database.sqlite``, a consistent copy made through SQLite's online backup
  API while central keeps serving (WAL: writers are not held up), or
  ``database.pgdump.000001``, ``.000002``, ... , ``pg_dump --format=custom`` cut into parts
  of :data:`PART_BYTES` as it streams (a tar member must know its size before its data);
- ``complete.json``: the database's size and SHA-256, written last, so a cut archive is
  recognised even outside ``age`` (which itself refuses a truncated file).

By hand: ``age -d -i KEY FILE | tar -x`` gives the members; ``cat database.pgdump.* |
pg_restore -d DB`` or the SQLite file restore without central's help.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import hashlib
import io
import json
import logging
import os
import shutil
import sqlite3
import subprocess
import tarfile
import tempfile
import time
from collections.abc import Iterator, Mapping
from contextlib import contextmanager, suppress
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any

from django.db import connection
from django.db.migrations.loader import MigrationLoader

from kiosk import __version__

log = logging.getLogger("central.operations.backup")

FORMAT = "alm-central-backup"
FORMAT_VERSION = 1
#: Size of each part of a PostgreSQL dump: what the backup holds in memory at most.
PART_BYTES = 16 * 1024 * 1024
MANIFEST, SECRETS_KEY, DJANGO_KEY, COMPLETE = (
    "manifest.json",
    "secrets.key",
    "django.key",
    "complete.json",
)
SQLITE_MEMBER = "database.sqlite"
PGDUMP_PREFIX = "database.pgdump."
_CHUNK = 1024 * 1024


class BackupError(Exception):
    """A backup or restore that cannot be done; the message says why and what to do."""


@dataclass(frozen=True)
class Target:
    """Where central's data lives: the database and the two key files."""

    vendor: str
    """``sqlite`` or ``postgresql``."""
    sqlite_path: Path | None
    postgres: Mapping[str, str]
    """libpq's variables (``PGHOST``, ``PGDATABASE``, ...) for ``pg_dump`` and ``pg_restore``."""
    secrets_key: Path
    django_key: Path

    @classmethod
    def current(cls) -> Target:
        """The database and key files of the running configuration."""
        from django.conf import settings

        environment = settings.ENVIRONMENT
        if environment.secrets_key_file is None or environment.django_key_file is None:
            raise BackupError(
                "CENTRAL_SECRETS_KEY_FILE and CENTRAL_DJANGO_SECRET_KEY_FILE: both key files "
                "must be named when the database is PostgreSQL"
            )
        if connection.vendor == "sqlite":
            return cls(
                "sqlite",
                Path(settings.DATABASES["default"]["NAME"]),
                {},
                environment.secrets_key_file,
                environment.django_key_file,
            )
        return cls(
            "postgresql",
            None,
            libpq_environment(settings.DATABASES["default"]),
            environment.secrets_key_file,
            environment.django_key_file,
        )


def libpq_environment(database: Mapping[str, Any]) -> dict[str, str]:
    """Django's PostgreSQL settings as libpq's variables, so no password shows in ``ps``."""
    options = database.get("OPTIONS", {})
    found = {
        "PGDATABASE": database.get("NAME"),
        "PGUSER": database.get("USER"),
        "PGPASSWORD": database.get("PASSWORD"),
        "PGHOST": database.get("HOST") or options.get("host"),
        "PGPORT": database.get("PORT") or options.get("port"),
        "PGSSLMODE": options.get("sslmode"),
    }
    return {name: str(value) for name, value in found.items() if value}


def _tool(name: str, package: str) -> str:
    """The path of a program central runs, or a BackupError saying how to install it."""
    path = shutil.which(name)
    if path is None:
        raise BackupError(
            f"the {name} command is not installed (Debian: apt-get install {package})"
        )
    return path


def applied_migrations() -> dict[str, str]:
    """The last applied migration of each app, as the database records them."""
    loader = MigrationLoader(connection, ignore_no_migrations=True)
    last: dict[str, str] = {}
    for app, name in sorted(loader.applied_migrations):
        last[app] = max(last.get(app, name), name)
    return last


# Backup -----------------------------------------------------------------------------------


def backup(target: Target, recipients: Path, out: Path) -> dict[str, Any]:
    """Write an encrypted backup of ``target`` to ``out``; its manifest and completion."""
    age = _tool("age", "age")
    if out.exists():
        raise BackupError(f"{out}: exists already; a backup never overwrites one")
    partial = out.with_name(f".{out.name}.partial")
    manifest = {
        "format": FORMAT,
        "version": FORMAT_VERSION,
        "created_at": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
        "database": target.vendor,
        "central_version": __version__,
        "migrations": applied_migrations(),
    }
    started = time.monotonic()
    # age writes the file itself; it is private from its first byte (umask 077 for the child).
    old_umask = os.umask(0o077)
    try:
        encrypt = subprocess.Popen(
            [age, "--encrypt", "--recipients-file", str(recipients), "--output", str(partial)],
            stdin=subprocess.PIPE,
            stderr=subprocess.PIPE,
        )
    finally:
        os.umask(old_umask)
    assert encrypt.stdin is not None and encrypt.stderr is not None
    complete: dict[str, Any] = {}
    try:
        try:
            with tarfile.open(fileobj=encrypt.stdin, mode="w|", format=tarfile.PAX_FORMAT) as tar:
                _add_bytes(tar, MANIFEST, json.dumps(manifest, indent=2).encode("utf-8"))
                _add_bytes(tar, SECRETS_KEY, _read_key(target.secrets_key))
                _add_bytes(tar, DJANGO_KEY, _read_key(target.django_key))
                if target.vendor == "sqlite":
                    assert target.sqlite_path is not None
                    complete = _add_sqlite(tar, target.sqlite_path)
                else:
                    complete = _add_pgdump(tar, target.postgres)
                _add_bytes(tar, COMPLETE, json.dumps(complete).encode("utf-8"))
            encrypt.stdin.close()
        except BrokenPipeError:
            pass  # age stopped reading: its own message says why
        errors = encrypt.stderr.read().decode("utf-8", "replace").strip()
        if encrypt.wait() != 0:
            raise BackupError(f"age could not encrypt to {recipients}: {errors}")
        os.replace(partial, out)
    except BaseException:
        if encrypt.poll() is None:
            encrypt.kill()
            encrypt.wait()
        with suppress(FileNotFoundError):
            partial.unlink()
        raise
    log.info(
        "Backup of the %s database written to %s (%d bytes of database, %.1f s)",
        target.vendor,
        out,
        complete["bytes"],
        time.monotonic() - started,
    )
    return {"manifest": manifest, "complete": complete, "file": str(out)}


def _add_bytes(tar: tarfile.TarFile, name: str, data: bytes) -> None:
    tar.addfile(_member(name, len(data)), io.BytesIO(data))


def _member(name: str, size: int) -> tarfile.TarInfo:
    info = tarfile.TarInfo(name)
    info.size = size
    info.mode = 0o600
    info.mtime = int(time.time())
    return info


def _read_key(path: Path) -> bytes:
    try:
        return path.read_bytes()
    except OSError as exc:
        raise BackupError(f"{path}: cannot read the key file: {exc.strerror}") from exc


def _add_sqlite(tar: tarfile.TarFile, path: Path) -> dict[str, Any]:
    """A consistent copy through the online backup API, beside the database, then added."""
    descriptor, copy_name = tempfile.mkstemp(prefix=f".{path.name}.backup-", dir=path.parent)
    os.close(descriptor)  # mkstemp made it 0600; SQLite reopens it by name
    copy = Path(copy_name)
    try:
        source = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
        destination = sqlite3.connect(copy)
        try:
            with destination:
                source.backup(destination)
        finally:
            destination.close()
            source.close()
        digest, size = hashlib.sha256(), copy.stat().st_size
        with copy.open("rb") as stream:
            tar.addfile(_member(SQLITE_MEMBER, size), _Hashing(stream, digest))
    finally:
        copy.unlink(missing_ok=True)
    return {"bytes": size, "sha256": digest.hexdigest(), "parts": 1}


def _add_pgdump(tar: tarfile.TarFile, libpq: Mapping[str, str]) -> dict[str, Any]:
    """``pg_dump --format=custom`` streamed into numbered parts."""
    dump = subprocess.Popen(
        [_tool("pg_dump", "postgresql-client"), "--format=custom", "--no-owner", "--no-privileges"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        env={**os.environ, **libpq},
    )
    assert dump.stdout is not None and dump.stderr is not None
    digest, size, parts = hashlib.sha256(), 0, 0
    try:
        while True:
            part = _read_up_to(dump.stdout, PART_BYTES)
            if not part and parts:
                break
            parts += 1
            digest.update(part)
            size += len(part)
            _add_bytes(tar, f"{PGDUMP_PREFIX}{parts:06d}", part)
            if len(part) < PART_BYTES:
                break
        errors = dump.stderr.read().decode("utf-8", "replace").strip()
        if dump.wait() != 0:
            raise BackupError(f"pg_dump failed: {errors}")
    finally:
        if dump.poll() is None:
            dump.kill()
            dump.wait()
    return {"bytes": size, "sha256": digest.hexdigest(), "parts": parts}


def _read_up_to(stream: IO[bytes], size: int) -> bytes:
    chunks, left = [], size
    while left:
        chunk = stream.read(min(left, _CHUNK))
        if not chunk:
            break
        chunks.append(chunk)
        left -= len(chunk)
    return b"".join(chunks)


class _Hashing(io.RawIOBase):
    """A reader that hashes what passes through it."""

    def __init__(self, stream: IO[bytes], digest: Any) -> None:
        self._stream, self._digest = stream, digest

    def read(self, size: int = -1) -> bytes:
        data = self._stream.read(size)
        self._digest.update(data)
        return data


# Restore ----------------------------------------------------------------------------------


@dataclass
class _Archive:
    """What a restore has read of the archive so far."""

    manifest: dict[str, Any] = dataclasses.field(default_factory=dict)
    keys: dict[str, bytes] = dataclasses.field(default_factory=dict)
    database: Path | None = None
    complete: dict[str, Any] = dataclasses.field(default_factory=dict)


def restore(source: Path | None, identity: Path | None, target: Target) -> dict[str, Any]:
    """Restore a backup into ``target``, a new database; the backup's manifest.

    Args:
        source: The backup file; None reads a decrypted archive from standard input.
        identity: The operator's ``age`` identity, which decrypts ``source``; None when the
            archive is already decrypted.
        target: A SQLite file that does not exist yet, or an empty PostgreSQL database.

    """
    _refuse_unless_new(target)
    with _archive_stream(source, identity) as stream, tempfile.TemporaryDirectory() as scratch:
        archive = _read_archive(stream, target, Path(scratch))
        assert archive.database is not None
        _check_keys(archive.keys, target)
        if target.vendor == "sqlite":
            assert target.sqlite_path is not None
            _restore_sqlite(archive.database, target.sqlite_path)
        else:
            _restore_postgres(archive.database, target.postgres)
    for path, name in ((target.secrets_key, SECRETS_KEY), (target.django_key, DJANGO_KEY)):
        if not path.exists():
            _write_private(path, archive.keys[name])
    log.info(
        "Restored the backup of %s (%s database) into %s",
        archive.manifest["created_at"],
        archive.manifest["database"],
        target.sqlite_path or target.postgres.get("PGDATABASE"),
    )
    return archive.manifest


def _refuse_unless_new(target: Target) -> None:
    """A restore makes a new database; it never writes over one in use."""
    if target.vendor == "sqlite":
        assert target.sqlite_path is not None
        if target.sqlite_path.exists():
            raise BackupError(
                f"{target.sqlite_path}: exists already; restore into a new file (--db NEW)"
            )
        return
    with connection.cursor() as cursor:
        tables = connection.introspection.table_names(cursor)
    connection.close()
    if tables:
        raise BackupError(
            f"the database {target.postgres.get('PGDATABASE')!r} is not empty "
            f"({len(tables)} tables); restore into a new one (createdb NAME)"
        )


@contextmanager
def _archive_stream(source: Path | None, identity: Path | None) -> Iterator[IO[bytes]]:
    """The decrypted archive: ``age --decrypt`` of ``source``, the file itself, or stdin."""
    if identity is None:
        if source is None:
            yield os.fdopen(os.dup(0), "rb")
        else:
            with source.open("rb") as stream:
                yield stream
        return
    if source is None:
        raise BackupError("--identity decrypts a backup file; give its path, not -")
    decrypt = subprocess.Popen(
        [_tool("age", "age"), "--decrypt", "--identity", str(identity), str(source)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    assert decrypt.stdout is not None and decrypt.stderr is not None
    try:
        yield decrypt.stdout
        decrypt.stdout.read()  # to the end, so age checks the last chunk's tag
    finally:
        errors = decrypt.stderr.read().decode("utf-8", "replace").strip()
        if decrypt.wait() != 0:
            raise BackupError(f"age could not decrypt {source} with {identity}: {errors}")


def _read_archive(stream: IO[bytes], target: Target, scratch: Path) -> _Archive:
    """Read every member in order, checking each; the database goes to ``scratch``."""
    archive = _Archive()
    digest, size, parts = hashlib.sha256(), 0, 0
    with _open_archive(stream) as tar:
        for member in tar:
            data = tar.extractfile(member) if member.isfile() else None
            if data is None:
                raise BackupError(f"unexpected member {member.name!r} in the archive")
            if member.name == MANIFEST:
                archive.manifest = _manifest(data.read(), target)
            elif member.name in (SECRETS_KEY, DJANGO_KEY):
                archive.keys[member.name] = data.read()
            elif member.name == SQLITE_MEMBER or member.name.startswith(PGDUMP_PREFIX):
                archive.database = archive.database or scratch / "database"
                with archive.database.open("ab") as out:
                    for chunk in iter(lambda: data.read(_CHUNK), b""):  # noqa: B023
                        digest.update(chunk)
                        size += len(chunk)
                        out.write(chunk)
                parts += 1
            elif member.name == COMPLETE:
                archive.complete = json.loads(data.read())
            else:
                raise BackupError(f"unexpected member {member.name!r} in the archive")
    if not archive.manifest:
        raise BackupError("not a backup of central: the archive has no manifest.json")
    found = {"bytes": size, "sha256": digest.hexdigest(), "parts": parts}
    if archive.complete != found or archive.database is None:
        raise BackupError(
            f"the archive is incomplete or damaged: it promises {archive.complete or 'nothing'}, "
            f"holds {found}"
        )
    missing = {SECRETS_KEY, DJANGO_KEY} - set(archive.keys)
    if missing:
        raise BackupError(f"the archive lacks {', '.join(sorted(missing))}")
    return archive


def _open_archive(stream: IO[bytes]) -> tarfile.TarFile:
    """The tar stream, or a BackupError for anything else."""
    try:
        return tarfile.open(fileobj=stream, mode="r|")
    except tarfile.TarError as exc:
        raise BackupError(f"not a backup archive: {exc}") from None


def _manifest(data: bytes, target: Target) -> dict[str, Any]:
    """The manifest, if this central can restore what it describes."""
    manifest: dict[str, Any] = json.loads(data)
    if manifest.get("format") != FORMAT or manifest.get("version") != FORMAT_VERSION:
        raise BackupError(
            f"not a backup this central reads: format {manifest.get('format')!r} version "
            f"{manifest.get('version')!r}, expected {FORMAT!r} version {FORMAT_VERSION}"
        )
    if manifest["database"] != target.vendor:
        raise BackupError(
            f"a backup of a {manifest['database']} database restores into {manifest['database']}"
            f", not {target.vendor}"
        )
    known = MigrationLoader(None, ignore_no_migrations=True).disk_migrations
    newer = sorted(
        f"{app}.{name}" for app, name in manifest["migrations"].items() if (app, name) not in known
    )
    if newer:
        raise BackupError(
            f"the backup was made by a newer central (migrations {', '.join(newer)}); "
            "upgrade this one first"
        )
    return manifest


def _check_keys(keys: Mapping[str, bytes], target: Target) -> None:
    """Refuse to put a key where another one is: the data would not open with it."""
    for path, name in ((target.secrets_key, SECRETS_KEY), (target.django_key, DJANGO_KEY)):
        if path.exists() and path.read_bytes() != keys[name]:
            raise BackupError(
                f"{path}: holds another key than the backup's {name}; move it away (or name "
                "another key file) so the backup's key can be restored"
            )


def _restore_sqlite(dump: Path, path: Path) -> None:
    """The database file, checked, written private, then put in place."""
    check = sqlite3.connect(f"file:{dump}?mode=ro", uri=True)
    try:
        [(verdict,)] = check.execute("PRAGMA integrity_check").fetchall()
    finally:
        check.close()
    if verdict != "ok":
        raise BackupError(f"the database in the backup is damaged: {verdict}")
    path.parent.mkdir(parents=True, exist_ok=True)
    partial = path.with_name(f".{path.name}.partial")
    _write_private(partial, b"")
    try:
        with dump.open("rb") as source, partial.open("wb") as out:
            shutil.copyfileobj(source, out, _CHUNK)
        os.replace(partial, path)
    finally:
        partial.unlink(missing_ok=True)


def _restore_postgres(dump: Path, libpq: Mapping[str, str]) -> None:
    """``pg_restore`` in one transaction: all of it or nothing."""
    restored = subprocess.run(
        [
            _tool("pg_restore", "postgresql-client"),
            "--no-owner",
            "--no-privileges",
            "--exit-on-error",
            "--single-transaction",
            f"--dbname={libpq.get('PGDATABASE', '')}",
            str(dump),
        ],
        capture_output=True,
        text=True,
        env={**os.environ, **libpq},
        check=False,
    )
    if restored.returncode != 0:
        raise BackupError(f"pg_restore failed: {restored.stderr.strip()}")


def _write_private(path: Path, data: bytes) -> None:
    """A new file only its owner reads."""
    descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(descriptor, "wb") as stream:
        stream.write(data)
