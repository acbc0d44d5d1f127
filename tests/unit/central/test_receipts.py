"""Receipt outcomes (issue 15): reported by the issuing kiosk, idempotent, only forward."""

from __future__ import annotations

import uuid

import pytest

from tests.helpers.central import assert_problem, assert_schema, running_central

KIOSKS = {"K1": "secret-one", "K2": "secret-two"}


@pytest.fixture(scope="module")
def central(tmp_path_factory, backend):
    with running_central(tmp_path_factory.mktemp("receipts"), KIOSKS, backend=backend) as server:
        yield server


@pytest.fixture(scope="module")
def k1(central):
    with central.signed_session("K1", "secret-one") as session:
        yield session


def new_transaction(central, session, kiosk="K1"):
    reference = f"{kiosk}-20261123-K1-A{uuid.uuid4().int % 10**6:06d}"
    response = session.post(
        f"{central.url}/v1/transactions",
        json={
            "reference": reference,
            "service": "antrian",
            "created_at": "2026-11-23T08:00:00+07:00",
            "language": "id",
            "fields": {"counter": "A", "number": "A001"},
        },
        headers={"Idempotency-Key": str(uuid.uuid4())},
        timeout=10,
    )
    assert response.status_code == 201
    return reference


def report(central, session, reference, outcome, key=None, at="2026-11-23T08:00:05+07:00"):
    return session.post(
        f"{central.url}/v1/transactions/{reference}/receipt",
        json={"outcome": outcome, "at": at},
        headers={"Idempotency-Key": key or str(uuid.uuid4())},
        timeout=10,
    )


def receipt_of(central, session, reference):
    return session.get(f"{central.url}/v1/transactions/{reference}", timeout=10).json()["receipt"]


def test_a_new_transaction_is_pending(central, k1):
    reference = new_transaction(central, k1)
    assert receipt_of(central, k1, reference) == "pending"


def test_a_report_answers_the_standing_outcome(central, k1):
    reference = new_transaction(central, k1)
    response = report(central, k1, reference, "printed")
    assert response.status_code == 200
    state = response.json()
    assert_schema(state, "ReceiptState")
    assert state["reference"] == reference
    assert state["receipt"] == "printed"
    assert "Idempotent-Replayed" not in response.headers
    assert receipt_of(central, k1, reference) == "printed"


def test_a_repeat_of_the_key_replays_and_another_body_is_422(central, k1):
    reference = new_transaction(central, k1)
    key = str(uuid.uuid4())
    first = report(central, k1, reference, "failed", key)
    again = report(central, k1, reference, "failed", key)
    assert again.status_code == 200
    assert again.headers["Idempotent-Replayed"] == "true"
    assert again.content == first.content
    assert_problem(report(central, k1, reference, "printed", key), 422, "idempotency-key-reuse")


@pytest.mark.parametrize(
    ("reports", "standing"),
    [
        (["unknown", "failed", "printed"], "printed"),
        (["failed", "printed", "unknown"], "printed"),
        (["printed", "failed"], "printed"),
        (["failed", "unknown"], "failed"),
        (["unknown", "unknown"], "unknown"),
    ],
)
def test_the_outcome_only_moves_forward(central, k1, reports, standing):
    reference = new_transaction(central, k1)
    answers = [report(central, k1, reference, outcome).json()["receipt"] for outcome in reports]
    assert answers[-1] == standing
    assert receipt_of(central, k1, reference) == standing


def test_only_the_issuing_kiosk_reports(central, k1):
    reference = new_transaction(central, k1)
    with central.signed_session("K2", "secret-two") as k2:
        problem = assert_problem(report(central, k2, reference, "printed"), 404, "not-found")
    assert problem["detail"] == f"no transaction with reference {reference}"
    assert receipt_of(central, k1, reference) == "pending"
    assert_problem(report(central, k1, "K1-20261123-K1-NONE", "printed"), 404, "not-found")


@pytest.mark.parametrize(
    "body",
    [{"outcome": "pending", "at": "2026-11-23T08:00:05Z"}, {"outcome": "printed"}, {}],
)
def test_a_malformed_report_is_400(central, k1, body):
    reference = new_transaction(central, k1)
    response = k1.post(
        f"{central.url}/v1/transactions/{reference}/receipt",
        json=body,
        headers={"Idempotency-Key": str(uuid.uuid4())},
        timeout=10,
    )
    assert_problem(response, 400, "invalid-request")


def test_a_report_needs_an_idempotency_key(central, k1):
    reference = new_transaction(central, k1)
    response = k1.post(
        f"{central.url}/v1/transactions/{reference}/receipt",
        json={"outcome": "printed", "at": "2026-11-23T08:00:05Z"},
        timeout=10,
    )
    assert_problem(response, 400, "missing-idempotency-key")


def test_the_listing_and_the_export_show_the_receipt(central, k1):
    printed = new_transaction(central, k1)
    report(central, k1, printed, "printed")
    unknown = new_transaction(central, k1)
    report(central, k1, unknown, "unknown")
    listed = {
        item["reference"]: item["receipt"]
        for item in k1.get(f"{central.url}/v1/kiosks/K1/transactions?limit=500", timeout=10).json()[
            "items"
        ]
    }
    assert listed[printed] == "printed"
    assert listed[unknown] == "unknown"
    exported = {row["reference"]: row["receipt"] for row in central.export()}
    assert exported[printed] == "printed"
    assert exported[unknown] == "unknown"
    assert set(exported.values()) <= {"pending", "unknown", "failed", "printed"}
