"""Transactions: idempotent create, namespaces and conflicts, masked status, listing, export."""

from __future__ import annotations

import itertools
import uuid

import pytest

from kiosk import signing
from tests.helpers.central import assert_problem, assert_schema, running_central

KIOSKS = {"K1": "secret-one", "K2": "secret-two"}
NIK = "3510014101900001"
_numbers = itertools.count(1)


@pytest.fixture(scope="module")
def central(tmp_path_factory, backend):
    with running_central(tmp_path_factory.mktemp("central"), KIOSKS, backend=backend) as server:
        yield server


@pytest.fixture(scope="module")
def k1(central):
    with central.signed_session("K1", "secret-one") as session:
        yield session


def new_reference(kiosk="K1"):
    """A reference in the kiosk's namespace: kiosk part, date, series, number."""
    return f"{kiosk}-20250101-T{next(_numbers)}-{uuid.uuid4().hex[:8].upper()}"


def transaction(reference=None, identity=None, **changes):
    body = {
        "reference": reference or new_reference(),
        "service": "surat-pengantar",
        "created_at": "2025-01-01T08:20:00+07:00",
        "language": "id",
        "fields": {"purpose": "Melamar kerja"},
        "identity": identity,
    }
    return {**body, **changes}


def post(session, central, body, key=None):
    return session.post(
        f"{central.url}/v1/transactions",
        json=body,
        headers={"Idempotency-Key": key or str(uuid.uuid4())},
        timeout=10,
    )


def test_create_answers_201_with_an_ack(central, k1):
    body = transaction()
    response = post(k1, central, body)
    assert response.status_code == 201
    ack = response.json()
    assert_schema(ack, "TransactionAck")
    assert ack["reference"] == body["reference"]
    assert ack["status"] == "received"
    assert response.headers["Location"] == f"/v1/transactions/{body['reference']}"
    assert "Idempotent-Replayed" not in response.headers


def test_a_repeat_with_the_same_key_and_body_replays_the_first_answer(central, k1):
    body = transaction()
    key = str(uuid.uuid4())
    first = post(k1, central, body, key)
    again = post(k1, central, body, key)
    assert first.status_code == 201
    assert again.status_code == 200
    assert again.content == first.content
    assert again.headers["Idempotent-Replayed"] == "true"
    stored = [row for row in central.export() if row["idempotency_key"] == key]
    assert len(stored) == 1


def test_key_order_and_whitespace_do_not_make_a_different_body(central, k1):
    body = transaction()
    key = str(uuid.uuid4())
    assert post(k1, central, body, key).status_code == 201
    reordered = dict(reversed(list(body.items())))
    assert post(k1, central, reordered, key).status_code == 200


def test_keys_are_compared_without_case(central, k1):
    body = transaction()
    key = str(uuid.uuid4())
    assert post(k1, central, body, key).status_code == 201
    assert post(k1, central, body, key.upper()).status_code == 200


def test_the_same_key_with_another_body_is_422(central, k1):
    body = transaction()
    key = str(uuid.uuid4())
    assert post(k1, central, body, key).status_code == 201
    changed = {**body, "fields": {"purpose": "Something else"}}
    problem = assert_problem(post(k1, central, changed, key), 422, "idempotency-key-reuse")
    assert key in problem["detail"]


def test_the_same_reference_under_another_key_is_409(central, k1):
    body = transaction()
    assert post(k1, central, body).status_code == 201
    problem = assert_problem(post(k1, central, body), 409, "reference-conflict")
    assert problem["detail"] == (
        f"this kiosk already stored reference {body['reference']} under another idempotency key"
    )


def test_keys_belong_to_their_kiosk(central, k1):
    key = str(uuid.uuid4())
    assert post(k1, central, transaction(), key).status_code == 201
    with central.signed_session("K2", "secret-two") as k2:
        assert post(k2, central, transaction(new_reference("K2")), key).status_code == 201


@pytest.mark.parametrize("key", [None, "", "not-a-uuid", "0b6f3c2e6f1d4c539d2a3f1f7f1a2b9c"])
def test_a_missing_or_malformed_idempotency_key_is_400(central, k1, key):
    headers = {} if key is None else {"Idempotency-Key": key}
    response = k1.post(
        f"{central.url}/v1/transactions", json=transaction(), headers=headers, timeout=10
    )
    assert_problem(response, 400, "missing-idempotency-key")


def test_a_rejected_request_stores_nothing_so_its_key_can_be_used_again(central, k1):
    key = str(uuid.uuid4())
    bad = transaction(language="fr")
    assert_problem(post(k1, central, bad, key), 400, "invalid-request")
    assert post(k1, central, transaction(), key).status_code == 201


def test_an_invalid_body_names_every_json_path(central, k1):
    body = transaction(identity={"nik": "12345", "name": ""}, language="fr", extra=1)
    del body["service"]
    problem = assert_problem(post(k1, central, body), 400, "invalid-request")
    paths = {error["path"] for error in problem["errors"]}
    assert paths == {"$.identity.nik", "$.identity.name", "$.language", "$.extra", "$.service"}
    assert all(error["in"] == "body" for error in problem["errors"])
    assert "12345" not in str(problem)


def test_status_is_masked_and_never_shows_the_full_nik(central, k1):
    body = transaction(identity={"nik": NIK, "name": "SITI AMINAH"})
    assert post(k1, central, body).status_code == 201
    response = k1.get(f"{central.url}/v1/transactions/{body['reference']}", timeout=10)
    assert response.status_code == 200
    status = response.json()
    assert_schema(status, "TransactionStatus")
    assert status["identity"] == {"nik": "351001******0001", "name": "S*** A*****"}
    assert status["status"] == "received"
    assert status["status_text"] == {"id": "Diterima", "en": "Received"}
    assert status["created_at"] == body["created_at"]
    assert status["receipt"] == "pending"
    assert status["message"] is None
    assert NIK not in response.text
    assert NIK not in central.log_text()


def test_status_of_an_anonymous_transaction_has_no_identity(central, k1):
    body = transaction()
    post(k1, central, body)
    status = k1.get(f"{central.url}/v1/transactions/{body['reference']}", timeout=10).json()
    assert status["identity"] is None


def test_status_of_an_unknown_reference_is_404(central, k1):
    response = k1.get(f"{central.url}/v1/transactions/{new_reference()}", timeout=10)
    assert_problem(response, 404, "not-found")


def test_a_malformed_reference_is_not_a_path(central, k1):
    response = k1.get(f"{central.url}/v1/transactions/lower-case", timeout=10)
    assert_problem(response, 404, "not-found")


def test_set_status_moves_a_request_along_with_a_message(central, k1):
    body = transaction(service="pengaduan")
    received_at = post(k1, central, body).json()["received_at"]
    central.cli(
        "set-status",
        body["reference"],
        "needs_correction",
        "--message-id",
        "Bawa fotokopi KK",
        "--message-en",
        "Bring a copy of the KK",
    )
    status = k1.get(f"{central.url}/v1/transactions/{body['reference']}", timeout=10).json()
    assert_schema(status, "TransactionStatus")
    assert status["status"] == "needs_correction"
    assert status["status_text"] == {"id": "Perlu perbaikan", "en": "Needs correction"}
    assert status["message"] == {"id": "Bawa fotokopi KK", "en": "Bring a copy of the KK"}
    assert status["updated_at"] > received_at


def test_set_status_of_an_unknown_reference_fails(central):
    with pytest.raises(RuntimeError, match="no transaction K1-20250101-X-NONE"):
        central.cli("set-status", "K1-20250101-X-NONE", "done")


def test_the_full_nik_never_appears_in_any_response(central, k1):
    body = transaction(identity={"nik": NIK, "name": "SITI AMINAH"})
    key = str(uuid.uuid4())
    responses = [
        post(k1, central, body, key),
        post(k1, central, body, key),
        post(k1, central, {**body, "language": "en"}, key),
        post(k1, central, body),
        post(k1, central, {**body, "identity": {"nik": NIK[:-1], "name": "X"}}),
        k1.get(f"{central.url}/v1/transactions/{body['reference']}", timeout=10),
        k2_get(central, body["reference"], signing.receipt_check("secret-one", body["reference"])),
        k1.get(f"{central.url}/v1/kiosks/K1/transactions?limit=500", timeout=10),
    ]
    assert [r.status_code for r in responses] == [201, 200, 422, 409, 400, 200, 200, 200]
    for response in responses:
        assert NIK not in response.text
        assert NIK[:-1] not in response.text


def k2_get(central, reference, sig=None):
    with central.signed_session("K2", "secret-two") as k2:
        params = {} if sig is None else {"sig": sig}
        return k2.get(f"{central.url}/v1/transactions/{reference}", params=params, timeout=10)


@pytest.fixture(scope="module")
def listing(tmp_path_factory, backend):
    """A server of its own, so the listing holds exactly what these tests put in."""
    with (
        running_central(tmp_path_factory.mktemp("listing"), KIOSKS, backend=backend) as server,
        server.signed_session("K1", "secret-one") as k1,
        server.signed_session("K2", "secret-two") as k2,
    ):
        keys = []
        for index in range(7):
            key = str(uuid.uuid4())
            keys.append(key)
            reference = f"K1-20250101-L-{index:04d}"
            assert post(k1, server, transaction(reference), key).status_code == 201
            assert post(k2, server, transaction(f"K2-20250101-L-{index:04d}")).status_code == 201
        yield server, k1, k2, keys


class TestListing:
    def test_a_kiosk_lists_its_own_transactions_in_receipt_order(self, listing):
        server, k1, _, keys = listing
        response = k1.get(f"{server.url}/v1/kiosks/K1/transactions", timeout=10)
        assert response.status_code == 200
        page = response.json()
        assert_schema(page, "TransactionPage")
        assert [item["idempotency_key"] for item in page["items"]] == keys
        assert [item["reference"] for item in page["items"]] == [
            f"K1-20250101-L-{i:04d}" for i in range(7)
        ]
        assert {item["receipt"] for item in page["items"]} == {"pending"}
        assert page["next"] is None

    def test_pages_follow_the_cursor_to_the_end(self, listing):
        server, k1, _, keys = listing
        seen, cursor, pages = [], None, 0
        while True:
            query = "limit=3" + (f"&after={cursor}" if cursor else "")
            page = k1.get(f"{server.url}/v1/kiosks/K1/transactions?{query}", timeout=10).json()
            assert_schema(page, "TransactionPage")
            assert len(page["items"]) <= 3
            seen += [item["idempotency_key"] for item in page["items"]]
            pages += 1
            cursor = page["next"]
            if cursor is None:
                break
        assert seen == keys
        assert pages == 3

    def test_an_exact_last_page_has_no_next(self, listing):
        server, k1, _, _ = listing
        page = k1.get(f"{server.url}/v1/kiosks/K1/transactions?limit=7", timeout=10).json()
        assert len(page["items"]) == 7
        assert page["next"] is None

    def test_another_kiosks_listing_is_forbidden(self, listing):
        server, k1, _, _ = listing
        response = k1.get(f"{server.url}/v1/kiosks/K2/transactions", timeout=10)
        assert_problem(response, 403, "forbidden")

    @pytest.mark.parametrize(
        ("query", "path"),
        [
            ("limit=0", "limit"),
            ("limit=501", "limit"),
            ("limit=ten", "limit"),
            ("after=%21%21", "after"),
            ("after=bm90LWEtY3Vyc29y", "after"),
            ("colour=red", "colour"),
            ("limit=1&limit=2", "limit"),
        ],
    )
    def test_bad_query_parameters_are_400_naming_the_parameter(self, listing, query, path):
        server, k1, _, _ = listing
        response = k1.get(f"{server.url}/v1/kiosks/K1/transactions?{query}", timeout=10)
        problem = assert_problem(response, 400, "invalid-request")
        assert {"in": "query", "path": path} == {
            key: problem["errors"][0][key] for key in ("in", "path")
        }

    def test_export_prints_every_transaction_in_receipt_order(self, listing):
        server, _, _, keys = listing
        exported = server.export()
        assert len(exported) == 14
        assert set(exported[0]) == {
            "kiosk_id",
            "idempotency_key",
            "reference",
            "service",
            "created_at",
            "status",
            "receipt",
        }
        assert {(row["status"], row["receipt"]) for row in exported} == {("received", "pending")}
        k1_rows = [row for row in exported if row["kiosk_id"] == "K1"]
        assert [row["idempotency_key"] for row in k1_rows] == keys
        assert [row["reference"] for row in exported[:4]] == [
            "K1-20250101-L-0000",
            "K2-20250101-L-0000",
            "K1-20250101-L-0001",
            "K2-20250101-L-0001",
        ]
        assert exported[0]["created_at"] == "2025-01-01T08:20:00+07:00"
        assert exported[0]["service"] == "surat-pengantar"
