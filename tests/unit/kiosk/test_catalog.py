"""The catalog: the same model from TOML and central JSON, exact errors, the last good one kept."""

from __future__ import annotations

import copy
import json
from pathlib import Path

import pytest

from kiosk.catalog import (
    CATALOG_CACHE_FILE,
    LEGACY_GOOD_COPY_FILE,
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
            lambda d: service(d, "sktm").update(identity="maybe"),
            "central: services[2].identity: expected one of required, optional, none, "
            "found 'maybe'",
        ),
        (
            lambda d: service(d, "sktm").update(flow=7),
            "central: services[2].flow: expected",
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
                [service(d, "sktm")["steps"][2]["fields"][1]] * 3
            ),
            "services[2].steps[0].fields: expected 1 to 4 fields, found 5",
        ),
        (
            lambda d: service(d, "sktm")["steps"][2]["fields"][1].update(name="institution"),
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
            lambda d: service(d, "domisili").update(reference_code="SKTM"),
            "central: services[3].reference_code: expected a code no other service uses "
            "(service sktm has it), found 'SKTM'",
        ),
        (
            lambda d: d.pop("village"),
            "services[1].steps[2].fields[0].kind: expected a village with dusun",
        ),
    ],
)
def test_bad_catalogs_get_exact_errors(change, message) -> None:
    with pytest.raises(DataFileError) as error:
        parse_catalog(mutate(change), "central")
    assert message in str(error.value)


def sktm_field(data: dict, name: str) -> dict:
    return next(
        f for step in service(data, "sktm")["steps"] for f in step["fields"] if f["name"] == name
    )


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (
            lambda d: sktm_field(d, "institution")["shown_when"].update(field="phone"),
            "services[2].steps[1].fields[1].shown_when.field: expected an earlier field of this "
            "form (before institution), found 'phone'",
        ),
        (
            lambda d: sktm_field(d, "institution")["shown_when"].update(field="person_name"),
            "shown_when.field: expected a choice, multi_choice or yes_no field without "
            "shown_when of its own, found 'person_name' (text, conditional)",
        ),
        (
            lambda d: sktm_field(d, "institution")["shown_when"].update(values=["school", "zoo"]),
            "shown_when.values: expected one or more of school, hospital, bpjs, other, "
            "found ['zoo']",
        ),
        (
            lambda d: sktm_field(d, "institution")["shown_when"].update(value="school"),
            "services[2].steps[1].fields[1].shown_when.value: "
            "expected one of the keys field, values",
        ),
        (
            lambda d: service(d, "sktm")["receipt"].update(bring_along=[]),
            "services[2].receipt.bring_along: expected one of the keys bring, next_steps,",
        ),
        (
            lambda d: service(d, "sktm")["receipt"]["summary"][0].update(field="nik"),
            "services[2].receipt.summary[0].field: expected a field of this form (for_whom, "
            "person_name, purpose, institution, address, phone), found 'nik'",
        ),
        (
            lambda d: service(d, "sktm")["receipt"]["bring"][3]["shown_when"].update(values=["x"]),
            "services[2].receipt.bring[3].shown_when.values: expected one or more of school,",
        ),
        (
            lambda d: service(d, "sktm")["receipt"].update(ready_after_days=61),
            "services[2].receipt.ready_after_days: expected 0 to 60 working days, found 61",
        ),
        (
            lambda d: service(d, "warga_miskin")["steps"][1]["fields"][0]["choices"].pop(7),
            "central: services[7] (warga_miskin).cause.choices: expected the same cause choices as "
            "surat_miskin: housing_unfit, income, health, education, disability_elderly, "
            "disaster, breadwinner_lost, debt, other, found housing_unfit, income, health, "
            "education, disability_elderly, disaster, breadwinner_lost, other",
        ),
    ],
)
def test_conditions_receipts_and_causes_get_exact_errors(change, message) -> None:
    with pytest.raises(DataFileError) as error:
        parse_catalog(mutate(change), "central")
    assert message in str(error.value)


def test_a_catalog_of_the_previous_format_still_loads() -> None:
    """A central not yet updated serves services without conditions and receipt extras."""

    def previous_format(data: dict) -> None:
        for item in data["services"]:
            for step in item.get("steps", []):
                for field in step["fields"]:
                    field.pop("shown_when", None)
            for key in ("summary", "bring", "ready_after_days"):
                item.get("receipt", {}).pop(key, None)

    catalog = parse_catalog(mutate(previous_format), "central")
    sktm = catalog.service("sktm")
    assert sktm.field("institution").shown_when is None
    assert sktm.receipt is not None and sktm.receipt.bring == ()


def test_a_service_of_a_flow_this_kiosk_does_not_know_is_skipped_not_the_catalog(
    caplog,
) -> None:
    """Central rolls a new flow (or a new service key) out before every kiosk is updated."""

    def newer(data: dict) -> None:
        service(data, "rtlh").update(flow="video_call")
        service(data, "pengaduan").update(appointment={"days": 3})
        # The services after them keep their place in the errors: warga_miskin is 7th.
        service(data, "warga_miskin")["steps"][1]["fields"][0]["choices"].pop(7)

    with pytest.raises(DataFileError, match=r"central: services\[7\] \(warga_miskin\)"):
        parse_catalog(mutate(newer), "central")

    def rolled_out(data: dict) -> None:
        service(data, "rtlh").update(flow="video_call")
        service(data, "pengaduan").update(appointment={"days": 3})

    caplog.clear()
    catalog = parse_catalog(mutate(rolled_out), "central")
    ids = [item.id for item in catalog.services]
    assert "rtlh" not in ids and "pengaduan" not in ids
    assert ids == [item.id for item in SHIPPED.services if item.id not in ("rtlh", "pengaduan")]
    assert "Skipping service 'rtlh' of central: this kiosk does not know its flow 'video_call'" in (
        caplog.text
    )
    assert (
        "Skipping service 'pengaduan' of central: this kiosk does not know its key 'appointment'"
        in caplog.text
    )


def test_the_pickup_service_is_in_both_catalogs() -> None:
    pickup = SHIPPED.service("ambil_surat")
    assert pickup.flow is Flow.LETTER_PICKUP
    assert [need.value for need in pickup.needs] == ["document_printer"]
    assert parse_catalog(central_json(), "central").service("ambil_surat") == pickup


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
    keeper = CatalogKeeper(SHIPPED, tmp_path / CATALOG_CACHE_FILE, seen.append)
    newer = mutate(lambda d: d.update(version="2026.1"))
    assert keeper.offer(newer, "central", etag='"v1"')
    assert (keeper.catalog.version, keeper.etag) == ("2026.1", '"v1"')
    assert [c.version for c in seen] == ["2026.1"]
    broken = mutate(lambda d: service(d, "sktm").update(identity="maybe"))
    broken["version"] = "2026.2"
    assert not keeper.offer(broken, "central", etag='"v2"')
    assert (keeper.catalog.version, keeper.etag) == ("2026.1", '"v1"')
    assert "services[2].identity" in keeper.last_error
    assert "Ignoring a bad catalog, keeping 2026.1" in caplog.text
    cached = json.loads((tmp_path / CATALOG_CACHE_FILE).read_text())
    assert (cached["etag"], cached["catalog"]["version"]) == ('"v1"', "2026.1")
    assert sorted(path.name for path in tmp_path.iterdir()) == [CATALOG_CACHE_FILE]


def test_start_takes_the_cached_catalog_while_it_is_valid(tmp_path: Path) -> None:
    assert start_catalog(tmp_path).catalog.version == "local"
    synced = {"etag": '"x"', "catalog": mutate(lambda d: d.update(version="synced"))}
    (tmp_path / CATALOG_CACHE_FILE).write_text(json.dumps(synced), encoding="utf-8")
    keeper = start_catalog(tmp_path)
    assert (keeper.catalog.version, keeper.etag) == ("synced", '"x"')
    synced["catalog"]["services"][0]["identity"] = "maybe"
    (tmp_path / CATALOG_CACHE_FILE).write_text(json.dumps(synced), encoding="utf-8")
    offline = start_catalog(tmp_path)
    assert (offline.catalog.version, offline.etag) == ("local", "")
    assert offline.catalog.budget is not None and offline.catalog.budget.rows


def test_an_older_kiosks_good_copy_becomes_the_one_cache(tmp_path: Path) -> None:
    good = mutate(lambda d: d.update(version="good"))
    (tmp_path / LEGACY_GOOD_COPY_FILE).write_text(json.dumps(good), encoding="utf-8")
    assert start_catalog(tmp_path).catalog.version == "good"
    assert not (tmp_path / LEGACY_GOOD_COPY_FILE).exists()
    assert json.loads((tmp_path / CATALOG_CACHE_FILE).read_text())["catalog"]["version"] == "good"
    assert start_catalog(tmp_path).catalog.version == "good"


def test_two_service_files_with_one_reference_code_are_refused(tmp_path: Path) -> None:
    shipped = ROOT / "config" / "services"
    for name in ("21-sktm.toml", "22-domisili.toml"):
        (tmp_path / name).write_text((shipped / name).read_text(encoding="utf-8"))
    domisili = tmp_path / "22-domisili.toml"
    text = domisili.read_text(encoding="utf-8")
    code = next(line for line in text.splitlines() if line.startswith("reference_code"))
    domisili.write_text(text.replace(code, 'reference_code = "SKTM"'), encoding="utf-8")
    with pytest.raises(DataFileError) as error:
        load_catalog_files(tmp_path)
    assert str(error.value) == (
        f"{domisili}: reference_code: expected a code no other service uses "
        "(service sktm has it), found 'SKTM'"
    )


def test_catalog_json_prints_the_active_catalog(tmp_path: Path) -> None:
    config = load_config(environ={"KIOSK_DATA_DIR": str(tmp_path)})
    printed = catalog_json(config)
    assert [s["id"] for s in printed["services"]][:2] == ["antrian", "surat_miskin"]
    assert printed["version"] == "local"
    cached = {"etag": '"3"', "catalog": mutate(lambda d: d.update(version="2026.3"))}
    (tmp_path / CATALOG_CACHE_FILE).write_text(json.dumps(cached), encoding="utf-8")
    assert catalog_json(config)["version"] == "2026.3"


def test_saved_catalogs_are_private_whatever_the_umask(tmp_path: Path) -> None:
    data = tmp_path / "data"
    with umask(0):
        keeper = CatalogKeeper(SHIPPED, data / CATALOG_CACHE_FILE)
        assert keeper.offer(mutate(lambda d: d.update(version="2026.1")), "central")
    assert open_modes(data) == []
