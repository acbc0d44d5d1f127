"""``kiosk screenshots``: every screen of every flow, rendered offscreen, in both languages.

The session is driven directly (not by taps), so screens that normally flash by, such as
"printing", can be captured. Devices are simulated and data goes to a temporary folder.
"""

from __future__ import annotations

import dataclasses
import logging
import random
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path

from PySide6.QtQuick import QQuickItem

from drivers.base import PrinterStatus
from drivers.simulated import SimulatedCardReader, SimulatedPrinter, SimulatedScanner
from kiosk.clock import ShiftedClock
from kiosk.config import Config
from kiosk.identify import (
    MESSAGES,
    CardLookup,
    CardResult,
    Confirmation,
    ConfirmResult,
    ConfirmWith,
    locked_message,
)
from kiosk.processor import COUNTER_FIELD
from kiosk.security import Role, set_pin
from kiosk.services import Flow, Service
from kiosk.signing import receipt_qr_payload
from kiosk.simulate import sample_identity, sample_value
from kiosk.text import LANGUAGES
from ui.app import KioskApp, LaunchOptions, ensure_offscreen, gui_application
from ui.backends.maintenance import SCREENS
from ui.offscreen import grab, settle

log = logging.getLogger("ui.screenshots")

#: A registered card as central's lookup describes it: masked, confirmed by date of birth.
SAMPLE_CARD = CardLookup(
    CardResult.CONFIRM,
    "04A1B2C3D4E5F6",
    masked_nik="351001******0001",
    masked_name="S*** A*****",
    confirm_with=ConfirmWith.BIRTH_DATE,
)

SCREENSHOT_PIN = "24681357"


def take_screenshots(config: Config, out_dir: Path, size: tuple[int, int]) -> int:
    """Write ``<screen>_<language>.png`` for every screen; returns the exit status."""
    ensure_offscreen()
    out_dir.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="kiosk-screenshots-") as data_dir:
        # The tour's PIN and its pepper stay in the temporary folder, with everything else.
        pepper_file = str(Path(data_dir) / "etc" / "pin-pepper")
        config = dataclasses.replace(
            config,
            kiosk=dataclasses.replace(config.kiosk, data_dir=str(Path(data_dir) / "data")),
            maintenance=dataclasses.replace(config.maintenance, pepper_file=pepper_file),
        )
        clock = ShiftedClock()
        qt_app = gui_application(["kiosk"])
        kiosk = KioskApp(config, LaunchOptions(windowed=True, size=size, simulated=True), clock)
        kiosk.build(qt_app)
        kiosk.show()
        try:
            written = [
                path for language in LANGUAGES for path in _tour(kiosk, clock, language, out_dir)
            ]
        finally:
            kiosk.shutdown()
    for path in written:
        sys.stdout.write(f"{path}\n")
    sys.stdout.write(f"screenshots: {len(written)} written at {size[0]}x{size[1]}\n")
    return 0


def _tour(kiosk: KioskApp, clock: ShiftedClock, language: str, out_dir: Path) -> list[Path]:
    session = kiosk.session
    printer = kiosk.devices.printer
    assert isinstance(printer, SimulatedPrinter)
    window = kiosk.window
    assert window is not None
    written: list[Path] = []

    def shot(name: str) -> None:
        path = out_dir / f"{name}_{language}.png"
        if not grab(window).save(str(path)):
            raise OSError(f"could not write {path}")
        written.append(path)

    queue = kiosk.services[0]
    counter = queue.counters[0].code

    def take_number(fail_print: bool) -> None:
        session.start()
        session.set_language(language)
        session.choose_service(queue)
        session.set_field(COUNTER_FIELD, counter)
        request = session.submit()
        if not fail_print:
            shot("submit")
        session.submitted(kiosk.processor.commit(request))
        if not fail_print:
            shot("print")
        else:
            printer.set_fail_next("simulated paper jam")
        result = kiosk.processor.print_receipt(request)
        session.printed(result.ok, result.detail)
        shot("done_print_failed" if fail_print else "done")
        if not fail_print:
            kiosk.accessibility_backend.setLargeText(True)
            shot("done_large_text")
        session.end()

    session.set_language(language)
    shot("attract")
    session.start()
    session.set_language(language)
    shot("home")
    printer.set_status(PrinterStatus.PAPER_OUT)
    shot("home_paper_out")
    printer.set_status(PrinterStatus.ONLINE)
    access = kiosk.accessibility_backend
    access.setLargeText(True)
    shot("home_large_text")
    access.setLargeText(False)
    access.setHighContrast(True)
    shot("home_high_contrast")
    access.setHighContrast(False)
    session.choose_service(queue)
    shot("queue_counter")
    clock.advance(kiosk.config.ui.idle_seconds)
    session.tick()
    shot("idle_warning")
    session.end()
    take_number(fail_print=False)
    take_number(fail_print=True)
    session.set_out_of_service("screenshots")
    session.set_language(language)
    shot("out_of_service")
    session.restore_service()
    _services_tour(kiosk, shot, language)
    _identify_and_status_tour(kiosk, shot, language)
    _maintenance_tour(kiosk, language, shot)
    return written


def _services_tour(kiosk: KioskApp, shot: Callable[[str], None], language: str) -> None:
    """Every step, the review and the done screen of each form service; information pages."""
    session = kiosk.session
    rng = random.Random(7)
    today = kiosk.clock.now().date()
    for service in kiosk.services:
        if service.flow not in (Flow.FORM, Flow.INFORMATION):
            continue
        session.start()
        session.set_language(language)
        session.choose_service(service)
        if service.flow is Flow.INFORMATION:
            shot(f"{service.id}_pages")
            assert kiosk.window is not None
            screen = _find_item(kiosk.window.contentItem(), "informationScreen")
            if screen is None:
                raise RuntimeError("the information screen did not load")
            screen.setProperty("showBudget", True)
            shot(f"{service.id}_budget")
            session.end()
            continue
        if service.asks_identity:
            session.identified(sample_identity(rng, today))
        session.next_step()
        shot(f"{service.id}_errors")
        for index, step in enumerate(service.steps):
            for item in step.fields:
                session.set_field(item.name, sample_value(item, rng, today))
            shot(f"{service.id}_step{index + 1}")
            session.next_step()
        shot(f"{service.id}_review")
        request = session.submit()
        session.submitted(kiosk.processor.commit(request))
        result = kiosk.processor.print_receipt(request)
        session.printed(result.ok, result.detail)
        shot(f"{service.id}_done")
        session.end()


def _identify_and_status_tour(kiosk: KioskApp, shot: Callable[[str], None], language: str) -> None:
    """The identify step (choice, NIK pad, card confirmation, reader down) and the status check."""
    session, identify = kiosk.session, kiosk.identify_backend
    letter = next(s for s in kiosk.services if s.requires_identity)
    complaint = next(s for s in kiosk.services if s.asks_identity and not s.requires_identity)
    status = next(s for s in kiosk.services if s.flow is Flow.STATUS_CHECK)
    reader = kiosk.devices.card_reader
    assert isinstance(reader, SimulatedCardReader)

    def open_service(service: Service) -> None:
        session.start()
        session.set_language(language)
        session.choose_service(service)

    open_service(letter)
    shot("identify")
    identify.typeNik()
    for digit in "3510013202900001":
        identify.digit(digit)
    identify.submit()
    shot("identify_nik_invalid")
    identify.preview_card(SAMPLE_CARD)
    shot("identify_card_confirm")
    for part, delta in (("year", -10), ("year", -4), ("month", 5), ("day", 16)):
        identify.stepBirthDate(part, delta)
    shot("identify_card_date_chosen")
    identify.preview_confirmation(
        Confirmation(ConfirmResult.WRONG, MESSAGES["wrong_birth_date"], "screenshots")
    )
    shot("identify_card_wrong_date")
    identify.preview_card(dataclasses.replace(SAMPLE_CARD, confirm_with=ConfirmWith.PIN))
    for digit in "2468":
        identify.digit(digit)
    shot("identify_card_pin")
    identify.preview_confirmation(
        Confirmation(ConfirmResult.LOCKED, locked_message(900), "screenshots")
    )
    shot("identify_card_locked")
    session.end()
    reader.set_available(False, "screenshots")
    open_service(complaint)
    shot("identify_reader_unavailable_anonymous_allowed")
    reader.set_available(True)
    session.end()
    open_service(status)
    shot("status_check")
    kiosk.scan_router.route(b"https://example.com", "screenshots")
    shot("status_check_scan_not_recognised")
    kiosk.scan_router.dismissNotice()
    issued = kiosk.journal.entries(issued_only=True)[0]
    secret = kiosk.config.central.secret
    kiosk.scan_router.route(receipt_qr_payload(secret, issued.reference), "screenshots")
    _settle_until(lambda: kiosk.status_backend.phase == "answer")
    shot("status_check_answer")
    session.end()


def _maintenance_tour(kiosk: KioskApp, language: str, shot: Callable[[str], None]) -> None:
    """Every maintenance screen, entered with a PIN set for the tour (temporary data folder)."""
    maintenance = kiosk.maintenance_backend
    kiosk.session.set_language(language)
    set_pin(kiosk.config, Role.TECHNICIAN, SCREENSHOT_PIN)
    log.warning("Sample log line with a NIK 3171015708900001, masked on screen")
    for _ in range(kiosk.config.maintenance.gesture_taps):
        maintenance.cornerTapped()
    shot("maintenance_pin")
    maintenance.submitPin("000000")
    shot("maintenance_pin_wrong")
    maintenance.submitPin(SCREENSHOT_PIN)
    for screen in SCREENS:
        maintenance.showScreen(screen)
        shot(f"maintenance_{screen}")
    maintenance.showScreen("tests")
    maintenance.testPrint()
    maintenance.testCard()
    maintenance.testScan()
    reader, scanner = kiosk.devices.card_reader, kiosk.devices.scanner
    assert isinstance(reader, SimulatedCardReader) and isinstance(scanner, SimulatedScanner)
    reader.present_card(bytes.fromhex("04A1B2C3D4E5F6"))
    reader.remove_card()
    scanner.scan("ALM-DEV-01/20261123/K1-A001")
    _settle_until(lambda: maintenance.property("tests")["print"]["state"] != "waiting")
    shot("maintenance_tests_done")
    maintenance.leave()


def _find_item(root: QQuickItem, object_name: str) -> QQuickItem | None:
    """The visual descendant named ``object_name`` (Loader items are not QObject children)."""
    if root.objectName() == object_name:
        return root
    for child in root.childItems():
        found = _find_item(child, object_name)
        if found is not None:
            return found
    return None


def _settle_until(condition: Callable[[], bool], timeout_ms: int = 5000) -> None:
    for _ in range(timeout_ms // 50):
        if condition():
            return
        settle(50)
