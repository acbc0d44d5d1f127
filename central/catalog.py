"""The service catalog the server hands to kiosks, with its strong ETag.

The catalog is read once at start, from ``--catalog PATH`` or the small built-in default,
and checked against the contract's ``Catalog`` schema so a typo fails at start, not on a kiosk.
"""

from __future__ import annotations

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
    return Catalog(data["version"], body, etag, counters, kinds, templates)


def service_kind(service: Mapping[str, Any]) -> Kind:
    """The workflow of a catalog service: queue ticket, letter (it has a ``letter``) or request."""
    if service.get("flow") == "queue_ticket":
        return Kind.QUEUE
    if service.get("letter"):
        return Kind.LETTER
    return Kind.REQUEST
