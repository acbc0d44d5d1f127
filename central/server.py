"""The production server of ``python -m central serve``: gunicorn's processes, waitress's I/O.

Why this pair (each claim has a black-box test in ``tests/unit/central/test_server.py``):

- **gunicorn** manages processes well: a master that binds the socket, ``--workers N``
  forked workers restarted when they die, a heartbeat that replaces a hung worker, SIGTERM
  as a graceful stop. Its own I/O does not bound a slow client, though: the ``gthread``
  worker hands a connection to a thread as soon as one byte arrives and that thread then
  blocks reading the head, so a few slow clients (one byte every 30 s) hold every thread,
  and the ``sync`` worker serves one connection at a time. ``uvicorn`` has no header
  timeout at all, and Django's ``runserver`` is for development.
- **waitress** reads every request, head and body, in one asynchronous loop and hands only
  complete requests to its worker threads, so a slow client costs a socket, never a thread;
  it bounds connections (``connection_limit``), head and body sizes, and its error
  answers come from one replaceable class.

So each gunicorn worker runs waitress on gunicorn's listening sockets
(:class:`WaitressWorker`), with what waitress lacks added here, as the contract's
"Request checks" item 0 asks: the request line and headers must arrive within
``HEAD_SECONDS`` of the connection opening or of the previous answer, a body at no less
than 1 KiB/s (:class:`CentralChannel`); ``Transfer-Encoding`` and a ``Content-Length``
that is not one run of ASCII digits are refused (:class:`CentralParser`); and every error
the server itself answers is ``application/problem+json`` (:class:`ProblemErrorTask`).
"""

from __future__ import annotations

import logging
import os
import socket
import time
from collections.abc import Callable, Iterable
from typing import Any

from gunicorn.app.base import BaseApplication
from gunicorn.arbiter import Arbiter
from gunicorn.glogging import Logger
from gunicorn.workers.base import Worker
from waitress import wasyncore
from waitress.adjustments import Adjustments
from waitress.channel import HTTPChannel
from waitress.parser import HTTPRequestParser, ParsingError, TransferEncodingNotImplemented
from waitress.server import TcpWSGIServer
from waitress.task import ErrorTask, ThreadedTaskDispatcher, WSGITask
from waitress.utilities import BadRequest, InternalServerError, RequestEntityTooLarge

from central.api.problems import (
    MAX_BODY_BYTES,
    Problem,
    loggable,
    problem_body,
    problem_headers,
)

log = logging.getLogger("central.server")

#: Seconds for the request line and headers (contract, "Request checks" 0).
HEAD_SECONDS = 10.0
MAX_HEAD_BYTES = 64 * 1024
#: A body must arrive at this rate at least, after a grace of HEAD_SECONDS.
MIN_BODY_BYTES_PER_SECOND = 1024
#: A refused body up to this size is read and dropped, so the client gets its 413.
DRAIN_LIMIT_BYTES = 8 * MAX_BODY_BYTES
#: Seconds a closing connection keeps reading (and dropping) what the client still sends, so
#: an answer to a request that was not read to its end (a 413, 431 or 408) reaches the client
#: instead of being destroyed by a TCP reset (RFC 9112, 9.6).
LINGER_SECONDS = 2.0
#: Open connections per worker process; slow clients beyond it wait in the listen backlog.
CONNECTION_LIMIT = 1000
#: Threads per worker process that run Django (each with its own database connection).
THREADS = 4
#: Seconds a stopping worker lets requests in progress finish.
GRACEFUL_SECONDS = 10
SERVER_NAME = "alm-central"
_LOOP_SECONDS = 1.0


class RequestTimeout(BadRequest):  # type: ignore[misc]
    """A head or body that did not arrive in time."""

    code = 408
    reason = "Request Timeout"


class CentralParser(HTTPRequestParser):  # type: ignore[misc]
    """waitress's parser, refusing ``Transfer-Encoding`` (the contract wants Content-Length)."""

    def parse_header(self, header_plus: bytes) -> None:
        """Parse as waitress does, then refuse any transfer coding, even ``chunked``."""
        try:
            super().parse_header(header_plus)
        except TransferEncodingNotImplemented:
            self.chunked = True
        if self.chunked or "TRANSFER_ENCODING" in self.headers:
            self.body_rcv = None
            raise ParsingError(
                "Transfer-Encoding is not accepted; send the body with Content-Length"
            )


class CentralTask(WSGITask):  # type: ignore[misc]
    """waitress's task for Django's answers, with header names spelled as the contract does.

    waitress capitalises each word of a header name (``Etag``, ``Www-Authenticate``); header
    names are case-insensitive, but kiosks of contract 1.0 look ``ETag`` up case-sensitively.
    """

    _SPELLING = ((b"\r\nEtag:", b"\r\nETag:"), (b"\r\nWww-Authenticate:", b"\r\nWWW-Authenticate:"))

    def build_response_header(self) -> bytes:
        """The head as waitress builds it, with the contract's spelling of those names."""
        head: bytes = super().build_response_header()
        for spelled, contract in self._SPELLING:
            head = head.replace(spelled, contract)
        return head


class ProblemErrorTask(ErrorTask):  # type: ignore[misc]
    """The server's own error answers (parse errors, sizes, time-outs) as problem+json."""

    def execute(self) -> None:
        """Write the problem and close the connection (the rest of the request is unread)."""
        error = self.request.error
        problem, detail = Problem.INVALID_REQUEST, str(error.body)
        if isinstance(error, RequestEntityTooLarge):
            problem = Problem.PAYLOAD_TOO_LARGE
            detail = (
                f"the body is {self.request.content_length} bytes; at most {MAX_BODY_BYTES} "
                "are accepted"
            )
        elif isinstance(error, InternalServerError):
            problem, detail = Problem.INTERNAL_ERROR, "the server failed; retry later"
        log.info("Refused from %s: %d %s", self.channel.addr[0], error.code, loggable(detail))
        # A request line too broken to parse leaves HTTP/1.0; answer in 1.1 all the same.
        self.version = "1.1"
        body = problem_body(problem, detail, status=error.code)
        self.status = f"{error.code} {error.reason}"
        self.response_headers.append(("Content-Type", "application/problem+json"))
        self.response_headers.extend(problem_headers(problem, error.code))
        self.set_close_on_finish()
        self.content_length = len(body)
        self.write(body)


class CentralChannel(HTTPChannel):  # type: ignore[misc]
    """A connection with deadlines for the head and the body (contract, "Request checks" 0).

    The head's clock starts when the connection opens or the previous answer is done, and
    reading bytes does not reset it; the body's when its head is complete. The server's
    maintenance (on the event loop, every second) calls :meth:`enforce_deadlines`. A
    connection closes lingering: it stops sending, drops what still arrives for up to
    ``LINGER_SECONDS``, then closes.
    """

    parser_class = CentralParser
    task_class = CentralTask
    error_task_class = ProblemErrorTask
    will_close: bool
    close_when_flushed: bool

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.awaiting_since = time.monotonic()
        self._timed: HTTPRequestParser | None = None
        self._body_since = 0.0
        self._lingering_since: float | None = None

    def received(self, data: bytes) -> bool:
        """Read as waitress does, then note when a request's body started."""
        result: bool = super().received(data)
        request = self.request
        if request is not None and request is not self._timed and request.headers_finished:
            self._timed = request
            self._body_since = time.monotonic()
        return result

    def service(self) -> None:
        """Answer the queued requests; the next head's clock starts afterwards."""
        super().service()
        self.awaiting_since = time.monotonic()

    def handle_close(self) -> None:
        """Half-close and linger the first time; close for good the second."""
        if self._lingering_since is None and self.socket is not None:
            try:
                self.socket.shutdown(socket.SHUT_WR)
            except OSError:
                super().handle_close()
                return
            self._lingering_since = time.monotonic()
            return
        super().handle_close()

    def readable(self) -> bool:
        """Always while lingering (to see the client's end), else as waitress decides."""
        return self._lingering_since is not None or bool(super().readable())

    def writable(self) -> bool:
        """Never while lingering: everything was sent."""
        return self._lingering_since is None and bool(super().writable())

    def handle_read(self) -> None:
        """While lingering, drop what arrives and close at the client's end."""
        if self._lingering_since is None:
            super().handle_read()
            return
        try:
            data = self.socket.recv(self.adj.recv_bytes)
        except OSError:
            data = b""
        if not data:
            super().handle_close()

    def enforce_deadlines(self, now: float) -> None:
        """Close an idle connection, or answer 408 to a head or body that is too slow."""
        if self._lingering_since is not None:
            if now - self._lingering_since > LINGER_SECONDS:
                super().handle_close()
            return
        busy = bool(self.requests or self.total_outbufs_len)
        if busy or self.will_close or self.close_when_flushed:
            return
        request = self.request
        if request is None:
            if now - self.awaiting_since > HEAD_SECONDS:
                self.will_close = True
        elif not request.headers_finished:
            if now - self.awaiting_since > HEAD_SECONDS:
                self._time_out(
                    request, f"the request line and headers took over {HEAD_SECONDS:.0f} s"
                )
        elif request is self._timed and not request.completed:
            allowed = HEAD_SECONDS + request.content_length / MIN_BODY_BYTES_PER_SECOND
            if now - self._body_since > allowed:
                self._time_out(
                    request, f"the body came slower than {MIN_BODY_BYTES_PER_SECOND} bytes/s"
                )

    def _time_out(self, request: HTTPRequestParser, detail: str) -> None:
        """Answer the unfinished request with 408 and close, as waitress answers a bad one."""
        with self.requests_lock:
            if not request.headers_finished:
                request.parse_header(b"GET / HTTP/1.1\r\n")
            request.error = RequestTimeout(detail)
            request.completed = True
            self.request = None
            self.requests.append(request)
            if len(self.requests) == 1:
                self.server.add_task(self)


class CentralServer(TcpWSGIServer):  # type: ignore[misc]
    """waitress on an already listening socket, with :class:`CentralChannel` connections."""

    channel_class = CentralChannel

    def maintenance(self, now: float) -> None:
        """Close idle connections as waitress does, then enforce the head and body deadlines."""
        super().maintenance(now)
        monotonic = time.monotonic()
        for channel in list(self.active_channels.values()):
            if isinstance(channel, CentralChannel):
                channel.enforce_deadlines(monotonic)


def adjustments(trusted_proxy: str | None = None) -> Adjustments:
    """The limits waitress enforces for central (see the module docstring).

    With ``trusted_proxy``, waitress takes a request from that address to come from the
    last address its ``X-Forwarded-For`` adds (nginx's ``$proxy_add_x_forwarded_for``), and
    drops the other forwarding headers it did not set; from anywhere else those headers
    change nothing.
    """
    proxy: dict[str, Any] = {}
    if trusted_proxy is not None:
        proxy = {
            "trusted_proxy": trusted_proxy,
            "trusted_proxy_count": 1,
            "trusted_proxy_headers": {"x-forwarded-for", "x-forwarded-proto"},
            "clear_untrusted_proxy_headers": True,
        }
    return Adjustments(
        threads=THREADS,
        connection_limit=CONNECTION_LIMIT,
        channel_timeout=120,
        cleanup_interval=1,
        max_request_header_size=MAX_HEAD_BYTES,
        max_request_body_size=DRAIN_LIMIT_BYTES + 1,
        ident=SERVER_NAME,
        asyncore_use_poll=True,
        asyncore_loop_timeout=1,
        expose_tracebacks=False,
        **proxy,
    )


class WaitressWorker(Worker):  # type: ignore[misc]
    """A gunicorn worker whose I/O is waitress's event loop on gunicorn's sockets."""

    def run(self) -> None:
        """Serve until gunicorn says stop (SIGTERM) or the master goes away."""
        allowed = self.cfg.forwarded_allow_ips
        adj = adjustments(allowed[0] if allowed else None)
        channels: dict[int, Any] = {}
        dispatcher = ThreadedTaskDispatcher()
        dispatcher.set_thread_count(adj.threads)
        servers = [
            CentralServer(
                self.wsgi,
                map=channels,
                _sock=listener.sock,
                dispatcher=dispatcher,
                adj=adj,
                bind_socket=False,
                sockinfo=(
                    listener.sock.family,
                    listener.sock.type,
                    listener.sock.proto,
                    listener.sock.getsockname(),
                ),
            )
            for listener in self.sockets
        ]
        notified = 0.0
        while self.alive:
            # The heartbeat to gunicorn's master is a file-system call: once a second is
            # plenty against its 30 s timeout, where every turn of a busy loop was not.
            now = time.monotonic()
            if now - notified >= _LOOP_SECONDS:
                self.notify()
                notified = now
            if self.ppid != os.getppid():
                log.info("The master process went away; stopping")
                break
            wasyncore.loop(timeout=_LOOP_SECONDS, map=channels, use_poll=True, count=1)
        self._stop(servers, channels, dispatcher)

    def _stop(
        self,
        servers: Iterable[CentralServer],
        channels: dict[int, Any],
        dispatcher: ThreadedTaskDispatcher,
    ) -> None:
        """Stop accepting, let requests in progress finish, then close every connection."""
        for server in servers:
            server.accepting = False
        deadline = time.monotonic() + GRACEFUL_SECONDS
        while time.monotonic() < deadline and any(
            isinstance(channel, HTTPChannel) and (channel.requests or channel.total_outbufs_len)
            for channel in channels.values()
        ):
            self.notify()
            wasyncore.loop(timeout=0.1, map=channels, use_poll=True, count=1)
        dispatcher.shutdown(cancel_pending=True, timeout=1)
        wasyncore.close_all(channels)


class CentralLogger(Logger):  # type: ignore[misc]
    """gunicorn's messages through central's own logging (stderr, NIKs masked, one format)."""

    def setup(self, cfg: Any) -> None:
        """Levels only: no handlers of gunicorn's own; records go up to the root logger."""
        self.cfg = cfg
        self.loglevel = self.LOG_LEVELS.get(cfg.loglevel.lower(), logging.INFO)
        self.error_log.setLevel(self.loglevel)
        self.error_log.propagate = True
        self.access_log.disabled = True


class CentralApplication(BaseApplication):  # type: ignore[misc]
    """gunicorn's master for central's WSGI application, configured here, not from argv."""

    def __init__(self, wsgi: Callable[..., Any], options: dict[str, Any]) -> None:
        self._wsgi = wsgi
        self._options = options
        super().__init__()

    def load_config(self) -> None:
        """Apply the options (no config file, no command line of gunicorn's own)."""
        for key, value in self._options.items():
            self.cfg.set(key, value)

    def load(self) -> Callable[..., Any]:
        """The WSGI application, loaded before the workers fork."""
        return self._wsgi


def serve(
    wsgi: Callable[..., Any],
    host: str,
    port: int,
    workers: int,
    ready: Callable[[str], None],
    trusted_proxy: str | None = None,
) -> None:
    """Serve ``wsgi`` until SIGTERM or SIGINT; ``ready`` gets the URL once the socket listens.

    Args:
        wsgi: The application (loaded already: the workers fork with it).
        host: Address to bind, e.g. ``127.0.0.1`` or ``::1``.
        port: Port to bind; 0 picks a free one, and ``ready`` is told which.
        workers: Worker processes.
        ready: Called once in the master with ``http://HOST:PORT``.
        trusted_proxy: The reverse proxy's address, whose ``X-Forwarded-For`` is believed
            (:func:`adjustments`); None believes no one.

    """
    bind = f"[{host}]:{port}" if ":" in host else f"{host}:{port}"

    def when_ready(arbiter: Arbiter) -> None:
        address = arbiter.LISTENERS[0].sock.getsockname()
        shown = (
            f"[{address[0]}]" if arbiter.LISTENERS[0].sock.family == socket.AF_INET6 else address[0]
        )
        ready(f"http://{shown}:{address[1]}")

    options = {
        "bind": [bind],
        "workers": workers,
        "worker_class": f"{__name__}.WaitressWorker",
        # gunicorn's own name for the proxy it believes; WaitressWorker hands it to waitress.
        "forwarded_allow_ips": trusted_proxy or "",
        "preload_app": True,
        "graceful_timeout": GRACEFUL_SECONDS + 5,
        "timeout": 30,
        "loglevel": logging.getLevelName(logging.getLogger().getEffectiveLevel()).lower(),
        "logger_class": f"{__name__}.CentralLogger",
        "accesslog": None,
        "proc_name": "central",
        # No control socket: it would live in $HOME or $XDG_RUNTIME_DIR, shared by every central.
        "control_socket_disable": True,
        "when_ready": when_ready,
    }
    master = os.getpid()
    try:
        CentralApplication(wsgi, options).run()
    except SystemExit as exit_status:
        # A worker leaves through the master's stack (it was forked inside run()): let it
        # exit, and only the master say it stopped.
        if os.getpid() != master or exit_status.code not in (0, None):
            raise
    log.info("Stopped")
