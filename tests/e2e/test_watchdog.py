"""The kiosk recovers by itself: after a frozen GUI thread or a kill it is back at attract.

The outbox (journal rows) is intact after each.

The real kiosk (``python -m ui``, offscreen, simulated devices, its own data folder) runs
under ``tests/helpers/supervisor.py``, which plays systemd's part of
``config/systemd/kiosk.service`` (``Type=notify``, ``WatchdogSec``, ``NotifyAccess=main``,
``Restart=always``). A real systemd cannot be used here: PID 1 of these machines is not
systemd, so ``systemd-run`` and ``systemctl`` have no manager to talk to.

The freeze uses the test-only hook of ``ui/watchdog.py``: with ``KIOSK_TEST_FREEZE_SIGNAL``
set, that signal hangs the GUI thread, exactly what a deadlock or an endless loop in a
slot would do. Without the variable (production) the hook is not installed.
"""

from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests.helpers.supervisor import Event, EventKind, Supervisor

ROOT = Path(__file__).resolve().parents[2]
WATCHDOG_SECONDS = 3.0

pytestmark = pytest.mark.e2e


def _env(tmp_path: Path) -> dict[str, str]:
    env = {
        **os.environ,
        "QT_QPA_PLATFORM": "offscreen",
        "KIOSK_DATA_DIR": str(tmp_path / "data"),
        "KIOSK_LOGGING_LEVEL": "INFO",
    }
    for name in ("KIOSK_CONFIG", "NOTIFY_SOCKET", "WATCHDOG_USEC", "WATCHDOG_PID"):
        env.pop(name, None)
    return env


def _kiosk(env: dict[str, str], *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "ui", *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
    )


def _journal(env: dict[str, str]) -> list[dict[str, object]]:
    rows: list[dict[str, object]] = json.loads(_kiosk(env, "journal", "--json", "--all").stdout)
    return rows


def _seed_outbox(env: dict[str, str]) -> list[dict[str, object]]:
    """Citizens served before the incident; with no central they wait in the outbox."""
    _kiosk(env, "simulate", "--sessions", "20", "--seed", "9")
    rows = _journal(env)
    assert len(rows) >= 10
    assert all(row["status"] == "pending" for row in rows), rows  # no central: all wait
    return rows


def _screen_of(supervisor: Supervisor, pid: int, after: int) -> str:
    event = supervisor.wait_for(EventKind.STATUS, pid=pid, after=after, timeout=30)
    return event.detail


def _wait_ready(supervisor: Supervisor, after: int = 0) -> Event:
    started = supervisor.wait_for(EventKind.STARTED, after=after, timeout=60)
    return supervisor.wait_for(EventKind.READY, pid=started.pid, after=after, timeout=90)


@pytest.mark.timeout(300)
def test_frozen_gui_thread_is_restarted_by_the_watchdog(tmp_path: Path) -> None:
    env = _env(tmp_path)
    before = _seed_outbox(env)
    env["KIOSK_TEST_FREEZE_SIGNAL"] = "SIGUSR2"
    with Supervisor(
        [sys.executable, "-m", "ui"],
        env=env,
        cwd=tmp_path,
        watchdog=WATCHDOG_SECONDS,
        log_dir=tmp_path,
    ) as supervisor:
        first = _wait_ready(supervisor)
        assert _screen_of(supervisor, first.pid, 0) == "screen attract"
        # A healthy, idle kiosk keeps sending keep-alives at half the watchdog period.
        time.sleep(2.5 * WATCHDOG_SECONDS)
        assert supervisor.pings(first.pid) >= 3
        assert not [e for e in supervisor.events if e.kind is EventKind.WATCHDOG_TIMEOUT]

        frozen_at = len(supervisor.events)
        frozen = time.monotonic()
        os.kill(first.pid, signal.SIGUSR2)
        timeout = supervisor.wait_for(
            EventKind.WATCHDOG_TIMEOUT, pid=first.pid, after=frozen_at, timeout=30
        )
        exited = supervisor.wait_for(EventKind.EXITED, pid=first.pid, after=frozen_at, timeout=30)
        assert exited.detail == str(-signal.SIGABRT), exited  # WatchdogSignal=SIGABRT
        # Noticed within one watchdog period after the last keep-alive, plus slack for CI.
        assert timeout.at - frozen < 3 * WATCHDOG_SECONDS

        second = _wait_ready(supervisor, after=frozen_at)
        assert second.pid != first.pid
        assert _screen_of(supervisor, second.pid, frozen_at) == "screen attract"
        log = (tmp_path / "run-1.log").read_text(encoding="utf-8")
        assert "Freezing the GUI thread on SIGUSR2" in log
        # The restarted kiosk is healthy: it keeps the watchdog fed.
        time.sleep(2 * WATCHDOG_SECONDS)
        assert supervisor.pings(second.pid) >= 2
        assert supervisor.pid == second.pid
    assert _journal(env) == before


@pytest.mark.timeout(300)
def test_killed_kiosk_comes_back_at_attract_with_the_outbox(tmp_path: Path) -> None:
    env = _env(tmp_path)
    before = _seed_outbox(env)
    with Supervisor(
        [sys.executable, "-m", "ui"], env=env, cwd=tmp_path, watchdog=WATCHDOG_SECONDS
    ) as supervisor:
        first = _wait_ready(supervisor)
        mark = len(supervisor.events)
        os.kill(first.pid, signal.SIGKILL)
        exited = supervisor.wait_for(EventKind.EXITED, pid=first.pid, after=mark, timeout=30)
        assert exited.detail == str(-signal.SIGKILL)
        second = _wait_ready(supervisor, after=mark)
        assert _screen_of(supervisor, second.pid, mark) == "screen attract"
    assert _journal(env) == before


def test_without_notify_socket_the_freeze_hook_and_watchdog_stay_off(tmp_path: Path) -> None:
    """Production safety: the hook exists only when the test variable is set."""
    code = (
        "import signal, sys\n"
        "from ui.watchdog import Watchdog, install_test_freeze\n"
        "assert Watchdog.from_environment({}) is None\n"
        "assert install_test_freeze({}) is None\n"
        "assert signal.getsignal(signal.SIGUSR2) is signal.SIG_DFL\n"
        "assert install_test_freeze({'KIOSK_TEST_FREEZE_SIGNAL': 'SIGUSR2'}) is signal.SIGUSR2\n"
        "print('ok')\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code],
        cwd=ROOT,
        env=_env(tmp_path),
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "ok"


def test_notifier_speaks_to_path_and_abstract_sockets(tmp_path: Path) -> None:
    from ui.watchdog import Notifier, watchdog_interval_ms

    for address, bound in (
        (str(tmp_path / "notify"), str(tmp_path / "notify")),
        ("@kiosk-watchdog-test", "\0kiosk-watchdog-test"),
    ):
        server = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
        server.bind(bound)
        server.settimeout(5)
        notifier = Notifier.from_environment({"NOTIFY_SOCKET": address})
        assert notifier is not None
        assert notifier.send("WATCHDOG=1")
        assert server.recv(64) == b"WATCHDOG=1"
        notifier.close()
        server.close()
    assert Notifier.from_environment({"NOTIFY_SOCKET": "relative/path"}) is None
    assert watchdog_interval_ms({"WATCHDOG_USEC": "20000000"}) == 10_000
    assert watchdog_interval_ms({"WATCHDOG_USEC": "20000000", "WATCHDOG_PID": "1"}) is None
    assert watchdog_interval_ms({"WATCHDOG_USEC": "20000000", "WATCHDOG_PID": str(os.getpid())})
    assert watchdog_interval_ms({}) is None
