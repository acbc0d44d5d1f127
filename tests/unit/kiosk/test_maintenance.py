"""Maintenance mode's rules without Qt: the mode, what the screens list, what is saved."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest

from drivers.base import Devices, PrinterStatus
from drivers.simulated import SimulatedCardReader, SimulatedPrinter, SimulatedScanner
from kiosk.audit import AuditLog
from kiosk.clock import ManualClock
from kiosk.config import Config, ConfigError, load_config
from kiosk.journal import Draft, Journal, ReceiptOutcome
from kiosk.maintenance import (
    MaintenanceMode,
    PinState,
    Tick,
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


def test_status_rows_carry_each_facts_health(
    config: Config, journal: Journal, tmp_path: Path
) -> None:
    printer = SimulatedPrinter(tmp_path / "spool")
    devices = Devices(printer, SimulatedCardReader(), SimulatedScanner())
    for device in devices.all():
        device.start()
    try:
        printer.set_status(PrinterStatus.PAPER_NEAR_END)
        online = dataclasses.replace(config, central=dataclasses.replace(config.central, url="x"))
        rows = status_rows(online, devices, journal, SyncState(), tmp_path, 61.0, "")
        health = {row.key: row.health.value for row in rows}
        assert health["printer"] == health["paper"] == "warning"
        assert health["card_reader"] == health["scanner"] == "ok"
        assert health["central"] == "warning", "offline: the kiosk still serves citizens"
        assert {row.key: row.value for row in rows}["uptime"] == "0:01:01"
    finally:
        for device in devices.all():
            device.stop()
