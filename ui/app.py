"""The composition root: builds store, drivers, session and UI in order; tears down in reverse.

Like qutebrowser's ``app.py``, every step is logged and there are no module-level
singletons: everything the UI needs is built here and handed over.
"""

from __future__ import annotations

import functools
import importlib
import logging
import os
import threading
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from PySide6 import QtCore
from PySide6.QtCore import QCoreApplication, QEvent, QObject
from PySide6.QtGui import QCursor, QGuiApplication, QKeyEvent
from PySide6.QtQml import QQmlApplicationEngine, QQmlEngine, qmlRegisterSingletonType
from PySide6.QtQuick import QQuickWindow

from drivers.base import Devices, DocumentPrinterStatus
from kiosk.audit import AuditLog
from kiosk.clock import Clock, SystemClock
from kiosk.config import Config
from kiosk.core import Core, StartupError, Teardown
from kiosk.issuing import Issuer
from kiosk.journal import Journal
from kiosk.logs import recent_logs
from kiosk.maintenance import (
    EXIT_RESTART,
    EXIT_TO_DESKTOP,
    SCREENS,
    DeviceChecks,
    MaintenanceActions,
    MaintenanceMode,
)
from kiosk.processor import Processor
from kiosk.scan_routing import ScanRouter
from kiosk.security import SecurityError, authenticator_for
from kiosk.services import Service
from ui.backends.accessibility import AccessibilityBackend, OutcomeReceipts
from ui.backends.devices import DevicesBackend
from ui.backends.form import FormBackend
from ui.backends.identify import IdentifyBackend
from ui.backends.maintenance.actions import ActionsPage
from ui.backends.maintenance.logs import LogsPage
from ui.backends.maintenance.mode import MaintenanceBackend, MaintenancePage
from ui.backends.maintenance.outbox import OutboxPage
from ui.backends.maintenance.receipts import ReceiptsPage
from ui.backends.maintenance.settings import ConfigPage
from ui.backends.maintenance.status import StatusPage
from ui.backends.maintenance.tests import TestsPage
from ui.backends.pickup import PREVIEW_PROVIDER_ID, LetterPreviewProvider, PickupBackend
from ui.backends.qrimage import PROVIDER_ID, QrImageProvider
from ui.backends.scans import ScanNotices
from ui.backends.session import SessionBackend
from ui.backends.status import StatusBackend
from ui.backends.sync import SyncBackend
from ui.backends.worker import QtRunner
from ui.eventbridge import EventBridge
from ui.first_frame import FirstFrame
from ui.i18n import LanguageSwitcher
from ui.watchdog import Watchdog
from ui.wedge import KeyboardWedge

log = logging.getLogger("ui.app")

QML_DIR = Path(__file__).resolve().parent / "qml"
QML_MODULE = "Kiosk"
BACKEND_URI = "KioskBackend"
DEFAULT_WINDOW_SIZE = (720, 1280)
#: Imported on a background thread after the first frame: the GUI thread needs them at a
#: citizen's first QR code (done screen) and first NIK check, and would stall there.
WARM_UP_MODULES = ("qrcode", "stdnum.id.nik", "stdnum.numdb")


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


class LockdownFilter(QObject):
    """Keeps citizens inside the kiosk: no close, quit, switch or fullscreen-leaving keys.

    Installed on the application, so it sees every key before any window or QML item. Keys
    a citizen's hardware can send (a scanner's digits and Enter) pass; context menus never
    open; with ``block_close`` (production) the window refuses to close.
    """

    def __init__(self, *, block_close: bool, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.block_close = block_close
        self.blocked = 0

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        """Swallow escape shortcuts, context menus and (in production) window closes."""
        kind = event.type()
        if kind in (QEvent.Type.KeyPress, QEvent.Type.KeyRelease, QEvent.Type.ShortcutOverride):
            assert isinstance(event, QKeyEvent)
            if self.is_escape(event):
                self.blocked += kind is QEvent.Type.KeyPress
                event.accept()
                return True
        elif kind is QEvent.Type.ContextMenu:
            self.blocked += 1
            return True
        elif kind is QEvent.Type.Close and self.block_close and isinstance(watched, QQuickWindow):
            log.warning("Refused to close the kiosk window")
            self.blocked += 1
            event.ignore()
            return True
        return False

    @staticmethod
    def is_escape(event: QKeyEvent) -> bool:
        """Whether this key (with its modifiers) could take a citizen out of the kiosk."""
        keys = escape_keys()
        key = QtCore.Qt.Key(event.key())
        modifier = QtCore.Qt.KeyboardModifier
        modifiers = event.modifiers()
        if key in keys.window or modifiers & modifier.MetaModifier:
            return True
        control = bool(modifiers & modifier.ControlModifier)
        alt = bool(modifiers & modifier.AltModifier)
        if control and alt:
            return True  # Ctrl+Alt+Backspace, Ctrl+Alt+Del, Ctrl+Alt+F1..F12
        return (control and key in keys.with_control) or (alt and key in keys.with_alt)


@dataclass(frozen=True)
class EscapeKeys:
    """Keys that leave a window alone, or with Ctrl or with Alt held."""

    window: frozenset[QtCore.Qt.Key]
    with_control: frozenset[QtCore.Qt.Key]
    with_alt: frozenset[QtCore.Qt.Key]


@functools.cache
def escape_keys() -> EscapeKeys:
    """The lockdown's keys, built after the first frame rather than at import.

    PySide6 creates all of ``Qt``'s enums (about 40 ms) the first time ``Qt`` is used,
    which would delay the first frame; the module imports ``QtCore`` for that reason.
    """
    key = QtCore.Qt.Key
    return EscapeKeys(
        window=frozenset(
            {
                key.Key_Escape,
                key.Key_F11,
                key.Key_Meta,
                key.Key_Super_L,
                key.Key_Super_R,
                key.Key_Menu,
                key.Key_Close,
                key.Key_Launch0,
            }
        ),
        with_control=frozenset({key.Key_Q, key.Key_W, key.Key_Escape, key.Key_Tab}),
        with_alt=frozenset(
            {key.Key_F4, key.Key_Tab, key.Key_Backtab, key.Key_Escape, key.Key_Space}
        ),
    )


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
        self.watchdog: Watchdog | None = None
        self._first_frame: FirstFrame | None = None

    def build(self, qt_app: QCoreApplication) -> None:
        """Build every part; raises StartupError with an exact reason on failure."""
        config = self.config
        core = self.core
        self._teardown.add("core", core.shutdown)
        # Commit and print run here, one at a time; their results come back to this thread.
        self.issue_runner = QtRunner("issue")
        core.build(self.issue_runner)
        self._teardown.add("issue worker", self.issue_runner.shutdown)
        self.bridge = EventBridge()
        for device in core.devices.all():
            device.subscribe(self.bridge.post)
        self.session = core.new_session()
        self.languages = LanguageSwitcher(qt_app)
        self._teardown.add("translator", self.languages.detach)
        self.session_backend = SessionBackend(
            self.session,
            core.catalog_keeper,
            core.issuer,
            self.languages,
            config.kiosk.name,
            config.kiosk.office,
            config.ui.attract_slide_seconds,
            officer=config.kiosk.officer,
            document_printer=core.devices.document_printer_status,
        )
        self._teardown.add("session ticks", self.session_backend.shutdown)
        self.form_backend = FormBackend(self.session, self.session_backend, self.clock)
        core.on_catalog = self.bridge.post  # a new central catalog, re-posted to the GUI thread
        self.devices_backend = DevicesBackend(core.devices, demo=self.options.demo)
        self.sync_backend = SyncBackend(
            enabled=core.sync is not None, queued=core.journal.counts().queued
        )
        self.accessibility_backend = AccessibilityBackend(
            self.session_backend,
            self.session,
            OutcomeReceipts(core.processor, core.journal, self.session),
        )
        self._teardown.add("speech", self.accessibility_backend.shutdown)
        self._build_lookups()
        self.bridge.event.connect(self.session_backend.on_device_event)
        self.bridge.event.connect(self.devices_backend.on_device_event)
        self.bridge.event.connect(self.sync_backend.on_event)
        self.activity = ActivityFilter(self.session.activity)
        qt_app.installEventFilter(self.activity)
        self._install_wedge(qt_app)
        self.maintenance_backend = self._build_maintenance(qt_app)
        core.start_devices()
        core.start_sync(self.bridge.post)
        self._load_qml()

    def _build_lookups(self) -> None:
        """Identify, status check and scan routing: where a citizen's card or QR leads."""
        core, session, events = self.core, self.session, self.session_backend
        self.identify_backend = IdentifyBackend(
            session,
            core.identifier,
            self.clock,
            lambda uid: self.maintenance_backend.cardTapped(uid),
        )
        self.status_backend = StatusBackend(session, core.status_checker)
        self.pickup_backend = PickupBackend(session, core.pickup, core.identifier)
        self.scan_router = ScanRouter(
            session,
            core.catalog_keeper,
            core.journal,
            core.issuer,
            kiosk_id=self.config.kiosk.id,
            secret=self.config.central.secret,
            look_up=self.status_backend.look_up,
            identify=self.identify_backend.preregistration,
            in_maintenance=lambda: bool(self.maintenance_backend.active),
            pickup=self.pickup_backend.look_up,
        )
        self.scan_notices = ScanNotices(session, self.scan_router)
        for name, backend in (
            ("identify", self.identify_backend),
            ("status", self.status_backend),
            ("pickup", self.pickup_backend),
        ):
            self._teardown.add(f"{name} worker", backend.shutdown)
            events.screenChanged.connect(backend.on_session_changed)
            events.languageChanged.connect(backend.on_session_changed)
        events.screenChanged.connect(self.scan_notices.on_session_changed)
        events.languageChanged.connect(self.scan_notices.noticeChanged)
        self.bridge.event.connect(self.identify_backend.on_device_event)
        self.bridge.event.connect(self.pickup_backend.on_device_event)
        self.bridge.event.connect(self.scan_notices.on_device_event)

    def _install_wedge(self, qt_app: QCoreApplication) -> None:
        """Keyboard-wedge scanners type their scans; the wedge tells them from a person."""
        wedge = KeyboardWedge()
        wedge.scanned.connect(self.scan_notices.scanned)
        qt_app.installEventFilter(wedge)

        def remove() -> None:
            qt_app.removeEventFilter(wedge)
            wedge.flush()

        self._teardown.add("keyboard wedge", remove)
        self.wedge = wedge

    def _build_maintenance(self, qt_app: QCoreApplication) -> MaintenanceBackend:
        """Maintenance mode (PIN, audit trail, one backend per screen) and the kiosk lockdown."""
        core, config, clock = self.core, self.config, self.clock
        try:
            authenticator = authenticator_for(config, clock)
        except (SecurityError, OSError) as error:
            raise StartupError(f"maintenance PIN files: {error}") from error
        model = MaintenanceMode(config, clock, AuditLog(core.journal, clock), authenticator)
        mode = MaintenanceBackend(model, config.maintenance.gesture_corner)
        self._teardown.add("maintenance worker", mode.shutdown)
        status = StatusPage(
            mode,
            config=config,
            clock=clock,
            devices=core.devices,
            journal=core.journal,
            data_dir=core.data_dir,
        )
        tests = TestsPage(
            mode,
            DeviceChecks(config, clock, model),
            core.devices.printer,
            document_printer=core.devices.document_printer
            if core.devices.document_printer_status is not DocumentPrinterStatus.NOT_CONFIGURED
            else None,
        )
        actions = MaintenanceActions(
            reload_catalog=self._reload_catalog,
            restart=lambda: qt_app.exit(EXIT_RESTART),
            exit_to_desktop=lambda: qt_app.exit(EXIT_TO_DESKTOP),
        )
        pages: tuple[MaintenancePage, ...] = (
            status,
            tests,
            OutboxPage(mode, journal=core.journal, clock=clock, data_dir=core.data_dir),
            ReceiptsPage(
                mode,
                journal=core.journal,
                issuer=core.issuer,
                dot_width=core.devices.printer.dot_width,
            ),
            LogsPage(mode, recent_logs()),
            ConfigPage(mode, config),
            ActionsPage(mode, actions),
        )
        #: Each maintenance screen's backend, by screen name.
        self.maintenance_pages = dict(zip(SCREENS, pages, strict=True))
        self.bridge.event.connect(status.on_event)
        self.bridge.event.connect(tests.on_event)
        self.maintenance_activity = ActivityFilter(mode.activity)
        qt_app.installEventFilter(self.maintenance_activity)
        self.lockdown = LockdownFilter(block_close=not self.options.windowed)
        qt_app.installEventFilter(self.lockdown)
        return mode

    def _reload_catalog(self) -> bool:
        if self.core.sync is None:
            return False
        self.core.sync.request_catalog()
        return True

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
    def issuer(self) -> Issuer:
        """Submit, commit, print and deliver; reprints."""
        return self.core.issuer

    @property
    def data_dir(self) -> Path:
        """The data folder in use."""
        return self.core.data_dir

    def show(self) -> None:
        """Show the window: fullscreen and frameless in production, a plain window otherwise."""
        window = self._window()
        self.watchdog = Watchdog.from_environment()
        if self.watchdog is not None:
            self.watchdog.start(window, lambda: self.session.screen.value)
            self._teardown.add("watchdog", self.watchdog.stop)
        if self.options.windowed or not self.config.ui.fullscreen:
            width, height = self.options.size or DEFAULT_WINDOW_SIZE
            window.resize(width, height)
            window.show()
        else:
            window.setProperty("frameless", True)  # Main.qml's flags; Python's Qt enums wait
            window.showFullScreen()
        # Connected after the watchdog's, so READY=1 goes out before the warm-up starts.
        self._first_frame = FirstFrame(window, self._after_first_frame)
        log.info("Window shown (%dx%d)", window.width(), window.height())

    def _after_first_frame(self) -> None:
        """Work that can wait until a citizen sees the kiosk: it does not delay the first frame.

        On the GUI thread: the cursor is hidden and the lockdown's keys are built (both
        need Python's ``Qt`` enums). On a background thread, the certified-reader plugins
        are looked up (and any broken one logged; a card tapped before that finishes waits
        for it) and the modules in ``WARM_UP_MODULES`` are imported.
        """
        if not self.config.ui.show_cursor and not self.options.windowed:
            # Application-wide: Qt Quick resets a window's own cursor as items are hovered.
            QGuiApplication.setOverrideCursor(QCursor(QtCore.Qt.CursorShape.BlankCursor))
            self._teardown.add("cursor", QGuiApplication.restoreOverrideCursor)
        escape_keys()
        threading.Thread(target=self._warm_up, name="warm-up", daemon=True).start()

    def _warm_up(self) -> None:
        self.core.identifier.load_plugins()
        for name in WARM_UP_MODULES:
            try:
                importlib.import_module(name)
            except ImportError as error:  # a broken install: the first use reports it too
                log.error("Cannot import %s: %s", name, error)
        log.info("Warmed up after the first frame")

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
        engine = QQmlApplicationEngine()
        engine.setProperty(_backend_property("Session"), self.session_backend)
        engine.setProperty(_backend_property("Devices"), self.devices_backend)
        engine.setProperty(_backend_property("Sync"), self.sync_backend)
        engine.setProperty(_backend_property("Form"), self.form_backend)
        engine.setProperty(_backend_property("Accessibility"), self.accessibility_backend)
        engine.setProperty(_backend_property("Maintenance"), self.maintenance_backend)
        engine.setProperty(_backend_property("Identify"), self.identify_backend)
        engine.setProperty(_backend_property("Status"), self.status_backend)
        engine.setProperty(_backend_property("Pickup"), self.pickup_backend)
        engine.setProperty(_backend_property("Scans"), self.scan_notices)
        for name, page in zip(_PAGE_SINGLETONS, self.maintenance_pages.values(), strict=True):
            engine.setProperty(_backend_property(name), page)
        engine.addImageProvider(PROVIDER_ID, QrImageProvider())
        engine.addImageProvider(PREVIEW_PROVIDER_ID, LetterPreviewProvider(self.pickup_backend))
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
    "Form": FormBackend,
    "Accessibility": AccessibilityBackend,
    "Maintenance": MaintenanceBackend,
    "Identify": IdentifyBackend,
    "Status": StatusBackend,
    "Pickup": PickupBackend,
    "Scans": ScanNotices,
}
#: The maintenance screens' singletons, in ``kiosk.maintenance.SCREENS`` order.
_PAGE_SINGLETONS: dict[str, type[QObject]] = {
    "TechStatus": StatusPage,
    "TechTests": TestsPage,
    "TechOutbox": OutboxPage,
    "TechReceipts": ReceiptsPage,
    "TechLogs": LogsPage,
    "TechConfig": ConfigPage,
    "TechActions": ActionsPage,
}
_SINGLETONS.update(_PAGE_SINGLETONS)


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


def _register_backend_singletons() -> None:
    """Register the QML singletons once per process; each engine supplies its own instances.

    Qt's type registry is process-wide: re-registering a singleton breaks engines created
    afterwards, so the instances travel as properties of the engine that asks. Registering
    after any engine has loaded QtQuick breaks type identity for later ones ("Cannot assign
    object of type QtObject to property of type QObject*" in Theme.qml), so it is done when
    this module is imported, as PySide's ``@QmlSingleton`` would.
    """
    for name, backend_type in _SINGLETONS.items():
        qmlRegisterSingletonType(backend_type, BACKEND_URI, 1, 0, name, _provide_backend(name))


_register_backend_singletons()


def ensure_offscreen() -> None:
    """Render without a screen (self-test, screenshots) unless a platform was chosen."""
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")


def gui_application(argv: list[str]) -> QGuiApplication:
    """The running application, created once; tests may have made one already."""
    existing = QGuiApplication.instance()
    if isinstance(existing, QGuiApplication):
        return existing
    # Text fields type on Qt's on-screen keyboard: a kiosk has no other.
    os.environ.setdefault("QT_IM_MODULE", "qtvirtualkeyboard")
    # The software renderer starts faster and uses less memory on a low-end kiosk PC than
    # OpenGL (see bench/results); QT_QUICK_BACKEND set by the unit or the user still wins.
    os.environ.setdefault("QT_QUICK_BACKEND", "software")
    QGuiApplication.setApplicationName("kiosk")
    QGuiApplication.setOrganizationName("Anjungan Layanan Mandiri")
    return QGuiApplication(argv)
