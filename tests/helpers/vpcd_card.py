"""A contactless test card that speaks the vsmartcard ``vpcd`` protocol over TCP.

pcscd's ``vpcd`` driver listens on 127.0.0.1:35963 (reader "Virtual PCD 00 00") and
35964 ("Virtual PCD 00 01"). A card is a TCP client: connecting puts it in the field,
closing the socket takes it out. Each message either way is a 2-byte big-endian
length and a payload. A 1-byte payload from vpcd is a control (0 power off, 1 power
on, 2 reset, 4 "send your ATR"); only the ATR request is answered. Any longer payload
is an APDU: ``FF CA 00 00 00`` (GET DATA, UID) answers the UID and ``90 00``, anything
else ``6D 00``. Debian's ``vicc`` is broken as packaged, hence this small card.
"""

from __future__ import annotations

import contextlib
import logging
import socket
import struct
import threading
import time
from types import TracebackType

logger = logging.getLogger("tests.vpcd_card")

VPCD_HOST = "127.0.0.1"
VPCD_PORT = 35963

CTRL_OFF = 0
CTRL_ON = 1
CTRL_RESET = 2
CTRL_ATR = 4

GET_UID = bytes.fromhex("FFCA000000")
SW_OK = bytes.fromhex("9000")
SW_INS_NOT_SUPPORTED = bytes.fromhex("6D00")

#: ATR a PC/SC reader reports for an ISO 14443 type A card such as an e-KTP.
DEFAULT_ATR = bytes.fromhex("3B8F8001804F0CA0000003060300030000000068")
DEFAULT_UID = bytes.fromhex("04A1B2C3D4E5F6")
#: Seconds one connection attempt may take. vpcd queues a single pending card, so a
#: second attempt is dropped (the kernel would retry it only after a second); trying
#: again quickly gets the card in as soon as vpcd has taken the previous one.
CONNECT_ATTEMPT = 0.05


class VpcdCard:
    """One test card; ``insert()`` connects to vpcd and ``remove()`` disconnects.

    Args:
        uid: what GET DATA answers; ``None`` makes the card reject GET DATA with
            ``6D 00``, like a card or reader that does not support it.
        atr: the card's ATR.
        port: vpcd's port (35963 for reader slot 0, 35964 for slot 1).
        get_data_delay: seconds to wait before answering GET DATA.
        pull_during_read: close the socket upon GET DATA instead of answering, as a
            card pulled out of the field in the middle of a read.
        pull_on_power_on: close the socket when pcscd powers the card up, as a card
            that leaves the field just as the reader starts talking to it.
    """

    def __init__(
        self,
        uid: bytes | None = DEFAULT_UID,
        atr: bytes = DEFAULT_ATR,
        *,
        host: str = VPCD_HOST,
        port: int = VPCD_PORT,
        get_data_delay: float = 0.0,
        pull_during_read: bool = False,
        pull_on_power_on: bool = False,
    ) -> None:
        self.uid = uid
        self.atr = atr
        self.host = host
        self.port = port
        self.get_data_delay = get_data_delay
        self.pull_during_read = pull_during_read
        self.pull_on_power_on = pull_on_power_on
        self.get_data_count = 0
        self.seen_by_reader = threading.Event()
        self.get_data_seen = threading.Event()
        self._removed = threading.Event()
        self._sock: socket.socket | None = None
        self._thread: threading.Thread | None = None
        self._lock = threading.Lock()

    @property
    def inserted(self) -> bool:
        """Whether the card is connected to vpcd (its thread still serves it)."""
        thread = self._thread
        return thread is not None and thread.is_alive()

    def insert(self, timeout: float = 5.0) -> None:
        """Connect to vpcd, retrying while pcscd (re)starts, then serve it in a thread.

        Raises:
            OSError: vpcd did not take the connection within ``timeout`` seconds (it
                queues one card at a time and drops the next attempt until it accepts).

        """
        deadline = time.monotonic() + timeout
        while True:
            try:
                sock = socket.create_connection((self.host, self.port), timeout=CONNECT_ATTEMPT)
                break
            except OSError:
                if time.monotonic() + CONNECT_ATTEMPT >= deadline:
                    raise
                time.sleep(0.02)
        sock.settimeout(None)
        with self._lock:
            self._sock = sock
        self._removed.clear()
        self.seen_by_reader.clear()
        self.get_data_seen.clear()
        self._thread = threading.Thread(
            target=self._serve, args=(sock,), name=f"vpcd-card-{self.port}", daemon=True
        )
        self._thread.start()

    def remove(self) -> None:
        """Take the card out of the field: close the socket and wait for the thread."""
        self._removed.set()
        with self._lock:
            sock, self._sock = self._sock, None
        if sock is not None:
            with contextlib.suppress(OSError):
                sock.shutdown(socket.SHUT_RDWR)
            sock.close()
        if self._thread is not None:
            self._thread.join(timeout=5.0)
            self._thread = None

    def __enter__(self) -> VpcdCard:
        self.insert()
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.remove()

    def _serve(self, sock: socket.socket) -> None:
        try:
            while True:
                payload = _recv_message(sock)
                if payload is None:
                    return
                self.seen_by_reader.set()
                if len(payload) == 1:
                    if payload[0] == CTRL_ON and self.pull_on_power_on:
                        logger.debug("powered up: pulling the card")
                        self._drop(sock)
                        return
                    if payload[0] == CTRL_ATR:
                        _send_message(sock, self.atr)
                    continue
                if payload == GET_UID:
                    self.get_data_count += 1
                    self.get_data_seen.set()
                    if self.pull_during_read:
                        logger.debug("GET DATA received: pulling the card mid-read")
                        self._drop(sock)
                        return
                    if self.get_data_delay and self._removed.wait(self.get_data_delay):
                        return
                    answer = SW_INS_NOT_SUPPORTED if self.uid is None else self.uid + SW_OK
                    _send_message(sock, answer)
                else:
                    _send_message(sock, SW_INS_NOT_SUPPORTED)
        except OSError as exc:
            logger.debug("vpcd card connection ended: %s", exc)

    def _drop(self, sock: socket.socket) -> None:
        with self._lock:
            if self._sock is sock:
                self._sock = None
        with contextlib.suppress(OSError):
            sock.shutdown(socket.SHUT_RDWR)
        sock.close()


def _recv_exact(sock: socket.socket, size: int) -> bytes | None:
    data = b""
    while len(data) < size:
        chunk = sock.recv(size - len(data))
        if not chunk:
            return None
        data += chunk
    return data


def _recv_message(sock: socket.socket) -> bytes | None:
    header = _recv_exact(sock, 2)
    if header is None:
        return None
    (length,) = struct.unpack(">H", header)
    return _recv_exact(sock, length) if length else b""


def _send_message(sock: socket.socket, payload: bytes) -> None:
    sock.sendall(struct.pack(">H", len(payload)) + payload)
