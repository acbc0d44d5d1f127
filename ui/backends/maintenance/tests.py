"""``TechTests`` in QML: a test receipt, the next card and scan (masked), the A4 queue.

The A4 printer's queue lists the jobs CUPS has not finished (their names are the kiosk's
document ids, never a citizen's data), and a technician cancels a stuck one; a letter
whose job is cancelled was never counted as printed.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from PySide6.QtCore import Property, QObject, Signal, Slot

from drivers.base import DocumentJob, DocumentPrinter, DocumentPrintError, Printer, PrintOutcome
from kiosk.audit import AuditAction
from kiosk.maintenance import DeviceChecks
from ui.backends.maintenance.mode import MaintenanceBackend, MaintenancePage


class TestsPage(MaintenancePage):
    """The tests screen.

    Signals:
        testsChanged: a test started or finished (or the results were wiped).
    """

    __test__ = False  # not a pytest class, whatever its name says

    def __init__(
        self,
        mode: MaintenanceBackend,
        checks: DeviceChecks,
        printer: Printer,
        document_printer: DocumentPrinter | None = None,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(mode, "tests", parent)
        self._checks = checks
        self._printer = printer
        self._document_printer = document_printer
        self._jobs: list[dict[str, Any]] = []
        self._jobs_error = ""

    testsChanged = Signal()

    @Property(dict, notify=testsChanged)
    def tests(self) -> dict[str, dict[str, str]]:
        """``print``, ``card``, ``scan``: ``{state, reason, detail}`` (state: idle ... failed)."""
        return self._checks.as_dict()

    @Slot()
    def testPrint(self) -> None:
        """Print the installer's test receipt on the running printer."""
        if not self._checks.start("print"):
            return
        self.testsChanged.emit()

        def done(result: PrintOutcome | Exception) -> None:
            self._checks.printed(result)
            self.testsChanged.emit()

        self._mode.in_background(self._checks.print_job(self._printer), done)

    @Slot()
    def testCard(self) -> None:
        """Wait for the next card and show its masked UID."""
        if self._checks.start("card"):
            self.testsChanged.emit()

    @Slot()
    def testScan(self) -> None:
        """Wait for the next scan and show it masked."""
        if self._checks.start("scan"):
            self.testsChanged.emit()

    documentJobsChanged = Signal()

    @Property(bool, constant=True)
    def hasDocumentPrinter(self) -> bool:
        """Whether the kiosk has an A4 printer whose queue can be shown."""
        return self._document_printer is not None

    @Property(list, notify=documentJobsChanged)
    def documentJobs(self) -> list[dict[str, Any]]:
        """The A4 queue's unfinished jobs: ``id``, ``name``, ``state``, ``detail``, ``since``."""
        return self._jobs

    @Property(str, notify=documentJobsChanged)
    def documentJobsError(self) -> str:
        """Why the queue could not be read or a job not cancelled; empty when all went well."""
        return self._jobs_error

    @Slot()
    def refreshDocumentJobs(self) -> None:
        """Read the A4 printer's queue (on the maintenance worker: CUPS may be slow)."""
        printer = self._document_printer
        if self.role is None or printer is None:
            return
        self._mode.in_background(printer.jobs, self._show_jobs)

    @Slot(int)
    def cancelDocumentJob(self, job_id: int) -> None:
        """Cancel one stuck job of the A4 queue; recorded in the audit trail."""
        printer = self._document_printer
        if self.role is None or printer is None:
            return

        def done(result: DocumentJob | Exception) -> None:
            ok = isinstance(result, DocumentJob)
            self._mode.record(AuditAction.DOCUMENT_JOB_CANCEL, job=job_id, ok=ok)
            self._mode.notify("cancelled" if ok else "failed", str(job_id if ok else result))
            self.refreshDocumentJobs()

        self._mode.in_background(lambda: printer.cancel_job(job_id), done)

    def _show_jobs(self, result: list[DocumentJob] | Exception) -> None:
        if isinstance(result, Exception):
            error = result if isinstance(result, DocumentPrintError) else repr(result)
            self._jobs, self._jobs_error = [], str(error)
        else:
            self._jobs = [
                {
                    "id": job.job_id,
                    "name": job.name,
                    "state": job.state.value,
                    "detail": job.detail or ", ".join(job.reasons),
                    "since": dt.datetime.fromtimestamp(job.created).strftime("%H:%M")
                    if job.created
                    else "",
                }
                for job in result
            ]
            self._jobs_error = ""
        self.documentJobsChanged.emit()

    def load(self) -> None:
        """The tests tab was chosen: show the A4 queue as it is now."""
        self.refreshDocumentJobs()

    def on_event(self, event: object) -> None:
        """Cards and scans from the bridge, for a test waiting for one."""
        if self.role is not None and self._checks.on_event(event):
            self.testsChanged.emit()

    def wipe(self) -> None:
        """The mode closed."""
        self._checks.reset()
        self._jobs, self._jobs_error = [], ""
        self.testsChanged.emit()
        self.documentJobsChanged.emit()
