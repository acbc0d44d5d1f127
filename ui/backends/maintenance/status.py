"""``TechStatus`` in QML: device, link, outbox, disk, version and uptime, each with its health."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import Property, QObject, Signal, Slot

from drivers.base import Devices, ScanReceived
from kiosk.clock import Clock
from kiosk.config import Config
from kiosk.journal import Journal
from kiosk.maintenance import mask_scan, status_rows
from kiosk.sync import SyncState
from ui.backends.maintenance.mode import MaintenanceBackend, MaintenancePage


class StatusPage(MaintenancePage):
    """The status screen; it also follows the central link and the last scan while closed.

    Signals:
        statusChanged: the rows were refreshed (or wiped).
    """

    def __init__(
        self,
        mode: MaintenanceBackend,
        *,
        config: Config,
        clock: Clock,
        devices: Devices,
        journal: Journal,
        data_dir: Path,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(mode, "status", parent)
        self._config = config
        self._clock = clock
        self._devices = devices
        self._journal = journal
        self._data_dir = data_dir
        self._started = clock.monotonic()
        self._sync = SyncState()
        self._last_scan = ""
        self._rows: list[dict[str, Any]] = []

    statusChanged = Signal()

    @Property(list, notify=statusChanged)
    def status(self) -> list[dict[str, Any]]:
        """Rows of ``{key, value, health}`` (``ok``, ``warning``, ``error``); QML names each key."""
        return self._rows

    @Slot()
    def refreshStatus(self) -> None:
        """Collect the facts again."""
        if self.role is None:
            return
        rows = status_rows(
            self._config,
            self._devices,
            self._journal,
            self._sync,
            self._data_dir,
            self._clock.monotonic() - self._started,
            self._last_scan,
        )
        self._rows = [row.as_dict() for row in rows]
        self.statusChanged.emit()

    def on_event(self, event: object) -> None:
        """Sync states and scans from the bridge: the link and the last scan, masked."""
        if isinstance(event, SyncState):
            self._sync = event
        elif isinstance(event, ScanReceived):
            self._last_scan = f"{self._clock.now():%H:%M:%S}  {mask_scan(event.payload)}"

    def load(self) -> None:
        """The status tab was chosen."""
        self.refreshStatus()

    def wipe(self) -> None:
        """The mode closed."""
        self._rows = []
        self.statusChanged.emit()
