"""``TechConfig`` in QML: every setting, editing the allowed ones, and changing the PIN."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Property, QObject, Signal, Slot

from kiosk.config import Config, ConfigError
from kiosk.maintenance import change_pin, config_rows, save_setting
from kiosk.security import SecurityError
from ui.backends.maintenance.mode import MaintenanceBackend, MaintenancePage


class ConfigPage(MaintenancePage):
    """The settings screen; a saved setting applies at the next start.

    Signals:
        configRowsChanged: the list was refreshed, a setting saved (or the list wiped).
    """

    def __init__(
        self, mode: MaintenanceBackend, config: Config, parent: QObject | None = None
    ) -> None:
        super().__init__(mode, "config", parent)
        self._config = config
        self._rows: list[dict[str, Any]] = []
        self._saved: dict[str, object] = {}

    configRowsChanged = Signal()

    @Property(list, notify=configRowsChanged)
    def configRows(self) -> list[dict[str, Any]]:
        """Every setting: ``{key, value, saved, editable, kind, choices, minimum, maximum}``."""
        return self._rows

    @Slot()
    def refreshConfig(self) -> None:
        """List every setting; secrets never shown."""
        if self.role is None:
            return
        self._rows = config_rows(self._config, self._saved)
        self.configRowsChanged.emit()

    @Slot(str, str, result=bool)
    def setConfig(self, key: str, text: str) -> bool:
        """Check and save one allowed setting."""
        if self.role is None:
            return False
        try:
            value = save_setting(self._config, self._mode.model, key, text)
        except (ConfigError, OSError) as error:
            self._mode.notify("config_refused", str(error))
            return False
        self._saved[key] = value
        self._mode.notify("config_saved", f"{key} = {value}")
        self.refreshConfig()
        return True

    @Slot(str, str, result=bool)
    def changePin(self, pin: str, repeated: str) -> bool:
        """Set a new PIN for the role that is in (typed twice)."""
        if self.role is None:
            return False
        try:
            role = change_pin(self._mode.model, pin, repeated)
        except (SecurityError, OSError) as error:
            self._mode.notify("pin_refused", str(error))
            return False
        self._mode.notify("pin_changed", role.value)
        return True

    def load(self) -> None:
        """The settings tab was chosen."""
        self.refreshConfig()

    def wipe(self) -> None:
        """The mode closed."""
        self._rows, self._saved = [], {}
        self.configRowsChanged.emit()
