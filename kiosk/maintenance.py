"""Maintenance mode without Qt: who is in, what each technician screen shows, what it does.

``MaintenanceMode`` is the mode itself: the hidden gesture and technician cards that open
the PIN prompt, the PIN (``kiosk.security``), the role that is in, the idle time that
closes it, and the audit trail (``kiosk.audit``) every attempt and action goes to before
its result is shown. The functions below it are the screens' facts and actions, each
shaped as the screen lists them; the Qt backends (``ui/backends/maintenance/``) only
publish them. Every text a technician sees is masked: a NIK never shows here.
"""

from __future__ import annotations

import base64
import collections
import dataclasses
import datetime as dt
import enum
import io
import json
import logging
import shutil
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from drivers.base import (
    CardInserted,
    Device,
    Devices,
    Printer,
    PrinterStatus,
    PrintOutcome,
    ScanReceived,
)
from drivers.files import write_private
from kiosk import __version__
from kiosk.audit import Actor, AuditAction, AuditLog, DetailValue
from kiosk.clock import Clock
from kiosk.config import (
    Config,
    current_value,
    describe_schema,
    is_editable,
    parse_editable_setting,
    save_local_setting,
    setting_info,
)
from kiosk.health import Health, health_of, link_health, paper_health, queue_health
from kiosk.identity import mask_nik_like_runs
from kiosk.issuing import Issuer
from kiosk.journal import ExtraCopy, Journal, OutboxKind, ReceiptOutcome
from kiosk.logs import RecentLogs
from kiosk.pickup import (
    Letter,
    LetterList,
    LetterPickup,
    LetterState,
    ListResult,
    PickupOutcome,
    PrintResult,
    Proof,
)
from kiosk.receipts import print_test_receipt
from kiosk.security import Authenticator, AuthOutcome, Role, SecurityError, check_pin_format
from kiosk.sync import SyncState

log = logging.getLogger("kiosk.maintenance")

SCREENS = ("status", "tests", "outbox", "receipts", "letters", "logs", "config", "actions")
LOG_LINES = 200
OUTBOX_ROWS = 50
SCAN_SHOWN_CHARS = 60
SUPPORT_DIR = "support"
MIN_FREE_DISK_BYTES = 500e6
MAX_CLOCK_OFFSET_SECONDS = 60
#: Exit status of a restart asked for in maintenance mode (``Restart=always`` starts it again).
EXIT_RESTART = 0
#: Exit status of "exit to desktop"; the unit's ``RestartPreventExitStatus`` must name it.
EXIT_TO_DESKTOP = 77


@dataclass(frozen=True)
class MaintenanceActions:
    """What the host does for the actions screen (the Qt application's exits)."""

    reload_catalog: Callable[[], bool]
    restart: Callable[[], None]
    exit_to_desktop: Callable[[], None]


class PinState(enum.Enum):
    """What the PIN prompt says."""

    ASKING = ""
    WRONG = "wrong"
    LOCKED = "locked"
    NO_PIN_SET = "no_pin_set"


class Tick(enum.Enum):
    """What a tick of the mode's clock changed."""

    NOTHING = "nothing"
    LEFT = "left"
    LOCKOUT = "lockout"


def mask_uid(uid: str) -> str:
    """A card UID with all but its last 4 hex digits hidden (a technician sees it was read)."""
    return "*" * max(0, len(uid) - 4) + uid[-4:]


def mask_scan(payload: bytes) -> str:
    """The start of a scan as a technician may see it: printable, NIK-like runs masked."""
    text = payload[:SCAN_SHOWN_CHARS].decode("utf-8", "replace")
    return mask_nik_like_runs("".join(ch if ch.isprintable() else "?" for ch in text))


class MaintenanceMode:
    """Entry, PIN, role and idle time of maintenance mode; every step audited."""

    def __init__(
        self, config: Config, clock: Clock, audit: AuditLog, authenticator: Authenticator
    ) -> None:
        self._settings = config.maintenance
        self._clock = clock
        self._audit = audit
        self.auth = authenticator
        self._technician_cards = frozenset(uid.upper() for uid in self._settings.technician_cards)
        self._taps: collections.deque[float] = collections.deque()
        self._last_activity = clock.monotonic()
        self.prompt_open = False
        self.role: Role | None = None
        self.pin_state = PinState.ASKING

    @property
    def open(self) -> bool:
        """The prompt is shown or a technician is in."""
        return self.prompt_open or self.role is not None

    def lockout_seconds(self) -> int:
        """Whole seconds until the next PIN attempt is allowed."""
        return int(-(-self.auth.lockout.remaining() // 1))

    def corner_tapped(self) -> bool:
        """One tap in the hidden corner; True when N of them within T seconds open the prompt."""
        now = self._clock.monotonic()
        self._taps.append(now)
        while self._taps and now - self._taps[0] > self._settings.gesture_window_seconds:
            self._taps.popleft()
        if len(self._taps) < self._settings.gesture_taps:
            return False
        self._taps.clear()
        return self._open_prompt("gesture")

    def card_tapped(self, uid: str) -> bool:
        """True when ``uid`` is a technician card (the prompt opens, or is open already)."""
        if uid.strip().upper() not in self._technician_cards:
            return False
        self._open_prompt("card")
        return True

    def _open_prompt(self, source: str) -> bool:
        if self.open:
            return False
        self._audit.record(Actor.UNKNOWN.value, AuditAction.PROMPT_OPENED, source=source)
        self.prompt_open = True
        self.pin_state = PinState.LOCKED if self.auth.lockout.remaining() > 0 else PinState.ASKING
        self._last_activity = self._clock.monotonic()
        return True

    def submit_pin(self, pin: str) -> bool:
        """Check a PIN; every attempt is audited, never the PIN itself. True when let in."""
        if not self.prompt_open:
            return False
        result = self.auth.attempt(pin)
        if result.outcome is AuthOutcome.GRANTED and result.role is not None:
            self._audit.record(result.role.value, AuditAction.LOGIN)
            self.prompt_open = False
            self.role = result.role
            self.pin_state = PinState.ASKING
            return True
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
        self.pin_state = PinState.LOCKED if locked else PinState(result.outcome.value)
        return False

    def cancel_prompt(self) -> bool:
        """Close the PIN prompt without entering; True if it was open."""
        if not self.prompt_open:
            return False
        self.prompt_open = False
        self.pin_state = PinState.ASKING
        return True

    def leave(self, reason: str) -> bool:
        """Close the prompt or leave the mode; True if anything was open."""
        if not self.open:
            return False
        if self.role is not None:
            self._audit.record(self.role.value, AuditAction.LOGOUT, reason=reason)
        log.info("Maintenance mode closed (%s)", reason)
        self.prompt_open = False
        self.role = None
        self.pin_state = PinState.ASKING
        return True

    def activity(self) -> None:
        """A touch or key press: maintenance idle starts again."""
        self._last_activity = self._clock.monotonic()

    def tick(self) -> Tick:
        """Close the mode after the idle time; let a locked prompt ask again when it may."""
        if not self.open:
            return Tick.NOTHING
        if self._clock.monotonic() - self._last_activity >= self._settings.idle_seconds:
            self.leave("idle")
            return Tick.LEFT
        if self.prompt_open and self.pin_state is PinState.LOCKED:
            if self.auth.lockout.remaining() <= 0:
                self.pin_state = PinState.ASKING
            return Tick.LOCKOUT
        return Tick.NOTHING

    def record(self, action: AuditAction, **detail: DetailValue) -> None:
        """Audit an action of the technician who is in."""
        if self.role is not None:
            self._audit.record(self.role.value, action, **detail)


# Status ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class StatusRow:
    """One fact on the status screen; QML names each key and words each state.

    Attributes:
        key: which fact (``printer``, ``paper``, ``central``, ...).
        state: what it is, as a word the screen puts in its own language (``""`` for a
            fact that is only a value); the screen words ``key:state``.
        value: what needs no words: numbers, sizes, a version, a masked scan.
        health: ``ok``, ``warning`` or ``error``.
        detail: the device's or link's exact word when it is not fine, for the technician.

    """

    key: str
    state: str
    value: str
    health: Health
    detail: str = ""

    def as_dict(self) -> dict[str, str]:
        """The row as QML reads it."""
        return {
            "key": self.key,
            "state": self.state,
            "value": self.value,
            "health": self.health.value,
            "detail": self.detail,
        }


def _paper_state(printer: PrinterStatus) -> str:
    """What the printer says of its paper: adequate, near its end, out, or unknown."""
    return {
        PrinterStatus.ONLINE: "adequate",
        PrinterStatus.PAPER_NEAR_END: "near_end",
        PrinterStatus.PAPER_OUT: "out",
    }.get(printer, "unknown")


def _device_row(device: Device) -> StatusRow:
    """A device's status as a word, its health, and its exact detail when it is not fine.

    A detail that only names the status again ("paper out") adds nothing to the word the
    screen shows, and is left out.
    """
    health = health_of(device.status)
    detail = device.status_detail.strip()
    if health is Health.OK or detail.lower() == device.status.value.replace("_", " "):
        detail = ""
    return StatusRow(device.kind, device.status.value, "", health, mask_nik_like_runs(detail))


def status_rows(
    config: Config,
    devices: Devices,
    journal: Journal,
    sync: SyncState,
    data_dir: Path,
    uptime_seconds: float,
    last_scan: str,
) -> list[StatusRow]:
    """Device, link, outbox, disk, version and uptime facts, each with its health.

    Devices take their health from ``kiosk.health``, as ``kiosk devices status`` and the
    heartbeat do; so do the link and the outboxes (requests waiting are never "fine").
    """
    printer = devices.printer
    transactions = journal.counts(OutboxKind.TRANSACTION)
    audits = journal.counts(OutboxKind.AUDIT)
    disk = shutil.disk_usage(data_dir)
    return [
        _device_row(printer),
        StatusRow("paper", _paper_state(printer.status), "", paper_health(printer.status)),
        _device_row(devices.card_reader),
        _device_row(devices.scanner),
        StatusRow("last_scan", "" if last_scan else "none", last_scan, Health.OK),
        *_central_rows(config, sync),
        StatusRow(
            "outbox",
            "",
            f"{transactions.queued} / {transactions.dead}",
            queue_health(transactions.queued, transactions.dead),
        ),
        StatusRow(
            "audit_outbox",
            "",
            f"{audits.queued} / {audits.dead}",
            queue_health(audits.queued, audits.dead),
        ),
        StatusRow(
            "disk_free",
            "",
            f"{disk.free / 1e9:.1f} GB",
            _fine(disk.free > MIN_FREE_DISK_BYTES),
        ),
        StatusRow("version", "", __version__, Health.OK),
        StatusRow("uptime", "", str(dt.timedelta(seconds=int(uptime_seconds))), Health.OK),
    ]


def _fine(ok: bool, otherwise: Health = Health.ERROR) -> Health:
    return Health.OK if ok else otherwise


def _central_rows(config: Config, sync: SyncState) -> list[StatusRow]:
    configured = bool(config.central.url)
    if not configured:
        return [StatusRow("central", "not_configured", "", link_health(False, False))]
    offset_ok = abs(sync.clock_offset) < MAX_CLOCK_OFFSET_SECONDS
    return [
        # The kiosk serves citizens offline: an unreachable central is a warning.
        StatusRow(
            "central",
            "online" if sync.online else "offline",
            "",
            link_health(True, sync.online),
            "" if sync.online else mask_nik_like_runs(sync.last_error),
        ),
        StatusRow(
            "clock_offset", "", f"{sync.clock_offset:+.1f} s", _fine(offset_ok, Health.WARNING)
        ),
    ]


# Tests -------------------------------------------------------------------------------------


class CheckState(enum.Enum):
    """Where one device test is."""

    IDLE = "idle"
    WAITING = "waiting"
    OK = "ok"
    FAILED = "failed"


class DeviceChecks:
    """The tests screen: a test receipt, the next card (masked), the next scan (masked)."""

    NAMES = ("print", "card", "scan")

    def __init__(self, config: Config, clock: Clock, mode: MaintenanceMode) -> None:
        self._config = config
        self._clock = clock
        self._mode = mode
        self.results: dict[str, tuple[CheckState, str]] = {}
        #: Why a test came out as it did, as a word the screen puts in its language.
        self.reasons: dict[str, str] = {}
        self.reset()

    def reset(self) -> None:
        """Every test back to "not tested"."""
        self.results = {name: (CheckState.IDLE, "") for name in self.NAMES}
        self.reasons = {name: "" for name in self.NAMES}

    def waiting(self, name: str) -> bool:
        """Whether ``name`` waits for its device."""
        return self.results[name][0] is CheckState.WAITING

    def start(self, name: str) -> bool:
        """Wait for the next card or scan, or start printing; False if it cannot start now."""
        if self._mode.role is None or self.waiting(name):
            return False
        self.results[name] = (CheckState.WAITING, "")
        self.reasons[name] = ""
        return True

    def print_job(self, printer: Printer) -> Callable[[], PrintOutcome]:
        """The test print, to run off the GUI thread (``start("print")`` first)."""
        now = self._clock.now()
        receipt = print_test_receipt(self._config.kiosk, printer.description, now)
        job_id = f"maintenance-test-{now:%H%M%S}"
        return lambda: printer.print_receipt(job_id, receipt)

    def printed(self, result: PrintOutcome | Exception) -> None:
        """Record what the test print came to: printed, or failed and why.

        The screen words why (the printer's state after the job, ``print_reason``) and
        adds the printer's exact word on a failure; a print that worked needs none (the
        simulator's spool file, for one, is no news to a technician at the kiosk).
        """
        ok = isinstance(result, PrintOutcome) and result.ok
        detail = result.detail if isinstance(result, PrintOutcome) else str(result)
        self._mode.record(AuditAction.TEST_PRINT, result="ok" if ok else "failed", detail=detail)
        if ok:
            self.results["print"] = (CheckState.OK, "")
            self.reasons["print"] = "printed"
            return
        status = result.status if isinstance(result, PrintOutcome) else PrinterStatus.UNKNOWN
        reason = print_reason(status)
        if reason != "failed" and status.value.replace("_", " ") in detail.lower():
            detail = ""  # the reason's words say it all ("paper out")
        self.results["print"] = (CheckState.FAILED, mask_nik_like_runs(detail))
        self.reasons["print"] = reason

    def on_event(self, event: object) -> bool:
        """A card or scan that a waiting test was waiting for; True when a result changed."""
        if isinstance(event, ScanReceived) and self.waiting("scan"):
            shown = mask_scan(event.payload)
            self.results["scan"] = (CheckState.OK, f"{len(event.payload)} B: {shown}")
            self._mode.record(AuditAction.TEST_SCAN, result="ok")
            return True
        if isinstance(event, CardInserted) and self.waiting("card"):
            uid = event.uid.hex().upper()
            detail = f"UID {mask_uid(uid)}  ATR {event.atr.hex().upper()}"
            self.results["card"] = (CheckState.OK, detail)
            self._mode.record(AuditAction.TEST_CARD, result="ok")
            return True
        return False

    def as_dict(self) -> dict[str, dict[str, str]]:
        """``{name: {state, reason, detail}}`` as QML reads it."""
        return {
            name: {"state": state.value, "reason": self.reasons[name], "detail": detail}
            for name, (state, detail) in self.results.items()
        }


def print_reason(status: PrinterStatus) -> str:
    """Why a print failed, from the printer's state after it: a word the screen puts in words."""
    return status.value if not status.can_print else "failed"


# Outbox ------------------------------------------------------------------------------------


def outbox_counts(journal: Journal) -> dict[str, int]:
    """Transactions, receipt reports and audit events waiting or dead, and transactions sent."""
    transactions = journal.counts(OutboxKind.TRANSACTION)
    receipts = journal.counts(OutboxKind.RECEIPT)
    audits = journal.counts(OutboxKind.AUDIT)
    return {
        "pending": transactions.queued,
        "dead": transactions.dead,
        "sent": transactions.sent,
        "receipt_pending": receipts.queued,
        "receipt_dead": receipts.dead,
        "audit_pending": audits.queued,
        "audit_dead": audits.dead,
    }


def outbox_rows(journal: Journal) -> list[dict[str, Any]]:
    """The newest outbox rows, without bodies (so without personal data)."""
    return [row.as_dict() for row in journal.outbox_rows(OUTBOX_ROWS)]


def write_support_export(export: dict[str, Any], data_dir: Path, now: dt.datetime) -> Path:
    """Write the support export (no personal data) under the data folder; returns its path."""
    path = data_dir / SUPPORT_DIR / f"outbox-{now:%Y%m%d-%H%M%S}.json"
    write_private(path, json.dumps(export, indent=2, ensure_ascii=False).encode("utf-8"))
    return path


# Receipts ----------------------------------------------------------------------------------


def unprinted_receipts(journal: Journal) -> list[dict[str, str]]:
    """Receipts that did not print, newest first: failed, or unknown after a stop.

    ``{reference, created, outcome, detail}``; the technician reprints them from here.
    """
    return [
        {
            "reference": entry.reference,
            "created": entry.created_at.strftime("%d-%m-%Y %H:%M"),
            "outcome": entry.receipt.value,
            "detail": mask_nik_like_runs(entry.print_detail),
        }
        for entry in reversed(journal.unprinted())
        if entry.receipt is not ReceiptOutcome.PENDING
    ]


def receipt_preview(issuer: Issuer, journal: Journal, reference: str, dot_width: int) -> str:
    """The receipt as a PNG ``data:`` URL, from the model the printer gets; "" when none."""
    entry = journal.by_reference(reference) if reference else None
    receipt = None if entry is None else issuer.receipt_for(entry)
    if receipt is None:
        return ""
    from drivers.receipt_png import render_png  # Pillow: only for a technician's preview

    image = render_png(receipt, dot_width)
    buffer = io.BytesIO()
    image.save(buffer, format="PNG")
    return "data:image/png;base64," + base64.b64encode(buffer.getvalue()).decode("ascii")


# Letters -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class LetterLookup:
    """A receipt's letter as the letters screen shows it, with the copy fetched for it.

    ``fetched`` is the outcome of fetching one copy (its first page for the preview, the
    PDF for the print), or why none could be fetched; None while there is no letter.
    """

    proof: Proof
    listed: LetterList
    letter: Letter | None = None
    fetched: PickupOutcome | None = None


def extra_copy_for(letter: Letter) -> ExtraCopy | None:
    """A technician's extra copy when the letter's copies are used up, else an ordinary one."""
    used_up = letter.state is LetterState.COLLECTED or letter.copies_left == 0
    return ExtraCopy.TECHNICIAN if used_up else None


class TechnicianLetters:
    """The letters screen: one more copy of a citizen's letter, printed and audited.

    The technician gives the citizen's receipt (scanned or typed), as a citizen would on
    Ambil Surat: the kiosk needs the same proof. A copy is an ordinary one while copies
    are left, else a technician's extra copy (contract 1.4); either way the print goes
    through ``kiosk.pickup.LetterPickup``, so it is reported to central like any other,
    and the technician's audit trail says which letter printed and how it came out.
    Every call may block on central or the printer: the screen runs them on its worker.
    """

    def __init__(self, pickup: LetterPickup, mode: MaintenanceMode) -> None:
        self._pickup = pickup
        self._mode = mode

    def look_up(self, reference: str, check: str) -> LetterLookup:
        """The receipt's letter, and a copy fetched for its preview when it can print."""
        proof = Proof(reference, check)
        listed = self._pickup.letters(proof)
        if listed.result is not ListResult.FOUND:
            return LetterLookup(proof, listed)
        letter = next((item for item in listed.letters if item.reference == reference), None)
        if letter is None:
            return LetterLookup(proof, listed)
        return LetterLookup(proof, listed, letter, self._fetch(letter, proof))

    def print_copy(self, lookup: LetterLookup) -> tuple[PickupOutcome, LetterLookup]:
        """Print one copy of the looked-up letter; what came of it, and the letter after.

        The copy fetched with the letter prints; the letter is then looked up again, with
        a new copy fetched for the next tap, so a document id goes to the printer once.
        """
        letter = lookup.letter
        if letter is None:
            return PickupOutcome(PrintResult.FAILED, self._pickup.messages["failed"]), lookup
        fetched = lookup.fetched.fetched if lookup.fetched is not None else None
        if fetched is None:
            refetched = self._fetch(letter, lookup.proof)
            fetched = refetched.fetched
            if fetched is None:
                self._audit(letter, extra_copy_for(letter), refetched)
                return refetched, dataclasses.replace(lookup, fetched=refetched)
        outcome = self._pickup.print(fetched)
        self._audit(letter, fetched.extra_copy, outcome)
        after = self.look_up(lookup.proof.reference, lookup.proof.check)
        if after.letter is None:  # central did not answer this time: keep what was shown
            after = dataclasses.replace(lookup, fetched=None)
        return outcome, after

    def _fetch(self, letter: Letter, proof: Proof) -> PickupOutcome:
        return self._pickup.fetch(letter, proof, extra_copy_for(letter))

    def _audit(self, letter: Letter, extra: ExtraCopy | None, outcome: PickupOutcome) -> None:
        """The technician's trail: which letter, its number, how it came out (never a NIK)."""
        action = AuditAction.LETTER_PRINT if extra is None else AuditAction.LETTER_EXTRA_COPY
        self._mode.record(
            action,
            reference=letter.reference,
            number=letter.number,
            result=outcome.result.value,
            detail=outcome.detail,
        )


# Logs --------------------------------------------------------------------------------------


def log_lines(recent: RecentLogs) -> list[str]:
    """The last log lines, newest last; ``RecentLogs`` masked them before formatting.

    Masking the formatted line again would hide its own timestamp (17 digits).
    """
    return recent.lines(LOG_LINES)


# Settings ----------------------------------------------------------------------------------


def _shown(key: str, value: object) -> str:
    if key == "secret":
        return "••••••" if value else ""
    if isinstance(value, tuple):
        return ", ".join(str(item) for item in value)
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def config_rows(config: Config, saved: dict[str, object]) -> list[dict[str, Any]]:
    """Every setting, the editable ones with their limits; secrets never shown."""
    rows = []
    for section, key, _, _, _ in describe_schema():
        dotted = f"{section}.{key}"
        info = setting_info(dotted)
        assert info is not None
        rows.append(
            {
                "key": dotted,
                "value": _shown(key, current_value(config, dotted)),
                "saved": _shown(key, saved[dotted]) if dotted in saved else "",
                "editable": dotted in config.maintenance.editable_keys and is_editable(dotted),
                "kind": info.kind,
                "choices": [str(choice) for choice in info.choices or ()],
                "minimum": "" if info.minimum is None else f"{info.minimum:g}",
                "maximum": "" if info.maximum is None else f"{info.maximum:g}",
            }
        )
    return rows


def save_setting(config: Config, mode: MaintenanceMode, key: str, text: str) -> object:
    """Check and save one allowed setting (it applies at the next start), audited.

    Raises:
        ConfigError: the key is not in ``editable_keys``, or not a number, boolean or choice
            (whatever the file says, a text such as a secret is never edited here), or the
            value is not valid for the key.
        OSError: the override file could not be written.

    """
    value = parse_editable_setting(config, key, text)
    save_local_setting(config, key, value)
    old = current_value(config, key)
    mode.record(AuditAction.CONFIG_CHANGE, key=key, old=str(old), new=str(value))
    return value


def change_pin(mode: MaintenanceMode, pin: str, repeated: str) -> Role:
    """Set a new PIN for the role that is in (typed twice), audited.

    Raises:
        SecurityError: nobody is in, the two differ, or the PIN's form is wrong.
        OSError: the PIN file could not be written.

    """
    role = mode.role
    if role is None:
        raise SecurityError("nobody is in maintenance mode")
    if pin != repeated:
        raise SecurityError("the two PINs differ")
    mode.auth.change_pin(role, check_pin_format(pin))
    mode.record(AuditAction.PIN_CHANGE, role=role.value)
    return role
