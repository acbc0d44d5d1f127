"""``TechTests`` in QML: a test receipt, the next card (masked), the next scan (masked)."""

from __future__ import annotations

from PySide6.QtCore import Property, QObject, Signal, Slot

from drivers.base import Printer, PrintOutcome
from kiosk.maintenance import DeviceChecks
from ui.backends.maintenance.mode import MaintenanceBackend, MaintenancePage


class TestsPage(MaintenancePage):
    """The tests screen.

    Signals:
        testsChanged: a test started or finished (or the results were wiped).
    """

    __test__ = False  # not a pytest class, whatever its name says

    def __init__(
        self,
        mode: MaintenanceBackend,
        checks: DeviceChecks,
        printer: Printer,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(mode, "tests", parent)
        self._checks = checks
        self._printer = printer

    testsChanged = Signal()

    @Property(dict, notify=testsChanged)
    def tests(self) -> dict[str, dict[str, str]]:
        """``print``, ``card``, ``scan``: ``{state, reason, detail}`` (state: idle ... failed)."""
        return self._checks.as_dict()

    @Slot()
    def testPrint(self) -> None:
        """Print the installer's test receipt on the running printer."""
        if not self._checks.start("print"):
            return
        self.testsChanged.emit()

        def done(result: PrintOutcome | Exception) -> None:
            self._checks.printed(result)
            self.testsChanged.emit()

        self._mode.in_background(self._checks.print_job(self._printer), done)

    @Slot()
    def testCard(self) -> None:
        """Wait for the next card and show its masked UID."""
        if self._checks.start("card"):
            self.testsChanged.emit()

    @Slot()
    def testScan(self) -> None:
        """Wait for the next scan and show it masked."""
        if self._checks.start("scan"):
            self.testsChanged.emit()

    def on_event(self, event: object) -> None:
        """Cards and scans from the bridge, for a test waiting for one."""
        if self.role is not None and self._checks.on_event(event):
            self.testsChanged.emit()

    def wipe(self) -> None:
        """The mode closed."""
        self._checks.reset()
        self.testsChanged.emit()
