"""Maintenance mode on the real QML window, offscreen, with simulated devices.

Taps go through QTest on the real window; the clock is a ShiftedClock, so idle times pass
without waiting. Audit events go to the real reference central.
"""

from __future__ import annotations

import dataclasses
import json
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QCoreApplication, QEvent, QObject, QPoint, QPointF, Qt
from PySide6.QtGui import QContextMenuEvent, QGuiApplication, QKeyEvent, QWindow
from PySide6.QtTest import QTest

from drivers.base import PrinterStatus
from drivers.simulated import SimulatedCardReader, SimulatedPrinter, SimulatedScanner
from kiosk.clock import ShiftedClock
from kiosk.config import load_config
from kiosk.journal import OutboxKind
from kiosk.maintenance import SCREENS, MaintenanceActions
from tests.e2e.test_touch_targets import assert_big_enough
from tests.helpers.central import RunningCentral, running_central
from tests.helpers.kiosk_cli import kiosk_environ
from tests.helpers.maintenance import (
    SUPER_PIN,
    TECH_PIN,
    enter,
    open_with_gesture,
    set_pins,
    type_pin,
)
from tests.helpers.qml import find_item, iter_items, tap, texts
from ui.app import KioskApp, LaunchOptions
from ui.backends.maintenance.mode import MaintenanceBackend, MaintenancePage

pytestmark = pytest.mark.e2e

TECH_CARD = "04A1B2C3D4E5F6"
NIK = "3171015708900001"

MakeKiosk = Callable[..., KioskApp]


@pytest.fixture
def make_kiosk(qapp, tmp_path: Path) -> Iterator[MakeKiosk]:
    """Build the real application (windowed by default) with PINs set; shut all down after."""
    built: list[KioskApp] = []

    def make(
        size: tuple[int, int] = (1080, 1920), windowed: bool = True, **environ: str
    ) -> KioskApp:
        env = {**kiosk_environ(tmp_path / f"kiosk{len(built)}"), **environ}
        config = load_config(environ=env)
        set_pins(config)
        app = KioskApp(
            config, LaunchOptions(windowed=windowed, size=size, simulated=True), ShiftedClock()
        )
        built.append(app)
        app.build(qapp)
        app.show()
        return app

    yield make
    for app in reversed(built):
        app.shutdown()


@pytest.fixture
def kiosk(make_kiosk: MakeKiosk) -> KioskApp:
    return make_kiosk()


def backend(kiosk: KioskApp) -> MaintenanceBackend:
    return kiosk.maintenance_backend


def page(kiosk: KioskApp, screen: str) -> MaintenancePage:
    return kiosk.maintenance_pages[screen]


def audit_actions(kiosk: KioskApp) -> list[str]:
    rows = kiosk.journal._db.execute(
        "SELECT body FROM outbox WHERE kind = 'audit' ORDER BY id"
    ).fetchall()
    return [json.loads(body)["events"][0]["action"] for (body,) in rows]


# --------------------------------------------------------------------------- entry


def test_gesture_counts_taps_without_taking_them_from_citizens(qtbot, kiosk: KioskApp) -> None:
    window = kiosk.window
    assert kiosk.session.screen.value == "attract"
    tap(window, "hiddenGestureArea")
    # The tap reached the attract screen below: the session started.
    qtbot.waitUntil(lambda: kiosk.session.screen.value == "home")
    for _ in range(kiosk.config.maintenance.gesture_taps - 1):
        tap(window, "hiddenGestureArea")
    qtbot.waitUntil(lambda: find_item(window, "maintenancePinPrompt") is not None)
    assert "Masukkan PIN teknisi." in texts(window)


def test_gesture_too_slow_does_not_open(qtbot, kiosk: KioskApp) -> None:
    window = kiosk.window
    for _ in range(kiosk.config.maintenance.gesture_taps + 2):
        tap(window, "hiddenGestureArea")
        kiosk.clock.advance(kiosk.config.maintenance.gesture_window_seconds / 2 + 0.1)
    assert not backend(kiosk).property("promptOpen")


def test_gesture_sits_in_the_configured_corner(qtbot, make_kiosk: MakeKiosk) -> None:
    kiosk = make_kiosk(KIOSK_MAINTENANCE_GESTURE_CORNER="bottom-right")
    area = find_item(kiosk.window, "hiddenGesture")
    assert area is not None

    def corner() -> tuple[float, float]:
        point = area.mapToScene(QPointF(area.width(), area.height()))
        return point.x(), point.y()

    qtbot.waitUntil(lambda: corner() == (1080, 1920))


def test_technician_card_opens_the_prompt(qtbot, make_kiosk: MakeKiosk) -> None:
    kiosk = make_kiosk(KIOSK_MAINTENANCE_TECHNICIAN_CARDS=TECH_CARD)
    maintenance = backend(kiosk)
    assert maintenance.cardTapped("04a1b2c3d4e5f6") is True
    assert maintenance.property("promptOpen")
    maintenance.cancelPrompt()
    assert maintenance.cardTapped("DEADBEEF") is False
    assert not maintenance.property("promptOpen")


def test_wrong_pins_lock_the_prompt_and_are_audited(qtbot, kiosk: KioskApp) -> None:
    window = kiosk.window
    open_with_gesture(qtbot, kiosk)
    for _ in range(3):
        type_pin(qtbot, kiosk, "000000")
        qtbot.waitUntil(lambda: "PIN salah. Coba lagi." in texts(window))
    type_pin(qtbot, kiosk, "000000")
    qtbot.waitUntil(lambda: "Terlalu banyak percobaan. Tunggu 30 detik." in texts(window))
    # Locked: the confirm key is disabled, and a direct attempt is refused unread.
    backend(kiosk).submitPin(TECH_PIN)
    assert not backend(kiosk).property("active")
    kiosk.clock.advance(30)
    qtbot.waitUntil(lambda: backend(kiosk).property("pinState") == "", timeout=3000)
    type_pin(qtbot, kiosk, TECH_PIN)
    qtbot.waitUntil(lambda: backend(kiosk).property("active"))
    actions = audit_actions(kiosk)
    assert actions[0] == "maintenance.prompt_opened"
    assert actions.count("maintenance.login_failed") == 4
    assert actions[-2:] == ["maintenance.login_locked", "maintenance.login"]
    assert TECH_PIN not in json.dumps(kiosk.journal.support_export())


# --------------------------------------------------------------------------- screens


@pytest.mark.parametrize("size", [(1080, 1920), (1920, 1080)])
def test_every_screen_shows_and_has_only_large_targets(
    qtbot, make_kiosk: MakeKiosk, size: tuple[int, int]
) -> None:
    kiosk = make_kiosk(size=size)
    window = kiosk.window
    open_with_gesture(qtbot, kiosk)
    checked = assert_big_enough(window, "maintenance_pin")
    type_pin(qtbot, kiosk, TECH_PIN)
    qtbot.waitUntil(lambda: backend(kiosk).property("active"))
    for screen in SCREENS:
        tap(window, f"maintenanceTab_{screen}")
        page = "maintenance" + screen.capitalize()
        qtbot.waitUntil(lambda page=page: find_item(window, page) is not None)
        checked += assert_big_enough(window, page)
    assert checked >= 40


def test_status_shows_every_fact(qtbot, kiosk: KioskApp) -> None:
    enter(qtbot, kiosk)
    keys = [row["key"] for row in page(kiosk, "status").property("status")]
    assert keys == [
        "printer", "paper", "card_reader", "scanner", "last_scan", "central",
        "outbox", "audit_outbox", "disk_free", "version", "uptime",
    ]  # fmt: skip
    assert "Pembaca kartu" in texts(kiosk.window)


def status_row(kiosk: KioskApp, key: str) -> tuple[str, str]:
    """What the status screen shows for ``key``, and its health."""
    value = find_item(kiosk.window, f"statusValue_{key}")
    assert value is not None, key
    row = next(r for r in page(kiosk, "status").property("status") if r["key"] == key)
    return value.property("text"), row["health"]


def test_status_speaks_the_screens_language_and_is_not_green_without_a_server(
    qtbot, kiosk: KioskApp
) -> None:
    fail_one_print(qtbot, kiosk)  # a request waits in the outbox, with nowhere to go
    enter(qtbot, kiosk)
    qtbot.waitUntil(lambda: find_item(kiosk.window, "statusValue_central") is not None)
    assert status_row(kiosk, "printer") == ("Siap", "ok")
    assert status_row(kiosk, "paper") == ("Cukup", "ok")
    assert status_row(kiosk, "card_reader") == ("Siap", "ok")
    assert status_row(kiosk, "scanner") == ("Siap", "ok")
    assert status_row(kiosk, "last_scan") == ("Belum ada", "ok")
    central, health = status_row(kiosk, "central")
    assert central.startswith("Tidak diatur") and health == "warning"
    shown = " ".join(texts(kiosk.window))
    for english in ("online", "ready", "not configured", "adequate", "offline kiosk"):
        assert english not in shown, english
    assert status_row(kiosk, "outbox") == ("1 / 0", "warning")
    # In English, the same facts in English.
    kiosk.maintenance_backend.leave()
    kiosk.session.set_language("en")
    enter(qtbot, kiosk)
    qtbot.waitUntil(lambda: find_item(kiosk.window, "statusValue_paper") is not None)
    assert status_row(kiosk, "paper")[0] == "Enough"
    assert status_row(kiosk, "central")[0].startswith("Not set")


def test_a_failing_printer_and_its_paper_say_so_in_words(qtbot, kiosk: KioskApp) -> None:
    printer = kiosk.devices.printer
    assert isinstance(printer, SimulatedPrinter)
    printer.set_status(PrinterStatus.PAPER_OUT)
    enter(qtbot, kiosk)
    qtbot.waitUntil(lambda: find_item(kiosk.window, "statusValue_paper") is not None)
    assert status_row(kiosk, "printer") == ("Tidak bisa mencetak: kertas habis", "error")
    assert status_row(kiosk, "paper") == ("Habis", "error")


def test_tests_screen_prints_reads_a_card_masked_and_scans_masked(qtbot, kiosk: KioskApp) -> None:
    window = kiosk.window
    enter(qtbot, kiosk)
    tap(window, "maintenanceTab_tests")
    qtbot.waitUntil(lambda: find_item(window, "test_print") is not None)
    printer = kiosk.devices.printer
    assert isinstance(printer, SimulatedPrinter)
    tap(window, "test_print")
    qtbot.waitUntil(lambda: page(kiosk, "tests").property("tests")["print"]["state"] == "ok")
    # Printed, in words; no spool file's path.
    assert find_item(window, "testResult_print").property("text") == "Berhasil: struk uji tercetak"
    assert all(str(printer.spool_dir) not in text for text in texts(window))
    tap(window, "test_card")
    reader = kiosk.devices.card_reader
    assert isinstance(reader, SimulatedCardReader)
    reader.present_card(bytes.fromhex(TECH_CARD))
    qtbot.waitUntil(lambda: page(kiosk, "tests").property("tests")["card"]["state"] == "ok")
    shown = page(kiosk, "tests").property("tests")["card"]["detail"]
    assert "**********E5F6" in shown and TECH_CARD not in shown
    tap(window, "test_scan")
    scanner = kiosk.devices.scanner
    assert isinstance(scanner, SimulatedScanner)
    scanner.scan(f"NIK:{NIK}")
    qtbot.waitUntil(lambda: page(kiosk, "tests").property("tests")["scan"]["state"] == "ok")
    assert all(NIK not in text for text in texts(window))
    assert any("317101******0001" in text for text in texts(window))
    # The technician's test scan is not routed as a citizen's: no notice underneath.
    assert kiosk.scan_notices.notice == ""
    assert {"printer.test_receipt", "card_reader.test_read", "scanner.test_scan"} <= set(
        audit_actions(kiosk)
    )


def fail_one_print(qtbot, kiosk: KioskApp) -> str:
    """A citizen's queue ticket whose print jams: the issuer, as a counter tap runs it."""
    session = kiosk.session
    printer = kiosk.devices.printer
    assert isinstance(printer, SimulatedPrinter)
    queue = kiosk.services[0]
    session.start()
    session.choose_service(queue)
    printer.set_fail_next("simulated paper jam")
    assert kiosk.issuer.take_ticket(session, queue.counters[0].code)
    qtbot.waitUntil(lambda: session.screen.value == "done", timeout=10_000)
    outcome = session.data.outcome
    assert outcome is not None and not outcome.printed
    session.end()
    return outcome.reference


def test_receipts_preview_and_reprint_by_reference(qtbot, kiosk: KioskApp) -> None:
    reference = fail_one_print(qtbot, kiosk)
    window = kiosk.window
    enter(qtbot, kiosk)
    tap(window, "maintenanceTab_receipts")
    qtbot.waitUntil(lambda: find_item(window, f"receipt_{reference}") is not None)
    preview = find_item(window, "receiptPreview")
    assert preview is not None
    dot_width = kiosk.devices.printer.dot_width
    qtbot.waitUntil(lambda: preview.implicitWidth() == dot_width)
    assert "gagal tercetak" in " ".join(texts(window))
    tap(window, f"reprint_{reference}")
    qtbot.waitUntil(lambda: backend(kiosk).property("noticeKind") == "reprinted")
    assert kiosk.journal.unprinted() == []
    assert find_item(window, f"receipt_{reference}") is None
    page(kiosk, "receipts").reprint(reference)  # never twice
    assert backend(kiosk).property("noticeDetail") == f"{reference}: already printed"
    assert "receipt.reprint" in audit_actions(kiosk)


def test_outbox_retry_and_support_export(qtbot, kiosk: KioskApp) -> None:
    reference = fail_one_print(qtbot, kiosk)
    item = kiosk.journal.claim_next(now=1e12)
    assert item is not None
    kiosk.journal.mark_dead(item, f"HTTP 422: identity {NIK} refused")
    window = kiosk.window
    enter(qtbot, kiosk)
    tap(window, "maintenanceTab_outbox")
    qtbot.waitUntil(lambda: find_item(window, "outboxRetry") is not None)
    assert any(reference in text for text in texts(window))
    assert all(NIK not in text for text in texts(window))
    tap(window, "outboxExport")
    qtbot.waitUntil(lambda: backend(kiosk).property("noticeKind") == "exported")
    exported = Path(backend(kiosk).property("noticeDetail"))
    content = exported.read_text()
    assert reference in content and NIK not in content and "317101******0001" in content
    tap(window, "outboxRetry")
    qtbot.waitUntil(lambda: backend(kiosk).property("noticeKind") == "retried")
    assert kiosk.journal.counts().dead == 0


def test_a_test_print_that_fails_says_why(qtbot, kiosk: KioskApp) -> None:
    window = kiosk.window
    printer = kiosk.devices.printer
    assert isinstance(printer, SimulatedPrinter)
    printer.set_status(PrinterStatus.PAPER_OUT)
    enter(qtbot, kiosk)
    tap(window, "maintenanceTab_tests")
    qtbot.waitUntil(lambda: find_item(window, "test_print") is not None)
    tap(window, "test_print")
    qtbot.waitUntil(lambda: page(kiosk, "tests").property("tests")["print"]["state"] == "failed")
    assert find_item(window, "testResult_print").property("text") == "Gagal: kertas habis"


def test_the_pin_pad_shows_a_dot_for_each_digit_typed(qtbot, kiosk: KioskApp) -> None:
    window = kiosk.window
    open_with_gesture(qtbot, kiosk)
    qtbot.waitUntil(lambda: find_item(window, "pinPad") is not None)

    def dots() -> tuple[int, int]:
        row = find_item(window, "pinDots")
        assert row is not None
        names = [child.objectName() for child in row.childItems() if child.isVisible()]
        return names.count("pinDot_typed"), names.count("pinDot_empty")

    assert dots() == (0, 6)  # a PIN has at least six digits: six to fill
    for digit in "2468":
        tap(window, f"padKey_{digit}")
    qtbot.waitUntil(lambda: dots() == (4, 2))
    for digit in "1357":
        tap(window, f"padKey_{digit}")
    qtbot.waitUntil(lambda: dots() == (8, 0))
    tap(window, "padKey_back")
    qtbot.waitUntil(lambda: dots() == (7, 0))


def test_the_first_log_line_on_screen_is_whole(qtbot, kiosk: KioskApp) -> None:
    import logging

    for number in range(120):  # more than the screen holds, of varying lengths
        logging.getLogger("kiosk.test").warning("line %d %s", number, "long " * (number % 9))
    enter(qtbot, kiosk)
    tap(kiosk.window, "maintenanceTab_logs")
    qtbot.waitUntil(lambda: len(page(kiosk, "logs").property("logLines")) > 100)
    qtbot.wait(200)
    lines = [
        item for item in iter_items(kiosk.window.contentItem()) if item.objectName() == "logLine"
    ]
    view = lines[0].parentItem().parentItem().parentItem()  # column, content item, flickable
    top = view.property("contentY")
    bottom = top + view.height()
    shown = [line for line in lines if line.y() + line.height() > top and line.y() < bottom]
    assert shown, "no line on screen"
    assert min(line.y() for line in shown) >= top - 0.5, "the top line is cut"
    newest = max(lines, key=lambda line: line.y())
    assert newest.y() + newest.height() <= bottom + 0.5, "the newest line is not in view"


def test_logs_are_masked(qtbot, kiosk: KioskApp) -> None:
    import logging

    logging.getLogger("kiosk.test").warning("citizen %s asked", NIK)
    enter(qtbot, kiosk)
    tap(kiosk.window, "maintenanceTab_logs")
    qtbot.waitUntil(lambda: len(page(kiosk, "logs").property("logLines")) > 0)
    lines = page(kiosk, "logs").property("logLines")
    assert any("317101******0001" in line for line in lines)
    assert all(NIK not in line for line in lines)


def test_config_edit_on_the_pad_is_validated_saved_and_audited(qtbot, kiosk: KioskApp) -> None:
    window = kiosk.window
    enter(qtbot, kiosk)
    tap(window, "maintenanceTab_config")
    qtbot.waitUntil(lambda: find_item(window, "configEdit_ui.idle_seconds") is not None)
    assert find_item(window, "configEdit_kiosk.id") is None  # not in editable_keys
    tap(window, "configEdit_ui.idle_seconds")
    for digit in "5":
        tap(window, f"padKey_{digit}")
    tap(window, "padKey_ok")
    qtbot.waitUntil(lambda: backend(kiosk).property("noticeKind") == "config_refused")
    assert "expected an integer from 15 to 600" in backend(kiosk).property("noticeDetail")
    tap(window, "padKey_0")
    tap(window, "padKey_ok")
    qtbot.waitUntil(lambda: backend(kiosk).property("noticeKind") == "config_saved")
    saved = (kiosk.data_dir / "maintenance.toml").read_text()
    assert "[ui]\nidle_seconds = 50" in saved
    assert page(kiosk, "config").setConfig("kiosk.id", "X") is False
    assert "config.change" in audit_actions(kiosk)


def test_the_settings_screen_checks_the_kind_again_before_it_saves(
    qtbot, qapp, tmp_path: Path
) -> None:
    """A configuration that slipped past the loader still cannot save a secret or a URI."""
    config = load_config(environ=kiosk_environ(tmp_path / "slipped"))
    keys = ("ui.idle_seconds", "central.secret", "printer.uri")
    config = dataclasses.replace(
        config, maintenance=dataclasses.replace(config.maintenance, editable_keys=keys)
    )
    set_pins(config)
    app = KioskApp(config, LaunchOptions(windowed=True, simulated=True), ShiftedClock())
    app.build(qapp)
    app.show()
    try:
        enter(qtbot, app)
        tap(app.window, "maintenanceTab_config")
        qtbot.waitUntil(lambda: find_item(app.window, "configEdit_ui.idle_seconds") is not None)
        assert find_item(app.window, "configEdit_central.secret") is None
        settings = page(app, "config")
        assert settings.setConfig("central.secret", "a-secret-long-enough-to-pass") is False
        assert "(a secret)" in backend(app).property("noticeDetail")
        assert settings.setConfig("printer.uri", "tcp://elsewhere:9100") is False
        assert not (app.data_dir / "maintenance.toml").exists()
    finally:
        app.shutdown()


def test_change_pin_twice_on_the_pad(qtbot, kiosk: KioskApp) -> None:
    window = kiosk.window
    enter(qtbot, kiosk)
    tap(window, "maintenanceTab_config")
    qtbot.waitUntil(lambda: find_item(window, "configChangePin") is not None)
    tap(window, "configChangePin")
    for pin in ("11223344", "11223344"):
        for digit in pin:
            tap(window, f"padKey_{digit}")
        tap(window, "padKey_ok")
    qtbot.waitUntil(lambda: backend(kiosk).property("noticeKind") == "pin_changed")
    tap(window, "maintenanceLeave")
    enter(qtbot, kiosk, "11223344")
    assert backend(kiosk).property("role") == "technician"


def test_exit_to_desktop_needs_the_supervisor(qtbot, kiosk: KioskApp) -> None:
    # Leaving the process cannot happen inside a test: the actions record instead.
    calls: list[str] = []
    page(kiosk, "actions").actions = MaintenanceActions(
        reload_catalog=lambda: calls.append("catalog") is None,
        restart=lambda: calls.append("restart"),
        exit_to_desktop=lambda: calls.append("exit"),
    )
    window = kiosk.window
    enter(qtbot, kiosk)
    tap(window, "maintenanceTab_actions")
    qtbot.waitUntil(lambda: find_item(window, "action_exit") is not None)
    assert not find_item(window, "action_exit").isEnabled()
    page(kiosk, "actions").exitToDesktop()
    assert calls == [] and backend(kiosk).property("noticeKind") == "exit_refused"
    tap(window, "maintenanceLeave")
    enter(qtbot, kiosk, SUPER_PIN)
    tap(window, "maintenanceTab_actions")
    qtbot.waitUntil(lambda: find_item(window, "action_exit") is not None)
    tap(window, "action_exit")
    assert calls == []  # the first tap only arms it
    tap(window, "action_exit")
    assert calls == ["exit"]
    assert not backend(kiosk).property("active")
    actions = audit_actions(kiosk)
    assert actions.count("kiosk.exit_to_desktop") == 2
    assert actions[-1] == "maintenance.logout"


# --------------------------------------------------------------------------- leaving


def test_idle_leaves_and_wipes_technician_data(qtbot, kiosk: KioskApp) -> None:
    logging_line = "technician-only line"
    import logging

    logging.getLogger("kiosk.test").warning(logging_line)
    window = kiosk.window
    enter(qtbot, kiosk)
    tap(window, "maintenanceTab_logs")
    qtbot.waitUntil(lambda: any(logging_line in t for t in texts(window)))
    kiosk.clock.advance(kiosk.config.maintenance.idle_seconds - 5)
    QTest.qWait(1200)
    assert backend(kiosk).property("active")  # not yet
    kiosk.clock.advance(5)
    qtbot.waitUntil(lambda: not backend(kiosk).property("active"), timeout=3000)
    assert find_item(window, "maintenanceOverlay") is None
    assert page(kiosk, "logs").property("logLines") == []
    assert page(kiosk, "status").property("status") == []
    assert all(logging_line not in t for t in texts(window))
    assert audit_actions(kiosk)[-1] == "maintenance.logout"


# --------------------------------------------------------------------------- audit to central


def test_audit_events_reach_the_real_central(qtbot, make_kiosk: MakeKiosk, tmp_path: Path):
    with running_central(tmp_path / "central", {"ALM-MAINT-01": "maintenance-secret"}) as central:
        kiosk = make_kiosk(
            KIOSK_ID="ALM-MAINT-01",
            KIOSK_SECRET="maintenance-secret",
            KIOSK_CENTRAL_URL=central.url,
        )
        enter(qtbot, kiosk)
        page(kiosk, "tests").testPrint()
        qtbot.waitUntil(lambda: page(kiosk, "tests").property("tests")["print"]["state"] == "ok")
        tap(kiosk.window, "maintenanceLeave")
        expected = audit_actions(kiosk)
        assert expected[-3:] == ["maintenance.login", "printer.test_receipt", "maintenance.logout"]
        qtbot.waitUntil(
            lambda: kiosk.journal.counts(OutboxKind.AUDIT).sent == len(expected), timeout=20_000
        )
        stored = _central_actions(central, "ALM-MAINT-01")
    assert sorted(stored) == sorted(expected)


def _central_actions(central: RunningCentral, kiosk_id: str) -> list[str]:
    rows = central.database.query(
        "SELECT e.action FROM fleet_auditevent e"
        " JOIN registry_kiosk k ON k.id = e.kiosk_id WHERE k.kiosk_id = %s",
        kiosk_id,
    )
    return [action for (action,) in rows]


# --------------------------------------------------------------------------- lockdown


class KeyProbe(QObject):
    """Records the keys that reach the window (after the application's filters)."""

    def __init__(self) -> None:
        super().__init__()
        self.keys: list[tuple[int, int]] = []

    MODIFIERS = frozenset({Qt.Key.Key_Alt, Qt.Key.Key_Control, Qt.Key.Key_Shift})

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt's name
        if event.type() == QEvent.Type.KeyPress:
            assert isinstance(event, QKeyEvent)
            if Qt.Key(event.key()) not in self.MODIFIERS:
                self.keys.append((event.key(), event.modifiers().value))
        return False


ESCAPES = [
    (Qt.Key.Key_F4, Qt.KeyboardModifier.AltModifier),
    (Qt.Key.Key_Q, Qt.KeyboardModifier.ControlModifier),
    (Qt.Key.Key_W, Qt.KeyboardModifier.ControlModifier),
    (Qt.Key.Key_Tab, Qt.KeyboardModifier.AltModifier),
    (Qt.Key.Key_Meta, Qt.KeyboardModifier.NoModifier),
    (Qt.Key.Key_Super_L, Qt.KeyboardModifier.NoModifier),
    (Qt.Key.Key_D, Qt.KeyboardModifier.MetaModifier),
    (Qt.Key.Key_F11, Qt.KeyboardModifier.NoModifier),
    (Qt.Key.Key_Escape, Qt.KeyboardModifier.NoModifier),
    (Qt.Key.Key_Backspace, Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.AltModifier),
    (Qt.Key.Key_F2, Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.AltModifier),
]


def test_escape_shortcuts_are_ignored_on_the_real_fullscreen_window(
    qtbot, make_kiosk: MakeKiosk
) -> None:
    kiosk = make_kiosk(windowed=False)
    window = kiosk.window
    assert window.visibility() == QWindow.Visibility.FullScreen
    assert window.flags() & Qt.WindowType.FramelessWindowHint
    # The cursor is hidden once the first frame is on screen (show_cursor = false).
    qtbot.waitUntil(lambda: QGuiApplication.overrideCursor() is not None)
    assert QGuiApplication.overrideCursor().shape() == Qt.CursorShape.BlankCursor
    probe = KeyProbe()
    window.installEventFilter(probe)
    for key, modifiers in ESCAPES:
        QTest.keyClick(window, key, modifiers)
    assert probe.keys == []
    blocked = kiosk.lockdown.blocked
    assert blocked >= len(ESCAPES)
    # A scanner's digits and Enter still get through.
    QTest.keyClick(window, Qt.Key.Key_1)
    QTest.keyClick(window, Qt.Key.Key_Return)
    assert [key for key, _ in probe.keys] == [Qt.Key.Key_1, Qt.Key.Key_Return]
    # No context menu, and the window refuses to close.
    menu = QContextMenuEvent(QContextMenuEvent.Reason.Mouse, QPoint(10, 10), QPoint(10, 10))
    QCoreApplication.sendEvent(window, menu)
    window.close()
    QTest.qWait(50)
    assert window.isVisible()
    assert window.visibility() == QWindow.Visibility.FullScreen
    assert kiosk.lockdown.blocked == blocked + 2
    window.removeEventFilter(probe)
