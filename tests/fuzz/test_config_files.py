"""Configuration files and environment values, well-formed or not: a Config or one exact
ConfigError line naming the file (or variable), never another exception, never a secret."""

from __future__ import annotations

import json
import math
import tempfile
from pathlib import Path

from hypothesis import given
from hypothesis import strategies as st

from kiosk.config import ConfigError, check_config_file, describe_schema, load_config
from tests.helpers.fuzzing import QUICK, fuzz

SCHEMA = describe_schema()
SECTIONS = sorted({section for section, *_ in SCHEMA})
KEYS = {section: [key for s, key, *_ in SCHEMA if s == section] for section in SECTIONS}
ENVIRONMENT = [f"KIOSK_{section}_{key}".upper() for section, key, *_ in SCHEMA] + [
    "KIOSK_SECRET",
    "KIOSK_PRINTER",
    "KIOSK_ID",
]
#: Values near the edges of what the settings take.
INTERESTING = st.sampled_from(
    [
        "", "sim://", "gopher://x", "usb://04b8:0202", "pcsc://?name=*", "hid://?name=x",
        "https://kiosk:hunter2@central.example/", "http://[::1", "https://central.example:99999",
        "central.secret", "ui.idle_seconds", "logging.level", "printer.uri", "ui.nope",
        "/etc/kiosk/pin-pepper", "pin-pepper", "C:\\ProgramData\\Kiosk\\pin-pepper",
        "sixteen-chars-ok", "short", " padded-secret-value ", "DEBUG", "top-left", "id", "en",
    ]
)  # fmt: skip
LEAVES = st.one_of(
    st.booleans(),
    st.integers(min_value=-(2**70), max_value=2**70),
    st.floats(),
    st.text(max_size=40),
    INTERESTING,
)
VALUES = st.recursive(
    LEAVES,
    lambda inner: (
        st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=8), inner, max_size=3)
    ),
    max_leaves=8,
)


def toml(value: object) -> str:
    """``value`` written as TOML (inline tables for tables)."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        return (
            "nan"
            if math.isnan(value)
            else ("inf" if value > 0 else "-inf")
            if math.isinf(value)
            else repr(value)
        )
    if isinstance(value, str):
        return json.dumps(value)
    if isinstance(value, list):
        return "[" + ", ".join(toml(item) for item in value) + "]"
    assert isinstance(value, dict)
    return "{" + ", ".join(f"{json.dumps(k)} = {toml(v)}" for k, v in value.items()) + "}"


@st.composite
def documents(draw: st.DrawFn) -> tuple[bytes, set[str]]:
    """A config file's bytes, and the secrets it sets (which no message may show)."""
    secrets: set[str] = set()
    lines: list[str] = []
    for section in draw(st.lists(st.sampled_from(SECTIONS) | st.text(max_size=8), max_size=4)):
        lines.append(f"[{json.dumps(section)}]" if not section.isidentifier() else f"[{section}]")
        known = KEYS.get(section, [])
        for key in draw(
            st.lists(
                st.sampled_from(known) | st.text(max_size=8) if known else st.text(max_size=8),
                max_size=4,
            )
        ):
            value = draw(VALUES)
            if key == "secret" and isinstance(value, str) and len(value) >= 8:
                secrets.add(value)
            lines.append(f"{json.dumps(key)} = {toml(value)}")
    text = "\n".join(lines) + "\n"
    damage = draw(st.sampled_from(["none", "none", "cut", "insert", "bytes", "deep"]))
    if damage == "cut":
        text = text[: draw(st.integers(0, len(text)))]
    elif damage == "insert":
        at = draw(st.integers(0, len(text)))
        text = text[:at] + draw(st.text(max_size=6)) + text[at:]
    elif damage == "deep":
        depth = draw(st.integers(500, 6000))
        text += "[ui]\nx = " + "[" * depth + "]" * depth + "\n"
    data = text.encode("utf-8", "surrogatepass")
    if damage == "bytes":
        data = draw(st.binary(max_size=200))
    return data, secrets


def check_file(data: bytes, secrets: set[str]) -> None:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "kiosk.toml"
        path.write_bytes(data)
        try:
            check_config_file(path)
        except ConfigError as error:
            message = str(error)
            assert message.startswith(f"{path}: ") and "\n" not in message, message
            assert error.expected and error.found
            for secret in secrets:
                if error.key == "central.secret":
                    assert secret not in message


def check_environment(environ: dict[str, str]) -> None:
    try:
        load_config(environ=environ)
    except ConfigError as error:
        assert error.environment and str(error).startswith("environment KIOSK_")
        assert "\n" not in str(error)
        secret = environ[error.source]
        if error.key == "central.secret" and len(secret) >= 8:
            assert secret not in str(error)


ENVIRONS = st.dictionaries(
    st.sampled_from(ENVIRONMENT),
    st.one_of(INTERESTING, st.text(alphabet=st.characters(exclude_characters="\x00"), max_size=30)),
    max_size=4,
)


@QUICK
@given(documents())
def test_every_config_file_loads_or_gets_one_exact_line(case: tuple[bytes, set[str]]) -> None:
    check_file(*case)


@fuzz
@given(documents())
def test_every_config_file_loads_or_gets_one_exact_line_fuzz(case: tuple[bytes, set[str]]) -> None:
    check_file(*case)


@QUICK
@given(ENVIRONS)
def test_every_environment_loads_or_gets_one_exact_line(environ: dict[str, str]) -> None:
    check_environment(environ)


@fuzz
@given(ENVIRONS)
def test_every_environment_loads_or_gets_one_exact_line_fuzz(environ: dict[str, str]) -> None:
    check_environment(environ)
