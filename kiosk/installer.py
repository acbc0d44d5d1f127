"""``kiosk devices ...``: what installers and technicians run to check the hardware.

Each command opens the devices the configuration names (never the simulators unless the
configuration says ``sim://``), does one thing, and closes them again.
"""

from __future__ import annotations

import time
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any
from urllib.parse import parse_qs, urlsplit

from drivers.base import Devices, PrintOutcome, ReaderStatus, ScannerStatus
from drivers.escpos_printer import EscposPrinter
from drivers.pcsc_reader import read_card_once
from drivers.registry import DriverConfigError, make_card_reader, make_printer, make_scanner
from kiosk.clock import Clock
from kiosk.config import Config
from kiosk.receipts import print_test_receipt

SETTLE_SECONDS = 3.0


@contextmanager
def opened_devices(config: Config) -> Iterator[Devices]:
    """The configured devices, started, then stopped again."""
    data_dir = config.data_path()
    data_dir.mkdir(parents=True, exist_ok=True)
    devices = Devices(
        printer=make_printer(
            config.printer.uri, data_dir=data_dir, dot_width=config.printer.dot_width
        ),
        card_reader=make_card_reader(config.card_reader.uri),
        scanner=make_scanner(config.scanner.uri),
    )
    started = []
    try:
        for device in devices.all():
            device.start()
            started.append(device)
        yield devices
    finally:
        for device in reversed(started):
            device.stop()


def device_status(config: Config) -> tuple[bool, dict[str, Any]]:
    """Each device's state; True when every one can do its job."""
    with opened_devices(config) as devices:
        if isinstance(devices.printer, EscposPrinter):
            devices.printer.refresh_status()
        deadline = time.monotonic() + SETTLE_SECONDS
        while (
            devices.card_reader.status is ReaderStatus.UNAVAILABLE and time.monotonic() < deadline
        ):
            time.sleep(0.1)
        report = {
            device.kind: {
                "status": device.status.value,
                "detail": device.status_detail,
                "description": device.description,
            }
            for device in devices.all()
        }
        healthy = (
            devices.printer.status.can_print
            and devices.card_reader.status is not ReaderStatus.UNAVAILABLE
            and devices.scanner.status is ScannerStatus.READY
        )
    return healthy, report


def print_test(config: Config, clock: Clock) -> PrintOutcome:
    """Print a test receipt (kiosk id, time, profile, a QR) and return what the printer said."""
    with opened_devices(config) as devices:
        printer = devices.printer
        if isinstance(printer, EscposPrinter):
            printer.refresh_status()
        receipt = print_test_receipt(config.kiosk, printer.description, clock.now())
        return printer.print_receipt(f"print-test-{uuid.uuid4()}", receipt)


def read_card(config: Config, timeout: float) -> dict[str, str] | None:
    """The reader, ATR and UID of the next card presented, or None after ``timeout``."""
    parts = urlsplit(config.card_reader.uri)
    if parts.scheme != "pcsc":
        raise DriverConfigError(
            f"card_reader uri {config.card_reader.uri!r}: read-card needs a pcsc:// reader"
        )
    pattern = parse_qs(parts.query).get("name", ["*"])[-1]
    result = read_card_once(pattern, timeout)
    if result is None:
        return None
    reader, atr, uid = result
    return {"reader": reader, "atr": atr.hex().upper(), "uid": uid.hex().upper()}
