"""Technician PINs: slow salted hashes, a per-device pepper, and a growing lockout.

A stolen data folder must not give the PINs away cheaply, so a PIN is never stored: only
``scrypt(HMAC(pepper, pin), salt)`` is, with a random salt per PIN and a pepper that
lives in its own 0600 file on this device. Someone guessing at the touch screen meets a
lockout that grows after a few free failures and resets on success; the clock is injected
so the schedule is tested without waiting.
"""

from __future__ import annotations

import base64
import datetime as dt
import enum
import hashlib
import hmac
import json
import logging
import os
import re
import secrets
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path

from drivers.files import write_private
from kiosk.clock import Clock
from kiosk.config import Config

log = logging.getLogger("kiosk.security")

PEPPER_FILE = "pin-pepper"
PIN_FILE = "pins.json"
LOCKOUT_FILE = "pin-lockout.json"
PEPPER_BYTES = 32
SALT_BYTES = 16
PIN_PATTERN = re.compile(r"[0-9]{6,12}")
PIN_MIN_LENGTH = 6
PIN_MAX_LENGTH = 12
_SCHEME = "scrypt"


class Role(enum.Enum):
    """Who is in maintenance mode; a supervisor may do all a technician may, and exit."""

    TECHNICIAN = "technician"
    SUPERVISOR = "supervisor"

    def allows(self, needed: Role) -> bool:
        """Whether this role may do what ``needed`` may."""
        return self is Role.SUPERVISOR or needed is Role.TECHNICIAN


class SecurityError(Exception):
    """A PIN or its files cannot be used; the message says exactly why, for a technician."""


class PinFormatError(SecurityError):
    """A new PIN is not 6 to 12 digits."""


def check_pin_format(pin: str) -> str:
    """Return ``pin`` when it is 6 to 12 ASCII digits, else raise PinFormatError."""
    if not PIN_PATTERN.fullmatch(pin):
        raise PinFormatError(
            f"a PIN must be {PIN_MIN_LENGTH} to {PIN_MAX_LENGTH} digits (0-9), "
            f"got {len(pin)} characters"
        )
    return pin


def load_pepper(data_dir: Path) -> bytes:
    """Return the device's pepper, created 0600 on first use; never logged, never sent anywhere."""
    path = data_dir / PEPPER_FILE
    data_dir.mkdir(parents=True, exist_ok=True)
    try:
        descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        pepper = path.read_bytes()
        if len(pepper) < PEPPER_BYTES:
            raise SecurityError(f"{path}: pepper file is truncated ({len(pepper)} bytes)") from None
        return pepper
    pepper = secrets.token_bytes(PEPPER_BYTES)
    with os.fdopen(descriptor, "wb") as file:
        file.write(pepper)
        file.flush()
        os.fsync(file.fileno())
    log.info("Created a new PIN pepper at %s", path)
    return pepper


@dataclass(frozen=True)
class ScryptCost:
    """scrypt's work factors; the defaults cost about 16 MiB and tens of milliseconds."""

    n: int = 2**14
    r: int = 8
    p: int = 1


class PinHasher:
    """Hashes and verifies PINs with scrypt, a random salt per PIN and the device pepper."""

    def __init__(self, pepper: bytes, cost: ScryptCost | None = None) -> None:
        if len(pepper) < PEPPER_BYTES:
            raise SecurityError("the pepper must be at least 32 bytes")
        self._pepper = pepper
        self._cost = cost or ScryptCost()

    def hash(self, pin: str) -> str:
        """``scrypt$n$r$p$salt$digest`` (base64) for a valid PIN."""
        check_pin_format(pin)
        salt = secrets.token_bytes(SALT_BYTES)
        cost = self._cost
        digest = self._derive(pin, salt, cost)
        return "$".join((_SCHEME, str(cost.n), str(cost.r), str(cost.p), _b64(salt), _b64(digest)))

    def verify(self, pin: str, stored: str) -> bool:
        """Whether ``pin`` matches ``stored``, in constant time; a malformed hash never does."""
        parts = stored.split("$")
        if len(parts) != 6 or parts[0] != _SCHEME:
            return False
        try:
            cost = ScryptCost(int(parts[1]), int(parts[2]), int(parts[3]))
            salt, expected = _unb64(parts[4]), _unb64(parts[5])
            digest = self._derive(pin, salt, cost)
        except ValueError:
            return False
        return hmac.compare_digest(digest, expected)

    def _derive(self, pin: str, salt: bytes, cost: ScryptCost) -> bytes:
        peppered = hmac.new(self._pepper, pin.encode("utf-8"), hashlib.sha256).digest()
        return hashlib.scrypt(
            peppered, salt=salt, n=cost.n, r=cost.r, p=cost.p, maxmem=256 * 1024 * 1024, dklen=32
        )


def _b64(data: bytes) -> str:
    return base64.b64encode(data).decode("ascii")


def _unb64(text: str) -> bytes:
    try:
        return base64.b64decode(text.encode("ascii"), validate=True)
    except (ValueError, UnicodeEncodeError) as error:
        raise ValueError(str(error)) from None


class PinStore:
    """The hashes of each role's PIN in one JSON file (0600); never a PIN itself."""

    def __init__(self, path: Path) -> None:
        self.path = path

    def hashes(self) -> dict[Role, str]:
        """Each role's stored hash; an unreadable file counts as no PIN (and is logged)."""
        try:
            data = json.loads(self.path.read_text(encoding="utf-8"))
        except FileNotFoundError:
            return {}
        except (OSError, ValueError) as error:
            log.error("PIN file %s is unreadable: %s", self.path, error)
            return {}
        if not isinstance(data, dict):
            log.error("PIN file %s is not a JSON object", self.path)
            return {}
        return {
            role: value for role in Role if isinstance(value := data.get(role.value), str) and value
        }

    def set(self, role: Role, hashed: str) -> None:
        """Store ``role``'s hash, keeping the others; written atomically, 0600."""
        data = {r.value: h for r, h in self.hashes().items()}
        data[role.value] = hashed
        write_private(self.path, json.dumps(data, sort_keys=True).encode("utf-8"))


@dataclass(frozen=True)
class LockoutSchedule:
    """A few free failures, then a delay that doubles each time, up to a cap."""

    free_failures: int = 3
    first_delay_seconds: float = 30.0
    cap_seconds: float = 900.0

    def delay_after(self, failures: int) -> float:
        """Seconds the prompt stays locked after ``failures`` failures in a row."""
        over = failures - self.free_failures
        if over <= 0:
            return 0.0
        return float(min(self.cap_seconds, self.first_delay_seconds * 2 ** min(over - 1, 30)))


class Lockout:
    """Counts failures in a row and says how long the prompt stays locked.

    With a ``state_path`` the count and the end of the lock (wall-clock time) survive a
    restart, so pulling the plug does not buy a guesser fresh attempts.
    """

    def __init__(
        self,
        clock: Clock,
        schedule: LockoutSchedule | None = None,
        state_path: Path | None = None,
    ) -> None:
        self._clock = clock
        self.schedule = schedule or LockoutSchedule()
        self._state_path = state_path
        self.failures = 0
        self._locked_until = 0.0
        self._load()

    def remaining(self) -> float:
        """Seconds until the next attempt is allowed; 0 when it is allowed now."""
        return max(0.0, self._locked_until - self._clock.monotonic())

    def failed(self) -> float:
        """Count a failure; returns the seconds the prompt is now locked."""
        self.failures += 1
        delay = self.schedule.delay_after(self.failures)
        self._locked_until = self._clock.monotonic() + delay
        self._save(delay)
        return delay

    def succeeded(self) -> None:
        """A right PIN resets the count."""
        self.failures = 0
        self._locked_until = 0.0
        self._save(0.0)

    def _load(self) -> None:
        if self._state_path is None:
            return
        try:
            data = json.loads(self._state_path.read_text(encoding="utf-8"))
            failures = int(data["failures"])
            until = dt.datetime.fromisoformat(str(data["locked_until"]))
        except FileNotFoundError:
            return
        except (OSError, ValueError, KeyError, TypeError) as error:
            log.error(
                "Lockout state %s is unreadable (%s); starting locked", self._state_path, error
            )
            failures, until = self.schedule.free_failures + 1, self._clock.now()
            until += dt.timedelta(seconds=self.schedule.first_delay_seconds)
        self.failures = max(0, failures)
        left = (until - self._clock.now()).total_seconds()
        # Never longer than the cap, whatever the file or a clock jump says.
        self._locked_until = self._clock.monotonic() + min(
            max(0.0, left), self.schedule.cap_seconds
        )

    def _save(self, delay: float) -> None:
        if self._state_path is None:
            return
        until = self._clock.now() + dt.timedelta(seconds=delay)
        data = {"failures": self.failures, "locked_until": until.isoformat()}
        try:
            write_private(self._state_path, json.dumps(data).encode("utf-8"))
        except OSError as error:
            log.error("Cannot save the lockout state to %s: %s", self._state_path, error)


class AuthOutcome(enum.Enum):
    """What a PIN attempt came to."""

    GRANTED = "granted"
    WRONG = "wrong"
    LOCKED = "locked"
    NO_PIN_SET = "no_pin_set"


@dataclass(frozen=True)
class AuthResult:
    """A PIN attempt's result: the role on success, the lockout wait otherwise."""

    outcome: AuthOutcome
    role: Role | None = None
    wait_seconds: float = 0.0
    failures: int = 0


class Authenticator:
    """Checks PINs against the store, with the lockout in front; the highest role wins."""

    def __init__(self, store: PinStore, hasher: PinHasher, lockout: Lockout) -> None:
        self.store = store
        self.hasher = hasher
        self.lockout = lockout

    def attempt(self, pin: str) -> AuthResult:
        """Try ``pin``; a locked prompt does not even look at it."""
        wait = self.lockout.remaining()
        if wait > 0:
            return AuthResult(AuthOutcome.LOCKED, wait_seconds=wait, failures=self.lockout.failures)
        hashes = self.store.hashes()
        if not hashes:
            return AuthResult(AuthOutcome.NO_PIN_SET)
        # Verify every role's hash, so the time taken does not say which roles exist.
        matches = [role for role, hashed in hashes.items() if self.hasher.verify(pin, hashed)]
        if Role.SUPERVISOR in matches or Role.TECHNICIAN in matches:
            role = Role.SUPERVISOR if Role.SUPERVISOR in matches else Role.TECHNICIAN
            self.lockout.succeeded()
            return AuthResult(AuthOutcome.GRANTED, role=role)
        wait = self.lockout.failed()
        return AuthResult(AuthOutcome.WRONG, wait_seconds=wait, failures=self.lockout.failures)

    def change_pin(self, role: Role, pin: str) -> None:
        """Store a new PIN for ``role`` (format checked)."""
        self.store.set(role, self.hasher.hash(pin))
        log.info("PIN for %s changed", role.value)


def authenticator_for(
    data_dir: Path, clock: Clock, cost: ScryptCost | None = None
) -> Authenticator:
    """The authenticator over this data folder's pepper and PIN file."""
    hasher = PinHasher(load_pepper(data_dir), cost)
    lockout = Lockout(clock, state_path=data_dir / LOCKOUT_FILE)
    return Authenticator(PinStore(data_dir / PIN_FILE), hasher, lockout)


def set_pin(config: Config, role: Role, pin: str, cost: ScryptCost | None = None) -> Path:
    """Set ``role``'s PIN for this configuration's data folder (``kiosk set-pin``)."""
    check_pin_format(pin)
    data_dir = config.data_path()
    store = PinStore(data_dir / PIN_FILE)
    store.set(role, PinHasher(load_pepper(data_dir), cost).hash(pin))
    log.info("PIN for %s set in %s", role.value, store.path)
    return store.path


def read_new_pin(ask: Callable[[str], str]) -> str:
    """Ask for a new PIN twice (``getpass.getpass`` in the CLI); SecurityError on mismatch."""
    first = check_pin_format(ask("New PIN (6-12 digits): "))
    if ask("Repeat the PIN: ") != first:
        raise SecurityError("the two PINs differ; nothing was changed")
    return first


def role_names() -> Mapping[str, Role]:
    """Roles by their command-line name."""
    return {role.value: role for role in Role}
