"""The registry commands: regions as data, production kiosks with sealed secrets, staff users."""

from __future__ import annotations

import stat
from pathlib import Path

import pytest

from tests.helpers.central import ROOT, central_command, running_central

SAMPLE = ROOT / "central" / "registry" / "data" / "banyuwangi-sample.csv"
KEMIREN = "35.10.15.2004"
SECRET = "kemiren-kiosk-secret-0123456789"


@pytest.fixture(scope="module")
def central(tmp_path_factory, backend):
    with running_central(
        tmp_path_factory.mktemp("registry"), {"DEV-01": "dev-secret"}, backend=backend
    ) as server:
        server.cli("import-regions", str(SAMPLE))
        yield server


def command(central, *args, stdin=None):
    return central_command(*args, *central.database.args(), env=central.database.env(), stdin=stdin)


def secret_file(tmp_path: Path, text: str = SECRET) -> Path:
    path = tmp_path / "secret"
    path.write_text(text + "\n", encoding="ascii")
    path.chmod(0o600)
    return path


class TestRegions:
    def test_the_sample_loads_kecamatan_and_villages(self, central):
        rows = central.database.query(
            "SELECT v.code, v.name, k.code, k.name FROM registry_village v"
            " JOIN registry_kecamatan k ON k.id = v.kecamatan_id WHERE v.code = %s",
            "3510152004",
        )
        assert rows == [("3510152004", "Kemiren", "351015", "Glagah")]
        [(count,)] = central.database.query("SELECT COUNT(*) FROM registry_village")
        assert count == 38

    def test_an_import_again_renames_and_adds_nothing_twice(self, central, tmp_path):
        renamed = tmp_path / "renamed.csv"
        renamed.write_text("35.10.15,Glagah\n35.10.15.2004,Desa Kemiren\n", encoding="utf-8")
        command(central, "import-regions", str(renamed))
        rows = central.database.query(
            "SELECT name FROM registry_village WHERE code = %s", "3510152004"
        )
        assert rows == [("Desa Kemiren",)]
        [(count,)] = central.database.query("SELECT COUNT(*) FROM registry_village")
        assert count == 38
        command(central, "import-regions", str(SAMPLE))

    @pytest.mark.parametrize(
        ("text", "message"),
        [
            ("35.10.15.20,Kemiren\n", ":1: expected a Kemendagri code of 2, 4, 6 or 10 digits"),
            ("35.10.99.2001,Nowhere\n", ":1: village 3510992001 needs kecamatan 351099"),
            ("35.10.15\n", ":1: expected two columns, code and name; found 1"),
            ("# comment\n35.10.15,\n", ":2: expected a name of 1 to 100 characters"),
        ],
    )
    def test_a_bad_line_is_refused_with_its_file_and_line(self, central, tmp_path, text, message):
        path = tmp_path / "regions.csv"
        path.write_text(text, encoding="utf-8")
        completed = command(central, "import-regions", str(path))
        assert completed.returncode == 2
        assert f"python -m central import-regions: {path}{message}" in completed.stderr

    def test_a_bad_file_changes_nothing(self, central, tmp_path):
        path = tmp_path / "regions.csv"
        path.write_text("35.10.30,Kecamatan Baru\n35.10.30.2001,Desa\nnonsense\n", encoding="utf-8")
        assert command(central, "import-regions", str(path)).returncode == 2
        rows = central.database.query("SELECT code FROM registry_kecamatan WHERE code = '351030'")
        assert rows == []


class TestKiosks:
    def test_a_registered_kiosk_signs_and_its_secret_is_sealed(self, central, tmp_path):
        completed = command(
            central,
            "add-kiosk",
            "--id",
            "ALM-KEMIREN-01",
            "--village",
            KEMIREN,
            "--name",
            "Balai Desa Kemiren",
            "--secret-file",
            str(secret_file(tmp_path)),
        )
        assert completed.returncode == 0, completed.stderr
        assert SECRET not in completed.stderr
        with central.signed_session("ALM-KEMIREN-01", SECRET) as session:
            assert session.get(f"{central.url}/v1/catalog", timeout=10).status_code == 200
        [(sealed, village)] = central.database.query(
            "SELECT k.secret_sealed, v.code FROM registry_kiosk k"
            " JOIN registry_village v ON v.id = k.village_id WHERE k.kiosk_id = %s",
            "ALM-KEMIREN-01",
        )
        assert village == "3510152004"
        assert SECRET not in sealed
        assert SECRET not in central.log_text()
        key = (
            central.database.keys / "secrets.key"
            if central.database.keys
            else central.db_path.with_name("central.sqlite.secrets.key")
        )
        assert stat.S_IMODE(key.stat().st_mode) == 0o600

    def test_many_kiosks_share_a_village(self, central, tmp_path):
        for number in (2, 3):
            completed = command(
                central,
                "add-kiosk",
                "--id",
                f"ALM-KEMIREN-0{number}",
                "--village",
                "3510152004",
                "--name",
                f"Pos {number}",
                "--secret-file",
                str(secret_file(tmp_path)),
            )
            assert completed.returncode == 0, completed.stderr

    def test_two_kiosks_with_the_same_reference_part_are_refused(self, central, tmp_path):
        completed = command(
            central,
            "add-kiosk",
            "--id",
            "alm_kemiren-01",
            "--village",
            KEMIREN,
            "--name",
            "Copy",
            "--secret-file",
            str(secret_file(tmp_path)),
        )
        assert completed.returncode == 2
        assert completed.stderr == (
            "python -m central add-kiosk: kiosk alm_kemiren-01 would make references starting "
            "ALM-KEMIREN-01-, like kiosk ALM-KEMIREN-01; choose an id whose upper-case letters "
            "and digits differ\n"
        )

    @pytest.mark.parametrize(
        ("args", "message"),
        [
            (["--village", "35.10.15.9999"], "--village: no village 3510159999 in the registry"),
            (["--village", "35.10.15"], "expected a 10-digit Kemendagri village code"),
            (["--id", "bad id"], "expected a kiosk id matching"),
            (["--secret", "short"], "expected a secret of 16 to 256 printable ASCII characters"),
            (["--id", "ALM-KEMIREN-01"], "kiosk ALM-KEMIREN-01 is registered already"),
        ],
    )
    def test_add_kiosk_refuses_bad_input(self, central, tmp_path, args, message):
        options = {"--id": "ALM-NEW-01", "--village": KEMIREN, "--name": "New", "--secret": SECRET}
        options.update(dict(zip(args[::2], args[1::2], strict=True)))
        secret = secret_file(tmp_path, options.pop("--secret"))
        flat = [item for pair in options.items() for item in pair]
        completed = command(central, "add-kiosk", *flat, "--secret-file", str(secret))
        assert completed.returncode == 2
        assert message in completed.stderr
        assert "Traceback" not in completed.stderr


class TestUsers:
    def user(self, central, username):
        return central.database.query(
            "SELECT u.password, u.is_active, g.role, v.code, g.opd FROM auth_user u"
            " JOIN registry_rolegrant g ON g.user_id = u.id"
            " LEFT JOIN registry_village v ON v.id = g.village_id"
            " WHERE u.username = %s ORDER BY g.role",
            username,
        )

    def test_a_village_officer_with_two_roles(self, central):
        completed = command(
            central,
            "add-user",
            "--username",
            "siti",
            "--role",
            "operator_desa",
            "--role",
            "kepala_desa",
            "--village",
            KEMIREN,
            stdin="kemiren-operator-2026\n",
        )
        assert completed.returncode == 0, completed.stderr
        rows = self.user(central, "siti")
        assert [(role, village, opd) for _, _, role, village, opd in rows] == [
            ("kepala_desa", "3510152004", ""),
            ("operator_desa", "3510152004", ""),
        ]
        password, active = rows[0][:2]
        assert password.startswith("argon2$")
        assert bool(active)
        assert "kemiren-operator-2026" not in completed.stderr

    def test_a_complaint_officer_of_an_opd_and_a_regency_role(self, central):
        completed = command(
            central,
            "add-user",
            "--username",
            "budi",
            "--role",
            "petugas_pengaduan",
            "--role",
            "ugd_kemiskinan",
            "--opd",
            "DINSOS",
            stdin="pengaduan-dinsos-2026\n",
        )
        assert completed.returncode == 0, completed.stderr
        assert [(role, village, opd) for *_, role, village, opd in self.user(central, "budi")] == [
            ("petugas_pengaduan", None, "DINSOS"),
            ("ugd_kemiskinan", None, ""),
        ]

    @pytest.mark.parametrize(
        ("args", "stdin", "message"),
        [
            (["--role", "operator_desa"], "long-enough-password-1", "--village is needed by"),
            (
                ["--role", "admin_diskominfo", "--village", KEMIREN],
                "long-enough-password-1",
                "--village is needed by operator_desa and kepala_desa, and only by them",
            ),
            (["--role", "petugas_pengaduan"], "long-enough-password-1", "--opd is needed by"),
            (
                ["--role", "admin_diskominfo"],
                "short",
                "the password is refused: Kata sandi terlalu",
            ),
            (["--role", "admin_diskominfo"], "", "expected the password on the first line"),
            (["--role", "camat"], "long-enough-password-1", "invalid choice: 'camat'"),
        ],
    )
    def test_add_user_refuses_bad_input(self, central, args, stdin, message):
        completed = command(
            central, "add-user", "--username", "nobody", *args, stdin=stdin + "\n" if stdin else ""
        )
        assert completed.returncode == 2
        assert message in completed.stderr
        assert self.user(central, "nobody") == []

    def test_a_username_is_taken_once(self, central):
        completed = command(
            central,
            "add-user",
            "--username",
            "siti",
            "--role",
            "admin_diskominfo",
            stdin="another-password-2026\n",
        )
        assert completed.returncode == 1
        assert "python -m central add-user: user siti exists already" in completed.stderr
