"""Property-based conformance of the live central to its contract, on SQLite and PostgreSQL.

schemathesis generates valid and invalid requests for every operation of ``openapi.yaml``,
the session signs each one the way a kiosk does, and every answer is checked: no server
error, a documented status, media type, headers and body schema, and invalid data refused.
"""

from __future__ import annotations

import pytest
import requests
import schemathesis
from hypothesis import HealthCheck, settings

from central.contract import SPEC_PATH
from tests.helpers.central import KioskAuth, running_central

KIOSKS = {"K1": "secret-one"}

CONFIG = schemathesis.Config.from_dict(
    {
        # The session signs each request over its final bytes, so the signing headers are
        # not generated as parameters (test_auth.py covers their checks), and "invalid auth"
        # probes would be signed anyway.
        # U+0000 is valid JSON Schema data that the contract refuses ("Request checks" 7:
        # no database keeps it in text); test_security.py covers that refusal.
        "generation": {"with-security-parameters": False, "allow-x00": False},
        "checks": {
            "ignored_auth": {"enabled": False},
            # Generated examples repeat idempotency keys and event ids with other content,
            # which the contract answers with 422.
            "positive_data_acceptance": {
                "expected-statuses": ["2xx", "3xx", "401", "403", "404", "409", "422", "429"]
            },
        },
    }
)
schema = schemathesis.openapi.from_path(SPEC_PATH, config=CONFIG)


@pytest.fixture(scope="module")
def fuzzed_central(tmp_path_factory, backend):
    with running_central(tmp_path_factory.mktemp("fuzz"), KIOSKS, backend=backend) as server:
        server.cli(
            "add-card",
            "--uid",
            "04A1B2C3D4E5F6",
            "--nik",
            "3510014101900001",
            "--name",
            "SITI AMINAH",
        )
        yield server


@pytest.fixture(scope="module")
def signed(fuzzed_central):
    with requests.Session() as session:
        session.auth = KioskAuth("K1", "secret-one")
        yield session


@schema.parametrize()
@settings(max_examples=50, deadline=None, database=None, suppress_health_check=list(HealthCheck))
def test_the_server_keeps_the_contract(case, fuzzed_central, signed):
    case.call_and_validate(base_url=fuzzed_central.url, session=signed)
