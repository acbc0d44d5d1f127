"""``Maintenance`` in QML: entry, PIN prompt, role, the screen on show, notices, leaving."""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import Property, QObject, QTimer, Signal, Slot

from kiosk.audit import AuditAction, DetailValue
from kiosk.identity import mask_nik_like_runs
from kiosk.maintenance import SCREENS, MaintenanceMode, Tick
from kiosk.security import Role
from ui.backends.worker import QtRunner

log = logging.getLogger("ui.maintenance")

TICK_MS = 1000


class MaintenancePage(QObject):
    """One technician screen: loads what it shows when shown, forgets it when the mode closes.

    A page registers with the mode, which loads it when its tab is chosen and wipes it
    when the technician leaves.
    """

    def __init__(self, mode: MaintenanceBackend, name: str, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._mode = mode
        mode.add_page(name, self)

    @property
    def role(self) -> Role | None:
        """The role that is in, or None."""
        return self._mode.model.role

    def load(self) -> None:
        """Fetch what the screen shows (its tab was chosen)."""

    def wipe(self) -> None:
        """Forget everything shown (the mode closed)."""


class MaintenanceBackend(QObject):
    """Maintenance mode as QML sees it.

    Signals:
        promptOpenChanged: the PIN prompt opened or closed.
        activeChanged: a technician entered or left maintenance mode.
        screenChanged: another maintenance screen was chosen.
        pinStateChanged: a PIN attempt failed, was refused, or the lockout moved.
        noticeChanged: an action finished and says so.
    """

    def __init__(
        self, model: MaintenanceMode, gesture_corner: str, parent: QObject | None = None
    ) -> None:
        super().__init__(parent)
        self.model = model
        self._gesture_corner = gesture_corner
        self._pages: dict[str, MaintenancePage] = {}
        self._screen = SCREENS[0]
        self._notice = ("", "")
        self.runner = QtRunner("maintenance", self)
        self._timer = QTimer(self)
        self._timer.setInterval(TICK_MS)
        self._timer.timeout.connect(self._tick)
        self._timer.start()

    def add_page(self, name: str, page: MaintenancePage) -> None:
        """A screen's backend, loaded when its tab is chosen."""
        self._pages[name] = page

    # Properties ---------------------------------------------------------------------------

    promptOpenChanged = Signal()

    @Property(bool, notify=promptOpenChanged)
    def promptOpen(self) -> bool:
        """The PIN prompt is shown (above the citizen screen)."""
        return self.model.prompt_open

    activeChanged = Signal()

    @Property(bool, notify=activeChanged)
    def active(self) -> bool:
        """A technician is in maintenance mode."""
        return self.model.role is not None

    @Property(str, notify=activeChanged)
    def role(self) -> str:
        """``technician``, ``supervisor``, or "" when nobody is in."""
        return "" if self.model.role is None else self.model.role.value

    @Property(bool, notify=activeChanged)
    def canExit(self) -> bool:
        """Only a supervisor may leave the kiosk for the desktop."""
        return self.model.role is not None and self.model.role.allows(Role.SUPERVISOR)

    @Property(str, constant=True)
    def gestureCorner(self) -> str:
        """Where the hidden gesture is tapped: ``top-left`` ... ``bottom-right``."""
        return self._gesture_corner

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
        return self.model.pin_state.value

    @Property(int, notify=pinStateChanged)
    def lockoutSeconds(self) -> int:
        """Whole seconds until the next PIN attempt is allowed."""
        return self.model.lockout_seconds()

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
        if self.model.corner_tapped():
            self._prompt_changed()

    @Slot(str, result=bool)
    def cardTapped(self, uid: str) -> bool:
        """A card was presented: True when it is a technician card and the PIN prompt opened."""
        opened = self.model.card_tapped(uid)
        if opened:
            self._prompt_changed()
        return opened

    @Slot(str)
    def submitPin(self, pin: str) -> None:
        """Check a PIN typed on the pad."""
        if self.model.submit_pin(pin):
            self._screen = SCREENS[0]
            self._pages[self._screen].load()
            self.promptOpenChanged.emit()
            self.activeChanged.emit()
            self.screenChanged.emit()
        self.pinStateChanged.emit()

    @Slot()
    def cancelPrompt(self) -> None:
        """Close the PIN prompt without entering."""
        if self.model.cancel_prompt():
            self._prompt_changed()

    @Slot()
    def leave(self) -> None:
        """Leave maintenance mode by hand."""
        self.close("technician")

    def close(self, reason: str) -> None:
        """Leave the mode and wipe every screen (by hand, restart or exit)."""
        if self.model.leave(reason):
            self._wipe()

    @Slot()
    def activity(self) -> None:
        """A touch or key press: maintenance idle starts again."""
        self.model.activity()

    def _prompt_changed(self) -> None:
        self.promptOpenChanged.emit()
        self.pinStateChanged.emit()

    def _tick(self) -> None:
        tick = self.model.tick()
        if tick is Tick.LEFT:
            self._wipe()
        elif tick is Tick.LOCKOUT:
            self.pinStateChanged.emit()

    def _wipe(self) -> None:
        """Forget everything a technician saw, on every screen."""
        self._screen = SCREENS[0]
        self._notice = ("", "")
        for page in self._pages.values():
            page.wipe()
        for signal in (
            self.promptOpenChanged,
            self.activeChanged,
            self.screenChanged,
            self.pinStateChanged,
            self.noticeChanged,
        ):
            signal.emit()

    # Navigation and notices ---------------------------------------------------------------

    @Slot(str)
    def showScreen(self, name: str) -> None:
        """Switch to a maintenance screen and load what it shows."""
        if self.model.role is None or name not in SCREENS:
            return
        self._screen = name
        self._notice = ("", "")
        self._pages[name].load()
        self.screenChanged.emit()
        self.noticeChanged.emit()

    def notify(self, kind: str, detail: str) -> None:
        """Say what an action came to (QML words ``kind``); the detail is masked."""
        self._notice = (kind, mask_nik_like_runs(detail))
        self.noticeChanged.emit()

    def record(self, action: AuditAction, **detail: DetailValue) -> None:
        """Audit an action of the technician who is in."""
        self.model.record(action, **detail)

    def in_background(self, work: Callable[[], Any], then: Callable[[Any], None]) -> None:
        """Printing and disk writes off the GUI thread; ``then`` runs back on it."""
        self.runner.run(work, then)

    def shutdown(self) -> None:
        """Stop the timer and the worker (composition root teardown)."""
        self._timer.stop()
        self.runner.shutdown()
