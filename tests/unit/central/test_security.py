"""What an attacker holding one kiosk's secret cannot do (issue 14, items 1, 2, 3 and 9).

Black-box tests over HTTP against a running central: each fails on the old reference server
(which answered ``confirm_with: nik_last4``, stored any reference, answered any kiosk's
status without the receipt check, failed with 500 on a lone surrogate and had no
``--kiosk-file``), so they hold for whichever server is current.
"""

from __future__ import annotations

import datetime as dt
import json
import re
import uuid
from pathlib import Path

import pytest

from kiosk import signing
from tests.helpers.central import (
    assert_problem,
    central_command,
    running_central,
    signed_request,
)

KIOSKS = {"ALM-DESA-01": "secret-one", "ALM-DESA-02": "secret-two"}
#: A woman born on 21 April 1988: digits 7 to 12 are 610488.
NIK = "3510156104880007"


@pytest.fixture(scope="module")
def central(tmp_path_factory, backend):
    with running_central(tmp_path_factory.mktemp("security"), KIOSKS, backend=backend) as server:
        server.cli("add-card", "--uid", "0A1B2C3D", "--nik", NIK, "--name", "DEWI LESTARI")
        yield server


@pytest.fixture(scope="module")
def mine(central):
    with central.signed_session("ALM-DESA-01", "secret-one") as session:
        yield session


@pytest.fixture(scope="module")
def attacker(central):
    with central.signed_session("ALM-DESA-02", "secret-two") as session:
        yield session


def submit(central, session, reference, key=None, **changes):
    body = {
        "reference": reference,
        "service": "sktm",
        "created_at": "2026-11-23T08:20:00+07:00",
        "language": "id",
        "fields": {"keperluan": "sekolah"},
        "identity": {"nik": NIK, "name": "DEWI LESTARI"},
        **changes,
    }
    return session.post(
        f"{central.url}/v1/transactions",
        json=body,
        headers={"Idempotency-Key": key or str(uuid.uuid4())},
        timeout=10,
    )


def next_reference(kiosk="ALM-DESA-01"):
    return f"{kiosk}-20261123-K1-SKTM{uuid.uuid4().int % 10**8:08d}"


class TestCardChallenge:
    """Item 1: the lookup never shows what the confirmation asks for."""

    def test_the_lookup_shows_nothing_the_challenge_asks_for(self, central, mine):
        response = mine.get(f"{central.url}/v1/cards/0A1B2C3D", timeout=10)
        lookup = response.json()
        assert lookup["confirm_with"] == "birth_date"
        birth = dt.date(1988, 4, 21)
        for answer in ("610488", "210488", birth.isoformat(), "21-04-1988", "21041988"):
            assert answer not in response.text
        assert "nik_last4" not in response.text
        assert re.fullmatch(r"351015\*{6}0007", lookup["identity"]["nik"])

    def test_the_old_last4_answer_opens_nothing(self, central, mine):
        response = mine.post(
            f"{central.url}/v1/cards/0A1B2C3D/confirm", json={"nik_last4": "0007"}, timeout=10
        )
        assert_problem(response, 400, "invalid-request")

    def test_the_date_of_birth_opens_it(self, central, mine):
        response = mine.post(
            f"{central.url}/v1/cards/0A1B2C3D/confirm",
            json={"birth_date": "1988-04-21"},
            timeout=10,
        )
        assert (response.json()["nik"], response.json()["name"]) == (NIK, "DEWI LESTARI")


class TestNamespaces:
    """Item 2: a kiosk stores only its own references; a conflict reveals no other kiosk."""

    def test_another_kiosks_reference_is_422_and_stores_nothing(self, central, mine, attacker):
        reference = next_reference("ALM-DESA-01")
        problem = assert_problem(submit(central, attacker, reference), 422, "foreign-reference")
        assert problem["detail"] == (
            "kiosk ALM-DESA-02 may store only references that start with ALM-DESA-02- "
            "followed by a date, a series and a number"
        )
        assert "ALM-DESA-01" not in json.dumps(problem)
        assert reference not in [row["reference"] for row in central.export()]
        assert submit(central, mine, reference).status_code == 201

    @pytest.mark.parametrize(
        "reference",
        [
            "ALM-DESA-02-2026112-K1-SKTM0001",  # a date of 7 digits
            "ALM-DESA-02-20261340-K1-SKTM0001",  # no such date
            "ALM-DESA-02-20261123-SKTM0001",  # no series
            "ALM-DESA-02-20261123-K1-ABCDEFGHIJKLM",  # a number of 13
            "ALM-DESA-020-20261123-K1-SKTM0001",  # another kiosk part
            "XALM-DESA-02-20261123-K1-SKTM0001",
            "DESA-02-20261123-K1-SKTM0001",
        ],
    )
    def test_only_the_exact_namespace_shape_is_accepted(self, central, attacker, reference):
        assert_problem(submit(central, attacker, reference), 422, "foreign-reference")

    def test_a_conflict_is_only_with_the_kiosks_own_reference(self, central, attacker):
        reference = next_reference("ALM-DESA-02")
        assert submit(central, attacker, reference).status_code == 201
        problem = assert_problem(submit(central, attacker, reference), 409, "reference-conflict")
        assert problem["detail"].startswith("this kiosk already stored reference ALM-DESA-02-")

    def test_claimed_references_no_longer_kill_the_owners_requests(self, central, mine, attacker):
        references = [next_reference("ALM-DESA-01") for _ in range(10)]
        for reference in references:
            assert submit(central, attacker, reference).status_code == 422
        assert [submit(central, mine, reference).status_code for reference in references] == [
            201
        ] * 10


class TestEnumeration:
    """Item 3: another kiosk's references need the receipt check; misses are rate-limited."""

    def test_without_the_check_a_real_reference_looks_unknown(self, central, mine, attacker):
        reference = next_reference()
        assert submit(central, mine, reference).status_code == 201
        real = attacker.get(f"{central.url}/v1/transactions/{reference}", timeout=10)
        unknown_reference = next_reference()
        unknown = attacker.get(f"{central.url}/v1/transactions/{unknown_reference}", timeout=10)
        assert_problem(real, 404, "not-found")
        assert real.json()["detail"] == f"no transaction with reference {reference}"
        assert {k: v for k, v in real.json().items() if k != "detail"} == {
            k: v for k, v in unknown.json().items() if k != "detail"
        }
        assert real.headers.keys() == unknown.headers.keys()
        check = signing.receipt_check("secret-one", reference)
        found = attacker.get(
            f"{central.url}/v1/transactions/{reference}", params={"sig": check}, timeout=10
        )
        assert found.status_code == 200
        assert NIK not in found.text

    def test_more_than_30_misses_in_10_minutes_lock_the_kiosks_lookups(self, tmp_path, backend):
        with running_central(tmp_path, KIOSKS, backend=backend) as server:
            with server.signed_session("ALM-DESA-01", "secret-one") as issuer:
                reference = next_reference()
                assert submit(server, issuer, reference).status_code == 201
            with server.signed_session("ALM-DESA-02", "secret-two") as guesser:
                statuses = [
                    guesser.get(
                        f"{server.url}/v1/transactions/ALM-DESA-01-20261123-K1-G{n:04d}",
                        timeout=10,
                    ).status_code
                    for n in range(31)
                ]
                assert statuses == [404] * 31
                check = signing.receipt_check("secret-one", reference)
                locked = guesser.get(
                    f"{server.url}/v1/transactions/{reference}", params={"sig": check}, timeout=10
                )
            problem = assert_problem(locked, 429, "too-many-attempts")
            assert 590 <= int(locked.headers["Retry-After"]) <= 600
            assert problem["detail"].startswith("more than 30 lookups of unknown references")
            with server.signed_session("ALM-DESA-01", "secret-one") as issuer:
                own = issuer.get(f"{server.url}/v1/transactions/{reference}", timeout=10)
            assert own.status_code == 200


class TestSmaller:
    """Item 9: a lone surrogate is 400, not 500; kiosk secrets can stay out of ``ps``."""

    @pytest.mark.parametrize(
        ("service", "fields", "path"),
        [
            (rb'"sk\ud800tm"', b"{}", "$.service"),
            (b'"sktm"', rb'{"a\udfff": "x"}', "$.fields"),
            (b'"sktm"', rb'{"a": "\u0000"}', "$.fields.a"),
        ],
    )
    def test_text_no_database_keeps_is_400(self, central, service, fields, path):
        body = (
            b'{"reference": "%s", "service": %s, "created_at": "2026-11-23T08:20:00+07:00", '
            b'"language": "id", "fields": %s}' % (next_reference().encode(), service, fields)
        )
        response = signed_request(
            "POST",
            f"{central.url}/v1/transactions",
            "ALM-DESA-01",
            "secret-one",
            data=body,
            headers={"Content-Type": "application/json", "Idempotency-Key": str(uuid.uuid4())},
        )
        problem = assert_problem(response, 400, "invalid-request")
        assert [error["path"] for error in problem["errors"]] == [path]
        assert "Traceback" not in central.log_text()

    def test_kiosk_secrets_from_a_file_never_show_in_ps(self, tmp_path: Path, backend):
        kiosk_file = tmp_path / "kiosks"
        kiosk_file.write_text(
            "# development kiosks\nALM-FILE-01:file-secret-one\n\nALM-FILE-02:file-secret-two\n",
            encoding="utf-8",
        )
        with running_central(
            tmp_path, {}, backend=backend, extra_args=("--kiosk-file", str(kiosk_file))
        ) as server:
            command_line = Path(f"/proc/{server.process.pid}/cmdline").read_bytes()
            assert b"file-secret" not in command_line
            for kiosk_id, secret in (
                ("ALM-FILE-01", "file-secret-one"),
                ("ALM-FILE-02", "file-secret-two"),
            ):
                with server.signed_session(kiosk_id, secret) as session:
                    assert session.get(f"{server.url}/v1/catalog", timeout=10).status_code == 200
            assert "file-secret" not in server.log_text()

    def test_a_bad_kiosk_file_line_is_named(self, tmp_path, backend):
        kiosk_file = tmp_path / "kiosks"
        kiosk_file.write_text("ALM-FILE-01:ok-secret\nnot a kiosk\n", encoding="utf-8")
        database = backend.database(tmp_path)
        central_command("migrate", *database.args(), env=database.env())
        completed = central_command(
            "serve", "--port", "0", *database.args(), "--kiosk-file", str(kiosk_file),
            env=database.env(),
        )  # fmt: skip
        assert completed.returncode == 2
        assert f"--kiosk-file {kiosk_file}:2: expected ID:SECRET" in completed.stderr
