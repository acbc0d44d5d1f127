"""Turns a submitted request into a committed record and a printed receipt.

Both steps block (SQLite, the printer), so the UI runs them on a worker thread and
reports each result to the session. A request counts as issued only once committed
and printed; a failed print leaves the record pending for a reprint, never a duplicate.
"""

from __future__ import annotations

import logging

from drivers.base import DriverError, Printer, PrinterStatus, PrintOutcome
from kiosk.config import KioskSection
from kiosk.receipts import queue_reference, queue_ticket_receipt
from kiosk.services import Flow
from kiosk.session import Outcome, SubmitRequest
from kiosk.tickets import TicketStore

log = logging.getLogger("kiosk.processor")

COUNTER_FIELD = "counter"


class Processor:
    """Commits and prints requests for every flow the kiosk offers."""

    def __init__(self, kiosk: KioskSection, tickets: TicketStore, printer: Printer) -> None:
        self._kiosk = kiosk
        self._tickets = tickets
        self._printer = printer

    def commit(self, request: SubmitRequest) -> Outcome:
        """Record the request durably and return what the done screen shows."""
        if request.service.flow is not Flow.QUEUE_TICKET:
            raise ValueError(f"no processor for flow {request.service.flow.value}")
        counter = request.service.counter(request.fields[COUNTER_FIELD])
        ticket = self._tickets.issue(request.idempotency_key, counter.code)
        return Outcome(reference=ticket.number, qr_payload=queue_reference(self._kiosk, ticket))

    def print_receipt(self, request: SubmitRequest) -> PrintOutcome:
        """Print the request's receipt once; a retry of a printed job prints nothing."""
        ticket = self._tickets.get(request.idempotency_key)
        if ticket is None:
            raise ValueError("print_receipt() before commit()")
        counter = request.service.counter(ticket.counter)
        receipt = queue_ticket_receipt(self._kiosk, ticket, counter, request.language)
        try:
            outcome = self._printer.print_receipt(request.idempotency_key, receipt)
        except DriverError as error:
            log.error("Printing %s failed: %s", ticket.number, error)
            outcome = PrintOutcome(
                request.idempotency_key, False, PrinterStatus.UNKNOWN, str(error)
            )
        self._tickets.mark_printed(request.idempotency_key, outcome.ok, outcome.detail)
        log.info("Receipt %s printed=%s %s", ticket.number, outcome.ok, outcome.detail)
        return outcome
