"""HTTP/1.1 plumbing for the reference server, on the standard library alone.

``ThreadingHTTPServer`` gives one thread per keep-alive connection, which is all a fleet of
kiosks needs from a development server; :class:`central.api.Api` does the rest. Every
response, errors from the HTTP parser included, is framed with ``Content-Length`` (so
keep-alive works) and carries ``Date`` (kiosks take the server's clock from it).
"""

from __future__ import annotations

import logging
import signal
import socket
import socketserver
import threading
import time
from collections.abc import Callable
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from types import FrameType

from central.api import (
    MAX_BODY_BYTES,
    Api,
    Problem,
    Request,
    Response,
    loggable,
    problem_response,
)

log = logging.getLogger("central.server")

IDLE_TIMEOUT_SECONDS = 120
# A body up to this size is read and dropped after a 413, so the client gets its answer
# rather than a reset connection; anything larger is refused by closing the connection.
DRAIN_LIMIT_BYTES = 8 * MAX_BODY_BYTES
_DRAIN_CHUNK_BYTES = 64 * 1024
_NO_BODY_STATUSES = (204, 304)


class CentralServer(ThreadingHTTPServer):
    """A threading HTTP server that hands every request to one :class:`Api`."""

    daemon_threads = True

    def __init__(self, host: str, port: int, api: Api) -> None:
        self.api = api
        if ":" in host:
            self.address_family = socket.AF_INET6
        super().__init__((host, port), CentralHandler)

    def server_bind(self) -> None:
        """Bind without HTTPServer's reverse DNS lookup of the host, which can stall offline."""
        socketserver.TCPServer.server_bind(self)
        host, port = self.server_address[:2]
        self.server_name = str(host)
        self.server_port = int(port)

    @property
    def url(self) -> str:
        """The base URL the server answers on, with the port actually bound."""
        host = self.server_name
        shown = f"[{host}]" if ":" in host else host
        return f"http://{shown}:{self.server_port}"


class CentralHandler(BaseHTTPRequestHandler):
    """Reads one request, asks the API, writes the answer; repeats while the client keeps alive."""

    protocol_version = "HTTP/1.1"
    server_version = "alm-central/1"
    timeout = IDLE_TIMEOUT_SECONDS
    # Headers and body go out in two writes; with Nagle's algorithm on, the body waits for
    # the client's delayed ACK (40 ms on Linux) on every keep-alive request.
    disable_nagle_algorithm = True
    server: CentralServer

    def version_string(self) -> str:
        """The ``Server`` header: the product only, not the Python version."""
        return self.server_version

    def __getattr__(self, name: str) -> Callable[[], None]:
        """Route every method, known or not, through :meth:`_dispatch` so the API answers 405."""
        if name.startswith("do_"):
            return self._dispatch
        raise AttributeError(name)

    def _dispatch(self) -> None:
        """Read the body within the size limit, then let the API answer."""
        started = time.perf_counter()
        response = self._read_and_handle()
        self._send(response)
        # The API logs what happened (a transaction stored, a problem); this is the access log.
        log.debug(
            "%s %s -> %d (%.1f ms)",
            loggable(self.command),
            loggable(self.path.partition("?")[0]),
            response.status,
            (time.perf_counter() - started) * 1000,
        )

    def _read_and_handle(self) -> Response:
        """The API's answer, or a problem when the body cannot or must not be read."""
        if self.headers.get("Transfer-Encoding") is not None:
            return problem_response(
                Problem.INVALID_REQUEST,
                "Transfer-Encoding is not accepted; send the body with Content-Length",
                close=True,
            )
        length_text = (self.headers.get("Content-Length") or "0").strip()
        if not length_text.isdigit():
            return problem_response(
                Problem.INVALID_REQUEST, "Content-Length must be a number of bytes", close=True
            )
        length = int(length_text)
        if length > MAX_BODY_BYTES:
            return problem_response(
                Problem.PAYLOAD_TOO_LARGE,
                f"the body is {length} bytes; at most {MAX_BODY_BYTES} are accepted",
                close=not self._drain(length),
            )
        body = self.rfile.read(length)
        if len(body) < length:
            return problem_response(
                Problem.INVALID_REQUEST, "the body ended before Content-Length", close=True
            )
        headers = {name.lower(): value for name, value in self.headers.items()}
        return self.server.api.handle(Request(self.command, self.path, headers, body))

    def _drain(self, length: int) -> bool:
        """Read and drop a refused body; False if it is too large or ends early."""
        if length > DRAIN_LIMIT_BYTES:
            return False
        while length > 0:
            chunk = self.rfile.read(min(length, _DRAIN_CHUNK_BYTES))
            if not chunk:
                return False
            length -= len(chunk)
        return True

    def _send(self, response: Response) -> None:
        """Write a response; Content-Length always, so the connection can be reused."""
        self.send_response(response.status)
        if response.content_type is not None:
            self.send_header("Content-Type", response.content_type)
        if response.status not in _NO_BODY_STATUSES:
            self.send_header("Content-Length", str(len(response.body)))
        for name, value in response.headers:
            self.send_header(name, value)
        if response.close:
            self.close_connection = True
            self.send_header("Connection", "close")
        self.end_headers()
        if self.command != "HEAD" and response.status not in _NO_BODY_STATUSES:
            self.wfile.write(response.body)

    def send_error(self, code: int, message: str | None = None, explain: str | None = None) -> None:
        """Errors from the HTTP parser (bad request line, huge headers) as problems too."""
        detail = message or explain or "the request could not be parsed"
        log.info("Unparsable request from %s: %d %s", self.address_string(), code, loggable(detail))
        # A malformed request line leaves the version at HTTP/0.9, which has no headers;
        # answer in HTTP/1.1 so the client sees the status and the problem's media type.
        self.request_version = self.protocol_version
        self._send(problem_response(Problem.INVALID_REQUEST, detail, status=code, close=True))

    def log_request(self, code: int | str = "-", size: int | str = "-") -> None:
        """Requests are logged by :meth:`_dispatch`, with their duration."""

    def log_message(self, format: str, *args: object) -> None:
        """The base class's own messages (timeouts, parse errors) go to the logger."""
        log.info("%s: %s", self.address_string(), loggable(format % args, 300))


def serve(host: str, port: int, api: Api, ready: Callable[[str], None]) -> None:
    """Serve until SIGTERM or SIGINT, then stop accepting and return.

    Args:
        host: Address to bind, e.g. ``127.0.0.1``.
        port: Port to bind; 0 picks a free one.
        api: What answers the requests.
        ready: Called once with the base URL when the socket is listening.

    """
    server = CentralServer(host, port, api)
    stop = threading.Event()

    def on_signal(signum: int, frame: FrameType | None) -> None:
        log.info("Received %s, shutting down", signal.Signals(signum).name)
        stop.set()

    signal.signal(signal.SIGTERM, on_signal)
    signal.signal(signal.SIGINT, on_signal)
    thread = threading.Thread(target=server.serve_forever, name="central-http")
    thread.start()
    log.info("Serving on %s", server.url)
    ready(server.url)
    while not stop.wait(timeout=1.0):
        pass
    server.shutdown()
    thread.join()
    server.server_close()
    log.info("Stopped")
