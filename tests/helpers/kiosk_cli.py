"""The real kiosk command (``python -m ui``) as end-to-end tests run it: its own data folder.

Shared by the tests that run the kiosk under a supervisor (``tests/e2e/test_watchdog.py``
under our stand-in, ``tests/e2e/test_systemd_unit.py`` under a real systemd): they seed
the outbox with the CLI before the incident and read the journal back after it.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
#: Variables that a supervisor sets, or that would point the kiosk at someone else's files.
FOREIGN = ("KIOSK_CONFIG", "NOTIFY_SOCKET", "WATCHDOG_USEC", "WATCHDOG_PID")


def kiosk_environ(folder: Path) -> dict[str, str]:
    """Settings that keep a test kiosk's files in ``folder``: its data, and its PIN pepper
    (whose default, ``/etc/kiosk/pin-pepper``, is the machine's)."""
    return {
        "KIOSK_DATA_DIR": str(folder / "data"),
        "KIOSK_MAINTENANCE_PEPPER_FILE": str(folder / "etc" / "pin-pepper"),
    }


def kiosk_env(tmp_path: Path) -> dict[str, str]:
    """Environment for a kiosk offscreen, with simulated devices and data in ``tmp_path/data``."""
    env = {
        **os.environ,
        "QT_QPA_PLATFORM": "offscreen",
        **kiosk_environ(tmp_path),
        "KIOSK_LOGGING_LEVEL": "INFO",
    }
    for name in FOREIGN:
        env.pop(name, None)
    return env


def kiosk_command(
    env: dict[str, str], *args: str, timeout: float = 120
) -> subprocess.CompletedProcess[str]:
    """Run ``python -m ui ARGS`` to the end, whatever its exit status."""
    return subprocess.run(
        [sys.executable, "-m", "ui", *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
    )


def run_kiosk(env: dict[str, str], *args: str) -> subprocess.CompletedProcess[str]:
    """Run ``python -m ui ARGS`` to the end; a non-zero exit raises."""
    completed = kiosk_command(env, *args)
    completed.check_returncode()
    return completed


def journal_rows(env: dict[str, str]) -> list[dict[str, object]]:
    """Every journal row, as ``kiosk journal --json --all`` prints them."""
    rows: list[dict[str, object]] = json.loads(run_kiosk(env, "journal", "--json", "--all").stdout)
    return rows


def seed_outbox(env: dict[str, str]) -> list[dict[str, object]]:
    """Citizens served before the incident; with no central they wait in the outbox."""
    run_kiosk(env, "simulate", "--sessions", "20", "--seed", "9")
    rows = journal_rows(env)
    assert len(rows) >= 10
    assert all(row["status"] == "pending" for row in rows), rows  # no central: all wait
    return rows
