"""The kiosks' letter operations (contract 1.2): list, fetch and print within the copies the
village allows, only in the village, only with the citizen's proof."""

from __future__ import annotations

import hashlib
import subprocess
import uuid

import pytest
import requests

from tests.helpers.central import assert_problem, assert_schema
from tests.helpers.letters import NIK

CARD = "04A1B2C3D4E5F6"
PIN_CARD = "04AABBCCDD0011"


@pytest.fixture(scope="module")
def cards(world):
    world.cli("add-card", "--uid", CARD, "--nik", NIK, "--name", "SITI AMINAH")
    world.cli(
        "add-card", "--uid", PIN_CARD, "--nik", "3510150101800002", "--name", "BUDI", "--pin",
        "482915",
    )  # fmt: skip


def listed(world, kiosk_id, **query):
    with world.kiosk(kiosk_id) as session:
        return session.get(f"{world.central.url}/v1/letters", params=query, timeout=10)


def fetch(world, kiosk_id, reference, **query):
    with world.kiosk(kiosk_id) as session:
        return session.get(
            f"{world.central.url}/v1/transactions/{reference}/letter", params=query, timeout=10
        )


def collected(world, kiosk_id, reference, key=None, **extra):
    with world.kiosk(kiosk_id) as session:
        return session.post(
            f"{world.central.url}/v1/transactions/{reference}/letter/collected",
            json={"at": "2026-12-04T09:00:00+07:00", **extra},
            headers={"Idempotency-Key": key or str(uuid.uuid4())},
            timeout=10,
        )


def test_a_letter_is_listed_fetched_and_printed_once_at_any_kiosk_of_the_village(world):
    reference = world.submit("KMR-01", "sktm")
    sig = world.check(reference)
    answer = listed(world, "KMR-02", reference=reference, sig=sig)
    assert answer.status_code == 200, answer.text
    assert_schema(answer.json(), "LetterList")
    (item,) = answer.json()["letters"]
    assert (item["state"], item["letter"]) == ("in_progress", None)
    assert_problem(fetch(world, "KMR-02", reference, sig=sig), 409, "letter-not-ready")

    world.cli("review", reference, "--approve", "--user", "op.kemiren")
    ((number, _),) = world.sign(reference).values()
    status = world.kiosk("KMR-01").get(f"{world.central.url}/v1/transactions/{reference}").json()
    assert_schema(status, "TransactionStatus")
    assert status["status"] == "ready"
    assert status["message"]["id"].startswith("Surat siap dicetak di anjungan")
    assert status["letter"]["state"] == "ready"
    assert status["letter"]["issued"]["number"] == number

    (item,) = listed(world, "KMR-02", reference=reference, sig=sig).json()["letters"]
    assert item["state"] == "ready"
    assert item["title"] == {
        "id": "Surat Keterangan Tidak Mampu",
        "en": "Certificate of Low Income",
    }
    assert (item["letter"]["copies_allowed"], item["letter"]["copies_printed"]) == (1, 0)
    pdf = fetch(world, "KMR-02", reference, sig=sig)
    assert pdf.status_code == 200
    assert pdf.headers["Content-Type"] == "application/pdf"
    assert pdf.content == world.pdf(reference)
    assert hashlib.sha256(pdf.content).hexdigest() == item["letter"]["sha256"]

    key = str(uuid.uuid4())
    first = collected(world, "KMR-02", reference, key)
    assert first.status_code == 201, first.text
    assert_schema(first.json(), "LetterCopies")
    assert first.json() == {
        "reference": reference,
        "state": "collected",
        "copies_allowed": 1,
        "copies_printed": 1,
    }
    again = collected(world, "KMR-02", reference, key)
    assert again.status_code == 200 and again.headers["Idempotent-Replayed"] == "true"
    assert again.json() == first.json()
    assert_problem(collected(world, "KMR-01", reference), 409, "copies-exhausted")
    assert_problem(fetch(world, "KMR-01", reference, sig=sig), 409, "copies-exhausted")
    status = world.kiosk("KMR-01").get(f"{world.central.url}/v1/transactions/{reference}").json()
    assert (status["status"], status["letter"]["state"]) == ("done", "collected")


def test_another_village_and_a_wrong_check_get_404(world):
    reference = world.verified("KMR-01", "domisili")
    world.sign(reference)
    sig = world.check(reference)
    assert_problem(listed(world, "OLH-01", reference=reference, sig=sig), 404, "not-found")
    assert_problem(fetch(world, "OLH-01", reference, sig=sig), 404, "not-found")
    assert_problem(collected(world, "OLH-01", reference), 404, "not-found")
    assert_problem(listed(world, "KMR-02", reference=reference, sig="AAAAAAAAAA"), 404, "not-found")
    assert_problem(listed(world, "KMR-02", reference=reference), 404, "not-found")
    assert_problem(listed(world, "KMR-02"), 404, "not-found")
    assert_problem(fetch(world, "KMR-02", reference), 404, "not-found")


def test_a_confirmed_card_gives_a_token_for_that_kiosk_only(world, cards):
    reference = world.verified("KMR-01", "pengantar_ktp_kk")
    world.sign(reference)
    with world.kiosk("KMR-02") as session:
        answer = session.post(
            f"{world.central.url}/v1/cards/{CARD}/confirm",
            json={"birth_date": "1990-03-12"},
            timeout=10,
        )
    assert answer.status_code == 200, answer.text
    assert_schema(answer.json(), "ConfirmedIdentity")
    token = answer.json()["identity_token"]
    letters = listed(world, "KMR-02", identity=token).json()["letters"]
    assert reference in [item["reference"] for item in letters]
    assert all(item["identity"]["nik"] == "351015******0001" for item in letters)
    narrowed = listed(world, "KMR-02", identity=token, reference=reference).json()["letters"]
    assert [item["reference"] for item in narrowed] == [reference]
    assert fetch(world, "KMR-02", reference, identity=token).status_code == 200
    assert_problem(listed(world, "KMR-01", identity=token), 403, "identity-token-invalid")
    assert_problem(fetch(world, "KMR-01", reference, identity=token), 403, "identity-token-invalid")
    assert_problem(listed(world, "KMR-02", identity="x" * 43), 403, "identity-token-invalid")


def test_a_typed_nik_is_confirmed_by_its_cards_pin_never_by_a_birth_date(world, cards):
    url = f"{world.central.url}/v1/identity-tokens"
    with world.kiosk("KMR-01") as session:
        right = session.post(url, json={"nik": "3510150101800002", "pin": "482915"}, timeout=10)
        assert right.status_code == 201, right.text
        assert_schema(right.json(), "IdentityTokenGrant")
        assert right.json()["identity"] == {"nik": "351015******0002", "name": "B***"}
        wrong = session.post(url, json={"nik": "3510150101800002", "pin": "000000"}, timeout=10)
        assert_problem(wrong, 403, "confirmation-failed")
        no_pin = session.post(url, json={"nik": NIK, "pin": "120390"}, timeout=10)
        assert_problem(no_pin, 403, "confirmation-failed")
        assert no_pin.json()["detail"] == wrong.json()["detail"]
        birth_date = session.post(url, json={"nik": NIK, "birth_date": "1990-03-12"}, timeout=10)
        assert_problem(birth_date, 400, "invalid-request")


def test_olehsari_allows_two_prints_signed_by_its_secretary_on_the_heads_behalf(world, tmp_path):
    reference = world.verified("OLH-01", "sktm")
    world.sign(reference, user="sekdes.olehsari")
    (tmp_path / "l.pdf").write_bytes(world.pdf(reference))

    text = subprocess.run(
        ["pdftotext", str(tmp_path / "l.pdf"), "-"], capture_output=True, text=True, check=True
    ).stdout
    assert "a.n. Kepala Desa Olehsari" in text and "Sekretaris Desa" in text
    assert "ENDANG SRI" in text
    assert collected(world, "OLH-01", reference).json()["state"] == "ready"
    assert collected(world, "OLH-01", reference).json()["state"] == "collected"
    assert_problem(collected(world, "OLH-01", reference), 409, "copies-exhausted")


def test_a_revoked_letter_is_not_printed_and_the_public_page_says_so(world):
    reference = world.verified("KMR-01", "surat_miskin")
    ((_, code),) = world.sign(reference).values()
    refused = world.command("revoke", reference, "--user", "op.kemiren", "--reason", "Data salah")
    assert refused.returncode == 1
    assert "op.kemiren may not revoke its letters: needs kepala_desa of 35.10.15.2004" in (
        refused.stderr
    )
    world.cli("revoke", reference, "--user", "kades.kemiren", "--reason", "Data keluarga salah")
    sig = world.check(reference)
    (item,) = listed(world, "KMR-02", reference=reference, sig=sig).json()["letters"]
    assert item["state"] == "revoked"
    assert_problem(fetch(world, "KMR-02", reference, sig=sig), 410, "letter-revoked")
    assert_problem(collected(world, "KMR-02", reference), 410, "letter-revoked")

    page = requests.get(f"{world.central.url}/v/{code}", timeout=10).text
    assert "Surat ini sudah DICABUT" in page and "Data keluarga salah" in page
    assert "Surat ini ASLI" not in page


def test_a_technician_prints_one_more_copy_of_a_collected_letter(world):
    reference = world.verified("KMR-01", "sktm")
    world.sign(reference)
    sig = world.check(reference)
    assert collected(world, "KMR-02", reference).status_code == 201
    assert_problem(fetch(world, "KMR-02", reference, sig=sig), 409, "copies-exhausted")
    # The technician's copy: fetched with the citizen's proof all the same.
    assert_problem(fetch(world, "KMR-02", reference, extra_copy="technician"), 404, "not-found")
    pdf = fetch(world, "KMR-02", reference, sig=sig, extra_copy="technician")
    assert pdf.status_code == 200 and pdf.content == world.pdf(reference)
    unknown = fetch(world, "KMR-02", reference, sig=sig, extra_copy="citizen")
    assert_problem(unknown, 400, "invalid-request")

    key = str(uuid.uuid4())
    extra = collected(world, "KMR-02", reference, key, extra_copy="technician")
    assert extra.status_code == 201, extra.text
    assert_schema(extra.json(), "LetterCopies")
    # Beyond the village's allowance: both counts rise, and no copy is left for a citizen.
    assert extra.json() == {
        "reference": reference,
        "state": "collected",
        "copies_allowed": 2,
        "copies_printed": 2,
    }
    again = collected(world, "KMR-02", reference, key, extra_copy="technician")
    assert again.status_code == 200 and again.json() == extra.json()
    assert_problem(collected(world, "KMR-02", reference, key), 422, "idempotency-key-reuse")
    assert_problem(collected(world, "KMR-01", reference), 409, "copies-exhausted")

    # A revoked letter prints no more, not even for a technician.
    world.cli("revoke", reference, "--user", "kades.kemiren", "--reason", "Data keluarga salah")
    revoked = fetch(world, "KMR-02", reference, sig=sig, extra_copy="technician")
    assert_problem(revoked, 410, "letter-revoked")
    assert_problem(
        collected(world, "KMR-02", reference, extra_copy="technician"), 410, "letter-revoked"
    )
