"""``TechReceipts`` in QML: receipts that did not print, a preview, a reprint by reference.

Failed prints and those a stop cut off (unknown) are listed alike: both are reprinted.
"""

from __future__ import annotations

from PySide6.QtCore import Property, QObject, Signal, Slot

from kiosk.audit import AuditAction
from kiosk.issuing import Issuer, Reprinted
from kiosk.journal import Journal
from kiosk.maintenance import receipt_preview, unprinted_receipts
from ui.backends.maintenance.mode import MaintenanceBackend, MaintenancePage


class ReceiptsPage(MaintenancePage):
    """The receipts screen; reprints go through the issuer, as a citizen's scan does.

    Signals:
        receiptsChanged: the list, the choice or the preview changed.
    """

    def __init__(
        self,
        mode: MaintenanceBackend,
        *,
        journal: Journal,
        issuer: Issuer,
        dot_width: int,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(mode, "receipts", parent)
        self._journal = journal
        self._issuer = issuer
        self._dot_width = dot_width
        self._receipts: list[dict[str, str]] = []
        self._selected = ""
        self._preview = ""

    receiptsChanged = Signal()

    @Property(list, notify=receiptsChanged)
    def receipts(self) -> list[dict[str, str]]:
        """Receipts to reprint: ``{reference, created, outcome, detail}``, newest first."""
        return self._receipts

    @Property(str, notify=receiptsChanged)
    def selectedReference(self) -> str:
        """The receipt chosen for the preview."""
        return self._selected

    @Property(str, notify=receiptsChanged)
    def previewSource(self) -> str:
        """The chosen receipt as a PNG ``data:`` URL, from the same model the printer uses."""
        return self._preview

    @Slot()
    def refreshReceipts(self) -> None:
        """Load the receipts that did not print."""
        if self.role is None:
            return
        self._receipts = unprinted_receipts(self._journal)
        if self._selected not in {row["reference"] for row in self._receipts}:
            self._selected = self._receipts[0]["reference"] if self._receipts else ""
        self._show_preview()

    @Slot(str)
    def selectReceipt(self, reference: str) -> None:
        """Show the preview of one receipt."""
        if self.role is None:
            return
        self._selected = reference
        self._show_preview()

    @Slot(str)
    def reprint(self, reference: str) -> None:
        """Print a receipt that did not print, by its reference (never one already printed)."""
        if self.role is None:
            return
        refusal = self._issuer.reprint(reference, self._reprinted)
        if refusal is not None:
            self._mode.notify("reprint_refused", f"{reference}: {refusal.value}")
        else:
            self._mode.notify("printing", reference)

    def _reprinted(self, result: Reprinted) -> None:
        self._mode.record(
            AuditAction.REPRINT,
            reference=result.reference,
            result="ok" if result.ok else "failed",
            detail=result.detail,
        )
        kind = "reprinted" if result.ok else "failed"
        self._mode.notify(kind, f"{result.reference} {result.detail}".strip())
        self.refreshReceipts()

    def _show_preview(self) -> None:
        self._preview = receipt_preview(
            self._issuer, self._journal, self._selected, self._dot_width
        )
        self.receiptsChanged.emit()

    def load(self) -> None:
        """The receipts tab was chosen."""
        self.refreshReceipts()

    def wipe(self) -> None:
        """The mode closed."""
        self._receipts, self._selected, self._preview = [], "", ""
        self.receiptsChanged.emit()
