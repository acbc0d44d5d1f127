"""A busy Mal Pelayanan Publik: 20 counters calling, 5 hall displays, kiosks taking numbers.

Central runs as in production (``serve --workers 2`` on a throwaway PostgreSQL, fsync off);
everything else is real HTTP from this process's threads, as browsers and kiosks send it:

- **20 counter desks** (petugas_loket accounts, 5 desks each for units A to D) log in
  through the office's form; each taps "Selesai" then "Panggil berikutnya" (the forms'
  POSTs, with CSRF) and loads its page again, every 30 s of hall time;
- **kiosks** take numbers for those units at the same pace as they are called (central's
  number, the ticket stored under the same key, its receipt reported printed), so no line
  runs dry;
- **5 displays** poll their feed as the display page does (every 0.4 s after the last
  answer): one per unit and one for the whole hall.

Time is compressed: an hour of the hall in :data:`SECONDS` real seconds (default 240, so
every desk calls every 2 s). ``hall_call_to_display_p95`` is the time from a desk's
"Panggil berikutnya" being sent to the first poll of its unit's display that shows the
number; the whole-hall display's own figure is in the note (under 15-fold compression it
sees 10 calls a second and, listing the last 6, may skip some).
"""

from __future__ import annotations

import datetime as dt
import itertools
import os
import re
import tempfile
import threading
import time
import uuid
from collections.abc import Callable
from pathlib import Path

import requests

from bench.figures import Figure, percentile
from tests.helpers.central import PostgresBackend, RunningCentral
from tests.helpers.hall import Ticket, hall_central, store_ticket
from tests.helpers.office import KIOSK_A, StaffSession
from tests.helpers.postgres import PostgresCluster

SECONDS = float(os.environ.get("BENCH_HALL_SECONDS", "240"))
HALL_HOUR = 3600.0
CALL_EVERY = 30.0
UNITS = ("A", "B", "C", "D")
DESKS_PER_UNIT = 5
POLL_SECONDS = 0.4
#: Tickets waiting at each unit before the hour starts.
SEEDED = 10
_CALLED = re.compile(r'id="called-number">([^<]+)<')


class Clock:
    """The hall's shared record: when each number was called, when each display saw it."""

    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.called: dict[str, float] = {}
        self.seen: dict[str, dict[str, float]] = {}
        self.errors: list[str] = []

    def error(self, what: str) -> None:
        with self.lock:
            self.errors.append(what)


def _desks() -> dict[str, tuple[str, int]]:
    desk = itertools.count(1)
    return {
        f"loket-{unit.lower()}{n}": (unit, next(desk))
        for unit in UNITS
        for n in range(DESKS_PER_UNIT)
    }


def _take(central: RunningCentral, session: requests.Session, counter: str) -> None:
    """A kiosk's ticket: central's number, the ticket, its receipt printed."""
    key = str(uuid.uuid4())
    issued = session.post(
        f"{central.url}/v1/queue/{counter}/tickets",
        json={},
        headers={"Idempotency-Key": key},
        timeout=30,
    )
    issued.raise_for_status()
    number = issued.json()["number"]
    reference = f"{KIOSK_A.part}-{dt.date.today():%Y%m%d}-Q{key[:6].upper()}-{number}"
    ticket = Ticket(central, KIOSK_A, key, reference, number, issued.json())
    store_ticket(ticket, counter, dt.datetime.now().astimezone().isoformat(timespec="seconds"))
    ticket.report("printed")


def _every(period: float, until: float, step: Callable[[], None], clock: Clock) -> None:
    """Run ``step`` every ``period`` seconds (from a random phase) until ``until``."""
    next_at = time.monotonic() + period * (uuid.uuid4().int % 1000) / 1000
    while next_at < until:
        time.sleep(max(0.0, next_at - time.monotonic()))
        try:
            step()
        except (requests.RequestException, KeyError, ValueError, AttributeError) as exc:
            clock.error(f"{type(exc).__name__}: {exc}")
        next_at += period


def _desk(
    central: RunningCentral, username: str, unit: str, desk: int, clock: Clock
) -> Callable[[], None]:
    staff = StaffSession(central.url, username)
    base = f"/office/counter/{unit}/{desk}/"

    def cycle() -> None:
        staff.post(base + "done")
        sent = time.monotonic()
        staff.post(base + "next")
        page = staff.get(base).text
        found = _CALLED.search(page)
        number = found.group(1) if found else "—"
        if number != "—":
            with clock.lock:
                clock.called.setdefault(number, sent)

    return cycle


def _display(central: RunningCentral, path: str, clock: Clock, until: float) -> None:
    session = requests.Session()
    session.trust_env = False
    seen = clock.seen.setdefault(path, {})
    while time.monotonic() < until:
        try:
            calls = session.get(central.url + path, timeout=30).json()["calls"]
        except (requests.RequestException, ValueError, KeyError) as exc:
            clock.error(f"display {path}: {exc}")
            calls = []
        now = time.monotonic()
        with clock.lock:
            for call in calls:
                seen.setdefault(call["number"], now)
        time.sleep(POLL_SECONDS)


def _latencies(clock: Clock, paths: list[str]) -> tuple[list[float], int]:
    latencies: list[float] = []
    missed = 0
    for number, sent in clock.called.items():
        for path in paths:
            if path.startswith(f"/display/{number[0]}/") or path == "/display/feed":
                at = clock.seen.get(path, {}).get(number)
                if at is None:
                    missed += 1
                else:
                    latencies.append((at - sent) * 1000)
    return latencies, missed


def hall_load() -> dict[str, Figure]:
    """The figure of issue 22; see the module docstring."""
    factor = HALL_HOUR / SECONDS
    period = CALL_EVERY / factor
    clock = Clock()
    with (
        tempfile.TemporaryDirectory() as folder,
        PostgresCluster() as cluster,
        hall_central(
            Path(folder) / "central",
            PostgresBackend(cluster),
            desks=_desks(),
            extra_args=("--workers", "2"),
        ) as central,
    ):
        kiosk = central.signed_session(KIOSK_A.kiosk_id, KIOSK_A.secret)
        for unit in UNITS:
            for _ in range(SEEDED):
                _take(central, kiosk, unit)
        desks = [_desk(central, name, unit, desk, clock) for name, (unit, desk) in _desks().items()]
        start = time.monotonic()
        until = start + SECONDS
        paths = [f"/display/{unit}/feed" for unit in UNITS] + ["/display/feed"]
        threads = [
            threading.Thread(target=_display, args=(central, path, clock, until + 2))
            for path in paths
        ]
        threads += [
            threading.Thread(target=_every, args=(period, until, cycle, clock)) for cycle in desks
        ]
        units = itertools.cycle(UNITS)
        arrivals = threading.Thread(
            target=_every,
            args=(
                period / len(desks),
                until,
                lambda: _take(central, kiosk, next(units)),
                clock,
            ),
        )
        threads.append(arrivals)
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        tracebacks = "Traceback" in central.log_text()
    unit_paths = [f"/display/{unit}/feed" for unit in UNITS]
    unit_ms, unit_missed = _latencies(clock, unit_paths)
    hall_ms, hall_missed = _latencies(clock, ["/display/feed"])
    unit_ms = unit_ms or [float("nan")]
    hall_ms = hall_ms or [float("nan")]
    return {
        "hall_call_to_display_p95": Figure(
            percentile(unit_ms, 0.95),
            "ms",
            budget=1000.0,
            note=f"{len(desks)} desks (units {', '.join(UNITS)}) each calling every "
            f"{CALL_EVERY:.0f} s of hall time, an hour compressed into {SECONDS:.0f} s "
            f"({len(clock.called)} calls, {factor:.0f}x), kiosks taking numbers at the same "
            f"pace, 5 displays polling every {POLL_SECONDS} s; from the tap's POST to the "
            f"first poll of the unit's display showing it: p50 "
            f"{percentile(unit_ms, 0.5):.0f} ms, max {max(unit_ms):.0f} ms, {unit_missed} "
            f"not seen; the whole-hall display p95 {percentile(hall_ms, 0.95):.0f} ms, "
            f"{hall_missed} calls skipped at {factor:.0f}x; {len(clock.errors)} request "
            f"errors{'; central logged a traceback' if tracebacks else ''}; serve --workers 2, "
            f"PostgreSQL 15 (fsync off), load average "
            f"{' '.join(f'{v:.2f}' for v in os.getloadavg())}",
        )
    }
