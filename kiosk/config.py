"""Declarative kiosk configuration: schema, layered loading and validation.

Every setting is declared once, as a field of a frozen dataclass with a default and a
one-line description plus optional limits. The loader, the error messages, the shipped
``config/kiosk.toml`` and the docs are all derived from that one declaration, so they
cannot drift apart.

Layering, lowest to highest priority:

1. the schema defaults below (equal to the shipped ``config/kiosk.toml``);
2. one override file: the ``path`` argument (``--config PATH``), else ``$KIOSK_CONFIG``;
   a partial file overrides only the keys it names;
3. environment variables ``KIOSK_<SECTION>_<KEY>`` (e.g. ``KIOSK_UI_IDLE_SECONDS=90``) and
   the deployment aliases in :data:`ENV_ALIASES`; the full form wins over an alias.

A technician must be able to fix a bad value from the message alone, so every
:class:`ConfigError` is one line naming the source, the key, what was expected and what
was found. This module never imports Qt.
"""

from __future__ import annotations

import dataclasses
import datetime
import difflib
import json
import logging
import math
import os
import re
import typing
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath, PureWindowsPath
from types import MappingProxyType
from typing import Any, Final, TypeVar
from urllib.parse import urlsplit

from drivers.files import write_private
from drivers.printer_uri import PrinterKind
from drivers.registry import CARD_READER_SCHEMES, SCANNER_SCHEMES
from kiosk.datafile import UnreadableFileError, parse_toml

__all__ = [
    "ENV_ALIASES",
    "CardReaderSection",
    "CentralSection",
    "Config",
    "ConfigError",
    "DocumentPrinterSection",
    "IdentitySection",
    "JournalSection",
    "KioskSection",
    "LoggingSection",
    "MaintenanceSection",
    "PrinterSection",
    "ScannerSection",
    "UiSection",
    "check_config_file",
    "describe_schema",
    "load_config",
]

logger = logging.getLogger("kiosk.config")

_T = TypeVar("_T")

_ENV_PREFIX: Final = "KIOSK_"
_CONFIG_ENV: Final = "KIOSK_CONFIG"
_FOUND_MAX_CHARS: Final = 60
_TRUE_WORDS: Final = frozenset({"true", "1", "yes"})
_FALSE_WORDS: Final = frozenset({"false", "0", "no"})
_BARE_KEY: Final = re.compile(r"[A-Za-z0-9_-]+")


def _setting(
    default: _T,
    doc: str,
    *,
    minimum: float | None = None,
    maximum: float | None = None,
    choices: tuple[object, ...] | None = None,
    pattern: str | None = None,
    check: Callable[[str], str | None] | None = None,
    expects: str | None = None,
    secret: bool = False,
) -> _T:
    """Declare one setting, so its default, description and limits live in one place.

    ``check`` looks at a string (each item of a list) once its type and limits passed
    and returns what is wrong with it, rendered as the message's "found" (None when it is
    fine); ``expects`` says what it accepts. A ``secret`` is never quoted in a message.
    """
    metadata: dict[str, object] = {"doc": doc, "secret": secret}
    if check is not None:
        if expects is None:
            raise TypeError("a setting with a check says what it expects")
        metadata["check"] = check
        metadata["expects"] = expects
    if minimum is not None:
        metadata["minimum"] = minimum
    if maximum is not None:
        metadata["maximum"] = maximum
    if choices is not None:
        metadata["choices"] = choices
    if pattern is not None:
        metadata["pattern"] = pattern
    return field(default=default, metadata=metadata)


# --------------------------------------------------------------------------- checks

#: HMAC-SHA256 keys shorter than this are guessable; a regency's secrets are longer.
SECRET_MIN_LENGTH = 16
_SECRET_EXPECTS = (
    f"empty (offline) or at least {SECRET_MIN_LENGTH} characters, no spaces at the ends"
)
_URL_EXPECTS = "empty (offline), or an http:// or https:// URL with a host and no user:password@"
_EDITABLE_EXPECTS = (
    "settings (section.key) that are numbers, booleans or choices, never a secret or a list"
)


def _scheme_check(schemes: tuple[str, ...]) -> Callable[[str], str | None]:
    """A device URI must name a scheme the drivers have, or the kiosk cannot start."""

    def check(uri: str) -> str | None:
        try:
            scheme = urlsplit(uri.strip()).scheme
        except ValueError:
            scheme = ""
        if scheme in schemes:
            return None
        return f"{_shorten(_render(uri))} (scheme {_render(scheme) if scheme else 'missing'})"

    return check


def _schemes(schemes: tuple[str, ...]) -> str:
    return "a URI whose scheme is one of " + ", ".join(f"{scheme}://" for scheme in schemes)


def _secret_check(secret: str) -> str | None:
    """Long enough to sign with, and without the spaces a copy and paste leaves."""
    if not secret:
        return None
    if len(secret) < SECRET_MIN_LENGTH:
        return f"{len(secret)} character{'s' if len(secret) > 1 else ''}"
    if secret != secret.strip() or not secret.isprintable():
        return "spaces at an end, or characters that cannot be typed"
    return None


def _url_check(url: str) -> str | None:
    """An http(s) URL with a host; credentials belong in the secret, never in a URL."""
    if not url:
        return None
    try:
        parts = urlsplit(url)
        parts.port  # noqa: B018  # a port that is not a number raises here
    except ValueError:
        return "a malformed URL"
    if parts.username is not None or parts.password is not None:
        return "a URL with user:password@ (hidden here)"
    if parts.scheme not in ("http", "https") or not parts.hostname or not url.isprintable():
        return _shorten(_render(url))
    if any(char.isspace() for char in url):
        return _shorten(_render(url))
    return None


def is_editable(dotted: str) -> bool:
    """Whether the maintenance screen may offer ``section.key`` for editing.

    Only numbers, booleans and choices: never a secret, a free string (a URL, a path) or
    a list, which a technician's slip could turn into a kiosk that does not start.
    """
    spec = _BY_DOTTED.get(dotted)
    if spec is None or spec.secret:
        return False
    return spec.kind in ("int", "float", "bool") or (spec.kind == "str" and bool(spec.choices))


def _editable_check(dotted: str) -> str | None:
    if is_editable(dotted):
        return None
    spec = _BY_DOTTED.get(dotted)
    if spec is None:
        return f"{_render(dotted)} (no such setting)"
    what = "a secret" if spec.secret else f"a {_KIND_NAMES[spec.kind]} setting"
    return f"{_render(dotted)} ({what})"


def _absolute_path_check(path: str) -> str | None:
    if PurePosixPath(path).is_absolute() or PureWindowsPath(path).is_absolute():
        return None
    return f"{_shorten(_render(path))} (a relative path)"


# --------------------------------------------------------------------------- schema


@dataclass(frozen=True)
class KioskSection:
    """``[kiosk]``: identity of this kiosk, shown to citizens and sent to central."""

    id: str = _setting(
        "ALM-DEV-01",
        "Kiosk id, unique in the regency; printed on receipts and sent to central",
        pattern=r"^[A-Za-z0-9][A-Za-z0-9_-]{0,31}$",
    )
    name: str = _setting(
        "Anjungan Layanan Mandiri",
        "Name shown on the attract screen and receipt header",
    )
    office: str = _setting(
        "Kantor Desa Kemiren",
        "Office where the kiosk stands, printed on receipts",
    )
    officer: str = _setting(
        "",
        "How a citizen reaches an officer when a receipt did not print, shown as"
        ' "Petugas: ..." (e.g. the office and a phone number); empty shows the office',
    )
    data_dir: str = _setting(
        "",
        "Folder for the journal, printer spool and caches;"
        " empty means $XDG_DATA_HOME/kiosk (~/.local/share/kiosk)",
    )
    language: str = _setting(
        "id",
        "Language a new session starts in",
        choices=("id", "en"),
    )
    ticket_prefix: str = _setting(
        "K1",
        "Prefix of queue numbers this kiosk issues on its own,"
        " so they never collide with another kiosk's",
        pattern=r"^[A-Z0-9]{1,3}$",
    )


@dataclass(frozen=True)
class UiSection:
    """``[ui]``: touch-screen behaviour and accessibility timings."""

    fullscreen: bool = _setting(
        True,
        "Fill the screen without window frame (turn off only for development)",
    )
    idle_seconds: int = _setting(
        60,
        "Seconds without a touch before the idle warning appears",
        minimum=15,
        maximum=600,
    )
    idle_warning_seconds: int = _setting(
        30,
        "Seconds the idle warning gives to continue before the session is wiped"
        " (WCAG 2.2.1 asks for at least 20)",
        minimum=20,
        maximum=120,
    )
    done_seconds: int = _setting(
        20,
        "Seconds the done screen stays before returning to the attract screen",
        minimum=5,
        maximum=120,
    )
    attract_slide_seconds: int = _setting(
        8,
        "Seconds each public-information slide shows on the attract screen",
        minimum=3,
        maximum=60,
    )
    show_cursor: bool = _setting(
        False,
        "Show the mouse cursor (for installers using a mouse)",
    )


@dataclass(frozen=True)
class PrinterSection:
    """``[printer]``: the thermal receipt printer."""

    uri: str = _setting(
        "sim://spool",
        "Receipt printer; sim://FOLDER is the simulated printer"
        " (a relative folder is under data_dir)",
        check=_scheme_check(tuple(kind.value for kind in PrinterKind)),
        expects=_schemes(tuple(kind.value for kind in PrinterKind)),
    )
    dot_width: int = _setting(
        576,
        "Printable width in dots: 384 for 58 mm paper, 512 or 576 for 80 mm",
        choices=(384, 512, 576),
    )


@dataclass(frozen=True)
class DocumentPrinterSection:
    """``[document_printer]``: the A4 printer for letters, through the PC's CUPS."""

    uri: str = _setting(
        "",
        "A4 document printer: cups://QUEUE (a queue of this PC's CUPS), sim://FOLDER"
        " (PDF and PNG files; a relative folder is under data_dir), or empty for none",
        pattern=r"^(?:cups://[A-Za-z0-9][A-Za-z0-9_.-]{0,126}/?|sim://\S*)?$",
    )


@dataclass(frozen=True)
class CardReaderSection:
    """``[card_reader]``: the e-KTP (national id card) reader."""

    uri: str = _setting(
        "sim://",
        "e-KTP card reader; sim:// is the simulated reader",
        check=_scheme_check(CARD_READER_SCHEMES),
        expects=_schemes(CARD_READER_SCHEMES),
    )


@dataclass(frozen=True)
class ScannerSection:
    """``[scanner]``: the QR code scanner."""

    uri: str = _setting(
        "sim://",
        "QR scanner: sim:// (simulated), serial:///dev/ttyACM0?baudrate=9600&terminator=cr|lf|crlf|any,"
        " hid://?name=PATTERN&layout=us|uk|de|fr or hid:///dev/input/by-id/...;"
        " keyboard-wedge scanners need no setting",
        check=_scheme_check(SCANNER_SCHEMES),
        expects=_schemes(SCANNER_SCHEMES),
    )


@dataclass(frozen=True)
class IdentitySection:
    """``[identity]``: how the identify step checks who a citizen is."""

    extra_region_codes: tuple[str, ...] = _setting(
        (),
        "Province codes (the NIK's first 2 digits) to accept that python-stdnum does not know"
        " yet, e.g. a newly formed province",
        pattern=r"^[0-9]{2}$",
    )


@dataclass(frozen=True)
class CentralSection:
    """``[central]``: the regency's central API that receives every request."""

    url: str = _setting(
        "",
        "Base URL of the central API, e.g. https://layanan.example.go.id/alm;"
        " empty runs offline and keeps every request in the outbox",
        check=_url_check,
        expects=_URL_EXPECTS,
    )
    secret: str = _setting(
        "",
        "This kiosk's secret for signing requests; better set through KIOSK_SECRET"
        " in a file only the kiosk user can read",
        check=_secret_check,
        expects=_SECRET_EXPECTS,
        secret=True,
    )
    ca_bundle: str = _setting(
        "",
        "PEM file of CA certificates to trust for the central API; empty uses the system's",
    )
    connect_timeout: float = _setting(
        5.0,
        "Seconds to wait for a connection to the central API",
        minimum=0.5,
        maximum=60,
    )
    read_timeout: float = _setting(
        15.0,
        "Seconds to wait for the central API's answer, and the longest a whole answer may take",
        minimum=1,
        maximum=120,
    )
    heartbeat_seconds: int = _setting(
        60,
        "Seconds between heartbeats (device health, outbox depth, version) to the central API",
        minimum=10,
        maximum=3600,
    )
    catalog_seconds: int = _setting(
        900,
        "Seconds between checks for a new service catalog",
        minimum=60,
        maximum=86400,
    )


@dataclass(frozen=True)
class JournalSection:
    """``[journal]``: what the kiosk keeps of each request, and for how long."""

    retention_days: int = _setting(
        30,
        "Days a request's personal data stays on the kiosk after central acknowledged it"
        " (UU 27/2022: no longer than its purpose needs)",
        minimum=1,
        maximum=3650,
    )


@dataclass(frozen=True)
class LoggingSection:
    """``[logging]``: what the technician log records."""

    level: str = _setting(
        "INFO",
        "Least severe log level written",
        choices=("DEBUG", "INFO", "WARNING", "ERROR"),
    )


@dataclass(frozen=True)
class MaintenanceSection:
    """``[maintenance]``: how technicians enter maintenance mode, and what they may change."""

    gesture_corner: str = _setting(
        "top-left",
        "Screen corner where the hidden gesture is tapped to open the maintenance PIN prompt",
        choices=("top-left", "top-right", "bottom-left", "bottom-right"),
    )
    gesture_taps: int = _setting(
        5,
        "Taps in that corner that open the maintenance PIN prompt",
        minimum=3,
        maximum=12,
    )
    gesture_window_seconds: int = _setting(
        3,
        "Seconds within which all the gesture's taps must fall",
        minimum=1,
        maximum=15,
    )
    idle_seconds: int = _setting(
        120,
        "Seconds without a touch after which maintenance mode closes by itself",
        minimum=30,
        maximum=1800,
    )
    technician_cards: tuple[str, ...] = _setting(
        (),
        "UIDs (hex, as `kiosk devices read-card` prints them) of technician cards"
        " that open the maintenance PIN prompt",
        pattern=r"^(?:[0-9A-Fa-f]{2}){4,10}$",
    )
    editable_keys: tuple[str, ...] = _setting(
        (
            "ui.idle_seconds",
            "ui.idle_warning_seconds",
            "ui.done_seconds",
            "ui.attract_slide_seconds",
            "printer.dot_width",
            "journal.retention_days",
            "logging.level",
            "maintenance.idle_seconds",
        ),
        "Settings a technician may change on the kiosk's maintenance screen"
        " (section.key; numbers, booleans and choices only)",
        pattern=r"^[a-z_]+\.[a-z_]+$",
        check=_editable_check,
        expects=_EDITABLE_EXPECTS,
    )
    pepper_file: str = _setting(
        "/etc/kiosk/pin-pepper",
        "File with the secret pepper of the maintenance PIN hashes, outside the data folder"
        " so a copy of it cannot be used to guess the PINs; readable by the kiosk user and"
        " by `kiosk set-pin` (an absolute path)",
        check=_absolute_path_check,
        expects="an absolute path",
    )


def _expand_home(text: str, environ: Mapping[str, str]) -> Path:
    """Expand a leading ``~`` using ``environ``'s HOME, so tests need not touch os.environ."""
    home = environ.get("HOME", "")
    if home and (text == "~" or text.startswith("~/")):
        return Path(home) / text[2:]
    return Path(text).expanduser()


@dataclass(frozen=True)
class Config:
    """The whole kiosk configuration; immutable so no screen can change it behind our back."""

    kiosk: KioskSection = field(default_factory=KioskSection)
    ui: UiSection = field(default_factory=UiSection)
    printer: PrinterSection = field(default_factory=PrinterSection)
    document_printer: DocumentPrinterSection = field(default_factory=DocumentPrinterSection)
    card_reader: CardReaderSection = field(default_factory=CardReaderSection)
    scanner: ScannerSection = field(default_factory=ScannerSection)
    identity: IdentitySection = field(default_factory=IdentitySection)
    central: CentralSection = field(default_factory=CentralSection)
    journal: JournalSection = field(default_factory=JournalSection)
    logging: LoggingSection = field(default_factory=LoggingSection)
    maintenance: MaintenanceSection = field(default_factory=MaintenanceSection)
    sources: tuple[str, ...] = ()
    """Files and environment variables that were applied, in order, for the technician log."""

    def data_path(self, environ: Mapping[str, str] | None = None) -> Path:
        """Return the data folder, so every component agrees on where the journal lives.

        Args:
            environ: Environment to read ``XDG_DATA_HOME`` and ``HOME`` from;
                defaults to ``os.environ``.

        Returns:
            ``kiosk.data_dir`` with ``~`` expanded; if it is empty, ``$XDG_DATA_HOME/kiosk``
            when that is an absolute path (as the XDG spec requires), else
            ``~/.local/share/kiosk``.

        """
        env = os.environ if environ is None else environ
        if self.kiosk.data_dir:
            return _expand_home(self.kiosk.data_dir, env)
        xdg = env.get("XDG_DATA_HOME", "")
        if xdg and Path(xdg).is_absolute():
            return Path(xdg) / "kiosk"
        return _expand_home("~/.local/share/kiosk", env)


ENV_ALIASES: Final[Mapping[str, str]] = MappingProxyType(
    {
        "KIOSK_ID": "kiosk.id",
        "KIOSK_DATA_DIR": "kiosk.data_dir",
        "KIOSK_PRINTER": "printer.uri",
        "KIOSK_DOCUMENT_PRINTER": "document_printer.uri",
        "KIOSK_CARD_READER": "card_reader.uri",
        "KIOSK_SCANNER": "scanner.uri",
        "KIOSK_SECRET": "central.secret",
    }
)
"""Short deployment environment variables and the ``section.key`` each one sets."""


# --------------------------------------------------------------------------- errors


class ConfigError(Exception):
    """A configuration file or value the kiosk refuses to start with.

    The message is one line a technician can act on without reading code.

    Attributes:
        source: File path, or environment variable name when ``environment`` is true.
        key: ``"section.key"``, a bare section or top-level name, or ``""`` for the whole file.
        expected: What would have been accepted.
        found: What was there instead.
        environment: True when ``source`` is an environment variable.

    """

    def __init__(
        self,
        source: str,
        key: str,
        expected: str,
        found: str,
        *,
        problem: str | None = None,
        location: str | None = None,
        environment: bool = False,
    ) -> None:
        self.source = source
        self.key = key
        self.expected = expected
        self.found = found
        self.environment = environment
        self.problem = problem if problem is not None else f"expected {expected}, found {found}"
        if location is None:
            # An environment variable's name already says which setting it is.
            location = "" if environment else _location(key)
        prefix = f"environment {source}" if environment else source
        self.message = (
            f"{prefix}: {location}: {self.problem}" if location else f"{prefix}: {self.problem}"
        )
        super().__init__(self.message)

    def __str__(self) -> str:
        return self.message


def _location(key: str) -> str:
    """Render ``section.key`` the way it looks in the TOML file, so it can be found there."""
    if not key:
        return ""
    section, dot, name = key.partition(".")
    return f"[{section}] {name}" if dot else f"[{section}]"


class _InvalidValueError(Exception):
    """A value failed its declared type or limits; the caller adds source and key."""

    def __init__(self, expected: str, found: str) -> None:
        super().__init__(expected, found)
        self.expected = expected
        self.found = found


# --------------------------------------------------------------------------- introspection


@dataclass(frozen=True)
class _Spec:
    """One setting as the loader sees it, derived from a dataclass field."""

    section: str
    key: str
    kind: str  # "str", "int", "float", "bool" or "tuple" (of str)
    default: object
    doc: str
    minimum: float | None
    maximum: float | None
    choices: tuple[object, ...] | None
    pattern: str | None
    check: Callable[[str], str | None] | None = None
    expects: str | None = None
    secret: bool = False

    @property
    def dotted(self) -> str:
        """Return ``section.key``."""
        return f"{self.section}.{self.key}"

    @property
    def env_name(self) -> str:
        """Return the full environment variable name, ``KIOSK_<SECTION>_<KEY>``."""
        return f"{_ENV_PREFIX}{self.section}_{self.key}".upper()


_KIND_NAMES: Final[Mapping[str, str]] = MappingProxyType(
    {"str": "str", "int": "int", "float": "float", "bool": "bool", "tuple": "tuple[str, ...]"}
)


def _kind_of(hint: object, where: str) -> str:
    """Map a resolved type hint to a loader kind; an unsupported type is a schema bug."""
    if hint is bool:
        return "bool"
    if hint is int:
        return "int"
    if hint is float:
        return "float"
    if hint is str:
        return "str"
    if typing.get_origin(hint) is tuple and typing.get_args(hint) == (str, Ellipsis):
        return "tuple"
    raise TypeError(f"{where}: unsupported setting type {hint!r}")


def _build_schema() -> dict[str, dict[str, _Spec]]:
    """Introspect :class:`Config` once, so adding a field is all it takes to add a setting."""
    schema: dict[str, dict[str, _Spec]] = {}
    config_hints = typing.get_type_hints(Config)
    for section_field in dataclasses.fields(Config):
        section_type = config_hints[section_field.name]
        if not (isinstance(section_type, type) and dataclasses.is_dataclass(section_type)):
            continue  # e.g. ``sources``: bookkeeping, not a section
        hints = typing.get_type_hints(section_type)
        specs: dict[str, _Spec] = {}
        for f in dataclasses.fields(section_type):
            where = f"{section_field.name}.{f.name}"
            meta = f.metadata
            if "doc" not in meta:
                raise TypeError(f"{where}: setting has no description")
            specs[f.name] = _Spec(
                section=section_field.name,
                key=f.name,
                kind=_kind_of(hints[f.name], where),
                default=f.default,
                doc=str(meta["doc"]),
                minimum=meta.get("minimum"),
                maximum=meta.get("maximum"),
                choices=meta.get("choices"),
                pattern=meta.get("pattern"),
                check=meta.get("check"),
                expects=meta.get("expects"),
                secret=bool(meta.get("secret")),
            )
        schema[section_field.name] = specs
    return schema


_SCHEMA: Final = _build_schema()
_BY_DOTTED: Final = {spec.dotted: spec for specs in _SCHEMA.values() for spec in specs.values()}
_BY_ENV: Final = {spec.env_name: spec for spec in _BY_DOTTED.values()}
if len(_BY_ENV) != len(_BY_DOTTED):  # pragma: no cover - guards future schema edits
    raise TypeError("two settings map to the same KIOSK_<SECTION>_<KEY> environment variable")
if not set(ENV_ALIASES.values()) <= set(_BY_DOTTED):  # pragma: no cover
    raise TypeError("an ENV_ALIASES entry names an unknown setting")


def describe_schema() -> list[tuple[str, str, str, object, str]]:
    """List every setting for docs and tests, in declaration order.

    Returns:
        Rows of ``(section, key, type name, default, description)``.

    """
    return [
        (spec.section, spec.key, _KIND_NAMES[spec.kind], spec.default, spec.doc)
        for spec in _BY_DOTTED.values()
    ]


# --------------------------------------------------------------------------- wording


def _render(value: object) -> str:
    """Show a value the way it would be written in TOML."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str):
        return json.dumps(value, ensure_ascii=False)
    if isinstance(value, int):
        try:
            return str(value)
        except ValueError:  # more digits than Python will print
            return f"an integer of {value.bit_length()} bits"
    if isinstance(value, float):
        if math.isnan(value):
            return "nan"
        if math.isinf(value):
            return "inf" if value > 0 else "-inf"
        return repr(value)
    if isinstance(value, list):
        return "[" + ", ".join(_render(item) for item in value) + "]"
    if isinstance(value, dict):
        return "{" + ", ".join(f"{_key(k)} = {_render(v)}" for k, v in value.items()) + "}"
    if isinstance(value, datetime.date | datetime.time):
        return value.isoformat()
    return repr(value)


def _shorten(text: str) -> str:
    """Keep a found value short, so the message stays one readable line."""
    if len(text) <= _FOUND_MAX_CHARS:
        return text
    return text[: _FOUND_MAX_CHARS - 3] + "..."


def _type_name(value: object) -> str:
    """Name a TOML value's type with its article, as a technician would say it."""
    if isinstance(value, bool):
        return "a boolean"
    if isinstance(value, str):
        return "a string"
    if isinstance(value, int):
        return "an integer"
    if isinstance(value, float):
        return "a float"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "a table"
    if isinstance(value, datetime.datetime):
        return "a date-time"
    if isinstance(value, datetime.date):
        return "a date"
    if isinstance(value, datetime.time):
        return "a time"
    return f"a {type(value).__name__}"


def _found(value: object, *, wrong_type: bool) -> str:
    """Describe a found TOML value, naming its type when the type itself is the problem."""
    shown = _shorten(_render(value))
    return f"{shown} ({_type_name(value)})" if wrong_type else shown


def _key(name: object) -> str:
    """Render a key as TOML would need it, so odd characters cannot break the one-line message."""
    text = str(name)
    return text if _BARE_KEY.fullmatch(text) else json.dumps(text, ensure_ascii=False)


def _number(value: float) -> str:
    """Render a limit without a spurious ``.0``."""
    return str(int(value)) if float(value).is_integer() else repr(value)


def _one_of(choices: tuple[object, ...]) -> str:
    """Render allowed choices as TOML values."""
    return "one of " + ", ".join(_render(choice) for choice in choices)


def _expected(spec: _Spec, *, environment: bool) -> str:
    """Say what a setting accepts, in the words the error message uses."""
    if spec.kind == "bool":
        return "true, false, 1, 0, yes or no" if environment else "true or false"
    if spec.choices is not None and spec.kind != "tuple":
        return _one_of(spec.choices)
    if spec.kind in ("int", "float"):
        text = "an integer" if spec.kind == "int" else "a number"
        if spec.minimum is not None and spec.maximum is not None:
            return f"{text} from {_number(spec.minimum)} to {_number(spec.maximum)}"
        if spec.minimum is not None:
            return f"{text} of at least {_number(spec.minimum)}"
        if spec.maximum is not None:
            return f"{text} of at most {_number(spec.maximum)}"
        return text
    if spec.kind == "str":
        return f"a string matching {spec.pattern}" if spec.pattern else "a string"
    text = "a comma-separated list" if environment else "a list of strings"
    if spec.choices is not None:
        return f"{text}, each {_one_of(spec.choices)}"
    if spec.pattern:
        return f"{text}, each matching {spec.pattern}"
    return text


def _within_limits(spec: _Spec, value: object) -> bool:
    """Check a value of the right type against the declared limits."""
    if isinstance(value, tuple):
        return all(_within_limits(spec, item) for item in value)
    if spec.choices is not None and value not in spec.choices:
        return False
    if isinstance(value, str) and spec.pattern and not re.fullmatch(spec.pattern, value):
        return False
    if isinstance(value, int | float) and not isinstance(value, bool):
        if isinstance(value, float) and not math.isfinite(value):
            return False
        if spec.minimum is not None and value < spec.minimum:
            return False
        if spec.maximum is not None and value > spec.maximum:
            return False
    return True


# --------------------------------------------------------------------------- conversion


_TOML_TYPES: Final[Mapping[str, tuple[type, ...]]] = MappingProxyType(
    {"bool": (bool,), "int": (int,), "float": (int, float), "str": (str,), "tuple": (list,)}
)


def _from_toml(spec: _Spec, value: object) -> object:
    """Validate a TOML value strictly: strings are never coerced, a boolean is not an integer."""
    expected = _expected(spec, environment=False)
    if isinstance(value, bool) is not (spec.kind == "bool") or not isinstance(
        value, _TOML_TYPES[spec.kind]
    ):
        shown = _type_name(value) if spec.secret else _found(value, wrong_type=True)
        raise _InvalidValueError(expected, shown)
    result: object = value
    if isinstance(value, list):
        for index, item in enumerate(value, start=1):
            if not isinstance(item, str):
                found = f"{_shorten(_render(value))} (item {index} is {_type_name(item)})"
                raise _InvalidValueError(expected, found)
        result = tuple(value)
    elif spec.kind == "float" and isinstance(value, int):
        result = float(value)
    if not _within_limits(spec, result):
        raise _InvalidValueError(expected, _found(value, wrong_type=False))
    _check(spec, result)
    return result


def _from_env(spec: _Spec, raw: str) -> object:
    """Parse an environment string per the setting's type, then check its limits."""
    expected = _expected(spec, environment=True)
    found = (
        f"{len(raw)} characters" if spec.secret else _shorten(json.dumps(raw, ensure_ascii=False))
    )
    text = raw.strip()
    value: object
    try:
        if spec.kind == "bool":
            if text.lower() in _TRUE_WORDS:
                value = True
            elif text.lower() in _FALSE_WORDS:
                value = False
            else:
                raise _InvalidValueError(expected, found)
        elif spec.kind == "int":
            if not re.fullmatch(r"[+-]?[0-9]+", text):
                raise _InvalidValueError(expected, found)
            value = int(text)
        elif spec.kind == "float":
            value = float(text)
        elif spec.kind == "str":
            value = raw
        else:
            value = tuple(item.strip() for item in raw.split(",") if item.strip())
    except ValueError:  # float("abc"), or more digits than int() accepts
        raise _InvalidValueError(expected, found) from None
    if not _within_limits(spec, value):
        raise _InvalidValueError(expected, found)
    _check(spec, value)
    return value


def _check(spec: _Spec, value: object) -> None:
    """The setting's own check, on a value (each item of a list) that passed its limits."""
    if spec.check is None or spec.expects is None:
        return
    for item in value if isinstance(value, tuple) else (value,):
        if isinstance(item, str) and (found := spec.check(item)) is not None:
            raise _InvalidValueError(spec.expects, found)


# --------------------------------------------------------------------------- loading


def _read_toml(path: Path, source: str) -> dict[str, Any]:
    """Read and parse one TOML file (size-capped), turning every failure into a ConfigError."""
    try:
        return parse_toml(path)
    except UnreadableFileError as problem:
        raise ConfigError(
            source, "", problem.expected, problem.found, problem=problem.problem
        ) from None


def _apply_file(path: Path | str, overrides: dict[str, dict[str, object]]) -> str:
    """Validate one override file into ``overrides``; return its source name."""
    source = str(path)
    data = _read_toml(Path(path), source)
    sections = ", ".join(_SCHEMA)
    for name, table in data.items():
        specs = _SCHEMA.get(name)
        if specs is None:
            if isinstance(table, dict):
                raise ConfigError(
                    source,
                    name,
                    f"one of: {sections}",
                    _key(name),
                    problem=f"unknown section; expected one of: {sections}",
                    location=f"[{_key(name)}]",
                )
            raise ConfigError(
                source,
                name,
                f"a section, one of: {sections}",
                _key(name),
                problem=f"key outside any section; expected a section, one of: {sections}",
                location=_key(name),
            )
        if not isinstance(table, dict):
            raise ConfigError(source, name, "a table", _found(table, wrong_type=True))
        for key, value in table.items():
            spec = specs.get(key)
            if spec is None:
                known = ", ".join(specs)
                raise ConfigError(
                    source,
                    f"{name}.{key}",
                    f"one of: {known}",
                    _key(key),
                    problem=f"unknown key; expected one of: {known}",
                    location=f"[{name}] {_key(key)}",
                )
            try:
                overrides[name][key] = _from_toml(spec, value)
            except _InvalidValueError as exc:
                raise ConfigError(source, spec.dotted, exc.expected, exc.found) from None
    logger.info("Applied configuration file %s", source)
    return source


def _apply_env_var(
    name: str, spec: _Spec, environ: Mapping[str, str], overrides: dict[str, dict[str, object]]
) -> None:
    """Parse one environment variable into ``overrides``."""
    try:
        overrides[spec.section][spec.key] = _from_env(spec, environ[name])
    except _InvalidValueError as exc:
        raise ConfigError(name, spec.dotted, exc.expected, exc.found, environment=True) from None
    logger.info("Applied environment variable %s to [%s] %s", name, spec.section, spec.key)


def _apply_environment(
    environ: Mapping[str, str], overrides: dict[str, dict[str, object]]
) -> list[str]:
    """Apply aliases, then full ``KIOSK_<SECTION>_<KEY>`` names; return the names applied."""
    applied: list[str] = []
    for alias, dotted in ENV_ALIASES.items():
        if alias not in environ:
            continue
        spec = _BY_DOTTED[dotted]
        if spec.env_name in environ:
            logger.info("Ignoring %s because %s is also set and wins", alias, spec.env_name)
            continue
        _apply_env_var(alias, spec, environ, overrides)
        applied.append(alias)
    for name, spec in _BY_ENV.items():
        if name in environ:
            _apply_env_var(name, spec, environ, overrides)
            applied.append(name)
    for name in sorted(environ):
        if name in _BY_ENV or name in ENV_ALIASES:
            continue
        for section, specs in _SCHEMA.items():
            prefix = f"{_ENV_PREFIX}{section.upper()}_"
            if name.startswith(prefix):
                known = [spec.env_name for spec in specs.values()]
                close = difflib.get_close_matches(name, known, n=1)
                logger.warning(
                    "Ignoring environment variable %s: [%s] has no such key (known: %s)%s",
                    name,
                    section,
                    ", ".join(known),
                    f"; did you mean {close[0]}?" if close else "",
                )
                break
    return applied


def _build(overrides: dict[str, dict[str, object]], sources: list[str]) -> Config:
    """Turn validated overrides into a Config on top of the defaults."""
    defaults = Config()
    sections: dict[str, Any] = {
        name: dataclasses.replace(getattr(defaults, name), **values)
        for name, values in overrides.items()
    }
    return dataclasses.replace(defaults, **sections, sources=tuple(sources))


def load_config(path: Path | str | None = None, environ: Mapping[str, str] | None = None) -> Config:
    """Load the configuration: defaults, then one override file, then environment variables.

    Args:
        path: Override file (``--config PATH``); if None, ``$KIOSK_CONFIG`` when set and
            not empty; if neither, only defaults and environment variables apply.
        environ: Environment to read; defaults to ``os.environ``.

    Returns:
        The validated configuration, with ``sources`` listing what was applied.

    Raises:
        ConfigError: At the first file or value that is unreadable, unknown or invalid.

    """
    env = os.environ if environ is None else environ
    overrides: dict[str, dict[str, object]] = {name: {} for name in _SCHEMA}
    sources: list[str] = []
    if path is None and env.get(_CONFIG_ENV):
        path = env[_CONFIG_ENV]
        logger.info("Using configuration file %s from %s", path, _CONFIG_ENV)
    if path is not None:
        sources.append(_apply_file(path, overrides))
    sources.extend(_apply_environment(env, overrides))
    config = _build(overrides, sources)
    logger.info("Configuration loaded from defaults + %s", ", ".join(sources) or "nothing else")
    return config


def check_config_file(path: Path | str) -> Config:
    """Validate one file on its own (defaults + that file, no environment), for ``--check``.

    Args:
        path: The TOML file to check.

    Returns:
        The configuration that file alone would produce.

    Raises:
        ConfigError: If the file is unreadable, not TOML, or has an unknown or invalid value.

    """
    overrides: dict[str, dict[str, object]] = {name: {} for name in _SCHEMA}
    source = _apply_file(path, overrides)
    return _build(overrides, [source])


# --------------------------------------------------------------------------- maintenance edits

LOCAL_FILE: Final = "maintenance.toml"
"""Settings changed on the maintenance screen, in the data folder (``local_file``)."""

_LOCAL_SOURCE: Final = "maintenance screen"


@dataclass(frozen=True)
class SettingInfo:
    """What the maintenance screen needs to offer one setting for editing."""

    dotted: str
    kind: str
    doc: str
    minimum: float | None
    maximum: float | None
    choices: tuple[object, ...] | None


def setting_info(dotted: str) -> SettingInfo | None:
    """The declared type and limits of ``section.key``, or None when there is no such setting."""
    spec = _BY_DOTTED.get(dotted)
    if spec is None:
        return None
    return SettingInfo(spec.dotted, spec.kind, spec.doc, spec.minimum, spec.maximum, spec.choices)


def current_value(config: Config, dotted: str) -> object:
    """The value of ``section.key`` in ``config``."""
    section, _, key = dotted.partition(".")
    return getattr(getattr(config, section), key)


def parse_setting(dotted: str, text: str) -> object:
    """Validate a value typed on the maintenance screen exactly as an environment value is.

    Raises:
        ConfigError: When the key is unknown or the value breaks its type or limits.

    """
    spec = _BY_DOTTED.get(dotted)
    if spec is None:
        raise ConfigError(_LOCAL_SOURCE, dotted, "a known setting", dotted, problem="unknown key")
    try:
        return _from_env(spec, text)
    except _InvalidValueError as exc:
        raise ConfigError(_LOCAL_SOURCE, spec.dotted, exc.expected, exc.found) from None


def parse_editable_setting(config: Config, dotted: str, text: str) -> object:
    """Validate a value the maintenance screen is about to save, and that it may save it.

    The screen offers only ``editable_keys`` that are numbers, booleans and choices; this
    checks both again right before saving, so no slip in the screen (or a file edited to
    name ``central.secret``) lets a technician write a secret or a free string.

    Raises:
        ConfigError: When ``dotted`` is not editable or the value breaks its type or limits.

    """
    if dotted not in config.maintenance.editable_keys:
        raise ConfigError(
            _LOCAL_SOURCE,
            dotted,
            "one of [maintenance] editable_keys",
            _render(dotted),
            problem="not in [maintenance] editable_keys",
        )
    if (found := _editable_check(dotted)) is not None:
        raise ConfigError(_LOCAL_SOURCE, dotted, _EDITABLE_EXPECTS, found)
    return parse_setting(dotted, text)


def local_file(config: Config) -> Path:
    """Where maintenance-screen changes are kept for this configuration."""
    return config.data_path() / LOCAL_FILE


def save_local_setting(config: Config, dotted: str, value: object) -> Path:
    """Add one validated change to the data folder's ``maintenance.toml`` (atomically).

    The file is the kiosk's own: it is rewritten whole, so it holds no comments.
    """
    spec = _BY_DOTTED[dotted]
    path = local_file(config)
    data: dict[str, Any] = _read_toml(path, str(path)) if path.exists() else {}
    data.setdefault(spec.section, {})[spec.key] = value
    lines = ["# Written by the kiosk's maintenance screen; applied above the config file."]
    for section, table in sorted(data.items()):
        lines.append(f"\n[{_key(section)}]")
        lines.extend(f"{_key(key)} = {_render(item)}" for key, item in sorted(table.items()))
    write_private(path, ("\n".join(lines) + "\n").encode("utf-8"))
    logger.info("Saved [%s] %s = %s to %s", spec.section, spec.key, _render(value), path)
    return path


def apply_local_settings(config: Config, environ: Mapping[str, str] | None = None) -> Config:
    """Layer the maintenance screen's changes over ``config``; environment variables still win.

    Raises:
        ConfigError: When the file is unreadable or holds an unknown or invalid value.

    """
    path = config.data_path(environ) / LOCAL_FILE
    if not path.exists():
        return config
    env = os.environ if environ is None else environ
    overrides: dict[str, dict[str, object]] = {name: {} for name in _SCHEMA}
    source = _apply_file(path, overrides)
    applied = _apply_environment(env, overrides)
    sections: dict[str, Any] = {
        name: dataclasses.replace(getattr(config, name), **values)
        for name, values in overrides.items()
        if values
    }
    sources = (*[s for s in config.sources if s not in applied], source, *applied)
    return dataclasses.replace(config, **sections, sources=sources)
