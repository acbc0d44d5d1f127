"""FaultProxy against a real loopback HTTP server, with `requests` as the client."""

from __future__ import annotations

import contextlib
import json
import socket
import threading
import time
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
import requests

from tests.helpers.faultproxy import FaultProxy, _RequestFramer


class QuietServer(ThreadingHTTPServer):
    """Resets from the proxy are the point of these tests, not errors worth a traceback."""

    def handle_error(self, request, client_address):
        pass


class Upstream:
    """A keep-alive JSON echo server that counts the requests it handled."""

    def __init__(self) -> None:
        self.handled = 0
        self._lock = threading.Lock()
        upstream = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"
            timeout = 5  # a half-sent request from a reset test must not pin a thread

            def _answer(self) -> None:
                length = int(self.headers.get("Content-Length") or 0)
                body = self.rfile.read(length) if length else b""
                with upstream._lock:
                    upstream.handled += 1
                payload = json.dumps(
                    {"method": self.command, "path": self.path, "received": len(body)}
                ).encode()
                self.send_response(201 if self.command == "POST" else 200)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(payload)))
                self.end_headers()
                self.wfile.write(payload)

            def do_GET(self):
                self._answer()

            def do_POST(self):
                self._answer()

            def log_message(self, format, *args):  # keep test output quiet
                pass

        self.server = QuietServer(("127.0.0.1", 0), Handler)
        self.address = self.server.server_address[:2]
        self.url = f"http://{self.address[0]}:{self.address[1]}"
        self._thread = threading.Thread(
            target=self.server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True
        )
        self._thread.start()

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture
def upstream() -> Iterator[Upstream]:
    server = Upstream()
    yield server
    server.close()


@pytest.fixture
def proxy(upstream: Upstream) -> Iterator[FaultProxy]:
    with FaultProxy(upstream.address) as fault_proxy:
        yield fault_proxy


@pytest.fixture
def session() -> Iterator[requests.Session]:
    with requests.Session() as client:
        yield client


TIMEOUT = (2, 5)


def test_passthrough_keeps_alive_and_counts_each_request(proxy, upstream, session):
    for index in range(3):
        response = session.post(f"{proxy.url}/tx/{index}", json={"n": index}, timeout=TIMEOUT)
        assert response.status_code == 201
        assert response.json()["path"] == f"/tx/{index}"

    assert proxy.connections == 1
    assert proxy.requests_seen == 3
    assert upstream.handled == 3
    assert proxy.bytes_up > 0
    assert proxy.bytes_down > 0
    assert proxy.url.startswith("http://127.0.0.1:")


def test_delay_adds_latency(proxy, session):
    proxy.delay(0.2)
    started = time.monotonic()
    response = session.get(proxy.url, timeout=TIMEOUT)
    elapsed = time.monotonic() - started

    assert response.status_code == 200
    # At least one chunk each way was held back; no upper bound, the machine may be busy.
    assert elapsed >= 0.4


def test_refuse_raises_connection_error(proxy, upstream, session):
    proxy.refuse()
    with pytest.raises(requests.ConnectionError):
        session.get(proxy.url, timeout=TIMEOUT)
    assert proxy.connections >= 1
    assert upstream.handled == 0


def test_reset_after_request_bytes_raises_connection_error(proxy, session):
    proxy.reset_after_request_bytes(50)
    with pytest.raises(requests.ConnectionError):
        session.post(proxy.url, data=b"x" * 10_000, timeout=TIMEOUT)
    assert proxy.bytes_up == 50


def test_reset_reaches_a_pooled_keep_alive_connection(proxy, session):
    assert session.get(proxy.url, timeout=TIMEOUT).status_code == 200
    proxy.reset_after_request_bytes(10)
    with pytest.raises(requests.ConnectionError):
        session.get(proxy.url, timeout=TIMEOUT)
    assert proxy.connections == 1


def test_cut_after_response_bytes_after_upstream_processed(proxy, upstream, session):
    proxy.cut_after_response_bytes(0)
    with pytest.raises(requests.ConnectionError):
        session.post(f"{proxy.url}/tx", json={"id": "t-1"}, timeout=TIMEOUT)

    # The server did the work; only the answer was lost: retries must be idempotent.
    assert upstream.handled == 1
    assert proxy.bytes_down == 0


def test_cut_inside_the_body_is_still_an_error(proxy, upstream, session):
    session.post(f"{proxy.url}/tx", json={"id": "t-0"}, timeout=TIMEOUT)
    response_size = proxy.bytes_down  # head and body of one answer
    proxy.cut_after_response_bytes(response_size - 5)
    with pytest.raises(requests.exceptions.ChunkedEncodingError):
        session.post(f"{proxy.url}/tx", json={"id": "t-1"}, timeout=TIMEOUT)
    assert upstream.handled == 2


def test_black_hole_times_out(proxy, upstream, session):
    proxy.black_hole()
    with pytest.raises(requests.Timeout):
        session.get(proxy.url, timeout=(1, 1))
    assert upstream.handled == 0


def test_burst_5xx_then_passthrough_resumes(proxy, upstream, session):
    assert session.get(proxy.url, timeout=TIMEOUT).status_code == 200  # pooled connection
    proxy.burst_5xx(2)

    first = session.get(proxy.url, timeout=TIMEOUT)
    second = session.get(proxy.url, timeout=TIMEOUT)
    third = session.get(proxy.url, timeout=TIMEOUT)

    assert [first.status_code, second.status_code, third.status_code] == [503, 503, 200]
    assert first.headers["Content-Type"] == "application/problem+json"
    assert first.json()["status"] == 503
    assert first.headers["Connection"] == "close"
    assert upstream.handled == 2  # the warm-up and the third request
    assert proxy.requests_seen == 4


def test_burst_with_custom_status(proxy, session):
    proxy.burst_5xx(1, status=502)
    assert session.get(proxy.url, timeout=TIMEOUT).status_code == 502
    assert session.get(proxy.url, timeout=TIMEOUT).status_code == 200


def test_rate_limit_sends_retry_after(proxy, session):
    proxy.rate_limit(1, retry_after_seconds=7)
    limited = session.post(proxy.url, json={}, timeout=TIMEOUT)
    assert limited.status_code == 429
    assert limited.headers["Retry-After"] == "7"
    assert session.post(proxy.url, json={}, timeout=TIMEOUT).status_code == 201


def test_malformed_json(proxy, upstream, session):
    proxy.malformed_json()
    response = session.post(proxy.url, json={"id": "t-1"}, timeout=TIMEOUT)
    assert response.status_code == 201
    assert response.headers["Content-Type"] == "application/json"
    with pytest.raises(requests.JSONDecodeError):
        response.json()
    assert upstream.handled == 0
    assert proxy.requests_seen == 1


def test_wrong_schema_persists_until_changed(proxy, session):
    proxy.wrong_schema(status=200)
    for _ in range(2):
        response = session.get(proxy.url, timeout=TIMEOUT)
        assert response.status_code == 200
        assert response.json() == {"unexpected": True}
    proxy.passthrough()
    assert session.get(proxy.url, timeout=TIMEOUT).json()["method"] == "GET"


def test_respond_sets_headers_and_length(proxy, session):
    proxy.respond(202, b"queued", headers={"X-Trace": "abc", "content-type": "text/plain"})
    response = session.get(proxy.url, timeout=TIMEOUT)
    assert response.status_code == 202
    assert response.content == b"queued"
    assert response.headers["Content-Length"] == "6"
    assert response.headers["X-Trace"] == "abc"
    assert response.headers["Content-Type"] == "text/plain"
    assert "Date" in response.headers


def test_respond_keep_alive_serves_several_requests_on_one_connection(proxy, session):
    proxy.respond(200, b"{}", headers={"Connection": "keep-alive"})
    for _ in range(3):
        assert session.get(proxy.url, timeout=TIMEOUT).status_code == 200
    assert proxy.connections == 1
    assert proxy.requests_seen == 3


def test_huge_body_streams_and_client_can_stop(proxy, session):
    size = 50 * 1024 * 1024
    proxy.huge_body(size)
    limit = 1024 * 1024
    read = 0
    with session.post(proxy.url, json={}, stream=True, timeout=TIMEOUT) as response:
        assert response.status_code == 201
        assert response.headers["Content-Length"] == str(size)
        for block in response.iter_content(64 * 1024):
            if not read:
                assert block.startswith(b'{"data": "x')
            read += len(block)
            if read > limit:
                break
    assert read > limit
    assert proxy.bytes_down < size


def test_trickle_trips_a_read_timeout(proxy, session):
    proxy.trickle(body=b'{"id": "t-1"}', chunk_size=1, interval=0.5)
    # requests reports a read timeout inside the body as ConnectionError, in the head as Timeout.
    with pytest.raises((requests.ConnectionError, requests.Timeout)):
        session.get(proxy.url, timeout=(1, 0.2))


def test_trickle_exceeds_a_total_time_bound(proxy, session):
    proxy.trickle(body=b"0123456789" * 2, chunk_size=4, interval=0.2)
    started = time.monotonic()
    body = b""
    with session.get(proxy.url, stream=True, timeout=(1, 2)) as response:
        for block in response.iter_content(1):
            body += block
    elapsed = time.monotonic() - started
    assert body == b"0123456789" * 2
    # Every read was quick, yet five pieces 0.2 s apart take ~1 s: only a deadline catches it.
    assert elapsed >= 0.8


def test_close_is_prompt_with_a_black_holed_connection(upstream):
    proxy = FaultProxy(upstream.address)
    proxy.black_hole()
    client = socket.create_connection(proxy.address, timeout=5)
    try:
        client.sendall(b"GET / HTTP/1.1\r\nHost: x\r\n\r\n")
        deadline = time.monotonic() + 5
        while proxy.connections < 1 and time.monotonic() < deadline:
            time.sleep(0.01)

        started = time.monotonic()
        proxy.close()
        assert time.monotonic() - started < 2
        proxy.close()  # idempotent

        # The client is released too: EOF or reset, not a hang.
        with contextlib.suppress(ConnectionResetError):
            assert client.recv(1) == b""
    finally:
        client.close()
    with pytest.raises(OSError):
        socket.create_connection(proxy.address, timeout=1).close()


def test_close_is_prompt_during_a_huge_body_nobody_reads(upstream):
    proxy = FaultProxy(upstream.address)
    proxy.huge_body(50 * 1024 * 1024)
    client = socket.create_connection(proxy.address, timeout=5)
    try:
        client.sendall(b"GET / HTTP/1.1\r\nHost: x\r\n\r\n")
        client.recv(1024)  # the proxy is now blocked sending into a full buffer
        started = time.monotonic()
        proxy.close()
        assert time.monotonic() - started < 2
    finally:
        client.close()


def test_framer_finds_pipelined_and_chunked_requests():
    stream = (
        b"POST /a HTTP/1.1\r\nContent-Length: 3\r\n\r\nabc"
        b"POST /b HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n"
        b"4;ext=1\r\nwxyz\r\n0\r\nX-Trailer: 1\r\n\r\n"
        b"GET /c HTTP/1.1\r\n\r\n"
    )
    for piece_size in (1, 7, len(stream)):
        framer = _RequestFramer()
        heads = completed = 0
        for start in range(0, len(stream), piece_size):
            data = stream[start : start + piece_size]
            while data:
                used, head, done = framer.feed(data)
                heads += head
                completed += done
                data = data[used:]
        assert (heads, completed) == (3, 3)
        assert framer.at_start
        assert framer.method == "GET"
