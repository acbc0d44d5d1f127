"""The services a citizen can pick on the home screen, loaded from ``config/services``.

Services are data, so a regency changes counters or wording without touching code.
"""

from __future__ import annotations

import enum
import logging
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from drivers.base import PrinterStatus
from kiosk.datafile import DataFileError, read_toml
from kiosk.text import LocalizedText

log = logging.getLogger("kiosk.services")

DEFAULT_SERVICES_DIR = Path(__file__).resolve().parent.parent / "config" / "services"


class Need(enum.Enum):
    """What a service cannot work without."""

    PRINTER = "printer"
    NETWORK = "network"


class Flow(enum.Enum):
    """Which screens a service walks through after the home grid."""

    QUEUE_TICKET = "queue_ticket"


@dataclass(frozen=True)
class Counter:
    """A service counter (loket) in a Mal Pelayanan Publik."""

    code: str
    name: LocalizedText
    location: LocalizedText


@dataclass(frozen=True)
class Service:
    """One tile on the home grid."""

    id: str
    flow: Flow
    title: LocalizedText
    help: LocalizedText
    icon: str
    requires_identity: bool
    needs: frozenset[Need]
    counters: tuple[Counter, ...] = ()

    def counter(self, code: str) -> Counter:
        """The counter with ``code``; KeyError if this service has none such."""
        for counter in self.counters:
            if counter.code == code:
                return counter
        raise KeyError(code)


_NO_REASON = LocalizedText("")


@dataclass(frozen=True)
class Availability:
    """Whether a service can be used now, and why not."""

    available: bool
    reason: LocalizedText = _NO_REASON


PRINTER_REASONS: Mapping[PrinterStatus, LocalizedText] = {
    PrinterStatus.PAPER_OUT: LocalizedText(
        "Kertas struk habis. Mohon hubungi petugas.",
        "The receipt paper has run out. Please ask an officer.",
    ),
    PrinterStatus.COVER_OPEN: LocalizedText(
        "Penutup printer terbuka. Mohon hubungi petugas.",
        "The printer cover is open. Please ask an officer.",
    ),
    PrinterStatus.UNKNOWN: LocalizedText(
        "Printer struk tidak menjawab. Mohon hubungi petugas.",
        "The receipt printer is not responding. Please ask an officer.",
    ),
}


def availability(service: Service, printer: PrinterStatus) -> Availability:
    """Gate services on the devices they need, so a citizen never starts what can't finish."""
    if Need.PRINTER in service.needs and not printer.can_print:
        return Availability(False, PRINTER_REASONS[printer])
    return Availability(True)


def load_services(directory: Path = DEFAULT_SERVICES_DIR) -> tuple[Service, ...]:
    """Load every ``*.toml`` in ``directory``, sorted by file name."""
    services = tuple(_load_service(path) for path in sorted(directory.glob("*.toml")))
    ids = [service.id for service in services]
    duplicates = sorted({service_id for service_id in ids if ids.count(service_id) > 1})
    if duplicates:
        raise DataFileError(f"{directory}: duplicate service id: {', '.join(duplicates)}")
    log.info("Loaded %d services from %s", len(services), directory)
    return services


def _load_service(path: Path) -> Service:
    reader = read_toml(path)
    flow_name = reader.string("flow")
    try:
        flow = Flow(flow_name)
    except ValueError:
        raise reader.error(
            "flow", f"one of {', '.join(f.value for f in Flow)}", repr(flow_name)
        ) from None
    needs: set[Need] = set()
    for name in reader.strings("needs"):
        try:
            needs.add(Need(name))
        except ValueError:
            raise reader.error(
                "needs", f"items from {', '.join(n.value for n in Need)}", repr(name)
            ) from None
    counters = tuple(
        Counter(
            code=counter.string("code"),
            name=counter.text("name"),
            location=counter.text("location"),
        )
        for counter in reader.tables("counters")
    )
    if flow is Flow.QUEUE_TICKET and not counters:
        raise reader.error("counters", "at least one [[counters]] table", "none")
    return Service(
        id=reader.string("id"),
        flow=flow,
        title=reader.text("title"),
        help=reader.text("help"),
        icon=reader.string("icon"),
        requires_identity=reader.boolean("requires_identity"),
        needs=frozenset(needs),
        counters=counters,
    )
