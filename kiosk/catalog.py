"""The service catalog: services with their forms, information pages, the village and its budget.

Two sources give the same model: the files in ``config/`` (``services/*.toml`` and
``information.toml``), and the central catalog (JSON, ``GET /v1/catalog``) once one is
synced. Both are checked key by key; an error names the source, the dotted key, what was
expected and what was found, like ``kiosk.datafile``. ``CatalogKeeper`` is the one owner
of the live catalog: everything that looks a service up asks it, it serves the last good
catalog (a bad update is logged and ignored, and the kiosk keeps working), and it keeps
the one cached copy, ``catalog.json``, with the ETag central sent it with.

The JSON shape is the TOML shape: a service is one ``services`` item with the keys of a
service file; pages are ``information``; ``counters`` at the top are those of a
``queue_ticket`` service that lists none of its own. ``catalog_to_json`` writes it back.

Two rules span services and fields: a field's ``shown_when`` names an earlier choice,
multiple-choice or yes/no field of its form (itself always shown) and values among its
choices; and every field called ``cause`` (``POVERTY_CAUSE_FIELD``) offers the same
choices, the cause ids central counts poverty reports by.
"""

from __future__ import annotations

import json
import logging
import re
import threading
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from drivers.files import write_private
from kiosk.config import Config
from kiosk.datafile import (
    MAX_CATALOG_BYTES,
    DataFileError,
    DataReader,
    UnreadableFileError,
    parse_json,
    read_toml,
)
from kiosk.forms import NAME_PATTERN, NO, YES, Choice, Condition, Field, FieldKind, Rules, Step
from kiosk.information import (
    CATALOG_CACHE_FILE,
    DEFAULT_INFORMATION_FILE,
    Budget,
    InformationPage,
    Village,
    budget_json,
    read_budget,
    read_pages,
    read_village,
)
from kiosk.services import (
    DEFAULT_SERVICES_DIR,
    POVERTY_CAUSE_FIELD,
    BringItem,
    Category,
    Counter,
    Flow,
    IdentityRequirement,
    Need,
    ReceiptTemplate,
    Service,
    SummaryRow,
)
from kiosk.text import NO_TEXT, LocalizedText

log = logging.getLogger("kiosk.catalog")

LOCAL_VERSION = "local"
#: Where kiosks before 1.1 kept the last good catalog beside the synced one; read once, then
#: replaced by ``CATALOG_CACHE_FILE``.
LEGACY_GOOD_COPY_FILE = "catalog.good.json"
#: A screen never shows more than this many fields at once.
MAX_FIELDS_PER_STEP = 4
_REFERENCE_CODE = re.compile(r"^[A-Z0-9]{2,8}$")
_COUNTER_CODE = re.compile(r"^[A-Z]{1,3}$")

_SERVICE_KEYS = frozenset(
    {
        "id",
        "flow",
        "title",
        "help",
        "icon",
        "category",
        "identity",
        "needs",
        "counters",
        "steps",
        "receipt",
        "reference_code",
    }
)
_FIELD_KEYS = frozenset(
    {
        "name",
        "kind",
        "label",
        "help",
        "required",
        "choices",
        "min_length",
        "max_length",
        "minimum",
        "maximum",
        "pattern",
        "pattern_message",
        "min_choices",
        "max_choices",
        "not_future",
        "not_past",
        "shown_when",
    }
)
_RECEIPT_KEYS = frozenset({"title", "next_steps", "where", "summary", "bring", "ready_after_days"})
_CONDITION_KEYS = frozenset({"field", "values"})
#: Kinds whose answers a ``shown_when`` condition can test.
_CONDITION_KINDS = (FieldKind.CHOICE, FieldKind.MULTI_CHOICE, FieldKind.YES_NO)
#: The longest wait a receipt announces, in working days.
MAX_READY_DAYS = 60
_CATALOG_KEYS = frozenset({"version", "services", "information", "counters", "village", "budget"})


_NO_VILLAGE = Village()


@dataclass(frozen=True)
class Catalog:
    """Everything the citizen screens show that is data, not code."""

    version: str
    source: str
    services: tuple[Service, ...]
    pages: tuple[InformationPage, ...]
    village: Village = _NO_VILLAGE
    budget: Budget | None = None

    def service(self, service_id: str) -> Service:
        """The service with ``service_id``; KeyError if there is none."""
        for service in self.services:
            if service.id == service_id:
                return service
        raise KeyError(service_id)


# Loading -----------------------------------------------------------------------------------


def load_service_files(directory: Path = DEFAULT_SERVICES_DIR) -> tuple[Service, ...]:
    """Every ``*.toml`` in ``directory`` (sorted); location fields use the default village."""
    return _service_files(directory, read_village(read_toml(DEFAULT_INFORMATION_FILE)))


def load_catalog_files(
    services_dir: Path = DEFAULT_SERVICES_DIR,
    information_file: Path = DEFAULT_INFORMATION_FILE,
) -> Catalog:
    """The catalog shipped in ``config/``; DataFileError with the exact key when invalid."""
    information = read_toml(information_file)
    village = read_village(information)
    catalog = Catalog(
        version=LOCAL_VERSION,
        source=str(services_dir),
        services=_service_files(services_dir, village),
        pages=read_pages(information, "pages"),
        village=village,
        budget=read_budget(information),
    )
    log.info("Catalog from %s: %d services", services_dir, len(catalog.services))
    return catalog


def parse_catalog(data: object, source: str) -> Catalog:
    """Check a central catalog (decoded JSON) into the model; DataFileError when invalid."""
    if not isinstance(data, dict):
        raise DataFileError(f"{source}: expected a JSON object, found {type(data).__name__}")
    reader = DataReader(Path(source), data)
    _reject_unknown(reader, _CATALOG_KEYS)
    village = read_village(reader)
    counters = tuple(
        _counter(table, location_required=False) for table in reader.tables("counters")
    )
    # Each service keeps its place in the catalog, so an error names the item central sent.
    kept = [
        (index, _service(table, village, counters))
        for index, table in enumerate(reader.tables("services"))
        if _known_to_this_kiosk(table)
    ]
    places = [index for index, _ in kept]
    services = tuple(service for _, service in kept)
    _check_unique(reader, "services", [service.id for service in services])
    _check_reference_codes(
        services,
        lambda index, expected, found: reader.error(
            f"services[{places[index]}].reference_code", expected, found
        ),
    )
    _check_causes(reader, services, places)
    return Catalog(
        version=reader.string("version"),
        source=source,
        services=services,
        pages=read_pages(reader, "information"),
        village=village,
        budget=read_budget(reader),
    )


def _known_to_this_kiosk(reader: DataReader) -> bool:
    """Whether a central catalog's service is one this kiosk can offer (contract 1.2).

    A service whose ``flow``, or one of whose keys, this kiosk does not know is a newer
    kiosk's: it is skipped with a warning, and the rest of the catalog is taken, so central
    can roll a new flow out before every kiosk is updated. Everything else in the service
    is checked strictly by ``_service``.
    """
    data = reader.data
    name = data.get("id")
    shown = repr(name[:40]) if isinstance(name, str) else "without an id"
    unknown = sorted(set(data) - _SERVICE_KEYS)
    if unknown:
        log.warning(
            "Skipping service %s of %s: this kiosk does not know its key %r",
            shown,
            reader.path,
            unknown[0][:40],
        )
        return False
    flow = data.get("flow")
    if isinstance(flow, str) and flow not in _FLOWS:
        log.warning(
            "Skipping service %s of %s: this kiosk does not know its flow %r",
            shown,
            reader.path,
            flow[:40],
        )
        return False
    return True


_FLOWS = frozenset(flow.value for flow in Flow)


def _service_files(directory: Path, village: Village) -> tuple[Service, ...]:
    paths = sorted(directory.glob("*.toml"))
    services = tuple(_service(read_toml(path), village, ()) for path in paths)
    ids = [service.id for service in services]
    duplicates = sorted({service_id for service_id in ids if ids.count(service_id) > 1})
    if duplicates:
        raise DataFileError(f"{directory}: duplicate service id: {', '.join(duplicates)}")
    _check_reference_codes(
        services,
        lambda index, expected, found: DataFileError(
            f"{paths[index]}: reference_code: expected {expected}, found {found}"
        ),
    )
    _check_causes(DataReader(directory, {}), services)
    return services


def _check_reference_codes(
    services: tuple[Service, ...], error: Callable[[int, str, str], DataFileError]
) -> None:
    """Refuse two services with one ``reference_code``: they would make the same references.

    ``error`` makes the exception for the second service's index, naming its source.
    """
    first: dict[str, Service] = {}
    for index, service in enumerate(services):
        if not service.reference_code:
            continue
        owner = first.setdefault(service.reference_code, service)
        if owner is not service:
            raise error(
                index,
                f"a code no other service uses (service {owner.id} has it)",
                repr(service.reference_code),
            )


def _check_causes(
    reader: DataReader, services: tuple[Service, ...], places: list[int] | None = None
) -> None:
    """Every ``cause`` field offers the same choices: one list of cause ids to count by.

    ``places`` are the services' places in their source (each its own index by default).
    """
    first: tuple[str, tuple[Choice, ...]] | None = None
    for index, service in enumerate(services):
        for item in service.fields:
            if item.name != POVERTY_CAUSE_FIELD:
                continue
            if first is None:
                first = (service.id, item.choices)
            elif item.choices != first[1]:
                # The service's place in the prefix: only a file's own keys are quoted.
                place = index if places is None else places[index]
                located = f"{reader.prefix}services[{place}] ({service.id})."
                raise DataReader(reader.path, {}, located).error(
                    f"{POVERTY_CAUSE_FIELD}.choices",
                    f"the same cause choices as {first[0]}: "
                    + ", ".join(choice.value for choice in first[1]),
                    ", ".join(choice.value for choice in item.choices),
                )


def _reject_unknown(reader: DataReader, allowed: Iterable[str]) -> None:
    unknown = sorted(set(reader.data) - set(allowed))
    if unknown:
        raise reader.error(
            unknown[0], f"one of the keys {', '.join(sorted(allowed))}", "an unknown key"
        )


def _check_unique(reader: DataReader, key: str, names: list[str]) -> None:
    repeated = sorted({name for name in names if names.count(name) > 1})
    if repeated:
        raise reader.error(key, "unique ids", f"repeated {', '.join(repeated)}")


def _enum(reader: DataReader, key: str, kind: type[Any], default: Any = None) -> Any:
    if default is not None and key not in reader.data:
        return default
    name = reader.string(key)
    try:
        return kind(name)
    except ValueError:
        raise reader.error(
            key, f"one of {', '.join(item.value for item in kind)}", repr(name)
        ) from None


def _optional_text(reader: DataReader, key: str) -> LocalizedText:
    return reader.text(key) if key in reader.data else NO_TEXT


def _optional_int(reader: DataReader, key: str) -> int | None:
    value = reader.data.get(key)
    if value is None:
        return None
    if not isinstance(value, int) or isinstance(value, bool) or value < 0:
        raise reader.error(key, "a whole number, 0 or more", repr(value))
    return value


def _optional_bool(reader: DataReader, key: str, default: bool) -> bool:
    return reader.boolean(key) if key in reader.data else default


def _table(reader: DataReader, key: str) -> DataReader:
    value = reader.data.get(key)
    if not isinstance(value, dict):
        raise reader.error(key, "a table", "nothing" if value is None else repr(value))
    return DataReader(reader.path, value, f"{reader.prefix}{key}.")


def _counter(reader: DataReader, *, location_required: bool = True) -> Counter:
    code = reader.string("code")
    if not _COUNTER_CODE.fullmatch(code):
        raise reader.error("code", "1 to 3 capital letters", repr(code))
    if location_required or "location" in reader.data:
        location = reader.text("location")
    else:
        location = NO_TEXT
    return Counter(code=code, name=reader.text("name"), location=location)


def _service(
    reader: DataReader,
    village: Village,
    catalog_counters: tuple[Counter, ...],
    *,
    with_steps: bool = True,
) -> Service:
    _reject_unknown(reader, _SERVICE_KEYS)
    service_id = reader.string("id")
    if not NAME_PATTERN.fullmatch(service_id):
        raise reader.error("id", "lowercase letters, digits and _", repr(service_id))
    flow: Flow = _enum(reader, "flow", Flow)
    needs: set[Need] = set()
    for name in reader.strings("needs"):
        try:
            needs.add(Need(name))
        except ValueError:
            raise reader.error(
                "needs", f"items from {', '.join(n.value for n in Need)}", repr(name)
            ) from None
    counters = tuple(_counter(table) for table in reader.tables("counters")) or (
        catalog_counters if flow is Flow.QUEUE_TICKET else ()
    )
    if flow is Flow.QUEUE_TICKET and not counters:
        raise reader.error("counters", "at least one [[counters]] table", "none")
    earlier: dict[str, Field] = {}
    steps = tuple(_step(table, village, earlier) for table in reader.tables("steps"))
    _check_unique(reader, "steps", [item.name for step in steps for item in step.fields])
    receipt = None
    reference_code = ""
    if flow is Flow.FORM:
        if with_steps and not steps:
            raise reader.error("steps", "at least one [[steps]] table", "none")
        receipt = _receipt(_table(reader, "receipt"), earlier)
        reference_code = reader.string("reference_code")
        if not _REFERENCE_CODE.fullmatch(reference_code):
            raise reader.error(
                "reference_code", "2 to 8 capital letters or digits", repr(reference_code)
            )
    return Service(
        id=service_id,
        flow=flow,
        title=reader.text("title"),
        help=reader.text("help"),
        icon=reader.string("icon"),
        identity=_enum(reader, "identity", IdentityRequirement),
        needs=frozenset(needs),
        category=_enum(reader, "category", Category),
        counters=counters,
        steps=steps,
        receipt=receipt,
        reference_code=reference_code,
    )


def _receipt(reader: DataReader, fields: Mapping[str, Field]) -> ReceiptTemplate:
    _reject_unknown(reader, _RECEIPT_KEYS)
    summary = []
    for row in reader.tables("summary"):
        _reject_unknown(row, {"field", "label"})
        name = row.string("field")
        if name not in fields:
            raise row.error("field", f"a field of this form ({', '.join(fields)})", repr(name))
        summary.append(SummaryRow(field=name, label=row.text("label")))
    bring = []
    for item in reader.tables("bring"):
        _reject_unknown(item, {"text", "shown_when"})
        bring.append(BringItem(text=item.text("text"), shown_when=_condition(item, fields, None)))
    days = _optional_int(reader, "ready_after_days")
    if days is not None and days > MAX_READY_DAYS:
        raise reader.error("ready_after_days", f"0 to {MAX_READY_DAYS} working days", str(days))
    return ReceiptTemplate(
        title=reader.text("title"),
        next_steps=reader.text("next_steps"),
        where=reader.text("where"),
        summary=tuple(summary),
        bring=tuple(bring),
        ready_after_days=days,
    )


def _condition(
    reader: DataReader, fields: Mapping[str, Field], owner: str | None
) -> Condition | None:
    """The ``shown_when`` table: a field of the form (asked before ``owner``) and its values."""
    if "shown_when" not in reader.data:
        return None
    table = _table(reader, "shown_when")
    _reject_unknown(table, _CONDITION_KEYS)
    name = table.string("field")
    where = f"an earlier field of this form (before {owner})" if owner else "a field of this form"
    target = fields.get(name)
    if target is None:
        raise table.error("field", where, repr(name))
    if target.kind not in _CONDITION_KINDS or target.shown_when is not None:
        raise table.error(
            "field",
            "a choice, multi_choice or yes_no field without shown_when of its own",
            f"{name!r} ({target.kind.value}{', conditional' if target.shown_when else ''})",
        )
    values = table.strings("values")
    allowed = (YES, NO) if target.kind is FieldKind.YES_NO else [c.value for c in target.choices]
    unknown = [value for value in values if value not in allowed]
    if not values or unknown:
        raise table.error(
            "values",
            f"one or more of {', '.join(allowed)}",
            repr(unknown) if unknown else "an empty list",
        )
    return Condition(field=name, values=tuple(values))


def _step(reader: DataReader, village: Village, earlier: dict[str, Field]) -> Step:
    fields = []
    for table in reader.tables("fields"):
        item = _field(table, village, earlier)
        fields.append(item)
        earlier.setdefault(item.name, item)
    if not 1 <= len(fields) <= MAX_FIELDS_PER_STEP:
        raise reader.error("fields", f"1 to {MAX_FIELDS_PER_STEP} fields", str(len(fields)))
    return Step(title=reader.text("title"), fields=tuple(fields))


def _field(reader: DataReader, village: Village, earlier: Mapping[str, Field]) -> Field:
    _reject_unknown(reader, _FIELD_KEYS)
    name = reader.string("name")
    if not NAME_PATTERN.fullmatch(name):
        raise reader.error("name", "lowercase letters, digits and _", repr(name))
    kind: FieldKind = _enum(reader, "kind", FieldKind)
    choices = tuple(
        Choice(value=table.string("value"), label=table.text("label"))
        for table in reader.tables("choices")
    )
    for index, choice in enumerate(choices):
        if not NAME_PATTERN.fullmatch(choice.value):
            raise reader.error(
                f"choices[{index}].value", "lowercase letters, digits and _", repr(choice.value)
            )
    _check_unique(reader, "choices", [choice.value for choice in choices])
    if kind in (FieldKind.CHOICE, FieldKind.MULTI_CHOICE) and len(choices) < 2:
        raise reader.error("choices", "at least two choices", str(len(choices)))
    if kind is FieldKind.LOCATION:
        if choices:
            raise reader.error("choices", "none (the dusun come from the village table)", "choices")
        if not village.dusun:
            raise reader.error(
                "kind", "a village with dusun for a location field", "no village.dusun"
            )
        choices = tuple(Choice(d, LocalizedText(d, d)) for d in village.dusun)
    pattern = reader.data.get("pattern")
    if pattern is not None:
        if not isinstance(pattern, str):
            raise reader.error("pattern", "a regular expression", repr(pattern))
        try:
            re.compile(pattern)
        except re.error as error:
            raise reader.error(
                "pattern", "a valid regular expression", f"{pattern!r} ({error})"
            ) from None
    rules = Rules(
        min_length=_optional_int(reader, "min_length"),
        max_length=_optional_int(reader, "max_length"),
        minimum=_optional_int(reader, "minimum"),
        maximum=_optional_int(reader, "maximum"),
        pattern=pattern,
        pattern_message=reader.text("pattern_message")
        if "pattern_message" in reader.data
        else None,
        min_choices=_optional_int(reader, "min_choices"),
        max_choices=_optional_int(reader, "max_choices"),
        not_future=_optional_bool(reader, "not_future", False),
        not_past=_optional_bool(reader, "not_past", False),
    )
    for low, high in (
        ("min_length", "max_length"),
        ("minimum", "maximum"),
        ("min_choices", "max_choices"),
    ):
        low_value, high_value = getattr(rules, low), getattr(rules, high)
        if low_value is not None and high_value is not None and low_value > high_value:
            raise reader.error(high, f"at least {low} ({low_value})", str(high_value))
    return Field(
        name=name,
        kind=kind,
        label=reader.text("label"),
        help=_optional_text(reader, "help"),
        required=_optional_bool(reader, "required", True),
        rules=rules,
        choices=choices,
        shown_when=_condition(reader, earlier, name),
    )


# Writing -----------------------------------------------------------------------------------


def _text(text: LocalizedText) -> dict[str, str]:
    return {"id": text.id, "en": text.en}


def _field_json(item: Field) -> dict[str, Any]:
    data: dict[str, Any] = {"name": item.name, "kind": item.kind.value, "label": _text(item.label)}
    if item.help.id:
        data["help"] = _text(item.help)
    if not item.required:
        data["required"] = False
    if item.choices and item.kind is not FieldKind.LOCATION:
        data["choices"] = [{"value": c.value, "label": _text(c.label)} for c in item.choices]
    rules = item.rules
    for key in (
        "min_length",
        "max_length",
        "minimum",
        "maximum",
        "min_choices",
        "max_choices",
        "pattern",
    ):
        value = getattr(rules, key)
        if value is not None:
            data[key] = value
    if rules.pattern_message is not None:
        data["pattern_message"] = _text(rules.pattern_message)
    for key in ("not_future", "not_past"):
        if getattr(rules, key):
            data[key] = True
    if item.shown_when is not None:
        data["shown_when"] = _condition_json(item.shown_when)
    return data


def _condition_json(condition: Condition) -> dict[str, Any]:
    return {"field": condition.field, "values": list(condition.values)}


def _receipt_json(receipt: ReceiptTemplate) -> dict[str, Any]:
    data: dict[str, Any] = {
        "title": _text(receipt.title),
        "next_steps": _text(receipt.next_steps),
        "where": _text(receipt.where),
    }
    if receipt.summary:
        data["summary"] = [{"field": r.field, "label": _text(r.label)} for r in receipt.summary]
    if receipt.bring:
        data["bring"] = [
            {"text": _text(item.text)}
            | ({"shown_when": _condition_json(item.shown_when)} if item.shown_when else {})
            for item in receipt.bring
        ]
    if receipt.ready_after_days is not None:
        data["ready_after_days"] = receipt.ready_after_days
    return data


def service_json(service: Service) -> dict[str, Any]:
    """One service as a catalog item (the keys of its TOML file)."""
    data: dict[str, Any] = {
        "id": service.id,
        "flow": service.flow.value,
        "title": _text(service.title),
        "help": _text(service.help),
        "icon": service.icon,
        "category": service.category.value,
        "identity": service.identity.value,
        "needs": sorted(need.value for need in service.needs),
    }
    if service.counters:
        data["counters"] = [
            {"code": c.code, "name": _text(c.name), "location": _text(c.location)}
            for c in service.counters
        ]
    if service.steps:
        data["steps"] = [
            {"title": _text(step.title), "fields": [_field_json(f) for f in step.fields]}
            for step in service.steps
        ]
    if service.receipt is not None:
        data["receipt"] = _receipt_json(service.receipt)
    if service.reference_code:
        data["reference_code"] = service.reference_code
    return data


def service_copy(service: Service) -> dict[str, Any]:
    """What a receipt is printed from, kept with the request: the service without its form.

    A reprint uses it when the catalog no longer has the service (``service_from_copy``).
    """
    data = service_json(service)
    data.pop("steps", None)
    return data


def service_from_copy(data: Mapping[str, Any], source: str) -> Service:
    """A service back from ``service_copy``, enough to compose its receipt again."""
    return _service(DataReader(Path(source), data), _NO_VILLAGE, (), with_steps=False)


def catalog_to_json(catalog: Catalog) -> dict[str, Any]:
    """The catalog in the central JSON shape; ``parse_catalog`` reads it back unchanged."""
    counters: dict[str, dict[str, Any]] = {}
    for service in catalog.services:
        for counter in service.counters:
            counters.setdefault(counter.code, {"code": counter.code, "name": _text(counter.name)})
    data: dict[str, Any] = {
        "version": catalog.version,
        "services": [service_json(s) for s in catalog.services],
        "information": [{"title": _text(p.title), "body": _text(p.body)} for p in catalog.pages],
        "counters": list(counters.values()),
    }
    if catalog.village.dusun:
        data["village"] = {"name": catalog.village.name, "dusun": list(catalog.village.dusun)}
    if catalog.budget is not None:
        data["budget"] = budget_json(catalog.budget)
    return data


# The last good catalog -----------------------------------------------------------------------


class CatalogKeeper:
    """The live catalog's one owner: serves the last good one; a bad update is refused.

    Accepted central catalogs are written to ``cache`` with their ETag, so a restart
    without network starts from the last good one rather than the shipped files, and the
    next fetch can answer "not modified". Anything that looks a service up holds the keeper,
    never a catalog of its own, so a new catalog reaches every screen at once.
    """

    def __init__(
        self,
        fallback: Catalog,
        cache: Path | None = None,
        on_change: Callable[[Catalog], None] | None = None,
    ) -> None:
        self._lock = threading.Lock()
        self._catalog = fallback
        self._etag = ""
        self._cache = cache
        self.on_change = on_change
        self.last_error = ""

    @property
    def catalog(self) -> Catalog:
        """The catalog in use."""
        with self._lock:
            return self._catalog

    @property
    def etag(self) -> str:
        """The ETag central sent the catalog in use with ("" for the shipped files)."""
        with self._lock:
            return self._etag

    def offer(
        self, data: Mapping[str, Any], source: str, *, etag: str = "", save: bool = True
    ) -> bool:
        """Use ``data`` if it is a valid catalog; returns whether it was taken."""
        try:
            catalog = parse_catalog(data, source)
        except DataFileError as error:
            self.last_error = str(error)
            log.error("Ignoring a bad catalog, keeping %s: %s", self.catalog.version, error)
            return False
        with self._lock:
            self._catalog = catalog
            self._etag = etag
        self.last_error = ""
        log.info("Catalog %s from %s: %d services", catalog.version, source, len(catalog.services))
        if save and self._cache is not None:
            content = {"etag": etag, "catalog": dict(data)}
            write_private(self._cache, json.dumps(content, ensure_ascii=False).encode("utf-8"))
        if self.on_change is not None:
            self.on_change(catalog)
        return True

    def restore(self, data_dir: Path) -> bool:
        """At start: take the cached catalog if it is still valid (or an older kiosk's copy)."""
        cache = data_dir / CATALOG_CACHE_FILE
        legacy = data_dir / LEGACY_GOOD_COPY_FILE
        cached = _read_json_object(cache)
        restored = False
        if cached is not None and isinstance(cached.get("catalog"), dict):
            etag = cached.get("etag")
            restored = self.offer(
                cached["catalog"],
                str(cache),
                etag=etag if isinstance(etag, str) else "",
                save=False,
            )
        if not restored:
            data = _read_json_object(legacy)
            restored = data is not None and self.offer(data, str(legacy))
        legacy.unlink(missing_ok=True)
        return restored


def start_catalog(
    data_dir: Path,
    on_change: Callable[[Catalog], None] | None = None,
    services_dir: Path = DEFAULT_SERVICES_DIR,
    information_file: Path = DEFAULT_INFORMATION_FILE,
) -> CatalogKeeper:
    """The catalog to serve at start: the cached central one if valid, else the files.

    The shipped files must be valid (DataFileError otherwise): they are the fallback.
    """
    keeper = CatalogKeeper(
        load_catalog_files(services_dir, information_file),
        data_dir / CATALOG_CACHE_FILE,
        on_change,
    )
    keeper.restore(data_dir)
    return keeper


def catalog_json(config: Config) -> dict[str, Any]:
    """``kiosk catalog --json``: the catalog this kiosk would serve now, in the central shape."""
    return catalog_to_json(start_catalog(config.data_path()).catalog)


def _read_json_object(path: Path) -> Mapping[str, Any] | None:
    try:
        data = parse_json(path, MAX_CATALOG_BYTES)
    except UnreadableFileError as error:
        if not error.missing:
            log.error("Cannot read the saved catalog: %s", error)
        return None
    return data if isinstance(data, dict) else None
