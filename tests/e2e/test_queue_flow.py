"""A citizen takes a queue number on the real QML UI, and the simulated printer prints it."""

from __future__ import annotations

import pytest

from drivers.base import PrinterStatus
from kiosk.session import Screen
from kiosk.signing import receipt_qr_payload
from tests.helpers.escpos_decode import decode
from tests.helpers.qml import find_item, tap, texts

pytestmark = pytest.mark.e2e


def screen_is(kiosk, screen: Screen):
    return lambda: kiosk.session.screen is screen


def test_tap_through_the_queue_ticket_flow(qtbot, kiosk) -> None:
    window = kiosk.window
    qtbot.waitUntil(lambda: find_item(window, "attractScreen") is not None)
    assert "Sentuh layar untuk mulai" in texts(window)

    tap(window, "startArea")
    qtbot.waitUntil(lambda: find_item(window, "service_antrian") is not None)
    tap(window, "service_antrian")
    qtbot.waitUntil(lambda: find_item(window, "counter_A") is not None)
    tap(window, "counter_A")
    qtbot.waitUntil(screen_is(kiosk, Screen.DONE), timeout=10_000)
    qtbot.waitUntil(lambda: find_item(window, "doneNumber") is not None)

    number = find_item(window, "doneNumber").property("text")
    assert number == "K1-A001"
    assert "Silakan ambil struk Anda di bawah layar, lalu tunggu nomor Anda dipanggil." in texts(
        window
    )

    spool = kiosk.devices.printer.spool_dir
    receipts = sorted(spool.glob("*.bin"))
    assert len(receipts) == 1
    assert receipts[0].with_suffix(".png").is_file()
    printed = decode(receipts[0].read_bytes())
    assert "K1-A001" in printed.text_lines
    assert any("Dukcapil" in line for line in printed.text_lines)
    reference = f"ALM-DEV-01-{kiosk.clock.now():%Y%m%d}-K1-A001"
    assert printed.qr_payloads == [receipt_qr_payload(kiosk.config.central.secret, reference)]
    assert printed.cut
    assert kiosk.journal.unprinted() == []

    tap(window, "doneFinish")
    qtbot.waitUntil(lambda: find_item(window, "attractScreen") is not None)
    assert kiosk.session.data.outcome is None


def test_english_toggle_translates_screens_and_receipt(qtbot, kiosk) -> None:
    window = kiosk.window
    tap(window, "startArea")
    qtbot.waitUntil(lambda: find_item(window, "language_en") is not None)
    tap(window, "language_en")
    qtbot.waitUntil(lambda: "Choose a service" in texts(window))
    assert "Take a Queue Number" in texts(window)
    tap(window, "service_antrian")
    qtbot.waitUntil(lambda: find_item(window, "counter_D") is not None)
    assert "Choose a counter" in texts(window)
    tap(window, "counter_D")
    qtbot.waitUntil(screen_is(kiosk, Screen.DONE), timeout=10_000)
    qtbot.waitUntil(lambda: "Your queue number" in texts(window))
    (receipt,) = kiosk.devices.printer.spool_dir.glob("*.bin")
    lines = decode(receipt.read_bytes()).text_lines
    assert "QUEUE NUMBER" in lines
    assert any("Immigration" in line for line in lines)
    tap(window, "doneFinish")
    qtbot.waitUntil(lambda: "Sentuh layar untuk mulai" in texts(window))


def test_paper_out_disables_the_queue_tile(qtbot, kiosk) -> None:
    window = kiosk.window
    kiosk.devices.printer.set_status(PrinterStatus.PAPER_OUT)
    tap(window, "startArea")
    qtbot.waitUntil(lambda: "Kertas struk habis. Mohon hubungi petugas." in texts(window))
    tap(window, "service_antrian")
    qtbot.wait(200)
    assert kiosk.session.screen is Screen.HOME
    kiosk.devices.printer.set_status(PrinterStatus.ONLINE)
    qtbot.waitUntil(lambda: "Kertas struk habis. Mohon hubungi petugas." not in texts(window))
    tap(window, "service_antrian")
    qtbot.waitUntil(screen_is(kiosk, Screen.FORM))


def test_failed_print_shows_the_number_and_keeps_it_pending(qtbot, kiosk) -> None:
    window = kiosk.window
    kiosk.devices.printer.set_fail_next("simulated paper jam")
    tap(window, "startArea")
    qtbot.waitUntil(lambda: find_item(window, "service_antrian") is not None)
    tap(window, "service_antrian")
    qtbot.waitUntil(lambda: find_item(window, "counter_B") is not None)
    tap(window, "counter_B")
    qtbot.waitUntil(screen_is(kiosk, Screen.DONE), timeout=10_000)
    qtbot.waitUntil(
        lambda: (
            "Struk belum tercetak. Catat atau foto nomor ini, lalu tunjukkan kepada petugas."
            in texts(window)
        )
    )
    assert find_item(window, "doneNumber").property("text") == "K1-B001"
    assert [e.reference.endswith("K1-B001") for e in kiosk.journal.unprinted()] == [True]
    assert list(kiosk.devices.printer.spool_dir.glob("*.bin")) == []


def test_idle_warning_then_timeout_wipes_the_screen(qtbot, kiosk) -> None:
    window = kiosk.window
    tap(window, "startArea")
    qtbot.waitUntil(lambda: find_item(window, "service_antrian") is not None)
    tap(window, "service_antrian")
    qtbot.waitUntil(lambda: find_item(window, "counter_A") is not None)
    kiosk.clock.advance(kiosk.config.ui.idle_seconds)
    qtbot.waitUntil(lambda: find_item(window, "idleWarning") is not None)
    qtbot.waitUntil(lambda: find_item(window, "idleCountdown") is not None)
    assert "30 detik" in find_item(window, "idleCountdown").property("text")
    tap(window, "idleContinue")
    qtbot.waitUntil(screen_is(kiosk, Screen.FORM))
    assert find_item(window, "counter_A") is not None
    kiosk.clock.advance(kiosk.config.ui.idle_seconds)
    qtbot.waitUntil(screen_is(kiosk, Screen.IDLE_WARNING))
    kiosk.clock.advance(kiosk.config.ui.idle_warning_seconds)
    qtbot.waitUntil(lambda: find_item(window, "attractScreen") is not None)
    assert kiosk.session.data.service is None
    assert find_item(window, "idleWarning") is None
