"""The OpenAPI document itself: complete, self-consistent, and true to the server and signing."""

from __future__ import annotations

import hashlib
import re

import pytest
import requests

from central.api.problems import Problem
from central.contract import Contract, load_spec
from central.transactions.workflow import STATUS_TEXT, ReceiptOutcome, TransactionState
from kiosk import signing
from tests.helpers.central import assert_problem, running_central

SPEC = load_spec()
CONTRACT = Contract(SPEC)
METHODS = ("get", "put", "post", "delete", "patch", "head", "options", "trace")
OPERATIONS = [
    (method, path, operation)
    for path, item in SPEC["paths"].items()
    for method, operation in item.items()
    if method in METHODS
]
OPERATION_IDS = [f"{method.upper()} {path}" for method, path, _ in OPERATIONS]


def escape(segment: str) -> str:
    return segment.replace("~", "~0").replace("/", "~1")


def ref_segments(ref: str) -> list[str]:
    return [s.replace("~1", "/").replace("~0", "~") for s in ref.removeprefix("#/").split("/")]


def deref(node: dict) -> tuple[dict, str | None]:
    """The node a $ref points at, and the pointer it lives at (None if not a $ref)."""
    if "$ref" not in node:
        return node, None
    target = SPEC
    for segment in ref_segments(node["$ref"]):
        target = target[segment]
    return target, node["$ref"].removeprefix("#")


def examples_of(media: dict) -> list[object]:
    found = [media["example"]] if "example" in media else []
    found += [example["value"] for example in media.get("examples", {}).values()]
    return found


def test_it_is_openapi_3_1_with_the_signing_scheme():
    assert SPEC["openapi"].startswith("3.1.")
    schemes = SPEC["components"]["securitySchemes"]
    assert {s["name"] for s in schemes.values()} == {
        signing.HEADER_KIOSK,
        signing.HEADER_TIMESTAMP,
        signing.HEADER_NONCE,
        signing.HEADER_SIGNATURE,
    }
    assert all(s["type"] == "apiKey" and s["in"] == "header" for s in schemes.values())
    assert SPEC["security"] == [{name: [] for name in schemes}]


def test_the_string_to_sign_is_the_one_in_kiosk_signing():
    layout = signing.__doc__.split("::")[1].split("Headers:")[0].strip()
    assert "\n".join(line.strip() for line in layout.splitlines()) in "\n".join(
        line.strip() for line in SPEC["info"]["description"].splitlines()
    )


@pytest.mark.parametrize(
    ("method", "path", "nonce", "body", "signature"),
    [
        (
            "POST",
            "/v1/heartbeat",
            "00112233445566778899aabbccddeeff",
            b'{"kiosk_time":"2025-01-01T00:00:00Z","version":"0.1.0","uptime_seconds":3600,'
            b'"outbox":{"pending":0,"dead":0},"devices":{"printer":"ok"}}',
            "5f5980fd9146827dc02fe6b1644eb4196b7c7616daa4616963c54430b75a9571",
        ),
        (
            "GET",
            "/v1/kiosks/ALM-DEV-01/transactions?limit=2",
            "ffeeddccbbaa99887766554433221100",
            b"",
            "f0ec4f97789df2c2c3b1cd305f50435dec7dffe11b5459027130e8f48506f167",
        ),
    ],
)
def test_the_worked_signing_examples_are_right(method, path, nonce, body, signature):
    description = SPEC["info"]["description"]
    signed = signing.sign("ALM-DEV-01", "demo-secret", method, path, body, 1735689600, nonce)
    assert signed.signature == signature
    assert signature in description
    assert hashlib.sha256(body).hexdigest() in description
    if body:
        assert body.decode() in description


def test_every_problem_type_is_documented_with_its_status():
    description = SPEC["info"]["description"]
    table = dict(re.findall(r"^\| `([a-z-]+)` \| (\d{3}) \|", description, flags=re.MULTILINE))
    assert table == {problem.slug: str(problem.status) for problem in Problem}


@pytest.mark.parametrize(("method", "path", "operation"), OPERATIONS, ids=OPERATION_IDS)
def test_every_operation_is_fully_described(method, path, operation):
    assert operation["operationId"]
    assert operation["summary"]
    assert operation["tags"]
    responses = operation["responses"]
    assert "400" in responses
    signed = operation.get("security") != []
    assert ("401" in responses) == signed
    if "requestBody" in operation:
        assert {"413", "415"} <= set(responses)
        assert list(operation["requestBody"]["content"]) == ["application/json"]
    if any(deref(p)[0]["in"] == "path" for p in operation.get("parameters", [])):
        assert "404" in responses
    for status, response in responses.items():
        response, _ = deref(response)
        assert response["description"]
        content = response.get("content", {})
        if status == "304":
            assert content == {}
        elif int(status) >= 400:
            assert list(content) == ["application/problem+json"], status
            assert content["application/problem+json"]["schema"] == {
                "$ref": "#/components/schemas/Problem"
            }
        elif operation["operationId"] == "getLetter":
            assert list(content) == ["application/pdf"], status
        else:
            assert list(content) == ["application/json"], status


def all_examples():
    """(label, pointer of the schema, example) for every example in the document."""
    found = []
    for method, path, operation in OPERATIONS:
        base = f"/paths/{escape(path)}/{method}"
        body = operation.get("requestBody")
        if body:
            media = body["content"]["application/json"]
            found += [
                (
                    f"{method} {path} request",
                    f"{base}/requestBody/content/application~1json/schema",
                    e,
                )
                for e in examples_of(media)
            ]
        for status, response in operation["responses"].items():
            response, pointer = deref(response)
            pointer = pointer or f"{base}/responses/{status}"
            for media_type, media in response.get("content", {}).items():
                schema_pointer = f"{pointer}/content/{escape(media_type)}/schema"
                label = f"{method} {path} {status}"
                found += [(label, schema_pointer, e) for e in examples_of(media)]
                assert examples_of(media), f"{label} has no example"
            for name, header in response.get("headers", {}).items():
                header, header_pointer = deref(header)
                if "example" in header:
                    found.append((f"{name} header", f"{header_pointer}/schema", header["example"]))
    for name, schema in SPEC["components"]["schemas"].items():
        found += [(name, f"/components/schemas/{name}", e) for e in schema.get("examples", [])]
    for name, parameter in SPEC["components"]["parameters"].items():
        if "example" in parameter:
            pointer = f"/components/parameters/{name}/schema"
            found.append((name, pointer, parameter["example"]))
    return found


EXAMPLES = all_examples()


@pytest.mark.parametrize(("label", "pointer", "example"), EXAMPLES, ids=[e[0] for e in EXAMPLES])
def test_every_example_matches_its_schema(label, pointer, example):
    errors = list(CONTRACT.validator_at(pointer).iter_errors(example))
    assert not errors, [error.message for error in errors]


def test_there_are_examples_of_every_problem_type_but_the_internal_error():
    text = str(SPEC)
    for problem in Problem:
        if problem is not Problem.INTERNAL_ERROR and problem is not Problem.METHOD_NOT_ALLOWED:
            assert f"urn:alm:problem:{problem.slug}" in text, problem.slug


def test_the_workflow_has_the_contracts_statuses_in_its_order():
    schemas = SPEC["components"]["schemas"]
    assert [state.value for state in TransactionState] == schemas["TransactionState"]["enum"]
    assert [outcome.value for outcome in ReceiptOutcome] == schemas["ReceiptOutcome"]["enum"]


def test_every_status_has_the_contracts_words():
    table = SPEC["components"]["schemas"]["TransactionState"]["description"]
    for state in TransactionState:
        words = STATUS_TEXT[state]
        assert f"| `{state.value}` | {words.id} / {words.en} |" in table


@pytest.fixture(scope="module")
def central(tmp_path_factory, backend):
    with running_central(
        tmp_path_factory.mktemp("central"), {"K1": "secret-one"}, backend=backend
    ) as server:
        yield server


@pytest.mark.parametrize(("method", "path", "operation"), OPERATIONS, ids=OPERATION_IDS)
def test_the_server_implements_every_operation(central, method, path, operation):
    concrete = (
        path.replace("{reference}", "K1-000001")
        .replace("{kiosk_id}", "K1")
        .replace("{counter}", "A")
        .replace("{uid}", "04A1B2C3")
        .replace("{token}", "A" * 16)
    )
    response = requests.request(method, f"{central.url}{concrete}", timeout=10)
    if operation.get("security") == []:
        assert response.status_code == 200
    else:
        assert_problem(response, 401, "bad-signature")
