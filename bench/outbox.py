"""Outbox figures: how fast a request is journalled, and how fast the outbox drains.

Enqueue latency is the time ``Processor.commit`` takes for a queue ticket (number,
compose, journal and outbox rows committed with ``synchronous=FULL``); drain rate is
10,000 queued requests delivered to the reference central on loopback by one sync worker.
"""

from __future__ import annotations

import dataclasses
import tempfile
import time
import uuid
from collections.abc import Callable
from pathlib import Path

from bench.figures import Figure, percentile
from drivers.simulated import SimulatedPrinter
from kiosk.clock import SystemClock
from kiosk.config import KioskSection
from kiosk.journal import Journal
from kiosk.processor import COUNTER_FIELD, Processor
from kiosk.services import load_services
from kiosk.session import SubmitRequest
from kiosk.sync import CentralClient, CentralSettings, SyncWorker
from tests.helpers.central import running_central

KIOSK, SECRET = "ALM-BENCH-01", "bench-secret"
ENQUEUE_SAMPLES = 2000
DRAIN_COUNT = 10_000


def _committer(journal: Journal, folder: Path) -> Callable[[], None]:
    """Commit one queue ticket the way the kiosk does, through the real processor."""
    kiosk = dataclasses.replace(KioskSection(), id=KIOSK)
    processor = Processor(kiosk, journal, SimulatedPrinter(folder / "spool"), "bench-secret")
    queue = load_services()[0]

    def commit() -> None:
        processor.commit(SubmitRequest(str(uuid.uuid4()), queue, {COUNTER_FIELD: "A"}, "id"))

    return commit


def enqueue_latency() -> dict[str, Figure]:
    """p50 and p99 of one ``record`` call on this machine's disk."""
    with tempfile.TemporaryDirectory() as folder:
        journal = Journal(Path(folder) / "journal.sqlite", SystemClock())
        commit = _committer(journal, Path(folder))
        samples = []
        for _ in range(ENQUEUE_SAMPLES):
            start = time.perf_counter()
            commit()
            samples.append((time.perf_counter() - start) * 1000)
        journal.close()
    return {
        "outbox_enqueue_p50": Figure(percentile(samples, 0.5), "ms"),
        "outbox_enqueue_p99": Figure(percentile(samples, 0.99), "ms", budget=10.0),
    }


def drain_rate() -> dict[str, Figure]:
    """Transactions per second from a full outbox to the loopback reference central."""
    with tempfile.TemporaryDirectory() as folder:
        base = Path(folder)
        with running_central(base / "central", {KIOSK: SECRET}) as central:
            journal = Journal(base / "journal.sqlite", SystemClock())
            commit = _committer(journal, base)
            for _ in range(DRAIN_COUNT):
                commit()
            worker = SyncWorker(
                journal,
                CentralClient(CentralSettings(url=central.url, kiosk_id=KIOSK, secret=SECRET)),
                retention_days=30,
                catalog_cache=base / "catalog.json",
            )
            start = time.perf_counter()
            drained = worker.drain(timeout=600)
            elapsed = time.perf_counter() - start
            worker.stop()
            sent = journal.counts().sent
            journal.close()
    note = "" if drained else f"only {sent} of {DRAIN_COUNT} sent within 600 s"
    return {
        "outbox_drain_rate": Figure(
            sent / elapsed, "transactions/s", budget=200.0, better="higher", note=note
        )
    }
