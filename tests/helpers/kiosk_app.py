"""The real kiosk application for end-to-end tests: offscreen, simulated devices."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from PySide6.QtCore import QCoreApplication

from kiosk.clock import ShiftedClock
from kiosk.config import load_config
from tests.helpers.central import RunningCentral
from tests.helpers.kiosk_cli import kiosk_environ
from tests.helpers.maintenance import set_pins
from ui.app import KioskApp, LaunchOptions


@contextmanager
def running_kiosk(
    qapp: QCoreApplication,
    tmp_path: Path,
    environ: dict[str, str] | None = None,
    size: tuple[int, int] = (1080, 1920),
    *,
    attract_only: bool = False,
    pins: bool = False,
) -> Iterator[KioskApp]:
    """The real application, offscreen (a portrait totem by default), simulated devices, its
    own data folder.

    With ``attract_only`` it starts as the ``kiosk`` command does: the attract screen is
    built and shown, and the rest waits for the event loop after the first frame. With
    ``pins`` the technician's and supervisor's PINs are set (``tests.helpers.maintenance``).
    """
    config = load_config(environ={**kiosk_environ(tmp_path), **(environ or {})})
    if pins:
        set_pins(config)
    app = KioskApp(config, LaunchOptions(windowed=True, size=size, simulated=True), ShiftedClock())
    if attract_only:
        app.build_attract(qapp)
    else:
        app.build(qapp)
    app.show()
    try:
        yield app
    finally:
        app.shutdown()


def central_environ(central: RunningCentral, kiosk_id: str, secret: str) -> dict[str, str]:
    """What makes the kiosk talk to ``central`` as ``kiosk_id``."""
    return {"KIOSK_ID": kiosk_id, "KIOSK_SECRET": secret, "KIOSK_CENTRAL_URL": central.url}
