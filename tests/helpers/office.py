"""The back office as tests drive it: a seeded central, and staff who log in through its form.

    with office_central(tmp_path, backend) as central:
        operator = StaffSession(central.url, "op-kemiren")
        page = operator.get("/office/")

``office_central`` migrates a fresh database (SQLite or PostgreSQL), loads the sample regions
and OPDs, registers two village kiosks (Kemiren in Glagah, Kembiritan in Genteng) and one
account per role with ``python -m central``, exactly as an operator would, then serves it
with a catalog whose village letters are letters (``letter`` in their catalog entry). Staff
log in through ``/office/login/`` with the CSRF token the form gives, like a browser.
"""

from __future__ import annotations

import datetime as dt
import json
import re
import uuid
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import requests

from tests.helpers.central import (
    ROOT,
    Backend,
    Database,
    RunningCentral,
    SqliteBackend,
    run_cli,
    running_central,
    signed_session,
)

REGIONS = ROOT / "central/registry/data/banyuwangi-sample.csv"
OPDS = ROOT / "central/office/data/opd-sample.csv"
DEFAULT_CATALOG = ROOT / "central/default_catalog.json"
#: The village letters: a catalog entry with ``letter`` makes their requests letters.
LETTER_SERVICES = ("surat_miskin", "sktm", "domisili", "pengantar_ktp_kk")


@dataclass(frozen=True)
class Kiosk:
    """A registered village kiosk and its signing secret."""

    kiosk_id: str
    secret: str
    village: str

    @property
    def part(self) -> str:
        """Its references' kiosk part."""
        return self.kiosk_id.upper()


KIOSK_A = Kiosk("ALM-KEMIREN-01", "kemiren-kiosk-secret-01", "3510152004")
KIOSK_B = Kiosk("ALM-KEMBIRITAN-01", "kembiritan-kiosk-secret-01", "3510092001")

PASSWORD = "kata-sandi-uji-{name}"
#: Each account: its roles' arguments to ``add-user``.
STAFF: Mapping[str, tuple[str, ...]] = {
    "op-kemiren": ("--role", "operator_desa", "--village", KIOSK_A.village),
    "kades-kemiren": ("--role", "kepala_desa", "--village", KIOSK_A.village),
    "op-kembiritan": ("--role", "operator_desa", "--village", KIOSK_B.village),
    "ugd-siti": ("--role", "ugd_kemiskinan"),
    "ugd-budi": ("--role", "ugd_kemiskinan"),
    "dinsos-agus": ("--role", "petugas_pengaduan", "--opd", "DINSOS"),
    "dlh-wahyu": ("--role", "petugas_pengaduan", "--opd", "DLH"),
    "admin-kominfo": ("--role", "admin_diskominfo"),
    "tanpa-peran": ("--role", "admin_diskominfo"),
}
#: Accounts created without their role (``tanpa-peran`` loses it right after creation).
ROLELESS = ("tanpa-peran",)


def password_of(username: str) -> str:
    """The test password of an account."""
    return PASSWORD.format(name=username)


def letter_catalog(folder: Path) -> Path:
    """The built-in catalog with the village letters marked as letters; its path."""
    catalog = json.loads(DEFAULT_CATALOG.read_text(encoding="utf-8"))
    for service in catalog["services"]:
        if service["id"] in LETTER_SERVICES:
            service["letter"] = {"template": service["id"]}
    catalog["version"] = "office-tests"
    path = folder / "catalog.json"
    path.write_text(json.dumps(catalog, ensure_ascii=False), encoding="utf-8")
    return path


def seed(database: Database, folder: Path, kiosks: tuple[Kiosk, ...] = (KIOSK_A, KIOSK_B)) -> None:
    """Regions, OPDs, village kiosks and one account per role, through ``python -m central``."""

    def cli(*args: str, stdin: str | None = None) -> str:
        return run_cli(*args, *database.args(), env=database.env(), stdin=stdin)

    cli("migrate", "--verbosity", "0")
    cli("import-regions", str(REGIONS))
    cli("import-opds", str(OPDS))
    for kiosk in kiosks:
        secret_file = folder / f"{kiosk.kiosk_id}.secret"
        secret_file.write_text(kiosk.secret, encoding="ascii")
        cli(
            "add-kiosk",
            "--id",
            kiosk.kiosk_id,
            "--village",
            kiosk.village,
            "--name",
            f"Balai desa {kiosk.kiosk_id}",
            "--secret-file",
            str(secret_file),
        )
    for username, roles in STAFF.items():
        cli("add-user", "--username", username, *roles, stdin=password_of(username) + "\n")
    for username in ROLELESS:
        user_id = database.query("SELECT id FROM auth_user WHERE username = %s", username)[0][0]
        execute(database, "DELETE FROM registry_rolegrant WHERE user_id = %s", user_id)


def execute(database: Database, sql: str, *params: object) -> None:
    """One write, for white-box test set-ups (central has no command for them)."""
    if database.url is not None:
        import psycopg

        with psycopg.connect(database.url) as connection:
            connection.execute(sql, params)  # type: ignore[arg-type]
        return
    import sqlite3

    assert database.sqlite is not None
    with sqlite3.connect(database.sqlite) as connection:
        connection.execute(sql.replace("%s", "?"), params)


@contextmanager
def office_central(
    tmp_path: Path, backend: Backend | None = None, extra_args: tuple[str, ...] = ()
) -> Iterator[RunningCentral]:
    """A seeded central serving the letter catalog; see the module docstring."""
    tmp_path.mkdir(parents=True, exist_ok=True)
    database = (backend or SqliteBackend()).database(tmp_path)
    seed(database, tmp_path)
    with running_central(
        tmp_path,
        {},
        catalog=letter_catalog(tmp_path),
        database=database,
        extra_args=extra_args,
    ) as central:
        yield central


_CSRF_INPUT = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


class StaffSession:
    """A member of staff in a browser-like session: cookies, CSRF tokens, no redirects."""

    def __init__(self, url: str, username: str, password: str | None = None) -> None:
        self.url = url
        self.username = username
        self.http = requests.Session()
        self.http.trust_env = False
        self.login_response = self.log_in(password or password_of(username))

    def log_in(self, password: str) -> requests.Response:
        """Fill in the login form and send it."""
        return self.post("/office/login/", {"username": self.username, "password": password})

    def get(self, path: str, **params: str) -> requests.Response:
        """``GET`` a page (redirects are not followed: tests look at them)."""
        return self.http.get(self.url + path, params=params, allow_redirects=False, timeout=20)

    def post(self, path: str, data: Mapping[str, str] | None = None) -> requests.Response:
        """``POST`` a form with the session's CSRF token, as the page's form would."""
        if "csrftoken" not in self.http.cookies:
            self.http.get(self.url + "/office/login/", timeout=20)
        fields = {"csrfmiddlewaretoken": self.http.cookies["csrftoken"], **(data or {})}
        return self.http.post(self.url + path, data=fields, allow_redirects=False, timeout=20)


def without_tokens(html: str) -> str:
    """A page without its per-request CSRF tokens, to compare two answers byte for byte."""
    return _CSRF_INPUT.sub('name="csrfmiddlewaretoken" value=""', html)


_REFERENCE_CELL = re.compile(r'<td class="ref[^"]*"[^>]*><a href="/office/requests/([^/"]+)/">')


def listed_references(html: str) -> set[str]:
    """The references a list page links to."""
    return set(_REFERENCE_CELL.findall(html))


def submit(
    central: RunningCentral,
    kiosk: Kiosk,
    service: str,
    fields: Mapping[str, str],
    *,
    identity: Mapping[str, str] | None = None,
    code: str = "T",
) -> str:
    """A request from ``kiosk`` as the kiosk's outbox sends it; its reference."""
    number = f"{code}{uuid.uuid4().int % 10**6:06d}"
    reference = f"{kiosk.part}-{dt.date.today():%Y%m%d}-K1-{number}"
    body: dict[str, Any] = {
        "reference": reference,
        "service": service,
        "created_at": dt.datetime.now().astimezone().isoformat(timespec="seconds"),
        "language": "id",
        "fields": dict(fields),
        "identity": dict(identity) if identity else None,
    }
    with signed_session(kiosk.kiosk_id, kiosk.secret) as session:
        response = session.post(
            f"{central.url}/v1/transactions",
            json=body,
            headers={"Idempotency-Key": str(uuid.uuid4())},
            timeout=10,
        )
    assert response.status_code == 201, response.text
    return reference


IDENTITY = {"nik": "3510014101900001", "name": "SITI AMINAH"}
