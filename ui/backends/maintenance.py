"""Exposes the hidden maintenance mode to QML: entry, PIN, the technician screens, leaving.

The rules live here and in ``kiosk.security``/``kiosk.audit``; QML only shows what these
properties say. Every technician action is audited before its result is shown. Leaving,
by hand or after the idle time, wipes every technician datum from the properties, so a
citizen who walks up afterwards sees nothing of it. Printing and disk writes run on a
worker thread, so the GUI thread never waits for the printer.
"""

from __future__ import annotations

import base64
import collections
import datetime as dt
import io
import json
import logging
import shutil
from collections.abc import Callable, Mapping
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from PySide6.QtCore import Property, QObject, QTimer, Signal, Slot

from drivers.base import (
    CardInserted,
    Devices,
    PrinterStatus,
    PrintOutcome,
    ScanReceived,
)
from drivers.files import write_private
from drivers.receipt import Receipt
from kiosk import __version__
from kiosk.audit import Actor, AuditAction, AuditLog
from kiosk.clock import Clock
from kiosk.config import (
    Config,
    ConfigError,
    current_value,
    describe_schema,
    is_editable,
    parse_editable_setting,
    save_local_setting,
    setting_info,
)
from kiosk.identity import mask_nik_like_runs
from kiosk.journal import Entry, Journal, OutboxKind
from kiosk.logs import RecentLogs
from kiosk.processor import Processor
from kiosk.receipts import print_test_receipt
from kiosk.security import Authenticator, AuthOutcome, Role, SecurityError, check_pin_format
from kiosk.services import Service
from kiosk.sync import SyncState

log = logging.getLogger("ui.maintenance")

SCREENS = ("status", "tests", "outbox", "receipts", "logs", "config", "actions")
TICK_MS = 1000
LOG_LINES = 200
OUTBOX_ROWS = 50
SCAN_SHOWN_CHARS = 60
SUPPORT_DIR = "support"
#: Exit status of a restart asked for in maintenance mode (``Restart=always`` starts it again).
EXIT_RESTART = 0
#: Exit status of "exit to desktop"; the unit's ``RestartPreventExitStatus`` must name it.
EXIT_TO_DESKTOP = 77


@dataclass(frozen=True)
class MaintenanceActions:
    """What the composition root does for the actions screen (Qt application calls)."""

    reload_catalog: Callable[[], bool]
    restart: Callable[[], None]
    exit_to_desktop: Callable[[], None]


def mask_uid(uid: str) -> str:
    """A card UID with all but its last 4 hex digits hidden (a technician sees it was read)."""
    return "*" * max(0, len(uid) - 4) + uid[-4:]


def _mask_scan(payload: bytes) -> str:
    text = payload[:SCAN_SHOWN_CHARS].decode("utf-8", "replace")
    return mask_nik_like_runs("".join(ch if ch.isprintable() else "?" for ch in text))


class MaintenanceBackend(QObject):
    """Maintenance mode as QML sees it.

    Signals:
        promptOpenChanged: the PIN prompt opened or closed.
        activeChanged: a technician entered or left maintenance mode.
        screenChanged: another maintenance screen was chosen.
        pinStateChanged: a PIN attempt failed, was refused, or the lockout moved.
        statusChanged: the device status rows were refreshed.
        testsChanged: a test started or finished.
        outboxChanged: the outbox rows or counts were refreshed.
        receiptsChanged: the receipts pending reprint, or the preview, changed.
        logLinesChanged: the log lines were refreshed.
        configRowsChanged: the settings list was refreshed or a setting saved.
        noticeChanged: an action finished and says so.
    """

    def __init__(
        self,
        *,
        config: Config,
        clock: Clock,
        journal: Journal,
        devices: Devices,
        processor: Processor,
        services: tuple[Service, ...],
        audit: AuditLog,
        authenticator: Authenticator,
        recent_logs: RecentLogs,
        actions: MaintenanceActions,
        data_dir: Path,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self._config = config
        self._clock = clock
        self._journal = journal
        self._devices = devices
        self._processor = processor
        self._services = {service.id: service for service in services}
        self._audit = audit
        self._auth = authenticator
        self._recent = recent_logs
        self._actions = actions
        self._data_dir = data_dir
        self._started = clock.monotonic()
        self._technician_cards = frozenset(
            uid.upper() for uid in config.maintenance.technician_cards
        )
        self._taps: collections.deque[float] = collections.deque()
        self._last_activity = clock.monotonic()
        self._sync = SyncState()
        self._last_scan: tuple[str, str] | None = None
        self._worker = ThreadPoolExecutor(max_workers=1, thread_name_prefix="maintenance")
        self._done.connect(self._on_done)
        self._reset()
        self._timer = QTimer(self)
        self._timer.setInterval(TICK_MS)
        self._timer.timeout.connect(self._tick)
        self._timer.start()

    def _reset(self) -> None:
        """Forget everything a technician saw (on leaving, and at start)."""
        self._prompt_open = False
        self._role: Role | None = None
        self._screen = SCREENS[0]
        self._pin_state = ""
        self._status: list[dict[str, Any]] = []
        self._tests: dict[str, dict[str, str]] = {
            name: {"state": "idle", "detail": ""} for name in ("print", "card", "scan")
        }
        self._outbox_rows: list[dict[str, Any]] = []
        self._outbox_counts: dict[str, int] = {}
        self._receipts: list[dict[str, str]] = []
        self._selected = ""
        self._preview = ""
        self._log_lines: list[str] = []
        self._config_rows: list[dict[str, Any]] = []
        self._saved: dict[str, object] = {}
        self._notice = ("", "")

    # Worker results, delivered on the GUI thread ------------------------------------------

    _done = Signal(object)

    def _on_done(self, payload: tuple[Callable[[Any], None], Any]) -> None:
        handler, result = payload
        handler(result)

    def _in_background(self, work: Callable[[], Any], then: Callable[[Any], None]) -> None:
        def run() -> None:
            try:
                result = work()
            except Exception as error:  # a device failure is a result, never a crash
                log.exception("Maintenance task failed")
                result = error
            self._done.emit((then, result))

        self._worker.submit(run)

    # Properties ---------------------------------------------------------------------------

    promptOpenChanged = Signal()

    @Property(bool, notify=promptOpenChanged)
    def promptOpen(self) -> bool:
        """The PIN prompt is shown (above the citizen screen)."""
        return self._prompt_open

    activeChanged = Signal()

    @Property(bool, notify=activeChanged)
    def active(self) -> bool:
        """A technician is in maintenance mode."""
        return self._role is not None

    @Property(str, notify=activeChanged)
    def role(self) -> str:
        """``technician``, ``supervisor``, or "" when nobody is in."""
        return "" if self._role is None else self._role.value

    @Property(bool, notify=activeChanged)
    def canExit(self) -> bool:
        """Only a supervisor may leave the kiosk for the desktop."""
        return self._role is not None and self._role.allows(Role.SUPERVISOR)

    @Property(str, constant=True)
    def gestureCorner(self) -> str:
        """Where the hidden gesture is tapped: ``top-left`` ... ``bottom-right``."""
        return self._config.maintenance.gesture_corner

    @Property(list, constant=True)
    def screens(self) -> list[str]:
        """The maintenance screens, in tab order."""
        return list(SCREENS)

    screenChanged = Signal()

    @Property(str, notify=screenChanged)
    def screen(self) -> str:
        """The maintenance screen shown."""
        return self._screen

    pinStateChanged = Signal()

    @Property(str, notify=pinStateChanged)
    def pinState(self) -> str:
        """Empty while asking, else ``wrong``, ``locked`` or ``no_pin_set``."""
        return self._pin_state

    @Property(int, notify=pinStateChanged)
    def lockoutSeconds(self) -> int:
        """Whole seconds until the next PIN attempt is allowed."""
        return int(-(-self._auth.lockout.remaining() // 1))

    statusChanged = Signal()

    @Property(list, notify=statusChanged)
    def status(self) -> list[dict[str, Any]]:
        """Rows of ``{key, value, ok}``; QML names each key."""
        return self._status

    testsChanged = Signal()

    @Property(dict, notify=testsChanged)
    def tests(self) -> dict[str, dict[str, str]]:
        """``print``, ``card``, ``scan``: each ``{state: idle|waiting|ok|failed, detail}``."""
        return self._tests

    outboxChanged = Signal()

    @Property(list, notify=outboxChanged)
    def outboxRows(self) -> list[dict[str, Any]]:
        """The newest outbox rows, without bodies."""
        return self._outbox_rows

    @Property(dict, notify=outboxChanged)
    def outboxCounts(self) -> dict[str, int]:
        """``pending``, ``dead``, ``audit_pending``, ``audit_dead``."""
        return self._outbox_counts

    receiptsChanged = Signal()

    @Property(list, notify=receiptsChanged)
    def receipts(self) -> list[dict[str, str]]:
        """Receipts pending reprint: ``{reference, created, detail}``."""
        return self._receipts

    @Property(str, notify=receiptsChanged)
    def selectedReference(self) -> str:
        """The receipt chosen for the preview."""
        return self._selected

    @Property(str, notify=receiptsChanged)
    def previewSource(self) -> str:
        """The chosen receipt as a PNG ``data:`` URL, from the same model the printer uses."""
        return self._preview

    logLinesChanged = Signal()

    @Property(list, notify=logLinesChanged)
    def logLines(self) -> list[str]:
        """The last log lines, newest last; NIK-like runs already masked."""
        return self._log_lines

    configRowsChanged = Signal()

    @Property(list, notify=configRowsChanged)
    def configRows(self) -> list[dict[str, Any]]:
        """Every setting: ``{key, value, saved, editable, kind, choices, minimum, maximum}``."""
        return self._config_rows

    noticeChanged = Signal()

    @Property(str, notify=noticeChanged)
    def noticeKind(self) -> str:
        """What the last action came to (QML words it); "" for none."""
        return self._notice[0]

    @Property(str, notify=noticeChanged)
    def noticeDetail(self) -> str:
        """The exact detail of the last action (a path, a count, a reason)."""
        return self._notice[1]

    # Entry --------------------------------------------------------------------------------

    @Slot()
    def cornerTapped(self) -> None:
        """One tap in the hidden corner; N of them within T seconds open the PIN prompt."""
        now = self._clock.monotonic()
        settings = self._config.maintenance
        self._taps.append(now)
        while self._taps and now - self._taps[0] > settings.gesture_window_seconds:
            self._taps.popleft()
        if len(self._taps) >= settings.gesture_taps:
            self._taps.clear()
            self._open_prompt("gesture")

    @Slot(str, result=bool)
    def cardTapped(self, uid: str) -> bool:
        """A card was presented: True when it is a technician card and the PIN prompt opened."""
        if uid.strip().upper() not in self._technician_cards:
            return False
        self._open_prompt("card")
        return True

    def _open_prompt(self, source: str) -> None:
        if self._prompt_open or self._role is not None:
            return
        self._audit.record(Actor.UNKNOWN.value, AuditAction.PROMPT_OPENED, source=source)
        self._prompt_open = True
        self._pin_state = "locked" if self._auth.lockout.remaining() > 0 else ""
        self._last_activity = self._clock.monotonic()
        self.promptOpenChanged.emit()
        self.pinStateChanged.emit()

    @Slot(str)
    def submitPin(self, pin: str) -> None:
        """Check a PIN typed on the pad; every attempt is audited, never the PIN itself."""
        if not self._prompt_open:
            return
        result = self._auth.attempt(pin)
        if result.outcome is AuthOutcome.GRANTED and result.role is not None:
            self._audit.record(result.role.value, AuditAction.LOGIN)
            self._prompt_open = False
            self._role = result.role
            self._pin_state = ""
            self._screen = SCREENS[0]
            self.refreshStatus()
            self.promptOpenChanged.emit()
            self.activeChanged.emit()
            self.screenChanged.emit()
        else:
            action = {
                AuthOutcome.LOCKED: AuditAction.LOGIN_LOCKED,
                AuthOutcome.WRONG: AuditAction.LOGIN_FAILED,
                AuthOutcome.NO_PIN_SET: AuditAction.LOGIN_FAILED,
            }[result.outcome]
            self._audit.record(
                Actor.UNKNOWN.value,
                action,
                outcome=result.outcome.value,
                failures=result.failures,
                wait_seconds=round(result.wait_seconds),
            )
            locked = result.wait_seconds > 0
            self._pin_state = AuthOutcome.LOCKED.value if locked else result.outcome.value
        self.pinStateChanged.emit()

    @Slot()
    def cancelPrompt(self) -> None:
        """Close the PIN prompt without entering."""
        if self._prompt_open:
            self._prompt_open = False
            self._pin_state = ""
            self.promptOpenChanged.emit()
            self.pinStateChanged.emit()

    @Slot()
    def leave(self) -> None:
        """Leave maintenance mode by hand."""
        self._leave("technician")

    def _leave(self, reason: str) -> None:
        if self._role is None and not self._prompt_open:
            return
        if self._role is not None:
            self._audit.record(self._role.value, AuditAction.LOGOUT, reason=reason)
        log.info("Maintenance mode closed (%s)", reason)
        self._reset()
        for signal in (
            self.promptOpenChanged,
            self.activeChanged,
            self.screenChanged,
            self.pinStateChanged,
            self.statusChanged,
            self.testsChanged,
            self.outboxChanged,
            self.receiptsChanged,
            self.logLinesChanged,
            self.configRowsChanged,
            self.noticeChanged,
        ):
            signal.emit()

    @Slot()
    def activity(self) -> None:
        """A touch or key press: maintenance idle starts again."""
        self._last_activity = self._clock.monotonic()

    def _tick(self) -> None:
        if self._role is None and not self._prompt_open:
            return
        idle = self._clock.monotonic() - self._last_activity
        if idle >= self._config.maintenance.idle_seconds:
            self._leave("idle")
        elif self._prompt_open and self._pin_state == "locked":
            if self._auth.lockout.remaining() <= 0:
                self._pin_state = ""
            self.pinStateChanged.emit()

    # Navigation ---------------------------------------------------------------------------

    @Slot(str)
    def showScreen(self, name: str) -> None:
        """Switch to a maintenance screen and load what it shows."""
        if self._role is None or name not in SCREENS:
            return
        self._screen = name
        self._notice = ("", "")
        loaders: Mapping[str, Callable[[], None]] = {
            "status": self.refreshStatus,
            "outbox": self.refreshOutbox,
            "receipts": self.refreshReceipts,
            "logs": self.refreshLogs,
            "config": self.refreshConfig,
        }
        if name in loaders:
            loaders[name]()
        self.screenChanged.emit()
        self.noticeChanged.emit()

    # Status -------------------------------------------------------------------------------

    @Slot()
    def refreshStatus(self) -> None:
        """Collect device, link, outbox, disk, version and uptime facts."""
        if self._role is None:
            return
        devices = self._devices
        printer = devices.printer.status
        transactions = self._journal.counts(OutboxKind.TRANSACTION)
        audits = self._journal.counts(OutboxKind.AUDIT)
        disk = shutil.disk_usage(self._data_dir)
        scan = "—" if self._last_scan is None else f"{self._last_scan[0]}  {self._last_scan[1]}"
        self._status = [
            _row(
                "printer",
                _with_detail(printer.value, devices.printer.status_detail),
                printer.can_print,
            ),
            _row(
                "paper",
                printer.value,
                printer
                not in (
                    PrinterStatus.PAPER_OUT,
                    PrinterStatus.PAPER_NEAR_END,
                    PrinterStatus.UNKNOWN,
                ),
            ),
            _row(
                "card_reader",
                _with_detail(devices.card_reader.status.value, devices.card_reader.status_detail),
                devices.card_reader.status.value != "unavailable",
            ),
            _row(
                "scanner",
                _with_detail(devices.scanner.status.value, devices.scanner.status_detail),
                devices.scanner.status.value == "ready",
            ),
            _row("last_scan", scan, True),
            *self._central_rows(),
            _row("outbox", f"{transactions.queued} / {transactions.dead}", transactions.dead == 0),
            _row("audit_outbox", f"{audits.queued} / {audits.dead}", audits.dead == 0),
            _row("disk_free", f"{disk.free / 1e9:.1f} GB", disk.free > 500e6),
            _row("version", __version__, True),
            _row("uptime", _duration(self._clock.monotonic() - self._started), True),
        ]
        self.statusChanged.emit()

    def _central_rows(self) -> list[dict[str, Any]]:
        sync = self._sync
        if not self._config.central.url:
            return [_row("central", "not configured (offline kiosk)", True)]
        link = "online" if sync.online else "offline"
        return [
            _row("central", _with_detail(link, mask_nik_like_runs(sync.last_error)), sync.online),
            _row("clock_offset", f"{sync.clock_offset:+.1f} s", abs(sync.clock_offset) < 60),
        ]

    def on_event(self, event: object) -> None:
        """Device events and sync states from the bridge (tests, last scan, central link)."""
        if isinstance(event, SyncState):
            self._sync = event
            return
        if isinstance(event, ScanReceived):
            shown = _mask_scan(event.payload)
            self._last_scan = (self._clock.now().strftime("%H:%M:%S"), shown)
            if self._role is not None and self._tests["scan"]["state"] == "waiting":
                self._finish_test("scan", True, f"{len(event.payload)} B: {shown}")
                self._audit.record(self._role.value, AuditAction.TEST_SCAN, result="ok")
        elif (
            isinstance(event, CardInserted)
            and self._role is not None
            and self._tests["card"]["state"] == "waiting"
        ):
            uid = event.uid.hex().upper()
            self._finish_test("card", True, f"UID {mask_uid(uid)}  ATR {event.atr.hex().upper()}")
            self._audit.record(self._role.value, AuditAction.TEST_CARD, result="ok")

    # Tests --------------------------------------------------------------------------------

    @Slot()
    def testPrint(self) -> None:
        """Print the installer's test receipt on the running printer."""
        role = self._role
        if role is None or self._tests["print"]["state"] == "waiting":
            return
        self._finish_test("print", None, "")
        printer = self._devices.printer
        receipt = print_test_receipt(self._config.kiosk, printer.description, self._clock.now())

        def done(result: object) -> None:
            ok = isinstance(result, PrintOutcome) and result.ok
            detail = result.detail if isinstance(result, PrintOutcome) else str(result)
            self._audit.record(
                role.value, AuditAction.TEST_PRINT, result="ok" if ok else "failed", detail=detail
            )
            self._finish_test("print", ok, detail or (printer.status.value if ok else ""))

        self._in_background(
            lambda: printer.print_receipt(f"maintenance-test-{self._clock.now():%H%M%S}", receipt),
            done,
        )

    @Slot()
    def testCard(self) -> None:
        """Wait for the next card and show its masked UID."""
        if self._role is not None:
            self._finish_test("card", None, "")

    @Slot()
    def testScan(self) -> None:
        """Wait for the next scan and show it masked."""
        if self._role is not None:
            self._finish_test("scan", None, "")

    def _finish_test(self, name: str, ok: bool | None, detail: str) -> None:
        state = "waiting" if ok is None else "ok" if ok else "failed"
        self._tests = {**self._tests, name: {"state": state, "detail": detail}}
        self.testsChanged.emit()

    # Outbox -------------------------------------------------------------------------------

    @Slot()
    def refreshOutbox(self) -> None:
        """Load the newest outbox rows and the counts."""
        if self._role is None:
            return
        transactions = self._journal.counts(OutboxKind.TRANSACTION)
        audits = self._journal.counts(OutboxKind.AUDIT)
        self._outbox_counts = {
            "pending": transactions.queued,
            "dead": transactions.dead,
            "sent": transactions.sent,
            "audit_pending": audits.queued,
            "audit_dead": audits.dead,
        }
        self._outbox_rows = [row.as_dict() for row in self._journal.outbox_rows(OUTBOX_ROWS)]
        self.outboxChanged.emit()

    @Slot()
    def retryDead(self) -> None:
        """Queue every dead row again."""
        if self._role is None:
            return
        count = self._journal.retry_dead()
        self._audit.record(self._role.value, AuditAction.OUTBOX_RETRY, count=count)
        self._set_notice("retried", str(count))
        self.refreshOutbox()

    @Slot()
    def exportOutbox(self) -> None:
        """Write the support export (no personal data) to the data folder's support folder."""
        role = self._role
        if role is None:
            return
        export = self._journal.support_export()
        path = self._data_dir / SUPPORT_DIR / f"outbox-{self._clock.now():%Y%m%d-%H%M%S}.json"

        def write() -> Path:
            write_private(path, json.dumps(export, indent=2, ensure_ascii=False).encode("utf-8"))
            return path

        def done(result: object) -> None:
            ok = isinstance(result, Path)
            self._audit.record(
                role.value, AuditAction.OUTBOX_EXPORT, ok=ok, rows=len(export["rows"])
            )
            self._set_notice("exported" if ok else "failed", str(result))

        self._in_background(write, done)

    # Receipts -----------------------------------------------------------------------------

    @Slot()
    def refreshReceipts(self) -> None:
        """Load the receipts whose print failed, newest first."""
        if self._role is None:
            return
        self._receipts = [
            {
                "reference": entry.reference,
                "created": entry.created_at.strftime("%d-%m-%Y %H:%M"),
                "detail": mask_nik_like_runs(entry.print_detail),
            }
            for entry in reversed(self._journal.pending_print())
        ]
        if self._selected not in {row["reference"] for row in self._receipts}:
            self._selected = self._receipts[0]["reference"] if self._receipts else ""
        self._preview = self._render_preview(self._selected)
        self.receiptsChanged.emit()

    @Slot(str)
    def selectReceipt(self, reference: str) -> None:
        """Show the preview of one pending receipt."""
        if self._role is None:
            return
        self._selected = reference
        self._preview = self._render_preview(reference)
        self.receiptsChanged.emit()

    @Slot(str)
    def reprint(self, reference: str) -> None:
        """Print a pending receipt by its reference (never one already printed)."""
        role = self._role
        if role is None:
            return
        entry = self._journal.by_reference(reference)
        service = None if entry is None else self._services.get(entry.service)
        if entry is None or service is None or entry.printed or entry.personal is None:
            reason = (
                "unknown reference"
                if entry is None
                else "already printed"
                if entry.printed
                else "data purged"
                if entry.personal is None
                else f"unknown service {entry.service}"
            )
            self._set_notice("reprint_refused", f"{reference}: {reason}")
            return
        self._set_notice("printing", reference)

        def done(result: object) -> None:
            ok = isinstance(result, PrintOutcome) and result.ok
            detail = result.detail if isinstance(result, PrintOutcome) else str(result)
            self._audit.record(
                role.value,
                AuditAction.REPRINT,
                reference=reference,
                result="ok" if ok else "failed",
                detail=detail,
            )
            self._set_notice("reprinted" if ok else "failed", f"{reference} {detail}".strip())
            self.refreshReceipts()

        self._in_background(lambda: self._processor.reprint(entry, service), done)

    def _render_preview(self, reference: str) -> str:
        entry = self._journal.by_reference(reference) if reference else None
        if entry is None:
            return ""
        receipt = self._receipt_for(entry)
        if receipt is None:
            return ""
        from drivers.receipt_png import render_png  # Pillow: only for a technician's preview

        image = render_png(receipt, self._devices.printer.dot_width)
        buffer = io.BytesIO()
        image.save(buffer, format="PNG")
        return "data:image/png;base64," + base64.b64encode(buffer.getvalue()).decode("ascii")

    def _receipt_for(self, entry: Entry) -> Receipt | None:
        """The receipt the processor prints for ``entry``, or None once its data is purged."""
        service = self._services.get(entry.service)
        if service is None or entry.personal is None:
            return None
        try:
            return self._processor.receipt_for(entry, service)
        except (KeyError, ValueError) as error:
            log.warning("No preview for %s: %s", entry.reference, error)
            return None

    # Logs ---------------------------------------------------------------------------------

    @Slot()
    def refreshLogs(self) -> None:
        """Load the last log lines (masked when they were written)."""
        if self._role is None:
            return
        self._log_lines = self._recent.lines(LOG_LINES)  # masked by RecentLogs
        self.logLinesChanged.emit()

    # Configuration ------------------------------------------------------------------------

    @Slot()
    def refreshConfig(self) -> None:
        """List every setting, the editable ones with their limits; secrets never shown."""
        if self._role is None:
            return
        editable = set(self._config.maintenance.editable_keys)
        rows = []
        for section, key, _, _, _ in describe_schema():
            dotted = f"{section}.{key}"
            info = setting_info(dotted)
            assert info is not None
            value = current_value(self._config, dotted)
            can_edit = dotted in editable and is_editable(dotted)
            rows.append(
                {
                    "key": dotted,
                    "value": _shown(key, value),
                    "saved": _shown(key, self._saved[dotted]) if dotted in self._saved else "",
                    "editable": can_edit,
                    "kind": info.kind,
                    "choices": [str(choice) for choice in info.choices or ()],
                    "minimum": "" if info.minimum is None else f"{info.minimum:g}",
                    "maximum": "" if info.maximum is None else f"{info.maximum:g}",
                }
            )
        self._config_rows = rows
        self.configRowsChanged.emit()

    @Slot(str, str, result=bool)
    def setConfig(self, key: str, text: str) -> bool:
        """Validate and save one allowed setting; it applies at the next start."""
        role = self._role
        if role is None:
            return False
        try:
            value = parse_editable_setting(self._config, key, text)
            save_local_setting(self._config, key, value)
        except (ConfigError, OSError) as error:
            self._set_notice("config_refused", str(error))
            return False
        old = current_value(self._config, key)
        self._saved[key] = value
        self._audit.record(
            role.value, AuditAction.CONFIG_CHANGE, key=key, old=str(old), new=str(value)
        )
        self._set_notice("config_saved", f"{key} = {value}")
        self.refreshConfig()
        return True

    @Slot(str, str, result=bool)
    def changePin(self, pin: str, repeated: str) -> bool:
        """Set a new PIN for the role that is in (typed twice)."""
        role = self._role
        if role is None:
            return False
        try:
            if pin != repeated:
                raise SecurityError("the two PINs differ")
            self._auth.change_pin(role, check_pin_format(pin))
        except (SecurityError, OSError) as error:
            self._set_notice("pin_refused", str(error))
            return False
        self._audit.record(role.value, AuditAction.PIN_CHANGE, role=role.value)
        self._set_notice("pin_changed", role.value)
        return True

    # Actions ------------------------------------------------------------------------------

    @Slot()
    def reloadCatalog(self) -> None:
        """Ask central for the catalog now."""
        if self._role is None:
            return
        asked = self._actions.reload_catalog()
        self._audit.record(self._role.value, AuditAction.CATALOG_RELOAD, asked=asked)
        self._set_notice("catalog_requested" if asked else "catalog_offline", "")

    @Slot()
    def restart(self) -> None:
        """Restart the kiosk application."""
        if self._role is None:
            return
        self._audit.record(self._role.value, AuditAction.RESTART)
        self._leave("restart")
        self._actions.restart()

    @Slot()
    def exitToDesktop(self) -> None:
        """Leave the kiosk for the desktop: supervisors only."""
        role = self._role
        if role is None:
            return
        if not role.allows(Role.SUPERVISOR):
            self._audit.record(role.value, AuditAction.EXIT_TO_DESKTOP, allowed=False)
            self._set_notice("exit_refused", "")
            return
        self._audit.record(role.value, AuditAction.EXIT_TO_DESKTOP, allowed=True)
        self._leave("exit")
        self._actions.exit_to_desktop()

    def shutdown(self) -> None:
        """Stop the timer and the worker (composition root teardown)."""
        self._timer.stop()
        self._worker.shutdown(wait=True)

    def _set_notice(self, kind: str, detail: str) -> None:
        self._notice = (kind, mask_nik_like_runs(detail))
        self.noticeChanged.emit()


def _row(key: str, value: str, ok: bool) -> dict[str, Any]:
    return {"key": key, "value": value, "ok": ok}


def _with_detail(value: str, detail: str) -> str:
    return f"{value} ({detail})" if detail else value


def _duration(seconds: float) -> str:
    return str(dt.timedelta(seconds=int(seconds)))


def _shown(key: str, value: object) -> str:
    if key == "secret":
        return "••••••" if value else ""
    if isinstance(value, tuple):
        return ", ".join(str(item) for item in value)
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)
