"""PIN hashing, the PIN file and the lockout schedule, with ManualClock instead of waiting."""

from __future__ import annotations

import stat
from pathlib import Path

import pytest

from kiosk.clock import ManualClock
from kiosk.config import load_config
from kiosk.security import (
    PEPPER_FILE,
    PIN_FILE,
    AuthOutcome,
    Lockout,
    LockoutSchedule,
    PinFormatError,
    PinHasher,
    PinStore,
    Role,
    ScryptCost,
    SecurityError,
    authenticator_for,
    load_pepper,
    read_new_pin,
    set_pin,
)

PEPPER = bytes(range(32))


def test_hash_is_salted_peppered_scrypt_and_verifies() -> None:
    hasher = PinHasher(PEPPER)
    first, second = hasher.hash("123456"), hasher.hash("123456")
    assert first != second  # a random salt per PIN
    scheme, n, r, p, _, _ = first.split("$")
    assert (scheme, int(n), int(r), int(p)) == ("scrypt", 2**14, 8, 1)
    assert "123456" not in first
    assert hasher.verify("123456", first) and hasher.verify("123456", second)
    assert not hasher.verify("123457", first)
    # The same PIN and salt under another device's pepper is a different hash.
    assert not PinHasher(bytes(32)).verify("123456", first)


@pytest.mark.parametrize(
    "stored", ["", "scrypt$1$2", "md5$16384$8$1$AA==$AA==", "scrypt$x$8$1$A$A"]
)
def test_malformed_hashes_never_verify(stored: str) -> None:
    assert not PinHasher(PEPPER).verify("123456", stored)


@pytest.mark.parametrize("pin", ["12345", "1234567890123", "12a456", "١٢٣٤٥٦", " 123456"])
def test_pin_format(pin: str) -> None:
    with pytest.raises(PinFormatError, match="6 to 12 digits"):
        PinHasher(PEPPER).hash(pin)


def test_pepper_is_created_once_with_mode_0600(tmp_path: Path) -> None:
    pepper = load_pepper(tmp_path / "data")
    path = tmp_path / "data" / PEPPER_FILE
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert len(pepper) == 32 and load_pepper(tmp_path / "data") == pepper
    path.write_bytes(b"short")
    with pytest.raises(SecurityError, match="truncated"):
        load_pepper(tmp_path / "data")


def test_store_keeps_only_hashes_mode_0600(tmp_path: Path) -> None:
    config = load_config(environ={"KIOSK_DATA_DIR": str(tmp_path)})
    cheap = ScryptCost(n=2**10)
    path = set_pin(config, Role.TECHNICIAN, "246810", cheap)
    set_pin(config, Role.SUPERVISOR, "13579135", cheap)
    assert path == tmp_path / PIN_FILE
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    text = path.read_text()
    assert "246810" not in text and "13579135" not in text
    hashes = PinStore(path).hashes()
    assert set(hashes) == {Role.TECHNICIAN, Role.SUPERVISOR}
    hasher = PinHasher(load_pepper(tmp_path))
    assert hasher.verify("246810", hashes[Role.TECHNICIAN])
    with pytest.raises(PinFormatError):
        set_pin(config, Role.TECHNICIAN, "12")


def test_unreadable_store_means_no_pin(tmp_path: Path) -> None:
    path = tmp_path / PIN_FILE
    path.write_text("{not json")
    assert PinStore(path).hashes() == {}
    path.write_text('["a list"]')
    assert PinStore(path).hashes() == {}


def test_read_new_pin_asks_twice() -> None:
    answers = iter(["123456", "123456"])
    assert read_new_pin(lambda prompt: next(answers)) == "123456"
    answers = iter(["123456", "654321"])
    with pytest.raises(SecurityError, match="differ"):
        read_new_pin(lambda prompt: next(answers))


def test_lockout_schedule_doubles_to_the_cap() -> None:
    schedule = LockoutSchedule()
    delays = [schedule.delay_after(n) for n in range(1, 12)]
    assert delays == [0, 0, 0, 30, 60, 120, 240, 480, 900, 900, 900]


def test_lockout_with_an_injected_clock() -> None:
    clock = ManualClock()
    lockout = Lockout(clock)
    for _ in range(3):
        assert lockout.failed() == 0
        assert lockout.remaining() == 0
    assert lockout.failed() == 30
    clock.advance(29)
    assert lockout.remaining() == pytest.approx(1)
    clock.advance(1)
    assert lockout.remaining() == 0
    assert lockout.failed() == 60
    lockout.succeeded()
    assert (lockout.failures, lockout.remaining()) == (0, 0)


def test_authenticator_roles_lockout_and_reset(tmp_path: Path) -> None:
    clock = ManualClock()
    auth = authenticator_for(tmp_path, clock, ScryptCost(n=2**10))
    assert auth.attempt("123456").outcome is AuthOutcome.NO_PIN_SET
    auth.change_pin(Role.TECHNICIAN, "111111")
    auth.change_pin(Role.SUPERVISOR, "22222222")
    granted = auth.attempt("111111")
    assert (granted.outcome, granted.role) == (AuthOutcome.GRANTED, Role.TECHNICIAN)
    assert auth.attempt("22222222").role is Role.SUPERVISOR
    results = [auth.attempt("999999") for _ in range(4)]
    assert [r.outcome for r in results] == [AuthOutcome.WRONG] * 4
    assert [r.wait_seconds for r in results] == [0, 0, 0, 30]
    # While locked even the right PIN is not looked at.
    locked = auth.attempt("111111")
    assert locked.outcome is AuthOutcome.LOCKED and locked.wait_seconds == 30
    clock.advance(30)
    assert auth.attempt("111111").outcome is AuthOutcome.GRANTED
    assert auth.lockout.failures == 0


def test_role_permissions() -> None:
    assert Role.SUPERVISOR.allows(Role.SUPERVISOR) and Role.SUPERVISOR.allows(Role.TECHNICIAN)
    assert Role.TECHNICIAN.allows(Role.TECHNICIAN)
    assert not Role.TECHNICIAN.allows(Role.SUPERVISOR)


def test_lockout_survives_a_restart(tmp_path: Path) -> None:
    clock = ManualClock()
    state = tmp_path / "pin-lockout.json"
    lockout = Lockout(clock, state_path=state)
    for _ in range(5):
        lockout.failed()
    assert lockout.remaining() == 60
    assert stat.S_IMODE(state.stat().st_mode) == 0o600
    clock.advance(20)
    # A new process (the monotonic clock starts elsewhere) keeps the count and the wait.
    restarted_clock = ManualClock(clock.now())
    restarted = Lockout(restarted_clock, state_path=state)
    assert (restarted.failures, restarted.remaining()) == (5, 40)
    assert restarted.failed() == 120
    restarted.succeeded()
    assert Lockout(ManualClock(clock.now()), state_path=state).failures == 0


def test_unreadable_lockout_state_starts_locked(tmp_path: Path) -> None:
    state = tmp_path / "pin-lockout.json"
    state.write_text("{broken")
    lockout = Lockout(ManualClock(), state_path=state)
    assert lockout.remaining() == 30 and lockout.failures == 4
