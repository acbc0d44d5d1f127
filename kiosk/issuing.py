"""Issuing: what happens between a citizen's last tap and the receipt in their hand.

One sequence for every caller (the kiosk's screens, ``kiosk simulate`` and the benchmarks):
**submit** (the session freezes what was entered), **commit** (journal and outbox rows in
one SQLite transaction), **print** (the receipt, once), **deliver** (the outcome goes to the
journal, whose outbox reports it to central behind the transaction, and to the session,
which shows the done screen). Reprints, from maintenance or from a scanned receipt, go the
same way.

Committing and printing block (SQLite, the printer), so they run on a ``Runner``: the
kiosk's runs them on a worker thread and brings each result back to the GUI thread;
``InlineRunner`` runs them in place. Either way the session hears every result from here,
so no host spells the sequence out again.
"""

from __future__ import annotations

import enum
import logging
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Protocol, TypeVar

from drivers.base import PrinterStatus, PrintOutcome
from drivers.receipt import Receipt
from kiosk.catalog import CatalogKeeper, service_from_copy
from kiosk.datafile import DataFileError
from kiosk.hallclient import UnitClosedError
from kiosk.journal import Entry, Journal, ReceiptOutcome
from kiosk.processor import COUNTER_FIELD, Processor
from kiosk.services import Service
from kiosk.session import Outcome, Screen, Session, SessionError, SubmitRequest
from kiosk.text import LocalizedText

log = logging.getLogger("kiosk.issuing")

#: A queue unit closed for the day: the citizen is told so instead of "try again".
UNIT_CLOSED = LocalizedText(
    "Layanan loket ini sudah tutup untuk hari ini. Silakan datang lagi pada hari kerja berikutnya.",
    "This counter has closed for today. Please come back on the next working day.",
)

_T = TypeVar("_T")


class Runner(Protocol):
    """Where the blocking steps run, and where their results come back."""

    def run(self, work: Callable[[], _T], then: Callable[[_T | Exception], None]) -> None:
        """Run ``work``, then ``then`` with its result (or what it raised) on the caller's side.

        ``then`` always runs on the thread that owns the session (the GUI thread).
        """
        ...


class InlineRunner:
    """Runs each step in place: ``simulate``, the benchmarks and tests, where nothing draws."""

    def run(self, work: Callable[[], _T], then: Callable[[_T | Exception], None]) -> None:
        """Run ``work`` now, then ``then`` with its result or exception."""
        try:
            result: _T | Exception = work()
        except Exception as error:
            log.exception("Issuing step failed")
            result = error
        then(result)


class ReprintRefusal(enum.Enum):
    """Why a receipt cannot be printed again (shown to the technician as is)."""

    UNKNOWN_REFERENCE = "unknown reference"
    ALREADY_PRINTED = "already printed"
    STILL_PRINTING = "still printing"
    DATA_PURGED = "data purged"
    UNKNOWN_SERVICE = "unknown service"


@dataclass(frozen=True)
class Reprinted:
    """What a reprint came to; ``printer`` is the printer's state after it."""

    reference: str
    ok: bool
    detail: str
    printer: PrinterStatus = PrinterStatus.UNKNOWN


class Issuer:
    """Commits, prints and delivers the citizen's requests; reprints those that did not print.

    Services are looked up in the live catalog; a reprint whose service has left the
    catalog uses the copy the journal kept of it when the request was committed.
    """

    def __init__(
        self, processor: Processor, journal: Journal, catalog: CatalogKeeper, runner: Runner
    ) -> None:
        self._processor = processor
        self._journal = journal
        self._catalog = catalog
        self._runner = runner
        #: References whose reprint has not answered yet: a second tap never prints twice.
        self._reprinting: set[str] = set()

    # The citizen's request ---------------------------------------------------------------

    def submit(self, session: Session) -> bool:
        """Issue what the citizen entered; False (nothing happens) when it cannot be submitted.

        The session goes to the submit screen now, to print once the request is committed
        (or back, with everything entered, if it could not be), and to done once the
        printer answered, with the number on screen whether or not the receipt printed.
        """
        try:
            request = session.submit()
        except SessionError as error:
            log.error("Nothing submitted: %s", error)
            return False
        self._runner.run(
            lambda: self._processor.commit(request),
            lambda result: self._committed(session, request, result),
        )
        return True

    def take_ticket(self, session: Session, counter: str) -> bool:
        """A queue number for ``counter``: the counter is the ticket's only answer."""
        try:
            session.set_field(COUNTER_FIELD, counter)
        except SessionError as error:
            log.error("No ticket: %s", error)
            return False
        return self.submit(session)

    def _committed(
        self, session: Session, request: SubmitRequest, result: Outcome | Exception
    ) -> None:
        if isinstance(result, UnitClosedError):
            log.warning("No ticket for %s: %s", request.service.id, result)
            session.submit_failed(UNIT_CLOSED)
            return
        if isinstance(result, Exception):
            log.error("Could not commit %s: %s", request.service.id, result)
            session.submit_failed()
            return
        session.submitted(result)
        self._runner.run(
            lambda: self._processor.print_first(request),
            lambda printed: self._delivered(session, printed),
        )

    @staticmethod
    def _delivered(session: Session, result: PrintOutcome | Exception) -> None:
        if isinstance(result, Exception):
            session.printed(False, str(result), PrinterStatus.UNKNOWN)
        else:
            session.printed(result.ok, result.detail, result.status)

    def reprint_shown(self, session: Session) -> ReprintRefusal | None:
        """The citizen's "Cetak ulang" on a done screen without a receipt; the refusal, if any.

        The session shows the reprint running, then its result: printed (the done screen's
        countdown starts), or not, with the printer's state. A receipt printed meanwhile
        (scanned at the kiosk, or by a technician) counts as printed; it never prints twice.
        """
        outcome = session.data.outcome
        if session.screen is not Screen.DONE or outcome is None or outcome.reprinting:
            return ReprintRefusal.STILL_PRINTING
        if outcome.printed:
            return ReprintRefusal.ALREADY_PRINTED
        reference = outcome.reference
        session.reprint_started()

        def answered(result: Reprinted) -> None:
            session.reprinted(reference, result.ok, result.detail, result.printer)

        refusal = self.reprint(reference, answered)
        if refusal is not None:
            printed = refusal is ReprintRefusal.ALREADY_PRINTED
            session.reprinted(reference, printed, refusal.value, outcome.printer)
        return refusal

    # Reprints ----------------------------------------------------------------------------

    def reprint(
        self, reference: str, then: Callable[[Reprinted], None] | None = None
    ) -> ReprintRefusal | None:
        """Print a receipt that did not print again; the refusal, or None once it is started.

        ``then`` hears the result, on the session's side.
        """
        if reference in self._reprinting:
            return ReprintRefusal.STILL_PRINTING
        checked = self._reprintable(self._journal.by_reference(reference))
        if isinstance(checked, ReprintRefusal):
            return checked
        entry, service = checked
        log.info("Reprinting %s", reference)
        self._reprinting.add(reference)

        def done(result: PrintOutcome | Exception) -> None:
            self._reprinting.discard(reference)
            reprinted = (
                Reprinted(reference, False, str(result))
                if isinstance(result, Exception)
                else Reprinted(reference, result.ok, result.detail, result.status)
            )
            log.info("Reprint of %s: ok=%s %s", reference, reprinted.ok, reprinted.detail)
            if then is not None:
                then(reprinted)

        self._runner.run(lambda: self._processor.reprint(entry, service), done)
        return None

    def _reprintable(self, entry: Entry | None) -> ReprintRefusal | tuple[Entry, Service]:
        """The entry and its service, or why its receipt cannot be printed again."""
        if entry is None:
            return ReprintRefusal.UNKNOWN_REFERENCE
        if entry.printed:
            return ReprintRefusal.ALREADY_PRINTED
        if entry.receipt is ReceiptOutcome.PENDING:
            return ReprintRefusal.STILL_PRINTING
        if entry.personal is None:
            return ReprintRefusal.DATA_PURGED
        service = self.service_for(entry)
        if service is None:
            return ReprintRefusal.UNKNOWN_SERVICE
        return entry, service

    # Lookups -----------------------------------------------------------------------------

    def service_for(self, entry: Entry) -> Service | None:
        """The service that composes the entry's receipt: the live one, else the journal's copy.

        The live catalog wins, so a reprint says what the service says now; the copy the
        journal kept at commit stands in when the service (or the ticket's counter) has
        left the catalog since.
        """
        for service in self._candidates(entry):
            try:
                self._processor.receipt_for(entry, service)
            except (KeyError, ValueError) as error:
                log.warning("%s cannot compose %s: %s", service.id, entry.reference, error)
                continue
            return service
        return None

    def receipt_for(self, entry: Entry) -> Receipt | None:
        """The entry's receipt as it prints, or None once its data is purged or unusable."""
        if entry.personal is None:
            return None
        service = self.service_for(entry)
        return None if service is None else self._processor.receipt_for(entry, service)

    def _candidates(self, entry: Entry) -> Iterator[Service]:
        """The live service with the entry's id, then the journal's copy of it."""
        try:
            yield self._catalog.catalog.service(entry.service)
        except KeyError:
            log.info("%s is no longer in the catalog", entry.service)
        if entry.service_copy is None:
            return
        try:
            yield service_from_copy(entry.service_copy, f"journal copy of {entry.reference}")
        except DataFileError as error:
            log.error("The journal's copy of %s is unusable: %s", entry.service, error)

    def settle(self) -> int:
        """At start: receipts that were printing when the kiosk stopped become unknown."""
        return self._journal.settle_unknown()
