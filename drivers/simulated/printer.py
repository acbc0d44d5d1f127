"""A receipt printer that spools to a folder instead of paper.

Each job leaves ``<job_id>.png`` (what the paper would show) and ``<job_id>.bin``
(the exact ESC/POS bytes a real printer would receive), so the kiosk can run, and
be demonstrated, without hardware. Paper-out, cover-open and one-off failures can
be injected to exercise the kiosk's error paths.
"""

from __future__ import annotations

import io
import logging
import re
import threading
from pathlib import Path

from drivers.base import (
    Printer,
    PrinterStatus,
    PrinterStatusChanged,
    PrintOutcome,
    ReceiptPrinted,
)
from drivers.files import private_dir, remove_temporaries, write_private
from drivers.receipt import Receipt

logger = logging.getLogger("drivers.simulated.printer")

_JOB_ID = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]{0,127}")

_REASONS = {
    PrinterStatus.COVER_OPEN: "cover open",
    PrinterStatus.PAPER_OUT: "paper out",
    PrinterStatus.UNKNOWN: "status unknown",
}


class SimulatedPrinter(Printer):
    """A printer whose paper is a spool folder; thread-safe, one job at a time."""

    def __init__(self, spool_dir: Path, dot_width: int = 576) -> None:
        """Create a stopped printer.

        Args:
            spool_dir: Where jobs are written; created by ``start``.
            dot_width: The paper width to render at (384, 512 or 576 dots).

        """
        super().__init__()
        if dot_width < 96:
            raise ValueError(f"dot_width must be at least 96 dots, got {dot_width}")
        self._spool_dir = Path(spool_dir)
        self._dot_width = dot_width
        self._lock = threading.Lock()
        self._started = False
        self._status = PrinterStatus.ONLINE
        self._detail = ""
        self._fail_next: str | None = None

    @property
    def description(self) -> str:
        """Width and spool folder, for the technician screen."""
        return f"simulated printer, {self._dot_width} dots, spool {self._spool_dir}"

    @property
    def dot_width(self) -> int:
        """The width receipts are rendered at."""
        return self._dot_width

    @property
    def spool_dir(self) -> Path:
        """The folder jobs are written to."""
        return self._spool_dir

    @property
    def status(self) -> PrinterStatus:
        """The simulated status, as last set."""
        with self._lock:
            return self._status

    def start(self) -> None:
        """Create the spool folder and report the current status.

        A folder that cannot be created is reported as status UNKNOWN, the way a
        real printer that does not answer would be, rather than raised. The half-written
        files of a job a kill cut short are removed: that job never printed.
        """
        with self._lock:
            if self._started:
                logger.debug("simulated printer already started")
                return
            self._started = True
            try:
                private_dir(self._spool_dir)
                for path in remove_temporaries(self._spool_dir):
                    logger.warning("simulated printer: removed %s, left by a job cut short", path)
            except OSError as error:
                logger.error("cannot create spool folder %s: %s", self._spool_dir, error)
                self._status = PrinterStatus.UNKNOWN
                self._detail = f"cannot create spool folder {self._spool_dir}: {error}"
            event = PrinterStatusChanged(self._status, self._detail)
        logger.info("simulated printer started: %s", self.description)
        self._emit(event)

    def stop(self) -> None:
        """Stop reporting; safe to call twice."""
        with self._lock:
            self._started = False

    def set_status(self, status: PrinterStatus, detail: str = "") -> None:
        """Simulate the printer reporting ``status``; emits an event when it changes."""
        with self._lock:
            changed = status is not self._status
            self._status = status
            self._detail = detail
            notify = changed and self._started
        if changed:
            logger.info("simulated printer status %s %s", status.value, detail)
        if notify:
            self._emit(PrinterStatusChanged(status, detail))

    def set_fail_next(self, detail: str) -> None:
        """Make the next job that reaches the printer fail with ``detail``; the status stays."""
        with self._lock:
            self._fail_next = detail

    def print_receipt(self, job_id: str, receipt: Receipt) -> PrintOutcome:
        """Spool ``receipt`` as ``job_id``.png and .bin; a job id already spooled is not reprinted.

        Raises:
            ValueError: If ``job_id`` is not usable as a file name (letters, digits,
                ".", "_" and "-", starting with a letter or digit).

        """
        if not _JOB_ID.fullmatch(job_id):
            raise ValueError(f"job id {job_id!r} is not a safe file name")
        with self._lock:
            if (self._spool_dir / f"{job_id}.bin").exists():
                logger.info("simulated printer: job %s already printed, not reprinting", job_id)
                return PrintOutcome(job_id, True, self._status, "already printed")
            outcome = self._print_locked(job_id, receipt)
            notify = self._started
        if outcome.ok:
            logger.info("simulated printer: job %s %s", job_id, outcome.detail)
        else:
            logger.warning("simulated printer: job %s failed: %s", job_id, outcome.detail)
        if notify:
            self._emit(ReceiptPrinted(job_id, outcome.ok, outcome.detail))
        return outcome

    def _print_locked(self, job_id: str, receipt: Receipt) -> PrintOutcome:
        status = self._status
        if not self._started:
            return PrintOutcome(job_id, False, status, "simulated printer: not started")
        if not status.can_print:
            reason = f"simulated printer: {_REASONS[status]}"
            if self._detail:
                reason = f"{reason} ({self._detail})"
            return PrintOutcome(job_id, False, status, reason)
        if self._fail_next is not None:
            detail, self._fail_next = self._fail_next, None
            return PrintOutcome(job_id, False, status, detail)
        # The renderers (Pillow, qrcode, python-escpos) load at the first job, on the
        # printing thread, instead of at the kiosk's start.
        from drivers.escpos_render import receipt_bytes
        from drivers.receipt_png import render_png

        png_path = self._spool_dir / f"{job_id}.png"
        bin_path = self._spool_dir / f"{job_id}.bin"
        png = io.BytesIO()
        render_png(receipt, self._dot_width).save(png, format="PNG")
        data = receipt_bytes(receipt, self._dot_width)
        try:
            # The .bin is written last: its presence is what marks the job printed.
            write_private(png_path, png.getvalue(), durable=False)
            write_private(bin_path, data, durable=False)
        except OSError as error:
            return PrintOutcome(job_id, False, status, f"simulated printer: spool write: {error}")
        return PrintOutcome(job_id, True, status, f"spooled to {png_path}")
