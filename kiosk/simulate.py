"""``kiosk simulate``: simulated citizens through the real core, with simulated devices, no Qt.

It exercises the same session, issuer (commit, print, deliver), journal, outbox and sync
worker the kiosk uses, on a manual clock, so thousands of sessions take seconds. The kill
test runs it under SIGKILL at random moments to prove nothing is lost or duplicated, and
that central learns what each citizen really got.
"""

from __future__ import annotations

import datetime as dt
import logging
import random
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from drivers.simulated import SimulatedPrinter
from kiosk.clock import ManualClock
from kiosk.config import Config
from kiosk.core import Core
from kiosk.forms import NO, YES, Field, FieldKind, Location, join_multi
from kiosk.identity import Identity, IdentitySource
from kiosk.services import Flow
from kiosk.session import Screen, Session
from kiosk.text import LANGUAGES

log = logging.getLogger("kiosk.simulate")

ABANDON_RATE = 0.1
PAPER_JAM_RATE = 0.02


@dataclass
class Summary:
    """What a simulation did, printed as JSON."""

    settled: int = 0
    sessions: int = 0
    abandoned: int = 0
    browsed: int = 0
    committed: int = 0
    issued: int = 0
    by_service: Counter[str] = field(default_factory=Counter)

    def as_json(self, core: Core) -> dict[str, Any]:
        """The run's figures plus the outbox totals (queued, sent, dead) after it."""
        counts = core.journal.counts()
        return {
            "settled_unknown": self.settled,
            "sessions": self.sessions,
            "abandoned": self.abandoned,
            "browsed": self.browsed,
            "committed": self.committed,
            "issued": self.issued,
            "printed": self.issued,
            "failed": self.committed - self.issued,
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
    summary = Summary(settled=core.settled)
    try:
        core.start_devices()
        core.start_sync()
        printer = core.devices.printer
        assert isinstance(printer, SimulatedPrinter)
        session = core.new_session()
        for _ in range(sessions):
            _one_citizen(core, session, printer, rng, clock, summary)
        return summary.as_json(core)
    finally:
        core.shutdown()


def sample_identity(rng: random.Random, today: dt.date) -> Identity:
    """A typed identity with a valid NIK from Banyuwangi (region 35.10.01)."""
    born = today - dt.timedelta(days=rng.randint(18 * 365, 80 * 365))
    day = born.day + (40 if rng.random() < 0.5 else 0)
    nik = f"351001{day:02d}{born:%m%y}{rng.randint(1, 9999):04d}"
    return Identity(nik=nik, name=rng.choice(_NAMES), source=IdentitySource.TYPED)


_NAMES = ("SITI AMINAH", "BUDI SANTOSO", "AGUS SETIAWAN", "SRI WAHYUNI", "I MADE SUKERTA")
_WORDS = ("jalan", "rusak", "berlubang", "dekat", "masjid", "sudah", "lama", "mohon", "dibantu")


def sample_value(item: Field, rng: random.Random, today: dt.date) -> str:
    """A valid answer to ``item``, as a citizen would give it through the editors."""
    rules = item.rules
    if item.kind is FieldKind.NIK:
        return sample_identity(rng, today).nik
    if item.kind in (FieldKind.TEXT, FieldKind.LONG_TEXT):
        low = max(rules.min_length or 1, 3)
        text = " ".join(rng.choice(_WORDS) for _ in range(low // 3 + 3))
        return text[: item.max_length].strip()
    if item.kind is FieldKind.NUMBER:
        return str(rng.randint(rules.minimum or 0, rules.maximum or 10 ** min(item.max_length, 6)))
    if item.kind is FieldKind.PHONE:
        return "08" + "".join(str(rng.randint(0, 9)) for _ in range(rng.randint(8, 10)))
    if item.kind is FieldKind.DATE:
        offset = rng.randint(0, 3650)
        if rules.not_past:
            return (today + dt.timedelta(days=offset)).isoformat()
        return (today - dt.timedelta(days=offset)).isoformat()
    if item.kind is FieldKind.CHOICE:
        return rng.choice(item.choices).value
    if item.kind is FieldKind.MULTI_CHOICE:
        low = rules.min_choices or 1
        high = min(rules.max_choices or len(item.choices), len(item.choices))
        chosen = rng.sample([c.value for c in item.choices], rng.randint(low, high))
        return join_multi(item, chosen)
    if item.kind is FieldKind.LOCATION:
        dusun = rng.choice(item.choices).value
        return Location(dusun, str(rng.randint(1, 20)), str(rng.randint(1, 10))).encode()
    return rng.choice((YES, NO))


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
    if service.asks_identity:
        if service.requires_identity or rng.random() < 0.5:
            session.identified(sample_identity(rng, clock.now().date()))
        else:
            session.skip_identity()
    if service.flow in (Flow.INFORMATION, Flow.STATUS_CHECK, Flow.LETTER_PICKUP):
        # Nothing to submit here: the citizen reads (checks a status, or collects a letter
        # through central) and goes home.
        clock.advance(rng.uniform(5, 60))
        session.back()
        session.back()
        summary.browsed += 1
        return
    if rng.random() < PAPER_JAM_RATE:
        printer.set_fail_next("simulated paper jam")
    if service.flow is Flow.QUEUE_TICKET:
        core.issuer.take_ticket(session, rng.choice(service.counters).code)
    else:
        today = clock.now().date()
        for step in service.steps:
            for item in step.fields:
                if item.required or rng.random() < 0.5:
                    session.set_field(item.name, sample_value(item, rng, today))
            clock.advance(rng.uniform(5, 40))
            if not session.next_step():
                raise RuntimeError(
                    "simulated answers were refused: "
                    + "; ".join(p.detail for p in session.data.problems)
                )
        core.issuer.submit(session)
    # The issuer runs in place here: the request is committed and printed (or not) by now.
    outcome = session.data.outcome
    if session.screen is not Screen.DONE or outcome is None:
        raise RuntimeError(f"{service.id}: the request was not committed")
    summary.committed += 1
    summary.issued += outcome.printed
    session.end()
    clock.advance(rng.uniform(5, 90))
