"""``ui/watchdog.py`` on its own: off in production, and its sd_notify datagrams.

How systemd uses it (ready at the first frame, a frozen GUI thread killed and restarted, a
killed kiosk back at attract with its outbox) is in ``tests/e2e/test_systemd_unit.py``,
under the real systemd and the shipped unit.
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
from pathlib import Path

import pytest

from tests.helpers.kiosk_cli import ROOT, kiosk_env

pytestmark = pytest.mark.e2e


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
        env=kiosk_env(tmp_path),
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
