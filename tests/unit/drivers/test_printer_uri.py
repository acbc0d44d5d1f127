from __future__ import annotations

from pathlib import Path

import pytest

from drivers.base import DriverError
from drivers.printer_uri import (
    PrinterKind,
    PrinterTarget,
    PrinterUriError,
    parse_printer_uri,
    simulated_uri,
)
from drivers.registry import make_printer


@pytest.mark.parametrize(
    ("uri", "expected"),
    [
        (
            "usb://04b8:0202?profile=TM-T88III",
            {"kind": PrinterKind.USB, "vendor_id": 0x04B8, "product_id": 0x0202},
        ),
        (
            "usb://0x0416:0x5011?in_ep=0x81&out_ep=3&profile=POS-5890",
            {"vendor_id": 0x0416, "product_id": 0x5011, "in_endpoint": 0x81, "out_endpoint": 3},
        ),
        ("usb://04B8:0E15", {"vendor_id": 0x04B8, "product_id": 0x0E15, "in_endpoint": None}),
        (
            "serial:///dev/ttyUSB0",
            {"kind": PrinterKind.SERIAL, "device": "/dev/ttyUSB0", "baudrate": 19200},
        ),
        ("serial:///dev/ttyS1?baudrate=9600", {"device": "/dev/ttyS1", "baudrate": 9600}),
        (
            "tcp://192.168.1.50:9100",
            {"kind": PrinterKind.TCP, "host": "192.168.1.50", "port": 9100},
        ),
        ("tcp://printer.local", {"host": "printer.local", "port": 9100}),
        ("tcp://[::1]:9101/", {"host": "::1", "port": 9101}),
        ("file:///dev/usb/lp0", {"kind": PrinterKind.FILE, "device": "/dev/usb/lp0"}),
        ("sim://spool", {"kind": PrinterKind.SIM, "spool_dir": Path("spool")}),
        ("sim:///var/lib/kiosk/spool", {"spool_dir": Path("/var/lib/kiosk/spool")}),
        ("sim://", {"spool_dir": Path("spool")}),
    ],
)
def test_each_scheme_parses(uri: str, expected: dict[str, object]) -> None:
    target = parse_printer_uri(uri)

    assert target.uri == uri
    assert {name: getattr(target, name) for name in expected} == expected


@pytest.mark.parametrize(
    ("uri", "profile", "dot_width", "native_qr"),
    [
        ("tcp://h", "default", 576, True),
        ("tcp://h?profile=TM-T20II", "TM-T20II", 576, True),
        ("tcp://h?profile=TM-T88V", "TM-T88V", 512, True),
        ("usb://0416:5011?profile=POS-5890", "POS-5890", 384, False),
        ("tcp://h?profile=TM-T20II&width=384", "TM-T20II", 384, True),
        ("tcp://h?profile=TM-T20II&qr=image", "TM-T20II", 576, False),
        ("tcp://h?profile=POS-5890&qr=native&width=512", "POS-5890", 512, True),
    ],
)
def test_profile_gives_width_and_qr_engine_unless_overridden(
    uri: str, profile: str, dot_width: int, native_qr: bool
) -> None:
    target = parse_printer_uri(uri)

    assert (target.profile, target.dot_width, target.native_qr) == (profile, dot_width, native_qr)


def test_a_profile_without_a_width_takes_the_configured_one() -> None:
    assert parse_printer_uri("tcp://h", default_dot_width=384).dot_width == 384
    assert parse_printer_uri("tcp://h?profile=TM-T88V", default_dot_width=384).dot_width == 512


@pytest.mark.parametrize(
    ("uri", "message"),
    [
        (
            "lpt://printer",
            "printer uri 'lpt://printer': unsupported scheme 'lpt'; "
            "expected one of usb://, serial://, tcp://, file://, sim://",
        ),
        (
            "usb://04b8",
            "printer uri 'usb://04b8': expected usb://VID:PID with hex ids as lsusb shows them "
            "(e.g. usb://04b8:0202), got '04b8'",
        ),
        (
            "usb://04g8:0202",
            "printer uri 'usb://04g8:0202': expected usb://VID:PID with hex ids as lsusb shows "
            "them (e.g. usb://04b8:0202), got '04g8:0202'",
        ),
        (
            "usb://0000:0202",
            "printer uri 'usb://0000:0202': USB vendor and product ids cannot be 0000",
        ),
        (
            "usb://04b8:0202?in_ep=0x100",
            "printer uri 'usb://04b8:0202?in_ep=0x100': "
            "in_ep '0x100' is not a USB endpoint address (0x01..0xff)",
        ),
        (
            "serial://dev/ttyUSB0",
            "printer uri 'serial://dev/ttyUSB0': expected an absolute device path after three "
            "slashes, e.g. serial:///dev/ttyUSB0",
        ),
        (
            "file:dev/usb/lp0",
            "printer uri 'file:dev/usb/lp0': expected an absolute device path after three "
            "slashes, e.g. file:///dev/usb/lp0",
        ),
        (
            "serial:///dev/ttyUSB0?baudrate=12345",
            "printer uri 'serial:///dev/ttyUSB0?baudrate=12345': baudrate '12345' is not one of "
            "1200, 2400, 4800, 9600, 19200, 38400, 57600, 115200",
        ),
        ("tcp://printer:abc", "printer uri 'tcp://printer:abc': bad port 'abc'; expected 1..65535"),
        (
            "tcp://printer:70000",
            "printer uri 'tcp://printer:70000': bad port '70000'; expected 1..65535",
        ),
        ("tcp://printer:0", "printer uri 'tcp://printer:0': bad port '0'; expected 1..65535"),
        (
            "tcp://:9100",
            "printer uri 'tcp://:9100': missing host; expected tcp://HOST:PORT, "
            "e.g. tcp://192.168.1.50:9100",
        ),
        (
            "tcp://printer/queue",
            "printer uri 'tcp://printer/queue': unexpected path '/queue'; expected tcp://HOST:PORT",
        ),
        (
            "tcp://admin:secret@printer",
            "printer uri 'tcp://admin:secret@printer': "
            "a printer address takes no user name or password",
        ),
        (
            "tcp://printer?profile=TM-T20",
            "printer uri 'tcp://printer?profile=TM-T20': unknown profile 'TM-T20'; "
            "close names: TM-T20II, TM-U220, TM-U220B",
        ),
        (
            "tcp://printer?profile=tm-t88v",
            "printer uri 'tcp://printer?profile=tm-t88v': unknown profile 'tm-t88v'; "
            "close names: TM-T88V, TM-T88IV, TM-T88II",
        ),
        (
            "tcp://printer?profile=zzzzzz",
            "printer uri 'tcp://printer?profile=zzzzzz': unknown profile 'zzzzzz'; "
            "python-escpos knows 35 profiles, e.g. AF-240, CT-S651, KR-306, NT-5890K",
        ),
        (
            "tcp://printer?baudrate=9600",
            "printer uri 'tcp://printer?baudrate=9600': unknown parameter 'baudrate' for tcp://; "
            "accepted: profile, width, qr",
        ),
        (
            "usb://04b8:0202?timeout=5",
            "printer uri 'usb://04b8:0202?timeout=5': unknown parameter 'timeout' for usb://; "
            "accepted: profile, width, qr, in_ep, out_ep",
        ),
        (
            "tcp://printer?profile=a&profile=b",
            "printer uri 'tcp://printer?profile=a&profile=b': parameter 'profile' is given twice",
        ),
        (
            "tcp://printer?profile=",
            "printer uri 'tcp://printer?profile=': parameter 'profile' has no value",
        ),
        (
            "tcp://printer?profile",
            "printer uri 'tcp://printer?profile': malformed query 'profile'; "
            "expected NAME=VALUE&NAME=VALUE",
        ),
        (
            "tcp://printer?width=600",
            "printer uri 'tcp://printer?width=600': width '600' is not one of 384, 512, 576 dots",
        ),
        (
            "tcp://printer?qr=maybe",
            "printer uri 'tcp://printer?qr=maybe': qr 'maybe' is neither 'native' nor 'image'",
        ),
        (
            "tcp://printer#x",
            "printer uri 'tcp://printer#x': unexpected fragment '#x'",
        ),
    ],
)
def test_bad_uris_say_exactly_what_is_wrong(uri: str, message: str) -> None:
    with pytest.raises(PrinterUriError) as raised:
        parse_printer_uri(uri)

    assert str(raised.value) == message


def test_uri_errors_are_driver_errors() -> None:
    assert issubclass(PrinterUriError, DriverError)


@pytest.mark.parametrize(
    ("uri", "address"),
    [
        ("usb://04b8:0202", "usb 04b8:0202"),
        ("serial:///dev/ttyUSB0?baudrate=9600", "serial /dev/ttyUSB0 at 9600 baud"),
        ("tcp://10.0.0.7:9100", "tcp 10.0.0.7:9100"),
        ("file:///dev/usb/lp0", "file /dev/usb/lp0"),
        ("sim://spool", "simulated, spool spool"),
    ],
)
def test_address_names_the_device_for_technicians(uri: str, address: str) -> None:
    assert parse_printer_uri(uri).address == address


def test_target_is_immutable() -> None:
    target = parse_printer_uri("tcp://printer")

    with pytest.raises(AttributeError):
        target.port = 1  # type: ignore[misc]
    assert isinstance(target, PrinterTarget)


@pytest.mark.parametrize(
    ("configured", "simulated", "width"),
    [
        ("sim://spool?width=384", "sim://spool?width=384", 384),
        ("sim:///var/spool/kiosk?width=512", "sim:///var/spool/kiosk?width=512", 512),
        ("sim://spool", "sim://spool", 576),
        ("usb://0416:5011?width=384", "sim://spool?width=384", 384),
        ("tcp://192.168.1.50:9100?profile=TM-T88III", "sim://spool?width=512", 512),
        ("usb://nonsense", "sim://spool?width=576", 576),
    ],
)
def test_the_demo_printer_keeps_the_configured_width(
    configured: str, simulated: str, width: int, tmp_path: Path
) -> None:
    """``--demo`` and the screenshots print at the width the README's ``&width=`` sets."""
    assert simulated_uri(configured, default_dot_width=576) == simulated
    printer = make_printer(simulated, data_dir=tmp_path, dot_width=576)
    assert printer.dot_width == width
