"""A throwaway PostgreSQL cluster for tests: its own folder, port and unix socket, no TCP.

    with PostgresCluster() as cluster:
        url = cluster.create_database()   # postgresql://postgres@/db1?host=...&port=...

``initdb`` refuses to run as root, so as root the cluster belongs to the ``postgres`` user
(``runuser``), in a folder under /tmp that it can reach; as anyone else it runs as that
user. ``fsync`` is off: a test cluster has nothing to keep. ``stop`` (or leaving the
``with``) stops it and removes the folder.
"""

from __future__ import annotations

import itertools
import os
import pwd
import shutil
import subprocess
import tempfile
from pathlib import Path
from types import TracebackType

import psycopg

_PG_BINARIES = sorted(Path("/usr/lib/postgresql").glob("*/bin/initdb"))


class PostgresError(RuntimeError):
    """The cluster could not be made or started; the message holds PostgreSQL's log."""


class PostgresCluster:
    """One ``initdb`` cluster listening on a unix socket only."""

    def __init__(self, port: int | None = None) -> None:
        if not _PG_BINARIES:
            raise PostgresError(
                "PostgreSQL is not installed (no /usr/lib/postgresql/*/bin/initdb); "
                "`make test` installs it: apt-get install postgresql"
            )
        self.bin = _PG_BINARIES[-1].parent
        self.port = port or 40000 + os.getpid() % 20000
        self.root = Path(tempfile.mkdtemp(prefix="alm-pg-", dir="/tmp"))
        self.data = self.root / "data"
        self.socket_dir = self.root / "socket"
        self._names = itertools.count(1)
        self._as_postgres = os.geteuid() == 0
        self._started = False

    def __enter__(self) -> PostgresCluster:
        self.start()
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self.stop()

    def _run(self, *command: str) -> subprocess.CompletedProcess[str]:
        prefix = ["runuser", "-u", "postgres", "--"] if self._as_postgres else []
        return subprocess.run(
            [*prefix, *command], capture_output=True, text=True, timeout=120, check=False, cwd="/"
        )

    def start(self) -> None:
        """initdb, then start the server and wait until it accepts connections."""
        self.data.mkdir()
        self.socket_dir.mkdir()
        if self._as_postgres:
            owner = pwd.getpwnam("postgres")
            for path in (self.root, self.data, self.socket_dir):
                os.chown(path, owner.pw_uid, owner.pw_gid)
        initdb = self._run(
            str(self.bin / "initdb"), "-D", str(self.data), "-A", "trust", "-U", "postgres",
            "-E", "UTF8", "--no-sync",
        )  # fmt: skip
        if initdb.returncode != 0:
            raise PostgresError(f"initdb failed:\n{initdb.stdout}\n{initdb.stderr}")
        self.start_server()

    def start_server(self) -> None:
        """Start the server of an existing cluster (again, after :meth:`stop_server`)."""
        options = (
            f"-p {self.port} -k {self.socket_dir} -c listen_addresses='' "
            "-c fsync=off -c synchronous_commit=off -c full_page_writes=off"
        )
        log = self.socket_dir / "postgres.log"
        started = self._run(
            str(self.bin / "pg_ctl"), "-D", str(self.data), "-o", options, "-l", str(log),
            "-w", "start",
        )  # fmt: skip
        if started.returncode != 0:
            text = log.read_text(errors="replace") if log.exists() else ""
            raise PostgresError(f"pg_ctl start failed:\n{started.stderr}\n{text}")
        self._started = True

    def stop_server(self) -> None:
        """Stop the server as an outage would (fast: sessions cut), keeping the cluster."""
        stopped = self._run(
            str(self.bin / "pg_ctl"), "-D", str(self.data), "-m", "fast", "-w", "stop"
        )
        if stopped.returncode != 0:
            raise PostgresError(f"pg_ctl stop failed:\n{stopped.stderr}")
        self._started = False

    def stop(self) -> None:
        """Stop the server (fast: open connections are cut) and remove the cluster."""
        if self._started:
            self.stop_server()
        shutil.rmtree(self.root, ignore_errors=True)

    def url(self, name: str) -> str:
        """The URL of database ``name``, as ``--database-url`` takes it."""
        return f"postgresql://postgres@/{name}?host={self.socket_dir}&port={self.port}"

    def create_database(self, template: str | None = None) -> str:
        """A new empty database (or a copy of ``template``); its URL."""
        name = f"db{next(self._names)}"
        with psycopg.connect(self.url("postgres"), autocommit=True) as connection:
            clause = f" TEMPLATE {template}" if template else ""
            connection.execute(f"CREATE DATABASE {name}{clause}")
        return self.url(name)
