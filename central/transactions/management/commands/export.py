"""``python -m central export``: every stored transaction as a JSON array, in receipt order."""

from __future__ import annotations

import json
from typing import Any

from central.command import CentralCommand
from central.transactions.models import Transaction


class Command(CentralCommand):
    """One object a transaction: who sent it, its key and reference, status and receipt."""

    help = "Print every stored transaction as JSON, in receipt order."

    def handle(self, *args: Any, **options: Any) -> None:
        """Write the array to stdout."""
        rows = Transaction.objects.select_related("kiosk").order_by("id").iterator()
        exported = [
            {
                "kiosk_id": row.kiosk.kiosk_id,
                "idempotency_key": str(row.idempotency_key),
                "reference": row.reference,
                "service": row.service,
                "created_at": row.created_at_sent,
                "status": row.status,
                "receipt": row.receipt,
            }
            for row in rows
        ]
        self.stdout.write(json.dumps(exported, indent=2, ensure_ascii=False))
