"""Request signing as the server enforces it: every check, in the contract's order."""

from __future__ import annotations

import secrets
import time

import pytest
import requests

from kiosk import signing
from tests.helpers.central import assert_problem, running_central, signed_request

KIOSKS = {"K1": "secret-one", "K2": "secret-two"}


@pytest.fixture(scope="module")
def central(tmp_path_factory, backend):
    with running_central(tmp_path_factory.mktemp("central"), KIOSKS, backend=backend) as server:
        yield server


def get_catalog(central, kiosk_id="K1", secret="secret-one", **kwargs):
    return signed_request("GET", f"{central.url}/v1/catalog", kiosk_id, secret, **kwargs)


def test_a_signed_request_is_accepted(central):
    response = get_catalog(central)
    assert response.status_code == 200
    assert "Date" in response.headers


def test_health_needs_no_signature(central):
    response = requests.get(f"{central.url}/v1/health", timeout=10)
    assert response.status_code == 200
    assert response.json() == {"status": "ok"}


def test_missing_headers_are_a_bad_signature(central):
    response = requests.get(f"{central.url}/v1/catalog", timeout=10)
    problem = assert_problem(response, 401, "bad-signature")
    assert "X-Kiosk-Id" in problem["detail"]
    assert response.headers["WWW-Authenticate"] == "ALM-HMAC-SHA256"


def test_a_tampered_signature_is_rejected(central):
    response = get_catalog(central, headers={"X-Signature": "0" * 64})
    assert_problem(response, 401, "bad-signature")


def test_a_malformed_signature_header_is_rejected(central):
    response = get_catalog(central, headers={"X-Signature": "not hex"})
    assert_problem(response, 401, "bad-signature")


def test_a_wrong_secret_is_rejected(central):
    response = get_catalog(central, secret="secret-two")
    assert_problem(response, 401, "bad-signature")


def test_a_signature_over_another_path_is_rejected(central):
    # Signed for /v1/catalog, sent to /v1/catalog?x=1: the query string is part of the path.
    timestamp = int(time.time())
    signed = signing.sign("K1", "secret-one", "GET", "/v1/catalog", b"", timestamp)
    response = signed_request(
        "GET",
        f"{central.url}/v1/catalog?x=1",
        "K1",
        "secret-one",
        headers=signed.as_dict(),
    )
    assert_problem(response, 401, "bad-signature")


def test_a_body_changed_after_signing_is_rejected(central):
    body = b'{"events": []}'
    signed = signing.sign("K1", "secret-one", "POST", "/v1/audit-events", body, int(time.time()))
    response = signed_request(
        "POST",
        f"{central.url}/v1/audit-events",
        "K1",
        "secret-one",
        data=b'{"events": [{}]}',
        headers={**signed.as_dict(), "Content-Type": "application/json"},
    )
    assert_problem(response, 401, "bad-signature")


def test_an_unknown_kiosk_is_rejected(central):
    response = get_catalog(central, kiosk_id="K9", secret="whatever")
    problem = assert_problem(response, 401, "unknown-kiosk")
    assert "K9" in problem["detail"]


@pytest.mark.parametrize("offset", [-301, 301])
def test_a_timestamp_more_than_five_minutes_off_is_stale(central, offset):
    response = get_catalog(central, timestamp=round(time.time()) + offset)
    assert_problem(response, 401, "stale-timestamp")


@pytest.mark.parametrize("offset", [-299, 299])
def test_a_timestamp_within_five_minutes_is_accepted(central, offset):
    response = get_catalog(central, timestamp=round(time.time()) + offset)
    assert response.status_code == 200


def test_a_replayed_nonce_is_rejected(central):
    nonce = secrets.token_hex(16)
    assert get_catalog(central, nonce=nonce).status_code == 200
    assert_problem(get_catalog(central, nonce=nonce), 401, "replayed-nonce")


def test_a_replay_of_the_exact_request_is_rejected(central):
    nonce = secrets.token_hex(16)
    timestamp = int(time.time())
    first = get_catalog(central, nonce=nonce, timestamp=timestamp)
    again = get_catalog(central, nonce=nonce, timestamp=timestamp)
    assert first.status_code == 200
    assert_problem(again, 401, "replayed-nonce")


def test_nonces_belong_to_their_kiosk(central):
    nonce = secrets.token_hex(16)
    assert get_catalog(central, nonce=nonce).status_code == 200
    assert get_catalog(central, "K2", "secret-two", nonce=nonce).status_code == 200


def test_a_rejected_request_does_not_burn_its_nonce(central):
    nonce = secrets.token_hex(16)
    bad_signature = get_catalog(central, nonce=nonce, headers={"X-Signature": "f" * 64})
    stale = get_catalog(central, nonce=nonce, timestamp=int(time.time()) - 3600)
    wrong_secret = get_catalog(central, secret="nope", nonce=nonce)
    assert_problem(bad_signature, 401, "bad-signature")
    assert_problem(stale, 401, "stale-timestamp")
    assert_problem(wrong_secret, 401, "bad-signature")
    assert get_catalog(central, nonce=nonce).status_code == 200


def test_a_request_refused_after_signing_still_uses_its_nonce(central):
    nonce = secrets.token_hex(16)
    url = f"{central.url}/v1/transactions/K1-20250101-NO-SUCHREF"
    assert signed_request("GET", url, "K1", "secret-one", nonce=nonce).status_code == 404
    response = signed_request("GET", url, "K1", "secret-one", nonce=nonce)
    assert_problem(response, 401, "replayed-nonce")


def test_a_stale_timestamp_is_reported_before_a_bad_signature(central):
    response = get_catalog(
        central, timestamp=int(time.time()) - 1000, headers={"X-Signature": "0" * 64}
    )
    assert_problem(response, 401, "stale-timestamp")


def test_signing_failures_are_logged_without_secrets(central):
    get_catalog(central, secret="do-not-log-me")
    assert "secret-one" not in central.log_text()
    assert "do-not-log-me" not in central.log_text()
