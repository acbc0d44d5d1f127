"""Maintenance mode's rules without Qt: the mode, what the screens list, what is saved."""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Iterator
from pathlib import Path

import pytest

from drivers.base import Devices, PrinterStatus
from drivers.simulated import SimulatedCardReader, SimulatedPrinter, SimulatedScanner
from kiosk.audit import AuditLog
from kiosk.clock import ManualClock
from kiosk.config import Config, ConfigError, load_config
from kiosk.journal import Draft, Journal, ReceiptOutcome
from kiosk.maintenance import (
    DeviceChecks,
    MaintenanceMode,
    PinState,
    Tick,
    print_reason,
    save_setting,
    status_rows,
    unprinted_receipts,
)
from kiosk.security import Role, authenticator_for
from kiosk.sync import SyncState
from tests.helpers.kiosk_cli import kiosk_environ
from tests.helpers.maintenance import CHEAP, TECH_PIN, set_pins


@pytest.fixture
def config(tmp_path: Path) -> Config:
    config = load_config(environ=kiosk_environ(tmp_path))
    set_pins(config)
    return config


@pytest.fixture
def journal(tmp_path: Path) -> Journal:
    return Journal(tmp_path / "journal.sqlite", ManualClock())


def mode_for(config: Config, journal: Journal, clock: ManualClock) -> MaintenanceMode:
    authenticator = authenticator_for(config, clock, CHEAP)
    return MaintenanceMode(config, clock, AuditLog(journal, clock), authenticator)


def test_gesture_pin_idle_and_leaving(config: Config, journal: Journal) -> None:
    clock = ManualClock()
    mode = mode_for(config, journal, clock)
    for _ in range(config.maintenance.gesture_taps - 1):
        assert not mode.corner_tapped()
    assert mode.corner_tapped() and mode.prompt_open
    assert not mode.submit_pin("000000") and mode.pin_state is PinState.WRONG
    assert mode.submit_pin(TECH_PIN) and mode.role is Role.TECHNICIAN
    clock.advance(config.maintenance.idle_seconds)
    assert mode.tick() is Tick.LEFT and mode.role is None
    assert not mode.leave("technician"), "nothing left to close"


def test_only_numbers_booleans_and_choices_are_saved(config: Config, journal: Journal) -> None:
    mode = mode_for(config, journal, ManualClock())
    for _ in range(config.maintenance.gesture_taps):
        mode.corner_tapped()
    assert mode.submit_pin(TECH_PIN)
    careless = dataclasses.replace(
        config,
        maintenance=dataclasses.replace(
            config.maintenance, editable_keys=("ui.idle_seconds", "central.secret")
        ),
    )
    with pytest.raises(ConfigError, match=r"\"central\.secret\" \(a secret\)"):
        save_setting(careless, mode, "central.secret", "stolen")
    with pytest.raises(ConfigError, match=r"\[kiosk\] id: not in \[maintenance\] editable_keys"):
        save_setting(careless, mode, "kiosk.id", "X")
    assert save_setting(careless, mode, "ui.idle_seconds", "90") == 90


def test_the_receipts_screen_lists_failed_and_unknown_not_printing(journal: Journal) -> None:
    def compose(number: int, at) -> Draft:
        return Draft(f"R-{number:04d}", {"fields": {}}, {"reference": f"R-{number:04d}"})

    for key in ("printing", "failed", "cut", "printed"):
        journal.record(key, "antrian", "id", "R", compose)
    journal.record_receipt("failed", ReceiptOutcome.FAILED, "paper jam")
    journal.record_receipt("printed", ReceiptOutcome.PRINTED)
    journal.record_receipt("cut", ReceiptOutcome.UNKNOWN)
    listed = [(row["reference"], row["outcome"]) for row in unprinted_receipts(journal)]
    assert listed == [("R-0003", "unknown"), ("R-0002", "failed")]


@pytest.fixture
def devices(tmp_path: Path) -> Iterator[Devices]:
    made = Devices(SimulatedPrinter(tmp_path / "spool"), SimulatedCardReader(), SimulatedScanner())
    for device in made.all():
        device.start()
    yield made
    for device in made.all():
        device.stop()


def rows_of(config: Config, devices: Devices, journal: Journal, tmp_path: Path, sync=None):
    rows = status_rows(config, devices, journal, sync or SyncState(), tmp_path, 61.0, "")
    return {row.key: row for row in rows}


def with_central(config: Config) -> Config:
    return dataclasses.replace(config, central=dataclasses.replace(config.central, url="x"))


def test_status_rows_carry_each_facts_health(
    config: Config, journal: Journal, devices: Devices, tmp_path: Path
) -> None:
    printer = devices.printer
    assert isinstance(printer, SimulatedPrinter)
    printer.set_status(PrinterStatus.PAPER_NEAR_END)
    rows = rows_of(with_central(config), devices, journal, tmp_path)
    health = {key: row.health.value for key, row in rows.items()}
    assert health["printer"] == health["paper"] == "warning"
    assert health["card_reader"] == health["scanner"] == "ok"
    assert health["central"] == "warning", "offline: the kiosk still serves citizens"
    assert rows["uptime"].value == "0:01:01"


def test_states_are_words_for_the_screen_never_english_values(
    config: Config, journal: Journal, devices: Devices, tmp_path: Path
) -> None:
    rows = rows_of(config, devices, journal, tmp_path)
    # Each state is a word the screen puts in its own language; the value only numbers.
    assert (rows["printer"].state, rows["printer"].value) == ("online", "")
    assert (rows["paper"].state, rows["paper"].value) == ("adequate", "")
    assert rows["card_reader"].state == rows["scanner"].state == "ready"
    assert (rows["last_scan"].state, rows["last_scan"].value) == ("none", "")
    assert rows["central"].state == "not_configured"
    for row in rows.values():
        assert not re.search(r"[a-z]{3,}", row.value), f"{row.key}: {row.value!r} is a word"
    # Fine devices need no detail; a failing one gives the technician its exact word.
    assert all(row.detail == "" for row in rows.values())
    printer = devices.printer
    assert isinstance(printer, SimulatedPrinter)
    printer.set_status(PrinterStatus.PAPER_OUT)
    rows = rows_of(config, devices, journal, tmp_path)
    assert (rows["printer"].state, rows["printer"].health.value) == ("paper_out", "error")
    assert (rows["paper"].state, rows["paper"].health.value) == ("out", "error")
    printer.set_status(PrinterStatus.UNKNOWN)
    rows = rows_of(config, devices, journal, tmp_path)
    assert (rows["paper"].state, rows["paper"].health.value) == ("unknown", "warning")


def test_no_green_without_a_server_or_while_requests_wait(
    config: Config, journal: Journal, devices: Devices, tmp_path: Path
) -> None:
    rows = rows_of(config, devices, journal, tmp_path)
    assert rows["central"].health.value == "warning"  # no server configured at all
    assert rows["outbox"].health.value == "ok"

    def compose(number: int, at) -> Draft:
        return Draft(f"R-{number:04d}", {"fields": {}}, {"reference": f"R-{number:04d}"})

    for key in ("one", "two"):
        journal.record(key, "antrian", "id", "R", compose)
    rows = rows_of(with_central(config), devices, journal, tmp_path, SyncState(online=True))
    assert (rows["central"].state, rows["central"].health.value) == ("online", "ok")
    assert (rows["outbox"].value, rows["outbox"].health.value) == ("2 / 0", "warning")
    offline = SyncState(online=False, last_error="connection refused")
    rows = rows_of(with_central(config), devices, journal, tmp_path, offline)
    assert (rows["central"].state, rows["central"].detail) == ("offline", "connection refused")


def test_a_test_print_says_printed_or_why_not_never_a_file_path(
    config: Config, journal: Journal, devices: Devices
) -> None:
    clock = ManualClock()
    mode = mode_for(config, journal, clock)
    for _ in range(config.maintenance.gesture_taps):
        mode.corner_tapped()
    assert mode.submit_pin(TECH_PIN)
    checks = DeviceChecks(config, clock, mode)
    printer = devices.printer
    assert isinstance(printer, SimulatedPrinter)
    assert checks.start("print")
    checks.printed(checks.print_job(printer)())
    assert checks.as_dict()["print"] == {"state": "ok", "reason": "printed", "detail": ""}
    assert list(printer.spool_dir.glob("*.png")), "it did print"
    printer.set_status(PrinterStatus.PAPER_OUT)
    clock.advance(5)  # a new test receipt, a new job
    assert checks.start("print")
    checks.printed(checks.print_job(printer)())
    shown = checks.as_dict()["print"]
    assert (shown["state"], shown["reason"]) == ("failed", "paper_out")
    assert shown["detail"] == ""  # "paper out" is what the reason says already
    printer.set_status(PrinterStatus.ONLINE)
    printer.set_fail_next("no answer to GS r 1 within 5 s")
    clock.advance(5)
    assert checks.start("print")
    checks.printed(checks.print_job(printer)())
    assert checks.as_dict()["print"] == {
        "state": "failed",
        "reason": "failed",
        "detail": "no answer to GS r 1 within 5 s",
    }
    assert print_reason(PrinterStatus.ONLINE) == "failed"  # it could print, yet did not
