"""One mapping from a device's status to its health, for every place that reports it.

Maintenance's status screen, ``kiosk devices status``, the self-test and the heartbeat to
central all say the same thing about the same status: ``ok`` (it does its job), ``warning``
(it does its job but needs a technician soon, such as paper near its end) or ``error``
(it cannot do its job). The link to central and the outbox are judged here too, so no
screen calls a kiosk fine while its requests cannot leave it.
"""

from __future__ import annotations

import enum
from collections.abc import Iterable, Mapping

from drivers.base import (
    Device,
    DocumentPrinterStatus,
    PrinterStatus,
    ReaderStatus,
    ScannerStatus,
)


class Health(enum.Enum):
    """How a device (or any fact a technician checks) is doing, best first."""

    OK = "ok"
    WARNING = "warning"
    ERROR = "error"


_HEALTH: Mapping[enum.Enum, Health] = {
    PrinterStatus.ONLINE: Health.OK,
    PrinterStatus.PAPER_NEAR_END: Health.WARNING,
    PrinterStatus.COVER_OPEN: Health.ERROR,
    PrinterStatus.PAPER_OUT: Health.ERROR,
    PrinterStatus.UNKNOWN: Health.ERROR,
    ReaderStatus.READY: Health.OK,
    ReaderStatus.CARD_PRESENT: Health.OK,
    ReaderStatus.UNAVAILABLE: Health.ERROR,
    ScannerStatus.READY: Health.OK,
    ScannerStatus.UNAVAILABLE: Health.ERROR,
    DocumentPrinterStatus.READY: Health.OK,
    # A kiosk without an A4 printer is no fault: its letters are collected at the office.
    DocumentPrinterStatus.NOT_CONFIGURED: Health.OK,
    DocumentPrinterStatus.PAPER_LOW: Health.WARNING,
    DocumentPrinterStatus.TONER_LOW: Health.WARNING,
    DocumentPrinterStatus.PAPER_OUT: Health.ERROR,
    DocumentPrinterStatus.PAPER_JAM: Health.ERROR,
    DocumentPrinterStatus.TONER_OUT: Health.ERROR,
    DocumentPrinterStatus.DOOR_OPEN: Health.ERROR,
    DocumentPrinterStatus.OFFLINE: Health.ERROR,
    DocumentPrinterStatus.ERROR: Health.ERROR,
    DocumentPrinterStatus.STOPPED: Health.ERROR,
    DocumentPrinterStatus.NOT_ACCEPTING: Health.ERROR,
    DocumentPrinterStatus.UNKNOWN: Health.ERROR,
}


def health_of(status: enum.Enum) -> Health:
    """A device status's health; a status this table does not know is never called fine."""
    return _HEALTH.get(status, Health.ERROR)


def device_health(devices: Iterable[Device]) -> dict[str, Health]:
    """Each device's health by its kind (``printer``, ``card_reader``, ``scanner``)."""
    return {device.kind: health_of(device.status) for device in devices}


_PAPER: Mapping[enum.Enum, str] = {
    PrinterStatus.ONLINE: "ok",
    PrinterStatus.PAPER_NEAR_END: "low",
    PrinterStatus.PAPER_OUT: "out",
    DocumentPrinterStatus.READY: "ok",
    DocumentPrinterStatus.PAPER_LOW: "low",
    DocumentPrinterStatus.PAPER_OUT: "out",
}
#: Reasons sent to central are for technicians and short (contract: ``DeviceState.detail``).
MAX_DETAIL = 300


def device_states(devices: Iterable[Device]) -> dict[str, dict[str, str]]:
    """Each device's state for the heartbeat (contract 1.2 ``device_states``).

    Its health, its own status word, why, and for a printer its paper: ``ok``, ``low``,
    ``out``, or ``unknown`` when its status does not tell (a cover open, no answer).
    """
    states: dict[str, dict[str, str]] = {}
    for device in devices:
        state = {"health": health_of(device.status).value, "status": device.status.value}
        has_paper = isinstance(device.status, PrinterStatus | DocumentPrinterStatus)
        if has_paper and device.status is not DocumentPrinterStatus.NOT_CONFIGURED:
            state["paper"] = _PAPER.get(device.status, "unknown")
        if device.status_detail:
            state["detail"] = device.status_detail[:MAX_DETAIL]
        states[device.kind] = state
    return states


def worst(healths: Iterable[Health]) -> Health:
    """The worst of several (``ok`` when there are none)."""
    order = list(Health)
    return max(healths, key=order.index, default=Health.OK)


def paper_health(printer: PrinterStatus) -> Health:
    """The receipt paper's health: unknown while the printer cannot say (never fine)."""
    if printer in (PrinterStatus.COVER_OPEN, PrinterStatus.UNKNOWN):
        return Health.WARNING  # the printer's own health says it is down
    return health_of(printer)


def link_health(configured: bool, online: bool) -> Health:
    """The link to central: a kiosk without one, or cut off, still serves citizens (warning)."""
    return Health.OK if configured and online else Health.WARNING


def queue_health(queued: int, dead: int) -> Health:
    """An outbox: requests refused for good are an error, requests still waiting a warning."""
    if dead:
        return Health.ERROR
    return Health.WARNING if queued else Health.OK
