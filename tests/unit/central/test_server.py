"""The server under abuse (issue 14, item 10) and with several workers.

Black-box over raw sockets: malformed framing gets problem+json and a closed connection;
slow, idle and half-sent requests are cut at the contract's deadlines while real requests
keep being answered; several worker processes share the writes without a lost or doubled
one.
"""

from __future__ import annotations

import http.client
import socket
import threading
import time
import uuid
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlsplit

import pytest
import requests

from tests.helpers.central import assert_problem, running_central

KIOSKS = {"K1": "secret-one", "K2": "secret-two"}
HEAD_SECONDS = 10
SLOW_CLIENTS = 509


@pytest.fixture(scope="module")
def central(tmp_path_factory, backend):
    with running_central(tmp_path_factory.mktemp("server"), KIOSKS, backend=backend) as server:
        yield server


def address(central) -> tuple[str, int]:
    parts = urlsplit(central.url)
    assert parts.hostname is not None and parts.port is not None
    return parts.hostname, parts.port


def exchange(central, data: bytes, timeout: float = 10) -> bytes:
    """Send bytes on a fresh connection and read until the server closes it."""
    with socket.create_connection(address(central), timeout=timeout) as sock:
        sock.sendall(data)
        return read_to_end(sock)


def read_to_end(sock: socket.socket) -> bytes:
    chunks = []
    while chunk := sock.recv(65536):
        chunks.append(chunk)
    return b"".join(chunks)


def assert_problem_reply(reply: bytes, status: int, slug: str) -> None:
    head, _, body = reply.partition(b"\r\n\r\n")
    assert head.startswith(f"HTTP/1.1 {status} ".encode()), reply[:200]
    assert b"Content-Type: application/problem+json" in head
    assert b"Connection: close" in head
    assert f'"type": "urn:alm:problem:{slug}"'.encode() in body


POST = b"POST /v1/heartbeat HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"


@pytest.mark.parametrize(
    "lengths",
    [
        ["\u00b2"],  # a superscript two, in UTF-8
        ["\u0665"],  # an Arabic-Indic five: Python's int() would take it
        ["+5"],
        ["0x5"],
        ["5", "6"],
        ["5", "5"],
        ["5, 5"],
    ],
)
def test_a_content_length_that_is_not_one_run_of_ascii_digits_is_400(central, lengths):
    headers = b"".join(b"Content-Length: " + length.encode() + b"\r\n" for length in lengths)
    reply = exchange(central, POST + headers + b"\r\n{}   ")
    assert_problem_reply(reply, 400, "invalid-request")


@pytest.mark.parametrize("coding", ["chunked", "gzip, chunked", "identity"])
def test_any_transfer_encoding_is_400(central, coding):
    reply = exchange(
        central, POST + b"Transfer-Encoding: " + coding.encode() + b"\r\n\r\n2\r\n{}\r\n0\r\n\r\n"
    )
    assert_problem_reply(reply, 400, "invalid-request")
    assert b"Transfer-Encoding is not accepted" in reply


def test_a_head_over_64_kib_is_431(central):
    reply = exchange(central, b"GET /v1/health HTTP/1.1\r\nX-Big: " + b"a" * 70000 + b"\r\n\r\n")
    assert_problem_reply(reply, 431, "invalid-request")


def test_a_body_over_8_mib_is_413_without_being_read(central):
    reply = exchange(central, POST + b"Content-Length: 9000000\r\n\r\n{")
    assert_problem_reply(reply, 413, "payload-too-large")


def test_header_names_are_spelled_as_the_contract_does(central):
    """Header names are case-insensitive, but kiosks of contract 1.0 look ETag up as spelled."""
    connection = http.client.HTTPConnection(*address(central), timeout=10)
    try:
        connection.request("GET", "/v1/catalog")
        response = connection.getresponse()
        response.read()
        names = [name for name, _ in response.getheaders()]
    finally:
        connection.close()
    assert "WWW-Authenticate" in names
    with central.signed_session("K1", "secret-one") as session:
        catalog = session.get(f"{central.url}/v1/catalog", timeout=10)
    assert "ETag" in dict(catalog.raw.headers.items())


@pytest.fixture
def sockets() -> Iterator[list[socket.socket]]:
    opened: list[socket.socket] = []
    yield opened
    for sock in opened:
        sock.close()


def test_slow_clients_are_cut_at_the_deadlines_and_never_starve_others(central, sockets):
    """509 clients that send one byte, a half head, a slow body, an idle and a kept-alive one."""

    def connect() -> socket.socket:
        sock = socket.create_connection(address(central), timeout=10)
        sockets.append(sock)
        return sock

    slow = [connect() for _ in range(SLOW_CLIENTS)]
    for sock in slow:
        sock.sendall(b"G")
    half_head = connect()
    half_head.sendall(b"GET /v1/health HTTP/1.1\r\nHost: x\r\n")
    slow_body = connect()
    slow_body.sendall(POST + b"Content-Length: 100\r\n\r\n{")
    idle = connect()
    kept = http.client.HTTPConnection(*address(central), timeout=10)
    kept.request("GET", "/v1/health")
    assert kept.getresponse().read() == b'{"status": "ok"}'
    started = time.monotonic()

    durations = []
    with requests.Session() as session:
        while time.monotonic() - started < HEAD_SECONDS - 2:
            before = time.monotonic()
            assert session.get(f"{central.url}/v1/health", timeout=5).status_code == 200
            durations.append(time.monotonic() - before)
            time.sleep(0.25)
    assert len(durations) > 10
    assert max(durations) < 2, durations

    time.sleep(max(0.0, started + HEAD_SECONDS + 3 - time.monotonic()))
    for sock in (*slow, half_head, slow_body):
        sock.settimeout(5)
        assert_problem_reply(read_to_end(sock), 408, "invalid-request")
    idle.settimeout(5)
    assert read_to_end(idle) == b""
    assert kept.sock is not None
    kept.sock.settimeout(5)
    assert kept.sock.recv(1) == b""
    kept.close()
    assert requests.get(f"{central.url}/v1/health", timeout=5).status_code == 200


def test_a_body_arriving_in_time_is_served_after_a_slow_start(central):
    """The head's deadline is for the head: a body sent at 1 KiB/s or faster is read."""
    with socket.create_connection(address(central), timeout=10) as sock:
        sock.sendall(b"GET /v1/hea")
        time.sleep(HEAD_SECONDS / 2)
        sock.sendall(b"lth HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
        assert read_to_end(sock).startswith(b"HTTP/1.1 200 ")


def worker_processes(master: int) -> list[int]:
    children = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[1]) == master:
            children.append(int(stat.parent.name))
    return children


@pytest.fixture(scope="module")
def two_workers(tmp_path_factory, backend):
    with running_central(
        tmp_path_factory.mktemp("workers"), KIOSKS, backend=backend, extra_args=("--workers", "2")
    ) as server:
        yield server


def race(count: int, action):
    """Run ``action(i)`` in ``count`` threads released at once; their results in order."""
    barrier = threading.Barrier(count)
    results: list[object] = [None] * count

    def run(index: int) -> None:
        barrier.wait()
        results[index] = action(index)

    threads = [threading.Thread(target=run, args=(index,)) for index in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    return results


def test_two_workers_store_a_raced_key_once(two_workers):
    deadline = time.monotonic() + 20
    while len(worker_processes(two_workers.process.pid)) < 2 and time.monotonic() < deadline:
        time.sleep(0.1)
    assert len(worker_processes(two_workers.process.pid)) == 2
    key = str(uuid.uuid4())
    body = {
        "reference": "K1-20250101-W-000001",
        "service": "pengaduan",
        "created_at": "2025-01-01T08:00:00+07:00",
        "language": "id",
        "fields": {"isi": "Jalan rusak"},
    }

    def post(_: int) -> int:
        with two_workers.signed_session("K1", "secret-one") as session:
            response = session.post(
                f"{two_workers.url}/v1/transactions",
                json=body,
                headers={"Idempotency-Key": key},
                timeout=30,
            )
            return response.status_code

    statuses = race(12, post)
    assert sorted(statuses) == [200] * 11 + [201], (statuses, two_workers.export())
    assert [row["idempotency_key"] for row in two_workers.export()] == [key]


def test_two_workers_never_give_a_queue_number_twice(two_workers):
    def take(_: int) -> str:
        with two_workers.signed_session("K2", "secret-two") as session:
            numbers = []
            for _ in range(5):
                response = session.post(
                    f"{two_workers.url}/v1/queue/B/tickets",
                    json={},
                    headers={"Idempotency-Key": str(uuid.uuid4())},
                    timeout=30,
                )
                assert response.status_code == 201, response.text
                numbers.append(response.json()["number"])
            return ",".join(numbers)

    numbers = [n for joined in race(8, take) for n in str(joined).split(",")]
    assert sorted(numbers) == [f"B{n:03d}" for n in range(1, 41)]


def test_a_raced_card_guess_is_counted_every_time(two_workers):
    two_workers.cli("add-card", "--uid", "0C0D0E0F", "--nik", "3510014101900001", "--name", "X")

    def guess(index: int) -> int:
        with two_workers.signed_session("K1", "secret-one") as session:
            return session.post(
                f"{two_workers.url}/v1/cards/0C0D0E0F/confirm",
                json={"birth_date": f"2000-01-{index + 1:02d}"},
                timeout=30,
            ).status_code

    statuses = race(8, guess)
    assert sorted(statuses) == [403] * 5 + [429] * 3
    with two_workers.signed_session("K1", "secret-one") as session:
        locked = session.post(
            f"{two_workers.url}/v1/cards/0C0D0E0F/confirm",
            json={"birth_date": "1990-01-01"},
            timeout=30,
        )
    assert_problem(locked, 429, "too-many-attempts")
