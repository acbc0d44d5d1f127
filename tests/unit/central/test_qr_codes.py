"""Scanned QR codes at central: receipt checks (``sig``) and pre-registrations."""

from __future__ import annotations

import re
import uuid

import pytest
import requests

from central.contract import load_spec
from kiosk import signing
from kiosk.scan import ReceiptScan, parse_scan
from kiosk.sync import CentralClient, CentralSettings
from tests.helpers.central import assert_problem, assert_schema, running_central

KIOSKS = {"ALM-DEMO-01": "secret-one", "ALM-DESA-02": "secret-two"}
NIK = "3510014101900001"
TOKEN = "MFRGGZDFMZTWQ2LKNNWG23TPOBYXE43U"


@pytest.fixture(scope="module")
def central(tmp_path_factory, backend):
    with running_central(tmp_path_factory.mktemp("central"), KIOSKS, backend=backend) as server:
        server.cli(
            "add-preregistration",
            "--token",
            TOKEN,
            "--service",
            "surat-pengantar",
            "--nik",
            NIK,
            "--name",
            "Siti   Aminah",
        )
        yield server


@pytest.fixture(scope="module")
def issuer(central):
    with central.signed_session("ALM-DEMO-01", "secret-one") as session:
        yield session


@pytest.fixture(scope="module")
def other(central):
    with central.signed_session("ALM-DESA-02", "secret-two") as session:
        yield session


@pytest.fixture(scope="module")
def receipt(central, issuer):
    """A transaction issued by ALM-DEMO-01, and its receipt QR payload."""
    reference = f"ALM-DEMO-01-20261123-K1-{uuid.uuid4().hex[:4].upper()}"
    body = {
        "reference": reference,
        "service": "surat-pengantar",
        "created_at": "2026-11-23T08:20:00+07:00",
        "language": "id",
        "fields": {},
        "identity": {"nik": NIK, "name": "SITI AMINAH"},
    }
    response = issuer.post(
        f"{central.url}/v1/transactions",
        json=body,
        headers={"Idempotency-Key": str(uuid.uuid4())},
        timeout=10,
    )
    assert response.status_code == 201
    return reference, signing.receipt_qr_payload("secret-one", reference)


class TestReceiptCheck:
    def test_another_kiosk_passes_the_scanned_check_and_gets_the_status(
        self, central, other, receipt
    ):
        reference, payload = receipt
        scan = parse_scan(payload, kiosk_id="ALM-DESA-02", secret="secret-two")
        assert scan.reference == reference
        assert isinstance(scan, ReceiptScan) and not scan.verified
        response = other.get(
            f"{central.url}/v1/transactions/{scan.reference}",
            params={"sig": scan.check},
            timeout=10,
        )
        assert response.status_code == 200
        assert_schema(response.json(), "TransactionStatus")
        assert response.json()["identity"] == {"nik": "351001******0001", "name": "S*** A*****"}

    def test_a_wrong_check_is_exactly_an_unknown_reference(self, central, other, receipt):
        reference, payload = receipt
        good = payload.rsplit(":", 1)[1]
        forged = ("C" if good[0] != "C" else "D") + good[1:]
        wrong = other.get(
            f"{central.url}/v1/transactions/{reference}", params={"sig": forged}, timeout=10
        )
        unknown_reference = reference[:-4] + ("ZZZZ" if reference[-4:] != "ZZZZ" else "YYYY")
        unknown = other.get(
            f"{central.url}/v1/transactions/{unknown_reference}", params={"sig": good}, timeout=10
        )
        wrong_problem = assert_problem(wrong, 404, "not-found")
        unknown_problem = assert_problem(unknown, 404, "not-found")
        assert wrong_problem["detail"] == f"no transaction with reference {reference}"
        assert unknown_problem["detail"] == f"no transaction with reference {unknown_reference}"
        assert wrong_problem.keys() == unknown_problem.keys()
        assert {k: v for k, v in wrong_problem.items() if k != "detail"} == {
            k: v for k, v in unknown_problem.items() if k != "detail"
        }
        assert wrong.headers.keys() == unknown.headers.keys()

    def test_a_check_made_with_the_asking_kiosks_secret_is_wrong(self, central, other, receipt):
        reference, _ = receipt
        mine = signing.receipt_check("secret-two", reference)
        response = other.get(
            f"{central.url}/v1/transactions/{reference}", params={"sig": mine}, timeout=10
        )
        assert_problem(response, 404, "not-found")

    def test_without_sig_another_kiosk_gets_the_unknown_references_answer(
        self, central, other, issuer, receipt
    ):
        reference, _ = receipt
        response = other.get(f"{central.url}/v1/transactions/{reference}", timeout=10)
        problem = assert_problem(response, 404, "not-found")
        assert problem["detail"] == f"no transaction with reference {reference}"
        assert issuer.get(f"{central.url}/v1/transactions/{reference}", timeout=10).ok

    def test_a_receipt_printed_with_the_legacy_check_stays_verifiable(
        self, central, other, receipt
    ):
        reference, _ = receipt
        legacy = signing.legacy_receipt_check("secret-one", reference)
        response = other.get(
            f"{central.url}/v1/transactions/{reference}", params={"sig": legacy}, timeout=10
        )
        assert response.status_code == 200
        assert response.json()["reference"] == reference
        forged = ("A" if legacy[0] != "A" else "B") + legacy[1:]
        response = other.get(
            f"{central.url}/v1/transactions/{reference}", params={"sig": forged}, timeout=10
        )
        assert_problem(response, 404, "not-found")

    def test_the_status_says_which_workflow_it_follows(self, central, issuer, receipt):
        reference, _ = receipt
        response = issuer.get(f"{central.url}/v1/transactions/{reference}", timeout=10)
        assert response.status_code == 200
        assert_schema(response.json(), "TransactionStatus")
        assert response.json()["kind"] == "request"  # not a letter in the served catalog

    @pytest.mark.parametrize(
        "sig",
        [
            "",
            "abcdefghij",
            "ABCDEFGHI",
            "ABCDEFGHIJK",  # 11 characters, but B and I are not in the 1.2 alphabet
            "ABCDEFGH10",
            "1wk65cvvmrc",  # central takes the check as the kiosk sends it, leniency is the
            "1WK6-5CVV-MRC",  # kiosk's
            "1WK65CVVMRO",
            "1WK65CVVMRC0",
        ],
    )
    def test_a_malformed_sig_is_400(self, central, other, receipt, sig):
        reference, _ = receipt
        response = other.get(
            f"{central.url}/v1/transactions/{reference}", params={"sig": sig}, timeout=10
        )
        problem = assert_problem(response, 400, "invalid-request")
        assert [(error["in"], error["path"]) for error in problem["errors"]] == [("query", "sig")]

    def test_the_contracts_worked_example_is_right(self):
        description = load_spec()["info"]["description"]
        match = re.search(
            r"secret `([^`]+)`, reference `([^`]+)`:\s+the check is `([0-9A-Z]+)`", description
        )
        assert match is not None
        secret, reference, check = match.groups()
        assert signing.receipt_check(secret, reference) == check
        assert f"`ALM1:{reference}:{check}`" in description
        legacy = signing.legacy_receipt_check(secret, reference)
        words = " ".join(description.split())
        assert f"it is `{legacy}` (the QR `ALM1:{reference}:{legacy}`)" in words
        assert f"`{signing.RECEIPT_CHECK_ALPHABET}`" in description
        assert f"(`{signing.format_check(check)}`)" in description


class TestPreregistration:
    def test_a_known_token_releases_the_service_and_the_identity(self, central, other):
        response = other.get(f"{central.url}/v1/preregistrations/{TOKEN}", timeout=10)
        assert response.status_code == 200
        assert response.json() == {
            "token": TOKEN,
            "service": "surat-pengantar",
            "identity": {"nik": NIK, "name": "Siti Aminah"},
        }
        assert response.headers["Cache-Control"] == "no-store"
        assert NIK not in central.log_text()
        assert TOKEN not in central.log_text().replace(f"/v1/preregistrations/{TOKEN}", "")

    def test_the_token_of_a_scanned_qr_is_looked_up(self, central, issuer):
        scan = parse_scan(f"ALM-PRE1:{TOKEN}", kiosk_id="ALM-DEMO-01", secret="secret-one")
        response = issuer.get(f"{central.url}/v1/preregistrations/{scan.token}", timeout=10)
        assert response.status_code == 200

    def test_an_unknown_token_is_404(self, central, other):
        response = other.get(f"{central.url}/v1/preregistrations/{'A' * 32}", timeout=10)
        problem = assert_problem(response, 404, "not-found")
        assert problem["detail"] == "unknown pre-registration"

    @pytest.mark.parametrize("token", ["A" * 15, "A" * 65, "AAAAAAAAAAAAAAA%3D", "A" * 15 + "."])
    def test_a_malformed_token_is_not_a_path(self, central, other, token):
        response = other.get(f"{central.url}/v1/preregistrations/{token}", timeout=10)
        assert_problem(response, 404, "not-found")

    def test_it_is_signed(self, central):
        response = requests.get(f"{central.url}/v1/preregistrations/{TOKEN}", timeout=10)
        assert_problem(response, 401, "bad-signature")

    def test_adding_again_replaces_it(self, central, other):
        token = "replace-me-0123456789"
        for service in ("antrian", "surat-pengantar"):
            central.cli(
                "add-preregistration",
                "--token",
                token,
                "--service",
                service,
                "--nik",
                NIK,
                "--name",
                "BUDI",
            )
        response = other.get(f"{central.url}/v1/preregistrations/{token}", timeout=10)
        assert response.json()["service"] == "surat-pengantar"

    @pytest.mark.parametrize(
        ("option", "value", "message"),
        [
            ("--token", "short", "expected 16-64 characters of A-Z a-z 0-9 _ -"),
            ("--token", "A" * 15 + "=", "expected 16-64 characters"),
            ("--nik", "12345", "expected 16 digits"),
            ("--service", "bad/id", "expected a catalog service id"),
        ],
    )
    def test_the_cli_checks_its_arguments(self, central, option, value, message):
        arguments = {
            "--token": "B" * 20,
            "--service": "antrian",
            "--nik": NIK,
            "--name": "BUDI",
            option: value,
        }
        flat = [item for pair in arguments.items() for item in pair]
        with pytest.raises(RuntimeError, match=re.escape(message)):
            central.cli("add-preregistration", *flat)


@pytest.fixture(scope="module")
def client(central):
    client = CentralClient(CentralSettings(central.url, "ALM-DESA-02", "secret-two"))
    yield client
    client.close()


class TestThroughTheKiosksClient:
    """The requests the kiosk will make (see the report's CentralClient diff), sent with the
    kiosk's own signing client, so the query string is signed exactly as it goes out."""

    def test_transaction_status_with_the_scanned_check(self, client, receipt):
        reference, payload = receipt
        scan = parse_scan(payload, kiosk_id="ALM-DESA-02", secret="secret-two")
        answer = client.request("GET", f"/v1/transactions/{scan.reference}?sig={scan.check}")
        assert answer.status == 200
        assert answer.json()["reference"] == reference
        forged = "A" * 10 if scan.check != "A" * 10 else "B" * 10
        assert client.request("GET", f"/v1/transactions/{reference}?sig={forged}").status == 404

    def test_preregistration_lookup(self, client):
        answer = client.request("GET", f"/v1/preregistrations/{TOKEN}")
        assert answer.status == 200
        assert answer.json()["service"] == "surat-pengantar"
