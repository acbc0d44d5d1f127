"""A document printer that spools to a folder instead of paper.

Each document leaves ``<document_id>.pdf`` (exactly the bytes a CUPS queue would get)
and ``<document_id>.png`` (its first page, rendered by poppler's ``pdftoppm`` where it
is installed), so the letter flow runs, and is demonstrated, without a printer. The
folder is 0700 and the files 0600: letters carry full NIKs. Paper-out and other
statuses, and a failing next job, can be injected for the kiosk's error paths.
"""

from __future__ import annotations

import logging
import os
import shutil
import subprocess
import tempfile
import threading
from pathlib import Path

from drivers.base import (
    DocumentJob,
    DocumentJobState,
    DocumentOutcome,
    DocumentPrinted,
    DocumentPrintError,
    DocumentPrinterState,
    DocumentPrinterStatus,
    DocumentPrinterStatusChanged,
    PrintedDocument,
)
from drivers.document_printer import PDF_MAGIC, DocumentPrinterDevice, check_document_id
from drivers.files import private_dir, remove_temporaries, write_private

logger = logging.getLogger("drivers.simulated.document_printer")

#: Resolution of the first page's PNG: an A4 page is 827 x 1170 pixels.
PREVIEW_DPI = 100
_RENDER_TIMEOUT = 60.0


class SimulatedDocumentPrinter(DocumentPrinterDevice):
    """A document printer whose paper is a spool folder; thread-safe, one job at a time."""

    def __init__(self, spool_dir: Path) -> None:
        """Create a stopped printer; ``start`` creates ``spool_dir`` (0700)."""
        super().__init__()
        self._spool_dir = Path(spool_dir)
        self._lock = threading.Lock()
        self._started = False
        self._state = DocumentPrinterState(DocumentPrinterStatus.READY, (), "simulated")
        self._fail_next: str | None = None

    @property
    def description(self) -> str:
        """The spool folder, for the technician screen."""
        return f"simulated document printer, spool {self._spool_dir}"

    @property
    def spool_dir(self) -> Path:
        """Where documents are written."""
        return self._spool_dir

    @property
    def state(self) -> DocumentPrinterState:
        """The simulated state, as last set."""
        with self._lock:
            return self._state

    def start(self) -> None:
        """Create the spool folder; one that cannot be created is status UNKNOWN.

        The half-written files of a document a kill cut short are removed: it never printed.
        """
        with self._lock:
            if self._started:
                return
            self._started = True
            try:
                private_dir(self._spool_dir)
                for path in remove_temporaries(self._spool_dir):
                    logger.warning(
                        "simulated document printer: removed %s, left by a job cut short", path
                    )
            except OSError as error:
                self._state = DocumentPrinterState(
                    DocumentPrinterStatus.UNKNOWN,
                    (),
                    f"cannot create spool folder {self._spool_dir}: {error}",
                )
            state = self._state
        logger.info("simulated document printer started: %s", self.description)
        self._emit(DocumentPrinterStatusChanged(state.status, state.detail))

    def stop(self) -> None:
        """Stop reporting; safe to call twice."""
        with self._lock:
            self._started = False

    def set_status(self, status: DocumentPrinterStatus, detail: str = "") -> None:
        """Simulate the printer reporting ``status``; emits an event when it changes."""
        with self._lock:
            changed = status is not self._state.status
            self._state = DocumentPrinterState(status, (), detail or "simulated")
            notify = changed and self._started
        if notify:
            self._emit(DocumentPrinterStatusChanged(status, detail))

    def set_fail_next(self, detail: str) -> None:
        """Make the next document fail with ``detail`` (as an aborted job would)."""
        with self._lock:
            self._fail_next = detail

    def print_document(
        self, document_id: str, pdf: bytes, *, timeout: float | None = None
    ) -> DocumentOutcome:
        """Spool ``pdf`` as ``document_id``.pdf and .png; a document already spooled is skipped.

        Raises:
            ValueError: If ``document_id`` is not usable as a file name.

        """
        check_document_id(document_id)
        with self._lock:
            outcome = self._print_locked(document_id, pdf)
            notify = self._started
        if outcome.ok:
            logger.info("simulated document printer: %s %s", document_id, outcome.detail)
        else:
            logger.warning("simulated document printer: %s failed: %s", document_id, outcome.detail)
        if notify:
            self._emit(DocumentPrinted(document_id, outcome.ok, outcome.detail))
        return outcome

    def jobs(self, *, finished: bool = False) -> list[DocumentJob]:
        """The simulator has no queue: every job finishes at once."""
        return []

    def printed_documents(self) -> list[PrintedDocument]:
        """The spooled documents (a ``.pdf`` marks one printed), oldest first."""
        try:
            spooled = [
                PrintedDocument(path.stem, path.stat().st_mtime)
                for path in self._spool_dir.glob("*.pdf")
            ]
        except OSError as error:
            logger.warning("simulated document printer: cannot list the spool: %s", error)
            return []
        return sorted(spooled, key=lambda document: (document.at, document.document_id))

    def cancel_job(self, job_id: int) -> DocumentJob:
        """There is never a job to cancel.

        Raises:
            DocumentPrintError: Always.

        """
        raise DocumentPrintError(f"job {job_id} is not in the simulated printer's queue")

    def _print_locked(self, document_id: str, pdf: bytes) -> DocumentOutcome:
        status = self._state.status
        pdf_path = self._spool_dir / f"{document_id}.pdf"
        if pdf_path.exists():
            return DocumentOutcome(
                document_id, True, status, "already printed", None, DocumentJobState.COMPLETED
            )
        if not self._started:
            return DocumentOutcome(document_id, False, status, "simulated printer: not started")
        if not status.can_print:
            return DocumentOutcome(
                document_id, False, status, f"simulated printer: {self._state.detail}"
            )
        if self._fail_next is not None:
            detail, self._fail_next = self._fail_next, None
            return DocumentOutcome(
                document_id, False, status, detail, None, DocumentJobState.ABORTED
            )
        if not pdf.startswith(PDF_MAGIC):
            return DocumentOutcome(document_id, False, status, "the document is not a PDF")
        try:
            rendered = _render_first_page(pdf, self._spool_dir / f"{document_id}.png")
            # The .pdf is written last: its presence is what marks the document printed.
            write_private(pdf_path, pdf, durable=False)
        except OSError as error:
            return DocumentOutcome(
                document_id, False, status, f"simulated printer: spool write: {error}"
            )
        except subprocess.CalledProcessError as error:
            reason = error.stderr.decode("utf-8", "replace").strip() or f"exit {error.returncode}"
            return DocumentOutcome(
                document_id,
                False,
                status,
                f"simulated printer: the PDF cannot be rendered: {reason}",
                None,
                DocumentJobState.ABORTED,
            )
        detail = f"spooled to {pdf_path}" + ("" if rendered else " (no PNG: pdftoppm missing)")
        return DocumentOutcome(document_id, True, status, detail, None, DocumentJobState.COMPLETED)


def _render_first_page(pdf: bytes, png_path: Path) -> bool:
    """Write the first page as a 0600 PNG; False when poppler's pdftoppm is not installed.

    Raises:
        subprocess.CalledProcessError: If pdftoppm cannot read the PDF.
        OSError: If the PNG cannot be written.

    """
    pdftoppm = shutil.which("pdftoppm")
    if pdftoppm is None:
        logger.warning("pdftoppm (poppler-utils) is not installed: no PNG of %s", png_path.name)
        return False
    with tempfile.TemporaryDirectory(dir=png_path.parent, prefix=".render-") as folder:
        source = Path(folder) / "document.pdf"
        write_private(source, pdf, durable=False)
        prefix = Path(folder) / "page"
        options = ["-png", "-singlefile", "-f", "1", "-l", "1", "-r", str(PREVIEW_DPI)]
        subprocess.run(
            [pdftoppm, *options, str(source), str(prefix)],
            check=True,
            capture_output=True,
            timeout=_RENDER_TIMEOUT,
        )
        rendered = prefix.with_suffix(".png")
        rendered.chmod(0o600)
        os.replace(rendered, png_path)
    return True
