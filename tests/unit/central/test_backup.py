"""Encrypted backups while central serves, and their restore into a new database.

``age-keygen`` makes the operator's key pair; central gets only the public half. Each test
backs up a central that kiosks are using, restores into a fresh database of the same kind,
and checks what an operator would: ``export`` agrees, the kiosks' secrets still open (a new
central on the restored database accepts the kiosk), and the file tells nothing without the
operator's key.
"""

from __future__ import annotations

import datetime as dt
import json
import subprocess
import sys
import uuid
from pathlib import Path

import pytest

from tests.helpers.central import ROOT, central_command, running_central

KIOSK, SECRET = "ALM-DESA-01", "kemiren-secret-0000000001"
NIK = "3510014101900001"


@pytest.fixture(scope="module")
def operator(tmp_path_factory) -> dict[str, Path]:
    """The operator's age identity (kept off the server) and its recipient (on the server)."""
    folder = tmp_path_factory.mktemp("operator")
    identity, recipients = folder / "operator.key", folder / "recipients.txt"
    subprocess.run(["age-keygen", "-o", str(identity)], check=True, capture_output=True)
    public = subprocess.run(
        ["age-keygen", "-y", str(identity)], check=True, capture_output=True, text=True
    ).stdout
    recipients.write_text(f"# the Diskominfo operator\n{public}", encoding="ascii")
    other = folder / "someone-else.key"
    subprocess.run(["age-keygen", "-o", str(other)], check=True, capture_output=True)
    return {"identity": identity, "recipients": recipients, "other": other}


@pytest.fixture(scope="module")
def central(tmp_path_factory, backend, operator):
    folder = tmp_path_factory.mktemp("backup")
    with running_central(folder / "central", {KIOSK: SECRET}, backend=backend) as server:
        with server.signed_session(KIOSK, SECRET) as session:
            for number in range(25):
                body = {
                    "reference": f"{KIOSK}-20261203-K1-B{number:04d}",
                    "service": "surat_miskin",
                    "created_at": "2026-12-03T08:00:00+07:00",
                    "language": "id",
                    "fields": {"cause": "income", "address": "Krajan/003/012"},
                    "identity": {"nik": NIK, "name": "SITI AMINAH"},
                }
                response = session.post(
                    f"{server.url}/v1/transactions",
                    json=body,
                    headers={"Idempotency-Key": str(uuid.uuid4())},
                    timeout=10,
                )
                assert response.status_code == 201, response.text
        server.backup = folder / "central-backup.tar.age"
        made = command(
            server, "backup", "--out", str(server.backup),
            "--recipients-file", str(operator["recipients"]),
        )  # fmt: skip
        assert made.returncode == 0, made.stderr
        server.made = json.loads(made.stdout)
        yield server


def command(central, *args, env=None):
    return central_command(*args, *central.database.args(), env=env or central.database.env())


def restore(backend, tmp_path, *args):
    database = backend.database(tmp_path)
    completed = central_command("restore", *args, *database.args(), env=database.env())
    return database, completed


def test_a_restored_backup_agrees_and_its_kiosks_still_sign(central, backend, operator, tmp_path):
    database, restored = restore(
        backend, tmp_path, str(central.backup), "--identity", str(operator["identity"])
    )
    assert restored.returncode == 0, restored.stderr
    manifest = json.loads(restored.stdout)
    assert manifest == central.made["manifest"]
    assert manifest["database"] == backend.name
    assert central_command("migrate", *database.args(), env=database.env()).returncode == 0
    exported = central_command("export", *database.args(), env=database.env())
    assert json.loads(exported.stdout) == central.export()
    assert len(central.export()) == 25
    # The kiosk's secret opens with the restored key: a central on the copy accepts it.
    body = {
        "kiosk_time": dt.datetime.now(dt.UTC).isoformat(),
        "version": "test",
        "uptime_seconds": 1,
        "outbox": {"pending": 0, "dead": 0},
        "devices": {},
    }
    with (
        running_central(tmp_path / "again", {}, database=database) as again,
        again.signed_session(KIOSK, SECRET) as session,
    ):
        assert session.post(f"{again.url}/v1/heartbeat", json=body, timeout=10).ok


def test_the_file_is_private_and_tells_nothing_without_the_operators_key(central, operator):
    assert central.backup.stat().st_mode & 0o777 == 0o600
    data = central.backup.read_bytes()
    assert data.startswith(b"age-encryption.org/v1\n")
    assert NIK.encode() not in data and b"SITI AMINAH" not in data and b"SQLite" not in data
    opened = subprocess.run(
        ["age", "--decrypt", "--identity", str(operator["other"]), str(central.backup)],
        capture_output=True,
        check=False,
    )
    assert opened.returncode != 0
    assert b"no identity matched any of the recipients" in opened.stderr


def test_the_archive_opens_by_hand(central, operator, tmp_path):
    opened = subprocess.run(
        ["age", "--decrypt", "--identity", str(operator["identity"]), str(central.backup)],
        capture_output=True,
        check=True,
    )
    listing = subprocess.run(
        ["tar", "--list"], input=opened.stdout, capture_output=True, check=True
    ).stdout.decode()
    names = listing.split()
    assert names[:3] == ["manifest.json", "secrets.key", "django.key"]
    assert names[-1] == "complete.json"
    assert names[3] == "database.sqlite" or names[3].startswith("database.pgdump.")


def test_a_decrypted_archive_restores_from_standard_input(central, backend, operator, tmp_path):
    opened = subprocess.run(
        ["age", "--decrypt", "--identity", str(operator["identity"]), str(central.backup)],
        capture_output=True,
        check=True,
    )
    database = backend.database(tmp_path)
    restored = subprocess.run(
        [sys.executable, "-m", "central", "restore", "-", *database.args()],
        input=opened.stdout,
        capture_output=True,
        env=database.env(),
        check=False,
        cwd=ROOT,
    )
    assert restored.returncode == 0, restored.stderr
    exported = central_command("export", *database.args(), env=database.env())
    assert json.loads(exported.stdout) == central.export()


class TestRefusals:
    def test_without_recipients(self, central, tmp_path):
        made = command(central, "backup", "--out", str(tmp_path / "b.age"))
        assert made.returncode == 2
        assert "CENTRAL_BACKUP_RECIPIENTS_FILE: expected the file of age recipients" in (
            made.stderr
        )

    def test_the_recipients_come_from_the_environment(self, central, operator, tmp_path):
        env = {
            **central.database.env(),
            "CENTRAL_BACKUP_RECIPIENTS_FILE": str(operator["recipients"]),
        }
        made = command(central, "backup", "--out", str(tmp_path / "b.age"), env=env)
        assert made.returncode == 0, made.stderr
        again = command(central, "backup", "--out", str(tmp_path / "b.age"), env=env)
        assert again.returncode == 1
        assert f"{tmp_path / 'b.age'}: exists already; a backup never overwrites one" in (
            again.stderr
        )

    def test_a_bad_recipient_leaves_no_file(self, central, tmp_path):
        recipients = tmp_path / "recipients.txt"
        recipients.write_text("age1notakey\n", encoding="ascii")
        made = command(
            central, "backup", "--out", str(tmp_path / "b.age"), "--recipients-file",
            str(recipients),
        )  # fmt: skip
        assert made.returncode == 1
        assert "age could not encrypt to" in made.stderr
        assert list(tmp_path.iterdir()) == [recipients]

    def test_the_wrong_key(self, central, backend, operator, tmp_path):
        _, restored = restore(
            backend, tmp_path, str(central.backup), "--identity", str(operator["other"])
        )
        assert restored.returncode == 1
        assert "age could not decrypt" in restored.stderr
        assert "no identity matched any of the recipients" in restored.stderr

    def test_a_cut_file(self, central, backend, operator, tmp_path):
        cut = tmp_path / "cut.age"
        cut.write_bytes(central.backup.read_bytes()[:-1000])
        database, restored = restore(
            backend, tmp_path, str(cut), "--identity", str(operator["identity"])
        )
        assert restored.returncode == 1
        assert "age could not decrypt" in restored.stderr
        if database.sqlite is not None:
            assert not database.sqlite.exists()

    def test_a_database_in_use(self, central, operator):
        refused = command(
            central, "restore", str(central.backup), "--identity", str(operator["identity"])
        )
        assert refused.returncode == 1
        if central.database.sqlite is not None:
            assert "exists already; restore into a new file (--db NEW)" in refused.stderr
        else:
            assert "is not empty" in refused.stderr
            assert "restore into a new one (createdb NAME)" in refused.stderr
