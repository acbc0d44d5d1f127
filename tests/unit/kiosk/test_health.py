"""One health for each device status, the same wherever it is reported."""

from __future__ import annotations

import enum
from pathlib import Path

import pytest

from drivers.base import PrinterStatus, ReaderStatus, ScannerStatus
from kiosk.clock import ManualClock
from kiosk.config import load_config
from kiosk.core import Core
from kiosk.health import (
    Health,
    device_health,
    health_of,
    link_health,
    paper_health,
    queue_health,
    worst,
)


@pytest.mark.parametrize(
    ("status", "health"),
    [
        (PrinterStatus.ONLINE, Health.OK),
        (PrinterStatus.PAPER_NEAR_END, Health.WARNING),
        (PrinterStatus.PAPER_OUT, Health.ERROR),
        (PrinterStatus.COVER_OPEN, Health.ERROR),
        (PrinterStatus.UNKNOWN, Health.ERROR),
        (ReaderStatus.READY, Health.OK),
        (ReaderStatus.CARD_PRESENT, Health.OK),
        (ReaderStatus.UNAVAILABLE, Health.ERROR),
        (ScannerStatus.READY, Health.OK),
        (ScannerStatus.UNAVAILABLE, Health.ERROR),
    ],
)
def test_each_status_has_one_health(status: enum.Enum, health: Health) -> None:
    assert health_of(status) is health


def test_a_status_the_table_does_not_know_is_never_fine() -> None:
    class Strange(enum.Enum):
        HUMMING = "humming"

    assert health_of(Strange.HUMMING) is Health.ERROR


def test_the_worst_one_counts() -> None:
    assert worst([]) is Health.OK
    assert worst([Health.OK, Health.WARNING]) is Health.WARNING
    assert worst([Health.WARNING, Health.ERROR, Health.OK]) is Health.ERROR


def test_the_heartbeat_reports_each_devices_health(tmp_path: Path) -> None:
    core = Core(
        load_config(environ={"KIOSK_DATA_DIR": str(tmp_path)}), ManualClock(), simulated=True
    )
    core.build()
    try:
        core.start_devices()
        printer = core.devices.printer
        printer.set_status(PrinterStatus.PAPER_NEAR_END)
        # The demo's simulated A4 printer is reported beside the others (contract 1.2).
        assert core.device_health() == {
            "printer": "warning",
            "card_reader": "ok",
            "scanner": "ok",
            "document_printer": "ok",
        }
        assert device_health(core.devices.all())["printer"] is Health.WARNING
    finally:
        core.shutdown()


@pytest.mark.parametrize(
    ("status", "health"),
    [
        (PrinterStatus.ONLINE, Health.OK),
        (PrinterStatus.PAPER_NEAR_END, Health.WARNING),
        (PrinterStatus.PAPER_OUT, Health.ERROR),
        # The printer cannot say: the paper is unknown, never fine.
        (PrinterStatus.COVER_OPEN, Health.WARNING),
        (PrinterStatus.UNKNOWN, Health.WARNING),
    ],
)
def test_the_paper_has_its_own_health(status: PrinterStatus, health: Health) -> None:
    assert paper_health(status) is health


def test_no_server_or_no_link_is_never_fine() -> None:
    assert link_health(configured=True, online=True) is Health.OK
    assert link_health(configured=True, online=False) is Health.WARNING
    assert link_health(configured=False, online=False) is Health.WARNING


def test_waiting_requests_are_a_warning_and_refused_ones_an_error() -> None:
    assert queue_health(0, 0) is Health.OK
    assert queue_health(9, 0) is Health.WARNING
    assert queue_health(0, 1) is Health.ERROR
    assert queue_health(9, 1) is Health.ERROR


def test_the_heartbeat_states_each_devices_status_paper_and_reason(tmp_path: Path) -> None:
    core = Core(
        load_config(environ={"KIOSK_DATA_DIR": str(tmp_path)}), ManualClock(), simulated=True
    )
    core.build()
    try:
        core.start_devices()
        core.devices.printer.set_status(PrinterStatus.PAPER_OUT)
        states = core.device_states()
        assert states["printer"]["health"] == "error"
        assert states["printer"]["status"] == "paper_out"
        assert states["printer"]["paper"] == "out"
        assert states["card_reader"] == {"health": "ok", "status": "ready"}
        assert states["scanner"]["status"] == "ready" and "paper" not in states["scanner"]
        core.devices.printer.set_status(PrinterStatus.UNKNOWN)
        assert core.device_states()["printer"]["paper"] == "unknown"
    finally:
        core.shutdown()
