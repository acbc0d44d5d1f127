"""``TechLogs`` in QML: the last log lines, masked."""

from __future__ import annotations

from PySide6.QtCore import Property, QObject, Signal, Slot

from kiosk.logs import RecentLogs
from kiosk.maintenance import log_lines
from ui.backends.maintenance.mode import MaintenanceBackend, MaintenancePage


class LogsPage(MaintenancePage):
    """The logs screen.

    Signals:
        logLinesChanged: the lines were refreshed (or wiped).
    """

    def __init__(
        self, mode: MaintenanceBackend, recent: RecentLogs, parent: QObject | None = None
    ) -> None:
        super().__init__(mode, "logs", parent)
        self._recent = recent
        self._lines: list[str] = []

    logLinesChanged = Signal()

    @Property(list, notify=logLinesChanged)
    def logLines(self) -> list[str]:
        """The last log lines, newest last; NIK-like runs masked."""
        return self._lines

    @Slot()
    def refreshLogs(self) -> None:
        """Load the last log lines."""
        if self.role is None:
            return
        self._lines = log_lines(self._recent)
        self.logLinesChanged.emit()

    def load(self) -> None:
        """The logs tab was chosen."""
        self.refreshLogs()

    def wipe(self) -> None:
        """The mode closed."""
        self._lines = []
        self.logLinesChanged.emit()
