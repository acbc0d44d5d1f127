"""Every central test runs twice: on SQLite and on a throwaway PostgreSQL cluster.

A test (or module fixture) takes ``backend`` and passes it to ``running_central``; the
cluster starts once per session, the first time a PostgreSQL test needs it, and each
central gets a database of its own.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from tests.helpers.central import Backend, PostgresBackend, SqliteBackend
from tests.helpers.postgres import PostgresCluster


@pytest.fixture(scope="session")
def postgres_cluster() -> Iterator[PostgresCluster]:
    with PostgresCluster() as cluster:
        yield cluster


@pytest.fixture(scope="session", params=["sqlite", "postgresql"])
def backend(request: pytest.FixtureRequest) -> Backend:
    if request.param == "sqlite":
        return SqliteBackend()
    return PostgresBackend(request.getfixturevalue("postgres_cluster"))
