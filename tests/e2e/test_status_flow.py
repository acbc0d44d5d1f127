"""Cek Status on the real QML UI against the real central: what a citizen reads.

The service's name, the request's reference, the steps of its kind with the one it is at,
what happens next and the office's message; a queue ticket's number, counter and whether it
was called; an unknown reference and an unreachable central. Check codes typed by hand are
read leniently, and receipts printed before contract 1.2 (their legacy base32 check) still
open their status, scanned or typed.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtTest import QTest

from kiosk.identity import Identity, IdentitySource
from kiosk.session import Screen, SubmitRequest
from kiosk.signing import format_check, legacy_receipt_check, receipt_check, receipt_qr_payload
from kiosk.status import MESSAGES
from tests.e2e.test_scan_routing import scanner
from tests.e2e.test_services_flow import open_service
from tests.helpers.central import RunningCentral, run_cli, running_central
from tests.helpers.kiosk_app import central_environ, running_kiosk
from tests.helpers.qml import find_item, iter_items, tap, texts
from ui.app import KioskApp

pytestmark = pytest.mark.e2e

KIOSK_ID, SECRET = "ALM-E2E-ST", "e2e-status-secret"
OTHER_ID, OTHER_SECRET = "ALM-E2E-OLD", "an-older-kiosks-secret"
CITIZEN = Identity(nik="3510014101900001", name="SITI AMINAH", source=IdentitySource.TYPED)


@pytest.fixture
def central(tmp_path: Path) -> Iterator[RunningCentral]:
    kiosks = {KIOSK_ID: SECRET, OTHER_ID: OTHER_SECRET}
    with running_central(tmp_path / "central", kiosks) as server:
        yield server


@pytest.fixture
def kiosk(qapp, tmp_path: Path, central: RunningCentral) -> Iterator[KioskApp]:
    with running_kiosk(qapp, tmp_path, central_environ(central, KIOSK_ID, SECRET)) as app:
        yield app


def commit(kiosk: KioskApp, service_id: str, fields: dict[str, str]) -> str:
    """A request the kiosk committed and delivered to central; its reference."""
    service = kiosk.core.catalog.service(service_id)
    identity = CITIZEN if service.asks_identity else None
    request = SubmitRequest(str(uuid.uuid4()), service, fields, "id", identity)
    reference = kiosk.processor.commit(request).reference
    kiosk.processor.print_first(request)
    sync = kiosk.core.sync
    assert sync is not None and sync.drain(timeout=20)
    return reference


def scan(kiosk: KioskApp, payload: str) -> None:
    scanner(kiosk).scan(payload)


def answered(qtbot, kiosk: KioskApp) -> None:
    qtbot.waitUntil(lambda: kiosk.status_backend.phase == "answer", timeout=10_000)
    qtbot.wait(100)


def marks(kiosk: KioskApp) -> list[str]:
    return [
        item.objectName().removeprefix("statusStep_")
        for item in iter_items(kiosk.window.contentItem())
        if item.isVisible() and item.objectName().startswith("statusStep_")
    ]


def text_of(kiosk: KioskApp, name: str) -> str:
    item = find_item(kiosk.window, name)
    assert item is not None, f"{name} is not on screen"
    return str(item.property("text"))


def type_into(qtbot, kiosk: KioskApp, name: str, text: str) -> None:
    """Tap the field and type on the kiosk's keyboard, as a citizen would."""
    window = kiosk.window
    tap(window, name)
    qtbot.waitUntil(lambda: find_item(window, name).hasActiveFocus())
    qtbot.waitUntil(lambda: find_item(window, "doneTyping") is not None)
    qtbot.wait(100)  # the keyboard has risen and the field moved above it
    for ch in text:
        QTest.keyClick(window, ch)
    # Fast keys are held by the keyboard-wedge scanner's detector until it sees they are
    # not a scan; they reach the field a moment later, as a person's typing does.
    qtbot.waitUntil(lambda: find_item(window, name).property("text") == text)
    tap(window, "doneTyping")
    qtbot.waitUntil(lambda: find_item(window, "doneTyping") is None)


def test_a_request_to_correct_shows_its_service_steps_and_the_offices_message(
    qtbot, kiosk: KioskApp, central: RunningCentral
) -> None:
    reference = commit(kiosk, "sktm", {"for_whom": "self", "purpose": "bpjs"})
    run_cli(
        "set-status",
        "--db",
        str(central.db_path),
        reference,
        "needs_correction",
        "--message-id",
        "Bawa fotokopi Kartu Keluarga terbaru ke kantor desa.",
        "--message-en",
        "Bring a copy of your latest family card to the village office.",
    )
    # A check code copied by hand: lower case, spaces, and O typed for 0, I for 1.
    check = receipt_check(SECRET, reference)
    typed = " ".join(format_check(check).lower().replace("0", "o").replace("1", "i").split("-"))
    open_service(qtbot, kiosk, "cek_status")
    qtbot.waitUntil(lambda: find_item(kiosk.window, "statusReference") is not None)
    type_into(qtbot, kiosk, "statusReference", reference.lower())
    type_into(qtbot, kiosk, "statusCode", typed)
    tap(kiosk.window, "statusCheck")
    answered(qtbot, kiosk)
    assert text_of(kiosk, "statusService") == "Surat Keterangan Tidak Mampu"
    assert text_of(kiosk, "statusReferenceText") == f"Nomor permohonan: {reference}"
    assert text_of(kiosk, "statusStateText") == "Status: Perlu perbaikan"
    # SKTM is a letter: checked, signed, ready and collected are still ahead.
    assert marks(kiosk) == ["done", "problem", "ahead", "ahead", "ahead", "ahead"]
    assert "lihat pesan petugas" in text_of(kiosk, "statusNext")
    assert text_of(kiosk, "statusOfficeMessage") == (
        "Bawa fotokopi Kartu Keluarga terbaru ke kantor desa."
    )
    assert "Yang perlu diperbaiki:" in texts(kiosk.window)
    assert "Atas nama: S*** A***** (351001******0001)" in texts(kiosk.window)
    assert CITIZEN.nik not in " ".join(texts(kiosk.window))
    tap(kiosk.window, "language_en")
    qtbot.waitUntil(lambda: "Status: Needs correction" in texts(kiosk.window))
    assert text_of(kiosk, "statusOfficeMessage") == (
        "Bring a copy of your latest family card to the village office."
    )


def test_a_queue_ticket_shows_its_number_counter_and_call(
    qtbot, kiosk: KioskApp, central: RunningCentral
) -> None:
    reference = commit(kiosk, "antrian", {"counter": "A"})
    run_cli("set-status", "--db", str(central.db_path), reference, "called")
    scan(kiosk, receipt_qr_payload(SECRET, reference))
    answered(qtbot, kiosk)
    assert text_of(kiosk, "statusService") == "Ambil Nomor Antrian"
    # The kiosk is online: the hall's central numbered the ticket (contract 1.3).
    assert text_of(kiosk, "statusTicketNumber") == "A001"
    assert any(text.startswith("Dukcapil") for text in texts(kiosk.window))
    assert marks(kiosk) == ["done", "current", "ahead"]
    assert "Dipanggil ke loket" in texts(kiosk.window)
    assert text_of(kiosk, "statusNext") == "Nomor Anda sudah dipanggil. Segera datang ke loket."
    assert not any(text.startswith("Atas nama") for text in texts(kiosk.window))


def test_a_receipt_printed_before_1_2_opens_its_status_scanned_or_typed(
    qtbot, kiosk: KioskApp, central: RunningCentral
) -> None:
    """Another, older kiosk's receipt: central checks its legacy base32 check (``sig``)."""
    reference = f"{OTHER_ID}-20261123-K1-PGD0001"
    with central.signed_session(OTHER_ID, OTHER_SECRET) as older:
        stored = older.post(
            f"{central.url}/v1/transactions",
            json={
                "reference": reference,
                "service": "pengaduan",
                "created_at": "2026-11-23T09:00:00+07:00",
                "language": "id",
                "fields": {"topic": "jalan"},
                "identity": None,
            },
            headers={"Idempotency-Key": str(uuid.uuid4())},
            timeout=10,
        )
    assert stored.status_code == 201, stored.text
    legacy = legacy_receipt_check(OTHER_SECRET, reference)
    scan(kiosk, f"ALM1:{reference}:{legacy}")
    answered(qtbot, kiosk)
    assert text_of(kiosk, "statusService") == "Pengaduan Masyarakat"
    assert text_of(kiosk, "statusStateText") == "Status: Diterima"
    assert marks(kiosk) == ["current", "ahead", "ahead"]

    tap(kiosk.window, "statusAgain")
    qtbot.waitUntil(lambda: find_item(kiosk.window, "statusReference") is not None)
    type_into(qtbot, kiosk, "statusReference", reference)
    type_into(qtbot, kiosk, "statusCode", f"{legacy[:5].lower()}-{legacy[5:]}")
    tap(kiosk.window, "statusCheck")
    answered(qtbot, kiosk)
    assert text_of(kiosk, "statusService") == "Pengaduan Masyarakat"


def test_an_unknown_reference_says_so_and_shows_what_was_asked(qtbot, kiosk: KioskApp) -> None:
    reference = f"{KIOSK_ID}-20261123-K1-SKTM0099"
    check = receipt_check(SECRET, reference)  # a well-formed check: central has no such request
    open_service(qtbot, kiosk, "cek_status")
    qtbot.waitUntil(lambda: find_item(kiosk.window, "statusReference") is not None)
    type_into(qtbot, kiosk, "statusReference", reference)
    type_into(qtbot, kiosk, "statusCode", check)
    tap(kiosk.window, "statusCheck")
    answered(qtbot, kiosk)
    assert text_of(kiosk, "statusMessage") == MESSAGES["not_found"].id
    assert text_of(kiosk, "statusAskedReference") == f"Nomor permohonan: {reference}"
    assert marks(kiosk) == []


def test_a_mistyped_check_code_is_caught_before_asking(qtbot, kiosk: KioskApp) -> None:
    open_service(qtbot, kiosk, "cek_status")
    qtbot.waitUntil(lambda: find_item(kiosk.window, "statusReference") is not None)
    type_into(qtbot, kiosk, "statusReference", f"{KIOSK_ID}-20261123-K1-A001")
    type_into(qtbot, kiosk, "statusCode", "1WK6-5CV")
    tap(kiosk.window, "statusCheck")
    qtbot.waitUntil(lambda: "Nomor atau kode cek belum benar." in " ".join(texts(kiosk.window)))
    assert kiosk.status_backend.phase == "ask"


def test_with_central_out_of_reach_the_citizen_is_asked_to_try_later(
    qapp, qtbot, tmp_path: Path
) -> None:
    environ = {"KIOSK_ID": KIOSK_ID, "KIOSK_SECRET": SECRET}
    environ["KIOSK_CENTRAL_URL"] = "http://127.0.0.1:9"  # nothing listens on discard
    with running_kiosk(qapp, tmp_path, environ) as kiosk:
        reference = f"{OTHER_ID}-20261123-K1-A001"
        kiosk.session.start()
        scan(kiosk, receipt_qr_payload(OTHER_SECRET, reference))
        answered(qtbot, kiosk)
        assert kiosk.session.screen is Screen.FORM
        assert text_of(kiosk, "statusMessage") == MESSAGES["offline"].id
        assert text_of(kiosk, "statusAskedReference") == f"Nomor permohonan: {reference}"
