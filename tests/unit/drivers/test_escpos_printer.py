"""The ESC/POS adapter driving python-escpos's real Network (and Serial, File) printers.

Everything runs against tests/helpers/printer_emulator.py on loopback; the bytes the
emulator received are decoded to check the text, the QR code and the cut.
"""

from __future__ import annotations

import io
import logging
import threading
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
import zxingcpp
from PIL import Image, ImageDraw, ImageOps

from drivers.base import (
    DeviceEvent,
    PrintError,
    PrinterStatus,
    PrinterStatusChanged,
    ReceiptPrinted,
)
from drivers.escpos_printer import CONNECTION_LOST, PRINTED_JOBS_FILE, EscposPrinter
from drivers.escpos_render import TEAR_OFF_FEED_LINES, render_escpos, tell_media_width
from drivers.printer_uri import parse_printer_uri
from drivers.receipt import (
    Align,
    Barcode,
    KeyValue,
    Logo,
    QrCode,
    Receipt,
    TextLine,
    TextSize,
)
from drivers.receipt_png import columns_for, logo_bitmap, render_png
from tests.helpers.escpos_decode import BarcodeSymbol, Decoded, decode, profile_code_pages
from tests.helpers.printer_emulator import Mode, PrinterEmulator, PrinterState
from tests.helpers.private_files import open_modes, umask
from tests.unit.drivers.test_receipt_png import PAYLOAD, sample_ticket

#: 80 mm with a QR engine and both cutters; 58 mm with neither (a common Chinese model).
WIDE, NARROW = "TM-T20II", "POS-5890"
CUT = b"\x1dV\x01"
INDONESIAN = "Surat Keterangan Tidak Mampu — Desa Kemiren, Kec. Glagah"


class Events:
    """Collects a printer's events and waits for one."""

    def __init__(self) -> None:
        self.items: list[DeviceEvent] = []
        self._changed = threading.Condition()

    def __call__(self, event: DeviceEvent) -> None:
        with self._changed:
            self.items.append(event)
            self._changed.notify_all()

    def wait_for(self, matches: Callable[[DeviceEvent], bool], timeout: float = 5) -> DeviceEvent:
        with self._changed:
            found = self._changed.wait_for(
                lambda: any(matches(event) for event in self.items), timeout
            )
            assert found, f"no matching event in {self.items}"
            return next(event for event in self.items if matches(event))

    def wait_for_recovery(self, timeout: float = 5) -> None:
        """Wait until the last status is ONLINE again after an UNKNOWN."""
        with self._changed:
            assert self._changed.wait_for(
                lambda: (
                    PrinterStatus.UNKNOWN in self.statuses
                    and self.statuses[-1] is PrinterStatus.ONLINE
                ),
                timeout,
            ), f"no recovery in {self.items}"

    def wait_for_status(self, status: PrinterStatus) -> PrinterStatusChanged:
        event = self.wait_for(
            lambda event: isinstance(event, PrinterStatusChanged) and event.status is status
        )
        assert isinstance(event, PrinterStatusChanged)
        return event

    @property
    def statuses(self) -> list[PrinterStatus]:
        return [event.status for event in self.items if isinstance(event, PrinterStatusChanged)]


MakePrinter = Callable[..., tuple[EscposPrinter, Events]]


@pytest.fixture
def emulator() -> Iterator[PrinterEmulator]:
    with PrinterEmulator() as running:
        yield running


@pytest.fixture
def state_dir(tmp_path: Path) -> Path:
    return tmp_path / "state"


@pytest.fixture
def make_printer(emulator: PrinterEmulator, state_dir: Path) -> Iterator[MakePrinter]:
    printers: list[EscposPrinter] = []

    def make(
        uri: str | None = None, *, start: bool = True, **options: Any
    ) -> tuple[EscposPrinter, Events]:
        settings = {"poll_seconds": 0.05, "reply_timeout": 0.3, "job_timeout": 0.5} | options
        printer = EscposPrinter(
            parse_printer_uri(uri or emulator.uri(profile=WIDE)), state_dir=state_dir, **settings
        )
        events = Events()
        printer.subscribe(events)
        printers.append(printer)
        if start:
            printer.start()
        return printer, events

    yield make
    for printer in printers:
        printer.stop()


def printed(decoded: Decoded) -> list[str]:
    return [line for line in decoded.text_lines if line.strip()]


def qr_text(image: Image.Image) -> list[str]:
    framed = ImageOps.expand(image.convert("L"), border=32, fill=255)
    return [code.text for code in zxingcpp.read_barcodes(framed)]


def crest_png() -> bytes:
    image = Image.new("RGBA", (120, 80), (0, 0, 0, 0))
    ImageDraw.Draw(image).ellipse((10, 5, 110, 75), fill=(40, 40, 40, 255))
    stream = io.BytesIO()
    image.save(stream, format="PNG")
    return stream.getvalue()


# Status -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("state", "status", "detail"),
    [
        (PrinterState(), PrinterStatus.ONLINE, "online"),
        (PrinterState(cover_open=True), PrinterStatus.COVER_OPEN, "cover open"),
        (PrinterState(paper_near_end=True), PrinterStatus.PAPER_NEAR_END, "paper near end"),
        (PrinterState(paper_out=True), PrinterStatus.PAPER_OUT, "paper out"),
        (
            PrinterState(paper_out=True, paper_near_end=True),
            PrinterStatus.PAPER_OUT,
            "paper out",
        ),
        (PrinterState(online=False), PrinterStatus.UNKNOWN, "offline: no cause reported"),
        (PrinterState(cutter_error=True), PrinterStatus.UNKNOWN, "offline: autocutter error"),
    ],
)
def test_every_status_is_read_and_pushed_by_the_poller(
    emulator: PrinterEmulator,
    make_printer: MakePrinter,
    state: PrinterState,
    status: PrinterStatus,
    detail: str,
) -> None:
    printer, events = make_printer()
    if status is not PrinterStatus.ONLINE:
        events.wait_for_status(PrinterStatus.ONLINE)

    emulator.state = state

    assert events.wait_for_status(status).detail == detail
    assert (printer.status, printer.report.detail) == (status, detail)


def test_no_reply_is_unknown_never_online(
    emulator: PrinterEmulator, make_printer: MakePrinter
) -> None:
    emulator.mode = Mode.SILENT
    printer, events = make_printer()

    event = events.wait_for_status(PrinterStatus.UNKNOWN)

    assert event.detail == "no reply to DLE EOT 1 within 0.3 s"
    assert printer.refresh_status().status is PrinterStatus.UNKNOWN
    assert PrinterStatus.ONLINE not in events.statuses


def test_a_refused_connection_is_unknown_and_recovers(
    emulator: PrinterEmulator, make_printer: MakePrinter
) -> None:
    emulator.mode = Mode.REFUSE
    printer, events = make_printer()

    # The reset arrives while connecting or at the first request, whichever is first.
    assert "Connection reset by peer" in events.wait_for_status(PrinterStatus.UNKNOWN).detail

    emulator.mode = Mode.NORMAL
    events.wait_for_status(PrinterStatus.ONLINE)
    assert printer.status is PrinterStatus.ONLINE


def test_nothing_listening_is_unknown_with_the_reason(
    emulator: PrinterEmulator, make_printer: MakePrinter
) -> None:
    port = emulator.port
    emulator.close()
    printer, _ = make_printer(start=False)

    report = printer.refresh_status()

    assert report.status is PrinterStatus.UNKNOWN
    assert report.detail.startswith(f"cannot open tcp 127.0.0.1:{port}: ")
    assert "Connection refused" in report.detail


def test_status_before_start_is_unknown(make_printer: MakePrinter) -> None:
    printer, _ = make_printer(start=False)

    assert (printer.status, printer.report.detail) == (PrinterStatus.UNKNOWN, "not started")


# Printing -------------------------------------------------------------------------


def test_a_receipt_prints_once_confirmed_and_recorded(
    emulator: PrinterEmulator, make_printer: MakePrinter, state_dir: Path
) -> None:
    printer, events = make_printer()

    outcome = printer.print_receipt("job-1", sample_ticket())

    assert outcome.ok, outcome.detail
    assert outcome.status is PrinterStatus.ONLINE
    assert outcome.detail.startswith("printed, ")
    decoded = decode(emulator.printed)
    assert printed(decoded)[:3] == ["KANTOR DESA SUKAMAJU", "Nomor Antrian", "A001"]
    assert decoded.qr_payloads == [PAYLOAD]
    assert decoded.cut_mode == "partial"
    assert (state_dir / PRINTED_JOBS_FILE).read_text() == "job-1\n"
    assert events.wait_for(lambda event: isinstance(event, ReceiptPrinted)) == ReceiptPrinted(
        "job-1", True, outcome.detail
    )
    assert emulator.protocol_errors == []


@pytest.mark.parametrize(
    ("state", "status", "detail"),
    [
        (PrinterState(paper_out=True), PrinterStatus.PAPER_OUT, "printer not ready: paper out"),
        (PrinterState(cover_open=True), PrinterStatus.COVER_OPEN, "printer not ready: cover open"),
        (
            PrinterState(online=False),
            PrinterStatus.UNKNOWN,
            "printer not ready: offline: no cause reported",
        ),
    ],
)
def test_a_printer_that_cannot_print_gets_nothing(
    emulator: PrinterEmulator,
    make_printer: MakePrinter,
    state: PrinterState,
    status: PrinterStatus,
    detail: str,
) -> None:
    emulator.state = state
    printer, events = make_printer()

    outcome = printer.print_receipt("job-1", sample_ticket())

    assert (outcome.ok, outcome.status, outcome.detail) == (False, status, detail)
    assert emulator.printed == b""
    assert events.wait_for(lambda event: isinstance(event, ReceiptPrinted)) == ReceiptPrinted(
        "job-1", False, detail
    )


def test_paper_near_end_still_prints(emulator: PrinterEmulator, make_printer: MakePrinter) -> None:
    emulator.state = PrinterState(paper_near_end=True)
    printer, _ = make_printer()

    outcome = printer.print_receipt("job-1", sample_ticket())

    assert (outcome.ok, outcome.status) == (True, PrinterStatus.PAPER_NEAR_END)


def test_no_reply_refuses_the_job(emulator: PrinterEmulator, make_printer: MakePrinter) -> None:
    emulator.mode = Mode.SILENT
    printer, _ = make_printer()

    outcome = printer.print_receipt("job-1", sample_ticket())

    assert (outcome.ok, outcome.status) == (False, PrinterStatus.UNKNOWN)
    assert outcome.detail == "printer not ready: no reply to DLE EOT 1 within 0.3 s"
    assert emulator.printed == b""


def test_the_same_job_is_never_printed_twice(
    emulator: PrinterEmulator, make_printer: MakePrinter
) -> None:
    printer, _ = make_printer(poll_seconds=60)
    assert printer.print_receipt("job-1", sample_ticket()).ok
    received = sum(len(connection.raw) for connection in emulator.connections)

    again = printer.print_receipt("job-1", sample_ticket())

    assert (again.ok, again.detail) == (True, "already printed")
    assert sum(len(connection.raw) for connection in emulator.connections) == received


def test_the_printed_jobs_record_survives_a_restart(
    emulator: PrinterEmulator, make_printer: MakePrinter
) -> None:
    first, _ = make_printer()
    assert first.print_receipt("job-1", sample_ticket()).ok
    first.stop()
    connections = len(emulator.connections)

    restarted, _ = make_printer(start=False)
    outcome = restarted.print_receipt("job-1", sample_ticket())

    assert (outcome.ok, outcome.detail) == (True, "already printed")
    assert len(emulator.connections) == connections
    assert emulator.printed.count(CUT) == 1


def test_concurrent_requests_for_one_job_print_one_copy(
    emulator: PrinterEmulator, make_printer: MakePrinter
) -> None:
    printer, _ = make_printer()
    details: list[str] = []

    def print_it() -> None:
        details.append(printer.print_receipt("job-1", sample_ticket()).detail)

    threads = [threading.Thread(target=print_it) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert sorted(detail.split(",")[0] for detail in details) == [
        "already printed",
        "already printed",
        "already printed",
        "printed",
    ]
    assert emulator.printed.count(CUT) == 1


def test_a_drop_mid_job_is_not_resent_and_the_next_job_reconnects(
    emulator: PrinterEmulator, make_printer: MakePrinter
) -> None:
    printer, events = make_printer()
    events.wait_for_status(PrinterStatus.ONLINE)
    emulator.drop_after(50)

    lost = printer.print_receipt("job-1", sample_ticket())

    assert (lost.ok, lost.status, lost.detail) == (False, PrinterStatus.UNKNOWN, CONNECTION_LOST)
    assert any(
        event.status is PrinterStatus.UNKNOWN and event.detail.startswith("connection lost: ")
        for event in events.items
        if isinstance(event, PrinterStatusChanged)
    )
    assert len(emulator.printed) == 50
    # The poller reconnects, but only asks for the status: job-1 is never resent.
    assert emulator.wait_until(lambda: len(emulator.connections) >= 2)
    events.wait_for_recovery()
    assert len(emulator.printed) == 50

    second = printer.print_receipt("job-2", sample_ticket())

    assert second.ok, second.detail
    job_bytes = [bytes(connection.job) for connection in emulator.connections if connection.job]
    assert len(job_bytes) == 2
    assert decode(job_bytes[1]).qr_payloads == [PAYLOAD]
    assert printer.print_receipt("job-2", sample_ticket()).detail == "already printed"
    assert emulator.printed.count(CUT) == 1
    # A deliberate reprint of the lost job prints it: it was never confirmed.
    assert printer.print_receipt("job-1", sample_ticket()).ok
    assert emulator.printed.count(CUT) == 2


def test_a_stall_mid_job_fails_and_is_not_reprinted(
    emulator: PrinterEmulator, make_printer: MakePrinter
) -> None:
    printer, events = make_printer()
    events.wait_for_status(PrinterStatus.ONLINE)
    emulator.stall_after(50)

    outcome = printer.print_receipt("job-1", sample_ticket())

    assert (outcome.ok, outcome.status) == (False, PrinterStatus.UNKNOWN)
    assert outcome.detail == (
        "the printer did not confirm the job (no reply to GS r 1 within 0.5 s; now: no reply "
        "to DLE EOT 1 within 0.3 s); the receipt may be incomplete — reprint only after checking"
    )
    emulator.mode = Mode.NORMAL
    events.wait_for_recovery()
    # What was sent before the stall is printed once; nothing is sent again.
    assert emulator.wait_until(lambda: emulator.printed.count(CUT) == 1)
    assert emulator.printed.count(b"\x1b@") == 1


def test_paper_running_out_mid_job_fails_with_the_reason(
    emulator: PrinterEmulator, make_printer: MakePrinter
) -> None:
    printer, _ = make_printer()
    emulator.change_after(50, paper_out=True)

    outcome = printer.print_receipt("job-1", sample_ticket())

    assert (outcome.ok, outcome.status) == (False, PrinterStatus.PAPER_OUT)
    assert outcome.detail == (
        "the printer did not confirm the job (no reply to GS r 1 within 0.5 s; now: paper out); "
        "the receipt may be incomplete — reprint only after checking"
    )


def test_a_power_cycled_printer_prints_on_a_new_connection(
    emulator: PrinterEmulator, make_printer: MakePrinter
) -> None:
    printer, _ = make_printer(poll_seconds=60)
    assert printer.print_receipt("job-1", sample_ticket()).ok

    emulator.disconnect_all()
    outcome = printer.print_receipt("job-2", sample_ticket())

    assert outcome.ok, outcome.detail
    assert len(emulator.connections) == 2
    assert emulator.printed.count(CUT) == 2


def test_a_receipt_that_cannot_be_rendered_sends_nothing(
    emulator: PrinterEmulator, make_printer: MakePrinter
) -> None:
    printer, _ = make_printer()

    outcome = printer.print_receipt("job-1", Receipt((Logo(b"not an image"),)))

    assert not outcome.ok
    assert outcome.detail.startswith(
        "cannot render the receipt: the logo is not an image Pillow can read: "
    )
    assert emulator.printed == b""


def test_printing_needs_start_and_a_safe_job_id(make_printer: MakePrinter) -> None:
    printer, _ = make_printer(start=False)

    assert printer.print_receipt("job-1", sample_ticket()).detail == "printer not started"
    with pytest.raises(ValueError, match="job id"):
        printer.print_receipt("job\n2", sample_ticket())


def test_stop_is_idempotent_and_ends_the_poller(make_printer: MakePrinter) -> None:
    printer, events = make_printer()
    events.wait_for_status(PrinterStatus.ONLINE)

    printer.stop()
    printer.stop()

    assert "escpos-printer-poll" not in [thread.name for thread in threading.enumerate()]
    assert printer.print_receipt("job-1", sample_ticket()).detail == "printer not started"


def test_the_record_is_bounded_and_compacted(
    make_printer: MakePrinter, state_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("drivers.escpos_printer.PRINTED_JOBS_KEPT", 3)
    printer, _ = make_printer(poll_seconds=60)

    for number in range(8):
        assert printer.print_receipt(f"job-{number}", sample_ticket()).ok

    lines = (state_dir / PRINTED_JOBS_FILE).read_text().splitlines()
    assert len(lines) <= 6
    assert lines[-3:] == ["job-5", "job-6", "job-7"]
    assert printer.print_receipt("job-7", sample_ticket()).detail == "already printed"
    assert printer.print_receipt("job-0", sample_ticket()).detail.startswith("printed")


def test_a_line_torn_by_a_crash_is_ignored(make_printer: MakePrinter, state_dir: Path) -> None:
    state_dir.mkdir()
    (state_dir / PRINTED_JOBS_FILE).write_bytes(b"job-a\njob-b")
    printer, _ = make_printer(poll_seconds=60)

    assert printer.print_receipt("job-a", sample_ticket()).detail == "already printed"
    assert printer.print_receipt("job-b", sample_ticket()).ok
    assert (state_dir / PRINTED_JOBS_FILE).read_text() == "job-a\njob-b\njob-b\n"


def test_an_unreadable_record_stops_the_adapter_from_starting(state_dir: Path) -> None:
    (state_dir / PRINTED_JOBS_FILE).mkdir(parents=True)

    with pytest.raises(PrintError, match="cannot read the printed-jobs record"):
        EscposPrinter(parse_printer_uri("tcp://127.0.0.1"), state_dir=state_dir)


def test_a_record_that_cannot_be_written_is_reported(
    make_printer: MakePrinter, state_dir: Path
) -> None:
    printer, _ = make_printer(poll_seconds=60)
    state_dir.write_text("a file where the folder should be")

    outcome = printer.print_receipt("job-1", sample_ticket())

    assert outcome.ok
    assert "not recorded on disk, a restart could print it again" in outcome.detail
    assert printer.print_receipt("job-1", sample_ticket()).detail == "already printed"


def test_the_simulated_scheme_is_not_an_escpos_printer(state_dir: Path) -> None:
    with pytest.raises(ValueError, match="sim://"):
        EscposPrinter(parse_printer_uri("sim://spool"), state_dir=state_dir)


def test_description_names_address_profile_and_width(
    emulator: PrinterEmulator, make_printer: MakePrinter
) -> None:
    printer, _ = make_printer(emulator.uri(profile=NARROW), start=False)

    assert printer.description == (
        f"ESC/POS printer, tcp 127.0.0.1:{emulator.port}, profile {NARROW}, 384 dots, QR as image"
    )
    assert printer.dot_width == 384


# Other transports -----------------------------------------------------------------


@pytest.mark.parametrize("scheme", ["serial://", "file://"])
def test_serial_and_device_file_printers(
    emulator: PrinterEmulator, make_printer: MakePrinter, scheme: str
) -> None:
    printer, events = make_printer(f"{scheme}{emulator.open_pty()}?profile={NARROW}")
    events.wait_for_status(PrinterStatus.ONLINE)

    assert printer.print_receipt("job-1", sample_ticket()).ok
    emulator.set_state(cover_open=True)
    assert events.wait_for_status(PrinterStatus.COVER_OPEN).detail == "cover open"
    assert "SUKAMAJU" in printed(decode(emulator.printed, profile_code_pages(NARROW)))


def test_a_device_file_that_never_answers_is_unknown(
    make_printer: MakePrinter, tmp_path: Path
) -> None:
    target = tmp_path / "lp0"
    target.write_bytes(b"")
    printer, _ = make_printer(f"file://{target}", start=False)

    report = printer.refresh_status()

    assert (report.status, report.detail) == (
        PrinterStatus.UNKNOWN,
        "no reply to DLE EOT 1 within 0.3 s",
    )


def test_usb_reports_why_it_cannot_open(make_printer: MakePrinter) -> None:
    printer, _ = make_printer("usb://0416:5011", start=False)

    report = printer.refresh_status()

    assert report.status is PrinterStatus.UNKNOWN
    assert report.detail.startswith("cannot open usb 0416:5011: ")


# Layout on 58 mm and 80 mm paper --------------------------------------------------


def long_receipt() -> Receipt:
    return Receipt(
        (
            TextLine("KANTOR DESA KEMIREN KECAMATAN GLAGAH", TextSize.DOUBLE, bold=True),
            TextLine("Pelayanan administrasi kependudukan di kantor desa " * 3),
            KeyValue("Layanan", "Surat Keterangan Tidak Mampu untuk keperluan beasiswa"),
            KeyValue("Loket", "K1"),
            QrCode(PAYLOAD),
        )
    )


@pytest.mark.parametrize(("profile", "width"), [(NARROW, 384), (WIDE, 576)])
def test_lines_fit_the_paper(
    emulator: PrinterEmulator, make_printer: MakePrinter, profile: str, width: int
) -> None:
    printer, _ = make_printer(emulator.uri(profile=profile))

    assert printer.print_receipt("job-1", long_receipt()).ok

    decoded = decode(emulator.printed, profile_code_pages(profile))
    columns = columns_for(width)
    lines = [line for line in decoded.lines if line.text.strip()]
    assert all(len(line.text) * line.width <= columns for line in lines)
    heading = [line.text for line in lines if line.width == 2]
    assert " ".join(heading) == "KANTOR DESA KEMIREN KECAMATAN GLAGAH"
    assert len(heading) == (3 if width == 384 else 2)
    assert any(line.text == "Loket" + "K1".rjust(columns - 5) for line in lines)


def test_58_mm_without_a_qr_engine_or_cutter_gets_an_image_and_a_feed(
    emulator: PrinterEmulator, make_printer: MakePrinter
) -> None:
    printer, _ = make_printer(emulator.uri(profile=NARROW))

    assert printer.print_receipt("job-1", sample_ticket()).ok

    decoded = decode(emulator.printed, profile_code_pages(NARROW))
    assert decoded.qr_payloads == []
    assert [image.width for image in decoded.rasters] == [384]
    assert qr_text(decoded.rasters[0]) == [PAYLOAD]
    assert not decoded.cut
    assert emulator.printed.endswith(b"\n" * TEAR_OFF_FEED_LINES)


def test_native_and_image_qr_codes_both_decode(
    emulator: PrinterEmulator, make_printer: MakePrinter
) -> None:
    native, _ = make_printer(emulator.uri(profile=WIDE), poll_seconds=60)
    assert native.print_receipt("native", sample_ticket()).ok
    image, _ = make_printer(emulator.uri(profile=WIDE, qr="image"), poll_seconds=60)
    assert image.print_receipt("image", sample_ticket()).ok

    first, second = (decode(bytes(c.job)) for c in emulator.connections if c.job)
    assert (first.qr_payloads, first.images) == ([PAYLOAD], 0)
    assert (second.qr_payloads, len(second.rasters)) == ([], 1)
    assert qr_text(second.rasters[0]) == [PAYLOAD]


@pytest.mark.parametrize("width", [384, 512, 576])
def test_the_png_preview_qr_decodes_to_the_reference(width: int) -> None:
    found = zxingcpp.read_barcodes(render_png(sample_ticket(), width))

    assert [(code.format, code.text) for code in found] == [
        (zxingcpp.BarcodeFormat.QRCode, PAYLOAD)
    ]


# Indonesian text ------------------------------------------------------------------


def test_indonesian_text_prints_its_own_characters(
    emulator: PrinterEmulator, make_printer: MakePrinter, caplog: pytest.LogCaptureFixture
) -> None:
    printer, _ = make_printer()

    with caplog.at_level(logging.WARNING, logger="drivers.escpos_render"):
        assert printer.print_receipt("job-1", Receipt((TextLine(INDONESIAN),))).ok

    assert " ".join(printed(decode(emulator.printed))) == INDONESIAN
    assert caplog.records == []


def test_characters_the_profile_lacks_are_transliterated_with_a_warning(
    emulator: PrinterEmulator, make_printer: MakePrinter, caplog: pytest.LogCaptureFixture
) -> None:
    printer, _ = make_printer(emulator.uri(profile="simple"))
    text = f"{INDONESIAN} “Sunrise of Java” … €5 ½ 日"

    with caplog.at_level(logging.WARNING, logger="drivers.escpos_render"):
        assert printer.print_receipt("job-1", Receipt((TextLine(text),))).ok

    assert " ".join(printed(decode(emulator.printed, profile_code_pages("simple")))) == (
        'Surat Keterangan Tidak Mampu - Desa Kemiren, Kec. Glagah "Sunrise of Java" ... EUR5 ½ ?'
    )
    warnings = "\n".join(record.getMessage() for record in caplog.records)
    for name in ("U+2014 EM DASH", "U+201C LEFT DOUBLE", "U+2026 HORIZONTAL ELLIPSIS"):
        assert name in warnings
    assert "U+65E5 CJK UNIFIED IDEOGRAPH-65E5 is in no code page of printer profile" in warnings
    assert "U+00BD" not in warnings, "½ is in code page 437"


def test_accents_lost_only_where_no_code_page_has_the_letter(
    emulator: PrinterEmulator, make_printer: MakePrinter
) -> None:
    printer, _ = make_printer(emulator.uri(profile="simple"))

    assert printer.print_receipt("job-1", Receipt((TextLine("Café Ōsaka Łódź"),))).ok

    assert printed(decode(emulator.printed, profile_code_pages("simple"))) == ["Café Osaka Lódz"]


# Cut, barcode and logo ------------------------------------------------------------


@pytest.mark.parametrize(
    ("profile", "cut_mode"),
    [(WIDE, "partial"), ("TM-U220B", "partial"), ("Sunmi-V2", ""), (NARROW, "")],
)
def test_cut_follows_the_profile(
    emulator: PrinterEmulator, make_printer: MakePrinter, profile: str, cut_mode: str
) -> None:
    printer, _ = make_printer(emulator.uri(profile=profile, width="384"))

    assert printer.print_receipt("job-1", Receipt((TextLine("Terima kasih"),))).ok

    decoded = decode(emulator.printed, profile_code_pages(profile))
    assert decoded.cut_mode == cut_mode
    if not cut_mode:
        assert emulator.printed.endswith(b"Terima kasih\n" + b"\n" * TEAR_OFF_FEED_LINES)


def test_a_printer_with_only_a_full_cutter_cuts_fully() -> None:
    from escpos.printer import Dummy

    printer = Dummy(profile=WIDE)
    data = printer.profile.profile_data
    printer.profile.profile_data = {**data, "features": {**data["features"], "paperPartCut": False}}

    render_escpos(Receipt((TextLine("Terima kasih"),)), printer, columns=48)

    assert decode(printer.output).cut_mode == "full"


def test_barcodes_are_native_where_the_profile_has_them(
    emulator: PrinterEmulator, make_printer: MakePrinter
) -> None:
    printer, _ = make_printer()

    receipt = Receipt((Barcode("ALM-A001"), Barcode("K{1}", height=80, module_width=3)))
    assert printer.print_receipt("job-1", receipt).ok

    assert decode(emulator.printed).barcodes == [
        BarcodeSymbol("CODE128", "ALM-A001", 64, 2, "center"),
        BarcodeSymbol("CODE128", "K{1}", 80, 3, "center"),
    ]


def test_barcodes_are_images_where_the_profile_lacks_them(
    emulator: PrinterEmulator, make_printer: MakePrinter
) -> None:
    printer, _ = make_printer(emulator.uri(profile=NARROW))

    assert printer.print_receipt("job-1", Receipt((Barcode("ALM-A001"),))).ok

    decoded = decode(emulator.printed, profile_code_pages(NARROW))
    (raster,) = decoded.rasters
    found = zxingcpp.read_barcodes(ImageOps.expand(raster, border=32, fill=255))
    assert [(code.format, code.text) for code in found] == [
        (zxingcpp.BarcodeFormat.Code128, "ALM-A001")
    ]
    assert "ALM-A001" in printed(decoded)


def test_a_barcode_too_wide_for_the_paper_prints_its_text(
    emulator: PrinterEmulator, make_printer: MakePrinter, caplog: pytest.LogCaptureFixture
) -> None:
    printer, _ = make_printer(emulator.uri(profile=WIDE, width="384"))
    data = "ALM-K1-20261123-A001-0042"

    with caplog.at_level(logging.WARNING, logger="drivers.escpos_render"):
        assert printer.print_receipt("job-1", Receipt((Barcode(data),))).ok

    decoded = decode(emulator.printed)
    assert decoded.barcodes == []
    assert printed(decoded) == [data]
    assert "too wide" in caplog.text


def test_the_preview_shows_the_same_barcode_and_logo() -> None:
    receipt = Receipt((Logo(crest_png(), width_percent=40), Barcode("ALM-A001"), QrCode(PAYLOAD)))

    image = render_png(receipt, 384)

    found = {(code.format, code.text) for code in zxingcpp.read_barcodes(image)}
    assert found == {
        (zxingcpp.BarcodeFormat.Code128, "ALM-A001"),
        (zxingcpp.BarcodeFormat.QRCode, PAYLOAD),
    }


@pytest.mark.parametrize(
    ("profile", "width", "logo_width"),
    [(NARROW, 384, 192), ("TM-T88V", 512, 252), (WIDE, 576, 288)],
)
def test_the_logo_is_dithered_to_a_share_of_the_paper(
    emulator: PrinterEmulator, make_printer: MakePrinter, profile: str, width: int, logo_width: int
) -> None:
    printer, _ = make_printer(emulator.uri(profile=profile))
    logo = Logo(crest_png(), width_percent=50)

    assert printer.print_receipt("job-1", Receipt((logo,))).ok

    (raster,) = decode(emulator.printed, profile_code_pages(profile)).rasters
    # Half the printable width: whole font A columns (42 × 12 dots on 512-dot paper).
    bitmap = logo_bitmap(logo, columns_for(width) * 12)
    assert bitmap.mode == "1"
    assert bitmap.width == logo_width
    assert raster.width == width
    left = (width - bitmap.width) // 2
    printed_logo = raster.crop((left, 0, left + bitmap.width, bitmap.height))
    assert printed_logo.tobytes() == bitmap.convert("L").tobytes()
    preview = render_png(Receipt((logo,)), width)
    assert preview.crop((left, 0, left + bitmap.width, bitmap.height)).tobytes() == (
        bitmap.convert("L").tobytes()
    )


def test_a_tall_logo_is_kept_within_a_square() -> None:
    stream = io.BytesIO()
    Image.new("L", (10, 100), 0).save(stream, format="PNG")

    bitmap = logo_bitmap(Logo(stream.getvalue(), width_percent=100), 384)

    assert bitmap.height == 384
    assert bitmap.width < 384


@pytest.mark.parametrize(
    ("make", "message"),
    [
        (lambda: Barcode(""), "1..80 characters"),
        (lambda: Barcode("Nomor é"), "CODE128 cannot carry"),
        (lambda: Barcode("A", height=0), "height"),
        (lambda: Barcode("A", module_width=1), "module_width"),
        (lambda: Logo(b""), "empty"),
        (lambda: Logo(b"png", width_percent=0), "width_percent"),
    ],
)
def test_new_blocks_refuse_what_cannot_print(make: Callable[[], object], message: str) -> None:
    with pytest.raises(ValueError, match=message):
        make()


def test_render_into_a_caller_printer_with_a_logo(capsys: pytest.CaptureFixture[str]) -> None:
    from escpos.printer import Dummy

    printer = Dummy()
    tell_media_width(printer, 512)

    render_escpos(
        Receipt((Logo(crest_png()), TextLine("ok", align=Align.CENTER))), printer, columns=42
    )

    assert len(decode(printer.output).rasters) == 1
    assert capsys.readouterr().out == ""


def test_the_record_of_printed_jobs_is_private_whatever_the_umask(
    make_printer: MakePrinter, state_dir: Path
) -> None:
    with umask(0):
        printer, _ = make_printer()
        assert printer.print_receipt("job-1", sample_ticket()).ok
    assert open_modes(state_dir) == []
