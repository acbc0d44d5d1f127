"""Catalogs from central (JSON) and service files (TOML), damaged anywhere: a catalog or one
DataFileError naming the source, the key, what was expected and what was found."""

from __future__ import annotations

import copy
import json
import tempfile
from pathlib import Path
from typing import Any

from hypothesis import given
from hypothesis import strategies as st

from kiosk.catalog import (
    CatalogKeeper,
    catalog_to_json,
    load_catalog_files,
    parse_catalog,
)
from kiosk.datafile import DataFileError, parse_json_text
from kiosk.information import DEFAULT_INFORMATION_FILE
from kiosk.services import DEFAULT_SERVICES_DIR
from tests.helpers.fuzzing import QUICK, fuzz

SHIPPED = load_catalog_files()
BASE = catalog_to_json(SHIPPED)
SERVICE_FILES = sorted(DEFAULT_SERVICES_DIR.glob("*.toml"))
JSON_VALUES = st.recursive(
    st.none()
    | st.booleans()
    | st.integers(min_value=-(2**70), max_value=2**70)
    | st.floats()
    | st.text(max_size=20)
    | st.sampled_from(["form", "queue_ticket", "required", "date", "choice", "A", "K1", ""]),
    lambda inner: (
        st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=8), inner, max_size=4)
    ),
    max_leaves=10,
)


@st.composite
def damaged(draw: st.DrawFn) -> Any:
    """The shipped catalog as central would send it, with a few parts replaced or removed."""
    data: Any = copy.deepcopy(BASE)
    for _ in range(draw(st.integers(1, 4))):
        parent, key = None, None
        node = data
        while isinstance(node, dict | list) and node and draw(st.integers(0, 3)):
            keys = list(node) if isinstance(node, dict) else list(range(len(node)))
            parent, key = node, draw(st.sampled_from(keys))
            node = node[key]
        action = draw(st.sampled_from(["replace", "replace", "delete", "add"]))
        if parent is None:
            if action == "replace":
                data = draw(JSON_VALUES)
            continue
        if action == "replace":
            parent[key] = draw(JSON_VALUES)
        elif action == "delete":
            del parent[key]
        elif isinstance(parent, dict):
            parent[draw(st.text(max_size=8))] = draw(JSON_VALUES)
        else:
            parent.append(draw(JSON_VALUES))
    return data


def check_catalog(data: Any) -> None:
    try:
        catalog = parse_catalog(data, "central catalog")
    except DataFileError as error:
        message = str(error)
        assert message.startswith("central catalog: ") and "\n" not in message, message
        assert len(message) < 1000
    else:
        assert catalog.source == "central catalog"
    keeper = CatalogKeeper(SHIPPED)
    assert keeper.offer(data, "central catalog", save=False) in (True, False)


def check_json_text(text: str) -> None:
    try:
        data = parse_json_text("central catalog", text)
    except DataFileError as error:
        assert str(error).startswith("central catalog: invalid JSON")
        return
    check_catalog(data)


@st.composite
def service_files(draw: st.DrawFn) -> tuple[str, bytes]:
    """A shipped service file damaged as a hand edit might: a cut, an insert, a bad byte."""
    source = draw(st.sampled_from(SERVICE_FILES))
    data = source.read_bytes()
    for _ in range(draw(st.integers(1, 3))):
        at = draw(st.integers(0, len(data)))
        action = draw(st.sampled_from(["cut", "insert", "replace"]))
        if action == "cut":
            data = data[:at] + data[at + draw(st.integers(1, 40)) :]
        elif action == "insert":
            data = (
                data[:at]
                + draw(st.binary(max_size=8) | st.text(max_size=8).map(str.encode))
                + data[at:]
            )
        else:
            line_start = data.rfind(b"\n", 0, at) + 1
            line_end = data.find(b"\n", at)
            line = data[line_start : line_end if line_end >= 0 else len(data)]
            name, equals, _ = line.partition(b"=")
            if equals:
                value = (
                    json.dumps(draw(JSON_VALUES), ensure_ascii=True)
                    if draw(st.booleans())
                    else "[" * 3000
                )
                data = (
                    data[:line_start]
                    + name
                    + b"= "
                    + value.encode()
                    + data[line_start + len(line) :]
                )
    return source.name, data


def check_service_file(name: str, data: bytes) -> None:
    with tempfile.TemporaryDirectory() as folder:
        services = Path(folder)
        for shipped in SERVICE_FILES:
            (services / shipped.name).write_bytes(shipped.read_bytes())
        (services / name).write_bytes(data)
        try:
            load_catalog_files(services, DEFAULT_INFORMATION_FILE)
        except DataFileError as error:
            message = str(error)
            assert message.startswith(f"{services}") and "\n" not in message, message


@QUICK
@given(damaged())
def test_every_damaged_central_catalog_is_taken_or_refused_exactly(data: Any) -> None:
    check_catalog(data)


@fuzz
@given(damaged())
def test_every_damaged_central_catalog_is_taken_or_refused_exactly_fuzz(data: Any) -> None:
    check_catalog(data)


@QUICK
@given(st.text(max_size=200) | st.builds(lambda n: "[" * n, st.integers(0, 200_000)))
def test_every_catalog_text_is_parsed_or_refused(text: str) -> None:
    check_json_text(text)


@fuzz
@given(st.text(max_size=200) | st.builds(lambda n: "[" * n, st.integers(0, 200_000)))
def test_every_catalog_text_is_parsed_or_refused_fuzz(text: str) -> None:
    check_json_text(text)


@QUICK
@given(service_files())
def test_every_damaged_service_file_loads_or_is_named(case: tuple[str, bytes]) -> None:
    check_service_file(*case)


@fuzz
@given(service_files())
def test_every_damaged_service_file_loads_or_is_named_fuzz(case: tuple[str, bytes]) -> None:
    check_service_file(*case)
