"""A loopback TCP proxy that injects network and HTTP faults between a client and a server.

Tests point the sync worker at ``proxy.url`` instead of the central API and switch fault modes
from the test thread, to see how the worker copes with resets, stalls, and slow or odd answers.
Everything is bounded: ``close()`` wakes and ends every thread promptly, whatever the mode.

The mode is read when a connection is accepted and again whenever a new request starts on a
kept-alive connection, so a pooled client connection (``requests.Session``) sees a mode change
on its next request. ``delay``, ``reset_after_request_bytes`` and ``cut_after_response_bytes``
also take effect at once on a connection that is being relayed.
"""

from __future__ import annotations

import contextlib
import email.utils
import enum
import http
import json
import selectors
import socket
import struct
import threading
import time
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field
from types import TracebackType

_BUF = 65536
_POLL = 0.25  # longest wait before a thread looks at the stop flag again
_MAX_LINE = 64 * 1024  # request heads or chunk lines longer than this are relayed unparsed
_LINGER_CLOSE = 2.0  # how long a respond-mode connection waits for the client to hang up
_JOIN_BUDGET = 1.5  # close() waits at most this long for threads, so it returns within 2 s


class _Kind(enum.Enum):
    PASSTHROUGH = "passthrough"
    DELAY = "delay"
    REFUSE = "refuse"
    RESET = "reset_after_request_bytes"
    CUT = "cut_after_response_bytes"
    BLACK_HOLE = "black_hole"
    RESPOND = "respond"


class _Phase(enum.Enum):
    """What a connection does next; modes map onto these, plus DONE."""

    RELAY = "relay"
    RESPOND = "respond"
    BLACK_HOLE = "black_hole"
    REFUSE = "refuse"
    DONE = "done"


_RELAY_KINDS = frozenset({_Kind.PASSTHROUGH, _Kind.DELAY, _Kind.RESET, _Kind.CUT})


@dataclass(frozen=True)
class _Response:
    """A canned answer; the head is rendered at send time so ``Date`` is current."""

    status: int
    length: int
    headers: Mapping[str, str | None] = field(default_factory=dict)
    body: bytes = b""
    stream: Callable[[], Iterator[bytes]] | None = None
    trickle: tuple[int, float] | None = None

    def head(self) -> tuple[bytes, bool]:
        """Return the status line and headers, and whether the connection may stay open."""
        try:
            reason = http.HTTPStatus(self.status).phrase
        except ValueError:
            reason = "Unknown"
        merged: dict[str, tuple[str, str | None]] = {
            "content-length": ("Content-Length", str(self.length)),
            "date": ("Date", email.utils.formatdate(usegmt=True)),
            "connection": ("Connection", "close"),
        }
        for name, value in self.headers.items():
            merged[name.lower()] = (name, value)
        lines = [f"HTTP/1.1 {self.status} {reason}"]
        lines += [f"{name}: {value}" for name, value in merged.values() if value is not None]
        connection = merged["connection"][1] or ""
        keep_alive = merged["content-length"][1] is not None and "close" not in connection.lower()
        return ("\r\n".join(lines) + "\r\n\r\n").encode("latin-1"), keep_alive

    def pieces(self) -> Iterator[bytes]:
        """Yield the body in the pieces to send: trickle-sized when trickling."""
        source = self.stream() if self.stream is not None else iter((self.body,))
        if self.trickle is None:
            yield from source
            return
        size = self.trickle[0]
        for block in source:
            for start in range(0, len(block), size):
                yield block[start : start + size]


@dataclass(eq=False)
class _Mode:
    """One fault setting; compared by identity so a replaced mode is never mistaken for it."""

    kind: _Kind
    seconds: float = 0.0
    limit: int = 0
    response: _Response | None = None
    remaining: int | None = None  # respond modes: requests left before passthrough resumes


def _phase_of(mode: _Mode) -> _Phase:
    """Map a mode to what a connection must do at a request boundary."""
    if mode.kind in _RELAY_KINDS:
        return _Phase.RELAY
    if mode.kind is _Kind.RESPOND:
        return _Phase.RESPOND
    if mode.kind is _Kind.BLACK_HOLE:
        return _Phase.BLACK_HOLE
    return _Phase.REFUSE


def _problem(status: int, detail: str) -> bytes:
    """Build an RFC 9457 problem+json body, the shape a real API gateway returns."""
    try:
        title = http.HTTPStatus(status).phrase
    except ValueError:
        title = "Error"
    document = {"type": "about:blank", "title": title, "status": status, "detail": detail}
    return json.dumps(document).encode()


class _RequestFramer:
    """Find where HTTP/1.1 requests start and end in a client byte stream, without keeping bodies.

    The proxy needs request boundaries to count requests and to switch modes between requests
    on a kept-alive connection. Content-Length and chunked bodies are understood; anything it
    cannot parse switches it to "raw", where bytes are still relayed but no longer counted.
    """

    def __init__(self) -> None:
        self._state = "head"
        self._buf = bytearray()
        self._remaining = 0
        self.method = ""

    @property
    def at_start(self) -> bool:
        """Whether the next byte begins a new request."""
        return self._state == "head" and not self._buf

    def feed(self, data: bytes) -> tuple[int, bool, bool]:
        """Consume bytes up to the end of the current request at most.

        Returns (bytes consumed, a request head completed, the request completed); the caller
        feeds the rest again, so it can act at each boundary.
        """
        pos, size, head_seen = 0, len(data), False
        while pos < size:
            state = self._state
            if state == "raw":
                return size, head_seen, False
            if state == "head":
                if not self._buf and data[pos] in b"\r\n":  # stray CRLF between requests
                    pos += 1
                    continue
                start = max(0, len(self._buf) - 3)
                self._buf += data[pos:]
                end = self._buf.find(b"\r\n\r\n", start)
                if end < 0:
                    if len(self._buf) > _MAX_LINE:
                        self._state = "raw"
                        self._buf.clear()
                    return size, head_seen, False
                end += 4
                pos = size - (len(self._buf) - end)
                head = bytes(self._buf[:end])
                self._buf.clear()
                head_seen = True
                if self._parse_head(head):
                    return pos, True, True
            elif state in ("body", "chunk-data"):
                take = min(self._remaining, size - pos)
                pos += take
                self._remaining -= take
                if not self._remaining:
                    if state == "body":
                        self._state = "head"
                        return pos, head_seen, True
                    self._state = "chunk-size"
            else:  # "chunk-size" or "trailer": line based
                newline = data.find(b"\n", pos)
                if newline < 0:
                    self._buf += data[pos:]
                    if len(self._buf) > _MAX_LINE:
                        self._state = "raw"
                        self._buf.clear()
                    return size, head_seen, False
                self._buf += data[pos : newline + 1]
                pos = newline + 1
                line = bytes(self._buf).strip()
                self._buf.clear()
                if state == "trailer":
                    if not line:
                        self._state = "head"
                        return pos, head_seen, True
                    continue
                try:
                    chunk = int(line.split(b";", 1)[0], 16)
                except ValueError:
                    self._state = "raw"
                    continue
                if chunk == 0:
                    self._state = "trailer"
                else:
                    self._state = "chunk-data"
                    self._remaining = chunk + 2  # the data and its CRLF
        return size, head_seen, False

    def _parse_head(self, head: bytes) -> bool:
        """Read the method and body framing; True when the request has no body."""
        lines = head.split(b"\r\n")
        words = lines[0].split()
        self.method = words[0].decode("latin-1").upper() if words else ""
        length, chunked = 0, False
        for line in lines[1:]:
            name, sep, value = line.partition(b":")
            if not sep:
                continue
            name = name.strip().lower()
            if name == b"transfer-encoding" and b"chunked" in value.lower():
                chunked = True
            elif name == b"content-length":
                try:
                    length = int(value.strip())
                except ValueError:
                    length = -1
                if length < 0:
                    self._state = "raw"
                    return False
        if chunked:
            self._state = "chunk-size"
            return False
        if length > 0:
            self._state = "body"
            self._remaining = length
            return False
        self._state = "head"
        return True


class FaultProxy:
    """Forward TCP from ``127.0.0.1:<ephemeral>`` to ``upstream``, injecting faults on demand.

    Use as a context manager; ``url`` is the base URL to give the client under test. Mode
    methods may be called at any time from the test thread. Counters (``connections``,
    ``requests_seen``, ``bytes_up``, ``bytes_down``) are for assertions.
    """

    def __init__(self, upstream: tuple[str, int], *, connect_timeout: float = 5.0) -> None:
        self._upstream = upstream
        self._connect_timeout = connect_timeout
        self._lock = threading.Lock()
        self._stop = threading.Event()
        self._mode = _Mode(_Kind.PASSTHROUGH)
        self._connections = 0
        self._requests = 0
        self._bytes_up = 0
        self._bytes_down = 0
        self._sockets: set[socket.socket] = set()
        self._threads: list[threading.Thread] = []
        self._closed = False
        self._wake_r, self._wake_w = socket.socketpair()
        self._listener = socket.create_server(("127.0.0.1", 0))
        self._listener.setblocking(False)
        self._address: tuple[str, int] = self._listener.getsockname()[:2]
        self._acceptor = threading.Thread(
            target=self._accept_loop, name="faultproxy-accept", daemon=True
        )
        self._acceptor.start()

    # -- lifecycle ---------------------------------------------------------------------------

    def __enter__(self) -> FaultProxy:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()

    def close(self) -> None:
        """Stop accepting, drop every connection and wait (briefly) for the threads to end.

        Safe to call twice. Sockets are shut down rather than closed here, so a thread blocked
        in ``sendall`` or ``select`` wakes up with an error and closes its own sockets.
        """
        with self._lock:
            if self._closed:
                return
            self._closed = True
            sockets = list(self._sockets)
            threads = list(self._threads)
        self._stop.set()
        with contextlib.suppress(OSError):
            self._wake_w.send(b"x")
        for sock in sockets:
            with contextlib.suppress(OSError):
                sock.shutdown(socket.SHUT_RDWR)
        deadline = time.monotonic() + _JOIN_BUDGET
        for thread in [self._acceptor, *threads]:
            thread.join(max(0.0, deadline - time.monotonic()))
        self._listener.close()
        if not any(thread.is_alive() for thread in [self._acceptor, *threads]):
            self._wake_r.close()
            self._wake_w.close()

    @property
    def address(self) -> tuple[str, int]:
        """The (host, port) the proxy listens on."""
        return self._address

    @property
    def url(self) -> str:
        """Base URL for an HTTP client, e.g. ``http://127.0.0.1:54321``."""
        return f"http://{self._address[0]}:{self._address[1]}"

    # -- counters ----------------------------------------------------------------------------

    @property
    def connections(self) -> int:
        """Client connections accepted so far."""
        with self._lock:
            return self._connections

    @property
    def requests_seen(self) -> int:
        """Requests answered in respond modes plus request heads relayed towards upstream."""
        with self._lock:
            return self._requests

    @property
    def bytes_up(self) -> int:
        """Bytes sent to upstream; bytes swallowed or answered locally do not count.

        Counted as they are handed to the socket, so the count is never behind what a peer saw.
        """
        with self._lock:
            return self._bytes_up

    @property
    def bytes_down(self) -> int:
        """Bytes sent to clients, relayed or generated by a respond mode (counted like bytes_up)."""
        with self._lock:
            return self._bytes_down

    # -- network fault modes -----------------------------------------------------------------

    def passthrough(self) -> None:
        """Relay bytes untouched: the healthy network."""
        self._set(_Mode(_Kind.PASSTHROUGH))

    def delay(self, seconds: float) -> None:
        """Wait ``seconds`` before forwarding each chunk, both ways: a slow, high-latency link."""
        if seconds < 0:
            raise ValueError("seconds must be >= 0")
        self._set(_Mode(_Kind.DELAY, seconds=seconds))

    def refuse(self) -> None:
        """Accept, then close at once: the client sees a reset or close before any response."""
        self._set(_Mode(_Kind.REFUSE))

    def reset_after_request_bytes(self, n: int) -> None:
        """Relay ``n`` request bytes, then RST the client and close upstream.

        Models a reset mid-request: upstream may or may not have a full request. A request
        shorter than ``n`` is relayed whole and the reset follows before any response. Bytes
        are counted from the moment the mode reaches the connection, so this also cuts a
        kept-alive connection on its next request.
        """
        if n < 0:
            raise ValueError("n must be >= 0")
        self._set(_Mode(_Kind.RESET, limit=n))

    def cut_after_response_bytes(self, n: int) -> None:
        """Relay the full request, then only ``n`` response bytes, then RST the client.

        Models a reset after the server has processed the request: the case that makes retries
        need idempotency keys. With ``n`` inside the headers ``requests`` raises
        ``ConnectionError``; inside the body it raises ``ChunkedEncodingError``. A response
        shorter than ``n`` passes whole.
        """
        if n < 0:
            raise ValueError("n must be >= 0")
        self._set(_Mode(_Kind.CUT, limit=n))

    def black_hole(self) -> None:
        """Accept and read, never answer, never close: only client timeouts get out of this."""
        self._set(_Mode(_Kind.BLACK_HOLE))

    # -- HTTP answer modes -------------------------------------------------------------------

    def respond(
        self,
        status: int,
        body: bytes = b"",
        headers: Mapping[str, str | None] | None = None,
        trickle: tuple[int, float] | None = None,
    ) -> None:
        """Answer every request locally with this response, never contacting upstream.

        Each request is read in full first. ``Content-Length``, ``Date`` and
        ``Connection: close`` are added unless ``headers`` overrides them (a ``None`` value
        drops a header). ``trickle=(chunk_size, interval_seconds)`` sends the body slowly.
        """
        self._set_response(
            _Response(status, len(body), dict(headers or {}), body, trickle=trickle), None
        )

    def burst_5xx(self, count: int, status: int = 503) -> None:
        """Answer the next ``count`` requests with a problem+json ``status``, then relay again."""
        headers = {"Content-Type": "application/problem+json"}
        body = _problem(status, "injected by FaultProxy")
        self._set_response(_Response(status, len(body), headers, body), count)

    def rate_limit(self, count: int, retry_after_seconds: int) -> None:
        """Answer the next ``count`` requests with 429 and ``Retry-After``, then relay again."""
        headers = {
            "Content-Type": "application/problem+json",
            "Retry-After": str(retry_after_seconds),
        }
        body = _problem(429, f"retry after {retry_after_seconds} s")
        self._set_response(_Response(429, len(body), headers, body), count)

    def malformed_json(self, status: int = 201) -> None:
        """Answer with a JSON content type but a truncated document: the parser must cope."""
        body = b'{"id": "txn-1", "status": "acc'
        self.respond(status, body, {"Content-Type": "application/json"})

    def wrong_schema(self, status: int = 201) -> None:
        """Answer with valid JSON of the wrong shape: validation, not parsing, must catch it."""
        self.respond(status, b'{"unexpected": true}', {"Content-Type": "application/json"})

    def huge_body(self, size_bytes: int, status: int = 201) -> None:
        """Stream a ``size_bytes`` JSON body, generated piecewise: clients must cap what they read.

        The body is ``{"data": "xxx...x"}``, so it is valid JSON if read to the end.
        """
        prefix, suffix = b'{"data": "', b'"}'
        filler = size_bytes - len(prefix) - len(suffix)
        if filler < 0:
            raise ValueError(f"size_bytes must be >= {len(prefix) + len(suffix)}")

        def stream() -> Iterator[bytes]:
            block = b"x" * _BUF
            yield prefix
            left = filler
            while left > 0:
                yield block[: min(left, _BUF)]
                left -= _BUF
            yield suffix

        headers = {"Content-Type": "application/json"}
        self._set_response(_Response(status, size_bytes, headers, stream=stream), None)

    def trickle(
        self,
        status: int = 201,
        body: bytes = b'{"id": "txn-1", "status": "accepted"}',
        chunk_size: int = 1,
        interval: float = 0.5,
    ) -> None:
        """Send headers at once, then the body ``chunk_size`` bytes every ``interval`` seconds.

        Each byte arrives within a read timeout, so only a total-time bound catches it.
        """
        if chunk_size < 1 or interval < 0:
            raise ValueError("chunk_size must be >= 1 and interval >= 0")
        headers = {"Content-Type": "application/json"}
        self.respond(status, body, headers, trickle=(chunk_size, interval))

    # -- internals used by connections -------------------------------------------------------

    def _set(self, mode: _Mode) -> None:
        """Install a mode; connections pick it up at their next decision point."""
        with self._lock:
            self._mode = mode

    def _set_response(self, response: _Response, count: int | None) -> None:
        """Install a respond mode for ``count`` requests (None: until changed)."""
        if count is not None and count < 1:
            raise ValueError("count must be >= 1")
        if response.trickle is not None and response.trickle[0] < 1:
            raise ValueError("trickle chunk_size must be >= 1")
        self._set(_Mode(_Kind.RESPOND, response=response, remaining=count))

    def _current(self) -> _Mode:
        """The mode now in force; read under the lock because the test thread changes it."""
        with self._lock:
            return self._mode

    def _claim(self, mode: _Mode) -> _Response | None:
        """Take one answer from ``mode`` if it is still current; count the request."""
        with self._lock:
            if self._mode is not mode or mode.response is None:
                return None
            if mode.remaining is not None:
                mode.remaining -= 1
                if mode.remaining <= 0:
                    self._mode = _Mode(_Kind.PASSTHROUGH)
            self._requests += 1
            return mode.response

    def _count(self, *, requests: int = 0, up: int = 0, down: int = 0) -> None:
        """Bump counters from connection threads."""
        with self._lock:
            self._requests += requests
            self._bytes_up += up
            self._bytes_down += down

    def _track(self, sock: socket.socket) -> bool:
        """Register a socket for close(); False (caller must close it) if already closing."""
        with self._lock:
            if self._closed:
                return False
            self._sockets.add(sock)
            return True

    def _untrack(self, sock: socket.socket) -> None:
        """Forget a socket its thread is closing, so close() never touches a reused descriptor."""
        with self._lock:
            self._sockets.discard(sock)

    def _accept_loop(self) -> None:
        """Accept clients until close(); each gets a daemon thread."""
        with contextlib.suppress(OSError), selectors.DefaultSelector() as selector:
            selector.register(self._listener, selectors.EVENT_READ)
            selector.register(self._wake_r, selectors.EVENT_READ)
            while not self._stop.is_set():
                for key, _ in selector.select(_POLL):
                    if key.fileobj is self._listener:
                        self._accept_one()

    def _accept_one(self) -> None:
        """Take one pending client and start its thread (the listener is non-blocking)."""
        try:
            client, _ = self._listener.accept()
        except (BlockingIOError, InterruptedError):
            return
        client.setblocking(True)
        client.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        if not self._track(client):
            client.close()
            return
        thread = threading.Thread(
            target=_Connection(self, client).run, name="faultproxy-conn", daemon=True
        )
        with self._lock:
            self._connections += 1
            self._threads = [t for t in self._threads if t.is_alive()]
            self._threads.append(thread)
        thread.start()


class _Connection:
    """One accepted client socket and, while relaying, its upstream socket."""

    def __init__(self, proxy: FaultProxy, client: socket.socket) -> None:
        self._proxy = proxy
        self._stop = proxy._stop
        self._client: socket.socket | None = client
        self._upstream: socket.socket | None = None
        self._pending = b""  # client bytes read but not yet handled; always at a request start
        self._selector = selectors.DefaultSelector()
        self._budget_mode: _Mode | None = None
        self._budget_used = 0

    def run(self) -> None:
        """Drive the connection through phases until it ends or the proxy stops."""
        client = self._client
        assert client is not None
        try:
            self._selector.register(client, selectors.EVENT_READ)
            self._selector.register(self._proxy._wake_r, selectors.EVENT_READ)
            phase = _phase_of(self._proxy._current())
            while phase is not _Phase.DONE and not self._stop.is_set():
                if phase is _Phase.RELAY:
                    phase = self._relay()
                elif phase is _Phase.RESPOND:
                    phase = self._respond()
                elif phase is _Phase.BLACK_HOLE:
                    phase = self._black_hole()
                else:  # REFUSE: the plain close below is the whole behaviour
                    break
        except OSError:
            pass  # the peer went away or close() shut the socket down: the connection is over
        finally:
            self._close_upstream()
            self._selector.close()
            if self._client is not None:
                self._close(self._client)
                self._client = None

    # -- phases ------------------------------------------------------------------------------

    def _relay(self) -> _Phase:
        """Relay both ways with delay/reset/cut, until EOF or a request needs another mode."""
        client = self._require_client()
        framer = _RequestFramer()
        data, self._pending = self._pending, b""
        try:
            while True:
                if data:
                    phase = self._forward_up(data, framer)
                    if phase is not None:
                        return phase
                    data = b""
                if self._stop.is_set():
                    return _Phase.DONE
                for key, _ in self._selector.select(_POLL):
                    if key.fileobj is client:
                        data = client.recv(_BUF)
                        if not data:  # client finished sending: pass the half-close on
                            if self._upstream is None:
                                return _Phase.DONE
                            self._selector.unregister(client)
                            self._upstream.shutdown(socket.SHUT_WR)
                    elif key.fileobj is self._upstream:
                        chunk = self._upstream.recv(_BUF)
                        if not chunk:
                            return _Phase.DONE
                        phase = self._forward_down(chunk)
                        if phase is not None:
                            return phase
        finally:
            self._close_upstream()

    def _respond(self) -> _Phase:
        """Read whole requests and answer them locally while a respond mode is current."""
        while True:
            mode = self._proxy._current()
            phase = _phase_of(mode)
            if phase is not _Phase.RESPOND:
                return phase
            framer = _RequestFramer()
            request = bytearray()
            data, self._pending = self._pending, b""
            while True:
                if data:
                    used, _, done = framer.feed(data)
                    request += data[:used]
                    data = data[used:]
                    if done:
                        break
                received = self._recv_client()
                if not received:
                    return _Phase.DONE
                data = received
            response = self._proxy._claim(mode)
            if response is None:  # the mode changed meanwhile: replay the request elsewhere
                self._pending = bytes(request) + data
                continue
            self._pending = data
            if not self._send_response(response, head_only=framer.method == "HEAD"):
                return _Phase.DONE

    def _black_hole(self) -> _Phase:
        """Swallow whatever the client sends until it hangs up or the proxy stops."""
        self._pending = b""
        while self._recv_client():
            pass
        return _Phase.DONE

    # -- relay helpers -----------------------------------------------------------------------

    def _forward_up(self, data: bytes, framer: _RequestFramer) -> _Phase | None:
        """Send client bytes upstream; return a phase when the connection must change course."""
        while data:
            mode = self._proxy._current()
            if framer.at_start:
                phase = _phase_of(mode)
                if phase is not _Phase.RELAY:
                    self._pending = data
                    return phase
            upstream = self._upstream or self._connect()
            if upstream is None:
                self._reset_client()
                return _Phase.DONE
            used, head, done = framer.feed(data)
            chunk, data = data[:used], data[used:]
            if head:
                self._proxy._count(requests=1)
            if mode.kind is _Kind.RESET:
                left = self._budget_left(mode)
                if len(chunk) >= left or done:
                    self._send(upstream, chunk[:left], up=True)
                    self._reset_client()
                    return _Phase.DONE
                self._budget_used += len(chunk)
            elif mode.kind is _Kind.DELAY and self._stop.wait(mode.seconds):
                return _Phase.DONE
            self._send(upstream, chunk, up=True)
        return None

    def _forward_down(self, chunk: bytes) -> _Phase | None:
        """Send upstream bytes to the client, applying delay or the cut budget."""
        client = self._require_client()
        mode = self._proxy._current()
        if mode.kind is _Kind.CUT:
            left = self._budget_left(mode)
            if len(chunk) >= left:
                self._send(client, chunk[:left], up=False)
                self._reset_client()
                return _Phase.DONE
            self._budget_used += len(chunk)
        elif mode.kind is _Kind.DELAY and self._stop.wait(mode.seconds):
            return _Phase.DONE
        self._send(client, chunk, up=False)
        return None

    def _budget_left(self, mode: _Mode) -> int:
        """Bytes still allowed under a reset/cut mode, counted from when it reached us."""
        if mode is not self._budget_mode:
            self._budget_mode = mode
            self._budget_used = 0
        return max(0, mode.limit - self._budget_used)

    def _connect(self) -> socket.socket | None:
        """Open the upstream connection lazily, so answer modes never touch upstream."""
        try:
            upstream = socket.create_connection(
                self._proxy._upstream, timeout=self._proxy._connect_timeout
            )
        except OSError:
            return None
        upstream.settimeout(None)
        upstream.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        if not self._proxy._track(upstream):
            upstream.close()
            return None
        self._upstream = upstream
        self._selector.register(upstream, selectors.EVENT_READ)
        return upstream

    def _close_upstream(self) -> None:
        """Drop the upstream side, e.g. when the next request is answered locally."""
        if self._upstream is not None:
            with contextlib.suppress(KeyError, ValueError):
                self._selector.unregister(self._upstream)
            self._close(self._upstream)
            self._upstream = None

    # -- client helpers ----------------------------------------------------------------------

    def _require_client(self) -> socket.socket:
        """The client socket, or an OSError ending the connection if it was already reset."""
        if self._client is None:
            raise ConnectionAbortedError("client already closed")
        return self._client

    def _recv_client(self, deadline: float | None = None) -> bytes | None:
        """Wait for client bytes; b"" on EOF, None when the proxy stops or the deadline passes."""
        client = self._require_client()
        while not self._stop.is_set():
            timeout = _POLL
            if deadline is not None:
                timeout = min(timeout, deadline - time.monotonic())
                if timeout <= 0:
                    return None
            for key, _ in self._selector.select(timeout):
                if key.fileobj is client:
                    return client.recv(_BUF)
        return None

    def _send_response(self, response: _Response, *, head_only: bool) -> bool:
        """Write a canned response; True if the connection stays open for another request."""
        client = self._require_client()
        head, keep_alive = response.head()
        self._send(client, head, up=False)
        if not head_only:
            for piece in response.pieces():
                if response.trickle is not None and self._stop.wait(response.trickle[1]):
                    return False
                if self._stop.is_set():
                    return False
                self._send(client, piece, up=False)
        if keep_alive:
            return True
        # Half-close and let the client hang up first, so unread request bytes never turn
        # our close into a reset that could destroy the response in flight.
        client.shutdown(socket.SHUT_WR)
        deadline = time.monotonic() + _LINGER_CLOSE
        while self._recv_client(deadline):
            pass
        return False

    def _send(self, sock: socket.socket, data: bytes, *, up: bool) -> None:
        """Count, then send: counted first so a test never sees its bytes before the counter."""
        if not data:
            return
        if up:
            self._proxy._count(up=len(data))
        else:
            self._proxy._count(down=len(data))
        sock.sendall(data)

    def _reset_client(self) -> None:
        """Close the client with SO_LINGER 0, which makes the kernel send RST instead of FIN."""
        client = self._client
        if client is None:
            return
        self._client = None
        with contextlib.suppress(KeyError, ValueError):
            self._selector.unregister(client)
        with contextlib.suppress(OSError):
            client.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
        self._close(client)

    def _close(self, sock: socket.socket) -> None:
        """Close a socket this thread owns, after untracking it."""
        self._proxy._untrack(sock)
        with contextlib.suppress(OSError):
            sock.close()
