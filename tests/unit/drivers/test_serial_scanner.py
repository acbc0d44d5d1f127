"""The serial QR scanner on a real socat pty pair, and its burst assembler on its own."""

from __future__ import annotations

import queue
import time

import pytest

from drivers.base import DeviceEvent, ScannerStatus, ScannerStatusChanged, ScanReceived
from drivers.registry import DriverConfigError, make_scanner
from drivers.serial_scanner import Burst, BurstAssembler, SerialScanner, Terminator
from tests.helpers.serial_pty import missing_socat_reason, serial_pty_pair

WAIT_SECONDS = 5.0


class TestBurstAssembler:
    @pytest.mark.parametrize(
        ("terminator", "stream", "payloads"),
        [
            (Terminator.CR, b"ONE\rTWO\r", [b"ONE", b"TWO"]),
            (Terminator.LF, b"ONE\nTWO\n", [b"ONE", b"TWO"]),
            (Terminator.CRLF, b"ONE\r\nTWO\r\n", [b"ONE", b"TWO"]),
            (Terminator.CRLF, b"ONE\rTWO\r\n", [b"ONE\rTWO"]),
            (Terminator.CR, b"ONE\r\nTWO\r", [b"ONE", b"\nTWO"]),
            (Terminator.ANY, b"ONE\rTWO\nTHREE\r\nFOUR\n\n\r", [b"ONE", b"TWO", b"THREE", b"FOUR"]),
        ],
    )
    def test_terminators(self, terminator, stream, payloads):
        assembler = BurstAssembler(terminator)
        assert [b.payload for b in assembler.feed(stream, 0.0)] == payloads

    @pytest.mark.parametrize("terminator", list(Terminator))
    def test_one_byte_at_a_time(self, terminator):
        end = {"cr": b"\r", "lf": b"\n", "crlf": b"\r\n", "any": b"\r\n"}[terminator.value]
        assembler = BurstAssembler(terminator)
        got = []
        for byte in b"ALM1:X" + end + b"ALM-PRE1:Y" + end:
            got += assembler.feed(bytes([byte]), 0.0)
        assert got == [Burst(b"ALM1:X"), Burst(b"ALM-PRE1:Y")]

    def test_an_overlong_burst_is_cut_and_the_rest_dropped(self):
        assembler = BurstAssembler(Terminator.CR, max_length=8)
        assert assembler.feed(b"0123456789", 0.0) == []
        assert assembler.feed(b"abcdef", 0.0) == []
        assert assembler.feed(b"gh\rNEXT\r", 0.0) == [
            Burst(b"012345678", overlong=True, dropped=9),
            Burst(b"NEXT"),
        ]

    def test_exactly_the_cap_is_whole(self):
        assembler = BurstAssembler(Terminator.LF, max_length=4)
        assert assembler.feed(b"1234\n12345\n", 0.0) == [
            Burst(b"1234"),
            Burst(b"12345", overlong=True, dropped=0),
        ]

    def test_a_partial_burst_expires(self):
        assembler = BurstAssembler(Terminator.CR, burst_timeout=2.0)
        assembler.feed(b"noise", 10.0)
        assert assembler.expire(11.9) == 0
        assert assembler.expire(12.0) == 5
        assert assembler.feed(b"SCAN\r", 12.1) == [Burst(b"SCAN")]

    def test_the_clock_starts_with_the_burst_not_the_last_read(self):
        assembler = BurstAssembler(Terminator.CR, burst_timeout=2.0)
        assembler.feed(b"A\rpart", 0.0)
        assembler.feed(b"more", 1.5)
        assert assembler.expire(2.0) == len(b"partmore")


class Recorder:
    """Collects a device's events from its thread."""

    def __init__(self) -> None:
        self.events: queue.Queue[DeviceEvent] = queue.Queue()

    def __call__(self, event: DeviceEvent) -> None:
        self.events.put(event)

    def next(self, kind: type, timeout: float = WAIT_SECONDS) -> DeviceEvent:
        deadline = time.monotonic() + timeout
        while True:
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                raise AssertionError(f"no {kind.__name__} within {timeout} s")
            try:
                event = self.events.get(timeout=remaining)
            except queue.Empty:
                continue
            if isinstance(event, kind):
                return event

    def scans(self, count: int) -> list[bytes]:
        return [self.next(ScanReceived).payload for _ in range(count)]  # type: ignore[union-attr]

    def nothing_more(self, wait: float = 0.5) -> list[DeviceEvent]:
        time.sleep(wait)
        found = []
        while not self.events.empty():
            found.append(self.events.get())
        return found


@pytest.fixture
def pair(tmp_path):
    reason = missing_socat_reason()
    if reason:
        pytest.skip(reason)
    with serial_pty_pair(tmp_path) as made:
        yield made


def started(pair, **options) -> tuple[SerialScanner, Recorder]:
    scanner = SerialScanner(str(pair.device), reopen_seconds=0.1, **options)
    recorder = Recorder()
    scanner.subscribe(recorder)
    scanner.start()
    ready = recorder.next(ScannerStatusChanged)
    assert ready == ScannerStatusChanged(ScannerStatus.READY, f"reading {pair.device}")
    return scanner, recorder


class TestOnAPtyPair:
    @pytest.mark.parametrize(
        ("terminator", "end"),
        [
            (Terminator.CR, b"\r"),
            (Terminator.LF, b"\n"),
            (Terminator.CRLF, b"\r\n"),
            (Terminator.ANY, b"\r"),
            (Terminator.ANY, b"\n"),
            (Terminator.ANY, b"\r\n"),
        ],
    )
    def test_a_burst_is_one_scan(self, pair, terminator, end):
        scanner, recorder = started(pair, terminator=terminator)
        try:
            pair.write(b"ALM1:ALM-DEMO-01-20261123-K1-A001:ABCDEFGHIJ" + end)
            event = recorder.next(ScanReceived)
            assert event == ScanReceived(
                b"ALM1:ALM-DEMO-01-20261123-K1-A001:ABCDEFGHIJ", source=f"serial:{pair.device}"
            )
            assert not [e for e in recorder.nothing_more(0.3) if isinstance(e, ScanReceived)]
        finally:
            scanner.stop()

    def test_several_bursts_in_one_write(self, pair):
        scanner, recorder = started(pair)
        try:
            pair.write(b"FIRST\r\nSECOND\r\nTHIRD\r\n")
            assert recorder.scans(3) == [b"FIRST", b"SECOND", b"THIRD"]
        finally:
            scanner.stop()

    def test_a_burst_split_across_reads(self, pair):
        scanner, recorder = started(pair, terminator=Terminator.CRLF)
        try:
            pair.write(b"ALM-PRE1:AAAA")
            time.sleep(0.3)  # longer than one read, so the driver sees a partial burst
            pair.write(b"BBBBCCCC\r")
            time.sleep(0.3)  # and the CR of CR LF alone
            pair.write(b"\nNEXT\r\n")
            assert recorder.scans(2) == [b"ALM-PRE1:AAAABBBBCCCC", b"NEXT"]
        finally:
            scanner.stop()

    def test_garbage_and_non_utf8_bytes_are_handed_on_raw(self, pair):
        scanner, recorder = started(pair)
        try:
            garbage = bytes(range(0x80, 0x100)) + b"\x00\x1b[2J"
            pair.write(garbage + b"\n")
            assert recorder.scans(1) == [garbage]
        finally:
            scanner.stop()

    def test_an_overlong_burst_is_cut_at_the_cap(self, pair):
        scanner, recorder = started(pair, max_length=512)
        try:
            pair.write(b"X" * 3000 + b"\rALM-PRE1:AFTER\r")
            assert recorder.scans(2) == [b"X" * 513, b"ALM-PRE1:AFTER"]
        finally:
            scanner.stop()

    def test_noise_without_a_terminator_is_dropped(self, pair):
        scanner, recorder = started(pair, burst_timeout=0.3)
        try:
            pair.write(b"\x07\x08noise")
            time.sleep(0.8)
            pair.write(b"SCAN\r")
            assert recorder.scans(1) == [b"SCAN"]
        finally:
            scanner.stop()

    def test_unplugged_and_plugged_in_again(self, pair):
        scanner, recorder = started(pair)
        try:
            pair.unplug()
            gone = recorder.next(ScannerStatusChanged)
            assert gone.status is ScannerStatus.UNAVAILABLE
            assert gone.detail.startswith(f"{pair.device} went away: ")
            assert scanner.status is ScannerStatus.UNAVAILABLE
            missing = recorder.next(ScannerStatusChanged)
            assert missing.status is ScannerStatus.UNAVAILABLE
            assert missing.detail.startswith(f"cannot open {pair.device}: ")
            assert scanner.status_detail == missing.detail
            pair.replug()
            back = recorder.next(ScannerStatusChanged)
            assert back == ScannerStatusChanged(ScannerStatus.READY, f"reading {pair.device}")
            pair.write(b"AFTER-REPLUG\r")
            assert recorder.scans(1) == [b"AFTER-REPLUG"]
        finally:
            scanner.stop()

    def test_a_missing_port_is_a_status_not_a_crash(self, tmp_path):
        scanner = SerialScanner(str(tmp_path / "nothing"), reopen_seconds=0.1)
        recorder = Recorder()
        scanner.subscribe(recorder)
        scanner.start()
        try:
            event = recorder.next(ScannerStatusChanged)
            assert event.status is ScannerStatus.UNAVAILABLE
            assert event.detail.startswith(f"cannot open {tmp_path / 'nothing'}: ")
            # The same failure is reported once, not at every retry.
            assert recorder.nothing_more(0.5) == []
        finally:
            scanner.stop()

    def test_stop_ends_the_thread_and_is_idempotent(self, pair):
        scanner, recorder = started(pair)
        scanner.stop()
        scanner.stop()
        assert scanner.status is ScannerStatus.UNAVAILABLE
        pair.write(b"AFTER-STOP\r")
        assert recorder.nothing_more(0.3) == []

    def test_a_failing_listener_does_not_kill_the_thread(self, pair):
        scanner, recorder = started(pair)

        def explode(event: DeviceEvent) -> None:
            raise RuntimeError("listener bug")

        scanner.subscribe(explode)
        try:
            pair.write(b"ONE\r")
            pair.write(b"TWO\r")
            # The recorder comes first and still gets both.
            assert recorder.scans(2) == [b"ONE", b"TWO"]
        finally:
            scanner.stop()

    def test_bad_arguments(self, pair):
        with pytest.raises(ValueError, match="baudrate"):
            SerialScanner(str(pair.device), baudrate=0)


class TestUri:
    def test_a_serial_uri_makes_a_serial_scanner(self):
        scanner = make_scanner("serial:///dev/ttyACM0?baudrate=115200&terminator=crlf")
        assert isinstance(scanner, SerialScanner)
        assert scanner.description == (
            "serial QR scanner on /dev/ttyACM0 at 115200 baud (terminator crlf)"
        )

    def test_defaults(self):
        scanner = make_scanner("serial:///dev/serial/by-id/usb-Scanner-if00")
        assert scanner.description == (
            "serial QR scanner on /dev/serial/by-id/usb-Scanner-if00 at 9600 baud (terminator any)"
        )

    @pytest.mark.parametrize(
        ("uri", "message"),
        [
            ("serial://", "no port, e.g. serial:///dev/ttyACM0"),
            ("serial:///dev/ttyACM0?baudrate=fast", "baudrate 'fast'; expected a positive integer"),
            (
                "serial:///dev/ttyACM0?terminator=tab",
                "terminator 'tab'; expected: cr, lf, crlf, any",
            ),
            ("serial:///dev/ttyACM0?parity=N", "unknown parameter 'parity'"),
            (
                "bluetooth://x",
                "unsupported scheme 'bluetooth'; this build supports: sim://, serial://",
            ),
        ],
    )
    def test_bad_uris_name_the_problem(self, uri, message):
        with pytest.raises(DriverConfigError) as caught:
            make_scanner(uri)
        assert str(caught.value).startswith(f"scanner uri {uri!r}: ")
        assert message in str(caught.value)

    def test_the_configured_scanner_reads_the_pty(self, pair):
        scanner = make_scanner(f"serial://{pair.device}?baudrate=9600&terminator=cr")
        recorder = Recorder()
        scanner.subscribe(recorder)
        scanner.start()
        try:
            assert recorder.next(ScannerStatusChanged).status is ScannerStatus.READY
            pair.write(b"ALM-PRE1:ABCDEFGHIJKLMNOP\r")
            assert recorder.scans(1) == [b"ALM-PRE1:ABCDEFGHIJKLMNOP"]
        finally:
            scanner.stop()
