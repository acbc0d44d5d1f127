"""Receipt outcomes at central (contract 1.1): reported by the issuing kiosk, only forward.

Black-box over HTTP and ``python -m central export``, so the same tests hold for whichever
server implements the contract.
"""

from __future__ import annotations

import itertools
import uuid

import pytest

from tests.helpers.central import assert_problem, assert_schema, running_central

KIOSKS = {"K1": "secret-one", "K2": "secret-two"}
_numbers = itertools.count(1)


@pytest.fixture(scope="module")
def central(tmp_path_factory):
    with running_central(tmp_path_factory.mktemp("central"), KIOSKS) as server:
        yield server


@pytest.fixture(scope="module")
def k1(central):
    with central.signed_session("K1", "secret-one") as session:
        yield session


@pytest.fixture(scope="module")
def k2(central):
    with central.signed_session("K2", "secret-two") as session:
        yield session


def stored(session, central, kiosk="K1") -> str:
    """A new transaction of ``kiosk`` (in its own namespace); returns its reference."""
    reference = f"{kiosk}-20250101-K1-A{next(_numbers):04d}"
    body = {
        "reference": reference,
        "service": "antrian",
        "created_at": "2025-01-01T08:20:00+07:00",
        "language": "id",
        "fields": {"counter": "A"},
        "identity": None,
    }
    response = session.post(
        f"{central.url}/v1/transactions",
        json=body,
        headers={"Idempotency-Key": str(uuid.uuid4())},
        timeout=10,
    )
    assert response.status_code == 201, response.text
    return reference


def report(session, central, reference, outcome, key=None, at="2025-01-01T08:20:04+07:00"):
    return session.post(
        f"{central.url}/v1/transactions/{reference}/receipt",
        json={"outcome": outcome, "at": at},
        headers={"Idempotency-Key": key or str(uuid.uuid4())},
        timeout=10,
    )


def exported_receipt(central, reference) -> str:
    return next(row["receipt"] for row in central.export() if row["reference"] == reference)


def test_a_new_transaction_is_pending_everywhere(central, k1):
    reference = stored(k1, central)
    status = k1.get(f"{central.url}/v1/transactions/{reference}", timeout=10)
    assert status.json()["receipt"] == "pending"
    listing = k1.get(f"{central.url}/v1/kiosks/K1/transactions?limit=500", timeout=10).json()
    assert_schema(listing, "TransactionPage")
    assert {item["reference"]: item["receipt"] for item in listing["items"]}[reference] == "pending"
    assert exported_receipt(central, reference) == "pending"


def test_a_printed_receipt_is_reported_and_shown(central, k1):
    reference = stored(k1, central)
    response = report(k1, central, reference, "printed")
    assert response.status_code == 200, response.text
    state = response.json()
    assert_schema(state, "ReceiptState")
    assert (state["reference"], state["receipt"]) == (reference, "printed")
    status = k1.get(f"{central.url}/v1/transactions/{reference}", timeout=10).json()
    assert_schema(status, "TransactionStatus")
    assert status["receipt"] == "printed"
    assert exported_receipt(central, reference) == "printed"


def test_the_outcome_only_moves_forward(central, k1):
    reference = stored(k1, central)
    assert report(k1, central, reference, "unknown").json()["receipt"] == "unknown"
    assert report(k1, central, reference, "failed").json()["receipt"] == "failed"
    later = report(k1, central, reference, "unknown")
    assert later.status_code == 200
    assert later.json()["receipt"] == "failed", "a lesser report changes nothing"
    assert report(k1, central, reference, "printed").json()["receipt"] == "printed"
    assert report(k1, central, reference, "failed").json()["receipt"] == "printed"
    assert exported_receipt(central, reference) == "printed"


def test_a_repeated_key_replays_and_a_reused_key_is_422(central, k1):
    reference = stored(k1, central)
    key = str(uuid.uuid4())
    first = report(k1, central, reference, "failed", key)
    again = report(k1, central, reference, "failed", key)
    assert first.status_code == again.status_code == 200
    assert again.headers["Idempotent-Replayed"] == "true"
    assert again.json()["receipt"] == "failed"
    assert_problem(report(k1, central, reference, "printed", key), 422, "idempotency-key-reuse")
    assert exported_receipt(central, reference) == "failed"


def test_only_the_issuing_kiosk_reports(central, k1, k2):
    reference = stored(k1, central)
    assert_problem(report(k2, central, reference, "printed"), 404, "not-found")
    assert_problem(report(k1, central, "K1-20250101-K1-Z9999", "printed"), 404, "not-found")
    assert exported_receipt(central, reference) == "pending"


@pytest.mark.parametrize(
    ("body", "path"),
    [
        ({"outcome": "pending", "at": "2025-01-01T08:20:04+07:00"}, "$.outcome"),
        ({"outcome": "printed"}, "$.at"),
        ({"outcome": "printed", "at": "yesterday"}, "$.at"),
        ({"outcome": "printed", "at": "2025-01-01T08:20:04Z", "copies": 2}, "$.copies"),
    ],
)
def test_a_bad_report_is_400_naming_the_member(central, k1, body, path):
    reference = stored(k1, central)
    response = k1.post(
        f"{central.url}/v1/transactions/{reference}/receipt",
        json=body,
        headers={"Idempotency-Key": str(uuid.uuid4())},
        timeout=10,
    )
    problem = assert_problem(response, 400, "invalid-request")
    assert path in [error["path"] for error in problem["errors"]]


def test_a_report_needs_an_idempotency_key(central, k1):
    reference = stored(k1, central)
    response = k1.post(
        f"{central.url}/v1/transactions/{reference}/receipt",
        json={"outcome": "printed", "at": "2025-01-01T08:20:04+07:00"},
        timeout=10,
    )
    assert_problem(response, 400, "missing-idempotency-key")
