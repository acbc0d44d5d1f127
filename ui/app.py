"""The composition root: builds store, drivers, session and UI in order; tears down in reverse.

Like qutebrowser's ``app.py``, every step is logged and there are no module-level
singletons: everything the UI needs is built here and handed over.
"""

from __future__ import annotations

import functools
import logging
import os
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QEvent, QObject, Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtQml import QQmlApplicationEngine, QQmlEngine, qmlRegisterSingletonType
from PySide6.QtQuick import QQuickWindow

from drivers.base import Devices
from kiosk.clock import Clock, SystemClock
from kiosk.config import Config
from kiosk.core import Core, StartupError, Teardown
from kiosk.journal import Journal
from kiosk.processor import Processor
from kiosk.services import Service
from kiosk.session import Session, Timing
from ui.backends.devices import DevicesBackend
from ui.backends.qrimage import PROVIDER_ID, QrImageProvider
from ui.backends.session import SessionBackend
from ui.backends.sync import SyncBackend
from ui.eventbridge import EventBridge
from ui.i18n import LanguageSwitcher

log = logging.getLogger("ui.app")

QML_DIR = Path(__file__).resolve().parent / "qml"
QML_MODULE = "Kiosk"
BACKEND_URI = "KioskBackend"
DEFAULT_WINDOW_SIZE = (720, 1280)


@dataclass(frozen=True)
class LaunchOptions:
    """How this run differs from a production start."""

    demo: bool = False
    windowed: bool = False
    size: tuple[int, int] | None = None
    simulated: bool = False


class ActivityFilter(QObject):
    """Tells the session about every touch, click or key press, so idle restarts."""

    def __init__(self, on_activity: Callable[[], None], parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._on_activity = on_activity

    _ACTIVITY = frozenset(
        {QEvent.Type.MouseButtonPress, QEvent.Type.TouchBegin, QEvent.Type.KeyPress}
    )

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        """Note the activity and let the event through."""
        if event.type() in self._ACTIVITY:
            self._on_activity()
        return False


class KioskApp:
    """One kiosk run: the Qt-free core plus the Qt parts, shut down in reverse order."""

    def __init__(self, config: Config, options: LaunchOptions, clock: Clock | None = None) -> None:
        self.config = config
        self.options = options
        self.clock = clock or SystemClock()
        self.core = Core(config, self.clock, simulated=options.demo or options.simulated)
        self._teardown = Teardown()
        self.engine: QQmlApplicationEngine | None = None
        self.window: QQuickWindow | None = None

    def build(self, qt_app: QCoreApplication) -> None:
        """Build every part; raises StartupError with an exact reason on failure."""
        config = self.config
        core = self.core
        self._teardown.add("core", core.shutdown)
        core.build()
        self.bridge = EventBridge()
        for device in core.devices.all():
            device.subscribe(self.bridge.post)
        self.session = Session(
            self.clock,
            Timing(
                idle=config.ui.idle_seconds,
                warning=config.ui.idle_warning_seconds,
                done=config.ui.done_seconds,
            ),
            default_language=config.kiosk.language,
        )
        self.languages = LanguageSwitcher(qt_app)
        self.session_backend = SessionBackend(
            self.session,
            core.services,
            core.pages,
            core.processor,
            self.languages,
            config.kiosk.name,
            config.kiosk.office,
            config.ui.attract_slide_seconds,
        )
        self._teardown.add("session worker", self.session_backend.shutdown)
        self.devices_backend = DevicesBackend(core.devices, demo=self.options.demo)
        self.sync_backend = SyncBackend(
            enabled=core.sync is not None, queued=core.journal.counts().queued
        )
        self.bridge.event.connect(self.session_backend.on_device_event)
        self.bridge.event.connect(self.devices_backend.on_device_event)
        self.bridge.event.connect(self.sync_backend.on_event)
        self.activity = ActivityFilter(self.session.activity)
        qt_app.installEventFilter(self.activity)
        core.start_devices()
        core.start_sync(self.bridge.post)
        self._load_qml()

    @property
    def devices(self) -> Devices:
        """The adapters the core built."""
        return self.core.devices

    @property
    def journal(self) -> Journal:
        """The journal and outbox."""
        return self.core.journal

    @property
    def services(self) -> tuple[Service, ...]:
        """The services on the home grid."""
        return self.core.services

    @property
    def processor(self) -> Processor:
        """Commits and prints requests."""
        return self.core.processor

    @property
    def data_dir(self) -> Path:
        """The data folder in use."""
        return self.core.data_dir

    def show(self) -> None:
        """Show the window: fullscreen and frameless in production, a plain window otherwise."""
        window = self._window()
        if self.options.windowed or not self.config.ui.fullscreen:
            width, height = self.options.size or DEFAULT_WINDOW_SIZE
            window.resize(width, height)
            window.show()
        else:
            window.setFlag(Qt.WindowType.FramelessWindowHint, True)
            window.showFullScreen()
        if not self.config.ui.show_cursor and not self.options.windowed:
            window.setCursor(Qt.CursorShape.BlankCursor)
        log.info("Window shown (%dx%d)", window.width(), window.height())

    def shutdown(self) -> None:
        """Tear down in reverse order of building; every step is attempted."""
        # The engine goes first, while the backends its bindings point at are still alive.
        self.engine = None
        self._teardown.run()

    def _window(self) -> QQuickWindow:
        if self.window is None:
            raise StartupError("the QML window was not created")
        return self.window

    def _load_qml(self) -> None:
        register_backend_singletons()
        engine = QQmlApplicationEngine()
        engine.setProperty(_backend_property("Session"), self.session_backend)
        engine.setProperty(_backend_property("Devices"), self.devices_backend)
        engine.setProperty(_backend_property("Sync"), self.sync_backend)
        engine.addImageProvider(PROVIDER_ID, QrImageProvider())
        engine.addImportPath(str(QML_DIR))
        self.languages.attach(engine)
        warnings: list[str] = []
        engine.warnings.connect(lambda errors: warnings.extend(e.toString() for e in errors))
        engine.loadFromModule(QML_MODULE, "Main")
        roots = engine.rootObjects()
        if not roots or not isinstance(roots[0], QQuickWindow):
            raise StartupError("QML failed to load: " + "; ".join(warnings or ["no root window"]))
        for warning in warnings:
            log.warning("QML: %s", warning)
        self.engine = engine
        self.window = roots[0]
        log.info("QML module %s loaded from %s", QML_MODULE, QML_DIR)


_SINGLETONS: dict[str, type[QObject]] = {
    "Session": SessionBackend,
    "Devices": DevicesBackend,
    "Sync": SyncBackend,
}


def _backend_property(name: str) -> str:
    return f"kioskBackend{name}"


def _provide_backend(name: str) -> Callable[[QQmlEngine], QObject]:
    def provide(engine: QQmlEngine) -> QObject:
        backend = engine.property(_backend_property(name))
        if not isinstance(backend, _SINGLETONS[name]):
            raise StartupError(f"no {name} backend set on this QML engine")
        QQmlEngine.setObjectOwnership(backend, QQmlEngine.ObjectOwnership.CppOwnership)
        return backend

    return provide


@functools.cache
def register_backend_singletons() -> None:
    """Register the QML singletons once per process; each engine supplies its own instances.

    Qt's type registry is process-wide and re-registering a singleton breaks engines
    created afterwards, so the instances travel as properties of the engine that asks.
    """
    for name, backend_type in _SINGLETONS.items():
        qmlRegisterSingletonType(backend_type, BACKEND_URI, 1, 0, name, _provide_backend(name))


def ensure_offscreen() -> None:
    """Render without a screen (self-test, screenshots) unless a platform was chosen."""
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")


def gui_application(argv: list[str]) -> QGuiApplication:
    """The running application, created once; tests may have made one already."""
    existing = QGuiApplication.instance()
    if isinstance(existing, QGuiApplication):
        return existing
    QGuiApplication.setApplicationName("kiosk")
    QGuiApplication.setOrganizationName("Anjungan Layanan Mandiri")
    return QGuiApplication(argv)
