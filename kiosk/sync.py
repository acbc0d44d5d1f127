"""Carries the outbox to the central API, and keeps in touch: heartbeats and the catalog.

One worker thread on one ``requests.Session``. Every answer is untrusted: a row is marked
sent only after a well-formed acknowledgement for its own reference; anything else (a
network error, a timeout, a huge or trickling body, malformed JSON) is retried later with
exponential backoff and jitter, honouring ``Retry-After``. A refusal that will not change
(another 4xx) dead-letters the row with the reason, for a technician.
"""

from __future__ import annotations

import datetime as dt
import json
import logging
import random
import threading
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Protocol
from urllib.parse import unquote, urlsplit

from kiosk import __version__
from kiosk.config import Config
from kiosk.journal import Journal, OutboxItem, OutboxKind
from kiosk.signing import sign

if TYPE_CHECKING:  # requests is imported on the first request: it costs 0.1 s at start
    import requests

log = logging.getLogger("kiosk.sync")

MAX_ANSWER_BYTES = 1024 * 1024
RETRYABLE_STATUSES = frozenset({408, 425, 429, *range(500, 600)})
PURGE_EVERY_SECONDS = 3600.0
PUBLISH_EVERY_SECONDS = 0.5
IDLE_WAIT_SECONDS = 30.0


class CentralUnavailableError(Exception):
    """No usable answer: network error, timeout, or an answer too large or too slow."""


class CatalogSink(Protocol):
    """Where fetched catalogs go: the live catalog's owner (``kiosk.catalog.CatalogKeeper``)."""

    @property
    def etag(self) -> str:
        """The ETag of the catalog in use, sent as ``If-None-Match``."""
        ...

    def offer(self, data: Mapping[str, Any], source: str, *, etag: str = "") -> bool:
        """Check, keep and cache a fetched catalog; False when it is refused."""
        ...


@dataclass(frozen=True)
class CentralSettings:
    """How to reach and authenticate to the central API."""

    url: str
    kiosk_id: str
    secret: str
    ca_bundle: str = ""
    connect_timeout: float = 5.0
    read_timeout: float = 15.0
    heartbeat_seconds: float = 60.0
    catalog_seconds: float = 900.0

    @classmethod
    def from_config(cls, config: Config) -> CentralSettings | None:
        """The settings, or None when no central URL is configured (offline kiosk)."""
        central = config.central
        if not central.url:
            return None
        return cls(
            url=central.url.rstrip("/"),
            kiosk_id=config.kiosk.id,
            secret=central.secret,
            ca_bundle=central.ca_bundle,
            connect_timeout=central.connect_timeout,
            read_timeout=central.read_timeout,
            heartbeat_seconds=central.heartbeat_seconds,
            catalog_seconds=central.catalog_seconds,
        )


@dataclass(frozen=True)
class Backoff:
    """Exponential backoff with jitter: attempt n waits between half and all of base·2ⁿ."""

    base_seconds: float = 2.0
    cap_seconds: float = 600.0
    max_retry_after_seconds: float = 3600.0

    def delay(self, attempts: int, retry_after: float | None = None) -> float:
        """Seconds to wait before the next attempt, never less than ``Retry-After`` asks."""
        ceiling = min(self.cap_seconds, self.base_seconds * 2 ** min(attempts, 30))
        delay = random.uniform(ceiling / 2, ceiling)
        if retry_after is not None:
            delay = max(delay, min(retry_after, self.max_retry_after_seconds))
        return delay


@dataclass(frozen=True)
class Answer:
    """A complete answer from the central API."""

    status: int
    headers: Mapping[str, str]
    body: bytes

    def json(self) -> Any:
        """The body as JSON; ValueError when it is not, or is nested too deeply to parse."""
        try:
            return json.loads(self.body.decode("utf-8"))
        except RecursionError:
            raise ValueError("JSON nested too deeply") from None

    def problem(self) -> str:
        """A one-line summary of a problem+json body, or the start of any other body."""
        try:
            data = self.json()
        except ValueError:
            return self.body[:120].decode("utf-8", "replace")
        if isinstance(data, dict):
            return " ".join(str(data.get(key, "")) for key in ("title", "detail")).strip()
        return str(data)[:120]

    def retry_after(self) -> float | None:
        """Seconds the server asked us to wait, from ``Retry-After`` (seconds or a date)."""
        value = self.headers.get("Retry-After", "").strip()
        if not value:
            return None
        if value.isdigit():
            return float(value)
        from email.utils import parsedate_to_datetime  # only with an answer in hand

        try:
            when = parsedate_to_datetime(value)
        except (TypeError, ValueError):
            return None
        return max(0.0, when.timestamp() - time.time())


class CentralClient:
    """Signed requests to the central API; learns the server's clock from ``Date``."""

    def __init__(self, settings: CentralSettings) -> None:
        self.settings = settings
        # Made on the first request, on the worker's thread, so building the kiosk does not
        # import requests before the first frame.
        self._session: requests.Session | None = None
        self._base_path = urlsplit(settings.url).path.rstrip("/")
        self._lock = threading.Lock()
        self.clock_offset = 0.0

    def request(
        self,
        method: str,
        path: str,
        body: bytes = b"",
        headers: Mapping[str, str] | None = None,
        *,
        max_bytes: int = MAX_ANSWER_BYTES,
    ) -> Answer:
        """Send one signed request and read the whole answer, within size and time limits.

        ``max_bytes`` bounds the answer: JSON answers are small, a signed letter is larger.
        """
        signed_path = self._base_path + path
        timestamp = int(time.time() + self.clock_offset)
        signature = sign(
            self.settings.kiosk_id, self.settings.secret, method, signed_path, body, timestamp
        )
        all_headers = {**signature.as_dict(), **(headers or {})}
        if body:
            all_headers.setdefault("Content-Type", "application/json")
        timeout = (self.settings.connect_timeout, self.settings.read_timeout)
        import requests

        try:
            with (
                self._lock,
                self._http().request(
                    method,
                    self.settings.url + path,
                    data=body or None,
                    headers=all_headers,
                    timeout=timeout,
                    stream=True,
                    allow_redirects=False,
                ) as response,
            ):
                content = self._read_limited(response, max_bytes)
                answer = Answer(response.status_code, dict(response.headers), content)
        except requests.RequestException as error:
            raise CentralUnavailableError(f"{type(error).__name__}: {error}") from error
        self._learn_clock(answer.headers.get("Date"))
        return answer

    def close(self) -> None:
        """Close the pooled connections."""
        session = self._session  # not under _lock: a request may hold it for its whole timeout
        if session is not None:
            session.close()

    def _http(self) -> requests.Session:
        """The pooled session, made on first use; called with ``_lock`` held."""
        if self._session is None:
            import urllib.request

            import requests

            session = requests.Session()
            # Proxies are read from the environment once, not on every request (it showed in
            # profiles); the CA bundle is explicit, so nothing else is wanted from the
            # environment.
            session.trust_env = False
            session.proxies = urllib.request.getproxies()
            session.verify = self.settings.ca_bundle or True
            self._session = session
        return self._session

    def _read_limited(self, response: requests.Response, max_bytes: int) -> bytes:
        deadline = time.monotonic() + self.settings.read_timeout
        declared = response.headers.get("Content-Length", "")
        if declared.isdigit() and int(declared) > max_bytes:
            raise CentralUnavailableError(f"answer of {declared} bytes is over {max_bytes}")
        chunks: list[bytes] = []
        size = 0
        for chunk in response.iter_content(chunk_size=65536):
            size += len(chunk)
            if size > max_bytes:
                raise CentralUnavailableError(f"answer is over {max_bytes} bytes")
            if time.monotonic() > deadline:
                raise CentralUnavailableError(
                    f"answer took over {self.settings.read_timeout:.0f} s to arrive"
                )
            chunks.append(chunk)
        return b"".join(chunks)

    def _learn_clock(self, date_header: str | None) -> None:
        if not date_header:
            return
        from email.utils import parsedate_to_datetime  # only with an answer in hand

        try:
            server = parsedate_to_datetime(date_header).timestamp()
        except (TypeError, ValueError):
            return
        offset = server - time.time()
        # ``Date`` has whole seconds; ignore the rounding so signing stays steady.
        if abs(offset - self.clock_offset) > 1.5:
            log.info("Server clock is %+.0f s from ours", offset)
            self.clock_offset = offset


@dataclass(frozen=True)
class SyncState:
    """What the UI and maintenance show about the link to central."""

    online: bool = False
    queued: int = 0
    dead: int = 0
    last_error: str = ""
    clock_offset: float = 0.0


@dataclass
class _Schedule:
    heartbeat_at: float = 0.0
    catalog_at: float = 0.0
    purge_at: float = 0.0
    last_state: SyncState = field(default_factory=SyncState)


class SyncWorker:
    """Delivers the outbox on its own thread; ``drain`` does it on the caller's."""

    def __init__(
        self,
        journal: Journal,
        client: CentralClient,
        *,
        retention_days: int,
        catalog: CatalogSink | None = None,
        health: Callable[[], Mapping[str, str]] = dict,
        device_states: Callable[[], Mapping[str, Mapping[str, str]]] = dict,
        on_state: Callable[[SyncState], None] | None = None,
        backoff: Backoff | None = None,
    ) -> None:
        """``catalog`` takes new catalogs from central; None never asks for one (a drain)."""
        self._journal = journal
        self.client = client
        self._retention_days = retention_days
        self._catalog = catalog
        self._health = health
        self._device_states = device_states
        #: A central before contract 1.2 refuses ``device_states``: then it is left out.
        self._states_refused = False
        self.on_state = on_state
        self._backoff = backoff or Backoff()
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None
        self._schedule = _Schedule()
        self._online = False
        self._last_error = ""
        self._started = time.monotonic()
        self._published_at = 0.0

    # Lifecycle ----------------------------------------------------------------------------

    def start(self) -> None:
        """Start delivering in the background."""
        self._thread = threading.Thread(target=self._run, name="sync", daemon=True)
        self._thread.start()

    def stop(self, timeout: float = 5.0) -> None:
        """Stop after the request in progress; in_flight rows go back to pending next start."""
        self._stop.set()
        self._journal.wake()
        if self._thread is not None:
            self._thread.join(timeout)
        self.client.close()

    @property
    def state(self) -> SyncState:
        """The last published state."""
        return self._schedule.last_state

    def request_catalog(self) -> None:
        """Check for a new catalog at the worker's next step (maintenance "reload catalog")."""
        self._schedule.catalog_at = 0.0
        self._journal.wake()

    # Work ---------------------------------------------------------------------------------

    def drain(self, timeout: float) -> bool:
        """Deliver until nothing is queued (True) or ``timeout`` passes (False)."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            item = self._journal.claim_next(time.time())
            if item is not None:
                self.deliver(item)
                continue
            if self._journal.counts(kind=None).queued == 0:
                return True
            due = self._journal.next_due()
            wait = 0.5 if due is None else max(0.0, due - time.time())
            self._journal.wait_for_change(min(wait, max(0.0, deadline - time.monotonic())))
        return self._journal.counts(kind=None).queued == 0

    def deliver(self, item: OutboxItem) -> None:
        """Send one claimed row and record what became of it."""
        headers = {"Idempotency-Key": item.idempotency_key}
        try:
            answer = self.client.request(item.method, item.path, item.body, headers)
        except CentralUnavailableError as error:
            self._retry(item, str(error), None)
            self._set_online(False, str(error))
            return
        if answer.status in _ACK_STATUSES[item.kind]:
            problem = _ACK_CHECKS[item.kind](answer, item)
            if problem:
                self._retry(item, f"malformed acknowledgement: {problem}", None)
                self._set_online(True, problem)
            else:
                self._journal.mark_sent(item, answer.json())
                self._set_online(True, "")
        elif answer.status in RETRYABLE_STATUSES or answer.status == 401:
            # 401 is this kiosk's clock or secret, never the request's fault: keep it.
            reason = f"HTTP {answer.status}: {answer.problem()}"
            self._retry(item, reason, answer.retry_after())
            self._set_online(answer.status != 401 and answer.status < 500, reason)
        else:
            self._journal.mark_dead(item, f"HTTP {answer.status}: {answer.problem()}")
            self._set_online(True, "")

    def heartbeat(self) -> None:
        """Tell central we are alive, how the devices are and how deep the outbox is."""
        counts = self._journal.counts()
        body = {
            "kiosk_time": dt.datetime.now().astimezone().isoformat(),
            "version": __version__,
            "uptime_seconds": round(time.monotonic() - self._started, 1),
            "outbox": {"pending": counts.queued, "dead": counts.dead},
            "devices": dict(self._health()),
        }
        states = {} if self._states_refused else self._device_states()
        try:
            answer = self._send_heartbeat({**body, "device_states": states} if states else body)
            if answer.status == 400 and states:
                log.warning("Central refused device_states (contract before 1.2): left out")
                self._states_refused = True
                answer = self._send_heartbeat(body)
        except CentralUnavailableError as error:
            self._set_online(False, str(error))
            return
        self._set_online(answer.status == 200, "" if answer.status == 200 else answer.problem())

    def _send_heartbeat(self, body: Mapping[str, Any]) -> Answer:
        return self.client.request("POST", "/v1/heartbeat", json.dumps(body).encode("utf-8"))

    def pull_catalog(self) -> None:
        """Fetch the catalog if it changed; keep the last good one on any problem."""
        if self._catalog is None:
            return
        etag = self._catalog.etag
        headers = {"If-None-Match": etag} if etag else {}
        try:
            answer = self.client.request("GET", "/v1/catalog", headers=headers)
        except CentralUnavailableError as error:
            self._set_online(False, str(error))
            return
        if answer.status == 304:
            return
        try:
            catalog = answer.json() if answer.status == 200 else None
        except ValueError:
            catalog = None
        if not isinstance(catalog, dict) or not isinstance(catalog.get("services"), list):
            log.error(
                "Ignoring a catalog answer (HTTP %s); keeping the last good one", answer.status
            )
            return
        log.info("New catalog %s (%s services)", catalog.get("version"), len(catalog["services"]))
        # A refused catalog is not cached either, so the same bad catalog is fetched (and
        # refused) again rather than loaded as the "last good" one after a restart.
        self._catalog.offer(catalog, "central catalog", etag=answer.headers.get("ETag", ""))

    # Internals ----------------------------------------------------------------------------

    def _run(self) -> None:
        log.info("Sync worker started for %s", self.client.settings.url)
        while not self._stop.is_set():
            try:
                self._step()
            except Exception:
                log.exception("Sync step failed; carrying on")
                self._stop.wait(self._backoff.base_seconds)
        log.info("Sync worker stopped")

    def _step(self) -> None:
        now = time.monotonic()
        schedule = self._schedule
        settings = self.client.settings
        if now >= schedule.heartbeat_at:
            schedule.heartbeat_at = now + settings.heartbeat_seconds
            self.heartbeat()
        if now >= schedule.catalog_at:
            schedule.catalog_at = now + settings.catalog_seconds
            self.pull_catalog()
        if now >= schedule.purge_at:
            schedule.purge_at = now + PURGE_EVERY_SECONDS
            self._journal.purge_personal(self._retention_days)
        item = self._journal.claim_next(time.time())
        if item is not None:
            self.deliver(item)
            return
        self._publish(force=True)
        due = self._journal.next_due()
        wait = min(schedule.heartbeat_at, schedule.catalog_at) - time.monotonic()
        if due is not None:
            wait = min(wait, due - time.time())
        self._journal.wait_for_change(max(0.05, min(wait, IDLE_WAIT_SECONDS)))

    def _retry(self, item: OutboxItem, reason: str, retry_after: float | None) -> None:
        delay = self._backoff.delay(item.attempts, retry_after)
        log.warning(
            "Delivery of %s failed (%s); attempt %d, next in %.1f s",
            item.idempotency_key,
            reason,
            item.attempts + 1,
            delay,
        )
        self._journal.retry_later(item, time.time() + delay, reason)

    def _set_online(self, online: bool, error: str) -> None:
        if online != self._online:
            log.info(
                "Central is %s%s",
                "reachable" if online else "unreachable",
                f": {error}" if error else "",
            )
        changed = online != self._online or error != self._last_error
        self._online = online
        self._last_error = error
        self._publish(force=changed)

    def _publish(self, *, force: bool = False) -> None:
        # Counting the outbox scans it, so while draining the UI hears at most twice a second.
        now = time.monotonic()
        online_changed = self._online != self._schedule.last_state.online
        if not (force or online_changed) and now - self._published_at < PUBLISH_EVERY_SECONDS:
            return
        self._published_at = now
        counts = self._journal.counts()
        state = SyncState(
            online=self._online,
            queued=counts.queued,
            dead=counts.dead,
            last_error=self._last_error,
            clock_offset=self.client.clock_offset,
        )
        if state != self._schedule.last_state:
            self._schedule.last_state = state
            if self.on_state is not None:
                self.on_state(state)


def _ack_problem(answer: Answer, item: OutboxItem) -> str:
    """Why a transaction's acknowledgement can't be trusted, or "" when it can."""
    try:
        data = answer.json()
        sent = json.loads(item.body.decode("utf-8"))
    except (ValueError, UnicodeDecodeError) as error:
        return f"not JSON ({error})"
    if not isinstance(data, dict):
        return "not a JSON object"
    if data.get("reference") != sent.get("reference"):
        return f"reference {str(data.get('reference'))[:40]!r} is not ours"
    if not isinstance(data.get("status"), str) or not isinstance(data.get("received_at"), str):
        return "status or received_at missing"
    return ""


def _audit_ack_problem(answer: Answer, item: OutboxItem) -> str:
    """Why an audit acknowledgement can't be trusted, or "" when it can (one event per row)."""
    try:
        data = answer.json()
    except ValueError as error:
        return f"not JSON ({error})"
    if not isinstance(data, dict) or data.get("accepted") != 1:
        return "accepted is not 1"
    return ""


_RECEIPT_OUTCOMES = frozenset({"pending", "unknown", "failed", "printed"})


def _receipt_ack_problem(answer: Answer, item: OutboxItem) -> str:
    """Why a receipt report's answer (``ReceiptState``) can't be trusted, or "" when it can."""
    data, problem = _about_this_reference(answer, item, "the state of this reference's receipt")
    if data is None:
        return problem
    if data.get("receipt") not in _RECEIPT_OUTCOMES:
        return f"receipt {str(data.get('receipt'))[:20]!r} is not an outcome"
    return ""


def _letter_ack_problem(answer: Answer, item: OutboxItem) -> str:
    """Why a letter print's answer (``LetterCopies``) can't be trusted, or "" when it can."""
    data, problem = _about_this_reference(answer, item, "the copies of this reference's letter")
    if data is None:
        return problem
    if not isinstance(data.get("copies_printed"), int):
        return "copies_printed missing"
    return ""


def _about_this_reference(
    answer: Answer, item: OutboxItem, expected: str
) -> tuple[dict[str, Any] | None, str]:
    """The answer's JSON object when it names the row's reference, else None and why not.

    Reports about a transaction (``/v1/transactions/{reference}/...``) are answered with an
    object that names the reference again; anything else is not the answer to this row.
    """
    try:
        data = answer.json()
    except ValueError as error:
        return None, f"not JSON ({error})"
    reference = unquote(item.path.split("/")[3])
    if not isinstance(data, dict) or data.get("reference") != reference:
        return None, f"not {expected}"
    return data, ""


#: The answers that acknowledge each kind of row, and how each is checked.
_ACK_STATUSES: Mapping[OutboxKind, tuple[int, ...]] = {
    OutboxKind.TRANSACTION: (200, 201),
    OutboxKind.AUDIT: (202,),
    OutboxKind.RECEIPT: (200,),
    OutboxKind.LETTER: (200, 201),
}
_ACK_CHECKS: Mapping[OutboxKind, Callable[[Answer, OutboxItem], str]] = {
    OutboxKind.TRANSACTION: _ack_problem,
    OutboxKind.AUDIT: _audit_ack_problem,
    OutboxKind.RECEIPT: _receipt_ack_problem,
    OutboxKind.LETTER: _letter_ack_problem,
}
