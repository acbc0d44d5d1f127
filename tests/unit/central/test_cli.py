"""``python -m central``: start-up, shutdown, and the database commands."""

from __future__ import annotations

import json
import signal
import subprocess
import sys
import uuid

import pytest

from tests.helpers.central import ROOT, run_cli, running_central

KIOSKS = {"K1": "secret-one"}


def central_cli(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "central", *args],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )


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
def test_serve_announces_its_url_and_stops_cleanly_on_a_signal(tmp_path, signum):
    with running_central(tmp_path, KIOSKS) as server:
        assert server.url.startswith("http://127.0.0.1:")
        assert not server.url.endswith(":0")
        with server.signed_session("K1", "secret-one") as idle_connection:
            idle_connection.get(f"{server.url}/v1/catalog", timeout=10)
            server.process.send_signal(signum)
            assert server.process.wait(timeout=10) == 0
        assert server.process.stdout.read() == ""
        assert "Stopped" in server.log_text()


def test_stored_transactions_survive_a_restart(tmp_path):
    with running_central(tmp_path, KIOSKS) as server:
        assert post_transaction(server, "R-000001").status_code == 201
    with running_central(tmp_path, KIOSKS) as server:
        assert post_transaction(server, "R-000001").status_code == 409
        assert [row["reference"] for row in server.export()] == ["R-000001"]


def test_the_allow_list_of_kiosks_is_required(tmp_path):
    completed = central_cli("serve", "--port", "0", "--db", str(tmp_path / "c.sqlite"))
    assert completed.returncode == 2
    assert "--kiosk" in completed.stderr
    assert completed.stdout == ""


@pytest.mark.parametrize("kiosk", ["K1", "K1:", ":secret", "bad id:secret"])
def test_a_malformed_kiosk_option_is_refused(tmp_path, kiosk):
    completed = central_cli("serve", "--db", str(tmp_path / "c.sqlite"), "--kiosk", kiosk)
    assert completed.returncode == 2
    assert "ID:SECRET" in completed.stderr


def test_an_invalid_catalog_file_is_refused_at_start(tmp_path):
    catalog = tmp_path / "catalog.json"
    catalog.write_text(json.dumps({"version": "1", "services": []}), encoding="utf-8")
    completed = central_cli(
        "serve", "--db", str(tmp_path / "c.sqlite"), "--kiosk", "K1:s", "--catalog", str(catalog)
    )
    assert completed.returncode == 2
    assert str(catalog) in completed.stderr
    assert "$.counters is required" in completed.stderr


def test_export_of_an_empty_database_is_an_empty_array(tmp_path):
    with running_central(tmp_path, KIOSKS) as server:
        assert server.export() == []


@pytest.mark.parametrize("command", [["export"], ["set-status", "K1-000001", "done"]])
def test_export_and_set_status_need_an_existing_database(tmp_path, command):
    missing = tmp_path / "missing.sqlite"
    completed = central_cli(command[0], "--db", str(missing), *command[1:])
    assert completed.returncode == 2
    assert "no database" in completed.stderr
    assert not missing.exists()


def test_add_card_creates_the_database_before_the_first_serve(tmp_path):
    db = tmp_path / "new" / "central.sqlite"
    db.parent.mkdir()
    completed = central_cli(
        "add-card",
        "--db",
        str(db),
        "--uid",
        "0A0B0C0D",
        "--nik",
        "3510014101900001",
        "--name",
        "SITI AMINAH",
        "--pin",
        "1234",
    )
    assert completed.returncode == 0, completed.stderr
    with (
        running_central(db.parent, KIOSKS) as server,
        server.signed_session("K1", "secret-one") as k1,
    ):
        lookup = k1.get(f"{server.url}/v1/cards/0A0B0C0D", timeout=10)
    assert lookup.json()["confirm_with"] == "pin"


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
    completed = central_cli("add-card", "--db", str(tmp_path / "c.sqlite"), *args)
    assert completed.returncode == 2
    assert "expected" in completed.stderr


def test_add_card_logs_the_nik_masked(tmp_path):
    with running_central(tmp_path, KIOSKS) as server:
        completed = central_cli(
            "add-card",
            "--db",
            str(server.db_path),
            "--uid",
            "04a1b2c3",
            "--nik",
            "3510014101900001",
            "--name",
            "SITI AMINAH",
        )
        with server.signed_session("K1", "secret-one") as session:
            lookup = session.get(f"{server.url}/v1/cards/04A1B2C3", timeout=10)
    assert completed.returncode == 0
    assert completed.stdout == ""
    assert "351001******0001" in completed.stderr
    assert "3510014101900001" not in completed.stderr
    assert lookup.status_code == 200


def test_set_status_takes_only_known_statuses(tmp_path):
    with running_central(tmp_path, KIOSKS) as server:
        post_transaction(server, "S-000001")
        with pytest.raises(RuntimeError, match="invalid choice"):
            run_cli("set-status", "--db", str(server.db_path), "S-000001", "lost")
        run_cli("set-status", "--db", str(server.db_path), "S-000001", "rejected")
