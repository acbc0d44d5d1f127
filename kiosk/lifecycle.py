"""What every composition root shares: the startup errors and the undo list of built steps.

Kept apart from ``kiosk.core`` and free of other kiosk modules: the kiosk builds its attract
screen with these before importing the core, which it builds after its first frame.
"""

from __future__ import annotations

import logging
from collections.abc import Callable

log = logging.getLogger("kiosk.lifecycle")


class StartupError(Exception):
    """The kiosk cannot start; the message says exactly why, for the technician."""


class ConfigurationError(StartupError):
    """A setting or data file is wrong, so the commands exit 2.

    The message names the file, the key, what was expected and what was found: the
    technician fixes the file, not the machine.
    """


class Teardown:
    """Undo steps recorded while building, last first; every step is attempted and logged."""

    def __init__(self) -> None:
        self._steps: list[tuple[str, Callable[[], None]]] = []

    def add(self, name: str, action: Callable[[], None]) -> None:
        """Record how to undo the step just built."""
        self._steps.append((name, action))

    def run(self) -> None:
        """Undo every recorded step in reverse order."""
        while self._steps:
            name, action = self._steps.pop()
            try:
                action()
                log.info("Shutdown: %s", name)
            except Exception:
                log.exception("Shutdown step %s failed", name)
