"""Central under a fleet: 1,000 simulated kiosks against ``serve --workers N`` on PostgreSQL.

Every request is real and signed as a kiosk signs it (``kiosk.signing``), on each kiosk's own
keep-alive connection; the kiosks live in one asyncio loop in this process (a small HTTP/1.1
client, so the generator costs little of the two cores it shares with central and
PostgreSQL; its CPU share is in each note). Time is compressed: a kiosk that sends a
heartbeat a minute in the field sends one every few seconds here.

- ``central_heartbeat_rate``: every kiosk sends heartbeats back to back, and every tenth
  request is a catalog check with ``If-None-Match`` (``304``); heartbeats answered per
  second.
- ``central_tx_rate``: every kiosk submits transactions back to back, each followed by its
  receipt report, as a kiosk's outbox sends them; transactions acknowledged (``201``) per
  second.
- ``central_tx_p99``: transactions offered at the budget's rate (300 a second, each kiosk
  one every 3.3 s at a random phase) while the same kiosks send a heartbeat every 10 s and
  check the catalog every 60 s; the 99th percentile of a transaction's time from sending
  the request to its whole answer.

PostgreSQL is a throwaway cluster on this machine (``tests/helpers/postgres.py``: fsync off,
so the figures are the server's CPU, not this machine's disk). ``BENCH_CENTRAL_WORKERS``
sets N (default 2, one per core).
"""

from __future__ import annotations

import asyncio
import datetime as dt
import json
import os
import random
import resource
import tempfile
import time
import uuid
from collections import Counter
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from pathlib import Path

from bench.figures import Figure, percentile
from kiosk import signing
from tests.helpers.central import PostgresBackend, running_central
from tests.helpers.postgres import PostgresCluster

KIOSKS = int(os.environ.get("BENCH_CENTRAL_KIOSKS", "1000"))
PHASE_SECONDS = float(os.environ.get("BENCH_CENTRAL_SECONDS", "20"))
WARM_UP_SECONDS = 3.0
OFFERED_TX_PER_SECOND = 300.0
HEARTBEAT_EVERY_SECONDS = 10.0
CATALOG_EVERY_SECONDS = 60.0
#: An answer slower than this counts as lost (a kiosk's own read timeout is of this order).
ANSWER_SECONDS = 30.0
#: How long after its end a phase waits for requests still in flight.
LATE_SECONDS = 10.0
HEAD_END = b"\r\n\r\n"
#: Connections to central, as nginx's upstream keepalive pool in front of it.
CONNECTIONS = int(os.environ.get("BENCH_CENTRAL_CONNECTIONS", "64"))


def kiosk_ids() -> list[str]:
    return [f"BENCH-{number:04d}" for number in range(1, KIOSKS + 1)]


def secret_of(kiosk_id: str) -> str:
    return f"bench-secret-{kiosk_id.lower()}"


@dataclass
class Tally:
    """Answers seen in one phase: status counts per kind, and transaction latencies."""

    statuses: Counter[tuple[str, int]] = field(default_factory=Counter)
    tx_seconds: list[float] = field(default_factory=list)
    reconnects: int = 0


class Connections:
    """Kept-alive connections to central, shared by the kiosks as nginx's upstream pool is.

    In production the kiosks' own connections end at nginx, which keeps at most
    ``keepalive 64`` idle connections to central (``config/central/nginx-central.conf``);
    every request of any kiosk goes over one of those.
    """

    def __init__(self, host: str, port: int, size: int) -> None:
        self.host, self.port = host, port
        self._idle: asyncio.Queue[tuple[asyncio.StreamReader, asyncio.StreamWriter] | None] = (
            asyncio.Queue()
        )
        for _ in range(size):
            self._idle.put_nowait(None)  # opened on first use

    async def exchange(self, tally: Tally, request: Callable[[], bytes]) -> tuple[int, bytes]:
        """Send ``request()`` on a free connection and read the whole answer.

        A connection the server closed meanwhile is replaced and the request sent again,
        signed anew (``request`` makes a fresh nonce each time).
        """
        pair = await self._idle.get()
        try:
            for attempt in (1, 2):
                if pair is None:
                    pair = await asyncio.open_connection(self.host, self.port)
                reader, writer = pair
                writer.write(request())
                try:
                    raw = await asyncio.wait_for(reader.readuntil(HEAD_END), ANSWER_SECONDS)
                except (asyncio.IncompleteReadError, ConnectionError, TimeoutError):
                    writer.close()
                    pair = None
                    tally.reconnects += 1
                    if attempt == 2:
                        raise
                    continue
                lines = raw.decode("latin-1").split("\r\n")
                status = int(lines[0].split(" ", 2)[1])
                headers = {
                    name.strip().lower(): value.strip()
                    for name, _, value in (line.partition(":") for line in lines[1:] if line)
                }
                length = int(headers.get("content-length", "0"))
                data = await reader.readexactly(length) if length else b""
                if headers.get("connection", "").lower() == "close":
                    writer.close()
                    pair = None
                return status, data
            raise AssertionError("unreachable")
        finally:
            self._idle.put_nowait(pair)

    async def close(self) -> None:
        while not self._idle.empty():
            pair = self._idle.get_nowait()
            if pair is not None:
                pair[1].close()


class Kiosk:
    """One simulated kiosk: its id, secret and numbering; its requests share ``connections``."""

    def __init__(self, kiosk_id: str, connections: Connections, etag: str) -> None:
        self.kiosk_id, self.secret = kiosk_id, secret_of(kiosk_id)
        self.connections, self.etag = connections, etag
        self.number = 0
        self.started = time.monotonic()

    async def request(
        self, tally: Tally, method: str, path: str, body: bytes = b"", extra: str = ""
    ) -> tuple[int, bytes]:
        """One signed request, as the kiosk signs it."""

        def signed() -> bytes:
            headers = signing.sign(
                self.kiosk_id, self.secret, method, path, body, int(time.time())
            ).as_dict()
            head = "".join(f"{name}: {value}\r\n" for name, value in headers.items())
            if body:
                head += f"Content-Type: application/json\r\nContent-Length: {len(body)}\r\n"
            request = f"{method} {path} HTTP/1.1\r\nHost: bench\r\n{head}{extra}\r\n"
            return request.encode() + body

        return await self.connections.exchange(tally, signed)

    async def heartbeat(self, tally: Tally) -> None:
        body = {
            "kiosk_time": dt.datetime.now(dt.UTC).isoformat(),
            "version": "0.1.0",
            "uptime_seconds": round(time.monotonic() - self.started, 1),
            "outbox": {"pending": 0, "dead": 0},
            "devices": {"printer": "ok", "card_reader": "ok", "scanner": "ok"},
        }
        status, _ = await self.request(tally, "POST", "/v1/heartbeat", _json(body))
        tally.statuses["heartbeat", status] += 1

    async def catalog(self, tally: Tally) -> None:
        status, _ = await self.request(
            tally, "GET", "/v1/catalog", extra=f"If-None-Match: {self.etag}\r\n"
        )
        tally.statuses["catalog", status] += 1

    async def transaction(self, tally: Tally) -> None:
        """A citizen's request, then the receipt report the kiosk's outbox sends after it."""
        self.number += 1
        reference = f"{self.kiosk_id}-20261203-K1-Q{self.number:06d}"
        body = {
            "reference": reference,
            "service": "pengaduan",
            "created_at": dt.datetime.now(dt.UTC).isoformat(),
            "language": "id",
            "fields": {
                "category": "road",
                "location": "Krajan/003/012",
                "description": "Jalan berlubang di depan balai desa",
                "phone": "081234567890",
            },
            "identity": {"nik": "3510014101900001", "name": "SITI AMINAH"},
        }
        key = f"Idempotency-Key: {uuid.uuid4()}\r\n"
        start = time.perf_counter()
        status, _ = await self.request(tally, "POST", "/v1/transactions", _json(body), key)
        tally.tx_seconds.append(time.perf_counter() - start)
        tally.statuses["transaction", status] += 1
        report = {"outcome": "printed", "at": dt.datetime.now(dt.UTC).isoformat()}
        key = f"Idempotency-Key: {uuid.uuid4()}\r\n"
        path = f"/v1/transactions/{reference}/receipt"
        status, _ = await self.request(tally, "POST", path, _json(report), key)
        tally.statuses["receipt", status] += 1


def _json(payload: object) -> bytes:
    return json.dumps(payload, separators=(",", ":")).encode("utf-8")


Step = Callable[[Kiosk, Tally], Awaitable[None]]


async def _closed_loop(kiosks: list[Kiosk], step: Step, seconds: float) -> tuple[Tally, float]:
    """Every kiosk repeats ``step`` back to back; the tally of the measured part and its length."""
    warm, tally = Tally(), Tally()
    current = warm
    stop = False

    async def run(kiosk: Kiosk) -> None:
        while not stop:
            await step(kiosk, current)

    tasks = [asyncio.create_task(run(kiosk)) for kiosk in kiosks]
    await asyncio.sleep(WARM_UP_SECONDS)
    current = tally
    started = time.monotonic()
    await asyncio.sleep(seconds)
    elapsed = time.monotonic() - started
    current = Tally()  # answers after the end are not counted
    stop = True
    _, late = await asyncio.wait(tasks, timeout=LATE_SECONDS)
    for task in late:
        task.cancel()
    await asyncio.gather(*tasks, return_exceptions=True)
    return tally, elapsed


async def _open_loop(kiosks: list[Kiosk], seconds: float) -> Tally:
    """Transactions at the offered rate, with heartbeats and catalog checks beside them."""
    tally = Tally()
    deadline = time.monotonic() + seconds
    tx_every = len(kiosks) / OFFERED_TX_PER_SECOND
    rng = random.Random(18)

    async def every(kiosk: Kiosk, period: float, step: Step, lock: asyncio.Lock) -> None:
        await asyncio.sleep(rng.uniform(0, period))
        while time.monotonic() < deadline:
            began = time.monotonic()
            async with lock:  # a kiosk's sync worker sends one request at a time
                await step(kiosk, tally)
            await asyncio.sleep(max(0.0, period - (time.monotonic() - began)))

    tasks = []
    for kiosk in kiosks:
        lock = asyncio.Lock()
        tasks += [
            every(kiosk, tx_every, Kiosk.transaction, lock),
            every(kiosk, HEARTBEAT_EVERY_SECONDS, Kiosk.heartbeat, lock),
            every(kiosk, CATALOG_EVERY_SECONDS, Kiosk.catalog, lock),
        ]
    running = [asyncio.create_task(task) for task in tasks]
    # Bounded: what has not finished soon after the deadline is cut off (and not counted).
    _, late = await asyncio.wait(running, timeout=seconds + LATE_SECONDS)
    for task in late:
        task.cancel()
    await asyncio.gather(*late, return_exceptions=True)
    return tally


async def _run_phases(url: str, etag: str) -> dict[str, tuple[Tally, float, float]]:
    host, port = url.removeprefix("http://").rsplit(":", 1)
    connections = Connections(host, int(port), CONNECTIONS)
    kiosks = [Kiosk(kiosk_id, connections, etag) for kiosk_id in kiosk_ids()]
    results: dict[str, tuple[Tally, float, float]] = {}

    async def heartbeats(kiosk: Kiosk, tally: Tally) -> None:
        kiosk.number += 1
        if kiosk.number % 10 == 0:
            await kiosk.catalog(tally)
        else:
            await kiosk.heartbeat(tally)

    for name, step in (("heartbeat", heartbeats), ("transaction", Kiosk.transaction)):
        cpu = time.process_time()
        tally, elapsed = await _closed_loop(kiosks, step, PHASE_SECONDS)
        results[name] = (tally, elapsed, (time.process_time() - cpu) / (elapsed + WARM_UP_SECONDS))
    cpu, started = time.process_time(), time.monotonic()
    tally = await _open_loop(kiosks, PHASE_SECONDS)
    elapsed = time.monotonic() - started
    results["latency"] = (tally, elapsed, (time.process_time() - cpu) / elapsed)
    await connections.close()
    return results


def _load_average() -> str:
    return " ".join(f"{value:.2f}" for value in os.getloadavg())


def central_load() -> dict[str, Figure]:
    """The three figures of issue 18; see the module docstring."""
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    resource.setrlimit(resource.RLIMIT_NOFILE, (max(soft, min(hard, 8192)), hard))
    workers = int(os.environ.get("BENCH_CENTRAL_WORKERS", "2"))
    with tempfile.TemporaryDirectory() as folder, PostgresCluster() as cluster:
        base = Path(folder)
        kiosk_file = base / "kiosks"
        kiosk_file.write_text(
            "".join(f"{kiosk_id}:{secret_of(kiosk_id)}\n" for kiosk_id in kiosk_ids()),
            encoding="ascii",
        )
        with running_central(
            base / "central",
            {},
            backend=PostgresBackend(cluster),
            extra_args=("--workers", str(workers), "--kiosk-file", str(kiosk_file)),
        ) as central:
            etag = _catalog_etag(central.url)
            results = asyncio.run(_run_phases(central.url, etag))
            errors = "Traceback" in central.log_text()
    machine = (
        f"{workers} workers, {CONNECTIONS} connections as behind nginx, PostgreSQL 15 "
        f"(fsync off), load average {_load_average()}"
    )
    if errors:
        machine += "; central logged a traceback"

    hb_tally, hb_seconds, hb_cpu = results["heartbeat"]
    tx_tally, tx_seconds, tx_cpu = results["transaction"]
    lat_tally, lat_seconds, lat_cpu = results["latency"]
    heartbeats = hb_tally.statuses["heartbeat", 200]
    transactions = tx_tally.statuses["transaction", 201]

    def answers(tally: Tally) -> str:
        return ", ".join(
            f"{kind} {status}: {n}" for (kind, status), n in sorted(tally.statuses.items())
        )

    offered = lat_tally.statuses["transaction", 201]
    latencies_ms = [seconds * 1000 for seconds in lat_tally.tx_seconds] or [float("nan")]
    return {
        "central_heartbeat_rate": Figure(
            heartbeats / hb_seconds,
            "heartbeats/s",
            budget=600.0,
            better="higher",
            note=f"{KIOSKS} kiosks back to back for {PHASE_SECONDS:.0f} s, every tenth request "
            f"a catalog check (If-None-Match, {hb_tally.statuses['catalog', 304]} answered 304); "
            f"answers {answers(hb_tally)}; the generator used "
            f"{hb_cpu * 100:.0f} % of one core; {machine}",
        ),
        "central_tx_rate": Figure(
            transactions / tx_seconds,
            "transactions/s",
            budget=300.0,
            better="higher",
            note=f"{KIOSKS} kiosks back to back for {PHASE_SECONDS:.0f} s, each transaction "
            f"followed by its receipt report ({tx_tally.statuses['receipt', 200]} reports, "
            f"{tx_tally.statuses['receipt', 200] / tx_seconds:.0f}/s); closed-loop p50 "
            f"{percentile([s * 1000 for s in tx_tally.tx_seconds], 0.5):.0f} ms with "
            f"{KIOSKS} waiting; answers {answers(tx_tally)}; the generator used "
            f"{tx_cpu * 100:.0f} % of one core; {machine}",
        ),
        "central_tx_p99": Figure(
            percentile(latencies_ms, 0.99),
            "ms",
            budget=150.0,
            note=f"{OFFERED_TX_PER_SECOND:.0f} transactions/s offered by {KIOSKS} kiosks "
            f"({offered / lat_seconds:.0f}/s acknowledged, each with its receipt report), a "
            f"heartbeat from each every {HEARTBEAT_EVERY_SECONDS:.0f} s and a catalog check "
            f"every {CATALOG_EVERY_SECONDS:.0f} s, for {PHASE_SECONDS:.0f} s; p50 "
            f"{percentile(latencies_ms, 0.5):.1f} ms, max {max(latencies_ms):.0f} ms; the "
            f"generator used {lat_cpu * 100:.0f} % of one core; {machine}",
        ),
    }


def _catalog_etag(url: str) -> str:
    """The catalog's ETag, as a kiosk has it after its first fetch."""
    from tests.helpers.central import signed_request

    response = signed_request("GET", f"{url}/v1/catalog", "BENCH-0001", secret_of("BENCH-0001"))
    response.raise_for_status()
    return response.headers["ETag"]
