from __future__ import annotations

import threading
from pathlib import Path

import pytest
from PIL import Image

from drivers.base import (
    CardInserted,
    CardRemoved,
    DeviceEvent,
    PrinterStatus,
    PrinterStatusChanged,
    ReaderStatus,
    ReaderStatusChanged,
    ReceiptPrinted,
    ScannerStatus,
    ScannerStatusChanged,
    ScanReceived,
)
from drivers.simulated import SimulatedCardReader, SimulatedPrinter, SimulatedScanner
from drivers.simulated.card_reader import DEFAULT_ATR, READER_NAME
from tests.helpers.escpos_decode import decode
from tests.helpers.private_files import open_modes, umask
from tests.unit.drivers.test_receipt_png import PAYLOAD, sample_ticket

UID = bytes.fromhex("04A2B3C4D5E680")


class Recorder:
    def __init__(self) -> None:
        self.events: list[DeviceEvent] = []

    def __call__(self, event: DeviceEvent) -> None:
        self.events.append(event)

    def take(self) -> list[DeviceEvent]:
        events, self.events = self.events, []
        return events


@pytest.fixture
def spool(tmp_path: Path) -> Path:
    return tmp_path / "spool"


@pytest.fixture
def printer(spool: Path) -> SimulatedPrinter:
    return SimulatedPrinter(spool, dot_width=576)


@pytest.fixture
def recorder() -> Recorder:
    return Recorder()


def started(printer: SimulatedPrinter, recorder: Recorder) -> SimulatedPrinter:
    printer.subscribe(recorder)
    printer.start()
    recorder.take()
    return printer


def test_start_creates_the_spool_and_reports_the_status(
    printer: SimulatedPrinter, spool: Path, recorder: Recorder
) -> None:
    printer.subscribe(recorder)

    printer.start()

    assert spool.is_dir()
    assert recorder.take() == [PrinterStatusChanged(PrinterStatus.ONLINE)]
    assert printer.status is PrinterStatus.ONLINE
    assert printer.spool_dir == spool
    assert printer.dot_width == 576
    assert printer.description == f"simulated printer, 576 dots, spool {spool}"


@pytest.mark.parametrize("width", [384, 576])
def test_print_spools_a_png_and_the_escpos_bytes(
    spool: Path, recorder: Recorder, width: int
) -> None:
    printer = started(SimulatedPrinter(spool, dot_width=width), recorder)

    outcome = printer.print_receipt("job-1", sample_ticket())

    assert outcome.ok
    assert outcome.job_id == "job-1"
    assert outcome.status is PrinterStatus.ONLINE
    assert sorted(path.name for path in spool.iterdir()) == ["job-1.bin", "job-1.png"]
    with Image.open(spool / "job-1.png") as image:
        assert image.width == width
    decoded = decode((spool / "job-1.bin").read_bytes())
    assert decoded.qr_payloads == [PAYLOAD]
    assert decoded.cut
    assert recorder.take() == [ReceiptPrinted("job-1", True, outcome.detail)]


def test_same_job_twice_prints_one_copy(
    printer: SimulatedPrinter, spool: Path, recorder: Recorder
) -> None:
    started(printer, recorder)
    first = printer.print_receipt("job-1", sample_ticket())
    written = {path.name: path.stat().st_mtime_ns for path in spool.iterdir()}
    recorder.take()

    second = printer.print_receipt("job-1", sample_ticket())

    assert first.ok
    assert (second.ok, second.detail) == (True, "already printed")
    assert {path.name: path.stat().st_mtime_ns for path in spool.iterdir()} == written
    assert recorder.take() == []


def test_concurrent_requests_for_one_job_print_once(
    printer: SimulatedPrinter, spool: Path, recorder: Recorder
) -> None:
    started(printer, recorder)
    details: list[str] = []
    barrier = threading.Barrier(6)

    def request() -> None:
        barrier.wait()
        details.append(printer.print_receipt("job-7", sample_ticket()).detail)

    threads = [threading.Thread(target=request) for _ in range(6)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert details.count("already printed") == 5
    assert sorted(path.name for path in spool.iterdir()) == ["job-7.bin", "job-7.png"]
    assert [type(event) for event in recorder.take()] == [ReceiptPrinted]


@pytest.mark.parametrize(
    ("status", "reason"),
    [
        (PrinterStatus.PAPER_OUT, "simulated printer: paper out"),
        (PrinterStatus.COVER_OPEN, "simulated printer: cover open"),
        (PrinterStatus.UNKNOWN, "simulated printer: status unknown"),
    ],
)
def test_printer_that_cannot_print_says_why_and_writes_nothing(
    printer: SimulatedPrinter,
    spool: Path,
    recorder: Recorder,
    status: PrinterStatus,
    reason: str,
) -> None:
    started(printer, recorder)
    printer.set_status(status)
    recorder.take()

    outcome = printer.print_receipt("job-1", sample_ticket())

    assert (outcome.ok, outcome.detail, outcome.status) == (False, reason, status)
    assert list(spool.iterdir()) == []
    assert recorder.take() == [ReceiptPrinted("job-1", False, reason)]


def test_status_detail_is_part_of_the_reason(printer: SimulatedPrinter, recorder: Recorder) -> None:
    started(printer, recorder)
    printer.set_status(PrinterStatus.PAPER_OUT, "roll empty")

    outcome = printer.print_receipt("job-1", sample_ticket())

    assert outcome.detail == "simulated printer: paper out (roll empty)"


def test_refilled_printer_prints_the_job_it_refused(
    printer: SimulatedPrinter, spool: Path, recorder: Recorder
) -> None:
    started(printer, recorder)
    printer.set_status(PrinterStatus.PAPER_OUT)
    assert not printer.print_receipt("job-1", sample_ticket()).ok

    printer.set_status(PrinterStatus.ONLINE)

    assert printer.print_receipt("job-1", sample_ticket()).ok
    assert (spool / "job-1.bin").exists()


def test_paper_near_end_still_prints(printer: SimulatedPrinter, recorder: Recorder) -> None:
    started(printer, recorder)
    printer.set_status(PrinterStatus.PAPER_NEAR_END)

    outcome = printer.print_receipt("job-1", sample_ticket())

    assert (outcome.ok, outcome.status) == (True, PrinterStatus.PAPER_NEAR_END)


def test_status_changes_are_reported_once_per_change(
    printer: SimulatedPrinter, recorder: Recorder
) -> None:
    started(printer, recorder)

    printer.set_status(PrinterStatus.PAPER_OUT, "roll empty")
    printer.set_status(PrinterStatus.PAPER_OUT, "roll empty")
    printer.set_status(PrinterStatus.ONLINE)
    printer.set_status(PrinterStatus.ONLINE)

    assert recorder.take() == [
        PrinterStatusChanged(PrinterStatus.PAPER_OUT, "roll empty"),
        PrinterStatusChanged(PrinterStatus.ONLINE),
    ]


def test_status_set_while_stopped_is_reported_on_start(
    printer: SimulatedPrinter, recorder: Recorder
) -> None:
    printer.subscribe(recorder)
    printer.set_status(PrinterStatus.COVER_OPEN, "lid up")

    assert recorder.take() == []
    printer.start()
    assert recorder.take() == [PrinterStatusChanged(PrinterStatus.COVER_OPEN, "lid up")]


def test_fail_next_fails_one_job_with_that_reason(
    printer: SimulatedPrinter, spool: Path, recorder: Recorder
) -> None:
    started(printer, recorder)
    printer.set_fail_next("paper jam")

    failed = printer.print_receipt("job-1", sample_ticket())
    retried = printer.print_receipt("job-1", sample_ticket())

    assert (failed.ok, failed.detail, failed.status) == (False, "paper jam", PrinterStatus.ONLINE)
    assert retried.ok
    assert printer.status is PrinterStatus.ONLINE
    assert [event for event in recorder.take() if isinstance(event, PrinterStatusChanged)] == []


def test_stopped_printer_prints_nothing(
    printer: SimulatedPrinter, spool: Path, recorder: Recorder
) -> None:
    started(printer, recorder)
    printer.stop()
    printer.stop()

    outcome = printer.print_receipt("job-1", sample_ticket())

    assert (outcome.ok, outcome.detail) == (False, "simulated printer: not started")
    assert list(spool.iterdir()) == []
    assert recorder.take() == []


def test_unusable_spool_folder_is_reported_as_unknown(tmp_path: Path, recorder: Recorder) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("not a folder")
    printer = SimulatedPrinter(blocker / "spool")
    printer.subscribe(recorder)

    printer.start()
    outcome = printer.print_receipt("job-1", sample_ticket())

    (event,) = [event for event in recorder.take() if isinstance(event, PrinterStatusChanged)]
    assert event.status is PrinterStatus.UNKNOWN
    assert "cannot create spool folder" in event.detail
    assert not outcome.ok


@pytest.mark.parametrize("job_id", ["", "../escape", ".hidden", "a/b", "x" * 200])
def test_unsafe_job_ids_are_refused(printer: SimulatedPrinter, job_id: str) -> None:
    printer.start()

    with pytest.raises(ValueError, match="job id"):
        printer.print_receipt(job_id, sample_ticket())


def test_every_subscriber_is_called(printer: SimulatedPrinter) -> None:
    first, second = Recorder(), Recorder()
    printer.subscribe(first)
    printer.subscribe(second)

    printer.start()

    assert first.events == second.events == [PrinterStatusChanged(PrinterStatus.ONLINE)]


def test_card_events_only_while_started(recorder: Recorder) -> None:
    reader = SimulatedCardReader()
    reader.subscribe(recorder)

    reader.present_card(UID)
    assert recorder.take() == []
    assert reader.status is ReaderStatus.READY

    reader.start()
    reader.present_card(UID)
    reader.present_card(bytes.fromhex("04FFFFFFFFFFFF"))
    assert reader.status is ReaderStatus.CARD_PRESENT
    reader.remove_card()
    reader.remove_card()
    assert recorder.take() == [
        ReaderStatusChanged(ReaderStatus.READY),
        CardInserted(UID, DEFAULT_ATR, READER_NAME),
        CardRemoved(),
    ]

    reader.stop()
    reader.stop()
    reader.present_card(UID)
    assert recorder.take() == []


def test_card_with_its_own_atr(recorder: Recorder) -> None:
    reader = SimulatedCardReader()
    reader.subscribe(recorder)
    reader.start()
    atr = bytes.fromhex("3B8880010000000000000000")

    reader.present_card(UID, atr)

    assert recorder.take()[-1] == CardInserted(UID, atr, READER_NAME)


def test_reader_availability_changes_are_reported_once(recorder: Recorder) -> None:
    reader = SimulatedCardReader()
    reader.subscribe(recorder)
    reader.start()
    reader.present_card(UID)
    recorder.take()

    reader.set_available(False, "pcscd stopped")
    reader.set_available(False, "pcscd stopped")
    reader.present_card(UID)
    assert reader.status is ReaderStatus.UNAVAILABLE
    reader.set_available(True)

    assert recorder.take() == [
        CardRemoved(),
        ReaderStatusChanged(ReaderStatus.UNAVAILABLE, "pcscd stopped"),
        ReaderStatusChanged(ReaderStatus.READY),
    ]
    assert reader.status is ReaderStatus.READY
    assert reader.description == "simulated contactless card reader"


def test_unavailable_reader_reports_so_on_start(recorder: Recorder) -> None:
    reader = SimulatedCardReader()
    reader.subscribe(recorder)
    reader.set_available(False, "no reader")

    reader.start()

    assert recorder.take() == [ReaderStatusChanged(ReaderStatus.UNAVAILABLE, "no reader")]


def test_scans_only_while_started_and_available(recorder: Recorder) -> None:
    scanner = SimulatedScanner()
    scanner.subscribe(recorder)

    scanner.scan(PAYLOAD)
    assert recorder.take() == []

    scanner.start()
    scanner.scan(PAYLOAD)
    scanner.scan(b"\x00\xffraw")
    scanner.set_available(False, "unplugged")
    scanner.set_available(False, "unplugged")
    scanner.scan(PAYLOAD)
    scanner.set_available(True)
    assert recorder.take() == [
        ScannerStatusChanged(ScannerStatus.READY),
        ScanReceived(PAYLOAD.encode(), source="simulated"),
        ScanReceived(b"\x00\xffraw", source="simulated"),
        ScannerStatusChanged(ScannerStatus.UNAVAILABLE, "unplugged"),
        ScannerStatusChanged(ScannerStatus.READY),
    ]

    scanner.stop()
    scanner.stop()
    scanner.scan(PAYLOAD)
    assert recorder.take() == []
    assert scanner.status is ScannerStatus.READY
    assert scanner.description == "simulated QR scanner"


def test_the_spool_is_private_whatever_the_umask(
    printer: SimulatedPrinter, spool: Path, recorder: Recorder
) -> None:
    with umask(0):
        started(printer, recorder).print_receipt("job-1", sample_ticket())
    assert sorted(path.name for path in spool.iterdir()) == ["job-1.bin", "job-1.png"]
    assert open_modes(spool) == []


def test_a_print_killed_half_way_leaves_nothing_after_the_next_start(
    spool: Path, recorder: Recorder
) -> None:
    """What a kill -9 during a print leaves: the temporary PNG (and a .bin) not renamed."""
    spool.mkdir()
    (spool / "job-0.png").write_bytes(b"an earlier job")
    (spool / "job-0.bin").write_bytes(b"an earlier job")
    (spool / ".job-1.png.x7k2_q9a.tmp").write_bytes(b"\x89PNG half")
    (spool / ".job-1.png.a8b_c2d1").write_bytes(b"\x89PNG half, older version")
    started(SimulatedPrinter(spool), recorder)
    assert sorted(path.name for path in spool.iterdir()) == ["job-0.bin", "job-0.png"]
