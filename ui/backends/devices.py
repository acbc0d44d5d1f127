"""Exposes device health to QML, and in demo mode a panel that drives the simulators."""

from __future__ import annotations

import logging
from typing import TypeVar

from PySide6.QtCore import Property, QObject, Signal, Slot

from drivers.base import (
    CardInserted,
    CardRemoved,
    DeviceEvent,
    Devices,
    PrinterStatus,
    PrinterStatusChanged,
    ReaderStatus,
    ReaderStatusChanged,
    ScannerStatusChanged,
    ScanReceived,
)
from drivers.simulated import SimulatedCardReader, SimulatedPrinter, SimulatedScanner

log = logging.getLogger("ui.devices")

_T = TypeVar("_T")

DEMO_CARD_UID = bytes.fromhex("04A1B2C3D4E5F6")
DEMO_QR = "ALM-DEV-01/20261123/K1-A001"


class DevicesBackend(QObject):
    """Device states for status indicators, and the demo panel's actions.

    Signals:
        printerStatusChanged: the printer reported a new status.
        readerStatusChanged: the card reader became ready, busy or unavailable.
        scannerStatusChanged: the scanner became ready or unavailable.
        lastEventChanged: a card or scan event arrived (shown on the demo panel).
    """

    def __init__(self, devices: Devices, demo: bool, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._devices = devices
        self._demo = demo
        self._printer_status = devices.printer.status.value
        self._reader_status = devices.card_reader.status.value
        self._scanner_status = devices.scanner.status.value
        self._last_event = ""

    printerStatusChanged = Signal()

    @Property(str, notify=printerStatusChanged)
    def printerStatus(self) -> str:
        """``online``, ``paper_out``, ... as in ``drivers.base.PrinterStatus``."""
        return self._printer_status

    readerStatusChanged = Signal()

    @Property(str, notify=readerStatusChanged)
    def readerStatus(self) -> str:
        """``ready``, ``card_present`` or ``unavailable``."""
        return self._reader_status

    scannerStatusChanged = Signal()

    @Property(str, notify=scannerStatusChanged)
    def scannerStatus(self) -> str:
        """``ready`` or ``unavailable``."""
        return self._scanner_status

    lastEventChanged = Signal()

    @Property(str, notify=lastEventChanged)
    def lastEvent(self) -> str:
        """The last card or scan event, for the demo panel."""
        return self._last_event

    @Property(bool, constant=True)
    def demo(self) -> bool:
        """Whether the developer panel is shown (only with ``--demo``)."""
        return self._demo

    def on_device_event(self, event: DeviceEvent) -> None:
        """Keep the exposed states in step with the adapters."""
        if isinstance(event, PrinterStatusChanged):
            self._printer_status = event.status.value
            self.printerStatusChanged.emit()
        elif isinstance(event, ReaderStatusChanged):
            self._reader_status = event.status.value
            self.readerStatusChanged.emit()
        elif isinstance(event, ScannerStatusChanged):
            self._scanner_status = event.status.value
            self.scannerStatusChanged.emit()
        elif isinstance(event, CardInserted):
            self._reader_status = self._devices.card_reader.status.value
            self.readerStatusChanged.emit()
            self._show_event(f"card {event.uid.hex().upper()}")
        elif isinstance(event, CardRemoved):
            self._reader_status = self._devices.card_reader.status.value
            self.readerStatusChanged.emit()
            self._show_event("card removed")
        elif isinstance(event, ScanReceived):
            self._show_event(f"scan {event.payload[:40].decode('utf-8', 'replace')}")

    # Demo panel: only the simulators answer; real devices are never driven from here.

    @Slot(bool)
    def setPaperOut(self, out: bool) -> None:
        """Simulate the paper running out, or being refilled."""
        printer = self._simulated(self._devices.printer, SimulatedPrinter)
        if printer is not None:
            printer.set_status(PrinterStatus.PAPER_OUT if out else PrinterStatus.ONLINE)

    @Slot()
    def failNextPrint(self) -> None:
        """Make the next receipt fail, as a jammed printer would."""
        printer = self._simulated(self._devices.printer, SimulatedPrinter)
        if printer is not None:
            printer.set_fail_next("simulated paper jam")

    @Slot()
    def tapCard(self) -> None:
        """Present (or, if one is present, remove) the demo e-KTP."""
        reader = self._simulated(self._devices.card_reader, SimulatedCardReader)
        if reader is None:
            return
        if reader.status is ReaderStatus.CARD_PRESENT:
            reader.remove_card()
        else:
            reader.present_card(DEMO_CARD_UID)

    @Slot()
    def scanQr(self) -> None:
        """Scan a demo receipt QR."""
        scanner = self._simulated(self._devices.scanner, SimulatedScanner)
        if scanner is not None:
            scanner.scan(DEMO_QR)

    def _simulated(self, device: object, kind: type[_T]) -> _T | None:
        if self._demo and isinstance(device, kind):
            return device
        log.warning("Demo action ignored: %r is not a simulator or demo mode is off", device)
        return None

    def _show_event(self, text: str) -> None:
        self._last_event = text
        self.lastEventChanged.emit()
