"""HTTP-level behaviour: framing, keep-alive, media types, sizes and problem responses."""

from __future__ import annotations

import http.client
import socket
import time
import uuid
from urllib.parse import urlsplit

import pytest
import requests

from kiosk import signing
from tests.helpers.central import assert_problem, running_central, signed_request

KIOSKS = {"K1": "secret-one"}
MIB = 1024 * 1024


@pytest.fixture(scope="module")
def central(tmp_path_factory, backend):
    with running_central(tmp_path_factory.mktemp("central"), KIOSKS, backend=backend) as server:
        yield server


def raw_exchange(central, data: bytes) -> bytes:
    """Send bytes on a fresh socket and read until the server closes it."""
    address = urlsplit(central.url)
    with socket.create_connection((address.hostname, address.port), timeout=10) as sock:
        sock.sendall(data)
        chunks = []
        while chunk := sock.recv(65536):
            chunks.append(chunk)
    return b"".join(chunks)


def signed_post(central, path, body: bytes, content_type: str | None, key=True):
    headers = {} if content_type is None else {"Content-Type": content_type}
    if key:
        headers["Idempotency-Key"] = str(uuid.uuid4())
    return signed_request(
        "POST", f"{central.url}{path}", "K1", "secret-one", data=body, headers=headers
    )


def test_every_response_has_date_and_content_length(central):
    responses = [
        requests.get(f"{central.url}/v1/health", timeout=10),
        requests.get(f"{central.url}/v1/catalog", timeout=10),
        requests.get(f"{central.url}/nowhere", timeout=10),
    ]
    for response in responses:
        assert "Date" in response.headers
        assert int(response.headers["Content-Length"]) == len(response.content)


def test_one_connection_serves_many_requests(central):
    address = urlsplit(central.url)
    connection = http.client.HTTPConnection(address.hostname, address.port, timeout=10)
    try:
        connection.request("GET", "/v1/health")
        first = connection.getresponse()
        first.read()
        sock = connection.sock
        for path in ("/v1/catalog", "/nowhere", "/v1/health"):
            connection.request("GET", path)
            connection.getresponse().read()
            assert connection.sock is sock
    finally:
        connection.close()


def test_an_unknown_path_is_404(central):
    assert_problem(requests.get(f"{central.url}/v2/health", timeout=10), 404, "not-found")
    assert_problem(requests.get(f"{central.url}/v1/health/", timeout=10), 404, "not-found")


@pytest.mark.parametrize(
    ("method", "path", "allow"),
    [
        ("POST", "/v1/catalog", "GET"),
        ("GET", "/v1/transactions", "POST"),
        ("DELETE", "/v1/transactions/K1-000001", "GET"),
        ("PUT", "/v1/heartbeat", "POST"),
        ("BREW", "/v1/health", "GET"),
    ],
)
def test_a_wrong_method_is_405_with_allow(central, method, path, allow):
    response = requests.request(method, f"{central.url}{path}", timeout=10)
    assert_problem(response, 405, "method-not-allowed")
    assert response.headers["Allow"] == allow


def test_head_gets_headers_only_and_keeps_the_connection(central):
    with requests.Session() as session:
        head = session.head(f"{central.url}/v1/health", timeout=10)
        assert head.status_code == 405
        assert head.content == b""
        assert session.get(f"{central.url}/v1/health", timeout=10).status_code == 200


def test_a_body_over_1_mib_is_413_before_signing_is_checked(central):
    body = b"{" + b" " * MIB + b"}"
    response = requests.post(
        f"{central.url}/v1/heartbeat",
        data=body,
        headers={"Content-Type": "application/json"},
        timeout=30,
    )
    problem = assert_problem(response, 413, "payload-too-large")
    assert str(len(body)) in problem["detail"]


def test_a_huge_declared_body_is_refused_without_reading_it(central):
    reply = raw_exchange(
        central,
        b"POST /v1/heartbeat HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
        b"Content-Length: 1000000000\r\n\r\n",
    )
    head, _, body = reply.partition(b"\r\n\r\n")
    assert head.startswith(b"HTTP/1.1 413 ")
    assert b"Connection: close" in head
    assert b"urn:alm:problem:payload-too-large" in body


def test_a_body_of_exactly_1_mib_is_read(central):
    body = b"[" + b" " * (MIB - 2) + b"]"
    response = signed_post(central, "/v1/heartbeat", body, "application/json")
    problem = assert_problem(response, 400, "invalid-request")
    assert problem["errors"][0]["path"] == "$"


@pytest.mark.parametrize(
    "content_type",
    [None, "text/plain", "application/x-www-form-urlencoded", "application/json; charset=latin-1"],
)
def test_a_body_that_is_not_json_is_415(central, content_type):
    response = signed_post(central, "/v1/transactions", b"{}", content_type)
    assert_problem(response, 415, "unsupported-media-type")


def test_json_with_a_utf8_charset_is_accepted(central):
    body = b'{"kiosk_time":"2025-01-01T00:00:00Z","version":"1","uptime_seconds":0,'
    body += b'"outbox":{"pending":0,"dead":0},"devices":{}}'
    response = signed_post(central, "/v1/heartbeat", body, "Application/JSON; charset=UTF-8")
    assert response.status_code == 200


@pytest.mark.parametrize(
    "body",
    [
        b"",
        b"{",
        b'{"a": NaN}',
        b'{"a": 1, "a": 2}',
        b"\xff\xfe{}",
        b"[" * 100000 + b"]" * 100000,
    ],
)
def test_a_body_that_is_not_json_is_400(central, body):
    response = signed_post(central, "/v1/heartbeat", body, "application/json")
    problem = assert_problem(response, 400, "invalid-request")
    assert problem["errors"] == [{"in": "body", "path": "$", "message": "must be a JSON document"}]


def test_a_valid_json_of_the_wrong_shape_is_400_at_the_root(central):
    response = signed_post(central, "/v1/heartbeat", b"[1, 2]", "application/json")
    problem = assert_problem(response, 400, "invalid-request")
    assert problem["errors"] == [{"in": "body", "path": "$", "message": "must be of type object"}]


def test_a_query_string_on_an_operation_without_parameters_is_400(central):
    response = signed_request("GET", f"{central.url}/v1/catalog?debug=1", "K1", "secret-one")
    problem = assert_problem(response, 400, "invalid-request")
    assert problem["errors"][0]["path"] == "debug"


def test_a_chunked_body_is_refused(central):
    reply = raw_exchange(
        central,
        b"POST /v1/heartbeat HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
        b"Transfer-Encoding: chunked\r\n\r\n2\r\n{}\r\n0\r\n\r\n",
    )
    assert reply.startswith(b"HTTP/1.1 400 ")
    assert b"application/problem+json" in reply


def test_a_malformed_request_line_gets_a_problem(central):
    reply = raw_exchange(central, b"NONSENSE\r\n\r\n")
    head, _, body = reply.partition(b"\r\n\r\n")
    assert head.startswith(b"HTTP/1.1 400 ")
    assert b"Content-Type: application/problem+json" in head
    assert b"Date: " in head
    assert b"urn:alm:problem:invalid-request" in body


def test_oversized_headers_get_a_problem(central):
    reply = raw_exchange(
        central, b"GET /v1/health HTTP/1.1\r\nHost: x\r\nX-Big: " + b"a" * 70000 + b"\r\n\r\n"
    )
    assert reply.split(b" ", 2)[1] in (b"400", b"431")
    assert b"application/problem+json" in reply


def test_a_percent_encoded_path_is_signed_as_sent(central):
    path = "/v1/transactions/K1%2D000001"
    timestamp = int(time.time())
    headers = signing.sign("K1", "secret-one", "GET", path, b"", timestamp).as_dict()
    address = urlsplit(central.url)
    connection = http.client.HTTPConnection(address.hostname, address.port, timeout=10)
    try:
        connection.request("GET", path, headers=headers)
        response = connection.getresponse()
        body = response.read()
    finally:
        connection.close()
    assert response.status == 404
    assert b"no transaction with reference K1-000001" in body
