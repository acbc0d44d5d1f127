"""A stolen kiosk PC: ``disable-kiosk``, ``rotate-kiosk-secret`` and ``enable-kiosk`` over HTTP.

Each central runs ``--workers 2``: every worker reads kiosk rows into its own short-lived
store (``central.registry.kiosks.SigningKiosks``), so the tests first make both workers
serve the kiosk (many requests on fresh connections), change it with the command, and
expect the very next requests, on fresh connections again, to see the change. The real
kiosk's sync worker then meets a disabled central and keeps its requests as dead.
"""

from __future__ import annotations

import datetime as dt
import uuid
from pathlib import Path

import pytest
import requests

from kiosk import signing
from kiosk.clock import SystemClock
from kiosk.core import JOURNAL_FILE
from kiosk.journal import Journal, OutboxState
from tests.helpers.central import (
    assert_problem,
    central_command,
    running_central,
    signed_request,
)
from tests.helpers.kiosk_cli import kiosk_command, kiosk_env

KIOSKS = {"ALM-DESA-01": "kemiren-secret-0000000001", "ALM-DESA-02": "olehsari-secret-00000002"}
STOLEN, OTHER = "ALM-DESA-01", "ALM-DESA-02"
NEW_SECRET = "kemiren-secret-after-theft-01"
#: Fresh connections per check: enough that both workers answer some (the kernel spreads them).
ROUNDS = 16


@pytest.fixture
def central(tmp_path, backend):
    with running_central(
        tmp_path / "central", KIOSKS, backend=backend, extra_args=("--workers", "2")
    ) as server:
        yield server


def command(central, *args):
    return central_command(*args, *central.database.args(), env=central.database.env())


def secret_file(tmp_path: Path, secret: str) -> Path:
    path = tmp_path / f"secret-{uuid.uuid4().hex[:6]}"
    path.write_text(secret + "\n", encoding="ascii")
    return path


def heartbeat(central, kiosk_id: str, secret: str) -> requests.Response:
    body = {
        "kiosk_time": dt.datetime.now(dt.UTC).isoformat(),
        "version": "test",
        "uptime_seconds": 1,
        "outbox": {"pending": 0, "dead": 0},
        "devices": {"printer": "ok"},
    }
    return signed_request("POST", f"{central.url}/v1/heartbeat", kiosk_id, secret, json=body)


def transaction(central, kiosk_id: str, secret: str) -> tuple[str, requests.Response]:
    reference = f"{kiosk_id}-20261203-T1-{uuid.uuid4().hex[:8].upper()}"
    body = {
        "reference": reference,
        "service": "surat-pengantar",
        "created_at": dt.datetime.now(dt.UTC).isoformat(),
        "language": "id",
        "fields": {"purpose": "Melamar kerja"},
        "identity": None,
    }
    response = signed_request(
        "POST",
        f"{central.url}/v1/transactions",
        kiosk_id,
        secret,
        json=body,
        headers={"Idempotency-Key": str(uuid.uuid4())},
    )
    return reference, response


def statuses(central, kiosk_id: str, secret: str) -> set[int]:
    """The status of ROUNDS heartbeats, each on a new connection (so both workers answer)."""
    return {heartbeat(central, kiosk_id, secret).status_code for _ in range(ROUNDS)}


def pids_answering(central, kiosk_id: str, secret: str) -> None:
    """Warm both workers with this kiosk: each keeps its row for a second."""
    assert statuses(central, kiosk_id, secret) == {200}


class TestDisable:
    def test_a_disabled_kiosk_is_refused_at_once_by_every_worker(self, central):
        pids_answering(central, STOLEN, KIOSKS[STOLEN])
        command(central, "disable-kiosk", "--id", STOLEN).check_returncode()
        for _ in range(ROUNDS):
            problem = assert_problem(
                heartbeat(central, STOLEN, KIOSKS[STOLEN]), 403, "kiosk-disabled"
            )
            assert problem["detail"] == f"kiosk {STOLEN} is disabled; its requests are refused"
        _, response = transaction(central, STOLEN, KIOSKS[STOLEN])
        assert_problem(response, 403, "kiosk-disabled")
        catalog = signed_request("GET", f"{central.url}/v1/catalog", STOLEN, KIOSKS[STOLEN])
        assert_problem(catalog, 403, "kiosk-disabled")
        # Others carry on; without the secret nobody learns the kiosk is disabled.
        assert statuses(central, OTHER, KIOSKS[OTHER]) == {200}
        assert_problem(heartbeat(central, STOLEN, "guessed-secret-000000"), 401, "bad-signature")

    def test_its_data_stays_and_disabling_again_changes_nothing(self, central):
        reference, response = transaction(central, STOLEN, KIOSKS[STOLEN])
        assert response.status_code == 201, response.text
        first = command(central, "disable-kiosk", "--id", STOLEN)
        again = command(central, "disable-kiosk", "--id", STOLEN)
        assert first.returncode == again.returncode == 0, again.stderr
        [(disabled_at,)] = central.database.query(
            "SELECT disabled_at FROM registry_kiosk WHERE kiosk_id = %s", STOLEN
        )
        assert disabled_at is not None
        assert [row["reference"] for row in central.export()] == [reference]
        assert "is disabled since" in first.stderr

    def test_the_real_kiosk_keeps_its_requests_as_dead(self, central, tmp_path):
        env = {
            **kiosk_env(tmp_path / "kiosk"),
            "KIOSK_ID": STOLEN,
            "KIOSK_SECRET": KIOSKS[STOLEN],
            "KIOSK_CENTRAL_URL": central.url,
            "KIOSK_LOGGING_LEVEL": "WARNING",
        }
        command(central, "disable-kiosk", "--id", STOLEN).check_returncode()

        simulated = kiosk_command(env, "simulate", "--sessions", "3", "--seed", "5")
        assert simulated.returncode == 0, simulated.stderr[-2000:]
        drained = kiosk_command(env, "sync", "--drain", "--timeout", "30")
        # Final, not retried: the drain ends at once with the requests dead.
        assert drained.returncode == 1, drained.stdout + drained.stderr
        assert " 0 queued, 0 sent, " in drained.stdout
        journal = Journal(tmp_path / "kiosk" / "data" / JOURNAL_FILE, SystemClock())
        try:
            rows = journal.outbox_rows()
        finally:
            journal.close()
        assert rows, "the simulation queued nothing"
        assert {row.state for row in rows} == {OutboxState.DEAD}
        assert all("HTTP 403" in row.last_error for row in rows), rows
        assert all("is disabled; its requests are refused" in row.last_error for row in rows)
        assert central.export() == []


class TestRotate:
    def test_the_old_secret_is_refused_at_once_and_the_new_one_works(self, central, tmp_path):
        pids_answering(central, STOLEN, KIOSKS[STOLEN])
        rotated = command(
            central, "rotate-kiosk-secret", "--id", STOLEN, "--secret-file",
            str(secret_file(tmp_path, NEW_SECRET)),
        )  # fmt: skip
        assert rotated.returncode == 0, rotated.stderr
        for _ in range(ROUNDS):
            assert_problem(heartbeat(central, STOLEN, KIOSKS[STOLEN]), 401, "bad-signature")
        assert statuses(central, STOLEN, NEW_SECRET) == {200}
        [(sealed,)] = central.database.query(
            "SELECT secret_sealed FROM registry_kiosk WHERE kiosk_id = %s", STOLEN
        )
        assert NEW_SECRET not in sealed and NEW_SECRET not in central.log_text()

    def test_receipts_printed_before_keep_their_check(self, central, tmp_path):
        before, response = transaction(central, STOLEN, KIOSKS[STOLEN])
        assert response.status_code == 201
        command(
            central, "rotate-kiosk-secret", "--id", STOLEN, "--secret-file",
            str(secret_file(tmp_path, NEW_SECRET)),
        ).check_returncode()  # fmt: skip
        after, response = transaction(central, STOLEN, NEW_SECRET)
        assert response.status_code == 201

        def lookup(reference: str, secret: str) -> requests.Response:
            check = signing.receipt_check(secret, reference)
            url = f"{central.url}/v1/transactions/{reference}?sig={check}"
            return signed_request("GET", url, OTHER, KIOSKS[OTHER])

        assert lookup(before, KIOSKS[STOLEN]).status_code == 200
        assert lookup(after, NEW_SECRET).status_code == 200
        # The old secret checks nothing made after it was replaced.
        assert_problem(lookup(after, KIOSKS[STOLEN]), 404, "not-found")

    @pytest.mark.parametrize(
        ("kiosk_id", "secret", "message"),
        [
            ("ALM-NONE-09", NEW_SECRET, "no kiosk 'ALM-NONE-09' is registered"),
            (STOLEN, KIOSKS[STOLEN], f"kiosk {STOLEN} already has this secret; give it a new one"),
            (STOLEN, "short", "expected a secret of 16 to 256 printable ASCII characters"),
        ],
    )
    def test_a_bad_rotation_is_refused_and_changes_nothing(
        self, central, tmp_path, kiosk_id, secret, message
    ):
        refused = command(
            central, "rotate-kiosk-secret", "--id", kiosk_id, "--secret-file",
            str(secret_file(tmp_path, secret)),
        )  # fmt: skip
        assert refused.returncode == 2
        assert message in refused.stderr
        assert heartbeat(central, STOLEN, KIOSKS[STOLEN]).status_code == 200


class TestEnable:
    def test_only_with_a_new_secret(self, central, tmp_path):
        command(central, "disable-kiosk", "--id", STOLEN).check_returncode()
        refused = command(central, "enable-kiosk", "--id", STOLEN)
        assert refused.returncode == 2
        assert "still has the secret it had then; give it a new one first with" in refused.stderr
        assert f"rotate-kiosk-secret --id {STOLEN} --secret-file FILE" in refused.stderr
        command(
            central, "rotate-kiosk-secret", "--id", STOLEN, "--secret-file",
            str(secret_file(tmp_path, NEW_SECRET)),
        ).check_returncode()  # fmt: skip
        # Rotated but still disabled: the new secret is refused as disabled, not as wrong.
        assert_problem(heartbeat(central, STOLEN, NEW_SECRET), 403, "kiosk-disabled")
        command(central, "enable-kiosk", "--id", STOLEN).check_returncode()
        assert statuses(central, STOLEN, NEW_SECRET) == {200}

    def test_an_unknown_kiosk_is_a_usage_error(self, central):
        for name in ("enable-kiosk", "disable-kiosk"):
            refused = command(central, name, "--id", "ALM-NONE-09")
            assert refused.returncode == 2
            assert f"python -m central {name}: no kiosk 'ALM-NONE-09' is registered" in (
                refused.stderr
            )
