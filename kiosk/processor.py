"""Turns a submitted request into a journalled record and a printed receipt.

The steps of issuing one: number and commit (``commit``), compose and print the receipt
and record what became of it (``print_first``, ``reprint``). ``kiosk.issuing`` runs them in
order for every caller. A request counts as issued only once committed and printed; a
failed print leaves it for a reprint, never a duplicate.
"""

from __future__ import annotations

import datetime as dt
import logging
import re
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from drivers.base import DriverError, Printer, PrinterStatus, PrintOutcome
from drivers.receipt import Receipt
from kiosk.catalog import service_copy
from kiosk.config import KioskSection
from kiosk.hall import QueuePlace
from kiosk.identity import Identity
from kiosk.journal import Draft, Entry, Journal, ReceiptOutcome
from kiosk.receipts import form_receipt, queue_ticket_receipt
from kiosk.services import Flow, Service
from kiosk.session import Outcome, SubmitRequest
from kiosk.signing import receipt_check, receipt_qr_payload

if TYPE_CHECKING:
    from kiosk.hallclient import HallNumber

log = logging.getLogger("kiosk.processor")

COUNTER_FIELD = "counter"
NUMBER_FIELD = "number"
#: Beside a queue ticket's fields in the journal (never sent): its place at issue.
PLACE_KEY = "place"
#: The reference series of a number central gave (contract 1.3, "Queue tickets").
CENTRAL_SERIES = "Q"

#: Asks central for the hall's number of a counter under the ticket's idempotency key;
#: None: number it here. May raise :class:`kiosk.hallclient.UnitClosedError`.
AskNumber = Callable[[str, str], "HallNumber | None"]
#: Stands in for the name of an identity typed as a NIK alone (the contract needs a name).
UNKNOWN_NAME = "-"


def reference_for(kiosk_id: str, moment: dt.datetime, local_part: str) -> str:
    """A reference unique across kiosks and days, in the central contract's alphabet."""
    kiosk = re.sub(r"[^A-Z0-9]+", "-", kiosk_id.upper()).strip("-")
    return f"{kiosk}-{moment:%Y%m%d}-{local_part}"


class Processor:
    """Commits and prints requests for every flow the kiosk offers."""

    def __init__(
        self,
        kiosk: KioskSection,
        journal: Journal,
        printer: Printer,
        receipt_secret: str,
        ask_number: AskNumber | None = None,
    ) -> None:
        """``receipt_secret`` signs each receipt's QR (the kiosk's central secret).

        ``ask_number`` asks central for a queue ticket's number (None: no central, every
        ticket is numbered here).
        """
        self._kiosk = kiosk
        self._journal = journal
        self._printer = printer
        self._secret = receipt_secret
        self._ask_number = ask_number

    def commit(self, request: SubmitRequest) -> Outcome:
        """Record the request durably (journal and outbox) and return what the screen shows."""
        service = request.service
        if service.flow is Flow.FORM:
            return self._commit_form(request)
        if service.flow is not Flow.QUEUE_TICKET:
            raise ValueError(f"no processor for flow {service.flow.value}")
        counter = service.counter(request.fields[COUNTER_FIELD])
        existing = self._journal.get(request.idempotency_key)
        hall = None
        if existing is None and self._ask_number is not None:
            hall = self._ask_number(counter.code, request.idempotency_key)
        place = None if hall is None else hall.place.as_json()

        def compose(sequence: int, created_at: dt.datetime) -> Draft:
            if hall is None:
                number = f"{self._kiosk.ticket_prefix}-{counter.code}{sequence:03d}"
                reference = reference_for(self._kiosk.id, created_at, number)
            else:
                # Q, then Q2, Q3 when central's number comes twice in a day (after 999).
                number = hall.number
                series = CENTRAL_SERIES if sequence == 1 else f"{CENTRAL_SERIES}{sequence}"
                reference = reference_for(self._kiosk.id, created_at, f"{series}-{number}")
            fields = {COUNTER_FIELD: counter.code, NUMBER_FIELD: number}
            return Draft(
                reference=reference,
                personal={"fields": fields, "identity": None, PLACE_KEY: place},
                body={
                    "reference": reference,
                    "service": service.id,
                    "created_at": created_at.isoformat(),
                    "language": request.language,
                    "fields": fields,
                    "identity": None,
                },
            )

        entry = self._journal.record(
            request.idempotency_key,
            service.id,
            request.language,
            f"queue:{counter.code}" if hall is None else f"queue-hall:{hall.number}",
            compose,
            service_copy(service),
        )
        return self._outcome(entry)

    def _commit_form(self, request: SubmitRequest) -> Outcome:
        """A letter request, complaint or report: numbered per service and day."""
        service = request.service
        fields = {name: value.strip() for name, value in request.fields.items() if value.strip()}
        identity = _identity_json(request.identity)

        def compose(sequence: int, created_at: dt.datetime) -> Draft:
            number = f"{self._kiosk.ticket_prefix}-{service.reference_code}{sequence:04d}"
            reference = reference_for(self._kiosk.id, created_at, number)
            return Draft(
                reference=reference,
                personal={"fields": fields, "identity": identity, NUMBER_FIELD: number},
                body={
                    "reference": reference,
                    "service": service.id,
                    "created_at": created_at.isoformat(),
                    "language": request.language,
                    "fields": fields,
                    "identity": identity,
                },
            )

        entry = self._journal.record(
            request.idempotency_key,
            service.id,
            request.language,
            f"service:{service.id}",
            compose,
            service_copy(service),
        )
        return self._outcome(entry)

    def print_first(self, request: SubmitRequest) -> PrintOutcome:
        """Print a committed request's receipt: printed, or failed (the screen shows it)."""
        entry = self._journal.get(request.idempotency_key)
        if entry is None:
            raise ValueError("print_first() before commit()")
        outcome = self._print(entry, request.service)
        result = ReceiptOutcome.PRINTED if outcome.ok else ReceiptOutcome.FAILED
        self._journal.record_receipt(entry.idempotency_key, result, outcome.detail)
        return outcome

    def reprint(self, entry: Entry, service: Service) -> PrintOutcome:
        """Print an entry's receipt again; only a confirmed print changes its outcome.

        A reprint that fails leaves the outcome as it was (unknown stays unknown): nobody
        was shown the number because of it.
        """
        outcome = self._print(entry, service)
        self._journal.record_receipt(
            entry.idempotency_key,
            ReceiptOutcome.PRINTED if outcome.ok else entry.receipt,
            outcome.detail,
        )
        return outcome

    def _print(self, entry: Entry, service: Service) -> PrintOutcome:
        """Send the receipt to the printer once; any failure is an outcome, never a raise."""
        try:
            receipt = self.receipt_for(entry, service)
            outcome = self._printer.print_receipt(entry.idempotency_key, receipt)
        except (DriverError, KeyError, ValueError) as error:
            log.error("Printing %s failed: %s", entry.reference, error)
            outcome = PrintOutcome(entry.idempotency_key, False, PrinterStatus.UNKNOWN, str(error))
        log.info("Receipt %s printed=%s %s", entry.reference, outcome.ok, outcome.detail)
        return outcome

    def receipt_for(self, entry: Entry, service: Service) -> Receipt:
        """An entry's receipt, as it prints (also read aloud and previewed in maintenance)."""
        if service.flow is Flow.FORM:
            identity = _personal(entry).get("identity")
            return form_receipt(
                self._kiosk,
                service,
                number=_number(entry),
                reference=entry.reference,
                qr_payload=receipt_qr_payload(self._secret, entry.reference),
                check_code=receipt_check(self._secret, entry.reference),
                issued_at=entry.created_at,
                nik=identity["nik"] if isinstance(identity, dict) else None,
                answers=_fields(entry),
                language=entry.language,
            )
        fields = _fields(entry)
        return queue_ticket_receipt(
            self._kiosk,
            number=fields[NUMBER_FIELD],
            reference=entry.reference,
            qr_payload=receipt_qr_payload(self._secret, entry.reference),
            check_code=receipt_check(self._secret, entry.reference),
            issued_at=entry.created_at,
            counter=service.counter(fields[COUNTER_FIELD]),
            language=entry.language,
            place=_place(entry),
        )

    def _outcome(self, entry: Entry) -> Outcome:
        """What the done screen shows; its QR and check code are the receipt's signed ones."""
        return Outcome(
            number=_number(entry),
            reference=entry.reference,
            qr_payload=receipt_qr_payload(self._secret, entry.reference),
            check_code=receipt_check(self._secret, entry.reference),
            place=_place(entry),
        )


def _place(entry: Entry) -> QueuePlace | None:
    """A queue ticket's place at issue, when central numbered it; else None."""
    return QueuePlace.from_json(_personal(entry).get(PLACE_KEY))


def _identity_json(identity: Identity | None) -> dict[str, str] | None:
    """The identity as the contract carries it; None for an anonymous request."""
    if identity is None:
        return None
    return {"nik": identity.nik, "name": identity.name.strip()[:128] or UNKNOWN_NAME}


def _personal(entry: Entry) -> dict[str, Any]:
    if entry.personal is None:
        raise ValueError(f"{entry.reference}: its data was purged after the retention period")
    return dict(entry.personal)


def _fields(entry: Entry) -> dict[str, str]:
    return dict(_personal(entry)["fields"])


def _number(entry: Entry) -> str:
    """The short number on screen: a form keeps it beside the answers, a ticket among them."""
    personal = _personal(entry)
    return str(personal.get(NUMBER_FIELD) or personal["fields"][NUMBER_FIELD])
