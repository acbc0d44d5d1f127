"""Interfaces, statuses and events shared by every hardware adapter.

Adapters run their own threads and report through a callback, the way Odoo's IoT
drivers push device events; the UI re-emits them on the GUI thread. Nothing here
knows about Qt or the kiosk core, so an adapter can be exercised from a plain script.
"""

from __future__ import annotations

import abc
import enum
import threading
from collections.abc import Callable
from dataclasses import dataclass

from drivers.receipt import Receipt


class DriverError(Exception):
    """Base of every error an adapter raises."""


class PrintError(DriverError):
    """A receipt could not be printed; the message says why, for technicians."""


class PrinterStatus(enum.Enum):
    """What the printer last reported. UNKNOWN is never treated as able to print."""

    ONLINE = "online"
    COVER_OPEN = "cover_open"
    PAPER_NEAR_END = "paper_near_end"
    PAPER_OUT = "paper_out"
    UNKNOWN = "unknown"

    @property
    def can_print(self) -> bool:
        """Whether a receipt may be sent; near-end paper still prints."""
        return self in (PrinterStatus.ONLINE, PrinterStatus.PAPER_NEAR_END)


class ReaderStatus(enum.Enum):
    """State of the card reader (or of the PC/SC service behind it)."""

    READY = "ready"
    CARD_PRESENT = "card_present"
    UNAVAILABLE = "unavailable"


class ScannerStatus(enum.Enum):
    """State of the QR scanner."""

    READY = "ready"
    UNAVAILABLE = "unavailable"


@dataclass(frozen=True)
class PrinterStatusChanged:
    """The printer's status changed; ``detail`` is an exact reason for technicians."""

    status: PrinterStatus
    detail: str = ""


@dataclass(frozen=True)
class ReceiptPrinted:
    """A receipt finished printing (or failed); ``job_id`` is the caller's id."""

    job_id: str
    ok: bool
    detail: str = ""


@dataclass(frozen=True)
class ReaderStatusChanged:
    """The card reader became ready or unavailable."""

    status: ReaderStatus
    detail: str = ""


@dataclass(frozen=True)
class CardInserted:
    """A card was presented; UID and ATR as the reader returned them.

    ``reader`` is the PC/SC reader's name, which picks a certified reader's plugin.
    """

    uid: bytes
    atr: bytes
    reader: str = ""


@dataclass(frozen=True)
class CardRemoved:
    """The card left the reader's field."""


@dataclass(frozen=True)
class ScannerStatusChanged:
    """The scanner became ready or unavailable."""

    status: ScannerStatus
    detail: str = ""


@dataclass(frozen=True)
class ScanReceived:
    """Raw bytes of one scan, still untrusted; the core parses them."""

    payload: bytes
    source: str = ""


DeviceEvent = (
    PrinterStatusChanged
    | ReceiptPrinted
    | ReaderStatusChanged
    | CardInserted
    | CardRemoved
    | ScannerStatusChanged
    | ScanReceived
)
EventCallback = Callable[[DeviceEvent], None]


@dataclass(frozen=True)
class PrintOutcome:
    """The result of one print request, as the printer confirmed it."""

    job_id: str
    ok: bool
    status: PrinterStatus
    detail: str = ""


class Device(abc.ABC):
    """Common lifecycle: ``start`` begins reporting through the callback, ``stop`` ends it.

    Callbacks may be called from the adapter's own thread.
    """

    kind: str = "device"

    def __init__(self) -> None:
        self._listeners: list[EventCallback] = []
        self._listeners_lock = threading.Lock()

    def subscribe(self, callback: EventCallback) -> None:
        """Register a callback for this device's events."""
        with self._listeners_lock:
            self._listeners.append(callback)

    def _emit(self, event: DeviceEvent) -> None:
        with self._listeners_lock:
            listeners = list(self._listeners)
        for listener in listeners:
            listener(event)

    @property
    @abc.abstractmethod
    def description(self) -> str:
        """A one-line description for technicians (model, port, URI)."""

    @property
    @abc.abstractmethod
    def status(self) -> enum.Enum:
        """The last known status (each kind has its own enum)."""

    @property
    def status_detail(self) -> str:
        """Why the status is what it is, for technicians; empty when there is nothing to add."""
        return ""

    @abc.abstractmethod
    def start(self) -> None:
        """Open the device and begin reporting events."""

    @abc.abstractmethod
    def stop(self) -> None:
        """Stop reporting and release the device; safe to call twice."""


class Printer(Device):
    """A receipt printer at a fixed dot width."""

    kind = "printer"

    @property
    @abc.abstractmethod
    def dot_width(self) -> int:
        """Printable width in dots (384 for 58 mm, 512 or 576 for 80 mm)."""

    @property
    @abc.abstractmethod
    def status(self) -> PrinterStatus:
        """The last known status."""

    @abc.abstractmethod
    def print_receipt(self, job_id: str, receipt: Receipt) -> PrintOutcome:
        """Print one receipt and block until the printer confirms or fails.

        Printing the same ``job_id`` twice must not produce a second copy.
        """


class CardReader(Device):
    """A contactless e-KTP reader; reports CardInserted and CardRemoved."""

    kind = "card_reader"

    @property
    @abc.abstractmethod
    def status(self) -> ReaderStatus:
        """The last known status."""


class Scanner(Device):
    """A QR scanner; reports ScanReceived."""

    kind = "scanner"

    @property
    @abc.abstractmethod
    def status(self) -> ScannerStatus:
        """The last known status."""


@dataclass
class Devices:
    """The three adapters the kiosk drives, built once by the composition root."""

    printer: Printer
    card_reader: CardReader
    scanner: Scanner

    def all(self) -> list[Device]:
        """Every adapter, printer first."""
        return [self.printer, self.card_reader, self.scanner]
