"""PIN hashing, the PIN file and the lockout schedule, with ManualClock instead of waiting."""

from __future__ import annotations

import logging
import shutil
import stat
from pathlib import Path

import pytest

from kiosk.clock import ManualClock
from kiosk.config import Config, load_config
from kiosk.security import (
    LEGACY_PEPPER_FILE,
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
from tests.helpers.kiosk_cli import kiosk_environ
from tests.helpers.private_files import umask

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


CHEAP = ScryptCost(n=2**10)


def config_in(folder: Path) -> Config:
    return load_config(environ=kiosk_environ(folder))


def pepper_of(config: Config) -> Path:
    return Path(config.maintenance.pepper_file)


def test_pepper_is_created_once_with_mode_0600_outside_the_data_folder(tmp_path: Path) -> None:
    pepper_file, data = tmp_path / "etc" / "pin-pepper", tmp_path / "data"
    assert load_pepper(pepper_file, data) is None, "reading alone never makes one"
    with umask(0):
        pepper = load_pepper(pepper_file, data, create=True)
    assert stat.S_IMODE(pepper_file.stat().st_mode) == 0o600
    assert pepper is not None and len(pepper) == 32
    assert load_pepper(pepper_file, data) == pepper
    assert not data.exists()
    pepper_file.write_bytes(b"short")
    with pytest.raises(SecurityError, match="truncated"):
        load_pepper(pepper_file, data)


def test_an_empty_pepper_file_made_by_the_installer_is_filled(tmp_path: Path) -> None:
    """/etc/kiosk belongs to root: the installer makes the file, empty, for the kiosk user."""
    pepper_file = tmp_path / "etc" / "pin-pepper"
    pepper_file.parent.mkdir()
    pepper_file.touch()
    pepper = load_pepper(pepper_file, tmp_path / "data", create=True)
    assert pepper is not None and pepper_file.read_bytes() == pepper


def test_store_keeps_only_hashes_mode_0600_and_the_pepper_elsewhere(tmp_path: Path) -> None:
    config = config_in(tmp_path)
    path = set_pin(config, Role.TECHNICIAN, "246810", CHEAP)
    set_pin(config, Role.SUPERVISOR, "13579135", CHEAP)
    assert path == tmp_path / "data" / PIN_FILE
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    text = path.read_text()
    assert "246810" not in text and "13579135" not in text
    hashes = PinStore(path).hashes()
    assert set(hashes) == {Role.TECHNICIAN, Role.SUPERVISOR}
    hasher = PinHasher(pepper_of(config).read_bytes())
    assert hasher.verify("246810", hashes[Role.TECHNICIAN])
    assert sorted(p.name for p in (tmp_path / "data").iterdir()) == [PIN_FILE]
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
    auth = authenticator_for(config_in(tmp_path), clock, CHEAP)
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


# --------------------------------------------------------------------------- the pepper moves


def old_kiosk(folder: Path) -> bytes:
    """A data folder as a version that kept the pepper in it left it, with both PINs."""
    data = folder / "data"
    data.mkdir(parents=True)
    pepper = bytes(range(100, 132))
    (data / LEGACY_PEPPER_FILE).write_bytes(pepper)
    hasher = PinHasher(pepper, CHEAP)
    store = PinStore(data / PIN_FILE)
    store.set(Role.TECHNICIAN, hasher.hash("246810"))
    store.set(Role.SUPERVISOR, hasher.hash("13579135"))
    return pepper


def test_an_old_pepper_moves_out_of_the_data_folder_and_every_pin_still_works(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.INFO)
    pepper = old_kiosk(tmp_path)
    config = config_in(tmp_path)
    auth = authenticator_for(config, ManualClock(), CHEAP)
    assert pepper_of(config).read_bytes() == pepper
    assert not (tmp_path / "data" / LEGACY_PEPPER_FILE).exists()
    assert auth.attempt("246810").role is Role.TECHNICIAN
    assert auth.attempt("13579135").role is Role.SUPERVISOR
    assert "Moved the PIN pepper" in caplog.text


def test_a_first_pin_set_while_the_kiosk_runs_works_without_a_restart(tmp_path: Path) -> None:
    config = config_in(tmp_path)
    auth = authenticator_for(config, ManualClock(), CHEAP)  # no pepper, no PIN yet
    assert auth.attempt("246810").outcome is AuthOutcome.NO_PIN_SET
    set_pin(config, Role.TECHNICIAN, "246810", CHEAP)  # `kiosk set-pin` makes the pepper
    assert auth.attempt("246810").role is Role.TECHNICIAN


def test_kiosk_set_pin_moves_an_old_pepper_too_and_keeps_the_other_pin(tmp_path: Path) -> None:
    pepper = old_kiosk(tmp_path)
    config = config_in(tmp_path)
    set_pin(config, Role.TECHNICIAN, "112233", CHEAP)
    assert pepper_of(config).read_bytes() == pepper
    auth = authenticator_for(config, ManualClock(), CHEAP)
    assert auth.attempt("112233").role is Role.TECHNICIAN
    assert auth.attempt("13579135").role is Role.SUPERVISOR


def test_a_pepper_that_cannot_move_yet_keeps_working_where_it_is(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    """Under the systemd unit /etc is read-only: the PINs must not stop working."""
    old_kiosk(tmp_path)
    (tmp_path / "etc").write_text("a file where the folder should be")
    auth = authenticator_for(config_in(tmp_path), ManualClock(), CHEAP)
    assert auth.attempt("246810").role is Role.TECHNICIAN
    assert (tmp_path / "data" / LEGACY_PEPPER_FILE).exists()
    assert "The PIN pepper is still in the data folder" in caplog.text


def test_another_pepper_left_in_the_data_folder_is_neither_used_nor_deleted(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    old_kiosk(tmp_path)
    config = config_in(tmp_path)
    pepper_of(config).parent.mkdir()
    pepper_of(config).write_bytes(bytes(32))
    auth = authenticator_for(config, ManualClock(), CHEAP)
    assert auth.attempt("246810").outcome is AuthOutcome.WRONG
    assert (tmp_path / "data" / LEGACY_PEPPER_FILE).exists()
    assert "holds another pepper" in caplog.text


def test_a_copy_of_the_data_folder_does_not_carry_the_pepper(tmp_path: Path) -> None:
    config = config_in(tmp_path / "kiosk")
    set_pin(config, Role.TECHNICIAN, "246810", CHEAP)
    shutil.copytree(tmp_path / "kiosk" / "data", tmp_path / "copy" / "data")
    assert not any(
        path.read_bytes() == pepper_of(config).read_bytes()
        for path in (tmp_path / "copy" / "data").rglob("*")
    )
    stolen = authenticator_for(config_in(tmp_path / "copy"), ManualClock(), CHEAP)
    assert stolen.attempt("246810").outcome is AuthOutcome.NO_PIN_SET


def test_a_pepper_file_inside_the_data_folder_is_warned_about(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    load_pepper(tmp_path / "data" / "pepper", tmp_path / "data", create=True)
    assert "is inside the data folder" in caplog.text


# --------------------------------------------------------------------------- hand-edited files


@pytest.mark.parametrize(
    "cost", ["18446744073709551616$8$1", "16384$18446744073709551616$1", "1024$8$1048576", "0$8$1"]
)
def test_a_hash_with_costs_scrypt_cannot_or_should_not_take_never_matches(cost: str) -> None:
    hasher = PinHasher(PEPPER, CHEAP)
    good = hasher.hash("246810")
    scheme, _, _, _, salt, digest = good.split("$")
    assert not hasher.verify("246810", "$".join((scheme, cost, salt, digest)))


def test_a_hand_edited_hash_is_a_wrong_pin_not_a_crash(tmp_path: Path) -> None:
    config = config_in(tmp_path)
    set_pin(config, Role.TECHNICIAN, "246810", CHEAP)
    set_pin(config, Role.SUPERVISOR, "13579135", CHEAP)
    store = PinStore(tmp_path / "data" / PIN_FILE)
    scheme, _, r, p, salt, digest = store.hashes()[Role.SUPERVISOR].split("$")
    store.set(Role.SUPERVISOR, "$".join((scheme, str(2**64), r, p, salt, digest)))
    auth = authenticator_for(config, ManualClock(), CHEAP)
    assert auth.attempt("13579135").outcome is AuthOutcome.WRONG
    assert auth.attempt("246810").role is Role.TECHNICIAN


@pytest.mark.parametrize(
    "content",
    [
        '{"failures": 0, "locked_until": "2026-11-23T10:00:00"}',  # no time zone
        '{"failures": 0, "locked_until": "2026-11-23"}',
        '{"failures": "many", "locked_until": "2026-11-23T10:00:00+07:00"}',
        '{"failures": 0}',
        "[1, 2]",
        "null",
        '{"failures": 0, "locked_until": "' + "9" * 5000 + '"}',
        "[" * 100_000,
    ],
)
def test_a_hand_edited_lockout_state_starts_locked(tmp_path: Path, content: str) -> None:
    state = tmp_path / "pin-lockout.json"
    state.write_text(content)
    lockout = Lockout(ManualClock(), state_path=state)
    assert (lockout.remaining(), lockout.failures) == (30, 4)
