"""``kiosk devices ...`` as an installer runs it, against the loopback printer and real PC/SC."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from tests.helpers.escpos_decode import decode
from tests.helpers.pcscd import pcscd, running_pcscd  # noqa: F401 (fixtures)
from tests.helpers.printer_emulator import PrinterEmulator, PrinterState
from tests.helpers.vpcd_card import VpcdCard

ROOT = Path(__file__).resolve().parents[2]
pytestmark = pytest.mark.e2e


def kiosk(*args: str, tmp_path: Path, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    environ = {**os.environ, "KIOSK_DATA_DIR": str(tmp_path / "data"), **env}
    environ.pop("KIOSK_CONFIG", None)
    return subprocess.run(
        [sys.executable, "-m", "ui", "devices", *args],
        cwd=ROOT,
        env=environ,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_status_reports_the_real_printer_state(tmp_path: Path) -> None:
    with PrinterEmulator() as printer:
        env = {"KIOSK_PRINTER": printer.uri(profile="TM-T20II")}
        online = kiosk("status", "--json", tmp_path=tmp_path, env=env)
        printer.set_state(paper_out=True)
        empty = kiosk("status", "--json", tmp_path=tmp_path, env=env)
    assert online.returncode == 0, online.stderr
    assert json.loads(online.stdout)["printer"]["status"] == "online"
    assert empty.returncode == 1
    assert json.loads(empty.stdout)["printer"]["status"] == "paper_out"


def test_status_of_a_silent_printer_is_unknown(tmp_path: Path) -> None:
    with PrinterEmulator() as printer:
        printer.set_state(online=False)
        printer.close()
        result = kiosk(
            "status",
            "--json",
            tmp_path=tmp_path,
            env={"KIOSK_PRINTER": printer.uri(profile="TM-T20II")},
        )
    assert result.returncode == 1
    report = json.loads(result.stdout)["printer"]
    assert report["status"] == "unknown"
    assert report["detail"]


def test_print_test_prints_kiosk_id_time_profile_and_qr(tmp_path: Path) -> None:
    with PrinterEmulator() as printer:
        env = {"KIOSK_PRINTER": printer.uri(profile="TM-T20II"), "KIOSK_ID": "ALM-DESA-07"}
        result = kiosk("print-test", tmp_path=tmp_path, env=env)
        printed = decode(printer.printed)
    assert result.returncode == 0, result.stdout + result.stderr
    assert json.loads(result.stdout)["printed"] is True
    assert "UJI CETAK" in printed.text_lines
    assert any("ALM-DESA-07" in line for line in printed.text_lines)
    assert any("TM-T20II" in line for line in printed.text_lines)
    assert printed.qr_payloads and printed.qr_payloads[0].startswith("ALM-TEST-ALM-DESA-07-")
    assert printed.cut


def test_print_test_fails_without_paper(tmp_path: Path) -> None:
    with PrinterEmulator(PrinterState(paper_out=True)) as printer:
        result = kiosk(
            "print-test", tmp_path=tmp_path, env={"KIOSK_PRINTER": printer.uri(profile="TM-T20II")}
        )
    assert result.returncode == 1
    assert "paper out" in json.loads(result.stdout)["detail"]


def test_bad_printer_uri_is_a_config_error(tmp_path: Path) -> None:
    result = kiosk("status", "--json", tmp_path=tmp_path, env={"KIOSK_PRINTER": "usb://nope"})
    assert result.returncode == 2
    assert "printer uri 'usb://nope'" in result.stderr
    assert "Traceback" not in result.stderr


@pytest.mark.usefixtures("running_pcscd")
def test_read_card_prints_the_uid_from_real_pcsc(tmp_path: Path) -> None:
    env = {"KIOSK_CARD_READER": "pcsc://?name=Virtual*"}
    card = VpcdCard(uid=bytes.fromhex("04A1B2C3D4E5F6"))

    def present_later() -> None:
        time.sleep(1.5)
        card.insert()

    presenter = threading.Thread(target=present_later)
    presenter.start()
    try:
        result = kiosk("read-card", "--json", "--timeout", "20", tmp_path=tmp_path, env=env)
    finally:
        presenter.join()
        card.remove()
    assert result.returncode == 0, result.stdout + result.stderr
    data = json.loads(result.stdout)
    assert data["uid"] == "04A1B2C3D4E5F6"
    assert data["atr"]
    assert data["reader"].startswith("Virtual")


@pytest.mark.usefixtures("running_pcscd")
def test_read_card_times_out_without_a_card(tmp_path: Path) -> None:
    result = kiosk(
        "read-card",
        "--json",
        "--timeout",
        "1",
        tmp_path=tmp_path,
        env={"KIOSK_CARD_READER": "pcsc://?name=Virtual*"},
    )
    assert result.returncode == 1
    assert "no card read within 1 s" in result.stderr


def test_read_scan_prints_the_next_serial_scan_and_its_parse(tmp_path: Path) -> None:
    from tests.helpers.serial_pty import serial_pty_pair

    with serial_pty_pair(tmp_path) as pair:
        stop = threading.Event()

        def keep_scanning() -> None:
            while not stop.wait(0.3):
                pair.write(b"ALM-PRE1:MFRGGZDFMZTWQ2LKNNWG23TPOBYXE43U\r\n")

        writer = threading.Thread(target=keep_scanning, daemon=True)
        writer.start()
        try:
            result = kiosk(
                "read-scan", "--json", "--timeout", "20",
                tmp_path=tmp_path,
                env={"KIOSK_SCANNER": f"serial://{pair.device}?baudrate=9600&terminator=crlf"},
            )  # fmt: skip
        finally:
            stop.set()
            writer.join()
    assert result.returncode == 0, result.stderr
    report = json.loads(result.stdout)
    assert report["parsed"] == {
        "kind": "preregistration",
        "token": "MFRGGZDFMZTWQ2LKNNWG23TPOBYXE43U",
    }


def test_read_scan_with_no_scanner_attached_fails_with_the_reason(tmp_path: Path) -> None:
    result = kiosk(
        "read-scan", "--json", "--timeout", "2",
        tmp_path=tmp_path,
        env={"KIOSK_SCANNER": f"serial://{tmp_path}/ttyACM9"},
    )  # fmt: skip
    assert result.returncode == 1
    assert "ttyACM9" in result.stderr
