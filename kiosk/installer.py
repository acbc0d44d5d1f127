"""``kiosk devices ...``: what installers and technicians run to check the hardware.

Each command opens the devices the configuration names (never the simulators unless the
configuration says ``sim://``), does one thing, and closes them again.
"""

from __future__ import annotations

import queue
import time
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any
from urllib.parse import parse_qs, urlsplit

from drivers.base import (
    DeviceEvent,
    Devices,
    DocumentOutcome,
    DocumentPrinter,
    DocumentPrinterStatus,
    DriverError,
    PrintOutcome,
    ReaderStatus,
    ScannerStatus,
    ScanReceived,
)
from drivers.escpos_printer import EscposPrinter
from drivers.files import private_dir
from drivers.pcsc_reader import read_card_once
from drivers.registry import (
    DriverConfigError,
    make_card_reader,
    make_document_printer,
    make_printer,
    make_scanner,
)
from kiosk.clock import Clock
from kiosk.config import Config
from kiosk.health import Health, health_of, worst
from kiosk.receipts import print_test_page, print_test_receipt
from kiosk.scan import ReceiptScan, ScanRejected, parse_scan

SETTLE_SECONDS = 3.0


@contextmanager
def opened_devices(config: Config) -> Iterator[Devices]:
    """The configured devices, started, then stopped again."""
    data_dir = config.data_path()
    private_dir(data_dir)
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


@contextmanager
def opened_document_printer(config: Config) -> Iterator[DocumentPrinter]:
    """The configured document printer (``NoDocumentPrinter`` when none), started, read, stopped."""
    data_dir = config.data_path()
    private_dir(data_dir)
    printer = make_document_printer(config.document_printer.uri, data_dir=data_dir)
    printer.start()
    try:
        printer.refresh_status()
        yield printer
    finally:
        printer.stop()


def device_status(config: Config) -> tuple[bool, dict[str, Any]]:
    """Each device's state and health; True when none is in error (each can do its job).

    A kiosk without a document printer is not unhealthy: its letters are collected at the
    office; one that has a document printer needs it able to print.
    """
    with opened_document_printer(config) as document_printer:
        document = document_printer.state
        document_report = {
            "status": document.status.value,
            "health": health_of(document.status).value,
            "detail": document.detail,
            "description": document_printer.description,
            "reasons": list(document.reasons),
        }
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
                "health": health_of(device.status).value,
                "detail": device.status_detail,
                "description": device.description,
            }
            for device in devices.all()
        }
        report["document_printer"] = document_report
        statuses = [device.status for device in devices.all()] + [document.status]
        healthy = worst(map(health_of, statuses)) is not Health.ERROR
    return healthy, report


def print_test(config: Config, clock: Clock) -> PrintOutcome:
    """Print a test receipt (kiosk id, time, profile, a QR) and return what the printer said."""
    with opened_devices(config) as devices:
        printer = devices.printer
        if isinstance(printer, EscposPrinter):
            printer.refresh_status()
        receipt = print_test_receipt(config.kiosk, printer.description, clock.now())
        return printer.print_receipt(f"print-test-{uuid.uuid4()}", receipt)


def print_test_document(config: Config, clock: Clock) -> DocumentOutcome:
    """Print an A4 test page (kiosk id, time, printer, a QR); ok only when its job completed.

    Raises:
        DriverConfigError: If no document printer is configured.

    """
    from drivers.document_render import a4_pdf

    with opened_document_printer(config) as printer:
        if printer.status is DocumentPrinterStatus.NOT_CONFIGURED:
            raise DriverConfigError(
                "no document printer configured: set [document_printer] uri or "
                "KIOSK_DOCUMENT_PRINTER (cups://QUEUE or sim://FOLDER)"
            )
        moment = clock.now()
        page = print_test_page(config.kiosk, printer.description, moment)
        pdf = a4_pdf(page, title=f"ALM test page {config.kiosk.id}")
        return printer.print_document(f"print-test-{uuid.uuid4()}", pdf)


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


def read_scan(config: Config, timeout: float) -> dict[str, Any] | None:
    """The next scan from the configured scanner and how the kiosk parses it.

    For ``kiosk devices read-scan``: opens only the scanner, waits up to ``timeout``
    seconds for one scan, and returns what it read (length, hex, printable form) and
    what the parser made of it, or None when nothing was scanned.

    Raises:
        DriverError: nothing was scanned and the scanner is unavailable; the message
            says why (port missing, no permission, python-evdev not installed).

    """
    scanner = make_scanner(config.scanner.uri)
    scans: queue.Queue[ScanReceived] = queue.Queue()

    def on_event(event: DeviceEvent) -> None:
        if isinstance(event, ScanReceived):
            scans.put(event)

    scanner.subscribe(on_event)
    scanner.start()
    try:
        try:
            scan = scans.get(timeout=max(0.0, timeout))
        except queue.Empty:
            if scanner.status is ScannerStatus.UNAVAILABLE:
                raise DriverError(
                    f"{scanner.description} is unavailable: {scanner.status_detail}"
                ) from None
            return None
    finally:
        scanner.stop()
    return {
        "scanner": scanner.description,
        "source": scan.source,
        "length": len(scan.payload),
        "hex": scan.payload[:1024].hex().upper(),
        "text": _escaped(scan.payload[:1024]),
        "parsed": _parsed_scan(scan.payload, config),
    }


def _escaped(payload: bytes) -> str:
    r"""Printable ASCII as is, every other byte (and the backslash) as ``\xNN``."""
    return "".join(
        chr(byte) if 0x20 <= byte < 0x7F and byte != 0x5C else f"\\x{byte:02x}" for byte in payload
    )


def _parsed_scan(payload: bytes, config: Config) -> dict[str, Any]:
    """What ``kiosk.scan`` makes of a payload, as JSON for the installer."""
    try:
        result = parse_scan(payload, kiosk_id=config.kiosk.id, secret=config.central.secret)
    except ScanRejected as rejected:
        return {
            "kind": "rejected",
            "reason": rejected.reason.value,
            "detail": rejected.detail,
            "message": {"id": rejected.message.id, "en": rejected.message.en},
        }
    if isinstance(result, ReceiptScan):
        return {
            "kind": "receipt",
            "reference": result.reference,
            "check": result.check,
            "own": result.own,
            "verified": result.verified,
        }
    return {"kind": "preregistration", "token": result.token}
