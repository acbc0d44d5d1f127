"""The catalog: the same model from TOML and central JSON, exact errors, the last good one kept."""

from __future__ import annotations

import copy
import json
from pathlib import Path

import pytest

from kiosk.catalog import (
    GOOD_COPY_FILE,
    CatalogKeeper,
    catalog_json,
    catalog_to_json,
    load_catalog_files,
    parse_catalog,
    start_catalog,
)
from kiosk.config import load_config
from kiosk.datafile import DataFileError
from kiosk.services import Flow
from tests.helpers.private_files import open_modes, umask

ROOT = Path(__file__).resolve().parents[3]
SHIPPED = load_catalog_files()


def central_json() -> dict:
    return json.loads((ROOT / "central" / "default_catalog.json").read_text(encoding="utf-8"))


def test_the_reference_central_serves_the_shipped_catalog() -> None:
    central = parse_catalog(central_json(), "central")
    assert central.services == SHIPPED.services
    assert central.pages == SHIPPED.pages
    assert central.budget == SHIPPED.budget
    assert central.village == SHIPPED.village


def test_json_round_trip_is_lossless() -> None:
    data = json.loads(json.dumps(catalog_to_json(SHIPPED)))
    again = parse_catalog(data, "again")
    assert (again.services, again.pages, again.budget, again.village) == (
        SHIPPED.services,
        SHIPPED.pages,
        SHIPPED.budget,
        SHIPPED.village,
    )


def test_queue_service_without_counters_takes_the_catalog_counters() -> None:
    data = central_json()
    queue = data["services"][0]
    del queue["counters"]
    catalog = parse_catalog(data, "central")
    assert [c.code for c in catalog.service("antrian").counters] == list("ABCDEF")
    assert catalog.service("antrian").flow is Flow.QUEUE_TICKET


def mutate(change) -> dict:
    data = copy.deepcopy(central_json())
    change(data)
    return data


def service(data: dict, service_id: str) -> dict:
    return next(s for s in data["services"] if s["id"] == service_id)


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (lambda d: d.pop("version"), "central: version: expected a value, found nothing"),
        (lambda d: d.update(extra=1), "central: extra: expected one of the keys"),
        (
            lambda d: service(d, "sktm").update(flow="teleport"),
            "central: services[2].flow: expected one of queue_ticket, form, information, "
            "status_check, found 'teleport'",
        ),
        (
            lambda d: service(d, "sktm")["steps"][0]["fields"][0].update(kind="slider"),
            "central: services[2].steps[0].fields[0].kind: expected one of nik, text, long_text,",
        ),
        (
            lambda d: service(d, "sktm")["steps"][0]["fields"][0].update(requried=True),
            "central: services[2].steps[0].fields[0].requried: expected one of the keys",
        ),
        (
            lambda d: service(d, "sktm")["steps"][0]["fields"][0].update(choices=[]),
            "services[2].steps[0].fields[0].choices: expected at least two choices, found 0",
        ),
        (
            lambda d: service(d, "sktm")["steps"][0]["fields"][1].update(pattern="("),
            "services[2].steps[0].fields[1].pattern: expected a valid regular expression",
        ),
        (
            lambda d: service(d, "sktm").pop("receipt"),
            "central: services[2].receipt: expected a table, found nothing",
        ),
        (
            lambda d: service(d, "sktm").update(reference_code="sk tm"),
            "services[2].reference_code: expected 2 to 8 capital letters or digits, found 'sk tm'",
        ),
        (
            lambda d: service(d, "sktm")["steps"][0]["fields"].extend(
                [service(d, "sktm")["steps"][1]["fields"][1]] * 3
            ),
            "services[2].steps[0].fields: expected 1 to 4 fields, found 5",
        ),
        (
            lambda d: service(d, "sktm")["steps"][1]["fields"][1].update(name="institution"),
            "services[2].steps: expected unique ids, found repeated institution",
        ),
        (
            lambda d: d.update(village={"name": "X", "dusun": ["A/B"]}),
            "central: village.dusun[0]: expected a name without '/', found 'A/B'",
        ),
        (
            lambda d: d["budget"]["rows"][0].update(planned=-5),
            "central: budget.rows[0].planned: expected a whole number of rupiah, 0 or more, "
            "found -5",
        ),
        (
            lambda d: d["services"].append(service(d, "sktm")),
            "central: services: expected unique ids, found repeated sktm",
        ),
        (
            lambda d: d.pop("village"),
            "services[1].steps[1].fields[1].kind: expected a village with dusun",
        ),
    ],
)
def test_bad_catalogs_get_exact_errors(change, message) -> None:
    with pytest.raises(DataFileError) as error:
        parse_catalog(mutate(change), "central")
    assert message in str(error.value)


def test_bad_service_file_names_the_file_and_key(tmp_path: Path) -> None:
    text = (ROOT / "config" / "services" / "21-sktm.toml").read_text(encoding="utf-8")
    (tmp_path / "21-sktm.toml").write_text(text.replace("minimum = 1", ""), encoding="utf-8")
    (tmp_path / "22-x.toml").write_text(
        text.replace('kind = "choice"', 'kind = "choise"'), encoding="utf-8"
    )
    with pytest.raises(DataFileError) as error:
        load_catalog_files(tmp_path)
    assert str(error.value) == (
        f"{tmp_path / '22-x.toml'}: steps[0].fields[0].kind: expected one of nik, text, "
        "long_text, number, phone, date, choice, multi_choice, location, yes_no, found 'choise'"
    )


def test_keeper_keeps_the_last_good_catalog(tmp_path: Path, caplog) -> None:
    seen = []
    keeper = CatalogKeeper(SHIPPED, tmp_path / GOOD_COPY_FILE, seen.append)
    newer = mutate(lambda d: d.update(version="2026.1"))
    assert keeper.offer(newer, "central")
    assert keeper.catalog.version == "2026.1"
    assert [c.version for c in seen] == ["2026.1"]
    broken = mutate(lambda d: service(d, "sktm").update(flow="teleport"))
    broken["version"] = "2026.2"
    assert not keeper.offer(broken, "central")
    assert keeper.catalog.version == "2026.1"
    assert "services[2].flow" in keeper.last_error
    assert "Ignoring a bad catalog, keeping 2026.1" in caplog.text
    assert json.loads((tmp_path / GOOD_COPY_FILE).read_text())["version"] == "2026.1"


def test_start_prefers_the_synced_catalog_and_falls_back_to_the_last_good(tmp_path: Path) -> None:
    assert start_catalog(tmp_path).catalog.version == "local"
    good = mutate(lambda d: d.update(version="good"))
    (tmp_path / GOOD_COPY_FILE).write_text(json.dumps(good), encoding="utf-8")
    synced = {"etag": '"x"', "catalog": mutate(lambda d: d.update(version="synced"))}
    (tmp_path / "catalog.json").write_text(json.dumps(synced), encoding="utf-8")
    assert start_catalog(tmp_path).catalog.version == "synced"
    synced["catalog"]["services"][0]["flow"] = "teleport"
    (tmp_path / "catalog.json").write_text(json.dumps(synced), encoding="utf-8")
    offline = start_catalog(tmp_path).catalog
    assert offline.version == "good"
    assert offline.budget is not None and offline.budget.rows


def test_catalog_json_prints_the_active_catalog(tmp_path: Path) -> None:
    config = load_config(environ={"KIOSK_DATA_DIR": str(tmp_path)})
    printed = catalog_json(config)
    assert [s["id"] for s in printed["services"]][:2] == ["antrian", "surat_miskin"]
    assert printed["version"] == "local"
    (tmp_path / GOOD_COPY_FILE).write_text(
        json.dumps(mutate(lambda d: d.update(version="2026.3"))), encoding="utf-8"
    )
    assert catalog_json(config)["version"] == "2026.3"


def test_saved_catalogs_are_private_whatever_the_umask(tmp_path: Path) -> None:
    data = tmp_path / "data"
    with umask(0):
        keeper = CatalogKeeper(SHIPPED, data / GOOD_COPY_FILE)
        assert keeper.offer(mutate(lambda d: d.update(version="2026.1")), "central")
    assert open_modes(data) == []
