"""Receipts of letters and reports, read back through the ESC/POS decoder at 58 and 80 mm."""

from __future__ import annotations

import datetime as dt

import pytest

from drivers.escpos_render import columns_for, receipt_bytes
from drivers.receipt import Receipt
from kiosk.catalog import load_service_files
from kiosk.config import load_config
from kiosk.receipts import form_receipt, working_days_after
from kiosk.services import Flow
from tests.helpers.escpos_decode import Decoded, decode

SERVICES = {service.id: service for service in load_service_files()}
KIOSK = load_config(environ={}).kiosk
NUMBER = "K1-SKTM0001"
REFERENCE = f"ALM-DEV-01-20261127-{NUMBER}"
#: A Friday: the next working day is the Monday after.
FRIDAY = dt.datetime(2026, 11, 27, 10, 5)
WIDTHS = (384, 576)


def receipt(service_id: str, answers: dict[str, str], nik: str | None = "3510014101900001"):
    return form_receipt(
        KIOSK,
        SERVICES[service_id],
        number=NUMBER,
        reference=REFERENCE,
        qr_payload=f"ALM1:{REFERENCE}:1WK65CVVMRC",
        check_code="1WK65CVVMRC",
        issued_at=FRIDAY,
        nik=nik,
        answers=answers,
        language="id",
    )


def printed(item: Receipt, width: int) -> Decoded:
    return decode(receipt_bytes(item, width))


def joined(decoded: Decoded) -> str:
    """The receipt's words, as a reader follows them across wrapped and right-aligned lines."""
    return " ".join(word for line in decoded.text_lines for word in line.split())


@pytest.mark.parametrize("width", WIDTHS)
def test_the_number_and_the_reference_print_once(width: int) -> None:
    decoded = printed(receipt("sktm", {"for_whom": "self", "purpose": "bpjs"}), width)
    numbered = [line for line in decoded.lines if NUMBER in line.text]
    assert [(line.text, line.width, line.height) for line in numbered] == [
        (NUMBER, 2, 2),
        (REFERENCE, 1, 1),
    ]
    assert decoded.qr_payloads == [f"ALM1:{REFERENCE}:1WK65CVVMRC"]


@pytest.mark.parametrize("width", WIDTHS)
def test_every_line_fits_the_paper(width: int) -> None:
    answers = {
        "for_whom": "other_family",
        "person_name": "Muhammad Abdurrahman Wahid Hasyim",
        "purpose": "hospital",
        "institution": "Rumah Sakit Umum Daerah Blambangan Banyuwangi",
        "address": "Kedaleman/012/004",
    }
    decoded = printed(receipt("sktm", answers), width)
    for line in decoded.lines:
        assert len(line.text) * line.width <= columns_for(width), line.text
    assert "RSUD" not in joined(decoded)
    assert "Rumah Sakit Umum Daerah Blambangan Banyuwangi" in joined(decoded)


def test_a_letter_gives_a_date_to_collect_it_never_tomorrow() -> None:
    decoded = printed(receipt("pengantar_ktp_kk", {"document": "ktp_new"}), 384)
    assert "Dapat diambil mulai Senin, 30 November 2026." in joined(decoded)
    for service in SERVICES.values():
        if service.flow is Flow.FORM and service.receipt is not None:
            steps = service.receipt.next_steps
            assert "besok" not in steps.id.lower() and "tomorrow" not in steps.en.lower()


@pytest.mark.parametrize(
    ("start", "days", "ready"),
    [
        (dt.date(2026, 11, 23), 1, dt.date(2026, 11, 24)),
        (dt.date(2026, 11, 27), 1, dt.date(2026, 11, 30)),
        (dt.date(2026, 11, 28), 0, dt.date(2026, 11, 30)),
        (dt.date(2026, 11, 28), 1, dt.date(2026, 12, 1)),
        (dt.date(2026, 11, 26), 5, dt.date(2026, 12, 3)),
    ],
)
def test_ready_dates_count_working_days(start, days, ready) -> None:
    assert working_days_after(start, days) == ready


@pytest.mark.parametrize(
    ("purpose", "brought", "not_brought"),
    [
        ("school", "Surat keterangan dari sekolah", "Kartu BPJS Kesehatan"),
        ("hospital", "Surat rujukan atau keterangan rawat", "Surat keterangan dari sekolah"),
        ("bpjs", "Kartu BPJS Kesehatan, bila sudah punya", "Surat rujukan"),
        ("other", "Kartu Keluarga (KK)", "Surat keterangan dari sekolah"),
    ],
)
def test_the_documents_to_bring_follow_what_the_citizen_chose(
    purpose: str, brought: str, not_brought: str
) -> None:
    text = joined(printed(receipt("sktm", {"for_whom": "self", "purpose": purpose}), 576))
    assert "Bawa saat mengambil:" in text
    assert f"- {brought}" in text
    assert not_brought not in text


def test_a_receipt_repeats_what_was_asked_and_never_a_hidden_answer() -> None:
    answers = {"for_whom": "child", "person_name": "Budi", "purpose": "bpjs", "institution": "X"}
    lines = printed(receipt("sktm", answers), 576).text_lines
    assert any(line.startswith("Untuk") and line.endswith("Anak saya") for line in lines)
    assert any(
        line.startswith("Keperluan") and line.endswith("BPJS Kesehatan (PBI)") for line in lines
    )
    assert not any(line.startswith("Sekolah/RS") for line in lines)


@pytest.mark.parametrize("width", WIDTHS)
def test_a_report_says_what_was_reported(width: int) -> None:
    answers = {
        "category": "infrastructure",
        "location": "Jambesari/002/001",
        "happened_on": "2026-11-20",
        "description": "Jalan di depan masjid berlubang sejak lama.",
    }
    text = joined(printed(receipt("pengaduan", answers, nik=None), width))
    for expected in (
        "Jalan, jembatan, saluran air",
        "Dusun Jambesari, RT 002/RW 001",
        "20 November 2026",
        "Tanpa nama",
    ):
        assert expected in text
    assert "NIK" not in text


def test_the_house_report_spells_out_its_title() -> None:
    answers = {"owner": "Pak Sarip", "location": "Krajan/001/002", "conditions": "roof,floor"}
    text = joined(printed(receipt("rtlh", answers), 384))
    assert "LAPORAN RUMAH TIDAK LAYAK HUNI" in text
    assert "RTLH" not in text
    assert "Atap bocor atau rusak, Lantai tanah" in text


@pytest.mark.parametrize("width", WIDTHS)
def test_the_check_code_prints_in_groups_for_copying_by_hand(width: int) -> None:
    decoded = printed(receipt("sktm", {"for_whom": "self", "purpose": "bpjs"}), width)
    assert "Kode cek: 1WK6-5CVV-MRC" in decoded.text_lines
