"""``python -m central``: migrate, serve (start-up, refusal, shutdown), and the data commands."""

from __future__ import annotations

import json
import signal
import stat
import uuid

import pytest

from tests.helpers.central import central_command, running_central

KIOSKS = {"K1": "secret-one"}


def post_transaction(server, reference):
    with server.signed_session("K1", "secret-one") as session:
        return session.post(
            f"{server.url}/v1/transactions",
            json={
                "reference": reference,
                "service": "antrian",
                "created_at": "2025-01-01T08:00:00Z",
                "language": "en",
                "fields": {},
            },
            headers={"Idempotency-Key": str(uuid.uuid4())},
            timeout=10,
        )


@pytest.mark.parametrize("signum", [signal.SIGTERM, signal.SIGINT])
def test_serve_announces_its_url_and_stops_cleanly_on_a_signal(tmp_path, backend, signum):
    with running_central(tmp_path, KIOSKS, backend=backend) as server:
        assert server.url.startswith("http://127.0.0.1:")
        assert not server.url.endswith(":0")
        with server.signed_session("K1", "secret-one") as idle_connection:
            idle_connection.get(f"{server.url}/v1/catalog", timeout=10)
            server.process.send_signal(signum)
            assert server.process.wait(timeout=10) == 0
        assert server.process.stdout.read() == ""
        assert "Stopped" in server.log_text()
        assert "Traceback" not in server.log_text()


def test_stored_transactions_survive_a_restart(tmp_path, backend):
    with running_central(tmp_path, KIOSKS, backend=backend) as server:
        assert post_transaction(server, "K1-20250101-R-000001").status_code == 201
        database = server.database
    with running_central(tmp_path, KIOSKS, database=database) as server:
        assert post_transaction(server, "K1-20250101-R-000001").status_code == 409
        assert [row["reference"] for row in server.export()] == ["K1-20250101-R-000001"]


def test_serve_refuses_an_unmigrated_database(tmp_path, backend):
    database = backend.database(tmp_path)
    if database.sqlite is not None:
        database.sqlite.touch()
    completed = central_command(
        "serve", "--port", "0", *database.args(), "--kiosk", "K1:s", env=database.env()
    )
    assert completed.returncode == 2
    assert completed.stdout == ""
    where = str(database.sqlite) if database.sqlite else "postgresql database 'db"
    assert f"python -m central serve: the database {where}" in completed.stderr
    assert "is not migrated (" in completed.stderr
    assert " migrations to apply); run: python -m central migrate --d" in completed.stderr
    assert not list(tmp_path.glob("*.key"))


def test_commands_other_than_migrate_need_an_existing_database(tmp_path):
    missing = tmp_path / "missing.sqlite"
    for command in (
        ["serve", "--port", "0"],
        ["export"],
        ["set-status", "K1-20250101-A-1", "done"],
    ):
        completed = central_command(command[0], "--db", str(missing), *command[1:])
        assert completed.returncode == 2
        assert completed.stderr == (
            f"python -m central {command[0]}: no database at {missing}; create it with: "
            f"python -m central migrate --db {missing}\n"
        )
        assert not missing.exists()


def test_migrate_creates_a_database_only_its_owner_reads(tmp_path):
    database = tmp_path / "new" / "central.sqlite"
    completed = central_command("migrate", "--db", str(database))
    assert completed.returncode == 0, completed.stderr
    assert stat.S_IMODE(database.stat().st_mode) == 0o600
    again = central_command("migrate", "--db", str(database))
    assert again.returncode == 0
    assert "No migrations to apply." in again.stdout


def test_db_and_database_url_exclude_each_other(tmp_path):
    completed = central_command(
        "export", "--db", str(tmp_path / "c.sqlite"), "--database-url", "postgresql://x@/y"
    )
    assert completed.returncode == 2
    assert "give --db or --database-url, not both" in completed.stderr


def test_only_centrals_commands_are_offered(tmp_path):
    completed = central_command("runserver", "--db", str(tmp_path / "c.sqlite"))
    assert completed.returncode == 2
    assert "invalid choice: 'runserver'" in completed.stderr
    listing = central_command("--help")
    assert listing.returncode == 0
    for command in ("serve", "migrate", "add-kiosk", "add-user", "import-regions", "export"):
        assert command in listing.stdout


def test_a_command_s_help_names_the_database_options():
    completed = central_command("serve", "--help")
    assert completed.returncode == 0
    for option in ("--db FILE", "--database-url URL", "--kiosk-file FILE", "--workers N"):
        assert option in completed.stdout
    assert "--settings" not in completed.stdout


@pytest.mark.parametrize("kiosk", ["K1", "K1:", ":secret", "bad id:secret", "K1: spaced "])
def test_a_malformed_kiosk_option_is_refused(tmp_path, kiosk):
    completed = central_command("serve", "--db", str(tmp_path / "c.sqlite"), "--kiosk", kiosk)
    assert completed.returncode == 2
    assert "ID:SECRET" in completed.stderr


def test_an_invalid_catalog_file_is_refused_at_start(tmp_path, backend):
    catalog = tmp_path / "catalog.json"
    catalog.write_text(json.dumps({"version": "1", "services": []}), encoding="utf-8")
    with running_central(tmp_path, KIOSKS, backend=backend) as server:
        completed = central_command(
            "serve", *server.database.args(), "--catalog", str(catalog), env=server.database.env()
        )
    assert completed.returncode == 2
    assert str(catalog) in completed.stderr
    assert "$.counters is required" in completed.stderr


def test_export_of_an_empty_database_is_an_empty_array(tmp_path, backend):
    with running_central(tmp_path, KIOSKS, backend=backend) as server:
        assert server.export() == []


@pytest.mark.parametrize(
    "args",
    [
        ["--uid", "XYZ", "--nik", "3510014101900001", "--name", "A"],
        ["--uid", "04A1B2C3", "--nik", "35100141019", "--name", "A"],
        ["--uid", "04A1B2C3", "--nik", "3510014101900001", "--name", " "],
        ["--uid", "04A1B2C3", "--nik", "3510014101900001", "--name", "A", "--pin", "12"],
    ],
)
def test_add_card_checks_its_input(tmp_path, args):
    central_command("migrate", "--db", str(tmp_path / "c.sqlite"))
    completed = central_command("add-card", "--db", str(tmp_path / "c.sqlite"), *args)
    assert completed.returncode == 2
    assert "expected" in completed.stderr


def test_add_card_logs_the_nik_masked(tmp_path, backend):
    with running_central(tmp_path, KIOSKS, backend=backend) as server:
        completed = central_command(
            "add-card",
            *server.database.args(),
            "--uid",
            "04a1b2c3",
            "--nik",
            "3510014101900001",
            "--name",
            "SITI AMINAH",
            env=server.database.env(),
        )
        with server.signed_session("K1", "secret-one") as session:
            lookup = session.get(f"{server.url}/v1/cards/04A1B2C3", timeout=10)
    assert completed.returncode == 0, completed.stderr
    assert completed.stdout == ""
    assert "351001******0001" in completed.stderr
    assert "3510014101900001" not in completed.stderr
    assert lookup.status_code == 200


def test_set_status_takes_only_known_statuses(tmp_path, backend):
    with running_central(tmp_path, KIOSKS, backend=backend) as server:
        post_transaction(server, "K1-20250101-S-000001")
        with pytest.raises(RuntimeError, match="invalid choice"):
            server.cli("set-status", "K1-20250101-S-000001", "lost")
        with pytest.raises(RuntimeError, match="give --message-id and --message-en together"):
            server.cli("set-status", "K1-20250101-S-000001", "called", "--message-id", "x")
        server.cli("set-status", "K1-20250101-S-000001", "called")
        assert server.export()[0]["status"] == "called"
        (entry,) = json.loads(server.cli("audit", "--target", "K1-20250101-S-000001", "--json"))
    assert entry["user"].startswith("shell:") and entry["action"] == "change_status"
    assert entry["detail"] == {"from": "received", "to": "called", "note": ""}
