"""``kiosk --self-test``: the checks an installer runs before leaving a kiosk, one line each.

It builds the real application from the real configuration (real devices where the
config names them), renders the first frame offscreen, and exits 0 only if all pass.
"""

from __future__ import annotations

import importlib
import sys
import tempfile
from dataclasses import dataclass
from typing import TextIO

from PySide6.QtCore import QUrl
from PySide6.QtQml import QQmlComponent, QQmlEngine

from kiosk.config import Config
from kiosk.health import Health, health_of
from kiosk.lifecycle import ConfigurationError
from ui.app import (
    QML_DIR,
    QML_MODULE,
    KioskApp,
    LaunchOptions,
    StartupError,
    ensure_offscreen,
    gui_application,
)
from ui.offscreen import grab, is_blank

FIRST_FRAME_SIZE = (1080, 1920)
# Qt's QML modules the screens import (or are about to); a bundle that lost one fails here,
# not when a citizen first opens the screen that needs it (screens load lazily).
QT_QML_IMPORTS = (
    "QtQuick",
    "QtQuick.Controls.Basic",
    "QtQuick.Layouts",
    "QtQuick.VirtualKeyboard",
    "QtTextToSpeech",
)

# Imported on first use (a device's scheme, the first NIK, the first QR): a bundle that lost
# one fails here, not when a technician plugs in a real printer, reader or scanner.
LAZY_MODULES = (
    "drivers.escpos_printer",
    "drivers.pcsc_reader",
    "drivers.serial_scanner",
    "drivers.receipt_png",
    "requests",
    "stdnum.id.nik",
    "qrcode",
)
LINUX_MODULES = ("drivers.hid_scanner", "evdev")
#: A cups:// document printer: pycups, and through it the system's libcups.
CUPS_MODULES = ("cups", "drivers.cups_printer")


@dataclass(frozen=True)
class Check:
    """One line of the report."""

    name: str
    ok: bool
    detail: str

    def line(self) -> str:
        """``ok`` or ``FAIL``, the check's name, and what was found."""
        return f"{'ok  ' if self.ok else 'FAIL'} {self.name}: {self.detail}"


def run_self_test(config: Config, out: TextIO) -> int:
    """Run every check, print one line per check, and return 0 only if all passed."""
    ensure_offscreen()
    checks: list[Check] = []

    def report(check: Check) -> None:
        checks.append(check)
        out.write(check.line() + "\n")
        out.flush()

    report(Check("config", True, ", ".join(config.sources) or "defaults"))
    qt_app = gui_application(["kiosk"])
    kiosk = KioskApp(config, LaunchOptions(windowed=True, size=FIRST_FRAME_SIZE))
    try:
        kiosk.build(qt_app)
    except StartupError as error:
        report(Check("startup", False, str(error)))
        kiosk.shutdown()
        # A bad setting or data file is the technician's to fix: exit 2, as for --check-config.
        return 2 if isinstance(error, ConfigurationError) else 1
    try:
        report(_data_folder(kiosk))
        for device in kiosk.devices.all():
            # The same health the maintenance screen and the heartbeat show.
            report(
                Check(
                    device.kind.replace("_", " "),
                    health_of(device.status) is not Health.ERROR,
                    f"{device.status.value} ({device.description})",
                )
            )
        report(
            Check(
                "services",
                bool(kiosk.services),
                f"{len(kiosk.services)} loaded: {', '.join(s.id for s in kiosk.services)}",
            )
        )
        report(Check("translations", kiosk.languages.available("en"), "English (kiosk_en.qm)"))
        assert kiosk.engine is not None
        report(_qml_components(kiosk.engine))
        report(_device_libraries(config))
        sync = kiosk.core.sync
        if sync is not None:
            sync.heartbeat()
            state = sync.state
            detail = (
                f"{sync.client.settings.url} answered; clock offset {state.clock_offset:+.0f} s"
                if state.online
                else f"{sync.client.settings.url}: {state.last_error}"
            )
            report(Check("central", state.online, detail))
        kiosk.show()
        assert kiosk.window is not None
        image = grab(kiosk.window)
        report(
            Check(
                "first frame",
                not is_blank(image),
                f"{image.width()}x{image.height()} rendered by {qt_app.platformName()}",
            )
        )
    finally:
        kiosk.shutdown()
    failed = [check.name for check in checks if not check.ok]
    out.write(f"self-test: {len(checks) - len(failed)} passed, {len(failed)} failed\n")
    return 1 if failed else 0


def _qml_components(engine: QQmlEngine) -> Check:
    """Every component of the Kiosk module compiles, and Qt's QML modules we need are there."""
    names = [
        line.split()[0]
        for line in (QML_DIR / QML_MODULE / "qmldir").read_text(encoding="utf-8").splitlines()
        if line.endswith(".qml") and not line.startswith("singleton")
    ]
    errors: list[str] = []
    for name in names:
        component = QQmlComponent(engine)
        component.loadFromModule(QML_MODULE, name)
        errors.extend(error.toString() for error in component.errors())
    probe = QQmlComponent(engine)
    source = "".join(f"import {module}\n" for module in QT_QML_IMPORTS) + "QtObject {}\n"
    probe.setData(source.encode("utf-8"), QUrl("selftest-imports.qml"))
    errors.extend(error.toString() for error in probe.errors())
    if errors:
        return Check("qml", False, "; ".join(errors))
    return Check(
        "qml", True, f"{len(names)} Kiosk components compile; {', '.join(QT_QML_IMPORTS)} found"
    )


def _device_libraries(config: Config) -> Check:
    """Every driver's library imports, and pyusb finds libusb for ``usb://`` printers.

    pycups (and with it the system's libcups, which the bundle does not carry) is
    checked when a ``cups://`` document printer is configured.
    """
    names = LAZY_MODULES + (LINUX_MODULES if sys.platform == "linux" else ())
    if config.document_printer.uri.startswith("cups://"):
        names += CUPS_MODULES
    missing: list[str] = []
    for name in names:
        try:
            importlib.import_module(name)
        except ImportError as error:
            missing.append(f"{name} ({error})")
    import usb.backend.libusb1  # after the loop: pyusb comes with drivers.escpos_printer

    if usb.backend.libusb1.get_backend() is None:
        missing.append("libusb-1.0 (pyusb found no backend: apt install libusb-1.0-0)")
    if missing:
        return Check("device libraries", False, "cannot load " + "; ".join(missing))
    return Check("device libraries", True, f"{len(names)} modules and libusb-1.0 load")


def _data_folder(kiosk: KioskApp) -> Check:
    try:
        with tempfile.NamedTemporaryFile(dir=kiosk.data_dir, prefix=".selftest-"):
            pass
    except OSError as error:
        return Check("data folder", False, f"{kiosk.data_dir}: {error.strerror}")
    return Check("data folder", True, f"{kiosk.data_dir} is writable")
