"""The HID (keyboard-emulating) QR scanner: key decoding on recorded event sequences.

There is no ``/dev/uinput`` (and no ``/dev/input``) on the machines these tests run on,
so no virtual keyboard can be created and grabbed. The decoding is therefore tested on
``(type, code, value)`` tuples as the kernel reports them for a USB scanner (each key:
``EV_MSC MSC_SCAN``, the key event, ``EV_SYN``); the device side is tested for what can
happen here: no matching device, a missing path, and python-evdev not being importable.
The key numbers are written out by hand below from ``linux/input-event-codes.h``, not
taken from the module under test.
"""

from __future__ import annotations

import queue
import sys

import pytest

from drivers import hid_scanner
from drivers.base import ScannerStatus, ScannerStatusChanged
from drivers.hid_scanner import EVDEV_MISSING, DecodedScan, HidScanner, KeyDecoder
from drivers.registry import DriverConfigError, make_scanner

EV_SYN, EV_KEY, EV_MSC = 0, 1, 4
LSHIFT, RSHIFT, LCTRL, RALT, CAPS, ENTER, KPENTER = 42, 54, 29, 100, 58, 28, 96


def key(code: int, value: int) -> list[tuple[int, int, int]]:
    """One key event as a USB keyboard reports it (scan code, key, report end)."""
    return [(EV_MSC, 4, 0x70000 + code), (EV_KEY, code, value), (EV_SYN, 0, 0)]


def tap(code: int, *modifiers: int) -> list[tuple[int, int, int]]:
    """Press and release ``code`` with ``modifiers`` held, as scanners type."""
    events: list[tuple[int, int, int]] = []
    for modifier in modifiers:
        events += key(modifier, 1)
    events += key(code, 1) + key(code, 0)
    for modifier in reversed(modifiers):
        events += key(modifier, 0)
    return events


def typed(*taps: list[tuple[int, int, int]]) -> list[tuple[int, int, int]]:
    return [event for one in taps for event in one]


# "ALM1:X-9" then Enter, as a scanner set to US English sends it.
RECORDED_US = typed(
    tap(30, LSHIFT),  # A
    tap(38, LSHIFT),  # L
    tap(50, LSHIFT),  # M
    tap(2),  # 1
    tap(39, LSHIFT),  # :
    tap(45, LSHIFT),  # X
    tap(12),  # -
    tap(10),  # 9
    tap(ENTER),
)


class TestDecoding:
    def test_a_us_scan(self):
        assert KeyDecoder("us").feed_all(RECORDED_US) == [DecodedScan("ALM1:X-9")]

    def test_right_shift_and_lower_case(self):
        events = typed(tap(30, RSHIFT), tap(30), tap(48, RSHIFT), tap(48), tap(ENTER))
        assert KeyDecoder("us").feed_all(events) == [DecodedScan("AaBb")]

    def test_us_punctuation(self):
        events = typed(
            tap(12, LSHIFT),  # _
            tap(53),  # /
            tap(52),  # .
            tap(13),  # =
            tap(3, LSHIFT),  # @
            tap(40, LSHIFT),  # "
            tap(57),  # space
            tap(ENTER),
        )
        assert KeyDecoder("us").feed_all(events) == [DecodedScan('_/.=@" ')]

    def test_uk_differs_from_us(self):
        events = typed(tap(3, LSHIFT), tap(40, LSHIFT), tap(43), tap(ENTER))
        assert KeyDecoder("uk").feed_all(events) == [DecodedScan('"@#')]
        assert KeyDecoder("us").feed_all(events) == [DecodedScan('@"\\')]

    def test_german_qwertz(self):
        events = typed(
            tap(30, LSHIFT),  # A
            tap(38, LSHIFT),  # L
            tap(50, LSHIFT),  # M
            tap(2),  # 1
            tap(52, LSHIFT),  # : is Shift+. on QWERTZ
            tap(21, LSHIFT),  # Z sits where US has Y
            tap(53),  # - sits where US has /
            tap(44),  # y sits where US has z
            tap(16, RALT),  # @ is AltGr+Q
            tap(ENTER),
        )
        assert KeyDecoder("de").feed_all(events) == [DecodedScan("ALM1:Z-y@")]

    def test_french_azerty_needs_shift_for_digits(self):
        events = typed(
            tap(16, LSHIFT),  # A where US has Q
            tap(38, LSHIFT),  # L
            tap(39, LSHIFT),  # M where US has ;
            tap(2, LSHIFT),  # 1 is Shift+&
            tap(52),  # : unshifted where US has .
            tap(2),  # & unshifted
            tap(11, RALT),  # @ is AltGr+à
            tap(ENTER),
        )
        assert KeyDecoder("fr").feed_all(events) == [DecodedScan("ALM1:&@")]

    def test_keypad_digits_and_keypad_enter(self):
        events = typed(tap(79), tap(80), tap(81), tap(74), tap(82), tap(KPENTER))
        assert KeyDecoder("fr").feed_all(events) == [DecodedScan("123-0")]

    def test_caps_lock_inverts_letters_only(self):
        events = typed(tap(CAPS), tap(30), tap(30, LSHIFT), tap(2), tap(CAPS), tap(30), tap(ENTER))
        assert KeyDecoder("us").feed_all(events) == [DecodedScan("Aa1a")]

    def test_auto_repeat_is_ignored(self):
        events = key(30, 1) + [(EV_KEY, 30, 2)] * 5 + key(30, 0) + tap(ENTER)
        assert KeyDecoder("us").feed_all(events) == [DecodedScan("a")]

    def test_ctrl_combinations_become_control_characters(self):
        events = typed(tap(30), tap(50, LCTRL), tap(34, LCTRL, LSHIFT), tap(ENTER))
        # Ctrl+M is CR and Ctrl+G is BEL: the parser refuses them, nothing is lost quietly.
        assert KeyDecoder("us").feed_all(events) == [DecodedScan("a\r\x07")]

    def test_an_unmapped_key_becomes_a_replacement_character(self):
        events = typed(tap(30), tap(59), tap(16, RALT), tap(ENTER))  # F1, AltGr+Q on US
        assert KeyDecoder("us").feed_all(events) == [DecodedScan("a\ufffd\ufffd")]

    def test_several_scans_and_empty_lines(self):
        events = typed(tap(ENTER), tap(30), tap(ENTER), tap(ENTER), tap(48), tap(KPENTER))
        assert KeyDecoder("us").feed_all(events) == [DecodedScan("a"), DecodedScan("b")]

    def test_shift_released_between_keys(self):
        events = key(LSHIFT, 1) + key(30, 1) + key(LSHIFT, 0) + key(30, 0) + tap(30) + tap(ENTER)
        assert KeyDecoder("us").feed_all(events) == [DecodedScan("Aa")]

    def test_an_overlong_scan_is_cut_to_one_more_than_the_cap(self):
        decoder = KeyDecoder("us", max_length=8)
        events = typed(*[tap(30)] * 20, tap(ENTER), tap(48), tap(ENTER))
        assert decoder.feed_all(events) == [
            DecodedScan("a" * 9, overlong=True),
            DecodedScan("b"),
        ]

    def test_reset_forgets_a_partial_scan_and_held_keys(self):
        decoder = KeyDecoder("us")
        decoder.feed_all(key(LSHIFT, 1) + tap(30))
        decoder.reset()
        assert decoder.feed_all(typed(tap(30), tap(ENTER))) == [DecodedScan("a")]

    def test_unknown_layout(self):
        with pytest.raises(ValueError, match="unknown layout 'dvorak'; expected one of us, uk"):
            KeyDecoder("dvorak")


class TestAgainstPythonEvdev:
    def test_the_key_numbers_match_evdev(self):
        ecodes = pytest.importorskip("evdev").ecodes
        for name in (
            "EV_SYN",
            "EV_KEY",
            "EV_MSC",
            "KEY_ENTER",
            "KEY_KPENTER",
            "KEY_LEFTSHIFT",
            "KEY_RIGHTSHIFT",
            "KEY_LEFTCTRL",
            "KEY_RIGHTCTRL",
            "KEY_LEFTALT",
            "KEY_RIGHTALT",
            "KEY_CAPSLOCK",
            "KEY_SPACE",
            "KEY_TAB",
            "KEY_102ND",
        ):
            assert getattr(hid_scanner, name) == getattr(ecodes, name), name
        assert ecodes.KEY_A == 30 and ecodes.KEY_Q == 16 and ecodes.KEY_KP1 == 79


def first_status(scanner: HidScanner) -> ScannerStatusChanged:
    events: queue.Queue[object] = queue.Queue()
    scanner.subscribe(events.put)
    scanner.start()
    try:
        while True:
            event = events.get(timeout=5)
            if isinstance(event, ScannerStatusChanged):
                return event
    finally:
        scanner.stop()


class TestDevice:
    def test_no_device_matches_the_name(self):
        pytest.importorskip("evdev")
        event = first_status(HidScanner(name_pattern="*Barcode*"))
        assert event.status is ScannerStatus.UNAVAILABLE
        assert event.detail.startswith("no input device named like '*Barcode*' (devices: ")

    def test_a_missing_path(self, tmp_path):
        pytest.importorskip("evdev")
        path = tmp_path / "event-kbd"
        event = first_status(HidScanner(path=str(path)))
        assert event == ScannerStatusChanged(
            ScannerStatus.UNAVAILABLE, f"cannot open {path}: No such file or directory"
        )

    def test_without_python_evdev_the_scanner_is_unavailable(self, monkeypatch):
        # python-evdev is installed here; a None entry in sys.modules makes importing it
        # fail exactly as it does on a machine without it.
        monkeypatch.setitem(sys.modules, "evdev", None)
        scanner = HidScanner(name_pattern="*")
        event = first_status(scanner)
        assert event == ScannerStatusChanged(ScannerStatus.UNAVAILABLE, EVDEV_MISSING)
        assert scanner.status_detail == EVDEV_MISSING

    def test_description(self):
        scanner = HidScanner(path="/dev/input/by-id/usb-scanner-event-kbd", layout="de")
        assert scanner.description == (
            "HID QR scanner /dev/input/by-id/usb-scanner-event-kbd (layout de)"
        )

    def test_path_or_name_not_both(self):
        with pytest.raises(ValueError, match="exactly one"):
            HidScanner(path="/dev/input/event3", name_pattern="*")
        with pytest.raises(ValueError, match="exactly one"):
            HidScanner()


class TestUri:
    def test_by_name(self):
        scanner = make_scanner("hid://?name=*Barcode%20Scanner*&layout=de")
        assert isinstance(scanner, HidScanner)
        assert scanner.description == (
            "HID QR scanner the input device named like '*Barcode Scanner*' (layout de)"
        )

    def test_by_path(self):
        scanner = make_scanner("hid:///dev/input/by-id/usb-Scanner-event-kbd")
        assert scanner.description == (
            "HID QR scanner /dev/input/by-id/usb-Scanner-event-kbd (layout us)"
        )

    @pytest.mark.parametrize(
        ("uri", "message"),
        [
            ("hid://", "give either a device path"),
            ("hid:///dev/input/event3?name=x", "not both or neither"),
            ("hid://?name=x&layout=dvorak", "layout 'dvorak'; expected: us, uk, de, fr"),
            ("hid://?name=x&grab=no", "unknown parameter 'grab'"),
        ],
    )
    def test_bad_uris_name_the_problem(self, uri, message):
        with pytest.raises(DriverConfigError) as caught:
            make_scanner(uri)
        assert str(caught.value).startswith(f"scanner uri {uri!r}: ")
        assert message in str(caught.value)
