"""A citizen takes a queue number on the real QML UI, and the simulated printer prints it."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from pathlib import Path

import pytest

from kiosk.journal import ReceiptOutcome
from kiosk.session import Screen
from kiosk.signing import receipt_qr_payload
from tests.helpers.central import running_central
from tests.helpers.escpos_decode import decode
from tests.helpers.kiosk_app import central_environ, running_kiosk
from tests.helpers.printer_emulator import PrinterEmulator
from tests.helpers.qml import find_item, tap, texts

ROOT = Path(__file__).resolve().parents[2]

pytestmark = pytest.mark.e2e


def screen_is(kiosk, screen: Screen):
    return lambda: kiosk.session.screen is screen


def take_number(qtbot, kiosk, counter: str) -> None:
    """Tap from attract to the done screen, taking a number at ``counter``."""
    window = kiosk.window
    qtbot.waitUntil(lambda: find_item(window, "startArea").width() >= 1)
    tap(window, "startArea")
    qtbot.waitUntil(lambda: find_item(window, "service_antrian") is not None)
    tap(window, "service_antrian")
    qtbot.waitUntil(lambda: find_item(window, f"counter_{counter}") is not None)
    tap(window, f"counter_{counter}")
    qtbot.waitUntil(screen_is(kiosk, Screen.DONE), timeout=10_000)
    qtbot.waitUntil(lambda: find_item(window, "doneNumber") is not None)


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


def test_failed_print_shows_the_number_and_keeps_it_for_a_reprint(qtbot, kiosk) -> None:
    window = kiosk.window
    kiosk.devices.printer.set_fail_next("simulated paper jam")
    take_number(qtbot, kiosk, "B")
    qtbot.waitUntil(lambda: "Struk tidak tercetak. Printer struk gagal mencetak." in texts(window))
    assert find_item(window, "doneNumber").property("text") == "K1-B001"
    [entry] = kiosk.journal.unprinted()
    assert entry.reference.endswith("K1-B001") and entry.receipt is ReceiptOutcome.FAILED
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


KILL_KIOSK, KILL_SECRET = "ALM-E2E-Q1", "queue-kill-secret"


def test_a_failed_print_and_a_kill_leave_no_phantom_ticket(qtbot, qapp, tmp_path: Path) -> None:
    """Central never counts a ticket as printed that nobody holds.

    One ticket's print fails on the real UI (the number is shown on screen instead); another
    kiosk process is killed with SIGKILL while its ticket is printing (the printer emulator
    stalls mid-job). After the restart settles the cut-off one, central holds both, one
    ``failed`` and one ``unknown``, and the journal lists neither as issued.
    """
    with running_central(tmp_path / "central", {KILL_KIOSK: KILL_SECRET}) as central:
        environ = central_environ(central, KILL_KIOSK, KILL_SECRET)
        with running_kiosk(qapp, tmp_path, environ) as kiosk:
            kiosk.devices.printer.set_fail_next("simulated paper jam")
            window = kiosk.window
            take_number(qtbot, kiosk, "B")
            # Online, the hall's central numbers it and says how many are ahead.
            assert find_item(window, "doneNumber").property("text") == "B001"
            assert find_item(window, "donePlace").property("text") == (
                "Tidak ada yang di depan Anda"
            )
            failed = kiosk.session.data.outcome.reference
            tap(window, "doneFinish")
            data_dir = kiosk.data_dir

        with PrinterEmulator() as emulator:
            emulator.stall_after(16)
            process = subprocess.Popen(
                [sys.executable, "-m", "tests.helpers.take_ticket", "A"],
                cwd=ROOT,
                env={
                    **os.environ,
                    **environ,
                    "KIOSK_DATA_DIR": str(data_dir),
                    "KIOSK_PRINTER": emulator.uri(),
                    "KIOSK_CARD_READER": "sim://",
                    "KIOSK_SCANNER": "sim://",
                },
                stdout=subprocess.DEVNULL,
                stderr=subprocess.PIPE,
            )
            try:
                # Committed before anything prints: once the job's bytes arrive, it is printing.
                assert emulator.wait_until(lambda: len(emulator.printed) >= 16, timeout=30)
            finally:
                process.kill()
                _, stderr = process.communicate(timeout=30)
            assert process.returncode == -signal.SIGKILL, stderr.decode(errors="replace")

        with running_kiosk(qapp, tmp_path, environ) as kiosk:
            entries = {entry.reference: entry for entry in kiosk.journal.entries(issued_only=False)}
            [killed] = set(entries) - {failed}
            assert killed.endswith("-Q-A001")
            assert entries[failed].receipt is ReceiptOutcome.FAILED
            assert entries[killed].receipt is ReceiptOutcome.UNKNOWN, "settled at the start"
            assert kiosk.journal.entries(issued_only=True) == []
            sync = kiosk.core.sync
            assert sync is not None and sync.drain(timeout=30)
        receipts = {row["reference"]: row["receipt"] for row in central.export()}
    assert receipts == {failed: "failed", killed: "unknown"}
