"""The service catalog the server hands to kiosks, with its strong ETag.

The catalog is read once at start, from ``--catalog PATH`` or the small built-in default,
and checked against the contract's ``Catalog`` schema so a typo fails at start, not on a kiosk.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import logging
from collections.abc import Collection, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from central.contract import Contract
from central.transactions.workflow import Kind

log = logging.getLogger("central.catalog")

DEFAULT_CATALOG = Path(__file__).with_name("default_catalog.json")


class CatalogError(Exception):
    """The catalog file cannot be read or does not match the contract."""


#: The catalog's weekday keys of ``closes_at``, Monday first (``date.weekday()``).
WEEKDAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")


@dataclass(frozen=True)
class CounterRule:
    """What the hall's queue needs of one catalog counter: when it closes, a first service time.

    ``closes`` maps ``default`` and weekday keys to ``HH:MM`` or None (closed that day); an
    empty mapping is a unit that never closes by itself.
    """

    code: str
    closes: Mapping[str, str | None] = field(default_factory=dict)
    service_minutes: float | None = None
    name: str = ""
    """The unit's name in Bahasa Indonesia, for the counter page and the hall display."""
    name_en: str = ""
    """The same in English, the hall display's second line (empty: the catalog gives none)."""

    def closed_from(self, day: dt.date) -> dt.time | None:
        """The time from which the unit is closed on ``day`` (midnight: all day); None: never."""
        if not self.closes:
            return None
        key = WEEKDAYS[day.weekday()]
        value = self.closes[key] if key in self.closes else self.closes.get("default", "")
        if value is None:
            return dt.time.min
        if value == "":
            return None
        return dt.time.fromisoformat(value)

    def opens(self, day: dt.date) -> bool:
        """Whether the unit opens at all on ``day`` (``null`` in ``closes_at``: it does not)."""
        key = WEEKDAYS[day.weekday()]
        return (
            self.closes[key] if key in self.closes else self.closes.get("default", "")
        ) is not None

    def is_closed(self, local: dt.datetime) -> bool:
        """Whether the unit is closed at the local time ``local``."""
        closed = self.closed_from(local.date())
        return closed is not None and local.time() >= closed


def counter_rule(counter: Mapping[str, Any]) -> CounterRule:
    """A checked catalog counter as a :class:`CounterRule`."""
    closes = counter.get("closes_at")
    if isinstance(closes, str):
        closes = {"default": closes}
    minutes = counter.get("service_minutes")
    return CounterRule(
        counter["code"],
        dict(closes or {}),
        float(minutes) if minutes else None,
        counter["name"]["id"],
        counter["name"].get("en", ""),
    )


@dataclass(frozen=True)
class Catalog:
    """The catalog as served: its exact body, the ETag of that body, its counters and kinds."""

    version: str
    body: bytes
    etag: str
    counters: frozenset[str]
    kinds: Mapping[str, Kind] = field(default_factory=dict)
    """The workflow of each service id; see :func:`service_kind`."""
    letter_templates: Mapping[str, str] = field(default_factory=dict)
    """The letter kind a service names with ``letter: {template}``, by service id."""
    counter_rules: Mapping[str, CounterRule] = field(default_factory=dict)
    """Closing times and first service times of the queue's counters, by code."""

    def counter_rule(self, code: str) -> CounterRule:
        """The rule of counter ``code`` (one that never closes if the catalog has none)."""
        return self.counter_rules.get(code) or CounterRule(code)

    def kind_of(self, service: str) -> Kind:
        """The workflow a new request for ``service`` follows (a request if it is unknown)."""
        return self.kinds.get(service, Kind.REQUEST)

    def matches(self, if_none_match: str) -> bool:
        """Whether an ``If-None-Match`` header names this catalog (weak comparison, RFC 9110)."""
        tags = [tag.strip() for tag in if_none_match.split(",")]
        return any(tag == "*" or tag.removeprefix("W/") == self.etag for tag in tags)


def load_catalog(
    path: Path | None, contract: Contract, letters: Collection[str] = frozenset()
) -> Catalog:
    """Read and check the catalog; ``None`` means the built-in default.

    ``letters`` are the services central issues letters for (its letter kinds), which are
    letter requests whether or not the catalog marks them: the kiosk's own catalog check
    refuses keys it does not know, so the served catalog need not carry ``letter``.
    """
    source = path or DEFAULT_CATALOG
    try:
        data = json.loads(source.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise CatalogError(f"{source}: cannot read the catalog: {exc}") from exc
    errors = contract.errors("Catalog", data)
    if errors:
        listed = "; ".join(f"{error.path} {error.message}" for error in errors)
        raise CatalogError(f"{source}: not a valid catalog: {listed}")
    body = json.dumps(data, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
    etag = f'"{hashlib.sha256(body).hexdigest()[:32]}"'
    counters = frozenset(counter["code"] for counter in data["counters"])
    kinds = {
        service["id"]: Kind.LETTER if service["id"] in letters else service_kind(service)
        for service in data["services"]
        if isinstance(service.get("id"), str)
    }
    templates = {
        service["id"]: service["letter"]["template"]
        for service in data["services"]
        if isinstance(service.get("id"), str)
        and isinstance(service.get("letter"), dict)
        and isinstance(service["letter"].get("template"), str)
    }
    log.info(
        "Catalog %s from %s: %d services, counters %s",
        data["version"],
        source,
        len(data["services"]),
        ",".join(sorted(counters)),
    )
    rules = {counter["code"]: counter_rule(counter) for counter in data["counters"]}
    return Catalog(data["version"], body, etag, counters, kinds, templates, rules)


def service_kind(service: Mapping[str, Any]) -> Kind:
    """The workflow of a catalog service: queue ticket, letter (it has a ``letter``) or request."""
    if service.get("flow") == "queue_ticket":
        return Kind.QUEUE
    if service.get("letter"):
        return Kind.LETTER
    return Kind.REQUEST
