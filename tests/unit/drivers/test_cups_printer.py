"""The CUPS document printer against a real cupsd from Debian, started by the tests.

cups-pdf queues stand in for a printer whose output can be read back (pdftotext);
ippeveprinter is an IPP Everywhere printer on loopback whose paper and toner the tests
set through its web forms, behind a driverless queue as installers make them.
"""

from __future__ import annotations

import stat
import threading
import time
import uuid
from pathlib import Path

import pytest

from drivers.base import (
    DocumentJobState,
    DocumentOutcome,
    DocumentPrinted,
    DocumentPrintError,
    DocumentPrinterStatus,
    DocumentPrinterStatusChanged,
)
from drivers.cups_printer import CupsDocumentPrinter, interpret
from drivers.document_record import RECORD_FILE
from tests.helpers.cups import (
    CupsServer,
    IppEvePrinter,
    cups_pdf_output,
    cups_server,  # noqa: F401 (fixture)
    ippeveprinter,  # noqa: F401 (fixture)
    pdf_queue,  # noqa: F401 (fixture)
    pdf_text,
    remove_cups_pdf_output,
)
from tests.helpers.pdf import text_pdf

LETTER = [
    "SURAT KETERANGAN DOMISILI",
    "Nomor: 470/123/429.501.01/2026",
    "NIK: 3510014107900002",
    "Kepala Desa Kemiren",
]


def unique(prefix: str) -> str:
    return f"{prefix}-{uuid.uuid4().hex[:10]}"


def driver(server: CupsServer, queue: str, state: Path, **options: float) -> CupsDocumentPrinter:
    return CupsDocumentPrinter(
        queue, state_dir=state, server=server.socket, job_poll_seconds=0.2, **options
    )


@pytest.fixture
def a4(
    cups_server: CupsServer,  # noqa: F811
    ippeveprinter: IppEvePrinter,  # noqa: F811
    tmp_path: Path,
) -> CupsDocumentPrinter:
    """The driver on a driverless queue for the simulated IPP Everywhere printer."""
    queue = unique("kiosk-a4")
    cups_server.add_everywhere_queue(queue, ippeveprinter.uri)
    return driver(cups_server, queue, tmp_path / "state", device_timeout=1.0)


def print_in_background(
    printer: CupsDocumentPrinter, document: str, timeout: float
) -> tuple[threading.Thread, list[DocumentOutcome]]:
    """Start printing ``document`` on a thread; return once its job is in the queue."""
    outcomes: list[DocumentOutcome] = []
    worker = threading.Thread(
        target=lambda: outcomes.append(
            printer.print_document(document, text_pdf(LETTER), timeout=timeout)
        )
    )
    worker.start()
    deadline = time.monotonic() + 20
    while not printer.jobs() and time.monotonic() < deadline:
        time.sleep(0.1)
    return worker, outcomes


def test_a_letter_prints_on_cups_pdf_with_its_text_and_cups_keeps_no_copy(
    cups_server: CupsServer,  # noqa: F811
    pdf_queue: str,  # noqa: F811
    tmp_path: Path,
) -> None:
    printer = driver(cups_server, pdf_queue, tmp_path / "state")
    events: list[object] = []
    printer.subscribe(events.append)
    assert printer.refresh_status().status is DocumentPrinterStatus.READY
    assert f"queue {pdf_queue} idle" in printer.status_detail
    document = unique("letter")
    try:
        outcome = printer.print_document(document, text_pdf(LETTER))
        assert outcome.ok, outcome.detail + cups_server.log[-1500:]
        assert outcome.job_state is DocumentJobState.COMPLETED
        assert outcome.detail == f"job {outcome.job_id} completed"
        # cups-pdf re-renders what it gets (Ghostscript), so the text is what is compared.
        text = pdf_text(cups_pdf_output(document))
        for line in LETTER:
            assert line in text
    finally:
        remove_cups_pdf_output(document)
    assert DocumentPrinted(document, True, outcome.detail) in events
    # PreserveJobFiles No: the letter (full NIK) is gone from CUPS's spool once printed.
    deadline = time.monotonic() + 10
    while cups_server.spooled_documents() and time.monotonic() < deadline:
        time.sleep(0.2)
    assert cups_server.spooled_documents() == []
    # ... while the job history, which "completed" is read from, stays.
    finished = printer.jobs(finished=True)
    assert [(job.job_id, job.name, job.state) for job in finished] == [
        (outcome.job_id, document, DocumentJobState.COMPLETED)
    ]
    assert printer.jobs() == []


def test_the_record_survives_a_restart_so_a_printed_letter_never_prints_twice(
    cups_server: CupsServer,  # noqa: F811
    pdf_queue: str,  # noqa: F811
    tmp_path: Path,
) -> None:
    state = tmp_path / "data" / "document_printer"
    document = unique("letter")
    try:
        first = driver(cups_server, pdf_queue, state).print_document(document, text_pdf(LETTER))
        assert first.ok, first.detail
        cups_pdf_output(document)
    finally:
        remove_cups_pdf_output(document)
    assert stat.S_IMODE(state.stat().st_mode) == 0o700
    assert stat.S_IMODE((state / RECORD_FILE).stat().st_mode) == 0o600
    assert document in (state / RECORD_FILE).read_text()
    assert "NIK" not in (state / RECORD_FILE).read_text()

    restarted = driver(cups_server, pdf_queue, state)
    again = restarted.print_document(document, text_pdf(LETTER))
    assert again.ok
    assert again.detail == f"already printed (job {first.job_id})"
    assert [job.job_id for job in restarted.jobs(finished=True)] == [first.job_id]


def test_a_disabled_queue_is_stopped_and_its_print_fails_without_a_job(
    cups_server: CupsServer,  # noqa: F811
    pdf_queue: str,  # noqa: F811
    tmp_path: Path,
) -> None:
    cups_server.disable(pdf_queue)
    printer = driver(cups_server, pdf_queue, tmp_path / "state")
    state = printer.refresh_status()
    assert state.status is DocumentPrinterStatus.STOPPED
    assert "paused" in state.reasons
    assert f"queue {pdf_queue} stopped" in state.detail
    outcome = printer.print_document(unique("letter"), text_pdf(LETTER))
    assert not outcome.ok
    assert outcome.status is DocumentPrinterStatus.STOPPED
    assert outcome.detail.startswith("document printer not ready: ")
    assert outcome.job_id is None
    assert printer.jobs(finished=True) == []


def test_a_rejecting_queue_is_not_accepting_and_its_print_fails(
    cups_server: CupsServer,  # noqa: F811
    pdf_queue: str,  # noqa: F811
    tmp_path: Path,
) -> None:
    cups_server.reject(pdf_queue)
    printer = driver(cups_server, pdf_queue, tmp_path / "state")
    assert printer.refresh_status().status is DocumentPrinterStatus.NOT_ACCEPTING
    assert "not accepting jobs" in printer.status_detail
    outcome = printer.print_document(unique("letter"), text_pdf(LETTER))
    assert not outcome.ok
    assert outcome.status is DocumentPrinterStatus.NOT_ACCEPTING
    assert printer.jobs(finished=True) == []


def test_no_answer_is_unknown_never_ready(cups_server: CupsServer, tmp_path: Path) -> None:  # noqa: F811
    missing = driver(cups_server, "no-such-queue", tmp_path / "a")
    state = missing.refresh_status()
    assert state.status is DocumentPrinterStatus.UNKNOWN
    assert state.detail == "CUPS has no queue 'no-such-queue' (lpstat -p lists them)"
    silent = CupsDocumentPrinter("A4", state_dir=tmp_path / "b", server=str(tmp_path / "no.sock"))
    state = silent.refresh_status()
    assert state.status is DocumentPrinterStatus.UNKNOWN
    assert state.detail.startswith(f"CUPS at {tmp_path / 'no.sock'} does not answer")
    outcome = silent.print_document(unique("letter"), text_pdf(LETTER))
    assert not outcome.ok
    assert outcome.status is DocumentPrinterStatus.UNKNOWN
    with pytest.raises(DocumentPrintError, match="cannot list the jobs of A4"):
        silent.jobs()


def test_the_background_poll_reports_a_queue_that_stops(
    cups_server: CupsServer,  # noqa: F811
    pdf_queue: str,  # noqa: F811
    tmp_path: Path,
) -> None:
    printer = driver(cups_server, pdf_queue, tmp_path / "state", poll_seconds=0.2)
    events: list[object] = []
    printer.subscribe(events.append)
    printer.start()
    try:
        deadline = time.monotonic() + 10
        while printer.status is not DocumentPrinterStatus.READY and time.monotonic() < deadline:
            time.sleep(0.05)
        cups_server.disable(pdf_queue)
        while printer.status is not DocumentPrinterStatus.STOPPED and time.monotonic() < deadline:
            time.sleep(0.05)
    finally:
        printer.stop()
    statuses = [e.status for e in events if isinstance(e, DocumentPrinterStatusChanged)]
    assert statuses == [DocumentPrinterStatus.READY, DocumentPrinterStatus.STOPPED]


def test_an_ipp_everywhere_printer_out_of_paper_is_paper_out_until_loaded(
    a4: CupsDocumentPrinter,
    ippeveprinter: IppEvePrinter,  # noqa: F811
) -> None:
    printer = a4
    assert printer.refresh_status().status is DocumentPrinterStatus.READY
    assert ippeveprinter.uri in printer.description

    # An idle CUPS queue does not know its printer's paper: the printer is asked directly.
    ippeveprinter.set_main_tray(0)
    state = printer.refresh_status()
    assert state.status is DocumentPrinterStatus.PAPER_OUT, state.detail
    assert "media-empty-report" in state.reasons
    refused = printer.print_document(unique("letter"), text_pdf(LETTER))
    assert not refused.ok
    assert refused.status is DocumentPrinterStatus.PAPER_OUT
    assert ippeveprinter.received() == []

    ippeveprinter.set_main_tray(250)
    ippeveprinter.set_supplies(supply1=5)
    state = printer.refresh_status()
    assert state.status is DocumentPrinterStatus.TONER_LOW, state.detail
    document = unique("letter")
    outcome = printer.print_document(document, text_pdf(LETTER), timeout=90)
    assert outcome.ok, outcome.detail
    assert outcome.job_state is DocumentJobState.COMPLETED
    (received,) = ippeveprinter.received()
    assert document in received.name
    for line in LETTER:
        assert line in pdf_text(received)


def test_a_printer_that_goes_away_is_offline(
    a4: CupsDocumentPrinter,
    ippeveprinter: IppEvePrinter,  # noqa: F811
) -> None:
    printer = a4
    assert printer.refresh_status().status is DocumentPrinterStatus.READY
    ippeveprinter.stop()
    state = printer.refresh_status()
    assert state.status is DocumentPrinterStatus.OFFLINE
    assert f"printer at localhost:{ippeveprinter.port} does not answer" in state.detail
    assert not printer.print_document(unique("letter"), text_pdf(LETTER)).ok


def test_a_stuck_job_stays_queued_is_never_resent_and_a_technician_cancels_it(
    a4: CupsDocumentPrinter,
    ippeveprinter: IppEvePrinter,  # noqa: F811
    tmp_path: Path,
) -> None:
    printer = a4
    document = unique("letter")
    worker, outcomes = print_in_background(printer, document, timeout=4)
    ippeveprinter.set_main_tray(0)  # paper runs out mid-job: the printer waits for paper
    worker.join()
    (first,) = outcomes
    assert not first.ok
    assert first.detail.startswith(f"job {first.job_id} still processing after 4 s")
    assert "not sent again" in first.detail

    # Asking again follows the same job: no second copy is queued.
    again = printer.print_document(document, text_pdf(LETTER), timeout=1)
    assert not again.ok
    assert again.job_id == first.job_id
    (stuck,) = printer.jobs()
    assert (stuck.job_id, stuck.name, stuck.state) == (
        first.job_id,
        document,
        DocumentJobState.PROCESSING,
    )

    canceled = printer.cancel_job(stuck.job_id)
    assert canceled.state is DocumentJobState.CANCELED
    assert printer.jobs() == []
    assert '"state":"failed"' in (tmp_path / "state" / RECORD_FILE).read_text().splitlines()[-1]
    with pytest.raises(DocumentPrintError) as missing:
        printer.cancel_job(stuck.job_id + 1000)
    assert str(missing.value) == (
        f"cannot cancel job {stuck.job_id + 1000} of {printer.queue}: client-error-not-found"
    )


def test_a_job_that_completes_after_the_kiosk_stopped_waiting_is_recorded_printed(
    a4: CupsDocumentPrinter,
    ippeveprinter: IppEvePrinter,  # noqa: F811
    cups_server: CupsServer,  # noqa: F811
    tmp_path: Path,
) -> None:
    """The kiosk gave up on a slow job (or stopped while it printed); the job then completed.

    The record still says only "submitted"; the next look at the printed documents (from
    a restarted driver on the same record) asks CUPS, and counts the letter as printed.
    """
    printer = a4
    document = unique("letter")
    worker, outcomes = print_in_background(printer, document, timeout=3)
    ippeveprinter.set_main_tray(0)  # the job waits for paper: the kiosk stops waiting
    worker.join()
    (gave_up,) = outcomes
    assert not gave_up.ok and "still processing" in gave_up.detail
    assert printer.printed_documents() == []

    ippeveprinter.set_main_tray(250)  # paper loaded: the job finishes
    restarted = driver(cups_server, printer.queue, tmp_path / "state", device_timeout=1.0)
    deadline = time.monotonic() + 90
    while not restarted.printed_documents() and time.monotonic() < deadline:
        time.sleep(0.5)
    (printed,) = restarted.printed_documents()
    assert printed.document_id == document
    assert '"state":"completed"' in (tmp_path / "state" / RECORD_FILE).read_text().splitlines()[-1]
    # Printed: asking for it again never queues a second copy.
    again = restarted.print_document(document, text_pdf(LETTER))
    assert again.ok and again.detail == f"already printed (job {gave_up.job_id})"
    (received,) = ippeveprinter.received()
    assert document in received.name


def test_a_job_canceled_while_the_kiosk_waits_is_a_failure(
    a4: CupsDocumentPrinter,
) -> None:
    printer = a4
    worker, outcomes = print_in_background(printer, unique("letter"), timeout=60)
    (job,) = printer.jobs()
    printer.cancel_job(job.job_id)
    worker.join()
    (outcome,) = outcomes
    assert not outcome.ok
    assert outcome.job_state is DocumentJobState.CANCELED
    assert outcome.detail.startswith(f"job {job.job_id} canceled")


@pytest.mark.parametrize(
    ("state", "accepting", "reasons", "status"),
    [
        (3, True, ["none"], DocumentPrinterStatus.READY),
        (4, True, ["cups-waiting-for-job-completed"], DocumentPrinterStatus.READY),
        (3, True, ["media-low-report"], DocumentPrinterStatus.PAPER_LOW),
        (3, True, ["marker-supply-low-warning"], DocumentPrinterStatus.TONER_LOW),
        (4, True, ["media-empty-warning", "media-needed-warning"], DocumentPrinterStatus.PAPER_OUT),
        (5, True, ["media-jam-error"], DocumentPrinterStatus.PAPER_JAM),
        (3, True, ["toner-empty-error"], DocumentPrinterStatus.TONER_OUT),
        (3, True, ["door-open-error", "media-empty-error"], DocumentPrinterStatus.DOOR_OPEN),
        (3, True, ["offline-report"], DocumentPrinterStatus.OFFLINE),
        (3, True, ["cups-missing-filter-warning"], DocumentPrinterStatus.ERROR),
        (3, True, ["other-error"], DocumentPrinterStatus.ERROR),
        (5, True, ["paused"], DocumentPrinterStatus.STOPPED),
        (3, False, ["none"], DocumentPrinterStatus.NOT_ACCEPTING),
        (5, False, ["paused", "toner-low-report"], DocumentPrinterStatus.STOPPED),
        (3, True, ["cups-ipp-conformance-failure-report"], DocumentPrinterStatus.READY),
    ],
)
def test_ipp_reasons_mean_the_most_pressing_status(state, accepting, reasons, status) -> None:
    assert interpret(state, accepting, reasons) is status
