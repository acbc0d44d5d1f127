"""Builds adapters from the device URIs in the configuration.

Each adapter's module is imported only when its scheme is configured: python-escpos,
pyscard, pyserial and evdev cost start-up time, and a kiosk uses one driver of each kind.
"""

from __future__ import annotations

import re
from pathlib import Path
from urllib.parse import parse_qs, unquote, urlsplit

from drivers.base import CardReader, DocumentPrinter, DriverError, Printer, Scanner
from drivers.printer_uri import PrinterKind, parse_printer_uri

#: A CUPS queue name as ``lpadmin -p`` makes them (CUPS allows more; installers need not).
CUPS_QUEUE = re.compile(r"[A-Za-z0-9][A-Za-z0-9_.-]{0,126}")

#: The simulated document printer's spool folder when ``sim://`` names none.
DEFAULT_DOCUMENT_SPOOL = Path("documents")

#: Under data_dir: the record of documents sent to a CUPS queue.
DOCUMENT_STATE_DIR = "document_printer"

#: The schemes of ``[card_reader] uri`` and ``[scanner] uri`` this build can open.
CARD_READER_SCHEMES = ("sim", "pcsc")
SCANNER_SCHEMES = ("sim", "serial", "hid")


class DriverConfigError(DriverError):
    """A device URI this build cannot open; the message names the URI and what it accepts."""


def _scheme(uri: str, kind: str, supported: tuple[str, ...]) -> tuple[str, str]:
    parts = urlsplit(uri)
    if parts.scheme not in supported:
        raise DriverConfigError(
            f"{kind} uri {uri!r}: unsupported scheme {parts.scheme!r}; "
            f"this build supports: {', '.join(s + '://' for s in supported)}"
        )
    return parts.scheme, parts.netloc + parts.path


def _query(uri: str, kind: str, allowed: set[str]) -> dict[str, str]:
    query = {key: values[-1] for key, values in parse_qs(urlsplit(uri).query).items()}
    unknown = sorted(set(query) - allowed)
    if unknown:
        raise DriverConfigError(
            f"{kind} uri {uri!r}: unknown parameter {unknown[0]!r}; "
            f"expected: {', '.join(sorted(allowed))}"
        )
    return query


def make_printer(uri: str, *, data_dir: Path, dot_width: int) -> Printer:
    """The printer for ``uri`` (see ``drivers.printer_uri``); relative paths are under data_dir."""
    target = parse_printer_uri(uri, default_dot_width=dot_width)
    if target.kind is PrinterKind.SIM:
        from drivers.simulated import SimulatedPrinter

        spool = target.spool_dir
        return SimulatedPrinter(
            spool if spool.is_absolute() else data_dir / spool, target.dot_width
        )
    from drivers.escpos_printer import EscposPrinter

    return EscposPrinter(target, state_dir=data_dir / "printer")


def make_document_printer(uri: str, *, data_dir: Path) -> DocumentPrinter:
    """The A4 document printer for ``uri``; relative paths are under data_dir.

    ``cups://QUEUE`` (a queue of this PC's CUPS), ``sim://FOLDER`` (PDF and PNG files),
    or empty: no document printer (``NoDocumentPrinter``).
    """
    if not uri.strip():
        from drivers.document_printer import NoDocumentPrinter

        return NoDocumentPrinter()
    scheme, location = _scheme(uri, "document_printer", ("cups", "sim"))
    parts = urlsplit(uri)
    if parts.query or parts.fragment:
        raise DriverConfigError(f"document_printer uri {uri!r}: takes no parameters or fragment")
    if scheme == "sim":
        from drivers.simulated.document_printer import SimulatedDocumentPrinter

        spool = Path(unquote(location)).expanduser() if location else DEFAULT_DOCUMENT_SPOOL
        return SimulatedDocumentPrinter(spool if spool.is_absolute() else data_dir / spool)
    queue = parts.netloc
    if parts.path not in ("", "/") or not CUPS_QUEUE.fullmatch(queue):
        raise DriverConfigError(
            f"document_printer uri {uri!r}: expected cups://QUEUE, a CUPS queue name of "
            "letters, digits, '.', '_' and '-' (lpstat -p lists them)"
        )
    from drivers.cups_printer import CupsDocumentPrinter

    return CupsDocumentPrinter(queue, state_dir=data_dir / DOCUMENT_STATE_DIR)


def make_card_reader(uri: str) -> CardReader:
    """The card reader: ``sim://``, or ``pcsc://?name=PATTERN&debounce=S&poll=S``."""
    scheme, _ = _scheme(uri, "card_reader", CARD_READER_SCHEMES)
    if scheme == "sim":
        from drivers.simulated import SimulatedCardReader

        return SimulatedCardReader()
    from drivers.pcsc_reader import PcscCardReader

    query = _query(uri, "card_reader", {"name", "debounce", "poll"})
    try:
        return PcscCardReader(
            name_pattern=query.get("name", "*"),
            debounce_seconds=float(query.get("debounce", "1.0")),
            poll_seconds=float(query.get("poll", "0.5")),
        )
    except ValueError as error:
        raise DriverConfigError(f"card_reader uri {uri!r}: {error}") from error


def make_scanner(uri: str) -> Scanner:
    """The QR scanner for ``uri``.

    ``sim://``; ``serial:///dev/ttyACM0?baudrate=9600&terminator=cr|lf|crlf|any``;
    ``hid://?name=PATTERN&layout=us|uk|de|fr`` (fnmatch on the input device's name) or
    ``hid:///dev/input/by-id/...?layout=us``.
    """
    scheme, location = _scheme(uri, "scanner", SCANNER_SCHEMES)
    if scheme == "sim":
        from drivers.simulated import SimulatedScanner

        return SimulatedScanner()
    path = unquote(location)
    if scheme == "serial":
        from drivers.serial_scanner import SerialScanner, Terminator

        query = _query(uri, "scanner", {"baudrate", "terminator"})
        if not path:
            raise DriverConfigError(f"scanner uri {uri!r}: no port, e.g. serial:///dev/ttyACM0")
        terminators = {t.value: t for t in Terminator}
        terminator = query.get("terminator", Terminator.ANY.value)
        if terminator not in terminators:
            raise DriverConfigError(
                f"scanner uri {uri!r}: terminator {terminator!r}; expected: "
                f"{', '.join(terminators)}"
            )
        baudrate = query.get("baudrate", "9600")
        if not baudrate.isdigit() or int(baudrate) <= 0:
            raise DriverConfigError(
                f"scanner uri {uri!r}: baudrate {baudrate!r}; expected a positive integer"
            )
        return SerialScanner(path, int(baudrate), terminators[terminator])
    from drivers.hid_scanner import HidScanner, layout_names

    query = _query(uri, "scanner", {"name", "layout"})
    name = query.get("name", "")
    if bool(path) == bool(name):
        raise DriverConfigError(
            f"scanner uri {uri!r}: give either a device path (hid:///dev/input/by-id/...) "
            "or a name pattern (hid://?name=PATTERN), not both or neither"
        )
    layout = query.get("layout", "us")
    if layout not in layout_names():
        raise DriverConfigError(
            f"scanner uri {uri!r}: layout {layout!r}; expected: {', '.join(layout_names())}"
        )
    return HidScanner(path=path, name_pattern=name, layout=layout)
