"""Retention: ``purge-personal-data`` erases what identifies a citizen from finished requests.

Requests are stored over HTTP by a kiosk, moved with ``set-status`` as staff would, and aged
by moving their last change back in the database (the one white-box step: waiting 30 days
is not a test). What stays is checked through the commands and the API a kiosk uses.
"""

from __future__ import annotations

import json
import uuid

import pytest

from tests.helpers.central import ROOT, central_command, running_central

KIOSK, SECRET = "K1", "secret-one"
NIK = "3510014101900001"
IDENTITY = {"nik": NIK, "name": "SITI AMINAH"}
#: The built-in catalog, with SKTM as a letter (the default has no letter service).
CATALOG = json.loads((ROOT / "central" / "default_catalog.json").read_text(encoding="utf-8"))
for _service in CATALOG["services"]:
    if _service["id"] == "sktm":
        _service["letter"] = {"template": "sktm"}

POOR = {
    "cause": "income,health",
    "household_size": "4",
    "cause_detail": "Suami sakit sejak Maret",
    "address": "Krajan/003/012",
    "phone": "081234567890",
}
SKTM = {
    "for_whom": "self",
    "purpose": "school",
    "institution": "SMPN 1 Glagah",
    "address": "Kedaleman/001/002",
    "phone": "081298765432",
}
COMPLAINT = {
    "category": "road",
    "location": "Krajan/004/001",
    "happened_on": "2026-11-20",
    "description": "Jalan berlubang di depan rumah Pak Slamet",
    "phone": "081211112222",
}


@pytest.fixture
def central(tmp_path, backend):
    catalog = tmp_path / "catalog.json"
    catalog.write_text(json.dumps(CATALOG), encoding="utf-8")
    with running_central(
        tmp_path / "central", {KIOSK: SECRET}, catalog=catalog, backend=backend
    ) as server:
        server.catalog_path = catalog
        yield server


def command(central, *args, **env):
    environment = {**central.database.env(), "CENTRAL_CATALOG": str(central.catalog_path), **env}
    return central_command(*args, *central.database.args(), env=environment)


def purge(central, *args, **env) -> dict:
    completed = command(central, "purge-personal-data", *args, **env)
    assert completed.returncode == 0, completed.stderr
    return json.loads(completed.stdout)


def submit(central, service: str, fields: dict, identity=None) -> str:
    reference = f"{KIOSK}-20261101-T1-{uuid.uuid4().hex[:8].upper()}"
    body = {
        "reference": reference,
        "service": service,
        "created_at": "2026-11-01T08:00:00+07:00",
        "language": "id",
        "fields": fields,
        "identity": identity,
    }
    with central.signed_session(KIOSK, SECRET) as session:
        response = session.post(
            f"{central.url}/v1/transactions",
            json=body,
            headers={"Idempotency-Key": str(uuid.uuid4())},
            timeout=10,
        )
    assert response.status_code == 201, response.text
    return reference


def move(central, reference: str, *statuses: str) -> None:
    for status in statuses:
        completed = command(
            central, "set-status", reference, status,
            "--message-id", "Bawa KK", "--message-en", "Bring your KK",
        )  # fmt: skip
        assert completed.returncode == 0, completed.stderr


def row(central, reference: str) -> dict:
    [(fields, nik, name, message, status, purged_at)] = central.database.query(
        "SELECT fields, identity_nik, identity_name, message_id, status, purged_at"
        " FROM transactions_transaction WHERE reference = %s",
        reference,
    )
    if isinstance(fields, str):
        fields = json.loads(fields)
    return {
        "fields": fields,
        "identity": (nik, name),
        "message": message,
        "status": status,
        "purged": purged_at is not None,
    }


def test_finished_requests_keep_only_what_counts(central):
    poor = submit(central, "surat_miskin", POOR, IDENTITY)
    letter = submit(central, "sktm", SKTM, IDENTITY)
    ticket = submit(central, "antrian", {"counter": "A", "number": "A001"})
    open_complaint = submit(central, "pengaduan", COMPLAINT, IDENTITY)
    recent = submit(central, "pengaduan", COMPLAINT, IDENTITY)
    # The Surat Pernyataan Miskin is a letter (the catalog gives it one): refused, it is final.
    move(central, poor, "rejected")
    move(central, letter, "rejected")
    # After the unit's closing time central has expired the day's tickets by itself.
    [(status,)] = central.database.query(
        "SELECT status FROM transactions_transaction WHERE reference = %s", ticket
    )
    if status != "expired":
        move(central, ticket, "expired")
    move(central, open_complaint, "processing")
    move(central, recent, "done")
    for reference in (poor, letter, ticket, open_complaint):
        central.database.age(reference, 31)
    exported = central.export()

    dry = purge(central, "--days", "30", "--dry-run")
    assert (dry["purged"], dry["dry_run"]) == (3, True)
    assert row(central, poor)["identity"] == (NIK, "SITI AMINAH")

    summary = purge(central, "--days", "30")
    assert summary["purged"] == 3
    assert summary["by_kind"] == {"letter": 2, "queue": 1}
    assert summary["by_status"] == {"expired": 1, "rejected": 2}

    assert row(central, poor) == {
        "fields": {"cause": "income,health", "household_size": "4", "address": "Krajan"},
        "identity": (None, None),
        "message": "",
        "status": "rejected",
        "purged": True,
    }
    assert row(central, letter)["fields"] == {
        "for_whom": "self",
        "purpose": "school",
        "address": "Kedaleman",
    }
    assert row(central, letter)["status"] == "rejected"
    assert row(central, ticket)["fields"] == {}
    # Not finished, or finished too recently: everything stays.
    for kept in (open_complaint, recent):
        assert row(central, kept)["fields"] == COMPLAINT
        assert row(central, kept)["identity"] == (NIK, "SITI AMINAH")
        assert not row(central, kept)["purged"]
    # Rows, statuses, receipts and order are what the export showed before.
    assert central.export() == exported
    # The kiosk's Cek Status still answers, without an identity.
    with central.signed_session(KIOSK, SECRET) as session:
        status = session.get(f"{central.url}/v1/transactions/{poor}", timeout=10).json()
    assert (status["status"], status["identity"], status["message"]) == ("rejected", None, None)
    assert purge(central, "--days", "30")["purged"] == 0


def test_the_period_comes_from_the_environment(central):
    reference = submit(central, "surat_miskin", POOR, IDENTITY)
    move(central, reference, "rejected")
    central.database.age(reference, 10)
    assert purge(central, CENTRAL_RETENTION_DAYS="11")["purged"] == 0
    assert purge(central, CENTRAL_RETENTION_DAYS="9")["purged"] == 1


@pytest.mark.parametrize(
    ("args", "env", "message"),
    [
        (
            ("--days", "0"),
            {},
            "argument --days: expected a whole number of days from 1 to 3650, found '0'",
        ),
        (
            (),
            {"CENTRAL_RETENTION_DAYS": "a year"},
            "CENTRAL_RETENTION_DAYS: expected a whole number of days from 1 to 3650, "
            "found 'a year'",
        ),
    ],
)
def test_a_bad_period_is_refused(central, args, env, message):
    completed = command(central, "purge-personal-data", *args, **env)
    assert completed.returncode == 2
    assert message in completed.stderr


def test_the_catalog_path_is_checked(central, tmp_path):
    completed = command(central, "purge-personal-data", CENTRAL_CATALOG=str(tmp_path / "none"))
    assert completed.returncode == 2
    assert f"CENTRAL_CATALOG: {tmp_path / 'none'}: cannot read the catalog" in completed.stderr
