"""The A4 document printer: a queue of the kiosk PC's CUPS, through pycups (libcups).

A network printer is added to CUPS by the installer as a driverless IPP Everywhere
queue (``lpadmin -p NAME -E -v ipp://HOST/ipp/print -m everywhere``); the kiosk only
names the queue (``cups://NAME``). Like the receipt printer, this adapter trusts only
what it is told:

- Status comes from IPP: the queue's ``printer-state``, ``printer-state-reasons`` and
  ``printer-is-accepting-jobs``, and, for a queue whose device is an ``ipp://`` or
  ``ipps://`` printer, the printer's own ``printer-state-reasons``, asked directly:
  CUPS learns a printer's paper or toner state only while it sends it a job, so an
  idle queue would say "idle" in front of an empty tray. No answer from CUPS is
  ``UNKNOWN``, and no answer from the printer is ``OFFLINE``: never ready.
- A document counts as printed only when CUPS reports its job ``completed`` (for an
  IPP printer, CUPS's ipp backend waits for the printer's own ``completed``).
  ``canceled`` and ``aborted`` are failures with the printer's message.
- A job is never submitted twice by itself. Each document's job number and fate are
  kept in a record (``drivers.document_record``) before and after the job, so a
  retry, a reconnect or a restart follows the job already in the queue instead of
  sending another copy; a job not finished in time stays queued, for a technician
  to wait for or cancel (``jobs``, ``cancel_job``).
- The PDF is streamed to CUPS from memory (letters carry full NIKs, so the kiosk
  writes no copy); CUPS itself must keep none either (README: ``PreserveJobFiles No``).
"""

from __future__ import annotations

import logging
import socket
import threading
import time
from collections.abc import Iterable, Mapping
from dataclasses import replace
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import cups

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
from drivers.document_record import DocumentRecord, DocumentRecordEntry, DocumentRecordState

logger = logging.getLogger("drivers.cups")

#: The HTTP status libcups answers while it takes a document's data.
_HTTP_CONTINUE = 100
_CHUNK = 64 * 1024

_QUEUE_ATTRIBUTES = [
    "printer-state",
    "printer-state-reasons",
    "printer-state-message",
    "printer-is-accepting-jobs",
    "device-uri",
    "printer-make-and-model",
]
_DEVICE_ATTRIBUTES = [
    "printer-state",
    "printer-state-reasons",
    "printer-state-message",
    "printer-is-accepting-jobs",
]
_JOB_ATTRIBUTES = [
    "job-id",
    "job-name",
    "job-state",
    "job-state-reasons",
    "job-printer-state-message",
    "job-printer-uri",
    "time-at-creation",
]

_JOB_STATES = {
    cups.IPP_JOB_PENDING: DocumentJobState.PENDING,
    cups.IPP_JOB_HELD: DocumentJobState.HELD,
    cups.IPP_JOB_PROCESSING: DocumentJobState.PROCESSING,
    cups.IPP_JOB_STOPPED: DocumentJobState.STOPPED,
    cups.IPP_JOB_CANCELED: DocumentJobState.CANCELED,
    cups.IPP_JOB_ABORTED: DocumentJobState.ABORTED,
    cups.IPP_JOB_COMPLETED: DocumentJobState.COMPLETED,
}
_PRINTER_STATES = {
    cups.IPP_PRINTER_IDLE: "idle",
    cups.IPP_PRINTER_PROCESSING: "processing",
    cups.IPP_PRINTER_STOPPED: "stopped",
}

# printer-state-reasons keywords (RFC 8011 and PWG 5100.x, without their -error,
# -warning or -report suffix) by the status they mean, most pressing first. Every
# severity counts: ippeveprinter, for one, reports an empty tray as
# "media-empty-report" until a job needs it.
_SEVERITIES = ("-error", "-warning", "-report")
_BLOCKING: tuple[tuple[DocumentPrinterStatus, frozenset[str]], ...] = (
    (DocumentPrinterStatus.DOOR_OPEN, frozenset({"door-open", "cover-open", "interlock-open"})),
    (DocumentPrinterStatus.PAPER_JAM, frozenset({"media-jam"})),
    (
        DocumentPrinterStatus.PAPER_OUT,
        frozenset({"media-empty", "media-needed", "input-tray-missing"}),
    ),
    (DocumentPrinterStatus.TONER_OUT, frozenset({"toner-empty", "marker-supply-empty"})),
    (DocumentPrinterStatus.OFFLINE, frozenset({"offline", "shutdown", "timed-out"})),
    (
        DocumentPrinterStatus.ERROR,
        frozenset({"cups-missing-filter", "marker-waste-full", "spool-area-full"}),
    ),
)
_LOW: tuple[tuple[DocumentPrinterStatus, frozenset[str]], ...] = (
    (DocumentPrinterStatus.PAPER_LOW, frozenset({"media-low"})),
    (DocumentPrinterStatus.TONER_LOW, frozenset({"toner-low", "marker-supply-low"})),
)
#: The reason this adapter adds when the printer behind the queue does not answer.
OFFLINE_REASON = "offline-report"


def reason_keyword(reason: str) -> str:
    """A ``printer-state-reasons`` value without its severity suffix."""
    for suffix in _SEVERITIES:
        if reason.endswith(suffix):
            return reason[: -len(suffix)]
    return reason


def interpret(
    queue_state: int,
    accepting: bool,
    reasons: Iterable[str],
    *,
    device_state: int | None = None,
) -> DocumentPrinterStatus:
    """The status that IPP attributes mean, the most pressing condition first.

    Args:
        queue_state: The queue's ``printer-state`` (3 idle, 4 processing, 5 stopped).
        accepting: The queue's ``printer-is-accepting-jobs``.
        reasons: Every ``printer-state-reasons`` value of the queue and the printer.
        device_state: The printer's own ``printer-state``, when it was asked.

    """
    keywords = {reason_keyword(reason) for reason in reasons} - {"none"}
    for status, words in _BLOCKING:
        if keywords & words:
            return status
    if any(reason.endswith("-error") for reason in reasons):
        return DocumentPrinterStatus.ERROR
    if (
        queue_state == cups.IPP_PRINTER_STOPPED
        or device_state == cups.IPP_PRINTER_STOPPED
        or "paused" in keywords
    ):
        return DocumentPrinterStatus.STOPPED
    if not accepting:
        return DocumentPrinterStatus.NOT_ACCEPTING
    for status, words in _LOW:
        if keywords & words:
            return status
    return DocumentPrinterStatus.READY


class CupsDocumentPrinter(DocumentPrinterDevice):
    """One CUPS queue; thread-safe, one document at a time.

    Each request opens its own connection to CUPS (a pycups connection must not be
    shared between threads), so a technician's cancel never waits for a print.
    """

    def __init__(
        self,
        queue: str,
        *,
        state_dir: Path,
        server: str | None = None,
        poll_seconds: float = 5.0,
        job_timeout: float = 300.0,
        job_poll_seconds: float = 0.5,
        device_timeout: float = 3.0,
    ) -> None:
        """Create a stopped printer; nothing is asked until ``start`` or a request.

        Args:
            queue: The CUPS queue's name (``lpstat -p``).
            state_dir: Folder (0700) for the record of documents sent.
            server: The CUPS server (a socket path or host); None uses libcups's
                own choice (``CUPS_SERVER``, ``client.conf``, else the local cupsd).
            poll_seconds: Time between background status checks.
            job_timeout: How long ``print_document`` waits for a job to finish.
            job_poll_seconds: Time between checks of a job's state.
            device_timeout: How long the printer behind an ``ipp://`` queue may take
                to accept a connection before it counts as offline.

        Raises:
            DocumentPrintError: If the record exists but cannot be read.

        """
        super().__init__()
        self._queue = queue
        self._server = server
        self._poll_seconds = poll_seconds
        self._job_timeout = job_timeout
        self._job_poll_seconds = job_poll_seconds
        self._device_timeout = device_timeout
        try:
            self._record = DocumentRecord(Path(state_dir))
        except OSError as error:
            raise DocumentPrintError(
                f"cannot read the document record in {state_dir}: {error}"
            ) from error
        self._record_lock = threading.Lock()
        self._jobs_lock = threading.Lock()
        self._state_lock = threading.Lock()
        self._state = DocumentPrinterState(DocumentPrinterStatus.UNKNOWN, (), "not started")
        self._printer = ""
        self._running = False
        self._wake = threading.Event()
        self._poller: threading.Thread | None = None

    @property
    def queue(self) -> str:
        """The CUPS queue's name."""
        return self._queue

    @property
    def description(self) -> str:
        """Queue, server and (once known) the printer behind it, for technicians."""
        with self._state_lock:
            printer = self._printer
        where = self._server or cups.getServer()
        return f"CUPS queue {self._queue} on {where}" + (f", {printer}" if printer else "")

    @property
    def state(self) -> DocumentPrinterState:
        """The last reading."""
        with self._state_lock:
            return self._state

    def start(self) -> None:
        """Start the background status poll; the first check runs at once."""
        with self._state_lock:
            if self._running:
                return
            self._running = True
            self._wake.clear()
            self._poller = threading.Thread(target=self._poll, name="cups-poll", daemon=True)
        logger.info("document printer started: CUPS queue %s", self._queue)
        self._poller.start()

    def stop(self) -> None:
        """Stop polling; safe to call twice. A job in the queue stays there."""
        with self._state_lock:
            poller, self._poller = self._poller, None
            self._running = False
        self._wake.set()
        if poller is not None:
            poller.join()
        logger.info("document printer stopped: CUPS queue %s", self._queue)

    def refresh_status(self) -> DocumentPrinterState:
        """Ask CUPS (and the printer behind an IPP queue) now; emits a change."""
        state, printer = self._read_state()
        with self._state_lock:
            changed = state != self._state
            self._state = state
            if printer:
                self._printer = printer
        if changed:
            logger.info("document printer %s: %s", state.status.value, state.detail)
            self._emit(DocumentPrinterStatusChanged(state.status, state.detail))
        return state

    def print_document(
        self, document_id: str, pdf: bytes, *, timeout: float | None = None
    ) -> DocumentOutcome:
        """Print ``pdf`` once; ok only when CUPS reports its job ``completed``.

        Raises:
            ValueError: If ``document_id`` is not a safe single-line id (letters,
                digits, ".", "_" and "-", starting with a letter or digit).

        """
        check_document_id(document_id)
        wait = self._job_timeout if timeout is None else timeout
        with self._jobs_lock:
            outcome = self._print(document_id, pdf, wait)
        if outcome.ok:
            logger.info("document %s printed: %s", document_id, outcome.detail)
        else:
            logger.warning("document %s not printed: %s", document_id, outcome.detail)
        self._emit(DocumentPrinted(document_id, outcome.ok, outcome.detail))
        return outcome

    def jobs(self, *, finished: bool = False) -> list[DocumentJob]:
        """Jobs of this queue, oldest first: those not finished, or all CUPS still lists.

        Raises:
            DocumentPrintError: If CUPS does not answer.

        """
        try:
            listed = self._connect().getJobs(
                which_jobs="all" if finished else "not-completed",
                requested_attributes=_JOB_ATTRIBUTES,
            )
        except (cups.IPPError, RuntimeError) as error:
            raise DocumentPrintError(
                f"cannot list the jobs of {self._queue}: {_why(error)}"
            ) from error
        jobs = [
            self._named(_job(job_id, attributes))
            for job_id, attributes in listed.items()
            if self._is_ours(attributes)
        ]
        return sorted(jobs, key=lambda job: job.job_id)

    def printed_documents(self) -> list[PrintedDocument]:
        """The documents the record holds as completed (it survives a crash and a restart).

        A job the record holds as only submitted (the kiosk stopped while it printed, or
        stopped waiting for a slow one) is asked about first: one that CUPS has since
        completed is a printed letter, and is recorded and listed as one.
        """
        self._settle_submitted()
        with self._record_lock:
            entries = self._record.completed()
        return [PrintedDocument(entry.document_id, entry.at) for entry in entries]

    def _settle_submitted(self) -> None:
        """Record how each job left as submitted ended, if CUPS knows; one query per job."""
        with self._record_lock:
            waiting = self._record.submitted()
        for entry in waiting:
            assert entry.job_id is not None
            try:
                attributes = self._connect().getJobAttributes(
                    entry.job_id, requested_attributes=_JOB_ATTRIBUTES
                )
            except cups.IPPError as error:
                if error.args and error.args[0] == cups.IPP_NOT_FOUND:
                    detail = f"job {entry.job_id} is no longer in CUPS's job history"
                    self._put_quietly(
                        entry.document_id, DocumentRecordState.FAILED, entry.job_id, detail
                    )
                    continue
                logger.info("cannot ask CUPS about job %s: %s", entry.job_id, _why(error))
                return
            except RuntimeError as error:
                logger.info("cannot ask CUPS about job %s: %s", entry.job_id, _why(error))
                return
            job = _job(entry.job_id, attributes)
            if job.state is DocumentJobState.COMPLETED:
                logger.info("document %s: job %s completed since", entry.document_id, job.job_id)
                self._put_quietly(entry.document_id, DocumentRecordState.COMPLETED, job.job_id)
            elif job.state.finished:
                detail = f"job {job.job_id} {job.state.value}{_job_why(job)}"
                self._put_quietly(entry.document_id, DocumentRecordState.FAILED, job.job_id, detail)

    def _named(self, job: DocumentJob) -> DocumentJob:
        """``job`` with its document id: CUPS drops a finished job's name from its history."""
        if job.name:
            return job
        with self._record_lock:
            entry = self._record.by_job(job.job_id)
        return replace(job, name=entry.document_id) if entry is not None else job

    def cancel_job(self, job_id: int) -> DocumentJob:
        """Cancel job ``job_id`` of this queue and return it as CUPS now reports it.

        A job that already finished is returned as it is. The kiosk may cancel its own
        jobs; others' need the kiosk user in CUPS's SystemGroup (README).

        Raises:
            DocumentPrintError: If this queue has no such job, or CUPS refused.

        """
        try:
            connection = self._connect()
            attributes = connection.getJobAttributes(job_id, requested_attributes=_JOB_ATTRIBUTES)
            if not self._is_ours(attributes):
                raise DocumentPrintError(f"job {job_id} is not in queue {self._queue}")
            if _job(job_id, attributes).state.finished:
                return self._named(_job(job_id, attributes))
            connection.cancelJob(job_id)
            job = self._named(
                _job(
                    job_id,
                    connection.getJobAttributes(job_id, requested_attributes=_JOB_ATTRIBUTES),
                )
            )
        except (cups.IPPError, RuntimeError) as error:
            raise DocumentPrintError(
                f"cannot cancel job {job_id} of {self._queue}: {_why(error)}"
            ) from error
        logger.warning("job %s of %s canceled by request: %s", job_id, self._queue, job.state.value)
        with self._record_lock:
            entry = self._record.by_job(job_id)
        if entry is not None and entry.state is DocumentRecordState.SUBMITTED:
            detail = f"job {job_id} canceled by request"
            self._put_quietly(entry.document_id, DocumentRecordState.FAILED, job_id, detail)
        return job

    # ------------------------------------------------------------------ status

    def _poll(self) -> None:
        while True:
            with self._state_lock:
                if not self._running:
                    return
            try:
                self.refresh_status()
            except Exception:
                # The poller must outlive a libcups surprise; the next poll retries.
                logger.exception("document printer status check failed")
            self._wake.wait(self._poll_seconds)

    def _connect(self) -> cups.Connection:
        if self._server is None:
            return cups.Connection()
        return cups.Connection(host=self._server)

    def _read_state(self) -> tuple[DocumentPrinterState, str]:
        """The status now, and a description of the printer behind the queue."""
        try:
            queue = self._connect().getPrinterAttributes(
                self._queue, requested_attributes=_QUEUE_ATTRIBUTES
            )
        except RuntimeError as error:
            where = self._server or cups.getServer()
            return _unknown(f"CUPS at {where} does not answer: {_why(error)}"), ""
        except cups.IPPError as error:
            if error.args and error.args[0] == cups.IPP_NOT_FOUND:
                return _unknown(f"CUPS has no queue {self._queue!r} (lpstat -p lists them)"), ""
            return _unknown(f"CUPS did not report queue {self._queue}: {_why(error)}"), ""
        reasons = _strings(queue.get("printer-state-reasons"))
        queue_state = int(queue.get("printer-state", 0))
        accepting = bool(queue.get("printer-is-accepting-jobs", False))
        device_uri = str(queue.get("device-uri", ""))
        printer = _printer_description(queue, device_uri)
        parts = [
            f"queue {self._queue} {_PRINTER_STATES.get(queue_state, str(queue_state))}",
            "accepting jobs" if accepting else "not accepting jobs",
        ]
        device_state: int | None = None
        device = _ipp_device(device_uri)
        if device is not None:
            answer = self._ask_device(device_uri, *device)
            if isinstance(answer, str):
                reasons.append(OFFLINE_REASON)
                parts.append(answer)
            else:
                device_state = int(answer.get("printer-state", 0))
                device_reasons = _strings(answer.get("printer-state-reasons"))
                reasons.extend(r for r in device_reasons if r not in reasons)
                parts.append(
                    f"printer {_PRINTER_STATES.get(device_state, str(device_state))}"
                    + _message(answer)
                )
        shown = tuple(reason for reason in reasons if reason != "none")
        parts.append("reasons: " + (", ".join(shown) if shown else "none"))
        message = _message(queue).strip("; ")
        if message:
            parts.append(f"message: {message}")
        status = interpret(queue_state, accepting, reasons, device_state=device_state)
        return DocumentPrinterState(status, shown, "; ".join(parts)), printer

    def _ask_device(self, device_uri: str, host: str, port: int, secure: bool) -> Any:
        """The printer's own state attributes, or a sentence saying why there are none."""
        where = f"{host}:{port}"
        try:
            # libcups waits 30 s for a connection; a printer that is off answers nothing.
            with socket.create_connection((host, port), timeout=self._device_timeout):
                pass
        except OSError as error:
            return f"printer at {where} does not answer: {error.strerror or error}"
        encryption = cups.HTTP_ENCRYPT_ALWAYS if secure else cups.HTTP_ENCRYPT_IF_REQUESTED
        try:
            connection = cups.Connection(host=host, port=port, encryption=encryption)
            return connection.getPrinterAttributes(
                uri=device_uri, requested_attributes=_DEVICE_ATTRIBUTES
            )
        except (cups.IPPError, RuntimeError) as error:
            return f"printer at {where} did not report its state: {_why(error)}"

    # ------------------------------------------------------------------ jobs

    def _print(self, document_id: str, pdf: bytes, wait: float) -> DocumentOutcome:
        with self._record_lock:
            entry = self._record.get(document_id)
        if entry is not None and entry.state is DocumentRecordState.COMPLETED:
            return DocumentOutcome(
                document_id,
                True,
                self.status,
                f"already printed (job {entry.job_id})",
                entry.job_id,
                DocumentJobState.COMPLETED,
            )
        if entry is not None and entry.state is DocumentRecordState.SUBMITTED:
            assert entry.job_id is not None
            logger.info("document %s: following job %s, not resending", document_id, entry.job_id)
            return self._follow(document_id, entry.job_id, wait)
        if not pdf.startswith(PDF_MAGIC):
            return DocumentOutcome(document_id, False, self.status, "the document is not a PDF")
        before = self.refresh_status()
        if not before.status.can_print:
            return DocumentOutcome(
                document_id, False, before.status, f"document printer not ready: {before.detail}"
            )
        try:
            connection = self._connect()
            job_id = connection.createJob(self._queue, document_id, {})
        except (cups.IPPError, RuntimeError) as error:
            return DocumentOutcome(
                document_id, False, self.status, f"CUPS refused the job: {_why(error)}"
            )
        try:
            self._put(document_id, DocumentRecordState.SUBMITTED, job_id)
        except OSError as error:
            # Without the record a restart could send a second copy: send nothing.
            self._cancel_quietly(connection, job_id)
            return DocumentOutcome(
                document_id,
                False,
                self.status,
                f"cannot record job {job_id} ({error}); canceled it before sending the document",
                job_id,
            )
        try:
            _send(connection, self._queue, job_id, document_id, pdf)
        except (cups.IPPError, RuntimeError, OSError) as error:
            self._cancel_quietly(connection, job_id)
            detail = f"sending the document to job {job_id} failed: {_why(error)}"
            self._put_quietly(document_id, DocumentRecordState.FAILED, job_id, detail)
            return DocumentOutcome(document_id, False, self.status, detail, job_id)
        logger.info("document %s sent to %s as job %s", document_id, self._queue, job_id)
        return self._follow(document_id, job_id, wait)

    def _follow(self, document_id: str, job_id: int, wait: float) -> DocumentOutcome:
        """Wait for job ``job_id`` to finish, up to ``wait`` seconds, and record its fate."""
        deadline = time.monotonic() + wait
        next_status = time.monotonic() + self._poll_seconds
        while True:
            try:
                attributes = self._connect().getJobAttributes(
                    job_id, requested_attributes=_JOB_ATTRIBUTES
                )
            except cups.IPPError as error:
                if error.args and error.args[0] == cups.IPP_NOT_FOUND:
                    detail = (
                        f"job {job_id} is no longer in CUPS's job history, so whether it "
                        "printed is unknown — check the printer before printing it again"
                    )
                    self._put_quietly(document_id, DocumentRecordState.FAILED, job_id, detail)
                    return DocumentOutcome(document_id, False, self.status, detail, job_id)
                return self._lost(document_id, job_id, error)
            except RuntimeError as error:
                return self._lost(document_id, job_id, error)
            job = _job(job_id, attributes)
            if job.state is DocumentJobState.COMPLETED:
                self._put_quietly(document_id, DocumentRecordState.COMPLETED, job_id)
                return DocumentOutcome(
                    document_id, True, self.status, f"job {job_id} completed", job_id, job.state
                )
            if job.state.finished:
                detail = f"job {job_id} {job.state.value}{_job_why(job)}"
                self._put_quietly(document_id, DocumentRecordState.FAILED, job_id, detail)
                return DocumentOutcome(document_id, False, self.status, detail, job_id, job.state)
            now = time.monotonic()
            if now >= deadline:
                return DocumentOutcome(
                    document_id,
                    False,
                    self.status,
                    f"job {job_id} still {job.state.value} after {wait:g} s{_job_why(job)}; "
                    "it stays in the queue and may still print — not sent again; "
                    "cancel it in maintenance mode if it is stuck",
                    job_id,
                    job.state,
                )
            if now >= next_status:
                # Paper out or a jam mid-job shows on the screen while the job waits.
                self.refresh_status()
                next_status = now + self._poll_seconds
            time.sleep(min(self._job_poll_seconds, max(0.0, deadline - now)))

    def _lost(self, document_id: str, job_id: int, error: Exception) -> DocumentOutcome:
        return DocumentOutcome(
            document_id,
            False,
            DocumentPrinterStatus.UNKNOWN,
            f"lost contact with CUPS while job {job_id} was queued ({_why(error)}); "
            "it may still print — not sent again",
            job_id,
        )

    def _is_ours(self, attributes: Mapping[str, Any]) -> bool:
        uri = str(attributes.get("job-printer-uri", ""))
        return urlsplit(uri).path == f"/printers/{self._queue}"

    def _put(
        self, document_id: str, state: DocumentRecordState, job_id: int, detail: str = ""
    ) -> DocumentRecordEntry:
        with self._record_lock:
            return self._record.put(document_id, state, job_id, detail)

    def _put_quietly(
        self, document_id: str, state: DocumentRecordState, job_id: int, detail: str = ""
    ) -> None:
        try:
            self._put(document_id, state, job_id, detail)
        except OSError as error:
            logger.error("cannot record document %s as %s: %s", document_id, state.value, error)

    def _cancel_quietly(self, connection: cups.Connection, job_id: int) -> None:
        try:
            connection.cancelJob(job_id)
        except (cups.IPPError, RuntimeError) as error:
            logger.error("cannot cancel job %s after a failure: %s", job_id, _why(error))


def _send(connection: cups.Connection, queue: str, job_id: int, name: str, pdf: bytes) -> None:
    """Stream ``pdf`` into job ``job_id`` as its one and last document."""
    connection.startDocument(queue, job_id, name, "application/pdf", True)
    for start in range(0, len(pdf), _CHUNK):
        chunk = pdf[start : start + _CHUNK]
        status = connection.writeRequestData(chunk, len(chunk))
        if status != _HTTP_CONTINUE:
            raise OSError(f"CUPS stopped taking data (HTTP {status})")
    status = connection.finishDocument(queue)
    if status != cups.IPP_OK:
        raise OSError(f"CUPS did not accept the document: {cups.ippErrorString(status)}")


def _unknown(detail: str) -> DocumentPrinterState:
    return DocumentPrinterState(DocumentPrinterStatus.UNKNOWN, (), detail)


def _why(error: Exception) -> str:
    """An IPPError's message (its args are status and message), or the error's text."""
    if isinstance(error, cups.IPPError) and len(error.args) == 2:
        status, message = error.args
        name = cups.ippErrorString(int(status))
        return name if message in ("", name) else f"{message} ({name})"
    return str(error) or type(error).__name__


def _strings(value: object) -> list[str]:
    if isinstance(value, str):
        return [value]
    if isinstance(value, list | tuple):
        return [str(item) for item in value]
    return []


def _message(attributes: Mapping[str, Any]) -> str:
    message = str(attributes.get("printer-state-message") or "").strip()
    return f" ({message})" if message else ""


def _ipp_device(device_uri: str) -> tuple[str, int, bool] | None:
    """Host, port and whether TLS is needed, for a queue whose device speaks IPP."""
    parts = urlsplit(device_uri)
    if parts.scheme not in ("ipp", "ipps", "http", "https") or not parts.hostname:
        return None
    secure = parts.scheme in ("ipps", "https")
    try:
        port = parts.port
    except ValueError:
        return None
    if port is None:
        port = 443 if parts.scheme == "https" else 631
    return parts.hostname, port, secure


def _printer_description(queue: Mapping[str, Any], device_uri: str) -> str:
    """Model and device URI without any user name or password in it."""
    parts = urlsplit(device_uri)
    if parts.username or parts.password:
        netloc = parts.hostname or ""
        if parts.port:
            netloc += f":{parts.port}"
        device_uri = parts._replace(netloc=netloc).geturl()
    model = str(queue.get("printer-make-and-model") or "").strip()
    return ", ".join(part for part in (model, device_uri) if part)


def _job(job_id: int, attributes: Mapping[str, Any]) -> DocumentJob:
    state = _JOB_STATES.get(int(attributes.get("job-state", 0)), DocumentJobState.PENDING)
    return DocumentJob(
        job_id=job_id,
        name=str(attributes.get("job-name") or ""),
        state=state,
        reasons=tuple(r for r in _strings(attributes.get("job-state-reasons")) if r != "none"),
        detail=str(attributes.get("job-printer-state-message") or "").strip(),
        created=float(attributes.get("time-at-creation") or 0),
    )


def _job_why(job: DocumentJob) -> str:
    words = [part for part in (job.detail, ", ".join(job.reasons)) if part]
    return f": {'; '.join(words)}" if words else ""
