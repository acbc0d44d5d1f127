"""The simulated document printer, the stand-in for none, the URI registry and the A4 page."""

from __future__ import annotations

import datetime as dt
import shutil
import stat
import subprocess
from pathlib import Path

import pytest
from PIL import Image

from drivers.base import (
    DocumentJobState,
    DocumentPrinted,
    DocumentPrintError,
    DocumentPrinterStatus,
    DocumentPrinterStatusChanged,
)
from drivers.document_printer import NoDocumentPrinter
from drivers.document_record import DocumentRecord, DocumentRecordState
from drivers.document_render import a4_pdf
from drivers.registry import DriverConfigError, make_document_printer
from drivers.simulated.document_printer import SimulatedDocumentPrinter
from kiosk.config import KioskSection
from kiosk.receipts import print_test_page
from tests.helpers.pdf import text_pdf

needs_poppler = pytest.mark.skipif(
    shutil.which("pdftoppm") is None, reason="poppler-utils is not installed"
)


@needs_poppler
def test_the_simulator_writes_the_pdf_and_a_png_of_its_first_page_privately(
    tmp_path: Path,
) -> None:
    spool = tmp_path / "documents"
    printer = SimulatedDocumentPrinter(spool)
    events: list[object] = []
    printer.subscribe(events.append)
    printer.start()
    pdf = text_pdf(["SURAT KETERANGAN", "NIK: 3510014107900002"])
    outcome = printer.print_document("letter-1", pdf)
    assert outcome.ok, outcome.detail
    assert outcome.job_state is DocumentJobState.COMPLETED
    assert (spool / "letter-1.pdf").read_bytes() == pdf
    with Image.open(spool / "letter-1.png") as page:
        assert page.size == (827, 1170)  # A4 (595 x 842 pt) at 100 dpi
        assert page.convert("L").getextrema()[0] < 128  # the text is on it
    assert stat.S_IMODE(spool.stat().st_mode) == 0o700
    for name in ("letter-1.pdf", "letter-1.png"):
        assert stat.S_IMODE((spool / name).stat().st_mode) == 0o600
    assert sorted(path.name for path in spool.iterdir()) == ["letter-1.pdf", "letter-1.png"]
    again = printer.print_document("letter-1", pdf)
    assert again.ok and again.detail == "already printed"
    assert events[0] == DocumentPrinterStatusChanged(DocumentPrinterStatus.READY, "simulated")
    assert DocumentPrinted("letter-1", True, outcome.detail) in events
    # What it printed, as the letter flow reads it at start (a new simulator: a restart).
    (printed,) = SimulatedDocumentPrinter(spool).printed_documents()
    assert printed.document_id == "letter-1"
    assert printed.at == (spool / "letter-1.pdf").stat().st_mtime


@needs_poppler
def test_the_simulator_refuses_what_a_printer_would_not_print(tmp_path: Path) -> None:
    printer = SimulatedDocumentPrinter(tmp_path / "documents")
    printer.start()
    assert printer.print_document("a", b"hello").detail == "the document is not a PDF"
    broken = printer.print_document("b", b"%PDF-1.4\nnot really\n")
    assert not broken.ok
    assert broken.job_state is DocumentJobState.ABORTED
    assert broken.detail.startswith("simulated printer: the PDF cannot be rendered: ")
    printer.set_status(DocumentPrinterStatus.PAPER_OUT, "tray 1 empty")
    out = printer.print_document("c", text_pdf(["x"]))
    assert (out.ok, out.status, out.detail) == (
        False,
        DocumentPrinterStatus.PAPER_OUT,
        "simulated printer: tray 1 empty",
    )
    printer.set_status(DocumentPrinterStatus.READY)
    printer.set_fail_next("job aborted by the printer")
    assert printer.print_document("d", text_pdf(["x"])).detail == "job aborted by the printer"
    assert printer.print_document("d", text_pdf(["x"])).ok
    assert not (tmp_path / "documents" / "a.pdf").exists()
    with pytest.raises(ValueError, match="not a safe single-line id"):
        printer.print_document("../etc/passwd", text_pdf(["x"]))
    assert printer.jobs() == []
    with pytest.raises(DocumentPrintError):
        printer.cancel_job(1)


def test_no_document_printer_is_not_configured_and_prints_nothing() -> None:
    printer = NoDocumentPrinter()
    printer.start()
    assert printer.status is DocumentPrinterStatus.NOT_CONFIGURED
    assert not printer.status.can_print
    outcome = printer.print_document("letter-1", text_pdf(["x"]))
    assert not outcome.ok
    assert outcome.detail == "no document printer configured ([document_printer] uri is empty)"
    assert printer.jobs() == []
    assert printer.printed_documents() == []


def test_the_registry_builds_each_document_printer(tmp_path: Path) -> None:
    assert isinstance(make_document_printer("", data_dir=tmp_path), NoDocumentPrinter)
    simulated = make_document_printer("sim://docs", data_dir=tmp_path)
    assert isinstance(simulated, SimulatedDocumentPrinter)
    assert simulated.spool_dir == tmp_path / "docs"
    absolute = make_document_printer(f"sim://{tmp_path}/abs", data_dir=tmp_path / "x")
    assert isinstance(absolute, SimulatedDocumentPrinter)
    assert absolute.spool_dir == tmp_path / "abs"
    from drivers.cups_printer import CupsDocumentPrinter

    queue = make_document_printer("cups://Kantor_A4", data_dir=tmp_path)
    assert isinstance(queue, CupsDocumentPrinter)
    assert queue.queue == "Kantor_A4"
    assert queue.description.startswith("CUPS queue Kantor_A4 on ")


@pytest.mark.parametrize(
    ("uri", "message"),
    [
        (
            "ipp://10.0.0.5/ipp/print",
            "document_printer uri 'ipp://10.0.0.5/ipp/print': unsupported scheme 'ipp'; "
            "this build supports: cups://, sim://",
        ),
        (
            "cups://A4/tray2",
            "document_printer uri 'cups://A4/tray2': expected cups://QUEUE, a CUPS queue name "
            "of letters, digits, '.', '_' and '-' (lpstat -p lists them)",
        ),
        (
            "cups://A4?copies=2",
            "document_printer uri 'cups://A4?copies=2': takes no parameters or fragment",
        ),
    ],
)
def test_bad_document_printer_uris_get_exact_messages(
    tmp_path: Path, uri: str, message: str
) -> None:
    with pytest.raises(DriverConfigError) as error:
        make_document_printer(uri, data_dir=tmp_path)
    assert str(error.value) == message


def test_the_record_keeps_the_last_state_and_ignores_a_torn_line(tmp_path: Path) -> None:
    record = DocumentRecord(tmp_path / "state")
    record.put("letter-1", DocumentRecordState.SUBMITTED, 7)
    record.put("letter-1", DocumentRecordState.COMPLETED, 7)
    record.put("letter-2", DocumentRecordState.SUBMITTED, 8)
    with record.path.open("ab") as stream:
        stream.write(b'{"document":"letter-3","sta')  # a crash mid-write
    reread = DocumentRecord(tmp_path / "state")
    assert reread.get("letter-1").state is DocumentRecordState.COMPLETED  # type: ignore[union-attr]
    assert reread.by_job(8).document_id == "letter-2"  # type: ignore[union-attr]
    assert reread.get("letter-3") is None
    reread.put("letter-3", DocumentRecordState.FAILED, 9, "canceled")
    assert DocumentRecord(tmp_path / "state").get("letter-3").detail == "canceled"  # type: ignore[union-attr]
    reread.put("letter-2", DocumentRecordState.COMPLETED, 8)
    completed = DocumentRecord(tmp_path / "state").completed()
    assert [entry.document_id for entry in completed] == ["letter-1", "letter-2"]


def test_the_record_is_compacted_to_its_limit(tmp_path: Path) -> None:
    record = DocumentRecord(tmp_path, limit=3)
    for number in range(8):
        record.put(f"letter-{number}", DocumentRecordState.COMPLETED, number)
    assert len(record.path.read_text().splitlines()) <= 6
    reread = DocumentRecord(tmp_path, limit=3)
    assert reread.get("letter-7") is not None
    assert reread.get("letter-0") is None


@pytest.mark.skipif(shutil.which("zbarimg") is None, reason="zbar-tools is not installed")
@needs_poppler
def test_the_a4_test_page_is_one_a4_page_with_a_readable_qr(tmp_path: Path) -> None:
    kiosk = KioskSection(id="ALM-DESA-07")
    moment = dt.datetime(2026, 11, 24, 9, 30, 5)
    pdf = a4_pdf(print_test_page(kiosk, "CUPS queue A4", moment), title="test")
    (tmp_path / "page.pdf").write_bytes(pdf)
    info = subprocess.run(
        ["pdfinfo", str(tmp_path / "page.pdf")], capture_output=True, text=True, check=True
    ).stdout
    assert "Pages:           1" in info
    assert "(A4)" in info
    subprocess.run(
        ["pdftoppm", "-png", "-r", "150", "-singlefile", str(tmp_path / "page.pdf"),
         str(tmp_path / "page")],
        check=True,
    )  # fmt: skip
    qr = subprocess.run(
        ["zbarimg", "--raw", "-q", str(tmp_path / "page.png")],
        capture_output=True,
        text=True,
        check=True,
    ).stdout.strip()
    assert qr == "ALM-TEST-ALM-DESA-07-20261124093005"
