"""Run the real central server for a test, and sign requests the way a kiosk does.

    with running_central(tmp_path, {"K1": "secret"}) as central:
        session = central.signed_session("K1", "secret")
        response = session.get(f"{central.url}/v1/catalog")

The server is a subprocess (``python -m central migrate``, then ``serve --port 0``) with its
own database: a SQLite file in ``tmp_path`` by default, or a fresh database of a throwaway
PostgreSQL cluster (``backend=PostgresBackend(cluster)``; ``tests/unit/central`` runs every
test on both). Its log is ``tmp_path / "central.log"``. Signing goes through
``kiosk.signing``, the same code the kiosk uses.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import queue
import signal
import sqlite3
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any, Protocol

import psycopg
import requests

from central.contract import Contract, load_spec
from kiosk import signing
from tests.helpers.postgres import PostgresCluster

ROOT = Path(__file__).resolve().parents[2]
START_TIMEOUT_SECONDS = 20.0
STOP_TIMEOUT_SECONDS = 10.0


class KioskAuth(requests.auth.AuthBase):
    """Signs each request as it goes out: method, path with query, and the exact body bytes.

    ``timestamp`` and ``nonce`` are normally left to the clock and chance; tests of the
    server's checks fix them.
    """

    def __init__(
        self,
        kiosk_id: str,
        secret: str,
        timestamp: int | None = None,
        nonce: str | None = None,
    ) -> None:
        self.kiosk_id = kiosk_id
        self.secret = secret
        self.timestamp = timestamp
        self.nonce = nonce

    def __call__(self, request: requests.PreparedRequest) -> requests.PreparedRequest:
        body = request.body or b""
        if isinstance(body, str):
            body = body.encode("utf-8")
        if not isinstance(body, bytes):
            raise TypeError("only bodies given as bytes or str can be signed")
        timestamp = int(time.time()) if self.timestamp is None else self.timestamp
        signed = signing.sign(
            self.kiosk_id,
            self.secret,
            request.method or "GET",
            request.path_url,
            body,
            timestamp,
            self.nonce,
        )
        request.headers.update(signed.as_dict())
        return request


def signed_session(kiosk_id: str, secret: str) -> requests.Session:
    """A keep-alive session that signs every request it sends.

    It ignores proxy settings from the environment: the server is on loopback.
    """
    session = requests.Session()
    session.trust_env = False
    session.auth = KioskAuth(kiosk_id, secret)
    return session


def signed_request(
    method: str,
    url: str,
    kiosk_id: str,
    secret: str,
    json: Any = None,
    headers: dict[str, str] | None = None,
    timestamp: int | None = None,
    nonce: str | None = None,
    data: bytes | None = None,
    timeout: float = 10.0,
) -> requests.Response:
    """One signed request on a fresh connection.

    ``headers`` are applied after signing, so a test can replace a signing header (say a
    wrong ``X-Signature``). ``data`` sends raw bytes instead of ``json``.
    """
    request = requests.Request(method, url, json=json, data=data, headers=headers or {})
    prepared = KioskAuth(kiosk_id, secret, timestamp, nonce)(request.prepare())
    prepared.headers.update(headers or {})
    with requests.Session() as session:
        session.trust_env = False
        return session.send(prepared, timeout=timeout)


@cache
def _contract() -> Contract:
    return Contract(load_spec())


def assert_schema(payload: object, schema: str) -> None:
    """Fail with every JSON path that breaks ``components.schemas.<schema>`` of the contract."""
    errors = _contract().errors(schema, payload)
    assert not errors, f"{schema}: {errors}"


def assert_problem(response: requests.Response, status: int, slug: str) -> dict[str, Any]:
    """Check an RFC 9457 problem response and return its body."""
    assert response.status_code == status, response.text
    assert response.headers["Content-Type"] == "application/problem+json"
    problem: dict[str, Any] = response.json()
    assert_schema(problem, "Problem")
    assert problem["type"] == f"urn:alm:problem:{slug}", problem
    assert problem["status"] == status
    return problem


@dataclass(frozen=True)
class Database:
    """Where a test central keeps its data: a SQLite file, or a PostgreSQL database by URL."""

    sqlite: Path | None = None
    url: str | None = None
    keys: Path | None = None
    """The folder of the key files, which PostgreSQL has no database file to sit beside."""

    def args(self) -> list[str]:
        """``--db FILE`` or ``--database-url URL``, as every command takes them."""
        if self.url is not None:
            return ["--database-url", self.url]
        return ["--db", str(self.sqlite)]

    def env(self) -> dict[str, str]:
        """The environment of every command run against this database."""
        env = {**os.environ, "PYTHONUNBUFFERED": "1"}
        for name in ("CENTRAL_DATABASE_URL", "CENTRAL_DB", "CENTRAL_SECRETS_KEY_FILE"):
            env.pop(name, None)
        env.pop("CENTRAL_DJANGO_SECRET_KEY_FILE", None)
        if self.keys is not None:
            env["CENTRAL_SECRETS_KEY_FILE"] = str(self.keys / "secrets.key")
            env["CENTRAL_DJANGO_SECRET_KEY_FILE"] = str(self.keys / "django.key")
        return env

    def query(self, sql: str, *params: object) -> list[tuple[Any, ...]]:
        """Rows of a read-only SQL query (``%s`` placeholders), for white-box checks."""
        if self.url is not None:
            with psycopg.connect(self.url) as connection:
                return connection.execute(sql, params).fetchall()  # type: ignore[arg-type]
        with sqlite3.connect(f"file:{self.sqlite}?mode=ro", uri=True) as connection:
            return connection.execute(sql.replace("%s", "?"), params).fetchall()

    def age(self, reference: str, days: int) -> None:
        """Move a request's last change ``days`` back: the one write retention tests make
        (waiting 30 days is not a test)."""
        sql = "UPDATE transactions_transaction SET updated_at = %s WHERE reference = %s"
        when = dt.datetime.now(dt.UTC) - dt.timedelta(days=days)
        if self.url is not None:
            with psycopg.connect(self.url) as connection:
                connection.execute(sql, (when, reference))
            return
        with sqlite3.connect(self.sqlite) as connection:  # type: ignore[arg-type]
            connection.execute(sql.replace("%s", "?"), (when.isoformat(" "), reference))


class Backend(Protocol):
    """Makes a fresh database for each central a test starts."""

    name: str

    def database(self, tmp_path: Path) -> Database:
        """A new, empty database."""
        ...


class SqliteBackend:
    """A SQLite file in the test's folder (what ``make run`` and the kiosk's tests use)."""

    name = "sqlite"

    def database(self, tmp_path: Path) -> Database:
        """``tmp_path / "central.sqlite"``."""
        return Database(sqlite=tmp_path / "central.sqlite")


class PostgresBackend:
    """A new database in a throwaway cluster for each central."""

    name = "postgresql"

    def __init__(self, cluster: PostgresCluster) -> None:
        self.cluster = cluster

    def database(self, tmp_path: Path) -> Database:
        """A fresh database; its key files in ``tmp_path``."""
        return Database(url=self.cluster.create_database(), keys=tmp_path)


@dataclass
class RunningCentral:
    """A central server started by :func:`running_central`."""

    url: str
    database: Database
    log_path: Path
    process: subprocess.Popen[str]

    @property
    def db_path(self) -> Path:
        """The SQLite file (only for a SQLite central)."""
        assert self.database.sqlite is not None, "this central runs on PostgreSQL"
        return self.database.sqlite

    def signed_session(self, kiosk_id: str, secret: str) -> requests.Session:
        """A keep-alive session signing as this kiosk."""
        return signed_session(kiosk_id, secret)

    def cli(self, *args: str, stdin: str | None = None) -> str:
        """``python -m central ARGS`` on this central's database; stdout, or RuntimeError."""
        return run_cli(*args, *self.database.args(), env=self.database.env(), stdin=stdin)

    def export(self) -> list[dict[str, Any]]:
        """Every stored transaction, from ``python -m central export``."""
        exported: list[dict[str, Any]] = json.loads(self.cli("export"))
        return exported

    def log_text(self) -> str:
        """What the server has logged so far (for assertions and failure messages)."""
        return self.log_path.read_text(encoding="utf-8", errors="replace")


def central_command(
    *args: str, env: dict[str, str] | None = None, stdin: str | None = None
) -> subprocess.CompletedProcess[str]:
    """Run ``python -m central ARGS`` and return what happened, whatever the exit status."""
    return subprocess.run(
        [sys.executable, "-m", "central", *args],
        cwd=ROOT,
        input=stdin,
        stdin=None if stdin is not None else subprocess.DEVNULL,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
        env=env,
    )


def run_cli(*args: str, env: dict[str, str] | None = None, stdin: str | None = None) -> str:
    """Run ``python -m central ARGS`` and return its stdout; raise on a non-zero exit."""
    completed = central_command(*args, env=env, stdin=stdin)
    if completed.returncode != 0:
        raise RuntimeError(
            f"python -m central {' '.join(args)} exited {completed.returncode}:\n{completed.stderr}"
        )
    return completed.stdout


@contextmanager
def running_central(
    tmp_path: Path,
    kiosks: dict[str, str],
    catalog: Path | None = None,
    backend: Backend | None = None,
    extra_args: tuple[str, ...] = (),
    database: Database | None = None,
    port: int = 0,
) -> Iterator[RunningCentral]:
    """Migrate a new database, start central on 127.0.0.1 with a free port; stop it on exit.

    ``kiosks`` are registered as development kiosks (``--kiosk ID:SECRET``). ``database``
    reuses the database of an earlier central (a restart); else ``backend`` makes a new one
    (in ``tmp_path``: the same ``tmp_path`` again is the same SQLite database). ``port``
    restarts a server where kiosks already point, for example with a new ``catalog``.
    """
    tmp_path.mkdir(parents=True, exist_ok=True)
    database = database or (backend or SqliteBackend()).database(tmp_path)
    log_path = tmp_path / "central.log"
    run_cli("migrate", *database.args(), env=database.env())
    command = [
        sys.executable,
        "-m",
        "central",
        "serve",
        "--host",
        "127.0.0.1",
        "--port",
        str(port),
        *database.args(),
        *extra_args,
    ]
    for kiosk_id, secret in kiosks.items():
        command += ["--kiosk", f"{kiosk_id}:{secret}"]
    if catalog is not None:
        command += ["--catalog", str(catalog)]
    with log_path.open("a", encoding="utf-8") as log_file:
        process = subprocess.Popen(
            command,
            cwd=ROOT,
            stdin=subprocess.DEVNULL,
            stdout=subprocess.PIPE,
            stderr=log_file,
            text=True,
            env=database.env(),
        )
    try:
        url = _read_url(process, log_path)
        yield RunningCentral(url, database, log_path, process)
    finally:
        _stop(process)


def _read_url(process: subprocess.Popen[str], log_path: Path) -> str:
    """The URL from the server's first stdout line, or an error that shows its log."""
    lines: queue.Queue[str] = queue.Queue()
    assert process.stdout is not None
    stdout = process.stdout
    threading.Thread(target=lambda: lines.put(stdout.readline()), daemon=True).start()
    try:
        line = lines.get(timeout=START_TIMEOUT_SECONDS)
    except queue.Empty:
        line = ""
    prefix = "serving on "
    if not line.startswith(prefix):
        _stop(process)
        log = log_path.read_text(encoding="utf-8", errors="replace")
        raise RuntimeError(f"central did not start (first line {line!r}); its log:\n{log}")
    return line[len(prefix) :].strip()


def _stop(process: subprocess.Popen[str]) -> None:
    """SIGTERM, then SIGKILL if it does not exit in time."""
    if process.poll() is None:
        process.send_signal(signal.SIGTERM)
        try:
            process.wait(timeout=STOP_TIMEOUT_SECONDS)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
    if process.stdout is not None:
        process.stdout.close()
