"""The back office's shell commands through ``python -m central``: OPDs, accounts, the audit."""

from __future__ import annotations

import json

import pytest

from tests.helpers.central import central_command, run_cli
from tests.helpers.office import OPDS, REGIONS


@pytest.fixture(scope="module")
def database(tmp_path_factory, backend):
    database = backend.database(tmp_path_factory.mktemp("commands"))
    run_cli("migrate", "--verbosity", "0", *database.args(), env=database.env())
    return database


def command(database, *args, stdin=None):
    return central_command(*args, *database.args(), env=database.env(), stdin=stdin)


def test_opds_are_imported_all_or_nothing_and_renamed(database, tmp_path):
    first = command(database, "import-opds", str(OPDS))
    assert first.returncode == 0, first.stderr
    assert first.stdout == "8 OPDs added, 0 renamed, 0 unchanged\n"
    again = command(database, "import-opds", str(OPDS))
    assert again.stdout == "0 OPDs added, 0 renamed, 8 unchanged\n"
    bad = tmp_path / "opd.csv"
    bad.write_text("DINSOS,Dinas Sosial Kabupaten\ndinas kecil,Nama\n", encoding="utf-8")
    refused = command(database, "import-opds", str(bad))
    assert refused.returncode == 2
    assert refused.stderr == (
        f"python -m central import-opds: {bad}:2: expected an OPD code of 2 to 32 of "
        "A-Z 0-9 _ - (DINSOS), found 'dinas kecil'\n"
    )
    assert database.query("SELECT name FROM office_opd WHERE code = 'DINSOS'") == [
        ("Dinas Sosial",)
    ]
    renamed = command(database, "add-opd", "--code", "DINSOS", "--name", "Dinas Sosial P3AKB")
    assert renamed.stdout == "renamed DINSOS: Dinas Sosial P3AKB\n"
    added = command(database, "add-opd", "--code", "BPBD", "--name", "Badan Penanggulangan Bencana")
    assert added.returncode == 0 and added.stdout.startswith("added BPBD")
    assert command(database, "add-opd", "--code", "x", "--name", "y").returncode == 2


def test_accounts_from_the_shell_are_audited(database):
    made = command(
        database, "add-user", "--username", "op-shell", "--role", "admin_diskominfo",
        stdin="kata-sandi-awal-panjang-1\n",
    )  # fmt: skip
    assert made.returncode == 0, made.stderr
    weak = command(database, "reset-password", "--username", "op-shell", stdin="123\n")
    assert weak.returncode == 2 and "the password is refused" in weak.stderr
    reset = command(
        database, "reset-password", "--username", "op-shell", stdin="kata-sandi-kedua-panjang-2\n"
    )
    assert reset.returncode == 0, reset.stderr
    assert command(database, "deactivate-user", "--username", "op-shell").returncode == 0
    assert database.query("SELECT is_active FROM auth_user WHERE username = 'op-shell'") in (
        [(False,)],
        [(0,)],
    )
    missing = command(database, "deactivate-user", "--username", "siapa")
    assert missing.returncode == 1
    assert missing.stderr == "python -m central deactivate-user: no user siapa\n"
    trail = json.loads(command(database, "audit", "--target", "op-shell", "--json").stdout)
    assert [entry["action"] for entry in trail] == ["deactivate_user", "reset_password"]
    assert all(entry["user"].startswith("shell:") for entry in trail)
    lines = command(database, "audit", "--action", "add_opd").stdout.splitlines()
    assert lines and all("\tadd_opd\t" in line for line in lines)


def test_a_kiosk_is_moved_to_a_village_once(database, tmp_path):
    assert command(database, "import-regions", str(REGIONS)).returncode == 0
    secret = tmp_path / "kiosk.secret"
    secret.write_text("kiosk-secret-for-moving-1", encoding="ascii")
    added = command(
        database, "add-kiosk", "--id", "ALM-PINDAH-01", "--village", "35.10.15.2004",
        "--name", "Balai desa", "--secret-file", str(secret),
    )  # fmt: skip
    assert added.returncode == 0, added.stderr
    for _ in range(2):
        moved = command(
            database, "assign-kiosk", "--id", "ALM-PINDAH-01", "--village", "3510092001"
        )
        assert moved.returncode == 0, moved.stderr
    assert database.query(
        "SELECT v.code FROM registry_kiosk k JOIN registry_village v ON v.id = k.village_id "
        "WHERE k.kiosk_id = 'ALM-PINDAH-01'"
    ) == [("3510092001",)]
    trail = json.loads(command(database, "audit", "--target", "ALM-PINDAH-01", "--json").stdout)
    assert [entry["detail"] for entry in trail] == [{"from": "3510152004", "to": "3510092001"}]
    unknown = command(database, "assign-kiosk", "--id", "ALM-TIDAK-ADA", "--village", "3510092001")
    assert unknown.returncode == 1 and "register it with add-kiosk" in unknown.stderr
