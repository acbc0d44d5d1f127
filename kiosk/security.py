"""Technician PINs: slow salted hashes, a per-device pepper, and a growing lockout.

A stolen data folder must not give the PINs away cheaply, so a PIN is never stored: only
``scrypt(HMAC(pepper, pin), salt)`` is, with a random salt per PIN and a pepper that
lives outside the data folder (``[maintenance] pepper_file``, ``/etc/kiosk/pin-pepper``),
so a copy of the folder carries hashes nobody can test guesses against. Versions that
kept the pepper in the data folder are moved on the first start that may write the new
place, byte for byte, so every PIN stays valid. Someone guessing at the touch screen
meets a lockout that grows after a few free failures and resets on success; the clock is
injected so the schedule is tested without waiting. A hand-edited PIN or lockout file
never raises: a hash that cannot be used never matches, and a lockout state that cannot
be read starts locked.
"""

from __future__ import annotations

import base64
import datetime as dt
import enum
import errno
import hashlib
import hmac
import json
import logging
import os
import re
import secrets
from collections.abc import Callable, Mapping
from dataclasses import astuple, dataclass
from pathlib import Path

from drivers.files import PRIVATE_FILE_MODE, private_dir, sync_folder, write_private
from kiosk.clock import Clock
from kiosk.config import Config
from kiosk.datafile import UnreadableFileError, parse_json

log = logging.getLogger("kiosk.security")

#: Where versions before the pepper moved out kept it: in the data folder.
LEGACY_PEPPER_FILE = "pin-pepper"
PIN_FILE = "pins.json"
LOCKOUT_FILE = "pin-lockout.json"
PEPPER_BYTES = 32
SALT_BYTES = 16
PIN_PATTERN = re.compile(r"[0-9]{6,12}")
PIN_MIN_LENGTH = 6
PIN_MAX_LENGTH = 12
_SCHEME = "scrypt"
#: The most a stored hash may ask of scrypt: a hand-edited n, r or p must neither raise
#: nor keep the touch screen busy for minutes (the defaults are 2^14, 8 and 1).
_MAX_COST = (2**20, 32, 16)
#: A pepper file is 32 bytes; anything far larger is not one.
_PEPPER_READ_LIMIT = 4096


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


def load_pepper(pepper_file: Path, data_dir: Path, *, create: bool = False) -> bytes | None:
    """The device's pepper: never logged, never sent anywhere, never in the data folder.

    A pepper an older version left in ``data_dir`` is moved to ``pepper_file`` (the same
    bytes, so the PINs stay valid) when that can be written; until then it keeps being
    used, with a warning. ``pepper_file`` may exist empty: an installer makes it so, owned
    by the kiosk user, where the kiosk may not create files itself.

    Args:
        pepper_file: ``[maintenance] pepper_file``.
        data_dir: the data folder, where an older version may have left a pepper.
        create: make a new pepper when there is none (a PIN is about to be set).

    Returns:
        The pepper, or None when there is none yet and ``create`` is false.

    Raises:
        SecurityError: the pepper cannot be read, is cut short, or cannot be created.

    """
    legacy = data_dir / LEGACY_PEPPER_FILE
    pepper, old = _read_pepper(pepper_file), _read_pepper(legacy)
    if _inside(pepper_file, data_dir):
        log.warning(
            "[maintenance] pepper_file %s is inside the data folder: a copy of the folder"
            " carries the pepper of its PIN hashes",
            pepper_file,
        )
    if pepper is None and old is not None:
        try:
            _write_pepper(pepper_file, old)
        except OSError as error:
            log.warning(
                "The PIN pepper is still in the data folder (%s): it cannot be moved to %s"
                " ([maintenance] pepper_file): %s",
                legacy,
                pepper_file,
                error.strerror or error,
            )
            return old
        log.info("Moved the PIN pepper from %s to %s; the PINs stay valid", legacy, pepper_file)
        pepper = old
    if old is not None and pepper is not None:
        _forget_legacy(legacy, old, pepper)
    if pepper is None and create:
        pepper = secrets.token_bytes(PEPPER_BYTES)
        try:
            _write_pepper(pepper_file, pepper)
        except OSError as error:
            raise SecurityError(
                f"{pepper_file}: cannot create the PIN pepper ({error.strerror or error});"
                " make the file writable by this user (empty, owned by the kiosk user) or"
                " set [maintenance] pepper_file (KIOSK_MAINTENANCE_PEPPER_FILE)"
            ) from None
        log.info("Created a new PIN pepper at %s", pepper_file)
    return pepper


def _read_pepper(path: Path) -> bytes | None:
    """The pepper in ``path``; None when it is missing or empty (not made yet)."""
    try:
        with path.open("rb") as stream:
            pepper = stream.read(_PEPPER_READ_LIMIT)
    except (FileNotFoundError, NotADirectoryError):
        return None
    except OSError as error:
        raise SecurityError(
            f"{path}: cannot read the PIN pepper ({error.strerror or error}); it must be"
            " readable by the kiosk user and by kiosk set-pin"
        ) from None
    if not pepper:
        return None
    if len(pepper) < PEPPER_BYTES:
        raise SecurityError(f"{path}: pepper file is truncated ({len(pepper)} bytes)")
    return pepper


def _write_pepper(path: Path, pepper: bytes) -> None:
    """Fill ``path``, which is missing or empty, with ``pepper``: 0600, synced.

    Its folder is left as it is when it exists (``/etc/kiosk`` belongs to the system);
    a missing one is made 0700.
    """
    if not path.parent.exists():
        private_dir(path.parent)
    descriptor = os.open(path, os.O_WRONLY | os.O_CREAT, PRIVATE_FILE_MODE)
    with os.fdopen(descriptor, "wb") as stream:
        if os.fstat(stream.fileno()).st_size:
            raise FileExistsError(errno.EEXIST, "another pepper was written meanwhile")
        os.chmod(path, PRIVATE_FILE_MODE)
        stream.write(pepper)
        stream.flush()
        os.fsync(stream.fileno())
    sync_folder(path.parent)


def _forget_legacy(legacy: Path, old: bytes, pepper: bytes) -> None:
    """Delete the data folder's pepper once the same one is safe in its own place."""
    if not hmac.compare_digest(old, pepper):
        log.error(
            "%s holds another pepper than [maintenance] pepper_file; it is not used and"
            " not deleted: PINs hashed with it do not work (set them again)",
            legacy,
        )
        return
    try:
        legacy.unlink()
    except OSError as error:
        log.warning("Cannot delete the old PIN pepper %s: %s", legacy, error)


def _inside(path: Path, folder: Path) -> bool:
    try:
        return path.resolve().is_relative_to(folder.resolve())
    except OSError:
        return False


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
        """Whether ``pin`` matches ``stored``, in constant time.

        A hash that cannot be used never matches and never raises: a wrong scheme, costs
        scrypt refuses or that would take minutes (n = 2^64), a salt that is not base64.
        """
        parts = stored.split("$")
        if len(parts) != 6 or parts[0] != _SCHEME:
            return False
        try:
            cost = ScryptCost(int(parts[1]), int(parts[2]), int(parts[3]))
            limits = zip(astuple(cost), _MAX_COST, strict=True)
            if not all(0 < value <= limit for value, limit in limits):
                log.error("A stored PIN hash asks scrypt for n, r, p = %s: not used", cost)
                return False
            salt, expected = _unb64(parts[4]), _unb64(parts[5])
            digest = self._derive(pin, salt, cost)
        except (ValueError, TypeError, OverflowError, MemoryError):
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
            data = parse_json(self.path)
        except UnreadableFileError as error:
            if not error.missing:
                log.error("PIN file is unreadable: %s", error)
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
            data = parse_json(self._state_path)
            failures = int(data["failures"])
            until = dt.datetime.fromisoformat(str(data["locked_until"]))
            if until.utcoffset() is None:
                raise ValueError(f"locked_until {data['locked_until']!r} has no time zone")
        except UnreadableFileError as error:
            if error.missing:
                return
            failures, until = self._locked_after(str(error))
        except (ValueError, KeyError, TypeError, IndexError) as error:
            failures, until = self._locked_after(f"{self._state_path}: {error}")
        self.failures = max(0, failures)
        left = (until - self._clock.now()).total_seconds()
        # Never longer than the cap, whatever the file or a clock jump says.
        self._locked_until = self._clock.monotonic() + min(
            max(0.0, left), self.schedule.cap_seconds
        )

    def _locked_after(self, problem: str) -> tuple[int, dt.datetime]:
        """The state to start with when the saved one cannot be read: locked.

        As after one failure too many, so pulling the plug after editing the file by hand
        buys no fresh attempts.
        """
        log.error("Lockout state is unreadable (%s); starting locked", problem)
        until = self._clock.now() + dt.timedelta(seconds=self.schedule.first_delay_seconds)
        return self.schedule.free_failures + 1, until

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


@dataclass(frozen=True)
class Pepper:
    """Where this kiosk's pepper lives, and the data folder that may hold an old one.

    Hashers are made from it on demand: reading the pepper moves an old one out.
    """

    file: Path
    data_dir: Path
    cost: ScryptCost | None = None

    @classmethod
    def of(cls, config: Config, cost: ScryptCost | None = None) -> Pepper:
        """The pepper of this configuration."""
        return cls(Path(config.maintenance.pepper_file), config.data_path(), cost)

    def hasher(self, *, create: bool = False) -> PinHasher | None:
        """A hasher with the pepper; None when there is none yet and ``create`` is false."""
        pepper = load_pepper(self.file, self.data_dir, create=create)
        return None if pepper is None else PinHasher(pepper, self.cost)


class Authenticator:
    """Checks PINs against the store, with the lockout in front; the highest role wins."""

    def __init__(self, store: PinStore, pepper: Pepper, lockout: Lockout) -> None:
        self.store = store
        self.pepper = pepper
        self.lockout = lockout
        # Read (and moved out of the data folder) now, so a problem shows at start.
        self._hasher = pepper.hasher()

    def attempt(self, pin: str) -> AuthResult:
        """Try ``pin``; a locked prompt does not even look at it."""
        wait = self.lockout.remaining()
        if wait > 0:
            return AuthResult(AuthOutcome.LOCKED, wait_seconds=wait, failures=self.lockout.failures)
        hashes = self.store.hashes()
        if not hashes:
            return AuthResult(AuthOutcome.NO_PIN_SET)
        if self._hasher is None:
            # A first PIN set with `kiosk set-pin` while the kiosk runs made the pepper now.
            self._hasher = self.pepper.hasher()
        hasher = self._hasher
        if hasher is None:
            log.error(
                "%s has PIN hashes but there is no pepper at %s: set the PINs again"
                " with kiosk set-pin",
                self.store.path,
                self.pepper.file,
            )
            return AuthResult(AuthOutcome.NO_PIN_SET)
        # Verify every role's hash, so the time taken does not say which roles exist.
        matches = [role for role, hashed in hashes.items() if hasher.verify(pin, hashed)]
        if Role.SUPERVISOR in matches or Role.TECHNICIAN in matches:
            role = Role.SUPERVISOR if Role.SUPERVISOR in matches else Role.TECHNICIAN
            self.lockout.succeeded()
            return AuthResult(AuthOutcome.GRANTED, role=role)
        wait = self.lockout.failed()
        return AuthResult(AuthOutcome.WRONG, wait_seconds=wait, failures=self.lockout.failures)

    def change_pin(self, role: Role, pin: str) -> None:
        """Store a new PIN for ``role`` (format checked); makes the pepper if there is none."""
        check_pin_format(pin)
        if self._hasher is None:
            self._hasher = self.pepper.hasher(create=True)
        assert self._hasher is not None
        self.store.set(role, self._hasher.hash(pin))
        log.info("PIN for %s changed", role.value)


def authenticator_for(
    config: Config, clock: Clock, cost: ScryptCost | None = None
) -> Authenticator:
    """The authenticator over this configuration's pepper, PIN file and lockout state.

    Raises:
        SecurityError: the pepper cannot be read.

    """
    data_dir = config.data_path()
    lockout = Lockout(clock, state_path=data_dir / LOCKOUT_FILE)
    return Authenticator(PinStore(data_dir / PIN_FILE), Pepper.of(config, cost), lockout)


def set_pin(config: Config, role: Role, pin: str, cost: ScryptCost | None = None) -> Path:
    """Set ``role``'s PIN for this configuration (``kiosk set-pin``).

    Makes the pepper in ``[maintenance] pepper_file`` if there is none, and moves an old
    one out of the data folder.
    """
    check_pin_format(pin)
    hasher = Pepper.of(config, cost).hasher(create=True)
    assert hasher is not None
    store = PinStore(config.data_path() / PIN_FILE)
    store.set(role, hasher.hash(pin))
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
