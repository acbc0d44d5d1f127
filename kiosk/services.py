"""The services a citizen can pick on the home screen: the model behind the catalog.

Services are data (``config/services/*.toml``, or the central catalog once synced), so a
regency changes counters, forms or wording without touching code. ``kiosk.catalog``
reads and checks the data into these types (``kiosk.catalog.load_service_files``).
"""

from __future__ import annotations

import enum
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from drivers.base import DocumentPrinterStatus, PrinterStatus
from kiosk.forms import Condition, Field, Step
from kiosk.text import NO_TEXT, LocalizedText

DEFAULT_SERVICES_DIR = Path(__file__).resolve().parent.parent / "config" / "services"

#: The field that asks the cause of poverty. Every service asking it (Surat Pernyataan
#: Miskin, Lapor Warga Miskin) offers the same choices, whose values are the stable cause
#: ids central and its back office count reports by; ``kiosk.catalog`` refuses a catalog
#: whose services disagree on them.
POVERTY_CAUSE_FIELD = "cause"


class Need(enum.Enum):
    """What a service cannot work without."""

    #: A printed receipt. Most services print one but can finish without it (the done screen
    #: shows the reference and check code, or the queue number, and the receipt is reported
    #: ``failed``): they do not list this need and stay available while the printer cannot
    #: print. A service whose citizen cannot do without the paper lists it (contract 1.2).
    PRINTER = "printer"
    NETWORK = "network"
    #: The A4 printer for letters (``[document_printer] uri``).
    DOCUMENT_PRINTER = "document_printer"


class Flow(enum.Enum):
    """Which screens a service walks through after the home grid."""

    QUEUE_TICKET = "queue_ticket"
    FORM = "form"
    INFORMATION = "information"
    STATUS_CHECK = "status_check"
    #: "Ambil Surat": the citizen prints their signed letter on the A4 printer (contract 1.2).
    LETTER_PICKUP = "letter_pickup"


class Category(enum.Enum):
    """Groups of the home grid, so a citizen finds a service among many."""

    QUEUE = "queue"
    LETTERS = "letters"
    REPORTS = "reports"
    INFORMATION = "information"

    @property
    def title(self) -> LocalizedText:
        """The group's heading on the home grid."""
        return _CATEGORY_TITLES[self]


_CATEGORY_TITLES = {
    Category.QUEUE: LocalizedText("Antrian", "Queue"),
    Category.LETTERS: LocalizedText("Surat desa", "Village letters"),
    Category.REPORTS: LocalizedText("Pengaduan & laporan", "Complaints & reports"),
    Category.INFORMATION: LocalizedText("Informasi & status", "Information & status"),
}


class IdentityRequirement(enum.Enum):
    """Whether a service needs to know who the citizen is."""

    REQUIRED = "required"
    #: The identify step is offered, and the citizen may go on anonymously.
    OPTIONAL = "optional"
    NONE = "none"


@dataclass(frozen=True)
class Counter:
    """A service counter (loket) in a Mal Pelayanan Publik."""

    code: str
    name: LocalizedText
    location: LocalizedText


@dataclass(frozen=True)
class SummaryRow:
    """An answer the receipt repeats, so it says what was asked for or reported."""

    field: str
    label: LocalizedText


@dataclass(frozen=True)
class BringItem:
    """A document to bring when collecting; with ``shown_when``, only for some answers."""

    text: LocalizedText
    shown_when: Condition | None = None


@dataclass(frozen=True)
class ReceiptTemplate:
    """What a service's receipt says besides the reference, NIK and QR.

    Attributes:
        title: the service's name as the receipt heads it.
        next_steps: what happens next.
        where: where to go.
        summary: the answers printed back (a hidden or empty answer prints nothing).
        bring: the documents to bring, those of the citizen's answers only.
        ready_after_days: working days (Monday to Friday) until the letter can be
            collected; the receipt prints that date. None: no date.

    """

    title: LocalizedText
    next_steps: LocalizedText
    where: LocalizedText
    summary: tuple[SummaryRow, ...] = ()
    bring: tuple[BringItem, ...] = ()
    ready_after_days: int | None = None


@dataclass(frozen=True)
class Service:
    """One tile on the home grid, with its form and receipt."""

    id: str
    flow: Flow
    title: LocalizedText
    help: LocalizedText
    icon: str
    identity: IdentityRequirement
    needs: frozenset[Need]
    category: Category = Category.QUEUE
    counters: tuple[Counter, ...] = ()
    steps: tuple[Step, ...] = ()
    receipt: ReceiptTemplate | None = None
    #: Letters and digits naming the service in its references, e.g. ``SKTM``.
    reference_code: str = ""

    @property
    def requires_identity(self) -> bool:
        """The citizen must identify before the form."""
        return self.identity is IdentityRequirement.REQUIRED

    @property
    def asks_identity(self) -> bool:
        """The identify step is shown (required, or optional for an anonymous report)."""
        return self.identity is not IdentityRequirement.NONE

    @property
    def fields(self) -> tuple[Field, ...]:
        """Every field of every step, in order."""
        return tuple(item for step in self.steps for item in step.fields)

    def field(self, name: str) -> Field:
        """The field called ``name``; KeyError if the form has none."""
        for item in self.fields:
            if item.name == name:
                return item
        raise KeyError(name)

    def counter(self, code: str) -> Counter:
        """The counter with ``code``; KeyError if this service has none such."""
        for counter in self.counters:
            if counter.code == code:
                return counter
        raise KeyError(code)


@dataclass(frozen=True)
class Availability:
    """Whether a service can be used now, and why not."""

    available: bool
    reason: LocalizedText = NO_TEXT


PRINTER_BANNERS: Mapping[PrinterStatus, LocalizedText] = {
    PrinterStatus.PAPER_OUT: LocalizedText("Kertas struk habis.", "The receipt paper has run out."),
    PrinterStatus.COVER_OPEN: LocalizedText(
        "Penutup printer struk terbuka.", "The receipt printer's cover is open."
    ),
    PrinterStatus.UNKNOWN: LocalizedText(
        "Printer struk tidak menjawab.", "The receipt printer is not responding."
    ),
}
"""The one notice home shows while the receipt printer cannot print (instead of every tile)."""

ON_SCREEN_INSTEAD = LocalizedText(
    "Nomor dan kode cek Anda akan tampil di layar.",
    "Your number and check code will show on screen.",
)
"""What the notice adds where there is room: how services finish without paper."""

RECEIPT_NEEDED = LocalizedText(
    "Layanan ini memerlukan struk tercetak. Mohon hubungi petugas.",
    "This service needs a printed receipt. Please ask an officer.",
)


PRINT_FAILURES: Mapping[PrinterStatus, LocalizedText] = {
    PrinterStatus.PAPER_OUT: LocalizedText("Kertas struk habis.", "The receipt paper ran out."),
    PrinterStatus.COVER_OPEN: LocalizedText(
        "Penutup printer struk terbuka.", "The receipt printer's cover is open."
    ),
    PrinterStatus.UNKNOWN: LocalizedText(
        "Printer struk tidak menjawab.", "The receipt printer did not answer."
    ),
}
_PRINT_FAILED = LocalizedText("Printer struk gagal mencetak.", "The receipt printer failed.")


def print_failure(printer: PrinterStatus) -> LocalizedText:
    """Why a receipt did not print, in a citizen's words, from the printer's state after it."""
    return PRINT_FAILURES.get(printer, _PRINT_FAILED)


def printer_banner(printer: PrinterStatus) -> LocalizedText:
    """What home says about the receipt printer: nothing while it can print."""
    return NO_TEXT if printer.can_print else PRINTER_BANNERS[printer]


DOCUMENT_PRINTER_TEXTS: Mapping[DocumentPrinterStatus, LocalizedText] = {
    DocumentPrinterStatus.READY: LocalizedText(
        "Printer dokumen siap.", "The document printer is ready."
    ),
    DocumentPrinterStatus.PAPER_LOW: LocalizedText(
        "Kertas printer dokumen hampir habis.", "The document printer's paper is running low."
    ),
    DocumentPrinterStatus.TONER_LOW: LocalizedText(
        "Tinta atau toner printer dokumen hampir habis.",
        "The document printer's ink or toner is running low.",
    ),
    DocumentPrinterStatus.PAPER_OUT: LocalizedText(
        "Kertas printer dokumen habis. Mohon hubungi petugas.",
        "The document printer has run out of paper. Please ask an officer.",
    ),
    DocumentPrinterStatus.PAPER_JAM: LocalizedText(
        "Kertas tersangkut di printer dokumen. Mohon hubungi petugas.",
        "Paper is jammed in the document printer. Please ask an officer.",
    ),
    DocumentPrinterStatus.TONER_OUT: LocalizedText(
        "Tinta atau toner printer dokumen habis. Mohon hubungi petugas.",
        "The document printer is out of ink or toner. Please ask an officer.",
    ),
    DocumentPrinterStatus.DOOR_OPEN: LocalizedText(
        "Penutup printer dokumen terbuka. Mohon hubungi petugas.",
        "A door of the document printer is open. Please ask an officer.",
    ),
    DocumentPrinterStatus.OFFLINE: LocalizedText(
        "Printer dokumen tidak tersambung atau mati. Mohon hubungi petugas.",
        "The document printer is off or not connected. Please ask an officer.",
    ),
    DocumentPrinterStatus.ERROR: LocalizedText(
        "Printer dokumen mengalami gangguan. Mohon hubungi petugas.",
        "The document printer reports a fault. Please ask an officer.",
    ),
    DocumentPrinterStatus.STOPPED: LocalizedText(
        "Printer dokumen sedang dihentikan. Mohon hubungi petugas.",
        "The document printer has been stopped. Please ask an officer.",
    ),
    DocumentPrinterStatus.NOT_ACCEPTING: LocalizedText(
        "Printer dokumen sedang tidak menerima dokumen. Mohon hubungi petugas.",
        "The document printer is not accepting documents. Please ask an officer.",
    ),
    DocumentPrinterStatus.UNKNOWN: LocalizedText(
        "Printer dokumen tidak menjawab. Mohon hubungi petugas.",
        "The document printer is not responding. Please ask an officer.",
    ),
    DocumentPrinterStatus.NOT_CONFIGURED: LocalizedText(
        "Anjungan ini tidak memiliki printer dokumen. Silakan ambil surat di kantor desa.",
        "This kiosk has no document printer. Please collect the letter at the village office.",
    ),
}
"""What each document printer status means, for citizens and the maintenance screen."""


NETWORK_REASON = LocalizedText(
    "Layanan ini memerlukan jaringan, yang sedang terputus. Silakan coba lagi nanti.",
    "This service needs the network, which is down. Please try again later.",
)


def availability(
    service: Service,
    printer: PrinterStatus,
    online: bool = True,
    document_printer: DocumentPrinterStatus = DocumentPrinterStatus.NOT_CONFIGURED,
) -> Availability:
    """Gate services on the devices they need, so a citizen never starts what can't finish.

    Only services that cannot work from the outbox (a live status check) need the
    network; letters and reports queue their request and are sent later. Only services
    that cannot finish without a printed receipt need the receipt printer (the others
    show their number on screen instead; home says why once, ``printer_banner``). A
    caller that does not say how the document printer is treats it as absent.
    """
    if Need.PRINTER in service.needs and not printer.can_print:
        return Availability(False, RECEIPT_NEEDED)
    if Need.DOCUMENT_PRINTER in service.needs and not document_printer.can_print:
        return Availability(False, DOCUMENT_PRINTER_TEXTS[document_printer])
    if Need.NETWORK in service.needs and not online:
        return Availability(False, NETWORK_REASON)
    return Availability(True)
