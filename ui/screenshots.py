"""``kiosk screenshots``: every screen of every flow, rendered offscreen, in both languages.

The session is driven directly (not by taps), so screens that normally flash by, such as
"printing", can be captured. Devices are simulated and data goes to a temporary folder.
"""

from __future__ import annotations

import dataclasses
import logging
import sys
import tempfile
from pathlib import Path

from drivers.base import PrinterStatus
from drivers.simulated import SimulatedPrinter
from kiosk.clock import ShiftedClock
from kiosk.config import Config
from kiosk.processor import COUNTER_FIELD
from kiosk.text import LANGUAGES
from ui.app import KioskApp, LaunchOptions, ensure_offscreen, gui_application
from ui.offscreen import grab

log = logging.getLogger("ui.screenshots")


def take_screenshots(config: Config, out_dir: Path, size: tuple[int, int]) -> int:
    """Write ``<screen>_<language>.png`` for every screen; returns the exit status."""
    ensure_offscreen()
    out_dir.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="kiosk-screenshots-") as data_dir:
        config = dataclasses.replace(
            config, kiosk=dataclasses.replace(config.kiosk, data_dir=data_dir)
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
        session.end()

    session.set_language(language)
    shot("attract")
    session.start()
    session.set_language(language)
    shot("home")
    printer.set_status(PrinterStatus.PAPER_OUT)
    shot("home_paper_out")
    printer.set_status(PrinterStatus.ONLINE)
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
    return written
