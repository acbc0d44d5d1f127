"""SIGKILL the kiosk at random moments, hundreds of times; nothing is lost or duplicated.

`kiosk simulate` runs the real core (issuer, journal, outbox, printer, sync worker) against
the real reference central on loopback. Each cycle kills it at a random moment: while
committing, printing, sending, or waiting for an answer. After the last cycle
`kiosk sync --drain` delivers the rest, one more start settles the receipts the last kill
cut off, and the journal and the server must agree on every request and on what each
citizen really got: central counts as printed exactly what the journal lists as issued.
"""

from __future__ import annotations

import json
import os
import random
import subprocess
import sys
import time
from collections import Counter
from pathlib import Path

import pytest

from tests.helpers.central import running_central

ROOT = Path(__file__).resolve().parents[2]
CYCLES = 200
KIOSK, SECRET = "ALM-KILL-01", "kill-test-secret"

pytestmark = pytest.mark.e2e


def kiosk_command(*args: str) -> list[str]:
    return [sys.executable, "-m", "ui", *args]


@pytest.mark.timeout(900)
def test_kill_200_times_then_drain(tmp_path: Path) -> None:
    rng = random.Random(20261123)
    (tmp_path / "central").mkdir()
    with running_central(tmp_path / "central", {KIOSK: SECRET}) as central:
        env = {
            **os.environ,
            "KIOSK_DATA_DIR": str(tmp_path / "kiosk"),
            "KIOSK_ID": KIOSK,
            "KIOSK_SECRET": SECRET,
            "KIOSK_CENTRAL_URL": central.url,
            "KIOSK_LOGGING_LEVEL": "WARNING",
        }
        env.pop("KIOSK_CONFIG", None)
        for cycle in range(CYCLES):
            process = subprocess.Popen(
                kiosk_command("simulate", "--sessions", "100000", "--seed", str(cycle)),
                cwd=ROOT,
                env=env,
                stdout=subprocess.DEVNULL,
                stderr=subprocess.PIPE,
            )
            time.sleep(rng.uniform(0.2, 1.6))
            process.kill()
            _, stderr = process.communicate(timeout=30)
            assert process.returncode == -9, "simulate ended before it was killed"
            assert b"Traceback" not in stderr, stderr[-2000:]

        def run(*args: str) -> subprocess.CompletedProcess[str]:
            return subprocess.run(
                kiosk_command(*args), cwd=ROOT, env=env, capture_output=True, text=True, timeout=180
            )

        drained = run("sync", "--drain", "--timeout", "120")
        assert drained.returncode == 0, drained.stdout + drained.stderr
        # A last start settles what the last kill cut off (and takes one more citizen).
        restart = run("simulate", "--sessions", "1", "--seed", str(CYCLES))
        assert restart.returncode == 0, restart.stderr[-2000:]
        assert json.loads(restart.stdout)["sessions"] == 1
        drained = run("sync", "--drain", "--timeout", "120")
        assert drained.returncode == 0, drained.stdout + drained.stderr

        def journal(*extra: str) -> list[dict[str, object]]:
            result = subprocess.run(
                kiosk_command("journal", "--json", *extra),
                cwd=ROOT,
                env=env,
                capture_output=True,
                text=True,
                timeout=60,
                check=True,
            )
            return json.loads(result.stdout)

        issued = {row["idempotency_key"]: row for row in journal()}
        committed = {row["idempotency_key"]: row for row in journal("--all")}
        server = central.export()

    server_keys = Counter(row["idempotency_key"] for row in server)
    server_references = Counter(row["reference"] for row in server)
    assert len(issued) > CYCLES, "the simulation must have issued plenty of requests"
    assert [key for key, n in server_keys.items() if n > 1] == []
    assert [ref for ref, n in server_references.items() if n > 1] == []
    assert set(issued) <= set(server_keys), "an issued request never reached central"
    assert set(server_keys) <= set(committed), "central holds a request the journal doesn't"
    assert set(server_keys) == set(committed), "a committed request was never delivered"
    for row in server:
        assert row["reference"] == committed[row["idempotency_key"]]["reference"]
        assert row["kiosk_id"] == KIOSK
    assert all(row["status"] == "sent" for row in committed.values())
    # What the citizens really got: central and the journal agree on every receipt.
    printed = {row["idempotency_key"] for row in server if row["receipt"] == "printed"}
    assert printed == set(issued), "central counts as printed exactly what the journal issued"
    others = Counter(row["receipt"] for row in server if row["receipt"] != "printed")
    assert set(others) <= {"failed", "unknown"}, others
    assert {key: row["receipt"] for key, row in committed.items()} == {
        row["idempotency_key"]: row["receipt"] for row in server
    }
