"""A real ESC/POS receipt printer over USB, serial, TCP or a device file, through python-escpos.

The printer is where kiosks fail most in the field, so this adapter trusts only
what the printer answers:

- Status comes from the real-time requests ``DLE EOT 1``, ``2`` and ``4`` (and
  ``3`` for an unexplained error), read here with a deadline. python-escpos's own
  ``paper_status()`` reports "adequate" when nothing answers; here no reply, a short
  or malformed reply or a timeout is ``UNKNOWN``, with the reason.
- A background thread polls every ``poll_seconds`` and emits ``PrinterStatusChanged``
  when the status or its reason changes. One lock serialises status requests and
  jobs on the connection, so a reply is never read by the wrong party.
- ``print_receipt`` checks the status, sends the whole job in one write, then sends
  ``GS r 1``: the printer answers it only after it has processed everything before
  it, so its reply confirms the job went through. Then it reads the status again.
  Only a job confirmed this way, on a printer still able to print, is reported ok
  and recorded as printed.
- A job whose connection drops, or that the printer does not confirm, is never sent
  again automatically (the paper may already be out): it fails with a detail asking
  for a deliberate reprint, and the kiosk keeps the receipt pending.
- The ids of printed jobs are appended (and fsynced) to a small file in
  ``state_dir``, so asking again for a printed job, after a reconnect or a restart,
  prints nothing.
- On a connection error the device is closed and reported ``UNKNOWN``; the next
  poll or job opens it again.
"""

from __future__ import annotations

import abc
import errno
import logging
import os
import re
import select
import socket
import threading
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from drivers.base import (
    DeviceEvent,
    Printer,
    PrintError,
    PrinterStatus,
    PrinterStatusChanged,
    PrintOutcome,
    ReceiptPrinted,
)
from drivers.escpos_render import receipt_bytes
from drivers.files import open_private_append, sync_folder, write_private
from drivers.printer_uri import PrinterKind, PrinterTarget
from drivers.receipt import Receipt

logger = logging.getLogger("drivers.escpos")

# python-escpos is imported after drivers.escpos_render, which points it at a
# persistent capabilities cache (an import otherwise re-parses it, 0.35 s).
from escpos.exceptions import Error as EscposError  # noqa: E402
from escpos.printer import File, Network, Serial, Usb  # noqa: E402

#: The detail of a job whose connection failed after its first byte was sent.
CONNECTION_LOST = (
    "connection lost during printing; the receipt may be incomplete — reprint only after checking"
)

#: How many printed job ids the record keeps (the file is compacted at twice this).
PRINTED_JOBS_KEPT = 10_000

PRINTED_JOBS_FILE = "printed-jobs.txt"

_JOB_ID = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]{0,127}")

# Real-time status requests (DLE EOT n) and their replies, from Epson's ESC/POS
# reference. Every reply is 0b0xx1xx10: bits 1 and 4 set, bits 0 and 7 clear.
_DLE_EOT = b"\x10\x04"
_DLE_EOT_MASK, _DLE_EOT_FIXED = 0b1001_0011, 0b0001_0010
_OFFLINE = 0x08  # n=1
_COVER_OPEN, _BUTTON_FEED, _PAPER_STOPPED, _ERROR = 0x04, 0x08, 0x20, 0x40  # n=2
_CUTTER_ERROR, _UNRECOVERABLE, _AUTO_RECOVERABLE = 0x08, 0x20, 0x40  # n=3
_NEAR_END, _PAPER_END = 0x0C, 0x60  # n=4
# GS r 1 (paper sensor status) is processed in order with the data; its reply has
# bits 4 and 7 clear, which also tells it apart from a late DLE EOT reply.
_GS_R_PAPER = b"\x1dr\x01"
_GS_R_MASK, _GS_R_FIXED = 0b1001_0000, 0

_READ_SIZE = 64


@dataclass(frozen=True)
class StatusReport:
    """One reading of the printer: its status and the exact reason, for technicians."""

    status: PrinterStatus
    detail: str


class _LinkLostError(Exception):
    """The connection could not be opened, or broke."""


class _NoReplyError(Exception):
    """The printer did not answer a request in time."""


class _Link(abc.ABC):
    """An open connection: python-escpos writes, this class reads with a deadline.

    python-escpos's reads block (serial, USB) or return whatever is there (network),
    so status replies are read here, per transport, with ``select`` or a timeout.
    """

    def __init__(self, printer: Any) -> None:
        self.printer = printer

    def open(self) -> None:
        """Open the device (python-escpos raises its DeviceNotFoundError on failure)."""
        self.printer.open()

    def write(self, data: bytes) -> None:
        """Send ``data`` as one write (python-escpos's transport hook)."""
        self.printer._raw(data)

    @abc.abstractmethod
    def read(self, timeout: float) -> bytes:
        """Return what the printer sent, waiting up to ``timeout`` s; b"" if nothing came.

        Raises:
            OSError: If the connection is gone.

        """

    def close(self) -> None:
        """Release the device; python-escpos ignores a second call."""
        self.printer.close()


class _TcpLink(_Link):
    def open(self) -> None:
        super().open()
        # Status requests are tiny writes awaiting a reply: without TCP_NODELAY, Nagle's
        # algorithm holds one back until the job's last segment is acknowledged (40 ms).
        self.printer.device.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)

    def read(self, timeout: float) -> bytes:
        sock = self.printer.device
        ready, _, _ = select.select([sock], [], [], timeout)
        if not ready:
            return b""
        data: bytes = sock.recv(_READ_SIZE)
        if not data:
            raise ConnectionError("the printer closed the connection")
        return data


class _SerialLink(_Link):
    def read(self, timeout: float) -> bytes:
        port = self.printer.device
        # select, not pyserial's timeout: changing that reconfigures the port each time.
        ready, _, _ = select.select([port], [], [], timeout)
        if not ready:
            return b""
        data: bytes = port.read(port.in_waiting or 1)
        return data


class _UsbLink(_Link):
    def read(self, timeout: float) -> bytes:
        try:
            data = self.printer.device.read(
                self.printer.in_ep, _READ_SIZE, max(1, round(timeout * 1000))
            )
        except OSError as error:  # pyusb's USBError is an OSError; a timeout has ETIMEDOUT
            if error.errno == errno.ETIMEDOUT:
                return b""
            raise
        return bytes(data)


class _FileLink(_Link):
    """A device file such as usblp's /dev/usb/lp0, opened once for reading and writing.

    usblp allows one open at a time, so python-escpos's write-only open would leave
    no way to read the printer's replies; this link opens the file read-write and
    hands python-escpos the writing side.
    """

    def __init__(self, printer: Any) -> None:
        super().__init__(printer)
        self.descriptor = -1

    def open(self) -> None:
        self.descriptor = os.open(self.printer.devfile, os.O_RDWR | os.O_NOCTTY)
        # python-escpos's File writes to (and closes) this unbuffered stream.
        self.printer.device = open(self.descriptor, "wb", buffering=0)  # noqa: SIM115

    def read(self, timeout: float) -> bytes:
        ready, _, _ = select.select([self.descriptor], [], [], timeout)
        if not ready:
            return b""
        data = os.read(self.descriptor, _READ_SIZE)
        if not data:
            # End of file: a plain file never answers, so it waits out the timeout too.
            time.sleep(timeout)
        return data


def _open_link(target: PrinterTarget, write_timeout: float, reply_timeout: float) -> _Link:
    """Build and open the python-escpos printer for ``target``, wrapped in its link."""
    options = {"profile": target.profile}
    link: _Link
    if target.kind is PrinterKind.TCP:
        link = _TcpLink(Network(target.host, target.port, timeout=write_timeout, **options))
    elif target.kind is PrinterKind.SERIAL:
        link = _SerialLink(
            Serial(target.device, baudrate=target.baudrate, timeout=reply_timeout, **options)
        )
    elif target.kind is PrinterKind.USB:
        if not Usb.is_usable():
            # Checked first: a python-escpos Usb built without pyusb raises again when collected.
            raise RuntimeError("usb:// needs pyusb and libusb-1.0, and pyusb is not installed")
        endpoints = {
            name: value
            for name, value in (("in_ep", target.in_endpoint), ("out_ep", target.out_endpoint))
            if value is not None
        }
        link = _UsbLink(
            Usb(
                target.vendor_id,
                target.product_id,
                timeout=round(write_timeout * 1000),
                **endpoints,
                **options,
            )
        )
    elif target.kind is PrinterKind.FILE:
        link = _FileLink(File(target.device, **options))
    else:
        raise ValueError(f"{target.uri}: sim:// is the simulated printer, not an ESC/POS device")
    link.open()
    return link


class _PrintedJobs:
    """Ids of printed jobs, in an append-only file so neither a reconnect nor a restart reprints.

    One id per line, fsynced after each append. A line cut short by a crash has no
    newline and is ignored. The file is rewritten with the newest ``limit`` ids
    once it holds twice as many.
    """

    def __init__(self, path: Path, limit: int) -> None:
        self._path = path
        self._limit = limit
        self._ids: dict[str, None] = {}
        self._lines = 0
        self._torn = False
        try:
            content = path.read_bytes()
        except FileNotFoundError:
            return
        *lines, tail = content.split(b"\n")
        for line in lines:
            job_id = line.decode("ascii", errors="replace")
            if _JOB_ID.fullmatch(job_id):
                self._remember(job_id)
        self._lines = len(lines)
        self._torn = tail != b""

    def __contains__(self, job_id: str) -> bool:
        return job_id in self._ids

    def add(self, job_id: str) -> None:
        """Remember ``job_id``, in memory at once and then on disk.

        Raises:
            OSError: If the file cannot be written; the id is still remembered
                until the process ends.

        """
        self._remember(job_id)
        created = not self._path.exists()
        with os.fdopen(open_private_append(self._path), "ab") as stream:
            stream.write((b"\n" if self._torn else b"") + job_id.encode("ascii") + b"\n")
            stream.flush()
            os.fsync(stream.fileno())
        self._torn = False
        self._lines += 1
        if created:
            sync_folder(self._path.parent)
        if self._lines > 2 * self._limit:
            self._compact()

    def _remember(self, job_id: str) -> None:
        self._ids[job_id] = None
        while len(self._ids) > self._limit:
            del self._ids[next(iter(self._ids))]

    def _compact(self) -> None:
        write_private(self._path, b"".join(job_id.encode("ascii") + b"\n" for job_id in self._ids))
        self._lines = len(self._ids)


def _interpret(printer: int, offline_cause: int, paper: int) -> StatusReport | None:
    """Status from DLE EOT 1, 2 and 4 replies; None when offline for another reason."""
    if offline_cause & _COVER_OPEN:
        return StatusReport(PrinterStatus.COVER_OPEN, "cover open")
    if paper & _PAPER_END or offline_cause & _PAPER_STOPPED:
        return StatusReport(PrinterStatus.PAPER_OUT, "paper out")
    if printer & _OFFLINE or offline_cause & _ERROR:
        return None
    if paper & _NEAR_END:
        return StatusReport(PrinterStatus.PAPER_NEAR_END, "paper near end")
    return StatusReport(PrinterStatus.ONLINE, "online")


def _offline_reason(offline_cause: int, error_cause: int) -> str:
    """Words for an offline printer whose cover is shut and paper loaded (DLE EOT 2 and 3)."""
    reasons = [
        words
        for bit, words in (
            (_CUTTER_ERROR, "autocutter error"),
            (_UNRECOVERABLE, "unrecoverable error"),
            (_AUTO_RECOVERABLE, "auto-recoverable error (e.g. print head too hot)"),
        )
        if error_cause & bit
    ]
    if offline_cause & _BUTTON_FEED:
        reasons.append("paper is being fed with the feed button")
    return "offline: " + ("; ".join(reasons) if reasons else "no cause reported")


class EscposPrinter(Printer):
    """An ESC/POS printer reached through python-escpos; thread-safe, one job at a time."""

    def __init__(
        self,
        target: PrinterTarget,
        *,
        state_dir: Path,
        poll_seconds: float = 2.0,
        reply_timeout: float = 1.0,
        job_timeout: float = 15.0,
        write_timeout: float = 10.0,
    ) -> None:
        """Create a stopped printer; nothing is opened until ``start`` or a job.

        Args:
            target: The parsed printer URI (not ``sim://``).
            state_dir: Folder for the record of printed job ids (created on demand).
            poll_seconds: Time between background status checks.
            reply_timeout: How long to wait for each real-time status reply.
            job_timeout: How long the printer may take to process a job and answer
                the ``GS r 1`` that follows it (printing a long receipt takes seconds).
            write_timeout: How long one write (or opening a network connection) may take.

        Raises:
            ValueError: If ``target`` is ``sim://``.
            PrintError: If the record of printed jobs exists but cannot be read.

        """
        super().__init__()
        if target.kind is PrinterKind.SIM:
            raise ValueError(f"{target.uri}: sim:// is the simulated printer, not an ESC/POS one")
        self._target = target
        self._poll_seconds = poll_seconds
        self._reply_timeout = reply_timeout
        self._job_timeout = job_timeout
        self._write_timeout = write_timeout
        record = Path(state_dir) / PRINTED_JOBS_FILE
        try:
            self._printed = _PrintedJobs(record, PRINTED_JOBS_KEPT)
        except OSError as error:
            raise PrintError(f"cannot read the printed-jobs record {record}: {error}") from error
        self._io = threading.Lock()
        self._link: _Link | None = None
        self._state_lock = threading.Lock()
        self._report = StatusReport(PrinterStatus.UNKNOWN, "not started")
        self._running = False
        self._wake = threading.Event()
        self._poller: threading.Thread | None = None

    @property
    def description(self) -> str:
        """Address, profile, width and QR mode, for the technician screen."""
        target = self._target
        qr = "native QR" if target.native_qr else "QR as image"
        return (
            f"ESC/POS printer, {target.address}, profile {target.profile}, "
            f"{target.dot_width} dots, {qr}"
        )

    @property
    def dot_width(self) -> int:
        """The width receipts are rendered at."""
        return self._target.dot_width

    @property
    def status(self) -> PrinterStatus:
        """The status from the last reply (or the lack of one)."""
        return self.report.status

    @property
    def report(self) -> StatusReport:
        """The last status and its reason."""
        with self._state_lock:
            return self._report

    def start(self) -> None:
        """Start the background status poll; the first check runs at once."""
        with self._state_lock:
            if self._running:
                logger.debug("escpos printer already started")
                return
            self._running = True
            self._wake.clear()
            self._poller = threading.Thread(
                target=self._poll, name="escpos-printer-poll", daemon=True
            )
        logger.info("escpos printer started: %s", self.description)
        self._poller.start()

    def stop(self) -> None:
        """Stop polling and close the device; safe to call twice."""
        with self._state_lock:
            poller, self._poller = self._poller, None
            self._running = False
        self._wake.set()
        if poller is not None:
            poller.join()
        with self._io:
            self._close_link()
        logger.info("escpos printer stopped: %s", self._target.address)

    @property
    def status_detail(self) -> str:
        """The exact reason behind the last status (no reply, cover open, ...)."""
        return self.report.detail

    def refresh_status(self) -> StatusReport:
        """Ask the printer for its status now; emits PrinterStatusChanged if it changed."""
        events: list[DeviceEvent] = []
        with self._io:
            report = self._query(events)
        self._emit_all(events)
        return report

    def print_receipt(self, job_id: str, receipt: Receipt) -> PrintOutcome:
        """Print ``receipt`` once, confirmed by the printer; a job id already printed is skipped.

        Raises:
            ValueError: If ``job_id`` is not a safe single-line id (letters, digits,
                ".", "_" and "-", starting with a letter or digit).

        """
        if not _JOB_ID.fullmatch(job_id):
            raise ValueError(f"job id {job_id!r} is not a safe single-line id")
        events: list[DeviceEvent] = []
        with self._io:
            if job_id in self._printed:
                logger.info("job %s already printed, not printing it again", job_id)
                return PrintOutcome(job_id, True, self.status, "already printed")
            with self._state_lock:
                running = self._running
            if running:
                outcome = self._print(job_id, receipt, events)
            else:
                outcome = PrintOutcome(job_id, False, self.status, "printer not started")
        if outcome.ok:
            logger.info("job %s printed: %s", job_id, outcome.detail)
        else:
            logger.warning("job %s not printed: %s", job_id, outcome.detail)
        events.append(ReceiptPrinted(job_id, outcome.ok, outcome.detail))
        self._emit_all(events)
        return outcome

    def _poll(self) -> None:
        while True:
            with self._state_lock:
                if not self._running:
                    return
            try:
                self.refresh_status()
            except Exception:
                # The poller must outlive a python-escpos surprise; the next poll retries.
                logger.exception("printer status check failed")
            self._wake.wait(self._poll_seconds)

    def _print(self, job_id: str, receipt: Receipt, events: list[DeviceEvent]) -> PrintOutcome:
        target = self._target
        try:
            data = receipt_bytes(
                receipt, target.dot_width, native_qr=target.native_qr, profile=target.profile
            )
        except ValueError as error:
            return PrintOutcome(job_id, False, self.status, f"cannot render the receipt: {error}")
        before = self._query(events)
        if not before.status.can_print:
            return PrintOutcome(job_id, False, before.status, f"printer not ready: {before.detail}")
        link = self._link
        if link is None:
            return PrintOutcome(job_id, False, before.status, "printer not ready: not connected")
        try:
            try:
                link.write(data)
            except (OSError, EscposError) as error:
                raise _LinkLostError(f"connection lost: {error}") from error
            self._ask(link, _GS_R_PAPER, "GS r 1", _GS_R_MASK, _GS_R_FIXED, self._job_timeout)
        except _LinkLostError as error:
            self._close_link()
            self._record(StatusReport(PrinterStatus.UNKNOWN, str(error)), events)
            return PrintOutcome(job_id, False, PrinterStatus.UNKNOWN, CONNECTION_LOST)
        except _NoReplyError as error:
            after = self._query(events)
            return PrintOutcome(
                job_id,
                False,
                after.status,
                f"the printer did not confirm the job ({error}; now: {after.detail}); "
                "the receipt may be incomplete — reprint only after checking",
            )
        after = self._query(events)
        if not after.status.can_print:
            return PrintOutcome(
                job_id,
                False,
                after.status,
                f"printer reports {after.detail} after the job; the receipt may be "
                "incomplete — reprint only after checking",
            )
        detail = f"printed, {len(data)} bytes"
        try:
            self._printed.add(job_id)
        except OSError as error:
            logger.error("cannot record job %s as printed: %s", job_id, error)
            detail += f" (not recorded on disk, a restart could print it again: {error})"
        return PrintOutcome(job_id, True, after.status, detail)

    def _query(self, events: list[DeviceEvent]) -> StatusReport:
        """Read the status (opening the device if needed) and record it; the I/O lock is held."""
        while True:
            fresh = self._link is None
            try:
                report = self._read_status(self._connect())
            except _LinkLostError as error:
                self._close_link()
                report = StatusReport(PrinterStatus.UNKNOWN, str(error))
                if not fresh:
                    # An old connection can be dead while the printer is fine (it was
                    # switched off and on): nothing was sent yet, so try a new one.
                    continue
            except _NoReplyError as error:
                # The connection may be half-dead: the next request starts afresh.
                self._close_link()
                report = StatusReport(PrinterStatus.UNKNOWN, str(error))
            self._record(report, events)
            return report

    def _connect(self) -> _Link:
        if self._link is not None:
            return self._link
        try:
            self._link = _open_link(self._target, self._write_timeout, self._reply_timeout)
        except (EscposError, OSError, RuntimeError, ValueError) as error:
            # RuntimeError: usb:// without pyusb; ValueError: pyusb without libusb
            # (its NoBackendError), or a serial setting the port refuses.
            reason = " ".join(str(error).split())
            raise _LinkLostError(f"cannot open {self._target.address}: {reason}") from error
        logger.info("connected to %s", self._target.address)
        return self._link

    def _read_status(self, link: _Link) -> StatusReport:
        def ask(n: int) -> int:
            request = _DLE_EOT + bytes((n,))
            return self._ask(
                link, request, f"DLE EOT {n}", _DLE_EOT_MASK, _DLE_EOT_FIXED, self._reply_timeout
            )

        printer, offline_cause, paper = ask(1), ask(2), ask(4)
        report = _interpret(printer, offline_cause, paper)
        if report is None:
            report = StatusReport(PrinterStatus.UNKNOWN, _offline_reason(offline_cause, ask(3)))
        return report

    def _ask(
        self, link: _Link, request: bytes, name: str, mask: int, fixed: int, timeout: float
    ) -> int:
        """Send ``request`` and return the first reply byte with the ``fixed`` bits under ``mask``.

        Bytes already waiting (a reply that came too late, or one the printer sent
        by itself) are discarded first, and so are bytes of the wrong shape.

        Raises:
            _LinkLostError: If the connection broke.
            _NoReplyError: If no such byte came within ``timeout`` seconds.

        """
        try:
            stale = link.read(0)
            while stale:
                logger.debug("discarding %s before %s", stale.hex(" "), name)
                stale = link.read(0)
            link.write(request)
            deadline = time.monotonic() + timeout
            while (remaining := deadline - time.monotonic()) > 0:
                for byte in link.read(remaining):
                    if byte & mask == fixed:
                        return byte
                    logger.debug("discarding 0x%02x while waiting for a reply to %s", byte, name)
        except (OSError, EscposError) as error:
            raise _LinkLostError(f"connection lost: {error}") from error
        raise _NoReplyError(f"no reply to {name} within {timeout:.1f} s")

    def _close_link(self) -> None:
        link, self._link = self._link, None
        if link is None:
            return
        try:
            link.close()
        except (EscposError, OSError) as error:
            logger.debug("closing %s: %s", self._target.address, error)

    def _record(self, report: StatusReport, events: list[DeviceEvent]) -> None:
        with self._state_lock:
            changed = report != self._report
            self._report = report
        if changed:
            logger.info("printer %s: %s", report.status.value, report.detail)
            events.append(PrinterStatusChanged(report.status, report.detail))

    def _emit_all(self, events: list[DeviceEvent]) -> None:
        for event in events:
            self._emit(event)
