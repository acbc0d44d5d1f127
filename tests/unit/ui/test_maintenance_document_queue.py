"""Maintenance mode's A4 queue on a real CUPS: a stuck letter job is listed and cancelled.

The queue holds every job (``job-hold-until-default=indefinite``), so a letter the kiosk
sends never finishes: the driver leaves it in the queue after its wait and counts nothing,
maintenance lists it by its document id, and the technician's cancel ends it (audited).
"""

from __future__ import annotations

import io
import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from PIL import Image

from kiosk.clock import ShiftedClock
from kiosk.config import load_config
from tests.helpers.cups import (  # noqa: F401 (fixtures)
    CupsServer,
    cups_server,
    default_server,
    pdf_queue,
)
from tests.helpers.kiosk_cli import kiosk_environ
from tests.helpers.maintenance import enter, set_pins
from tests.helpers.qml import find_item, tap, texts
from ui.app import KioskApp, LaunchOptions

pytestmark = pytest.mark.e2e


@pytest.fixture
def kiosk(
    qapp,
    tmp_path: Path,
    cups_server: CupsServer,  # noqa: F811
    pdf_queue: str,  # noqa: F811
) -> Iterator[KioskApp]:
    env = {**kiosk_environ(tmp_path), "KIOSK_DOCUMENT_PRINTER": f"cups://{pdf_queue}"}
    config = load_config(environ=env)
    set_pins(config)
    with default_server(cups_server):
        app = KioskApp(config, LaunchOptions(windowed=True, simulated=True), ShiftedClock())
        app.build(qapp)
        app.show()
        try:
            yield app
        finally:
            app.shutdown()


def a4_pdf() -> bytes:
    out = io.BytesIO()
    Image.new("L", (1240, 1754), 255).save(out, "PDF", resolution=150)
    return out.getvalue()


def test_a_stuck_letter_job_is_listed_and_cancelled_by_the_technician(
    qtbot,
    kiosk: KioskApp,
    cups_server: CupsServer,  # noqa: F811
    pdf_queue: str,  # noqa: F811
    tmp_path: Path,
) -> None:
    printer = kiosk.devices.document_printer
    assert printer is not None
    cups_server.run("lpadmin", "-p", pdf_queue, "-o", "job-hold-until-default=indefinite")
    name = "KMR-01-20261203-K1-SKTM0001-stuck"
    outcome = printer.print_document(name, a4_pdf(), timeout=2)
    assert not outcome.ok and outcome.job_id is not None, outcome.detail
    (stuck,) = printer.jobs()
    assert (stuck.job_id, stuck.name) == (outcome.job_id, name)
    window = kiosk.window
    enter(qtbot, kiosk)
    tap(window, "maintenanceTab_tests")
    qtbot.waitUntil(lambda: find_item(window, "documentJobCancel") is not None, timeout=10_000)
    shown = [text for text in texts(window) if text.startswith(f"#{stuck.job_id} ")]
    assert shown and stuck.name in shown[0] and "held" in shown[0], texts(window)
    tap(window, "documentJobCancel")
    page = kiosk.maintenance_pages["tests"]
    qtbot.waitUntil(lambda: kiosk.maintenance_backend.property("noticeKind") == "cancelled")
    qtbot.waitUntil(lambda: page.property("documentJobs") == [], timeout=10_000)
    assert printer.jobs() == []
    rows = kiosk.journal._db.execute(
        "SELECT body FROM outbox WHERE kind = 'audit' ORDER BY id"
    ).fetchall()
    actions = [json.loads(body)["events"][0] for (body,) in rows]
    cancelled = [event for event in actions if event["action"] == "document_printer.cancel_job"]
    assert cancelled and cancelled[0]["detail"] == {"job": stuck.job_id, "ok": True}
