"""A receipt that does not print, and paper that runs out, on the real QML UI offscreen.

The number stays on screen without a short countdown (the idle warning still protects the
next citizen), with the reference and its check code large, the QR, "Cetak ulang" through the
core's reprint (never a second print) and how to reach an officer. With the paper out, home
says so once, in a banner; services that can finish without paper stay open and record the
receipt as failed; a service that cannot says why.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QPointF, Qt
from PySide6.QtTest import QTest

from drivers.base import PrinterStatus
from kiosk.catalog import catalog_to_json
from kiosk.journal import ReceiptOutcome
from kiosk.services import RECEIPT_NEEDED
from kiosk.session import Screen
from kiosk.signing import format_check
from tests.e2e.test_scan_routing import printer
from tests.helpers.kiosk_app import running_kiosk
from tests.helpers.qml import find_item, iter_items, tap, texts
from ui.app import KioskApp

pytestmark = pytest.mark.e2e

OFFICER = "Kantor Desa Kemiren, telp. 0333-123456"


@pytest.fixture
def kiosk(qapp, tmp_path: Path) -> Iterator[KioskApp]:
    with running_kiosk(qapp, tmp_path, {"KIOSK_KIOSK_OFFICER": OFFICER}) as app:
        yield app


def spooled(kiosk: KioskApp) -> int:
    return len(list(printer(kiosk).spool_dir.glob("*.bin")))


def take_number(qtbot, kiosk: KioskApp, counter: str = "A") -> str:
    """Tap from attract to the done screen; the reference of the ticket."""
    window = kiosk.window
    tap(window, "startArea")
    qtbot.waitUntil(lambda: find_item(window, "service_antrian") is not None)
    tap(window, "service_antrian")
    qtbot.waitUntil(lambda: find_item(window, f"counter_{counter}") is not None)
    tap(window, f"counter_{counter}")
    qtbot.waitUntil(lambda: kiosk.session.screen is Screen.DONE, timeout=10_000)
    qtbot.waitUntil(lambda: find_item(window, "doneNumber") is not None)
    outcome = kiosk.session.data.outcome
    assert outcome is not None
    return outcome.reference


def text_of(kiosk: KioskApp, name: str) -> str:
    item = find_item(kiosk.window, name)
    assert item is not None, f"{name} is not on screen"
    return str(item.property("text"))


def test_a_failed_print_leaves_the_number_check_code_and_officer_without_a_countdown(
    qtbot, kiosk: KioskApp
) -> None:
    window = kiosk.window
    printer(kiosk).set_fail_next("simulated paper jam")
    reference = take_number(qtbot, kiosk)
    outcome = kiosk.session.data.outcome
    qtbot.waitUntil(lambda: find_item(window, "doneCheckCode") is not None)
    assert text_of(kiosk, "doneNumber") == "K1-A001"
    assert text_of(kiosk, "doneReference") == f"Nomor permohonan: {reference}"
    assert text_of(kiosk, "doneCheckCode") == format_check(outcome.check_code)
    assert "Kode cek" in texts(window)
    assert (
        text_of(kiosk, "printStatusText") == "Struk tidak tercetak. Printer struk gagal mencetak."
    )
    assert text_of(kiosk, "doneOfficer") == f"Petugas: {OFFICER}"
    assert find_item(window, "doneQr") is not None
    assert find_item(window, "doneReprint").property("enabled")
    assert find_item(window, "doneCountdown") is None
    assert kiosk.journal.by_reference(reference).receipt is ReceiptOutcome.FAILED

    # Long past the done screen's own time, the number is still there...
    kiosk.clock.advance(kiosk.config.ui.done_seconds + 5)
    qtbot.wait(600)
    assert kiosk.session.screen is Screen.DONE
    # ...until the citizen stops touching it: the idle warning, as on any screen.
    kiosk.clock.advance(kiosk.config.ui.idle_seconds)
    qtbot.waitUntil(lambda: find_item(window, "idleWarning") is not None)
    tap(window, "idleContinue")
    qtbot.waitUntil(lambda: kiosk.session.screen is Screen.DONE)
    assert text_of(kiosk, "doneNumber") == "K1-A001"
    kiosk.clock.advance(kiosk.config.ui.idle_seconds)
    qtbot.waitUntil(lambda: kiosk.session.screen is Screen.IDLE_WARNING)
    kiosk.clock.advance(kiosk.config.ui.idle_warning_seconds)
    qtbot.waitUntil(lambda: find_item(window, "attractScreen") is not None)
    assert kiosk.session.data.outcome is None


def test_cetak_ulang_prints_once_however_often_it_is_tapped(qtbot, kiosk: KioskApp) -> None:
    window = kiosk.window
    printer(kiosk).set_fail_next("simulated paper jam")
    reference = take_number(qtbot, kiosk)
    assert spooled(kiosk) == 0
    button = find_item(window, "doneReprint")
    assert button is not None
    centre = button.mapToScene(QPointF(button.width() / 2, button.height() / 2)).toPoint()
    for _ in range(3):  # an impatient citizen
        QTest.mouseClick(window, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, centre)
    qtbot.waitUntil(lambda: find_item(window, "doneCountdown") is not None, timeout=10_000)
    assert kiosk.session.data.outcome.printed
    assert find_item(window, "doneReprint") is None
    assert find_item(window, "doneCheckCode") is None  # the receipt carries it now
    assert spooled(kiosk) == 1
    assert kiosk.journal.by_reference(reference).receipt is ReceiptOutcome.PRINTED
    kiosk.clock.advance(kiosk.config.ui.done_seconds)
    qtbot.waitUntil(lambda: find_item(window, "attractScreen") is not None)


def test_paper_out_one_banner_and_services_that_need_no_paper_stay_open(
    qtbot, kiosk: KioskApp
) -> None:
    window = kiosk.window
    printer(kiosk).set_status(PrinterStatus.PAPER_OUT)
    tap(window, "startArea")
    qtbot.waitUntil(lambda: find_item(window, "paperBanner") is not None)
    shown = texts(window)
    banner = text_of(kiosk, "paperBannerText")
    assert "Kertas struk habis." in banner
    assert sum("Kertas struk habis" in text for text in shown) == 1, "said once, not per tile"
    tiles = [
        item
        for item in iter_items(window.contentItem())
        if item.isVisible() and item.objectName().startswith("service_")
    ]
    assert tiles and all(tile.property("service")["available"] for tile in tiles)

    reference = take_number_from_home(qtbot, kiosk)
    qtbot.waitUntil(lambda: find_item(window, "doneReprintHint") is not None)
    assert text_of(kiosk, "printStatusText") == "Struk tidak tercetak. Kertas struk habis."
    assert "Nomor antrian Anda tetap berlaku" in " ".join(texts(window))
    assert not find_item(window, "doneReprint").property("enabled")
    assert text_of(kiosk, "doneReprintHint") == (
        "Cetak ulang bisa dilakukan setelah printer siap kembali."
    )
    assert kiosk.journal.by_reference(reference).receipt is ReceiptOutcome.FAILED
    assert spooled(kiosk) == 0

    # An officer puts paper in while the citizen is still there.
    printer(kiosk).set_status(PrinterStatus.ONLINE)
    qtbot.waitUntil(lambda: find_item(window, "doneReprint").property("enabled"))
    assert find_item(window, "doneReprintHint") is None
    tap(window, "doneReprint")
    qtbot.waitUntil(lambda: kiosk.session.data.outcome.printed, timeout=10_000)
    assert spooled(kiosk) == 1
    assert kiosk.journal.by_reference(reference).receipt is ReceiptOutcome.PRINTED


def take_number_from_home(qtbot, kiosk: KioskApp, counter: str = "A") -> str:
    window = kiosk.window
    tap(window, "service_antrian")
    qtbot.waitUntil(lambda: find_item(window, f"counter_{counter}") is not None)
    tap(window, f"counter_{counter}")
    qtbot.waitUntil(lambda: kiosk.session.screen is Screen.DONE, timeout=10_000)
    outcome = kiosk.session.data.outcome
    assert outcome is not None
    return outcome.reference


def test_a_service_that_cannot_finish_without_paper_says_why(qtbot, kiosk: KioskApp) -> None:
    window = kiosk.window
    data = catalog_to_json(kiosk.core.catalog)
    for service in data["services"]:
        if service["id"] == "antrian":
            service["needs"] = ["printer"]
    assert kiosk.core.catalog_keeper.offer(data, "central", save=False)
    printer(kiosk).set_status(PrinterStatus.PAPER_OUT)
    tap(window, "startArea")
    qtbot.waitUntil(lambda: RECEIPT_NEEDED.id in texts(window))
    tile = find_item(window, "service_antrian")
    assert not tile.property("service")["available"]
    tap(window, "service_antrian")
    qtbot.wait(200)
    assert kiosk.session.screen is Screen.HOME
    printer(kiosk).set_status(PrinterStatus.ONLINE)
    qtbot.waitUntil(lambda: RECEIPT_NEEDED.id not in texts(window))
    assert find_item(window, "paperBanner") is None
    tap(window, "service_antrian")
    qtbot.waitUntil(lambda: kiosk.session.screen is Screen.FORM)


def test_in_english_the_failure_and_the_officer_are_in_english(qtbot, kiosk: KioskApp) -> None:
    window = kiosk.window
    printer(kiosk).set_status(PrinterStatus.COVER_OPEN)
    tap(window, "startArea")
    qtbot.waitUntil(lambda: find_item(window, "language_en") is not None)
    tap(window, "language_en")
    qtbot.waitUntil(
        lambda: "The receipt printer's cover is open." in text_of(kiosk, "paperBannerText")
    )
    take_number_from_home(qtbot, kiosk, "D")
    qtbot.waitUntil(lambda: find_item(window, "doneOfficer") is not None)
    assert text_of(kiosk, "printStatusText") == (
        "The receipt did not print. The receipt printer's cover is open."
    )
    assert text_of(kiosk, "doneOfficer") == f"Officer: {OFFICER}"
    assert "Check code" in texts(window)
