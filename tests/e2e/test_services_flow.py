"""Every catalog service on the real QML UI offscreen, from the home grid to the printed receipt.

The identify screen belongs to another change: services that need an identity are passed
through it by calling ``session.identified(Identity(..., source=TYPED))`` (or
``skip_identity`` for an anonymous complaint) from the test, as the identify screen would.
Everything else is tapped (and typed) as a citizen would.
"""

from __future__ import annotations

import pytest
from PySide6.QtTest import QTest

from kiosk.identity import Identity, IdentitySource
from kiosk.session import Screen
from tests.helpers.escpos_decode import decode
from tests.helpers.qml import find_item, in_view, scroll_into_view, service_tile, texts
from tests.helpers.qml import tap as tap_now

pytestmark = pytest.mark.e2e

CITIZEN = Identity(nik="3510014101900001", name="SITI AMINAH", source=IdentitySource.TYPED)


def tap(window, name: str) -> None:
    """Tap once the last change is laid out (errors appearing move the editors down), after
    scrolling to it as a citizen would if it is below the fold."""
    QTest.qWait(60)
    item = find_item(window, name)
    if item is not None and not in_view(item):
        scroll_into_view(item)
        QTest.qWait(60)
    tap_now(window, name)


def open_service(qtbot, kiosk, service_id: str) -> None:
    """From attract: the service's tile on home, or its group's tile and then its own."""
    window = kiosk.window
    tap(window, "startArea")
    qtbot.waitUntil(lambda: find_item(window, "homeScreen") is not None)
    qtbot.wait(100)
    first = service_tile(window, service_id)
    if first != f"service_{service_id}":
        tap(window, first)
        qtbot.waitUntil(lambda: find_item(window, f"service_{service_id}") is not None)
        qtbot.wait(100)  # the group's tiles are laid out before the tap
    tap(window, f"service_{service_id}")


def type_text(qtbot, window, name: str, text: str) -> None:
    """Tap the field, type on the keyboard, then close it with "Selesai mengetik"."""
    scroll_into_view(find_item(window, f"input_{name}"))
    tap(window, f"input_{name}")
    qtbot.waitUntil(lambda: find_item(window, f"input_{name}").hasActiveFocus())
    qtbot.waitUntil(lambda: find_item(window, "doneTyping") is not None)
    for ch in text:
        QTest.keyClick(window, ch)
    tap(window, "doneTyping")
    qtbot.waitUntil(lambda: find_item(window, "doneTyping") is None)


def pad(qtbot, kiosk, name: str, digits: str) -> None:
    window = kiosk.window
    scroll_into_view(find_item(window, f"input_{name}"))
    tap(window, f"input_{name}")
    qtbot.waitUntil(lambda: find_item(window, "formPad") is not None)
    for digit in digits:
        tap(window, f"padKey_{digit}")
    tap(window, "padKey_ok")


def location(qtbot, kiosk, name: str, dusun: str, rt: str, rw: str) -> None:
    scroll_into_view(find_item(kiosk.window, f"dusun_{name}_{dusun}"))
    tap(kiosk.window, f"dusun_{name}_{dusun}")
    pad(qtbot, kiosk, f"{name}_rt", rt)
    pad(qtbot, kiosk, f"{name}_rw", rw)


def next_step(qtbot, kiosk, step: int | None) -> None:
    tap(kiosk.window, "formNext")
    if step is None:
        qtbot.waitUntil(lambda: kiosk.session.screen is Screen.REVIEW)
    else:
        qtbot.waitUntil(lambda: kiosk.session.data.step == step)


def submit_and_read_receipt(qtbot, kiosk) -> list[str]:
    window = kiosk.window
    qtbot.waitUntil(lambda: find_item(window, "reviewSubmit") is not None)
    tap(window, "reviewSubmit")
    qtbot.waitUntil(lambda: kiosk.session.screen is Screen.DONE, timeout=10_000)
    (receipt,) = kiosk.devices.printer.spool_dir.glob("*.bin")
    printed = decode(receipt.read_bytes())
    assert printed.qr_payloads == [kiosk.session.data.outcome.qr_payload]
    assert printed.cut
    assert kiosk.journal.unprinted() == []
    return printed.text_lines


def fill_sktm(qtbot, kiosk) -> None:
    window = kiosk.window
    tap(window, "choice_for_whom_self")
    next_step(qtbot, kiosk, 1)
    tap(window, "choice_purpose_hospital")
    type_text(qtbot, window, "institution", "RSUD Blambangan")
    next_step(qtbot, kiosk, 2)
    location(qtbot, kiosk, "address", "Krajan", "3", "12")
    pad(qtbot, kiosk, "phone", "081234567890")


def identify(qtbot, kiosk) -> None:
    qtbot.waitUntil(lambda: kiosk.session.screen is Screen.IDENTIFY)
    kiosk.session.identified(CITIZEN)
    qtbot.waitUntil(lambda: find_item(kiosk.window, "formScreen") is not None)
    qtbot.wait(100)  # one frame: the Loader lays out the editors before the first tap


def test_a_letter_from_home_to_receipt_with_validation(qtbot, kiosk) -> None:
    window = kiosk.window
    open_service(qtbot, kiosk, "sktm")
    identify(qtbot, kiosk)
    tap(window, "formNext")
    qtbot.waitUntil(lambda: find_item(window, "error_for_whom") is not None)
    assert "Bagian ini wajib diisi." in texts(window)
    fill_sktm(qtbot, kiosk)
    next_step(qtbot, kiosk, None)
    shown = texts(window)
    assert "Dusun Krajan, RT 003/RW 012" in shown
    assert "Biaya rumah sakit" in shown
    assert "SITI AMINAH" in shown and "NIK 351001******0001" in shown
    tap(window, "edit_1")
    qtbot.waitUntil(lambda: kiosk.session.screen is Screen.FORM)
    tap(window, "choice_purpose_school")
    next_step(qtbot, kiosk, 2)
    next_step(qtbot, kiosk, None)
    lines = submit_and_read_receipt(qtbot, kiosk)
    text = "\n".join(lines)
    assert "SURAT KETERANGAN TIDAK MAMPU" in text
    assert "351001******0001" in text and "3510014101900001" not in text
    assert "Kantor Desa, meja pelayanan umum" in text
    assert "- Surat keterangan dari sekolah" in text
    (entry,) = kiosk.journal.entries(issued_only=True)
    assert entry.personal["fields"] == {
        "for_whom": "self",
        "purpose": "school",
        "institution": "RSUD Blambangan",
        "address": "Krajan/003/012",
        "phone": "081234567890",
    }


def test_sktm_asks_only_what_the_case_needs(qtbot, kiosk) -> None:
    """For a child's BPJS: the child's name is asked, the school or hospital is not."""
    window = kiosk.window
    open_service(qtbot, kiosk, "sktm")
    identify(qtbot, kiosk)
    assert find_item(window, "input_person_name") is None
    tap(window, "choice_for_whom_child")
    qtbot.waitUntil(lambda: find_item(window, "input_person_name") is not None)
    type_text(qtbot, window, "person_name", "Dewi Lestari")
    next_step(qtbot, kiosk, 1)
    tap(window, "choice_purpose_school")
    qtbot.waitUntil(lambda: find_item(window, "input_institution") is not None)
    type_text(qtbot, window, "institution", "SDN 1 Kemiren")
    tap(window, "choice_purpose_bpjs")
    qtbot.waitUntil(lambda: find_item(window, "input_institution") is None)
    next_step(qtbot, kiosk, 2)
    location(qtbot, kiosk, "address", "Krajan", "3", "12")
    next_step(qtbot, kiosk, None)
    assert "Nama sekolah atau rumah sakit" not in texts(window)
    lines = submit_and_read_receipt(qtbot, kiosk)
    assert any(line.startswith("Untuk") and line.endswith("Anak saya") for line in lines)
    assert "- Kartu BPJS Kesehatan, bila sudah punya" in lines
    (entry,) = kiosk.journal.entries(issued_only=True)
    assert entry.personal["fields"] == {
        "for_whom": "child",
        "person_name": "Dewi Lestari",
        "purpose": "bpjs",
        "address": "Krajan/003/012",
    }


def test_surat_miskin_with_causes(qtbot, kiosk) -> None:
    window = kiosk.window
    open_service(qtbot, kiosk, "surat_miskin")
    identify(qtbot, kiosk)
    tap(window, "choice_cause_income")
    tap(window, "choice_cause_health")
    next_step(qtbot, kiosk, 1)
    pad(qtbot, kiosk, "household_size", "4")
    next_step(qtbot, kiosk, 2)
    location(qtbot, kiosk, "address", "Sukosari", "1", "2")
    next_step(qtbot, kiosk, None)
    assert (
        "Tidak ada penghasilan atau penghasilan tidak tetap, Sakit lama atau biaya berobat"
        in texts(window)
    )
    assert "SURAT PERNYATAAN MISKIN" in submit_and_read_receipt(qtbot, kiosk)
    (entry,) = kiosk.journal.entries(issued_only=True)
    assert entry.personal["fields"]["cause"] == "income,health"


def domisili_lived_since(qtbot, kiosk, answer: str) -> None:
    """Domisili up to its second step, "since when", answered with ``answer``."""
    open_service(qtbot, kiosk, "domisili")
    identify(qtbot, kiosk)
    location(qtbot, kiosk, "address", "Kedaleman", "5", "1")
    next_step(qtbot, kiosk, 1)
    tap(kiosk.window, f"choice_lived_since_{answer}")


def test_domisili_with_the_date_pickers(qtbot, kiosk) -> None:
    window = kiosk.window
    domisili_lived_since(qtbot, kiosk, "date")
    qtbot.waitUntil(lambda: find_item(window, "date_since_day") is not None)
    assert find_item(window, "date_since_day").property("text") == "–", "unset: no date shown"
    tap(window, "date_since_year_back")
    tap(window, "date_since_month_down")
    next_step(qtbot, kiosk, 2)
    tap(window, "choice_purpose_bank")
    next_step(qtbot, kiosk, None)
    today = kiosk.clock.now().date()
    since = kiosk.session.data.fields["since"]
    assert since.startswith(str(today.year - 10 - (today.month == 1)))
    assert "SURAT KETERANGAN DOMISILI" in submit_and_read_receipt(qtbot, kiosk)


def test_domisili_since_birth_asks_no_date(qtbot, kiosk) -> None:
    window = kiosk.window
    domisili_lived_since(qtbot, kiosk, "birth")
    assert find_item(window, "date_since_day") is None
    next_step(qtbot, kiosk, 2)
    tap(window, "choice_purpose_work")
    next_step(qtbot, kiosk, None)
    assert "Sejak lahir" in texts(window)


def test_pengantar_ktp_kk_in_english(qtbot, kiosk) -> None:
    window = kiosk.window
    tap(window, "startArea")
    qtbot.waitUntil(lambda: find_item(window, "language_en") is not None)
    tap(window, "language_en")
    kiosk.session.end()
    open_service(qtbot, kiosk, "pengantar_ktp_kk")
    kiosk.session.set_language("en")
    identify(qtbot, kiosk)
    tap(window, "choice_document_kk_new")
    next_step(qtbot, kiosk, 1)
    location(qtbot, kiosk, "address", "Jambesari", "10", "2")
    next_step(qtbot, kiosk, None)
    lines = submit_and_read_receipt(qtbot, kiosk)
    assert "COVER LETTER FOR KTP/KK" in lines
    # Back to attract in Indonesian: the translator is shared by every test's application.
    tap(window, "doneFinish")
    qtbot.waitUntil(lambda: "Sentuh layar untuk mulai" in texts(window))


def test_anonymous_complaint_prints_no_nik(qtbot, kiosk) -> None:
    window = kiosk.window
    open_service(qtbot, kiosk, "pengaduan")
    qtbot.waitUntil(lambda: kiosk.session.screen is Screen.IDENTIFY)
    kiosk.session.skip_identity()
    qtbot.waitUntil(lambda: find_item(window, "choice_category_infrastructure") is not None)
    qtbot.wait(100)
    tap(window, "choice_category_infrastructure")
    next_step(qtbot, kiosk, 1)
    location(qtbot, kiosk, "location", "Krajan", "2", "1")
    tap(window, "date_happened_on_today")
    next_step(qtbot, kiosk, 2)
    type_text(qtbot, window, "description", "Jalan desa berlubang besar")
    next_step(qtbot, kiosk, None)
    lines = submit_and_read_receipt(qtbot, kiosk)
    assert "PENGADUAN MASYARAKAT" in lines
    assert not any("NIK" in line for line in lines)


def test_rtlh_report(qtbot, kiosk) -> None:
    window = kiosk.window
    open_service(qtbot, kiosk, "rtlh")
    identify(qtbot, kiosk)
    type_text(qtbot, window, "owner", "Pak Slamet")
    location(qtbot, kiosk, "location", "Sukosari", "4", "3")
    next_step(qtbot, kiosk, 1)
    tap(window, "choice_conditions_roof")
    pad(qtbot, kiosk, "occupants", "5")
    tap(window, "choice_owner_knows_yes")
    next_step(qtbot, kiosk, None)
    lines = submit_and_read_receipt(qtbot, kiosk)
    assert "LAPORAN RUMAH TIDAK LAYAK HUNI" in lines
    assert any(line.startswith("Pemilik") and line.endswith("Pak Slamet") for line in lines)


def test_warga_miskin_report(qtbot, kiosk) -> None:
    window = kiosk.window
    open_service(qtbot, kiosk, "warga_miskin")
    identify(qtbot, kiosk)
    type_text(qtbot, window, "person", "Bu Sumiati")
    location(qtbot, kiosk, "location", "Kedaleman", "7", "2")
    pad(qtbot, kiosk, "household_size", "6")
    next_step(qtbot, kiosk, 1)
    tap(window, "choice_cause_breadwinner_lost")
    next_step(qtbot, kiosk, None)
    lines = submit_and_read_receipt(qtbot, kiosk)
    assert "LAPORAN WARGA MISKIN" in lines
    assert any("Kehilangan pencari nafkah keluarga" in line for line in lines)


def test_information_pages_and_budget(qtbot, kiosk) -> None:
    window = kiosk.window
    open_service(qtbot, kiosk, "informasi")
    qtbot.waitUntil(lambda: find_item(window, "informationScreen") is not None)
    assert "Jam pelayanan" in texts(window)
    tap(window, "infoBudget")
    qtbot.waitUntil(lambda: find_item(window, "budgetTable") is not None)
    shown = texts(window)
    assert "APBDes Desa Kemiren Tahun 2025" in shown
    assert "Anggaran Rp 1.850.000.000" in shown
    assert "61%" in shown
    tap(window, "infoBack")
    qtbot.waitUntil(lambda: kiosk.session.screen is Screen.HOME)
