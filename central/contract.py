"""The component schemas of ``openapi.yaml`` as JSON Schema validators.

OpenAPI 3.1 schemas are JSON Schema 2020-12, so the server checks request bodies against the
very document a regency implements from, and the tests check responses the same way: the
contract and central cannot drift apart.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import re
import uuid
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

import yaml
from jsonschema import Draft202012Validator, FormatChecker, ValidationError

SPEC_PATH = Path(__file__).with_name("openapi.yaml")
_DATE_TIME = re.compile(
    r"([0-9]{4}-[0-9]{2}-[0-9]{2}[Tt][0-9]{2}:[0-9]{2}:[0-9]{2})"
    r"(\.[0-9]+)?"
    r"([Zz]|[+-][0-9]{2}:[0-9]{2})"
)
_IDENTIFIER = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")
_INTEGER = re.compile(r"-?[0-9]{1,18}")
_MESSAGES = {
    "type": "must be of type {value}",
    "pattern": "must match {value}",
    "minLength": "must be at least {value} characters long",
    "maxLength": "must be at most {value} characters long",
    "enum": "must be one of {value}",
    "const": "must be {value}",
    "format": "must be a valid {value}",
    "minimum": "must be at least {value}",
    "maximum": "must be at most {value}",
    "minItems": "must have at least {value} items",
    "maxItems": "must have at most {value} items",
    "minProperties": "must have at least {value} properties",
    "maxProperties": "must have at most {value} properties",
    "oneOf": "must match exactly one of the allowed forms",
}

FORMAT_CHECKER = FormatChecker(formats=())


@FORMAT_CHECKER.checks("date-time")
def is_date_time(value: object) -> bool:
    """RFC 3339 date-time with an offset; checked here so it never depends on optional extras."""
    if not isinstance(value, str):
        return True
    try:
        parse_date_time(value)
    except ValueError:
        return False
    return True


def parse_date_time(text: str) -> dt.datetime:
    """An RFC 3339 date-time as the same moment in UTC; fractions past microseconds are cut.

    In UTC because databases keep moments, not offsets (PostgreSQL refuses offsets over
    15:59, which RFC 3339 allows); a moment that UTC cannot hold (year 1 or 9999 at the
    edge) is not a date-time central accepts.
    """
    match = _DATE_TIME.fullmatch(text)
    if match is None:
        raise ValueError(f"not an RFC 3339 date-time: {text[:40]!r}")
    base, fraction, offset = match.groups()
    offset = offset.upper().replace("Z", "+00:00")
    moment = dt.datetime.fromisoformat(f"{base.upper()}{(fraction or '')[:7]}{offset}")
    try:
        return moment.astimezone(dt.UTC)
    except OverflowError:
        raise ValueError(f"outside the years UTC can hold: {text[:40]!r}") from None


def format_date_time(moment: dt.datetime) -> str:
    """A time as the server writes it: UTC, milliseconds, ``Z`` (``2025-01-01T01:15:31.204Z``)."""
    utc = moment.astimezone(dt.UTC)
    return utc.isoformat(timespec="milliseconds").replace("+00:00", "Z")


def canonical_json(value: object) -> str:
    """The form two requests are compared in for idempotency ("Idempotency" in the contract)."""
    return json.dumps(value, sort_keys=True, separators=(",", ":"))


def request_digest(value: object) -> str:
    """SHA-256 of the canonical JSON: what is kept to compare a repeat with the first request.

    Keeping the digest rather than the request means a purge of personal data (the form's
    fields and identity) leaves nothing of them behind.
    """
    return hashlib.sha256(canonical_json(value).encode("ascii")).hexdigest()


@FORMAT_CHECKER.checks("date")
def is_date(value: object) -> bool:
    """An RFC 3339 full-date (``2025-02-30`` is not one), as a date picker sends it."""
    if not isinstance(value, str):
        return True
    try:
        dt.date.fromisoformat(value)
    except ValueError:
        return False
    return len(value) == 10


@FORMAT_CHECKER.checks("uuid", raises=ValueError)
def is_uuid(value: object) -> bool:
    """A UUID in its usual hyphenated form."""
    if not isinstance(value, str):
        return True
    return len(value) == 36 and uuid.UUID(value) is not None


@dataclass(frozen=True)
class FieldError:
    """One offending value: where it is and what was expected, never the value itself."""

    location: str
    path: str
    message: str

    def as_json(self) -> dict[str, str]:
        """The ``FieldError`` schema's form."""
        return {"in": self.location, "path": self.path, "message": self.message}


@dataclass(frozen=True)
class Parameter:
    """A path, query or header parameter of one operation, checked against its schema."""

    name: str
    location: str
    default: object
    validator: Draft202012Validator
    integer: bool

    def parse(self, raw: str) -> tuple[object, list[str]]:
        """The value (an int where the schema wants one) and what is wrong with it, if anything.

        Parameters arrive as text, so an integer parameter is parsed before it is checked.
        """
        value: object = int(raw) if self.integer and _INTEGER.fullmatch(raw) else raw
        return value, [_message(error) for error in self.validator.iter_errors(value)]


@cache
def load_spec(path: Path = SPEC_PATH) -> dict[str, Any]:
    """The parsed OpenAPI document (cached: it never changes while the server runs)."""
    with path.open(encoding="utf-8") as stream:
        spec: dict[str, Any] = yaml.safe_load(stream)
    return spec


class Contract:
    """Validators for the named component schemas of the OpenAPI document."""

    def __init__(self, spec: dict[str, Any]) -> None:
        self._spec = spec
        self._schemas: dict[str, Any] = spec["components"]["schemas"]
        self._validators: dict[str, Draft202012Validator] = {}

    def validator(self, name: str) -> Draft202012Validator:
        """The validator of ``components.schemas.<name>``, built once."""
        if name not in self._schemas:
            raise KeyError(f"openapi.yaml has no schema {name!r}")
        if name not in self._validators:
            self._validators[name] = self.validator_at(f"/components/schemas/{name}")
        return self._validators[name]

    def validator_at(self, pointer: str) -> Draft202012Validator:
        """A validator for the schema at a JSON pointer into the document.

        Its ``$ref``s are inlined first: resolving them on every validation costs more than
        the rest of a request's handling, and the contract has no recursive schemas.
        """
        schema = self._inline(self._resolve(pointer), ())
        return Draft202012Validator(schema, format_checker=FORMAT_CHECKER)

    def _inline(self, node: Any, seen: tuple[str, ...]) -> Any:
        """A copy of ``node`` with every local ``$ref`` replaced by what it points at."""
        if isinstance(node, list):
            return [self._inline(item, seen) for item in node]
        if not isinstance(node, dict):
            return node
        ref = node.get("$ref")
        if not isinstance(ref, str):
            return {key: self._inline(value, seen) for key, value in node.items()}
        if ref in seen or not ref.startswith("#/"):
            raise ValueError(f"openapi.yaml: cannot inline $ref {ref!r}")
        target = self._inline(self._resolve(ref.removeprefix("#")), (*seen, ref))
        siblings = {key: self._inline(value, seen) for key, value in node.items() if key != "$ref"}
        return {"allOf": [target], **siblings} if siblings else target

    def parameters(self, template: str, method: str) -> list[Parameter]:
        """The parameters the contract declares for one operation, e.g. ``/v1/catalog``, GET."""
        operation_pointer = f"/paths/{_escape_pointer(template)}/{method.lower()}"
        operation = self._resolve(operation_pointer)
        found = []
        for index, declared in enumerate(operation.get("parameters", [])):
            pointer = f"{operation_pointer}/parameters/{index}"
            if "$ref" in declared:
                pointer = str(declared["$ref"]).removeprefix("#")
                declared = self._resolve(pointer)
            validator = self.validator_at(f"{pointer}/schema")
            schema = declared["schema"]
            found.append(
                Parameter(
                    name=declared["name"],
                    location=declared["in"],
                    default=schema.get("default"),
                    validator=validator,
                    integer=schema.get("type") == "integer",
                )
            )
        return found

    def _resolve(self, pointer: str) -> dict[str, Any]:
        """The object at a JSON pointer into the document."""
        node: Any = self._spec
        for segment in pointer.lstrip("/").split("/"):
            key = segment.replace("~1", "/").replace("~0", "~")
            node = node[int(key)] if isinstance(node, list) else node[key]
        if not isinstance(node, dict):
            raise KeyError(f"openapi.yaml has no object at {pointer}")
        return node

    def errors(self, name: str, instance: object) -> list[FieldError]:
        """Every way ``instance`` breaks schema ``name``, one entry per JSON path."""
        found: list[FieldError] = []
        errors = sorted(self.validator(name).iter_errors(instance), key=lambda e: e.json_path)
        for error in errors:
            for field_error in _field_errors(error):
                if field_error not in found:
                    found.append(field_error)
        return found


def _field_errors(error: ValidationError) -> list[FieldError]:
    """Name the property itself for required and unexpected properties, not its parent."""
    if error.context:
        return _field_errors_of_alternatives(error)
    if (
        error.validator == "required"
        and isinstance(error.instance, dict)
        and isinstance(error.validator_value, list)
    ):
        missing = [name for name in error.validator_value if name not in error.instance]
        return [FieldError("body", child_path(error.json_path, n), "is required") for n in missing]
    if (
        error.validator == "additionalProperties"
        and error.validator_value is False
        and isinstance(error.instance, dict)
    ):
        known = error.schema.get("properties", {}) if isinstance(error.schema, dict) else {}
        extra = sorted(name for name in error.instance if name not in known)
        return [FieldError("body", child_path(error.json_path, n), "is not allowed") for n in extra]
    return [FieldError("body", error.json_path, _message(error))]


def _field_errors_of_alternatives(error: ValidationError) -> list[FieldError]:
    """For ``oneOf``: the errors of the one alternative that came closest, if one did."""
    branches: dict[object, list[ValidationError]] = {}
    for sub in error.context or ():
        branches.setdefault(sub.relative_schema_path[0], []).append(sub)
    informative = [subs for subs in branches.values() if not all(map(_only_not_null, subs))]
    fewest = min((len(subs) for subs in informative), default=0)
    closest = [subs for subs in informative if len(subs) == fewest]
    if len(closest) == 1:
        return [item for sub in closest[0] for item in _field_errors(sub)]
    return [FieldError("body", error.json_path, _message(error))]


def _only_not_null(error: ValidationError) -> bool:
    """The ``null`` branch of a nullable value: its failure says nothing about the value."""
    return bool(error.validator == "type" and error.validator_value == "null")


def _escape_pointer(segment: str) -> str:
    """One JSON pointer segment (RFC 6901)."""
    return segment.replace("~", "~0").replace("/", "~1")


def child_path(path: str, name: str) -> str:
    """A JSON path one property deeper, quoting names that are not identifiers."""
    if _IDENTIFIER.fullmatch(name):
        return f"{path}.{name}"
    escaped = name.replace("\\", "\\\\").replace("'", "\\'")
    return f"{path}['{escaped}']"


def _message(error: ValidationError) -> str:
    """What the rule expects, without echoing the value (it may be a NIK)."""
    value = error.validator_value
    if error.validator in ("enum", "const"):
        shown = ", ".join(map(repr, value if isinstance(value, list) else [value]))
    elif isinstance(value, list):
        shown = " or ".join(map(str, value))
    else:
        shown = str(value)
    template = _MESSAGES.get(str(error.validator), "breaks the schema's {keyword} rule")
    message = template.format(value=shown, keyword=error.validator)
    if "propertyNames" in error.schema_path:
        return f"every property name {message}"
    return message
