"""``TechOutbox`` in QML: the outbox rows and counts, retrying dead rows, the support export."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import Property, QObject, Signal, Slot

from kiosk.audit import AuditAction
from kiosk.clock import Clock
from kiosk.journal import Journal
from kiosk.maintenance import outbox_counts, outbox_rows, write_support_export
from ui.backends.maintenance.mode import MaintenanceBackend, MaintenancePage


class OutboxPage(MaintenancePage):
    """The outbox screen.

    Signals:
        outboxChanged: the rows or counts were refreshed (or wiped).
    """

    def __init__(
        self,
        mode: MaintenanceBackend,
        *,
        journal: Journal,
        clock: Clock,
        data_dir: Path,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(mode, "outbox", parent)
        self._journal = journal
        self._clock = clock
        self._data_dir = data_dir
        self._rows: list[dict[str, Any]] = []
        self._counts: dict[str, int] = {}

    outboxChanged = Signal()

    @Property(list, notify=outboxChanged)
    def outboxRows(self) -> list[dict[str, Any]]:
        """The newest outbox rows, without bodies."""
        return self._rows

    @Property(dict, notify=outboxChanged)
    def outboxCounts(self) -> dict[str, int]:
        """Waiting and dead rows: ``pending``, ``dead``, ``receipt_*``, ``audit_*``."""
        return self._counts

    @Slot()
    def refreshOutbox(self) -> None:
        """Load the newest outbox rows and the counts."""
        if self.role is None:
            return
        self._counts = outbox_counts(self._journal)
        self._rows = outbox_rows(self._journal)
        self.outboxChanged.emit()

    @Slot()
    def retryDead(self) -> None:
        """Queue every dead row again."""
        if self.role is None:
            return
        count = self._journal.retry_dead()
        self._mode.record(AuditAction.OUTBOX_RETRY, count=count)
        self._mode.notify("retried", str(count))
        self.refreshOutbox()

    @Slot()
    def exportOutbox(self) -> None:
        """Write the support export (no personal data) to the data folder's support folder."""
        if self.role is None:
            return
        export = self._journal.support_export()
        now = self._clock.now()

        def done(result: Path | Exception) -> None:
            ok = isinstance(result, Path)
            self._mode.record(AuditAction.OUTBOX_EXPORT, ok=ok, rows=len(export["rows"]))
            self._mode.notify("exported" if ok else "failed", str(result))

        self._mode.in_background(lambda: write_support_export(export, self._data_dir, now), done)

    def load(self) -> None:
        """The outbox tab was chosen."""
        self.refreshOutbox()

    def wipe(self) -> None:
        """The mode closed."""
        self._rows, self._counts = [], {}
        self.outboxChanged.emit()
