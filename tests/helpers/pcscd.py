"""A real pcscd with the vsmartcard ``vpcd`` driver, started and killed by tests.

pcscd runs in the foreground (``pcscd -f -a``) as a child in its own process group,
with its log in a file, so a test can stop it, SIGKILL it or restart it; it gets
SIGTERM if the test process dies first. It listens on the system socket
``/run/pcscd/pcscd.comm``, one per machine, so a pcscd that is already running when
the fixture starts is stopped first (SIGTERM, using the pid in ``/run/pcscd/pcscd.pid``),
and the stale socket and pid file a SIGKILLed daemon leaves behind are removed before
it starts again (pcscd refuses to start over them).

Test runs on one machine share that socket and vpcd's ports, so the module fixture
first takes an exclusive lock (``/run/lock/kiosk-tests-pcscd.lock``); a second run,
say another engineer's ``pytest`` in the same checkout, waits for the first instead
of stopping its daemon.

This needs root (``/run/pcscd``) and the Debian packages ``pcscd`` and
``vsmartcard-vpcd``. The tests skip only when a package is missing
(``missing_stack_reason()`` says which); anything else, such as running without root,
fails with pcscd's log named.
"""

from __future__ import annotations

import contextlib
import ctypes
import fcntl
import os
import shutil
import signal
import subprocess
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from smartcard import scard

RUN_DIR = Path("/run/pcscd")
SOCKET = RUN_DIR / "pcscd.comm"
PID_FILE = RUN_DIR / "pcscd.pid"
VPCD_CONF = Path("/etc/reader.conf.d/vpcd")
VPCD_DRIVER = Path("/usr/lib/pcsc/drivers/serial/libifdvpcd.so")
READER_0 = "Virtual PCD 00 00"
READER_1 = "Virtual PCD 00 01"
LOCK_PATH = Path("/run/lock/kiosk-tests-pcscd.lock")
LOCK_WAIT_SECONDS = 100.0
PR_SET_PDEATHSIG = 1
#: Looked up here, in the parent: the forked child must not load libraries.
_PRCTL = ctypes.CDLL(None, use_errno=True).prctl


def missing_stack_reason() -> str | None:
    """Why pcscd with vpcd cannot run here, or None when it can."""
    if shutil.which("pcscd") is None and not Path("/usr/sbin/pcscd").exists():
        return "pcscd is not installed (apt-get install -y pcscd)"
    if not VPCD_DRIVER.exists() or not VPCD_CONF.exists():
        return "the vpcd driver is not installed (apt-get install -y vsmartcard-vpcd)"
    return None


def list_readers() -> list[str]:
    """Reader names pcscd reports now; empty when the service is down."""
    hresult, context = scard.SCardEstablishContext(scard.SCARD_SCOPE_USER)
    if hresult != scard.SCARD_S_SUCCESS:
        return []
    try:
        hresult, readers = scard.SCardListReaders(context, [])
        return list(readers) if hresult == scard.SCARD_S_SUCCESS else []
    finally:
        scard.SCardReleaseContext(context)


class Pcscd:
    """One pcscd process; ``config_dir`` replaces ``/etc/reader.conf.d`` (``-c``).

    Args:
        log_path: where pcscd's own log goes (stdout and stderr).
        config_dir: reader configuration folder; None uses the system one (vpcd).
    """

    def __init__(self, log_path: Path, config_dir: Path | None = None) -> None:
        self.log_path = log_path
        self.config_dir = config_dir
        self._process: subprocess.Popen[bytes] | None = None

    @property
    def pid(self) -> int | None:
        """The running daemon's pid, or None if it is stopped, killed or crashed."""
        if self._process is None or self._process.poll() is not None:
            return None
        return self._process.pid

    def start(self, expect_readers: tuple[str, ...] = (READER_0,), timeout: float = 10.0) -> None:
        """Start pcscd and wait until its socket exists and ``expect_readers`` are listed."""
        stop_foreign_pcscd()
        remove_stale_files()
        command = [_pcscd_binary(), "-f", "-a"]
        if self.config_dir is not None:
            command += ["-c", str(self.config_dir)]
        with self.log_path.open("ab") as log:
            self._process = subprocess.Popen(
                command,
                stdout=log,
                stderr=subprocess.STDOUT,
                start_new_session=True,
                preexec_fn=_die_with_parent,
            )
        deadline = time.monotonic() + timeout
        while True:
            if self._process.poll() is not None:
                hint = "" if os.geteuid() == 0 else " (it needs root for /run/pcscd)"
                raise RuntimeError(
                    f"pcscd exited with {self._process.returncode}{hint}; see {self.log_path}"
                )
            if SOCKET.exists() and all(name in list_readers() for name in expect_readers):
                return
            if time.monotonic() >= deadline:
                raise RuntimeError(
                    f"pcscd did not list {expect_readers} within {timeout} s; see {self.log_path}"
                )
            time.sleep(0.05)

    def stop(self) -> None:
        """Stop pcscd cleanly (SIGTERM) and wait for it."""
        self._signal(signal.SIGTERM)

    def kill(self) -> None:
        """SIGKILL pcscd, as a crash would, and clear what it leaves behind."""
        self._signal(signal.SIGKILL)
        remove_stale_files()

    def restart(self, expect_readers: tuple[str, ...] = (READER_0,)) -> None:
        """Stop pcscd (if running) and start it again with the same configuration."""
        self.stop()
        self.start(expect_readers)

    def _signal(self, signum: signal.Signals) -> None:
        process, self._process = self._process, None
        if process is None or process.poll() is not None:
            return
        with contextlib.suppress(ProcessLookupError):
            os.killpg(process.pid, signum)
        try:
            process.wait(timeout=10.0)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait(timeout=5.0)


def _die_with_parent() -> None:
    """In the child: get SIGTERM when the test process dies, so no pcscd is left behind."""
    _PRCTL(PR_SET_PDEATHSIG, signal.SIGTERM)


def _pcscd_binary() -> str:
    return shutil.which("pcscd") or "/usr/sbin/pcscd"


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def stop_foreign_pcscd(timeout: float = 10.0) -> None:
    """Stop a pcscd this helper did not start (the pid in ``/run/pcscd/pcscd.pid``)."""
    try:
        pid = int(PID_FILE.read_text(encoding="ascii").strip())
    except (OSError, ValueError):
        return
    try:
        command = Path(f"/proc/{pid}/comm").read_text(encoding="ascii").strip()
    except OSError:
        return
    if command != "pcscd":
        return
    os.kill(pid, signal.SIGTERM)
    deadline = time.monotonic() + timeout
    while _alive(pid):
        if time.monotonic() >= deadline:
            os.kill(pid, signal.SIGKILL)
            break
        time.sleep(0.05)


def remove_stale_files() -> None:
    """Remove the socket and pid file of a pcscd that is no longer running."""
    try:
        pid = int(PID_FILE.read_text(encoding="ascii").strip())
    except (OSError, ValueError):
        pid = None
    if pid is not None and _alive(pid):
        return
    for path in (SOCKET, PID_FILE):
        path.unlink(missing_ok=True)


@contextlib.contextmanager
def exclusive_stack(timeout: float = LOCK_WAIT_SECONDS) -> Iterator[None]:
    """Hold the machine-wide lock on pcscd and vpcd for as long as the block runs."""
    LOCK_PATH.parent.mkdir(parents=True, exist_ok=True)
    with LOCK_PATH.open("a+") as lock:
        deadline = time.monotonic() + timeout
        while True:
            try:
                fcntl.flock(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                if time.monotonic() >= deadline:
                    lock.seek(0)
                    holder = lock.read().strip() or "unknown"
                    raise RuntimeError(
                        f"another test run (pid {holder}) has held {LOCK_PATH} for {timeout} s"
                    ) from None
                time.sleep(0.2)
        lock.seek(0)
        lock.truncate()
        lock.write(str(os.getpid()))
        lock.flush()
        try:
            yield
        finally:
            fcntl.flock(lock, fcntl.LOCK_UN)


@pytest.fixture(scope="module")
def pcscd(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Pcscd]:
    """A running pcscd with vpcd for the whole module; skips if the stack is missing."""
    reason = missing_stack_reason()
    if reason is not None:
        pytest.skip(reason)
    with exclusive_stack():
        daemon = Pcscd(tmp_path_factory.mktemp("pcscd") / "pcscd.log")
        daemon.start()
        try:
            yield daemon
        finally:
            daemon.stop()


@pytest.fixture
def running_pcscd(pcscd: Pcscd) -> Pcscd:
    """The module's pcscd, (re)started if an earlier test left it stopped or killed."""
    if pcscd.pid is None:
        pcscd.start()
    return pcscd
