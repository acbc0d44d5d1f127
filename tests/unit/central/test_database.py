"""The database under central: migrations that match the models, and a database that goes away.

The outage test needs a database server that can refuse connections, so it runs on
PostgreSQL only; a SQLite file cannot go away under a running server (a SQLite database
locked past its busy timeout takes the same 503 path).
"""

from __future__ import annotations

import os
import subprocess
import sys
import uuid
from urllib.parse import urlsplit

import psycopg

from tests.helpers.central import ROOT, PostgresBackend, assert_problem, running_central


def test_the_migrations_match_the_models(tmp_path):
    completed = subprocess.run(
        [sys.executable, "-m", "django", "makemigrations", "--check", "--dry-run"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
        env={
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "central.settings",
            "CENTRAL_DB": str(tmp_path / "check.sqlite"),
        },
    )
    assert completed.returncode == 0, completed.stdout + completed.stderr


def test_a_database_that_goes_away_is_503_and_central_recovers(tmp_path, postgres_cluster):
    with running_central(
        tmp_path, {"K1": "secret-one"}, backend=PostgresBackend(postgres_cluster)
    ) as server:
        name = urlsplit(server.database.url).path.lstrip("/")
        body = {
            "reference": "K1-20261123-K1-OUT0001",
            "service": "antrian",
            "created_at": "2026-11-23T08:00:00+07:00",
            "language": "id",
            "fields": {},
        }
        key = str(uuid.uuid4())
        with server.signed_session("K1", "secret-one") as session:
            assert session.get(f"{server.url}/v1/catalog", timeout=10).status_code == 200
            with psycopg.connect(postgres_cluster.url("postgres"), autocommit=True) as admin:
                admin.execute(f"ALTER DATABASE {name} ALLOW_CONNECTIONS false")
                admin.execute(
                    "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = %s",
                    (name,),
                )
                for _ in range(3):
                    response = session.post(
                        f"{server.url}/v1/transactions",
                        json=body,
                        headers={"Idempotency-Key": key},
                        timeout=20,
                    )
                    problem = assert_problem(response, 503, "service-unavailable")
                    assert response.headers["Retry-After"] == "5"
                    assert problem["detail"] == "the database is not reachable; retry in 5 s"
                admin.execute(f"ALTER DATABASE {name} ALLOW_CONNECTIONS true")
            again = session.post(
                f"{server.url}/v1/transactions",
                json=body,
                headers={"Idempotency-Key": key},
                timeout=20,
            )
        assert again.status_code == 201, again.text
        assert [row["idempotency_key"] for row in server.export()] == [key]
        log = server.log_text()
        assert "the database is not reachable" in log
        assert "Traceback" not in log
