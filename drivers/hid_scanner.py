"""A QR scanner that presents itself as a USB keyboard, read through evdev (Linux only).

The scanner "types" each code and presses Enter. Reading it as a keyboard would put the
code into whatever field has focus, so this adapter opens its input device and grabs it
exclusively (``EVIOCGRAB``): its keys reach only us, never the desktop or the kiosk UI.

Key codes are turned into characters by :class:`KeyDecoder`, a pure function of
``(type, code, value)`` tuples as the kernel reports them, so it is tested on recorded
sequences without a device. It knows Shift, Caps Lock, AltGr and Ctrl, the numeric
keypad, and the layouts scanners are usually set to: ``us``, ``uk``, ``de`` (QWERTZ) and
``fr`` (AZERTY). A key it cannot map becomes U+FFFD, so the scan is refused downstream
rather than silently altered. Dead keys are taken as their plain character.

The key and event-type numbers are defined here (from ``linux/input-event-codes.h``,
checked against ``evdev.ecodes`` by the tests when python-evdev is installed), so this
module imports python-evdev only when a device is opened. Without python-evdev the
scanner's status is UNAVAILABLE with a detail that says so.

The device is chosen by path (``/dev/input/by-id/usb-...-event-kbd``) or by a name
pattern (fnmatch, case-insensitive, on the name the device reports). A device that goes
away is looked for again every ``reopen_seconds``.
"""

from __future__ import annotations

import fnmatch
import logging
import select
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from drivers.base import ScannerStatus, ScanReceived
from drivers.scanner_thread import ThreadedScanner

logger = logging.getLogger("drivers.hid_scanner")

DEFAULT_MAX_LENGTH = 512
DEFAULT_REOPEN_SECONDS = 1.0
POLL_SECONDS = 0.2
EVDEV_MISSING = "python-evdev is not installed (pip install 'evdev>=1.7,<3'); HID scanners need it"

# linux/input-event-codes.h
EV_SYN = 0x00
EV_KEY = 0x01
EV_MSC = 0x04
KEY_UP, KEY_DOWN, KEY_REPEAT = 0, 1, 2
KEY_ENTER = 28
KEY_KPENTER = 96
KEY_LEFTSHIFT = 42
KEY_RIGHTSHIFT = 54
KEY_LEFTCTRL = 29
KEY_RIGHTCTRL = 97
KEY_LEFTALT = 56
KEY_RIGHTALT = 100
KEY_CAPSLOCK = 58
KEY_SPACE = 57
KEY_TAB = 15
KEY_102ND = 86

REPLACEMENT = "\ufffd"

# (key code, unshifted, shifted) for the main block, per layout; "" means nothing.
_ROWS_US: dict[int, tuple[str, str]] = {
    **{2 + i: (c, s) for i, (c, s) in enumerate(zip("1234567890-=", "!@#$%^&*()_+", strict=True))},
    **{16 + i: (c, s) for i, (c, s) in enumerate(zip("qwertyuiop[]", "QWERTYUIOP{}", strict=True))},
    **{30 + i: (c, s) for i, (c, s) in enumerate(zip("asdfghjkl;'`", 'ASDFGHJKL:"~', strict=True))},
    43: ("\\", "|"),
    **{44 + i: (c, s) for i, (c, s) in enumerate(zip("zxcvbnm,./", "ZXCVBNM<>?", strict=True))},
    KEY_SPACE: (" ", " "),
    KEY_102ND: ("\\", "|"),
}
_ROWS_UK: dict[int, tuple[str, str]] = {
    **_ROWS_US,
    3: ("2", '"'),
    4: ("3", "£"),
    40: ("'", "@"),
    41: ("`", "¬"),
    43: ("#", "~"),
    KEY_102ND: ("\\", "|"),
}
_ROWS_DE: dict[int, tuple[str, str]] = {
    **{2 + i: (c, s) for i, (c, s) in enumerate(zip("1234567890ß´", '!"§$%&/()=?`', strict=True))},
    **{16 + i: (c, s) for i, (c, s) in enumerate(zip("qwertzuiopü+", "QWERTZUIOPÜ*", strict=True))},
    **{30 + i: (c, s) for i, (c, s) in enumerate(zip("asdfghjklöä^", "ASDFGHJKLÖÄ°", strict=True))},
    43: ("#", "'"),
    **{44 + i: (c, s) for i, (c, s) in enumerate(zip("yxcvbnm,.-", "YXCVBNM;:_", strict=True))},
    KEY_SPACE: (" ", " "),
    KEY_102ND: ("<", ">"),
}
_ALTGR_DE = {3: "²", 4: "³", 8: "{", 9: "[", 10: "]", 11: "}", 12: "\\", 16: "@", 18: "€",
             27: "~", 50: "µ", KEY_102ND: "|"}  # fmt: skip
_ROWS_FR: dict[int, tuple[str, str]] = {
    **{2 + i: (c, s) for i, (c, s) in enumerate(zip("&é\"'(-è_çà)=", "1234567890°+", strict=True))},
    **{16 + i: (c, s) for i, (c, s) in enumerate(zip("azertyuiop^$", "AZERTYUIOP¨£", strict=True))},
    **{30 + i: (c, s) for i, (c, s) in enumerate(zip("qsdfghjklmù²", "QSDFGHJKLM%²", strict=True))},
    43: ("*", "µ"),
    **{44 + i: (c, s) for i, (c, s) in enumerate(zip("wxcvbn,;:!", "WXCVBN?./§", strict=True))},
    KEY_SPACE: (" ", " "),
    KEY_102ND: ("<", ">"),
}
_ALTGR_FR = {3: "~", 4: "#", 5: "{", 6: "[", 7: "|", 8: "`", 9: "\\", 10: "^", 11: "@", 12: "]",
             13: "}", 18: "€", 27: "¤"}  # fmt: skip
#: The numeric keypad types the same on every layout (scanners assume Num Lock on).
_KEYPAD = {71: "7", 72: "8", 73: "9", 74: "-", 75: "4", 76: "5", 77: "6", 78: "+", 79: "1",
           80: "2", 81: "3", 82: "0", 83: ".", 55: "*", 98: "/"}  # fmt: skip


@dataclass(frozen=True)
class Layout:
    """What each key types on one keyboard layout."""

    name: str
    keys: Mapping[int, tuple[str, str]]
    altgr: Mapping[int, str]


LAYOUTS: dict[str, Layout] = {
    "us": Layout("us", _ROWS_US, {}),
    "uk": Layout("uk", _ROWS_UK, {}),
    "de": Layout("de", _ROWS_DE, _ALTGR_DE),
    "fr": Layout("fr", _ROWS_FR, _ALTGR_FR),
}

_MODIFIERS = frozenset(
    {KEY_LEFTSHIFT, KEY_RIGHTSHIFT, KEY_LEFTCTRL, KEY_RIGHTCTRL, KEY_LEFTALT, KEY_RIGHTALT}
)


@dataclass(frozen=True)
class DecodedScan:
    """One scan typed by the scanner; ``overlong`` when it was cut at the cap."""

    text: str
    overlong: bool = False


class KeyDecoder:
    """Turns key events into scans, one per Enter; pure, so it runs on recorded events.

    Args:
        layout: the layout the scanner is set to (a key of ``LAYOUTS``).
        max_length: longest scan handed on whole; longer ones are cut to one more.

    """

    def __init__(self, layout: str = "us", max_length: int = DEFAULT_MAX_LENGTH) -> None:
        if layout not in LAYOUTS:
            raise ValueError(f"unknown layout {layout!r}; expected one of {', '.join(LAYOUTS)}")
        self.layout = LAYOUTS[layout]
        self.max_length = max_length
        self._held: set[int] = set()
        self._caps = False
        self._chars: list[str] = []
        self._overlong = False

    def feed(self, event: tuple[int, int, int]) -> DecodedScan | None:
        """Take one ``(type, code, value)`` event; returns the scan an Enter completes."""
        kind, code, value = event
        if kind != EV_KEY:
            return None
        if value == KEY_UP:
            self._held.discard(code)
            return None
        if value == KEY_REPEAT:
            return None  # a scanner never holds a key; repeats would duplicate characters
        if value != KEY_DOWN:
            return None
        if code in _MODIFIERS:
            self._held.add(code)
            return None
        if code == KEY_CAPSLOCK:
            self._caps = not self._caps
            return None
        if code in (KEY_ENTER, KEY_KPENTER):
            return self._finish()
        self._add(self._character(code))
        return None

    def feed_all(self, events: Iterable[tuple[int, int, int]]) -> list[DecodedScan]:
        """Every scan completed by ``events``, in order."""
        return [scan for event in events if (scan := self.feed(event)) is not None]

    def reset(self) -> None:
        """Forget held keys and any partial scan (the device was reopened)."""
        self._held.clear()
        self._caps = False
        self._chars.clear()
        self._overlong = False

    def _character(self, code: int) -> str:
        shift = bool(self._held & {KEY_LEFTSHIFT, KEY_RIGHTSHIFT})
        ctrl = bool(self._held & {KEY_LEFTCTRL, KEY_RIGHTCTRL})
        altgr = KEY_RIGHTALT in self._held
        if code in _KEYPAD:
            return _KEYPAD[code]
        if code == KEY_TAB:
            return "\t"
        if altgr:
            return self.layout.altgr.get(code, REPLACEMENT)
        pair = self.layout.keys.get(code)
        if pair is None:
            return REPLACEMENT
        plain, shifted = pair
        char = shifted if shift else plain
        if self._caps and len(plain) == 1 and plain.isalpha():
            char = plain if shift else shifted
        if ctrl and len(char) == 1 and "@" <= char.upper() <= "_":
            return chr(ord(char.upper()) - 0x40)  # Ctrl+M is CR, as a terminal would have it
        return char or REPLACEMENT

    def _add(self, char: str) -> None:
        if len(self._chars) > self.max_length:
            self._overlong = True
            return
        self._chars.append(char)
        if len(self._chars) > self.max_length:
            self._overlong = True

    def _finish(self) -> DecodedScan | None:
        text = "".join(self._chars)
        overlong = self._overlong
        self._chars.clear()
        self._overlong = False
        if not text:
            return None
        return DecodedScan(text, overlong)


class _UnavailableError(Exception):
    """Internal: report UNAVAILABLE with this detail and try again later."""


def _load_evdev() -> Any:
    """python-evdev, imported only when a device is opened."""
    import evdev  # optional dependency, Linux only

    return evdev


class HidScanner(ThreadedScanner):
    """A keyboard-emulating scanner, grabbed exclusively through evdev.

    Args:
        path: the event device (better a ``/dev/input/by-id/`` link); or
        name_pattern: fnmatch pattern on device names, case-insensitive, when no path.
        layout: what the scanner is set to type (``us``, ``uk``, ``de``, ``fr``).
        max_length: longest scan handed on whole.
        reopen_seconds: how often a missing device is looked for again.

    """

    def __init__(
        self,
        *,
        path: str = "",
        name_pattern: str = "",
        layout: str = "us",
        max_length: int = DEFAULT_MAX_LENGTH,
        reopen_seconds: float = DEFAULT_REOPEN_SECONDS,
    ) -> None:
        super().__init__("HID scanner", "hid-scanner", logger)
        if bool(path) == bool(name_pattern):
            raise ValueError("give exactly one of a device path or a name pattern")
        self._path = path
        self._pattern = name_pattern
        self._decoder = KeyDecoder(layout, max_length)
        self._reopen = reopen_seconds
        self._device_text = ""

    @property
    def description(self) -> str:
        """The device in use, or what is looked for."""
        wanted = self._path or f"the input device named like {self._pattern!r}"
        with self._lock:
            using = self._device_text
        return f"HID QR scanner {using or wanted} (layout {self._decoder.layout.name})"

    # The rest runs on the reading thread only.

    def _run(self) -> None:
        try:
            evdev = _load_evdev()
        except ImportError:
            self._report(ScannerStatus.UNAVAILABLE, EVDEV_MISSING)
            return
        while not self._stopping.is_set():
            try:
                device = self._open(evdev)
                try:
                    self._read(device)
                finally:
                    self._close(device)
            except _UnavailableError as exc:
                self._report(ScannerStatus.UNAVAILABLE, str(exc))
            except Exception as exc:
                logger.exception("HID scanner thread error; starting over")
                self._report(ScannerStatus.UNAVAILABLE, f"internal error: {exc!r}")
            self._stopping.wait(self._reopen)
        self._mark_stopped()

    def _find_path(self, evdev: Any) -> str:
        if self._path:
            return self._path
        pattern = self._pattern.casefold()
        names = []
        for candidate in evdev.list_devices():
            try:
                device = evdev.InputDevice(candidate)
            except OSError as exc:
                names.append(f"{candidate} ({exc.strerror})")
                continue
            try:
                name = str(device.name)
            finally:
                device.close()
            if fnmatch.fnmatchcase(name.casefold(), pattern):
                return str(candidate)
            names.append(f"{candidate} {name!r}")
        listed = ", ".join(names) or "none"
        raise _UnavailableError(f"no input device named like {self._pattern!r} (devices: {listed})")

    def _open(self, evdev: Any) -> Any:
        path = self._find_path(evdev)
        try:
            device = evdev.InputDevice(path)
        except PermissionError as exc:
            raise _UnavailableError(
                f"cannot open {path}: {exc.strerror}; the kiosk user needs group 'input' or a "
                "udev rule for the scanner"
            ) from exc
        except OSError as exc:
            raise _UnavailableError(f"cannot open {path}: {exc.strerror or exc}") from exc
        try:
            device.grab()
        except OSError as exc:
            device.close()
            raise _UnavailableError(
                f"cannot grab {path} exclusively: {exc.strerror or exc} (is another program "
                "reading it?)"
            ) from exc
        self._decoder.reset()
        text = f"{path} ({device.name!r})"
        with self._lock:
            self._device_text = text
        logger.info("HID scanner %s grabbed", text)
        self._report(ScannerStatus.READY, f"reading {text}")
        return device

    def _close(self, device: Any) -> None:
        with self._lock:
            self._device_text = ""
        for action in (device.ungrab, device.close):
            try:
                action()
            except OSError:
                logger.debug("releasing the HID scanner failed", exc_info=True)

    def _read(self, device: Any) -> None:
        while not self._stopping.is_set():
            try:
                ready, _, _ = select.select([device.fd], [], [], POLL_SECONDS)
                if not ready:
                    continue
                events = [(e.type, e.code, e.value) for e in device.read()]
            except BlockingIOError:
                continue
            except OSError as exc:
                raise _UnavailableError(f"{device.path} went away: {exc.strerror or exc}") from exc
            for scan in self._decoder.feed_all(events):
                self._hand_on(scan, str(device.path))

    def _hand_on(self, scan: DecodedScan, path: str) -> None:
        if scan.overlong:
            logger.warning("scan on %s over %d characters: cut", path, self._decoder.max_length)
        else:
            logger.info("scan of %d characters on %s", len(scan.text), path)
        payload = scan.text.encode("utf-8")
        self._emit_safely(ScanReceived(payload, source=f"hid:{path}"))


def layout_names() -> tuple[str, ...]:
    """The layouts a ``hid://`` URI may name."""
    return tuple(LAYOUTS)
