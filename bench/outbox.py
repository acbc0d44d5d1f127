"""Outbox figures: how fast a request is journalled, and how fast the outbox drains.

Both run the kiosk's own core (``kiosk.core.Core``: simulated devices, the issuer, the
journal and the sync worker), as ``kiosk simulate`` does: citizens take queue tickets
through a session and the issuer, in place. Enqueue latency is the issuer's commit step
(number, compose, journal and outbox rows committed with ``synchronous=FULL``), timed
inside the same sequence the kiosk runs, printing included. Drain rate is 10,000 such
requests delivered to the reference central on loopback by the sync worker's ``drain``
(``kiosk sync --drain``); each transaction is followed by its receipt report, timed apart.
"""

from __future__ import annotations

import datetime as dt
import logging
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

from bench.figures import Figure, percentile
from drivers.base import PrinterStatus
from drivers.simulated import SimulatedPrinter
from kiosk.clock import SystemClock
from kiosk.config import load_config
from kiosk.core import Core
from kiosk.issuing import InlineRunner
from kiosk.journal import OutboxKind
from tests.helpers.central import running_central

KIOSK, SECRET = "ALM-BENCH-01", "bench-secret-of-the-outbox"
ENQUEUE_SAMPLES = 1000
DRAIN_COUNT = 10_000

_T = TypeVar("_T")


class _TimedRunner(InlineRunner):
    """Issuing's steps in place, as ``kiosk simulate`` runs them, each one timed."""

    def __init__(self) -> None:
        self.seconds: list[float] = []

    def run(self, work: Callable[[], _T], then: Callable[[_T | Exception], None]) -> None:
        def timed() -> _T:
            start = time.perf_counter()
            try:
                return work()
            finally:
                self.seconds.append(time.perf_counter() - start)

        super().run(timed, then)


def _kiosk(folder: Path, runner: InlineRunner, central_url: str = "") -> Core:
    """The kiosk's core on simulated devices, its data in ``folder``, devices started."""
    environ = {"KIOSK_DATA_DIR": str(folder), "KIOSK_ID": KIOSK, "KIOSK_SECRET": SECRET}
    if central_url:
        environ["KIOSK_CENTRAL_URL"] = central_url
    core = Core(load_config(environ=environ), SystemClock(), simulated=True)
    core.build(runner)
    core.start_devices()
    return core


def _take_tickets(core: Core, count: int) -> None:
    """``count`` citizens take a queue ticket at counter A, through session and issuer."""
    session = core.new_session()
    queue = core.services[0]
    for _ in range(count):
        session.start()
        session.choose_service(queue)
        if not core.issuer.take_ticket(session, queue.counters[0].code):
            raise RuntimeError("the ticket was not submitted")
        session.end()


def enqueue_latency() -> dict[str, Figure]:
    """p50 and p99 of the commit step on this machine's disk."""
    runner = _TimedRunner()
    with tempfile.TemporaryDirectory() as folder:
        core = _kiosk(Path(folder), runner)
        try:
            _take_tickets(core, ENQUEUE_SAMPLES)
        finally:
            core.shutdown()
    # Each ticket runs two steps, commit then print: the commits are the even ones.
    samples = [seconds * 1000 for seconds in runner.seconds[::2]]
    note = f"{len(samples)} tickets through the issuer; the commit step of each"
    return {
        "outbox_enqueue_p50": Figure(percentile(samples, 0.5), "ms", note=note),
        "outbox_enqueue_p99": Figure(percentile(samples, 0.99), "ms", budget=10.0, note=note),
    }


def drain_rate() -> dict[str, Figure]:
    """Transactions, then receipt reports, per second to the loopback reference central."""
    with tempfile.TemporaryDirectory() as folder:
        base = Path(folder)
        with running_central(base / "central", {KIOSK: SECRET}) as central:
            core = _kiosk(base / "kiosk", InlineRunner(), central.url)
            try:
                printer = core.devices.printer
                assert isinstance(printer, SimulatedPrinter)
                # Out of paper, each receipt fails at once: filling 10,000 stays quick (and
                # the printer's 10,000 warnings stay out of the figures' output).
                printer.set_status(PrinterStatus.PAPER_OUT)
                logging.disable(logging.WARNING)
                try:
                    _take_tickets(core, DRAIN_COUNT)
                finally:
                    logging.disable(logging.NOTSET)
                assert core.sync is not None
                start = dt.datetime.now().astimezone()
                drained = core.sync.drain(timeout=900)
                rows = core.journal.outbox_rows(limit=3 * DRAIN_COUNT)
            finally:
                core.shutdown()

    def finished(kind: OutboxKind) -> list[dt.datetime]:
        return sorted(
            dt.datetime.fromisoformat(row.sent_at)
            for row in rows
            if row.kind is kind and row.sent_at
        )

    transactions, reports = finished(OutboxKind.TRANSACTION), finished(OutboxKind.RECEIPT)
    last_transaction = transactions[-1] if transactions else start
    tx_seconds = max((last_transaction - start).total_seconds(), 1e-9)
    report_seconds = max(
        ((reports[-1] if reports else start) - last_transaction).total_seconds(), 1e-9
    )
    note = "" if drained else f"only {len(transactions)} of {DRAIN_COUNT} sent within 900 s"
    return {
        "outbox_drain_rate": Figure(
            len(transactions) / tx_seconds,
            "transactions/s",
            budget=200.0,
            better="higher",
            note=note or "until central acknowledged the last transaction",
        ),
        "receipt_report_rate": Figure(
            len(reports) / report_seconds,
            "reports/s",
            budget=200.0,
            better="higher",
            note=note or "the receipt reports, queued behind their acknowledged transactions",
        ),
    }
