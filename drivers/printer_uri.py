"""Parse the one URI that says which receipt printer to use and how.

A technician configures a printer with a single string (``[printer] uri`` or
``KIOSK_PRINTER``), so every mistake in it must come back as one exact message that
names the URI and what is wrong, before the kiosk opens any device:

- ``usb://VID:PID`` (hex ids, as ``lsusb`` shows them), ``?in_ep=0x81&out_ep=0x03``
  for printers whose endpoints differ from python-escpos's 0x82/0x01;
- ``serial:///dev/ttyUSB0?baudrate=19200``;
- ``tcp://HOST:9100``;
- ``file:///dev/usb/lp0`` (the kernel's usblp device);
- ``sim://SPOOL_DIR``, the simulated printer (a relative folder is under data_dir).

Every scheme takes ``?profile=NAME`` (a python-escpos printer profile, which knows
the code pages, the cutter, the QR engine and usually the paper width),
``?width=384|512|576`` to override the profile's width in dots, and
``?qr=native|image`` to override whether the printer draws QR codes itself.
"""

from __future__ import annotations

import difflib
import enum
import re
from dataclasses import dataclass, replace
from pathlib import Path
from urllib.parse import parse_qsl, urlsplit

from drivers.base import DriverError
from drivers.escpos_profiles import profile_names, profile_supports, profile_width

#: The python-escpos profile used when the URI names none (Epson TM-class commands).
DEFAULT_PROFILE = "default"

#: Paper widths a URI may ask for: 58 mm paper has 384 dots, 80 mm has 512 or 576.
WIDTHS = (384, 512, 576)

#: The simulated printer's spool folder when ``sim://`` names none.
DEFAULT_SPOOL_DIR = Path("spool")

DEFAULT_BAUDRATE = 19200
DEFAULT_PORT = 9100
BAUDRATES = (1200, 2400, 4800, 9600, 19200, 38400, 57600, 115200)

_HEX_ID = re.compile(r"(?:0x)?([0-9a-fA-F]{1,4})")
_COMMON_PARAMETERS = ("profile", "width", "qr")


class PrinterUriError(DriverError):
    """A printer URI that cannot be used; the message names the URI and what is wrong."""


class PrinterKind(enum.Enum):
    """How the kiosk reaches the printer."""

    USB = "usb"
    SERIAL = "serial"
    TCP = "tcp"
    FILE = "file"
    SIM = "sim"


_EXTRA_PARAMETERS = {
    PrinterKind.USB: ("in_ep", "out_ep"),
    PrinterKind.SERIAL: ("baudrate",),
    PrinterKind.TCP: (),
    PrinterKind.FILE: (),
    PrinterKind.SIM: (),
}


@dataclass(frozen=True)
class PrinterTarget:
    """A parsed printer URI: where the printer is and what it can do.

    Fields that do not apply to ``kind`` keep their defaults.
    """

    uri: str
    kind: PrinterKind
    profile: str
    dot_width: int
    native_qr: bool
    vendor_id: int = 0
    product_id: int = 0
    in_endpoint: int | None = None
    out_endpoint: int | None = None
    device: str = ""
    baudrate: int = DEFAULT_BAUDRATE
    host: str = ""
    port: int = DEFAULT_PORT
    spool_dir: Path = DEFAULT_SPOOL_DIR

    @property
    def address(self) -> str:
        """Where the printer is, for logs and the technician screen."""
        if self.kind is PrinterKind.USB:
            return f"usb {self.vendor_id:04x}:{self.product_id:04x}"
        if self.kind is PrinterKind.SERIAL:
            return f"serial {self.device} at {self.baudrate} baud"
        if self.kind is PrinterKind.TCP:
            return f"tcp {self.host}:{self.port}"
        if self.kind is PrinterKind.FILE:
            return f"file {self.device}"
        return f"simulated, spool {self.spool_dir}"


def parse_printer_uri(uri: str, *, default_dot_width: int = 576) -> PrinterTarget:
    """Parse ``uri`` into a ``PrinterTarget``.

    Args:
        uri: The printer URI (see the module docstring).
        default_dot_width: The width when neither ``?width=`` nor the profile
            says (python-escpos's "default" profile does not); the kiosk passes
            its ``[printer] dot_width`` setting.

    Returns:
        The target; ``dot_width`` is ``?width=``, else the profile's media width,
        else ``default_dot_width``; ``native_qr`` is ``?qr=``, else whether the
        profile has a QR engine.

    Raises:
        PrinterUriError: With a message naming ``uri`` and what is wrong.

    """
    parts = urlsplit(uri.strip())
    try:
        kind = PrinterKind(parts.scheme)
    except ValueError:
        schemes = ", ".join(f"{k.value}://" for k in PrinterKind)
        raise _error(
            uri, f"unsupported scheme {parts.scheme!r}; expected one of {schemes}"
        ) from None
    if parts.fragment:
        raise _error(uri, f"unexpected fragment '#{parts.fragment}'")
    query = _query(uri, parts.query, kind)
    profile = query.get("profile", DEFAULT_PROFILE)
    names = profile_names()
    if profile not in names:
        raise _error(uri, f"unknown profile {profile!r}{_suggestions(profile, names)}")
    target = PrinterTarget(
        uri=uri,
        kind=kind,
        profile=profile,
        dot_width=_dot_width(uri, query.get("width"), profile, default_dot_width),
        native_qr=_native_qr(uri, query.get("qr"), profile),
    )
    if kind is PrinterKind.USB:
        vendor, product = _usb_ids(uri, parts.netloc, parts.path)
        return replace(
            target,
            vendor_id=vendor,
            product_id=product,
            in_endpoint=_endpoint(uri, "in_ep", query.get("in_ep")),
            out_endpoint=_endpoint(uri, "out_ep", query.get("out_ep")),
        )
    if kind in (PrinterKind.SERIAL, PrinterKind.FILE):
        if parts.netloc or not parts.path.startswith("/"):
            example = "ttyUSB0" if kind is PrinterKind.SERIAL else "usb/lp0"
            raise _error(
                uri,
                "expected an absolute device path after three slashes, "
                f"e.g. {kind.value}:///dev/{example}",
            )
        return replace(target, device=parts.path, baudrate=_baudrate(uri, query.get("baudrate")))
    if kind is PrinterKind.TCP:
        host, port = _host_port(uri, parts.netloc, parts.path)
        return replace(target, host=host, port=port)
    location = parts.netloc + parts.path
    return replace(target, spool_dir=Path(location).expanduser() if location else DEFAULT_SPOOL_DIR)


def simulated_uri(uri: str, *, default_dot_width: int = 576) -> str:
    """The simulated printer standing in for ``uri`` (``--demo``, screenshots).

    A ``sim://`` URI is kept whole, so ``sim://spool?width=384`` prints 384 dots wide;
    any other printer is simulated at its own width, in the default spool folder. A URI
    that does not parse is left to the real start-up to report: the stand-in then takes
    ``default_dot_width``.
    """
    try:
        target = parse_printer_uri(uri, default_dot_width=default_dot_width)
    except PrinterUriError:
        return f"{PrinterKind.SIM.value}://{DEFAULT_SPOOL_DIR}?width={default_dot_width}"
    if target.kind is PrinterKind.SIM:
        return uri
    return f"{PrinterKind.SIM.value}://{DEFAULT_SPOOL_DIR}?width={target.dot_width}"


def _error(uri: str, problem: str) -> PrinterUriError:
    return PrinterUriError(f"printer uri {uri!r}: {problem}")


def _query(uri: str, query: str, kind: PrinterKind) -> dict[str, str]:
    allowed = _COMMON_PARAMETERS + _EXTRA_PARAMETERS[kind]
    values: dict[str, str] = {}
    try:
        pairs = parse_qsl(query, keep_blank_values=True, strict_parsing=bool(query))
    except ValueError:
        raise _error(uri, f"malformed query {query!r}; expected NAME=VALUE&NAME=VALUE") from None
    for name, value in pairs:
        if name not in allowed:
            raise _error(
                uri,
                f"unknown parameter {name!r} for {kind.value}://; accepted: {', '.join(allowed)}",
            )
        if name in values:
            raise _error(uri, f"parameter {name!r} is given twice")
        if not value:
            raise _error(uri, f"parameter {name!r} has no value")
        values[name] = value
    return values


def _suggestions(name: str, names: list[str]) -> str:
    folded = {candidate.casefold(): candidate for candidate in names}
    close = difflib.get_close_matches(name.casefold(), list(folded), n=3, cutoff=0.5)
    if not close:
        return f"; python-escpos knows {len(names)} profiles, e.g. {', '.join(names[:4])}"
    return f"; close names: {', '.join(folded[match] for match in close)}"


def _dot_width(uri: str, requested: str | None, profile: str, default: int) -> int:
    if requested is not None:
        if not requested.isdigit() or int(requested) not in WIDTHS:
            raise _error(
                uri, f"width {requested!r} is not one of {', '.join(map(str, WIDTHS))} dots"
            )
        return int(requested)
    return profile_width(profile) or default


def _native_qr(uri: str, requested: str | None, profile: str) -> bool:
    if requested is None:
        return profile_supports(profile, "qrCode")
    if requested not in ("native", "image"):
        raise _error(uri, f"qr {requested!r} is neither 'native' nor 'image'")
    return requested == "native"


def _usb_ids(uri: str, netloc: str, path: str) -> tuple[int, int]:
    vendor, separator, product = netloc.partition(":")
    vendor_match = _HEX_ID.fullmatch(vendor)
    product_match = _HEX_ID.fullmatch(product)
    if path not in ("", "/") or not separator or not vendor_match or not product_match:
        raise _error(
            uri,
            f"expected usb://VID:PID with hex ids as lsusb shows them "
            f"(e.g. usb://04b8:0202), got {netloc + path!r}",
        )
    ids = (int(vendor_match.group(1), 16), int(product_match.group(1), 16))
    if 0 in ids:
        raise _error(uri, "USB vendor and product ids cannot be 0000")
    return ids


def _endpoint(uri: str, name: str, value: str | None) -> int | None:
    if value is None:
        return None
    try:
        endpoint = int(value, 0)
    except ValueError:
        endpoint = -1
    if not 0x01 <= endpoint <= 0xFF:
        raise _error(uri, f"{name} {value!r} is not a USB endpoint address (0x01..0xff)")
    return endpoint


def _baudrate(uri: str, value: str | None) -> int:
    if value is None:
        return DEFAULT_BAUDRATE
    if not value.isdigit() or int(value) not in BAUDRATES:
        raise _error(uri, f"baudrate {value!r} is not one of {', '.join(map(str, BAUDRATES))}")
    return int(value)


def _host_port(uri: str, netloc: str, path: str) -> tuple[str, int]:
    if path not in ("", "/"):
        raise _error(uri, f"unexpected path {path!r}; expected tcp://HOST:PORT")
    if "@" in netloc:
        raise _error(uri, "a printer address takes no user name or password")
    parts = urlsplit(f"//{netloc}")
    host = parts.hostname or ""
    if not host:
        raise _error(uri, "missing host; expected tcp://HOST:PORT, e.g. tcp://192.168.1.50:9100")
    try:
        port = parts.port
    except ValueError:
        port_text = netloc.rpartition(":")[2]
        raise _error(uri, f"bad port {port_text!r}; expected 1..65535") from None
    if port == 0:
        raise _error(uri, "bad port '0'; expected 1..65535")
    return host, DEFAULT_PORT if port is None else port
