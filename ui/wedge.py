"""A keyboard-wedge QR scanner inside Qt: tell a scanner's burst from a citizen's typing.

A wedge scanner is a USB keyboard as far as the system knows: it "types" the code and
presses Enter, into whatever has focus. A person types one key every 100 ms or more; a
scanner sends a key every few milliseconds and ends with Enter. So every printable key
is held back for a moment (``max_interval``), never dropped:

* when the next key comes sooner, it is held too;
* when the gap runs out first, or any other key comes (Backspace, arrows, Tab), the held
  keys are replayed, in order, to the window they were meant for: the citizen's typing
  lands in the field, ``max_interval`` later;
* when Enter comes within ``max_interval`` of the last held key and at least
  ``min_length`` keys are held, that was a scan: ``scanned`` is emitted with the text and
  neither the keys nor the Enter reach the field.

Timing comes from each key event's own timestamp (when the platform saw the key), not
from when the GUI thread gets to it: a busy GUI thread delivers a person's keys late and
bunched together, which the processing time would mistake for a scan. Only the timer that
releases the last held keys runs on the wall clock.

The timing rule is :class:`BurstDetector`, plain Python with the clock passed in;
:class:`KeyboardWedge` is the thin Qt event filter the composition root installs on the
``QGuiApplication``. It looks at key events addressed to windows only (a window passes
each key on to its focus item, which would otherwise be seen twice), and at nothing
while it replays.
"""

from __future__ import annotations

import functools
import logging
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Generic, TypeVar

from PySide6 import QtCore
from PySide6.QtCore import QCoreApplication, QEvent, QObject, QTimer, Signal
from PySide6.QtGui import QKeyEvent, QWindow
from shiboken6 import isValid

log = logging.getLogger("ui.wedge")

#: Longest gap between a scanner's keys; people are slower.
DEFAULT_MAX_INTERVAL = 0.035
#: Fewer keys than this before Enter are typing, not a scan (our codes are much longer).
DEFAULT_MIN_LENGTH = 6
#: Keys held at most; a longer burst is cut (the parser refuses it as too long).
DEFAULT_MAX_LENGTH = 513

T = TypeVar("T")


@dataclass(frozen=True)
class HeldKey(Generic[T]):
    """One key held back: its text, and whatever the caller needs to replay it."""

    text: str
    event: T


class BurstDetector(Generic[T]):
    """Which held keys were a scan and which must be replayed; the clock is the caller's.

    Args:
        max_interval: seconds allowed between two keys of one burst, and before its Enter.
        min_length: keys a burst needs before Enter to count as a scan.
        max_length: keys held at most; later keys of an overlong burst are dropped, and
            the burst is reported cut (a person cannot type this many this fast).

    """

    def __init__(
        self,
        max_interval: float = DEFAULT_MAX_INTERVAL,
        min_length: int = DEFAULT_MIN_LENGTH,
        max_length: int = DEFAULT_MAX_LENGTH,
    ) -> None:
        self.max_interval = max_interval
        self.min_length = min_length
        self.max_length = max_length
        self._held: list[HeldKey[T]] = []
        self._last = 0.0
        self._dropped = 0

    @property
    def holding(self) -> bool:
        """Whether any key is held."""
        return bool(self._held)

    @property
    def deadline(self) -> float | None:
        """When the held keys turn into typing, if nothing comes before."""
        return self._last + self.max_interval if self._held else None

    def press(self, key: HeldKey[T], now: float) -> list[HeldKey[T]]:
        """Hold ``key``; returns keys to replay first (a burst that had already ended)."""
        replay = self.expire(now)
        if len(self._held) >= self.max_length:
            self._dropped += 1
        else:
            self._held.append(key)
        self._last = now
        return replay

    def enter(self, now: float) -> str | list[HeldKey[T]]:
        """Enter was pressed: the scanned text, or the keys to replay before the Enter."""
        replay = self.expire(now)
        if replay or len(self._held) < self.min_length:
            return replay + self.flush()
        text = "".join(key.text for key in self._held)
        if self._dropped:
            log.warning("wedge burst over %d keys: %d dropped", self.max_length, self._dropped)
        self._held.clear()
        self._dropped = 0
        return text

    def expire(self, now: float) -> list[HeldKey[T]]:
        """The held keys if the gap since the last one ran out (typing), else nothing."""
        if self._held and now - self._last > self.max_interval:
            return self.flush()
        return []

    def flush(self) -> list[HeldKey[T]]:
        """Every held key, to replay now (another key came, or the filter is going away)."""
        held, self._held = self._held, []
        self._dropped = 0
        return held


@dataclass(frozen=True)
class _KeyPress:
    """What is needed to replay one key press and its release."""

    target: QWindow
    key: int
    modifiers: QtCore.Qt.KeyboardModifier
    text: str
    native_scan_code: int
    native_virtual_key: int
    native_modifiers: int


@dataclass(frozen=True)
class _SpecialKeys:
    """Keys the wedge treats apart from a scan's characters."""

    enter: frozenset[QtCore.Qt.Key]
    modifiers: frozenset[QtCore.Qt.Key]
    command_modifiers: QtCore.Qt.KeyboardModifier


@functools.cache
def _special_keys() -> _SpecialKeys:
    """The wedge's special keys, built at the first key press rather than at import.

    PySide6 creates all of ``Qt``'s enums (about 40 ms) the first time ``Qt`` is used,
    which would delay the kiosk's first frame (``ui/app.py``'s ``escape_keys``).
    """
    key, modifier = QtCore.Qt.Key, QtCore.Qt.KeyboardModifier
    return _SpecialKeys(
        enter=frozenset({key.Key_Return, key.Key_Enter}),
        modifiers=frozenset(
            {
                key.Key_Shift,
                key.Key_Control,
                key.Key_Alt,
                key.Key_AltGr,
                key.Key_Meta,
                key.Key_CapsLock,
            }
        ),
        command_modifiers=(modifier.ControlModifier | modifier.AltModifier | modifier.MetaModifier),
    )


class KeyboardWedge(QObject):
    """Application-wide event filter that turns scanner bursts into ``scanned``.

    Install with ``app.installEventFilter(wedge)``. Everything a person types reaches
    its field, ``max_interval`` late.

    Signals:
        scanned(str): the text of one scan, without its Enter; untrusted, for the parser.

    """

    scanned = Signal(str)

    def __init__(
        self,
        parent: QObject | None = None,
        *,
        max_interval: float = DEFAULT_MAX_INTERVAL,
        min_length: int = DEFAULT_MIN_LENGTH,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        super().__init__(parent)
        self._detector: BurstDetector[_KeyPress] = BurstDetector(max_interval, min_length)
        self._clock = clock
        self._replaying = False
        self._swallow_release: dict[int, int] = {}
        self._last_event_time = 0.0
        self._last_wall_time = 0.0
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.timeout.connect(self._on_timeout)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        """Hold, replay or swallow key events addressed to a window; pass everything else."""
        kind = event.type()
        if self._replaying or kind not in (QEvent.Type.KeyPress, QEvent.Type.KeyRelease):
            return False
        if not isinstance(watched, QWindow) or not isinstance(event, QKeyEvent):
            return False
        if kind == QEvent.Type.KeyRelease:
            return self._release(event)
        return self._press(watched, event)

    def flush(self) -> None:
        """Replay whatever is held now (before the filter is removed)."""
        self._replay(self._detector.flush())

    def _event_time(self, event: QKeyEvent) -> float:
        """When the key was pressed, in seconds: its timestamp, or the clock without one."""
        wall = self._clock()
        stamp = event.timestamp()
        now = stamp / 1000 if stamp else wall
        self._last_event_time, self._last_wall_time = now, wall
        return now

    def _now(self) -> float:
        """The event time it would be now, from the last event and the wall clock since."""
        return self._last_event_time + (self._clock() - self._last_wall_time)

    def _press(self, window: QWindow, event: QKeyEvent) -> bool:
        now = self._event_time(event)
        self._replay(self._detector.expire(now))
        key = event.key()
        special = _special_keys()
        if key in special.enter and not event.isAutoRepeat():
            result = self._detector.enter(now)
            if isinstance(result, str):
                self._timer.stop()
                self._swallow(key)
                log.info("wedge scan of %d characters", len(result))
                self.scanned.emit(result)
                return True
            self._replay(result)
            return False
        if key in special.modifiers:
            return False
        text = event.text()
        printable = len(text) == 1 and text.isprintable()
        if not printable or event.isAutoRepeat() or event.modifiers() & special.command_modifiers:
            self._replay(self._detector.flush())
            return False
        held = _KeyPress(
            window,
            key,
            event.modifiers(),
            text,
            event.nativeScanCode(),
            event.nativeVirtualKey(),
            event.nativeModifiers(),
        )
        self._replay(self._detector.press(HeldKey(text, held), now))
        self._swallow(key)
        self._arm_timer(now)
        return True

    def _release(self, event: QKeyEvent) -> bool:
        key = event.key()
        pending = self._swallow_release.get(key, 0)
        if pending <= 0 or event.isAutoRepeat():
            return False
        if pending == 1:
            del self._swallow_release[key]
        else:
            self._swallow_release[key] = pending - 1
        return True

    def _swallow(self, key: int) -> None:
        """The real release of a held key is dropped; its replay brings its own."""
        self._swallow_release[key] = self._swallow_release.get(key, 0) + 1

    def _arm_timer(self, now: float) -> None:
        deadline = self._detector.deadline
        if deadline is None:
            self._timer.stop()
            return
        self._timer.start(max(1, int((deadline - now) * 1000) + 1))

    def _on_timeout(self) -> None:
        now = self._now()
        self._replay(self._detector.expire(now))
        if self._detector.holding:
            self._arm_timer(now)

    def _replay(self, keys: list[HeldKey[_KeyPress]]) -> None:
        if not keys:
            return
        if not self._detector.holding:
            self._timer.stop()
        self._replaying = True
        try:
            for held in keys:
                press = held.event
                if not isValid(press.target):
                    log.debug("window gone; a held key is not replayed")
                    continue
                for kind in (QEvent.Type.KeyPress, QEvent.Type.KeyRelease):
                    replayed = QKeyEvent(
                        kind,
                        press.key,
                        press.modifiers,
                        press.native_scan_code,
                        press.native_virtual_key,
                        press.native_modifiers,
                        press.text,
                    )
                    QCoreApplication.sendEvent(press.target, replayed)
        finally:
            self._replaying = False
