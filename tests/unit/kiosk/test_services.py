from __future__ import annotations

from pathlib import Path

import pytest

from drivers.base import PrinterStatus
from kiosk.datafile import DataFileError
from kiosk.information import load_information
from kiosk.services import Flow, Need, availability, load_services


def test_shipped_queue_service_has_the_mall_counters() -> None:
    (queue,) = load_services()
    assert queue.id == "antrian"
    assert queue.flow is Flow.QUEUE_TICKET
    assert Need.PRINTER in queue.needs
    names = [counter.name.get("id") for counter in queue.counters]
    for office in ("Dukcapil", "Perizinan", "Pajak Daerah", "Imigrasi", "Kemenag", "SIM / STNK"):
        assert any(office in name for name in names), office
    assert all(counter.name.get("en") != counter.name.get("id") for counter in queue.counters)


@pytest.mark.parametrize(
    ("status", "available", "reason"),
    [
        (PrinterStatus.ONLINE, True, ""),
        (PrinterStatus.PAPER_NEAR_END, True, ""),
        (PrinterStatus.PAPER_OUT, False, "Kertas struk habis"),
        (PrinterStatus.COVER_OPEN, False, "Penutup printer terbuka"),
        (PrinterStatus.UNKNOWN, False, "Printer struk tidak menjawab"),
    ],
)
def test_printer_state_gates_services_that_need_a_receipt(status, available, reason) -> None:
    (queue,) = load_services()
    state = availability(queue, status)
    assert state.available is available
    assert state.reason.get("id").startswith(reason)


def write(directory: Path, name: str, text: str) -> Path:
    path = directory / name
    path.write_text(text, encoding="utf-8")
    return path


VALID = """
id = "antrian"
flow = "queue_ticket"
icon = "queue"
requires_identity = false
needs = ["printer"]
title = { id = "Antri", en = "Queue" }
help = { id = "Bantuan", en = "Help" }
[[counters]]
code = "A"
name = { id = "Dukcapil", en = "Civil registry" }
location = { id = "Lantai 1", en = "Ground floor" }
"""


@pytest.mark.parametrize(
    ("text", "message"),
    [
        (
            VALID.replace('flow = "queue_ticket"', 'flow = "teleport"'),
            "flow: expected one of queue_ticket, found 'teleport'",
        ),
        (
            VALID.replace('needs = ["printer"]', 'needs = ["fax"]'),
            "needs: expected items from printer, network, found 'fax'",
        ),
        (
            VALID.replace("requires_identity = false", 'requires_identity = "no"'),
            "requires_identity: expected true or false, found 'no'",
        ),
        (VALID.replace(', en = "Queue"', ""), "title.en: expected a value, found nothing"),
        (
            VALID.split("[[counters]]")[0],
            "counters: expected at least one [[counters]] table, found none",
        ),
        (
            VALID.replace('code = "A"', "code = 1"),
            "counters[0].code: expected a non-empty string, found 1",
        ),
        ("id = ", "Invalid value"),
    ],
)
def test_bad_service_files_get_exact_errors(tmp_path: Path, text: str, message: str) -> None:
    path = write(tmp_path, "10-antrian.toml", text)
    with pytest.raises(DataFileError) as error:
        load_services(tmp_path)
    assert str(error.value).startswith(f"{path}: ")
    assert message in str(error.value)


def test_duplicate_service_ids_are_refused(tmp_path: Path) -> None:
    write(tmp_path, "a.toml", VALID)
    write(tmp_path, "b.toml", VALID)
    with pytest.raises(DataFileError, match="duplicate service id: antrian"):
        load_services(tmp_path)


def test_information_pages_are_bilingual() -> None:
    pages = load_information()
    assert len(pages) >= 3
    assert all(
        page.title.get("en") and page.title.get("en") != page.title.get("id") for page in pages
    )


def test_empty_information_file_is_refused(tmp_path: Path) -> None:
    path = write(tmp_path, "information.toml", "# nothing\n")
    with pytest.raises(DataFileError, match="expected at least one"):
        load_information(path)


def test_reference_central_serves_the_same_counters() -> None:
    import json

    catalog = Path(__file__).resolve().parents[3] / "central" / "default_catalog.json"
    counters = json.loads(catalog.read_text(encoding="utf-8"))["counters"]
    (queue,) = load_services()
    assert [(c["code"], c["name"]["id"]) for c in counters] == [
        (c.code, c.name.get("id")) for c in queue.counters
    ]
