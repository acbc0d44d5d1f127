"""The sync worker against the real reference central on loopback, through a fault proxy.

The invariant every test ends on: each journalled request is on the server exactly once,
and a row is marked sent only after a real acknowledgement for its own reference.
"""

from __future__ import annotations

import datetime as dt
import json
import time
from collections.abc import Callable, Iterator, Mapping
from pathlib import Path

import pytest

from kiosk.catalog import CATALOG_CACHE_FILE, Catalog, CatalogKeeper, load_catalog_files
from kiosk.clock import ManualClock
from kiosk.journal import Draft, Journal, OutboxCounts, OutboxState
from kiosk.sync import (
    Backoff,
    CatalogSink,
    CentralClient,
    CentralSettings,
    SyncState,
    SyncWorker,
)
from tests.helpers.central import RunningCentral, running_central
from tests.helpers.faultproxy import FaultProxy

KIOSK, SECRET = "ALM-TEST-01", "test-secret"
FAST = Backoff(base_seconds=0.05, cap_seconds=0.2)


@pytest.fixture(scope="module")
def central(tmp_path_factory: pytest.TempPathFactory) -> Iterator[RunningCentral]:
    with running_central(tmp_path_factory.mktemp("central"), {KIOSK: SECRET}) as server:
        yield server


@pytest.fixture
def proxy(central: RunningCentral) -> Iterator[FaultProxy]:
    host, port = central.url.removeprefix("http://").split(":")
    with FaultProxy((host, int(port))) as fault_proxy:
        yield fault_proxy


@pytest.fixture
def journal(tmp_path: Path) -> Journal:
    return Journal(tmp_path / "journal.sqlite", ManualClock(dt.datetime.now().astimezone()))


def worker_for(
    journal: Journal,
    url: str,
    tmp_path: Path,
    *,
    secret: str = SECRET,
    read_timeout: float = 5,
    catalog: CatalogSink | None = None,
    device_states: Callable[[], Mapping[str, Mapping[str, str]]] = dict,
) -> SyncWorker:
    settings = CentralSettings(
        url=url, kiosk_id=KIOSK, secret=secret, connect_timeout=2, read_timeout=read_timeout
    )
    return SyncWorker(
        journal,
        CentralClient(settings),
        retention_days=30,
        catalog=catalog or CatalogKeeper(load_catalog_files(), tmp_path / CATALOG_CACHE_FILE),
        device_states=device_states,
        backoff=FAST,
    )


_counter = iter(range(1, 10**6))


def record(journal: Journal, key: str) -> str:
    def compose(number: int, at: dt.datetime) -> Draft:
        reference = f"ALM-TEST-01-{at:%Y%m%d}-K1-T{next(_counter):06d}"
        fields = {"counter": "A", "number": f"K1-A{number:03d}"}
        body = {
            "reference": reference,
            "service": "antrian",
            "created_at": at.isoformat(),
            "language": "id",
            "fields": fields,
            "identity": None,
        }
        return Draft(reference, {"fields": fields, "identity": None}, body)

    return journal.record(key, "antrian", "id", "queue:A", compose).reference


def on_server(central: RunningCentral, keys: set[str]) -> list[str]:
    return [row["idempotency_key"] for row in central.export() if row["idempotency_key"] in keys]


def uuid(n: int, salt: str) -> str:
    import uuid as uuid_module

    return str(uuid_module.uuid5(uuid_module.NAMESPACE_URL, f"{salt}-{n}"))


def test_drain_delivers_everything_once(central: RunningCentral, journal: Journal, tmp_path: Path):
    keys = {uuid(n, "drain") for n in range(20)}
    for key in keys:
        record(journal, key)
    worker = worker_for(journal, central.url, tmp_path)
    assert worker.drain(timeout=30)
    assert journal.counts() == OutboxCounts(sent=20)
    assert sorted(on_server(central, keys)) == sorted(keys)
    worker.stop()


def test_answer_lost_after_the_server_stored_it(
    central: RunningCentral, proxy: FaultProxy, journal: Journal, tmp_path: Path
):
    key = uuid(1, "cut")
    record(journal, key)
    worker = worker_for(journal, proxy.url, tmp_path)
    proxy.cut_after_response_bytes(20)
    item = journal.claim_next(time.time())
    worker.deliver(item)
    assert journal.get(key).outbox_state is OutboxState.PENDING
    assert on_server(central, {key}) == [key]
    proxy.passthrough()
    assert worker.drain(timeout=30)
    assert on_server(central, {key}) == [key]
    assert journal.get(key).outbox_state is OutboxState.SENT
    worker.stop()


@pytest.mark.parametrize(
    "fault",
    [
        lambda p: p.reset_after_request_bytes(40),
        lambda p: p.refuse(),
        lambda p: p.burst_5xx(3),
        lambda p: p.delay(0.2),
        lambda p: p.black_hole(),
    ],
    ids=["reset-mid-request", "refused", "5xx-burst", "delay", "black-hole"],
)
def test_network_faults_never_lose_or_duplicate(
    fault, central: RunningCentral, proxy: FaultProxy, journal: Journal, tmp_path: Path
):
    keys = {uuid(n, f"fault-{id(fault)}") for n in range(5)}
    for key in keys:
        record(journal, key)
    worker = worker_for(journal, proxy.url, tmp_path, read_timeout=1)
    fault(proxy)
    worker.drain(timeout=2)
    proxy.passthrough()
    assert worker.drain(timeout=30)
    assert sorted(on_server(central, keys)) == sorted(keys)
    assert journal.counts().sent == 5
    worker.stop()


@pytest.mark.parametrize(
    "bad_answer",
    [
        lambda p: p.malformed_json(),
        lambda p: p.wrong_schema(),
        lambda p: p.huge_body(20 * 1024 * 1024),
        lambda p: p.trickle(body=b'{"reference": "x"}', chunk_size=1, interval=0.4),
        lambda p: p.respond(
            201,
            json.dumps(
                {
                    "reference": "SOMEONE-ELSE",
                    "status": "received",
                    "received_at": "2026-11-23T00:00:00Z",
                }
            ).encode(),
        ),
    ],
    ids=["malformed-json", "wrong-schema", "huge-body", "trickle", "other-reference"],
)
def test_bad_answers_never_mark_sent(
    bad_answer, central: RunningCentral, proxy: FaultProxy, journal: Journal, tmp_path: Path
):
    key = uuid(7, f"bad-{id(bad_answer)}")
    record(journal, key)
    worker = worker_for(journal, proxy.url, tmp_path, read_timeout=2)
    bad_answer(proxy)
    worker.deliver(journal.claim_next(time.time()))
    assert journal.get(key).outbox_state is OutboxState.PENDING
    assert journal.counts().sent == 0
    proxy.passthrough()
    assert worker.drain(timeout=30)
    assert on_server(central, {key}) == [key]
    worker.stop()


def test_retry_after_is_honoured(proxy: FaultProxy, journal: Journal, tmp_path: Path):
    record(journal, uuid(1, "429"))
    worker = worker_for(journal, proxy.url, tmp_path)
    proxy.rate_limit(1, retry_after_seconds=120)
    before = time.time()
    worker.deliver(journal.claim_next(before))
    due = journal.next_due()
    assert due is not None and due >= before + 119
    worker.stop()


def test_refusal_goes_dead_with_the_reason(proxy: FaultProxy, journal: Journal, tmp_path: Path):
    key = uuid(1, "422")
    record(journal, key)
    worker = worker_for(journal, proxy.url, tmp_path)
    problem = {
        "type": "urn:alm:problem:idempotency-key-reuse",
        "title": "Key reused",
        "status": 422,
        "detail": "another body",
    }
    proxy.respond(
        422, json.dumps(problem).encode(), headers={"Content-Type": "application/problem+json"}
    )
    worker.deliver(journal.claim_next(time.time()))
    assert journal.get(key).outbox_state is OutboxState.DEAD
    assert journal.dead_items() == [(key, "HTTP 422: Key reused another body")]
    worker.stop()


def test_wrong_secret_keeps_requests_pending(
    central: RunningCentral, journal: Journal, tmp_path: Path
):
    key = uuid(1, "secret")
    record(journal, key)
    worker = worker_for(journal, central.url, tmp_path, secret="not-the-secret")
    worker.deliver(journal.claim_next(time.time()))
    assert journal.get(key).outbox_state is OutboxState.PENDING
    assert on_server(central, {key}) == []
    worker.stop()


def test_clock_offset_comes_from_the_date_header(
    proxy: FaultProxy, journal: Journal, tmp_path: Path
):
    worker = worker_for(journal, proxy.url, tmp_path)
    ahead = dt.datetime.now(dt.UTC) + dt.timedelta(hours=2)
    proxy.respond(
        200,
        b'{"server_time": "x"}',
        headers={
            "Date": ahead.strftime("%a, %d %b %Y %H:%M:%S GMT"),
            "Content-Type": "application/json",
        },
    )
    worker.heartbeat()
    offset = worker.client.clock_offset
    assert 7190 < offset < 7210
    worker.stop()


def test_heartbeat_catalog_and_worker_thread(
    central: RunningCentral, journal: Journal, tmp_path: Path
):
    states: list[SyncState] = []
    catalogs: list[Catalog] = []
    keeper = CatalogKeeper(load_catalog_files(), tmp_path / CATALOG_CACHE_FILE, catalogs.append)
    worker = worker_for(journal, central.url, tmp_path, catalog=keeper)
    worker.on_state = states.append
    worker.pull_catalog()
    worker.pull_catalog()
    assert len(catalogs) == 1, "the second pull must be a 304"
    assert keeper.etag and (tmp_path / CATALOG_CACHE_FILE).is_file()
    key = uuid(1, "thread")
    record(journal, key)
    worker.start()
    deadline = time.monotonic() + 20

    def settled() -> bool:
        # The worker publishes the new count on its step after marking the row sent.
        sent = journal.get(key).outbox_state is OutboxState.SENT
        return sent and bool(states) and states[-1].queued == 0

    while not settled() and time.monotonic() < deadline:
        time.sleep(0.05)
    worker.stop()
    assert journal.get(key).outbox_state is OutboxState.SENT
    assert any(state.online for state in states)
    assert states[-1].queued == 0


def test_a_refused_catalog_is_not_cached_as_the_last_good_one(
    central: RunningCentral, journal: Journal, tmp_path: Path
) -> None:
    offered: list[object] = []

    class Refusing:
        etag = ""

        def offer(self, data: object, source: str, *, etag: str = "") -> bool:
            offered.append(data)
            return False

    worker = worker_for(journal, central.url, tmp_path, catalog=Refusing())
    worker.pull_catalog()
    worker.pull_catalog()
    assert len(offered) == 2, "nothing cached, so no ETag, so no 304"
    assert not (tmp_path / CATALOG_CACHE_FILE).exists()


def test_a_heartbeat_carries_device_states_and_drops_them_for_a_1_1_central(
    central: RunningCentral, proxy: FaultProxy, journal: Journal, tmp_path: Path
) -> None:
    states = {"printer": {"health": "warning", "status": "paper_near_end", "paper": "low"}}
    worker = worker_for(journal, proxy.url, tmp_path, device_states=lambda: states)

    def stored() -> dict[str, object]:
        [(body,)] = central.database.query(
            "SELECT h.body FROM fleet_heartbeat h JOIN registry_kiosk k ON k.id = h.kiosk_id "
            "WHERE k.kiosk_id = %s",
            KIOSK,
        )
        return json.loads(body) if isinstance(body, str) else body

    worker.heartbeat()
    assert stored()["device_states"] == states
    # A central of contract 1.1 refuses the unknown member: the heartbeat goes again without
    # it, and so do the ones after.
    proxy.burst_5xx(1, status=400)
    worker.heartbeat()
    assert worker.state.online
    assert "device_states" not in stored()
    worker.heartbeat()
    assert proxy.requests_seen >= 4 and "device_states" not in stored()
    worker.stop()
