"""The deployment files of ``config/central/``: systemd units and timers, and nginx with TLS.

- ``systemd-analyze verify`` checks every unit and timer as shipped, with one change: the
  interpreter ``/opt/central/venv/bin/python`` (which verify requires to exist) is this
  checkout's. ``systemd-analyze security --offline`` holds the service's exposure low.
- The real nginx runs the shipped site (only its name, ports, certificate and log paths
  changed) with a throwaway certificate in front of a real central: signed requests pass
  byte for byte (an escaped path would fail its signature if nginx rewrote it), and a body
  over 1 MiB gets central's own ``413`` problem, not an nginx page.
"""

from __future__ import annotations

import re
import shutil
import socket
import subprocess
import sys
import time
import uuid
from pathlib import Path

import pytest
import requests

from tests.helpers.central import ROOT, KioskAuth, assert_problem, running_central

CONFIG = ROOT / "config" / "central"
UNITS = sorted(CONFIG.glob("*.service")) + sorted(CONFIG.glob("*.timer"))
VENV_PYTHON = "/opt/central/venv/bin/python"
KIOSK, SECRET = "K1", "secret-one"


def derived_units(folder: Path) -> list[Path]:
    folder.mkdir()
    copies = []
    for unit in UNITS:
        copy = folder / unit.name
        copy.write_text(unit.read_text(encoding="utf-8").replace(VENV_PYTHON, sys.executable))
        copies.append(copy)
    return copies


@pytest.mark.skipif(shutil.which("systemd-analyze") is None, reason="systemd is not installed")
class TestUnits:
    def test_every_unit_and_timer_verifies(self, tmp_path):
        units = derived_units(tmp_path / "units")
        assert {unit.name for unit in units} == {
            "central.service",
            "central-retention.service",
            "central-retention.timer",
            "central-backup.service",
            "central-backup.timer",
        }
        verified = subprocess.run(
            ["systemd-analyze", "verify", "--man=no", *map(str, units)],
            capture_output=True,
            text=True,
            check=False,
            cwd=tmp_path / "units",
        )
        assert verified.returncode == 0, verified.stderr
        assert verified.stderr == "", verified.stderr

    @pytest.mark.parametrize("name", ["central.service", "central-retention.service"])
    def test_the_services_expose_little(self, tmp_path, name):
        derived_units(tmp_path / "units")
        analysed = subprocess.run(
            ["systemd-analyze", "security", "--offline=true", "--threshold=20", name],
            capture_output=True,
            text=True,
            check=False,
            cwd=tmp_path / "units",
        )
        exposure = re.search(r"Overall exposure level for \S+: ([0-9.]+)", analysed.stdout)
        assert exposure is not None, analysed.stdout + analysed.stderr
        assert float(exposure.group(1)) <= 2.0, analysed.stdout

    def test_the_service_reads_its_settings_and_keys_from_root_only_files(self):
        text = (CONFIG / "central.service").read_text(encoding="utf-8")
        for line in (
            "User=central",
            "EnvironmentFile=/etc/central/central.env",
            "LoadCredential=secrets.key:/etc/central/secrets.key",
            "Environment=CENTRAL_SECRETS_KEY_FILE=%d/secrets.key",
            "ProtectSystem=strict",
            "PrivateTmp=yes",
            "CapabilityBoundingSet=",
            "NoNewPrivileges=yes",
            "Type=notify",
        ):
            assert f"\n{line}\n" in text, line

    def test_the_timers_run_nightly_and_catch_up(self):
        for timer, service in (
            ("central-retention.timer", "central-retention.service"),
            ("central-backup.timer", "central-backup.service"),
        ):
            assert "Persistent=true" in (CONFIG / timer).read_text(encoding="utf-8")
            assert "-m central " in (CONFIG / service).read_text(encoding="utf-8")
        assert "OnCalendar=daily" in (CONFIG / "central-retention.timer").read_text()
        assert "purge-personal-data" in (CONFIG / "central-retention.service").read_text()


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@pytest.fixture
def nginx(tmp_path):
    """The shipped site in front of a real central, on loopback ports, with a test certificate."""
    if shutil.which("nginx") is None:
        pytest.skip("nginx is not installed (apt-get install nginx)")
    with running_central(tmp_path / "central", {KIOSK: SECRET}) as central:
        folder = tmp_path / "nginx"
        folder.mkdir()
        subprocess.run(
            [
                "openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1",
                "-subj", "/CN=localhost", "-keyout", str(folder / "key.pem"),
                "-out", str(folder / "cert.pem"),
            ],
            check=True,
            capture_output=True,
        )  # fmt: skip
        https, http = free_port(), free_port()
        site = (CONFIG / "nginx-central.conf").read_text(encoding="utf-8")
        central_port = central.url.rsplit(":", 1)[1]
        for old, new in (
            ("central.banyuwangikab.go.id", "localhost"),
            ("server 127.0.0.1:8080;", f"server 127.0.0.1:{central_port};"),
            ("listen 443 ssl http2;", f"listen 127.0.0.1:{https} ssl http2;"),
            ("listen [::]:443 ssl http2;", ""),
            ("listen 80;", f"listen 127.0.0.1:{http};"),
            ("listen [::]:80;", ""),
            ("/etc/letsencrypt/live/localhost/fullchain.pem", str(folder / "cert.pem")),
            ("/etc/letsencrypt/live/localhost/privkey.pem", str(folder / "key.pem")),
            ("/var/log/nginx/", f"{folder}/"),
        ):
            assert old in site, old
            site = site.replace(old, new)
        temp = folder / "temp"
        temp.mkdir()
        (folder / "nginx.conf").write_text(
            # The test's folders are private to root, as is the test.
            f"user root;\npid {folder}/nginx.pid;\nerror_log {folder}/error.log;\nevents {{}}\n"
            f"http {{\n client_body_temp_path {temp}/body;\n proxy_temp_path {temp}/proxy;\n"
            f" fastcgi_temp_path {temp}/fastcgi;\n uwsgi_temp_path {temp}/uwsgi;\n"
            f" scgi_temp_path {temp}/scgi;\n{site}\n}}\n",
            encoding="utf-8",
        )
        command = ["nginx", "-p", str(folder), "-c", str(folder / "nginx.conf")]
        tested = subprocess.run([*command, "-t"], capture_output=True, text=True, check=False)
        assert tested.returncode == 0, tested.stderr
        process = subprocess.Popen(
            [*command, "-g", "daemon off;"], stderr=subprocess.PIPE, stdout=subprocess.DEVNULL
        )
        try:
            deadline = time.monotonic() + 10
            while True:
                with socket.socket() as probe:
                    if probe.connect_ex(("127.0.0.1", https)) == 0:
                        break
                assert time.monotonic() < deadline, "nginx did not listen"
                time.sleep(0.05)
            yield central, f"https://localhost:{https}", f"http://localhost:{http}"
        finally:
            process.terminate()
            process.wait(10)


def session() -> requests.Session:
    kept = requests.Session()
    kept.trust_env = False
    kept.verify = False  # the throwaway certificate
    kept.auth = KioskAuth(KIOSK, SECRET)
    return kept


@pytest.mark.filterwarnings("ignore::urllib3.exceptions.InsecureRequestWarning")
class TestNginx:
    def test_signed_requests_pass_unchanged(self, nginx):
        central, https, _ = nginx
        with session() as kiosk:
            assert kiosk.get(f"{https}/v1/catalog", timeout=10).status_code == 200
            reference = f"{KIOSK}-20261203-T1-{uuid.uuid4().hex[:8].upper()}"
            body = {
                "reference": reference,
                "service": "pengaduan",
                "created_at": "2026-12-03T08:00:00+07:00",
                "language": "id",
                "fields": {},
            }
            created = kiosk.post(
                f"{https}/v1/transactions",
                json=body,
                headers={"Idempotency-Key": str(uuid.uuid4())},
                timeout=10,
            )
            assert created.status_code == 201, created.text
            assert kiosk.get(f"{https}/v1/transactions/{reference}", timeout=10).ok
            # An escaped "/" signed as sent: rewritten by nginx, the signature would fail (401).
            escaped = kiosk.get(f"{https}/v1/transactions/{KIOSK}%2FX", timeout=10)
            assert_problem(escaped, 404, "not-found")
        assert [row["reference"] for row in central.export()] == [reference]

    def test_a_large_body_gets_centrals_problem(self, nginx):
        _, https, _ = nginx
        with session() as kiosk:
            response = kiosk.post(
                f"{https}/v1/heartbeat",
                data=b"x" * (2 * 1024 * 1024),
                headers={"Content-Type": "application/json"},
                timeout=30,
            )
        assert_problem(response, 413, "payload-too-large")

    def test_plain_http_moves_to_https(self, nginx):
        _, _, http = nginx
        response = requests.get(f"{http}/v1/catalog", allow_redirects=False, timeout=10)
        assert response.status_code == 301
        assert response.headers["Location"].startswith("https://localhost")
