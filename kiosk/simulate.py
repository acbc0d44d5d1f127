"""``kiosk simulate``: simulated citizens through the real core, with simulated devices, no Qt.

It exercises the same session, journal, outbox, processor and sync worker the kiosk uses,
on a manual clock, so thousands of sessions take seconds. The kill test runs it under
SIGKILL at random moments to prove nothing is lost or duplicated.
"""

from __future__ import annotations

import logging
import random
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from drivers.simulated import SimulatedPrinter
from kiosk.clock import ManualClock
from kiosk.config import Config
from kiosk.core import Core
from kiosk.processor import COUNTER_FIELD
from kiosk.services import Flow
from kiosk.session import Session, Timing
from kiosk.text import LANGUAGES

log = logging.getLogger("kiosk.simulate")

ABANDON_RATE = 0.1
PAPER_JAM_RATE = 0.02


@dataclass
class Summary:
    """What a simulation did, printed as JSON."""

    sessions: int = 0
    abandoned: int = 0
    committed: int = 0
    issued: int = 0
    by_service: Counter[str] = field(default_factory=Counter)

    def as_json(self, core: Core) -> dict[str, Any]:
        """The run's figures plus the outbox totals (queued, sent, dead) after it."""
        counts = core.journal.counts()
        return {
            "sessions": self.sessions,
            "abandoned": self.abandoned,
            "committed": self.committed,
            "issued": self.issued,
            "printed": self.issued,
            "queued": counts.queued,
            "sent": counts.sent,
            "dead": counts.dead,
            "by_service": dict(sorted(self.by_service.items())),
        }


def simulate(config: Config, sessions: int, seed: int) -> dict[str, Any]:
    """Run ``sessions`` simulated citizens; the same seed makes the same choices."""
    rng = random.Random(seed)
    clock = ManualClock()
    core = Core(config, clock, simulated=True)
    core.build()
    summary = Summary()
    try:
        core.start_devices()
        core.start_sync()
        printer = core.devices.printer
        assert isinstance(printer, SimulatedPrinter)
        timing = Timing(
            idle=config.ui.idle_seconds,
            warning=config.ui.idle_warning_seconds,
            done=config.ui.done_seconds,
        )
        session = Session(clock, timing, default_language=config.kiosk.language)
        for _ in range(sessions):
            _one_citizen(core, session, printer, rng, clock, summary)
        return summary.as_json(core)
    finally:
        core.shutdown()


def _one_citizen(
    core: Core,
    session: Session,
    printer: SimulatedPrinter,
    rng: random.Random,
    clock: ManualClock,
    summary: Summary,
) -> None:
    summary.sessions += 1
    service = rng.choice(core.services)
    summary.by_service[service.id] += 1
    session.start()
    session.set_language(rng.choice(LANGUAGES))
    session.choose_service(service)
    clock.advance(rng.uniform(2, 20))
    if rng.random() < ABANDON_RATE:
        summary.abandoned += 1
        # A second past each timeout: sums of float seconds may fall a hair short of it.
        clock.advance(session.timing.idle + 1)
        session.tick()
        clock.advance(session.timing.warning + 1)
        session.tick()
        return
    if service.flow is Flow.QUEUE_TICKET:
        session.set_field(COUNTER_FIELD, rng.choice(service.counters).code)
    request = session.submit()
    session.submitted(core.processor.commit(request))
    summary.committed += 1
    if rng.random() < PAPER_JAM_RATE:
        printer.set_fail_next("simulated paper jam")
    result = core.processor.print_receipt(request)
    session.printed(result.ok, result.detail)
    summary.issued += result.ok
    session.end()
    clock.advance(rng.uniform(5, 90))
