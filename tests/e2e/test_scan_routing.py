"""Where a scan goes on the real QML UI: a receipt opens its status (through the real central),
a receipt that never printed is reprinted, a forged or foreign QR gets a short notice."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from drivers.simulated import SimulatedPrinter, SimulatedScanner
from kiosk.scan import NOT_RECOGNISED
from kiosk.scan_routing import NOT_RECOGNISED_ON_IDENTIFY
from kiosk.session import Screen
from kiosk.signing import receipt_qr_payload
from tests.e2e.test_services_flow import open_service
from tests.helpers.central import RunningCentral, run_cli, running_central
from tests.helpers.escpos_decode import decode
from tests.helpers.kiosk_app import central_environ, running_kiosk
from tests.helpers.qml import find_item, tap, texts
from ui.app import KioskApp

pytestmark = pytest.mark.e2e

KIOSK_ID, SECRET = "ALM-E2E-02", "e2e-scan-routing-secret"


@pytest.fixture
def central(tmp_path: Path) -> Iterator[RunningCentral]:
    """A central per test: each test's kiosk starts numbering again at K1-A001."""
    with running_central(tmp_path / "central", {KIOSK_ID: SECRET}) as server:
        yield server


@pytest.fixture
def kiosk(qapp, tmp_path: Path, central: RunningCentral) -> Iterator[KioskApp]:
    """The real application offscreen, simulated devices, talking to the real central."""
    with running_kiosk(qapp, tmp_path, central_environ(central, KIOSK_ID, SECRET)) as app:
        yield app


def scanner(kiosk: KioskApp) -> SimulatedScanner:
    device = kiosk.devices.scanner
    assert isinstance(device, SimulatedScanner)
    return device


def printer(kiosk: KioskApp) -> SimulatedPrinter:
    device = kiosk.devices.printer
    assert isinstance(device, SimulatedPrinter)
    return device


def take_ticket(qtbot, kiosk: KioskApp) -> str:
    """Take a queue number by touch; returns its reference."""
    window = kiosk.window
    tap(window, "startArea")
    qtbot.waitUntil(lambda: find_item(window, "service_antrian") is not None)
    tap(window, "service_antrian")
    qtbot.waitUntil(lambda: find_item(window, "counter_A") is not None)
    tap(window, "counter_A")
    qtbot.waitUntil(lambda: kiosk.session.screen is Screen.DONE, timeout=10_000)
    outcome = kiosk.session.data.outcome
    assert outcome is not None
    return outcome.reference


def test_the_printed_qr_is_the_signed_receipt_payload(qtbot, kiosk) -> None:
    reference = take_ticket(qtbot, kiosk)
    receipts = sorted(printer(kiosk).spool_dir.glob("*.bin"))
    printed = decode(receipts[-1].read_bytes())
    assert printed.qr_payloads == [receipt_qr_payload(SECRET, reference)]


def test_a_receipt_scanned_on_the_attract_screen_shows_its_status(
    qtbot, kiosk, central: RunningCentral
) -> None:
    window = kiosk.window
    reference = take_ticket(qtbot, kiosk)
    tap(window, "doneFinish")
    qtbot.waitUntil(lambda: kiosk.session.screen is Screen.ATTRACT)
    sync = kiosk.core.sync
    assert sync is not None and sync.drain(timeout=20)
    run_cli("set-status", "--db", str(central.db_path), reference, "called")

    scanner(kiosk).scan(receipt_qr_payload(SECRET, reference))
    qtbot.waitUntil(lambda: find_item(window, "statusStateText") is not None, timeout=10_000)
    assert find_item(window, "statusStateText").property("text")
    assert any(reference in text for text in texts(window))


def test_an_unsent_receipt_is_known_here(qtbot, kiosk) -> None:
    window = kiosk.window
    sync = kiosk.core.sync
    assert sync is not None
    sync.stop()
    reference = take_ticket(qtbot, kiosk)
    scanner(kiosk).scan(receipt_qr_payload(SECRET, reference))
    qtbot.waitUntil(
        lambda: any("sedang dikirim ke kantor" in text for text in texts(window)), timeout=10_000
    )


def test_a_receipt_that_failed_to_print_is_reprinted_when_scanned(qtbot, kiosk) -> None:
    printer(kiosk).set_fail_next("simulated paper jam")
    reference = take_ticket(qtbot, kiosk)
    assert [entry.reference for entry in kiosk.journal.unprinted()] == [reference]
    tap(kiosk.window, "doneFinish")
    qtbot.waitUntil(lambda: kiosk.session.screen is Screen.ATTRACT)

    scanner(kiosk).scan(receipt_qr_payload(SECRET, reference))
    qtbot.waitUntil(lambda: kiosk.journal.unprinted() == [], timeout=10_000)
    assert "Struk Anda belum tercetak tadi; sekarang dicetak ulang." in texts(kiosk.window)
    receipts = sorted(printer(kiosk).spool_dir.glob("*.bin"))
    assert reference.rsplit("-", 2)[-2] + "-" + reference.rsplit("-", 1)[-1] in " ".join(
        decode(receipts[-1].read_bytes()).text_lines
    )


def test_a_forged_receipt_is_refused_with_a_notice(qtbot, kiosk) -> None:
    window = kiosk.window
    reference = f"{KIOSK_ID}-20261123-K1-A001"
    scanner(kiosk).scan(receipt_qr_payload("not-the-secret", reference))
    qtbot.waitUntil(lambda: find_item(window, "scanNotice") is not None)
    assert "Tanda terima ini tidak sah. Silakan hubungi petugas." in texts(window)
    assert kiosk.session.screen is Screen.ATTRACT


def test_any_other_qr_is_not_recognised_and_told_what_to_scan(qtbot, kiosk) -> None:
    window = kiosk.window
    scanner(kiosk).scan(b"https://example.com/promo")
    qtbot.waitUntil(lambda: find_item(window, "scanNotice") is not None)
    assert NOT_RECOGNISED.id in texts(window)
    assert "Pindai QR pada struk anjungan" in NOT_RECOGNISED.id


def test_a_notice_is_tapped_away_and_never_outlives_its_session(qtbot, kiosk) -> None:
    window = kiosk.window
    scanner(kiosk).scan(b"https://example.com/promo")
    qtbot.waitUntil(lambda: NOT_RECOGNISED.id in texts(window))
    tap(window, "scanNotice")
    qtbot.waitUntil(lambda: find_item(window, "scanNotice") is None)
    assert kiosk.session.screen is Screen.ATTRACT  # the tap went no further
    # Shown to one citizen, gone when that session ends: the next citizen never sees it.
    tap(window, "startArea")
    qtbot.waitUntil(lambda: kiosk.session.screen is Screen.HOME)
    scanner(kiosk).scan(b"https://example.com/promo")
    qtbot.waitUntil(lambda: NOT_RECOGNISED.id in texts(window))
    kiosk.session.end()
    qtbot.waitUntil(lambda: kiosk.session.screen is Screen.ATTRACT)
    assert find_item(window, "scanNotice") is None
    assert NOT_RECOGNISED.id not in texts(window)


def test_a_receipt_scanned_mid_form_does_not_interrupt(qtbot, kiosk) -> None:
    window = kiosk.window
    reference = take_ticket(qtbot, kiosk)
    tap(window, "doneFinish")
    tap(window, "startArea")
    qtbot.waitUntil(lambda: find_item(window, "service_antrian") is not None)
    tap(window, "service_antrian")
    qtbot.waitUntil(lambda: find_item(window, "counter_A") is not None)
    scanner(kiosk).scan(receipt_qr_payload(SECRET, reference))
    qtbot.waitUntil(lambda: find_item(window, "scanNotice") is not None)
    assert kiosk.session.screen is Screen.FORM
    assert find_item(window, "counter_A") is not None


def test_a_keyboard_wedge_scan_on_the_attract_screen_opens_the_status(qtbot, kiosk) -> None:
    """A wedge scanner types the QR's text at machine speed and ends with Enter."""
    from PySide6.QtCore import Qt
    from PySide6.QtTest import QTest

    window = kiosk.window
    reference = take_ticket(qtbot, kiosk)
    tap(window, "doneFinish")
    qtbot.waitUntil(lambda: kiosk.session.screen is Screen.ATTRACT)
    for char in receipt_qr_payload(SECRET, reference):
        QTest.keyClick(window, char)
    QTest.keyClick(window, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: find_item(window, "statusCheckScreen") is not None, timeout=10_000)
    qtbot.waitUntil(lambda: kiosk.status_backend.phase == "answer", timeout=10_000)


def test_on_the_identify_step_an_unknown_qr_is_told_what_this_step_takes(qtbot, kiosk) -> None:
    window = kiosk.window
    open_service(qtbot, kiosk, "sktm")
    qtbot.waitUntil(lambda: kiosk.session.screen is Screen.IDENTIFY)
    scanner(kiosk).scan(b"https://example.com/promo")
    qtbot.waitUntil(lambda: NOT_RECOGNISED_ON_IDENTIFY.id in texts(window))
    assert kiosk.session.screen is Screen.IDENTIFY
