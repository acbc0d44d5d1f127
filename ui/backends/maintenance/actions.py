"""``TechActions`` in QML: reload the catalog, restart, and (supervisors) exit to the desktop."""

from __future__ import annotations

from PySide6.QtCore import QObject, Slot

from kiosk.audit import AuditAction
from kiosk.maintenance import MaintenanceActions
from kiosk.security import Role
from ui.backends.maintenance.mode import MaintenanceBackend, MaintenancePage


class ActionsPage(MaintenancePage):
    """The actions screen; the host (``ui.app``) does what each action needs."""

    def __init__(
        self, mode: MaintenanceBackend, actions: MaintenanceActions, parent: QObject | None = None
    ) -> None:
        super().__init__(mode, "actions", parent)
        self.actions = actions

    @Slot()
    def reloadCatalog(self) -> None:
        """Ask central for the catalog now."""
        if self.role is None:
            return
        asked = self.actions.reload_catalog()
        self._mode.record(AuditAction.CATALOG_RELOAD, asked=asked)
        self._mode.notify("catalog_requested" if asked else "catalog_offline", "")

    @Slot()
    def restart(self) -> None:
        """Restart the kiosk application."""
        if self.role is None:
            return
        self._mode.record(AuditAction.RESTART)
        self._mode.close("restart")
        self.actions.restart()

    @Slot()
    def exitToDesktop(self) -> None:
        """Leave the kiosk for the desktop: supervisors only."""
        role = self.role
        if role is None:
            return
        allowed = role.allows(Role.SUPERVISOR)
        self._mode.record(AuditAction.EXIT_TO_DESKTOP, allowed=allowed)
        if not allowed:
            self._mode.notify("exit_refused", "")
            return
        self._mode.close("exit")
        self.actions.exit_to_desktop()
