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
from typing import Protocol

from drivers.receipt import Receipt


class DriverError(Exception):
    """Base of every error an adapter raises."""


class PrintError(DriverError):
    """A receipt could not be printed; the message says why, for technicians."""


class DocumentPrintError(DriverError):
    """A document printer operation failed; the message says why, for technicians."""


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


class DocumentPrinterStatus(enum.Enum):
    """What the A4 document printer (a CUPS queue) last reported, most pressing cause first.

    UNKNOWN (nothing answered) is never treated as able to print; NOT_CONFIGURED means
    the kiosk has no document printer at all, which is no fault.
    """

    READY = "ready"
    PAPER_LOW = "paper_low"
    TONER_LOW = "toner_low"
    PAPER_OUT = "paper_out"
    PAPER_JAM = "paper_jam"
    TONER_OUT = "toner_out"
    DOOR_OPEN = "door_open"
    OFFLINE = "offline"
    ERROR = "error"
    STOPPED = "stopped"
    NOT_ACCEPTING = "not_accepting"
    UNKNOWN = "unknown"
    NOT_CONFIGURED = "not_configured"

    @property
    def can_print(self) -> bool:
        """Whether a document may be sent; low paper or toner still prints."""
        return self in (
            DocumentPrinterStatus.READY,
            DocumentPrinterStatus.PAPER_LOW,
            DocumentPrinterStatus.TONER_LOW,
        )


class DocumentJobState(enum.Enum):
    """A print job's IPP ``job-state``; only COMPLETED means the document came out."""

    PENDING = "pending"
    HELD = "held"
    PROCESSING = "processing"
    STOPPED = "stopped"
    CANCELED = "canceled"
    ABORTED = "aborted"
    COMPLETED = "completed"

    @property
    def finished(self) -> bool:
        """The job will not change any more (completed, canceled or aborted)."""
        return self in (
            DocumentJobState.COMPLETED,
            DocumentJobState.CANCELED,
            DocumentJobState.ABORTED,
        )


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
class DocumentPrinterState:
    """One reading of the document printer.

    Attributes:
        status: The most pressing condition.
        reasons: Every IPP ``printer-state-reasons`` keyword the queue and the printer
            reported (``none`` left out), for technicians.
        detail: An exact account for technicians: queue state, reasons, message.

    """

    status: DocumentPrinterStatus
    reasons: tuple[str, ...] = ()
    detail: str = ""


@dataclass(frozen=True)
class DocumentPrinterStatusChanged:
    """The document printer's status changed; ``detail`` is an exact reason for technicians."""

    status: DocumentPrinterStatus
    detail: str = ""


@dataclass(frozen=True)
class DocumentPrinted:
    """A document finished printing (or failed); ``document_id`` is the caller's id."""

    document_id: str
    ok: bool
    detail: str = ""


@dataclass(frozen=True)
class DocumentJob:
    """One job in the document printer's queue, as maintenance mode lists it.

    Attributes:
        job_id: The queue's own job number (what ``cancel_job`` takes).
        name: The job's name: the document id the kiosk gave, never a citizen's data.
        state: The job's state.
        reasons: IPP ``job-state-reasons`` keywords.
        detail: The printer's last message about the job.
        created: When it was queued, seconds since the epoch (0 when unknown).

    """

    job_id: int
    name: str
    state: DocumentJobState
    reasons: tuple[str, ...] = ()
    detail: str = ""
    created: float = 0.0


@dataclass(frozen=True)
class PrintedDocument:
    """A document whose job the printer's queue reported completed, as the driver recorded it.

    ``at`` is when the driver learnt it (seconds since the epoch). What the letter flow
    reads at start to report a print a crash kept it from reporting.
    """

    document_id: str
    at: float


@dataclass(frozen=True)
class DocumentOutcome:
    """The result of one document print request, as the printer's queue reported it.

    ``ok`` only when the job reached ``completed``. ``job_id`` is the queue's job
    number when a job was submitted, and ``job_state`` its last known state.
    """

    document_id: str
    ok: bool
    status: DocumentPrinterStatus
    detail: str = ""
    job_id: int | None = None
    job_state: DocumentJobState | None = None


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
    | DocumentPrinterStatusChanged
    | DocumentPrinted
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


class DocumentPrinter(Protocol):
    """An A4 document printer: a CUPS queue, the simulator, or none configured.

    What the letter flow and maintenance mode use; ``drivers.registry`` builds it
    from ``[document_printer] uri``. Every method is safe to call from any thread.
    """

    kind: str

    @property
    def description(self) -> str:
        """A one-line description for technicians (queue, printer URI or spool folder)."""

    @property
    def status(self) -> DocumentPrinterStatus:
        """The last known status."""

    @property
    def status_detail(self) -> str:
        """Why the status is what it is, for technicians."""

    @property
    def state(self) -> DocumentPrinterState:
        """The last reading: status, reasons and detail."""

    def subscribe(self, callback: EventCallback) -> None:
        """Register a callback for DocumentPrinterStatusChanged and DocumentPrinted."""

    def start(self) -> None:
        """Begin watching the printer's status."""

    def stop(self) -> None:
        """Stop watching; safe to call twice."""

    def refresh_status(self) -> DocumentPrinterState:
        """Ask the printer now; emits DocumentPrinterStatusChanged if it changed."""

    def print_document(
        self, document_id: str, pdf: bytes, *, timeout: float | None = None
    ) -> DocumentOutcome:
        """Print ``pdf`` once and block until the queue reports the job finished.

        A ``document_id`` already printed is not printed again, and a job still in
        the queue is waited for, never submitted a second time. ``timeout`` bounds
        the wait (None: the driver's own); a job not finished by then is left in the
        queue and reported not printed.
        """

    def jobs(self, *, finished: bool = False) -> list[DocumentJob]:
        """The queue's jobs not yet finished, or with ``finished`` the finished ones too."""

    def printed_documents(self) -> list[PrintedDocument]:
        """The documents the driver's durable record holds as completed, oldest first.

        A job the record holds as submitted but not finished (the kiosk stopped, or
        stopped waiting) is settled first where the queue knows how it ended.
        """

    def cancel_job(self, job_id: int) -> DocumentJob:
        """Cancel one of the queue's jobs (a stuck one, from maintenance mode).

        Raises:
            DocumentPrintError: If there is no such job in this queue, or CUPS refused.

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
    """The adapters the kiosk drives, built once by the composition root.

    ``document_printer`` is the A4 printer for letters: None (or one that reports
    NOT_CONFIGURED) when the kiosk has none, which is no fault.
    """

    printer: Printer
    card_reader: CardReader
    scanner: Scanner
    document_printer: DocumentPrinter | None = None

    @property
    def document_printer_status(self) -> DocumentPrinterStatus:
        """The A4 printer's status; NOT_CONFIGURED when there is none."""
        if self.document_printer is None:
            return DocumentPrinterStatus.NOT_CONFIGURED
        return self.document_printer.status

    def all(self) -> list[Device]:
        """Every adapter the kiosk has, printer first; a missing A4 printer is left out."""
        devices: list[Device] = [self.printer, self.card_reader, self.scanner]
        document = self.document_printer
        if isinstance(document, Device) and document.status is not (
            DocumentPrinterStatus.NOT_CONFIGURED
        ):
            devices.append(document)
        return devices
