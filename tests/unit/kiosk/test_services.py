from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest

from drivers.base import DocumentPrinterStatus, PrinterStatus
from kiosk.catalog import load_service_files
from kiosk.datafile import DataFileError
from kiosk.information import load_information
from kiosk.services import (
    DOCUMENT_PRINTER_TEXTS,
    POVERTY_CAUSE_FIELD,
    RECEIPT_NEEDED,
    Flow,
    IdentityRequirement,
    Need,
    availability,
    print_failure,
    printer_banner,
)
from kiosk.text import NO_TEXT

SHIPPED = load_service_files()

#: The causes of poverty central and its back office count reports by: stable ids, in the
#: order the kiosk offers them. Changing one is a change for central too.
POVERTY_CAUSES = [
    "housing_unfit",
    "income",
    "health",
    "education",
    "disability_elderly",
    "disaster",
    "breadwinner_lost",
    "debt",
    "other",
]


def test_shipped_catalog_has_every_service_of_the_issue() -> None:
    by_id = {service.id: service for service in SHIPPED}
    assert set(by_id) == {
        "antrian",
        "surat_miskin",
        "sktm",
        "domisili",
        "pengantar_ktp_kk",
        "pengaduan",
        "rtlh",
        "warga_miskin",
        "cek_status",
        "informasi",
        "ambil_surat",
    }
    assert by_id["cek_status"].flow is Flow.STATUS_CHECK
    assert by_id["ambil_surat"].flow is Flow.LETTER_PICKUP
    assert by_id["informasi"].flow is Flow.INFORMATION
    assert by_id["pengaduan"].identity is IdentityRequirement.OPTIONAL
    for service in SHIPPED:
        if service.flow is Flow.FORM:
            assert service.receipt is not None and service.reference_code
            assert Need.NETWORK not in service.needs, "forms queue in the outbox"
            assert all(f.label.en and f.label.en != f.label.id for f in service.fields)


def test_every_service_asking_the_cause_of_poverty_offers_the_one_list() -> None:
    asking = [s for s in SHIPPED if any(f.name == POVERTY_CAUSE_FIELD for f in s.fields)]
    assert [s.id for s in asking] == ["surat_miskin", "warga_miskin"]
    lists = {s.field(POVERTY_CAUSE_FIELD).choices for s in asking}
    assert len(lists) == 1, "the same ids and labels in every service"
    (choices,) = lists
    assert [choice.value for choice in choices] == POVERTY_CAUSES
    assert all(choice.label.en and choice.label.en != choice.label.id for choice in choices)


def test_conditional_questions_of_the_shipped_forms() -> None:
    by_id = {service.id: service for service in SHIPPED}
    sktm, domisili = by_id["sktm"], by_id["domisili"]
    institution = sktm.field("institution")
    assert [
        p for p in ("school", "hospital", "bpjs", "other") if institution.shown({"purpose": p})
    ] == [
        "school",
        "hospital",
    ]
    assert not sktm.field("person_name").shown({"for_whom": "self"})
    assert sktm.field("person_name").shown({"for_whom": "child"})
    birth = {c.value: c.label.get("id") for c in domisili.field("lived_since").choices}
    assert birth["birth"] == "Sejak lahir"
    assert not domisili.field("since").shown({"lived_since": "birth"})


def test_shipped_queue_service_has_the_mall_counters() -> None:
    queue = SHIPPED[0]
    assert queue.id == "antrian"
    assert queue.flow is Flow.QUEUE_TICKET
    names = [counter.name.get("id") for counter in queue.counters]
    for office in ("Dukcapil", "Perizinan", "Pajak Daerah", "Imigrasi", "Kemenag", "SIM / STNK"):
        assert any(office in name for name in names), office
    assert all(counter.name.get("en") != counter.name.get("id") for counter in queue.counters)


def test_network_gates_only_services_that_need_it() -> None:
    by_id = {service.id: service for service in SHIPPED}
    offline = availability(by_id["cek_status"], PrinterStatus.ONLINE, online=False)
    assert not offline.available
    assert offline.reason.get("en").startswith("This service needs the network")
    assert availability(by_id["sktm"], PrinterStatus.ONLINE, online=False).available
    assert availability(by_id["informasi"], PrinterStatus.PAPER_OUT, online=False).available


def test_every_shipped_service_finishes_without_paper() -> None:
    # Each shows its number (and reference and check code) on screen when the receipt does
    # not print, so none lists the printer among its needs (contract 1.2, "needs").
    for service in SHIPPED:
        assert Need.PRINTER not in service.needs, service.id
        for status in PrinterStatus:
            state = availability(service, status, document_printer=DocumentPrinterStatus.READY)
            assert state.available or Need.NETWORK in service.needs


def test_the_pickup_needs_an_a4_printer_that_can_print_not_the_receipt_printer() -> None:
    pickup = next(service for service in SHIPPED if service.flow is Flow.LETTER_PICKUP)
    for status in DocumentPrinterStatus:
        state = availability(pickup, PrinterStatus.PAPER_OUT, document_printer=status)
        assert state.available is status.can_print
        assert state.available or state.reason == DOCUMENT_PRINTER_TEXTS[status]
    assert not availability(pickup, PrinterStatus.ONLINE).available
    assert availability(pickup, PrinterStatus.ONLINE).reason.get("en") == (
        "This kiosk has no document printer. Please collect the letter at the village office."
    )


@pytest.mark.parametrize(
    ("status", "available", "banner"),
    [
        (PrinterStatus.ONLINE, True, ""),
        (PrinterStatus.PAPER_NEAR_END, True, ""),
        (PrinterStatus.PAPER_OUT, False, "Kertas struk habis."),
        (PrinterStatus.COVER_OPEN, False, "Penutup printer struk terbuka."),
        (PrinterStatus.UNKNOWN, False, "Printer struk tidak menjawab."),
    ],
)
def test_the_printer_gates_only_services_that_cannot_do_without_the_paper(
    status, available, banner
) -> None:
    queue = SHIPPED[0]
    needs_paper = dataclasses.replace(queue, needs=frozenset({Need.PRINTER}))
    state = availability(needs_paper, status)
    assert state.available is available
    assert state.reason == (NO_TEXT if available else RECEIPT_NEEDED)
    assert availability(queue, status).available
    # Home says it once, in a banner, instead of on every tile.
    assert printer_banner(status).get("id") == banner


def test_a_failed_print_says_why_in_a_citizens_words() -> None:
    assert print_failure(PrinterStatus.PAPER_OUT).get("id") == "Kertas struk habis."
    assert print_failure(PrinterStatus.UNKNOWN).get("en") == "The receipt printer did not answer."
    # The printer could print, yet the job failed (a jam, no confirmation).
    assert print_failure(PrinterStatus.ONLINE).get("id") == "Printer struk gagal mencetak."


@pytest.mark.parametrize("status", list(DocumentPrinterStatus))
def test_document_printer_status_gates_services_that_need_it(status) -> None:
    pickup = dataclasses.replace(SHIPPED[0], needs=frozenset({Need.DOCUMENT_PRINTER}))
    state = availability(pickup, PrinterStatus.PAPER_OUT, document_printer=status)
    assert state.available is status.can_print
    if not status.can_print:
        assert state.reason == DOCUMENT_PRINTER_TEXTS[status]
        assert state.reason.get("id") != state.reason.get("en")
    # A service that needs no A4 printer does not care about it.
    assert availability(SHIPPED[0], PrinterStatus.ONLINE, document_printer=status).available


def test_document_printer_is_absent_unless_the_caller_says_otherwise() -> None:
    pickup = dataclasses.replace(SHIPPED[0], needs=frozenset({Need.DOCUMENT_PRINTER}))
    state = availability(pickup, PrinterStatus.ONLINE)
    assert not state.available
    assert state.reason.get("id").startswith("Anjungan ini tidak memiliki printer dokumen")


def test_every_document_printer_status_has_both_languages() -> None:
    assert set(DOCUMENT_PRINTER_TEXTS) == set(DocumentPrinterStatus)
    for text in DOCUMENT_PRINTER_TEXTS.values():
        assert text.id and text.en and text.id != text.en


def write(directory: Path, name: str, text: str) -> Path:
    path = directory / name
    path.write_text(text, encoding="utf-8")
    return path


VALID = """
id = "antrian"
flow = "queue_ticket"
icon = "queue"
category = "queue"
identity = "none"
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
            "flow: expected one of queue_ticket, form, information, status_check, "
            "letter_pickup, found 'teleport'",
        ),
        (
            VALID.replace('needs = ["printer"]', 'needs = ["fax"]'),
            "needs: expected items from printer, network, document_printer, found 'fax'",
        ),
        (
            VALID.replace('identity = "none"', 'identity = "maybe"'),
            "identity: expected one of required, optional, none, found 'maybe'",
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
        load_service_files(tmp_path)
    assert str(error.value).startswith(f"{path}: ")
    assert message in str(error.value)


def test_duplicate_service_ids_are_refused(tmp_path: Path) -> None:
    write(tmp_path, "a.toml", VALID)
    write(tmp_path, "b.toml", VALID)
    with pytest.raises(DataFileError, match="duplicate service id: antrian"):
        load_service_files(tmp_path)


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
    queue = SHIPPED[0]
    assert [(c["code"], c["name"]["id"]) for c in counters] == [
        (c.code, c.name.get("id")) for c in queue.counters
    ]
