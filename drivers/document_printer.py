"""What every document printer shares, and the stand-in for a kiosk without one.

The adapters themselves are ``drivers.cups_printer`` (a CUPS queue) and
``drivers.simulated.document_printer``; ``drivers.registry`` picks one from
``[document_printer] uri``, or ``NoDocumentPrinter`` when the URI is empty.
"""

from __future__ import annotations

import abc
import logging
import re

from drivers.base import (
    Device,
    DocumentJob,
    DocumentOutcome,
    DocumentPrintError,
    DocumentPrinterState,
    DocumentPrinterStatus,
    PrintedDocument,
)

logger = logging.getLogger("drivers.document_printer")

#: A document id as the caller gives it: a file name for the simulator and the CUPS
#: job's name, so it must carry no personal data (a letter's id, not its number).
DOCUMENT_ID = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]{0,127}")

#: How every PDF starts; anything else is refused before it reaches a printer.
PDF_MAGIC = b"%PDF-"

NOT_CONFIGURED = "no document printer configured ([document_printer] uri is empty)"


def check_document_id(document_id: str) -> None:
    """Refuse an id that is not a safe single-line file and job name.

    Raises:
        ValueError: If ``document_id`` is not letters, digits, ".", "_" and "-",
            starting with a letter or digit, at most 128 characters.

    """
    if not DOCUMENT_ID.fullmatch(document_id):
        raise ValueError(f"document id {document_id!r} is not a safe single-line id")


class DocumentPrinterDevice(Device):
    """What the document printer adapters share: status and reason from their last reading."""

    kind = "document_printer"

    @property
    @abc.abstractmethod
    def state(self) -> DocumentPrinterState:
        """The last reading: status, reasons and detail."""

    @property
    def status(self) -> DocumentPrinterStatus:
        """The status of the last reading."""
        return self.state.status

    @property
    def status_detail(self) -> str:
        """The exact reason behind the last status, for technicians."""
        return self.state.detail

    def refresh_status(self) -> DocumentPrinterState:
        """The last reading, for adapters with nothing to ask."""
        return self.state


class NoDocumentPrinter(DocumentPrinterDevice):
    """The kiosk has no A4 printer: always NOT_CONFIGURED, and every print fails.

    Services that need a document printer are then unavailable with that reason, and
    ``kiosk devices status`` does not count it as a failure.
    """

    @property
    def description(self) -> str:
        """Says that there is none."""
        return "none"

    @property
    def state(self) -> DocumentPrinterState:
        """Always NOT_CONFIGURED."""
        return DocumentPrinterState(DocumentPrinterStatus.NOT_CONFIGURED, (), NOT_CONFIGURED)

    def start(self) -> None:
        """Nothing to start."""
        logger.info("no document printer configured")

    def stop(self) -> None:
        """Nothing to stop."""

    def print_document(
        self, document_id: str, pdf: bytes, *, timeout: float | None = None
    ) -> DocumentOutcome:
        """Fail: there is no printer."""
        check_document_id(document_id)
        return DocumentOutcome(document_id, False, self.status, NOT_CONFIGURED)

    def jobs(self, *, finished: bool = False) -> list[DocumentJob]:
        """No queue, no jobs."""
        return []

    def printed_documents(self) -> list[PrintedDocument]:
        """Nothing was ever printed."""
        return []

    def cancel_job(self, job_id: int) -> DocumentJob:
        """There is never a job to cancel.

        Raises:
            DocumentPrintError: Always.

        """
        raise DocumentPrintError(f"job {job_id}: {NOT_CONFIGURED}")
