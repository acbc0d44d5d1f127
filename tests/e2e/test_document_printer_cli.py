"""``kiosk devices ... `` for the A4 document printer, as an installer runs them.

Against a real cupsd of the tests' own (``tests/helpers/cups.py``) with a cups-pdf
queue, the simulator (``sim://``) and no document printer at all.
"""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

import pytest

from tests.e2e.test_devices_cli import kiosk
from tests.helpers.cups import (
    CupsServer,
    cups_pdf_output,
    cups_server,  # noqa: F401 (fixture)
    pdf_queue,  # noqa: F401 (fixture)
    remove_cups_pdf_output,
)

pytestmark = pytest.mark.e2e


def test_status_reports_a_ready_cups_queue_and_a_stopped_one_fails(
    cups_server: CupsServer,  # noqa: F811
    pdf_queue: str,  # noqa: F811
    tmp_path: Path,
) -> None:
    env = {**cups_server.env, "KIOSK_DOCUMENT_PRINTER": f"cups://{pdf_queue}"}
    ready = kiosk("status", "--json", tmp_path=tmp_path, env=env)
    assert ready.returncode == 0, ready.stdout + ready.stderr
    report = json.loads(ready.stdout)["document_printer"]
    assert report["status"] == "ready"
    assert report["description"].startswith(f"CUPS queue {pdf_queue} on {cups_server.socket}")
    assert f"queue {pdf_queue} idle" in report["detail"]
    cups_server.disable(pdf_queue)
    stopped = kiosk("status", "--json", tmp_path=tmp_path, env=env)
    assert stopped.returncode == 1
    report = json.loads(stopped.stdout)["document_printer"]
    assert (report["status"], report["reasons"]) == ("stopped", ["paused"])


def test_status_with_no_document_printer_or_the_simulator_is_healthy(tmp_path: Path) -> None:
    none = kiosk("status", "--json", tmp_path=tmp_path, env={"KIOSK_DOCUMENT_PRINTER": ""})
    assert none.returncode == 0, none.stderr
    assert json.loads(none.stdout)["document_printer"] == {
        "status": "not_configured",
        "health": "ok",
        "detail": "no document printer configured ([document_printer] uri is empty)",
        "description": "none",
        "reasons": [],
    }
    simulated = kiosk(
        "status", "--json", tmp_path=tmp_path, env={"KIOSK_DOCUMENT_PRINTER": "sim://docs"}
    )
    assert simulated.returncode == 0, simulated.stderr
    report = json.loads(simulated.stdout)["document_printer"]
    assert report["status"] == "ready"
    assert report["description"] == f"simulated document printer, spool {tmp_path}/data/docs"


def test_status_of_a_cups_that_does_not_answer_is_unknown(tmp_path: Path) -> None:
    env = {"CUPS_SERVER": str(tmp_path / "none.sock"), "KIOSK_DOCUMENT_PRINTER": "cups://A4"}
    result = kiosk("status", "--json", tmp_path=tmp_path, env=env)
    assert result.returncode == 1
    report = json.loads(result.stdout)["document_printer"]
    assert report["status"] == "unknown"
    assert report["detail"].startswith(f"CUPS at {tmp_path / 'none.sock'} does not answer")


def test_print_test_document_prints_an_a4_page_with_kiosk_id_and_qr_on_cups(
    cups_server: CupsServer,  # noqa: F811
    pdf_queue: str,  # noqa: F811
    tmp_path: Path,
) -> None:
    env = {
        **cups_server.env,
        "KIOSK_DOCUMENT_PRINTER": f"cups://{pdf_queue}",
        "KIOSK_ID": "ALM-DESA-07",
    }
    result = kiosk("print-test", "--document", tmp_path=tmp_path, env=env)
    assert result.returncode == 0, result.stdout + result.stderr
    report = json.loads(result.stdout)
    assert report["printed"] is True
    assert report["job_state"] == "completed"
    assert report["detail"] == f"job {report['job']} completed"
    try:
        printed = cups_pdf_output(report["document"])
        info = subprocess.run(["pdfinfo", str(printed)], capture_output=True, text=True).stdout
        assert "(A4)" in info
        subprocess.run(
            ["pdftoppm", "-png", "-r", "150", "-singlefile", str(printed), str(tmp_path / "page")],
            check=True,
        )
    finally:
        remove_cups_pdf_output(report["document"])
    qr = subprocess.run(
        ["zbarimg", "--raw", "-q", str(tmp_path / "page.png")], capture_output=True, text=True
    ).stdout.strip()
    assert qr.startswith("ALM-TEST-ALM-DESA-07-")


def test_print_test_document_fails_on_a_rejecting_queue(
    cups_server: CupsServer,  # noqa: F811
    pdf_queue: str,  # noqa: F811
    tmp_path: Path,
) -> None:
    cups_server.reject(pdf_queue)
    env = {**cups_server.env, "KIOSK_DOCUMENT_PRINTER": f"cups://{pdf_queue}"}
    result = kiosk("print-test", "--document", tmp_path=tmp_path, env=env)
    assert result.returncode == 1
    report = json.loads(result.stdout)
    assert (report["printed"], report["status"], report["job"]) == (False, "not_accepting", None)
    assert report["detail"].startswith("document printer not ready: ")


def test_print_test_document_on_the_simulator_spools_pdf_and_png(tmp_path: Path) -> None:
    result = kiosk(
        "print-test", "--document",
        tmp_path=tmp_path,
        env={"KIOSK_DOCUMENT_PRINTER": "sim://docs", "KIOSK_ID": "ALM-DESA-07"},
    )  # fmt: skip
    assert result.returncode == 0, result.stdout + result.stderr
    report = json.loads(result.stdout)
    spool = tmp_path / "data" / "docs"
    assert sorted(path.name for path in spool.iterdir()) == [
        f"{report['document']}.pdf",
        f"{report['document']}.png",
    ]
    qr = subprocess.run(
        ["zbarimg", "--raw", "-q", str(spool / f"{report['document']}.png")],
        capture_output=True,
        text=True,
    ).stdout.strip()
    assert qr.startswith("ALM-TEST-ALM-DESA-07-")


def test_print_test_document_without_a_document_printer_is_a_config_error(
    tmp_path: Path,
) -> None:
    result = kiosk("print-test", "--document", tmp_path=tmp_path, env={})
    assert result.returncode == 2
    assert result.stderr.splitlines()[-1] == (
        "kiosk devices: no document printer configured: set [document_printer] uri or "
        "KIOSK_DOCUMENT_PRINTER (cups://QUEUE or sim://FOLDER)"
    )
    bad = kiosk("status", "--json", tmp_path=tmp_path, env={"KIOSK_DOCUMENT_PRINTER": "lp://A4"})
    assert bad.returncode == 2
    assert bad.stderr.startswith(
        "kiosk: invalid configuration: environment KIOSK_DOCUMENT_PRINTER: expected a string"
    )
