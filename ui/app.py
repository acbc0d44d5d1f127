"""The composition root: the attract screen first, then store, drivers, session and the rest.

Like qutebrowser's ``app.py``, every step is logged and there are no module-level
singletons: everything the UI needs is built here and handed over.

A kiosk shows its first frame before most of it exists. ``build_attract`` makes only what
the attract screen shows (its texts and carousel, the QML window) and a gate that holds
input; ``build_rest``, run at the first frame, builds the core, the session and every other
backend in their order, lets QML load the rest, and opens the gate, so a tap or a
keyboard-wedge scan that came in between is delivered then, never lost. ``build`` does both
at once (the self-test, screenshots, tests). The modules behind the attract screen are
imported in ``build_rest``: importing them costs more than building them, and the first
frame waits for neither. Shutdown undoes every step, both phases', in reverse.
"""

from __future__ import annotations

import functools
import importlib
import logging
import os
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6 import QtCore
from PySide6.QtCore import QCoreApplication, QEvent, QObject, QTimer
from PySide6.QtGui import QCursor, QGuiApplication, QKeyEvent, QWindow
from PySide6.QtQml import QQmlApplicationEngine, QQmlEngine, qmlRegisterSingletonType

from kiosk.clock import Clock, SystemClock
from kiosk.config import Config
from kiosk.datafile import DataFileError
from kiosk.information import first_pages
from kiosk.lifecycle import ConfigurationError, StartupError, Teardown
from ui.backends.attract import AttractBackend
from ui.first_frame import FirstFrame
from ui.i18n import LanguageSwitcher
from ui.inputgate import InputGate
from ui.watchdog import Watchdog

if TYPE_CHECKING:
    from drivers.base import Devices
    from kiosk.issuing import Issuer
    from kiosk.journal import Journal
    from kiosk.processor import Processor
    from kiosk.services import Service
    from ui.backends.maintenance.mode import MaintenanceBackend

log = logging.getLogger("ui.app")

QML_DIR = Path(__file__).resolve().parent / "qml"
QML_MODULE = "Kiosk"
BACKEND_URI = "KioskBackend"
DEFAULT_WINDOW_SIZE = (720, 1280)
#: Imported on a background thread when the first citizen starts a session: the GUI thread
#: needs them at their first QR code (done screen) and first NIK check, and would stall
#: there. Not before: the attract screen uses none of them (about 12 MB between them).
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
        elif kind is QEvent.Type.Close and self.block_close and isinstance(watched, QWindow):
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
    """One kiosk run: the attract screen, then the Qt-free core and the Qt parts behind it.

    Everything is shut down in reverse order of building.
    """

    def __init__(self, config: Config, options: LaunchOptions, clock: Clock | None = None) -> None:
        self.config = config
        self.options = options
        self.clock = clock or SystemClock()
        self._teardown = Teardown()
        self.engine: QQmlApplicationEngine | None = None
        self.window: QWindow | None = None
        self.watchdog: Watchdog | None = None
        self._first_frame: FirstFrame | None = None
        self._warmed_up = False
        self._stopped = False
        #: Whether everything behind the attract screen is built (``build_rest`` ran).
        self.built = False
        #: Why the part built after the first frame failed; the kiosk then exits with 1.
        self.startup_error: StartupError | None = None

    def build(self, qt_app: QCoreApplication) -> None:
        """Build every part now, attract screen first; StartupError with an exact reason."""
        self.build_attract(qt_app)
        self.build_rest()

    def build_attract(self, qt_app: QCoreApplication) -> None:
        """What the first frame shows: the attract screen's texts and carousel, in its window.

        Input is held from here until ``build_rest`` has built what it may lead to.
        """
        config = self.config
        self._qt_app = qt_app
        self.gate = InputGate(qt_app)
        self._teardown.add("input gate", self.gate.discard)
        self.languages = LanguageSwitcher(qt_app)
        self._teardown.add("translator", self.languages.detach)
        self.languages.switch(config.kiosk.language)
        try:
            pages = first_pages(config.data_path())
        except DataFileError as error:
            raise ConfigurationError(f"catalog: {error}") from error
        self.attract = AttractBackend(
            config.kiosk.name,
            config.kiosk.office,
            config.ui.attract_slide_seconds,
            pages,
            config.kiosk.language,
        )
        self._load_qml()
        log.info("Attract screen built")

    def build_rest(self) -> None:
        """The core, the session and every backend behind the attract screen, in order.

        Then QML may load the other screens and overlays, and the input held since the
        first frame is delivered. StartupError with an exact reason on failure.
        """
        started = time.perf_counter()  # the imports count: most of the cost is theirs
        from kiosk.core import Core
        from ui.backends.accessibility import AccessibilityBackend, OutcomeReceipts
        from ui.backends.devices import DevicesBackend
        from ui.backends.form import FormBackend
        from ui.backends.session import SessionBackend
        from ui.backends.sync import SyncBackend
        from ui.backends.worker import QtRunner
        from ui.eventbridge import EventBridge

        config = self.config
        qt_app = self._qt_app
        self.core = Core(config, self.clock, simulated=self.options.demo or self.options.simulated)
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
        self.session_backend = SessionBackend(
            self.session,
            core.catalog_keeper,
            core.issuer,
            self.languages,
            config.kiosk.name,
            config.kiosk.office,
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
        self._follow_session()
        self._attach_backends()
        self.built = True
        self.attract.set_ready()
        self.gate.open()
        log.info("Built behind the attract screen in %.3f s", time.perf_counter() - started)

    def _follow_session(self) -> None:
        """The attract screen shows the live catalog's pages in the session's language."""
        from kiosk.session import Screen

        session, backend = self.session, self.session_backend

        def follow() -> None:
            self.attract.show(self.core.catalog.pages, session.data.language)
            if not self._warmed_up and session.screen is not Screen.ATTRACT:
                self._warm_up_for_citizen()

        backend.changed.connect(follow)
        follow()

    def _build_lookups(self) -> None:
        """Identify, status check and scan routing: where a citizen's card or QR leads."""
        from kiosk.scan_routing import ScanRouter
        from ui.backends.identify import IdentifyBackend
        from ui.backends.pickup import PickupBackend
        from ui.backends.scans import ScanNotices
        from ui.backends.status import StatusBackend

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
            # A receipt scanned in maintenance mode: the letters screen's, while it is shown.
            maintenance_receipt=lambda reference, check: self.maintenance_letters.on_receipt(
                reference, check
            ),
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
        from ui.wedge import KeyboardWedge

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
        from drivers.base import DocumentPrinterStatus
        from kiosk.audit import AuditLog
        from kiosk.logs import recent_logs
        from kiosk.maintenance import (
            EXIT_RESTART,
            EXIT_TO_DESKTOP,
            SCREENS,
            DeviceChecks,
            MaintenanceActions,
            MaintenanceMode,
            TechnicianLetters,
        )
        from kiosk.security import SecurityError, authenticator_for
        from ui.backends.maintenance.actions import ActionsPage
        from ui.backends.maintenance.letters import LettersPage
        from ui.backends.maintenance.logs import LogsPage
        from ui.backends.maintenance.mode import MaintenanceBackend, MaintenancePage
        from ui.backends.maintenance.outbox import OutboxPage
        from ui.backends.maintenance.receipts import ReceiptsPage
        from ui.backends.maintenance.settings import ConfigPage
        from ui.backends.maintenance.status import StatusPage
        from ui.backends.maintenance.tests import TestsPage

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
        #: The letters screen, which also takes a receipt scanned while it is shown.
        self.maintenance_letters = LettersPage(
            mode,
            TechnicianLetters(core.pickup, model),
            language=lambda: self.session.data.language,
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
            self.maintenance_letters,
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
        """Show the window: fullscreen and frameless in production, a plain window otherwise.

        At its first frame the rest of the kiosk is built, unless ``build`` built it already.
        """
        window = self._window()
        self.watchdog = Watchdog.from_environment()
        if self.watchdog is not None:
            self.watchdog.start(window, self._describe)
            self._teardown.add("watchdog", self.watchdog.stop)
        if self.options.windowed or not self.config.ui.fullscreen:
            width, height = self.options.size or DEFAULT_WINDOW_SIZE
            window.resize(width, height)
            window.show()
        else:
            window.setProperty("frameless", True)  # Main.qml's flags; Python's Qt enums wait
            window.showFullScreen()
        # Connected after the watchdog's, so READY=1 goes out before the rest is built.
        self._first_frame = FirstFrame(window, self._after_first_frame)
        log.info("Window shown (%dx%d)", window.width(), window.height())

    def _describe(self) -> str:
        """What the kiosk shows, for the service manager's status line."""
        return self.session.screen.value if self.built else "attract"

    def _after_first_frame(self) -> None:
        """The first frame is on screen: the rest follows as soon as the event loop is back.

        Not inside the frame's own delivery: the window system gets the frame out first,
        and input that comes meanwhile waits at the gate.
        """
        QTimer.singleShot(0, self._finish_start)

    def _finish_start(self) -> None:
        """Work that can wait until a citizen sees the kiosk: it does not delay the first frame.

        The rest of the kiosk is built (``build_rest``); any failure there stops the kiosk
        with exit status 1 and the reason in ``startup_error``. Then, on the GUI
        thread, the cursor is hidden and the lockdown's keys are built (both need Python's
        ``Qt`` enums), and on a background thread the certified-reader plugins are looked
        up (any broken one logged; a card tapped before that finishes waits for it).
        """
        if self._stopped:
            return
        if not self.built:
            try:
                self.build_rest()
            except Exception as error:
                # Whatever stops it, a kiosk that would never take a tap must not stay up.
                if not isinstance(error, StartupError):
                    log.exception("Building the kiosk behind the attract screen failed")
                    error = StartupError(f"{type(error).__name__}: {error}")
                self.startup_error = error
                QCoreApplication.exit(1)
                return
        if not self.config.ui.show_cursor and not self.options.windowed:
            # Application-wide: Qt Quick resets a window's own cursor as items are hovered.
            QGuiApplication.setOverrideCursor(QCursor(QtCore.Qt.CursorShape.BlankCursor))
            self._teardown.add("cursor", QGuiApplication.restoreOverrideCursor)
        escape_keys()
        threading.Thread(
            target=self.core.identifier.load_plugins, name="identity plugins", daemon=True
        ).start()

    def _warm_up_for_citizen(self) -> None:
        """A citizen started: import what their QR code and NIK check need, off the GUI thread."""
        self._warmed_up = True
        threading.Thread(target=_import_modules, name="warm-up", daemon=True).start()

    def shutdown(self) -> None:
        """Tear down in reverse order of building; every step is attempted."""
        self._stopped = True
        # The engine goes first, while the backends its bindings point at are still alive.
        self.engine = None
        self._teardown.run()

    def _window(self) -> QWindow:
        if self.window is None:
            raise StartupError("the QML window was not created")
        return self.window

    def _load_qml(self) -> None:
        """The window with the attract screen; the other backends join in ``build_rest``."""
        engine = QQmlApplicationEngine()
        engine.setProperty(_backend_property("Attract"), self.attract)
        engine.addImportPath(str(QML_DIR))
        self.languages.attach(engine)
        warnings: list[str] = []
        engine.warnings.connect(lambda errors: warnings.extend(e.toString() for e in errors))
        engine.loadFromModule(QML_MODULE, "Main")
        roots = engine.rootObjects()
        if not roots or not isinstance(roots[0], QWindow):
            raise StartupError("QML failed to load: " + "; ".join(warnings or ["no root window"]))
        for warning in warnings:
            log.warning("QML: %s", warning)
        self.engine = engine
        self.window = roots[0]
        log.info("QML module %s loaded from %s", QML_MODULE, QML_DIR)

    def _attach_backends(self) -> None:
        """Hand QML the backends behind the attract screen, before it may ask for them."""
        engine = self.engine
        if engine is None:
            raise StartupError("the QML engine was not created")
        backends: dict[str, QObject] = {
            "Session": self.session_backend,
            "Devices": self.devices_backend,
            "Sync": self.sync_backend,
            "Form": self.form_backend,
            "Accessibility": self.accessibility_backend,
            "Maintenance": self.maintenance_backend,
            "Identify": self.identify_backend,
            "Status": self.status_backend,
            "Pickup": self.pickup_backend,
            "Scans": self.scan_notices,
        }
        backends.update(zip(_PAGE_SINGLETONS, self.maintenance_pages.values(), strict=True))
        for name, backend in backends.items():
            engine.setProperty(_backend_property(name), backend)


def _import_modules() -> None:
    for name in WARM_UP_MODULES:
        try:
            importlib.import_module(name)
        except ImportError as error:  # a broken install: the first use reports it too
            log.error("Cannot import %s: %s", name, error)
    log.info("Warmed up for the first citizen")


#: The QML singletons, in module ``KioskBackend``. Registered as plain ``QObject``s, so that
#: none of their classes (nor the core they import) is imported before the first frame:
#: QML looks their properties, signals and slots up on the instance its engine supplies.
_SINGLETONS = (
    "Attract",
    "Session",
    "Devices",
    "Sync",
    "Form",
    "Accessibility",
    "Maintenance",
    "Identify",
    "Status",
    "Pickup",
    "Scans",
)
#: The maintenance screens' singletons, in ``kiosk.maintenance.SCREENS`` order.
_PAGE_SINGLETONS = (
    "TechStatus",
    "TechTests",
    "TechOutbox",
    "TechReceipts",
    "TechLetters",
    "TechLogs",
    "TechConfig",
    "TechActions",
)


def _backend_property(name: str) -> str:
    return f"kioskBackend{name}"


def _provide_backend(name: str) -> Callable[[QQmlEngine], QObject]:
    def provide(engine: QQmlEngine) -> QObject:
        backend = engine.property(_backend_property(name))
        if not isinstance(backend, QObject):
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
    for name in (*_SINGLETONS, *_PAGE_SINGLETONS):
        qmlRegisterSingletonType(QObject, BACKEND_URI, 1, 0, name, _provide_backend(name))


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
