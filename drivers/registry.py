"""Builds adapters from the device URIs in the configuration."""

from __future__ import annotations

from pathlib import Path
from urllib.parse import parse_qs, urlsplit

from drivers.base import CardReader, DriverError, Printer, Scanner
from drivers.pcsc_reader import PcscCardReader
from drivers.simulated import SimulatedCardReader, SimulatedPrinter, SimulatedScanner

DEFAULT_SPOOL = "spool"


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
    """The printer for ``uri``; a relative ``sim://`` spool folder lives under ``data_dir``."""
    _, location = _scheme(uri, "printer", ("sim",))
    spool = Path(location or DEFAULT_SPOOL).expanduser()
    return SimulatedPrinter(spool if spool.is_absolute() else data_dir / spool, dot_width)


def make_card_reader(uri: str) -> CardReader:
    """The card reader: ``sim://``, or ``pcsc://?name=PATTERN&debounce=S&poll=S``."""
    scheme, _ = _scheme(uri, "card_reader", ("sim", "pcsc"))
    if scheme == "sim":
        return SimulatedCardReader()
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
    """The QR scanner for ``uri``."""
    _scheme(uri, "scanner", ("sim",))
    return SimulatedScanner()
