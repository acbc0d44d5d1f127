"""The back office's letters: the head signs verified requests, staff read and download the
letter, the head revokes it; each village only its own, every step audited.

Against the real central with the sample villages' letters configuration and development
keys (:mod:`tests.helpers.letters`), through the login form and CSRF like a browser.
"""

from __future__ import annotations

import json
import re

import pytest
import requests

from tests.helpers.central import run_cli
from tests.helpers.letters import PASSPHRASE, letters_central
from tests.helpers.office import StaffSession, listed_references

PASSWORD = "a long password for tests 2026"


@pytest.fixture(scope="module")
def world(tmp_path_factory, backend):
    with letters_central(tmp_path_factory.mktemp("office-letters"), backend) as started:
        yield started


def staff(world, username: str) -> StaffSession:
    session = StaffSession(world.central.url, username, PASSWORD)
    assert session.login_response.status_code == 302, session.login_response.text
    return session


def audit_of(world, reference: str) -> list[str]:
    entries = json.loads(world.cli("audit", "--target", reference, "--json"))
    return [entry["action"] for entry in entries]


def test_the_head_signs_a_batch_after_a_wrong_passphrase(world):
    first, second = world.verified("KMR-01", "sktm"), world.verified("KMR-02", "domisili")
    waiting_elsewhere = world.submit("KMR-01", "sktm")  # not verified: not to sign yet
    head = staff(world, "kades.kemiren")
    page = head.get("/office/letters/")
    assert page.status_code == 200
    assert {first, second} <= listed_references(page.text)
    assert waiting_elsewhere not in listed_references(page.text)
    assert 'href="/office/letters/"' in page.text  # the menu's entry

    wrong = head.post(
        "/office/letters/sign", {"references": [first, second], "passphrase": "not it"}
    )
    assert wrong.status_code == 400
    assert "Frasa sandi kunci tanda tangan salah" in wrong.text
    assert "not it" not in wrong.text
    assert "Belum ditandatangani" in head.get(f"/office/requests/{first}/").text

    signed = head.post(
        "/office/letters/sign", {"references": [first, second], "passphrase": PASSPHRASE}
    )
    assert (signed.status_code, signed.headers["Location"]) == (302, "/office/letters/")
    after = head.get("/office/letters/")
    assert re.search(r"2 surat ditandatangani: \S+/041/429\.501\.01/\d{4}", after.text)
    assert not {first, second} & listed_references(after.text)

    request_page = head.get(f"/office/requests/{first}/")
    assert 'id="letter-number"' in request_page.text
    assert "Siap dicetak di anjungan" in request_page.text
    assert "SUKARDI" in request_page.text
    link = re.search(r'id="letter-link"[^>]*>([^<]+)</a>', request_page.text).group(1)
    assert link.startswith(f"{world.central.url}/v/")
    public = requests.get(link, timeout=10)
    assert "Surat ini ASLI" in public.text
    assert 'id="letter-revoke"' in request_page.text

    pdf = head.get(f"/office/requests/{first}/letter/")
    assert (pdf.status_code, pdf.headers["Content-Type"]) == (200, "application/pdf")
    assert pdf.content == world.pdf(first)
    assert {"sign_letter", "download_letter"} <= set(audit_of(world, first))
    # The passphrase is never written anywhere central keeps: log, audit, database.
    assert PASSPHRASE not in world.central.log_path.read_text(encoding="utf-8")
    assert PASSPHRASE not in world.cli("audit", "--json")


def test_one_request_is_signed_from_its_page_and_a_wrong_passphrase_says_so_there(world):
    reference = world.verified("KMR-01", "pengantar_ktp_kk")
    head = staff(world, "kades.kemiren")
    page = head.get(f"/office/requests/{reference}/")
    assert 'id="sign-one"' in page.text
    wrong = head.post(
        "/office/letters/sign",
        {"references": reference, "back": reference, "passphrase": "salah"},
    )
    assert wrong.status_code == 400
    assert 'id="sign-one"' in wrong.text and "Frasa sandi kunci tanda tangan salah" in wrong.text
    done = head.post(
        "/office/letters/sign",
        {"references": reference, "back": reference, "passphrase": PASSPHRASE},
    )
    assert (done.status_code, done.headers["Location"]) == (302, f"/office/requests/{reference}/")
    assert 'id="letter-number"' in head.get(f"/office/requests/{reference}/").text


def test_the_operator_reads_the_letter_but_neither_signs_nor_revokes(world):
    reference = world.verified("KMR-01", "sktm")
    operator = staff(world, "op.kemiren")
    assert operator.get("/office/letters/").status_code == 403
    assert 'href="/office/letters/"' not in operator.get("/office/").text
    assert 'id="sign-one"' not in operator.get(f"/office/requests/{reference}/").text
    refused = operator.post(
        "/office/letters/sign", {"references": reference, "passphrase": PASSPHRASE}
    )
    assert refused.status_code == 403
    world.sign(reference)
    page = operator.get(f"/office/requests/{reference}/")
    assert 'id="letter-number"' in page.text and 'id="letter-revoke"' not in page.text
    assert operator.get(f"/office/requests/{reference}/letter/").status_code == 200
    assert operator.get(f"/office/requests/{reference}/revoke/").status_code == 403
    assert (
        operator.post(f"/office/requests/{reference}/revoke/", {"reason": "Salah"}).status_code
        == 403
    )


def test_another_villages_letter_is_not_there(world):
    reference = world.verified("KMR-01", "sktm")
    other = staff(world, "kades.olehsari")
    assert reference not in listed_references(other.get("/office/letters/").text)
    answer = other.post("/office/letters/sign", {"references": reference, "passphrase": PASSPHRASE})
    assert answer.status_code == 400
    assert "tidak lagi menunggu tanda tangan Anda" in answer.text
    world.sign(reference)
    for path in ("", "letter/", "revoke/"):
        assert other.get(f"/office/requests/{reference}/{path}").status_code == 404
    assert (
        other.post(f"/office/requests/{reference}/revoke/", {"reason": "x" * 10}).status_code == 404
    )


def test_olehsari_secretary_signs_an_but_only_the_head_revokes(world):
    reference = world.verified("OLH-01", "sktm")
    secretary = staff(world, "sekdes.olehsari")
    assert reference in listed_references(secretary.get("/office/letters/").text)
    signed = secretary.post(
        "/office/letters/sign", {"references": reference, "passphrase": PASSPHRASE}
    )
    assert signed.status_code == 302
    page = secretary.get(f"/office/requests/{reference}/")
    assert "a.n. Kepala Desa Olehsari" in page.text
    assert 'id="letter-revoke"' not in page.text
    assert secretary.get(f"/office/requests/{reference}/revoke/").status_code == 403
    # Nor at the shell: revoking is the head's decision, whoever signed.
    shell = world.command("revoke", reference, "--user", "sekdes.olehsari", "--reason", "Salah")
    assert shell.returncode == 1
    assert "may not revoke its letters: needs kepala_desa" in shell.stderr

    head = staff(world, "kades.olehsari")
    form = head.get(f"/office/requests/{reference}/revoke/")
    assert form.status_code == 200 and 'name="reason"' in form.text
    empty = head.post(f"/office/requests/{reference}/revoke/", {"reason": " "})
    assert empty.status_code == 400
    revoked = head.post(
        f"/office/requests/{reference}/revoke/", {"reason": "Data keluarga tidak sesuai"}
    )
    assert (revoked.status_code, revoked.headers["Location"]) == (
        302,
        f"/office/requests/{reference}/",
    )
    page = head.get(f"/office/requests/{reference}/")
    assert "Dicabut" in page.text and "Data keluarga tidak sesuai" in page.text
    assert 'id="letter-revoke"' not in page.text
    code = re.search(r'id="letter-code">([^<]+)<', page.text).group(1)
    public = requests.get(f"{world.central.url}/v/{code}", timeout=10)
    assert "dicabut" in public.text and "Data keluarga tidak sesuai" in public.text
    assert "revoke_letter" in audit_of(world, reference)


def test_a_signer_without_a_key_is_told_which_command_imports_it(world):
    run_cli(
        "add-user", *world.central.database.args(), "--username", "plt.kemiren", "--role",
        "kepala_desa", "--village", "3510152004", env=world.env, stdin=PASSWORD + "\n",
    )  # fmt: skip
    reference = world.verified("KMR-02", "sktm")
    newcomer = staff(world, "plt.kemiren")
    page = newcomer.get("/office/letters/")
    assert page.status_code == 200
    assert "python -m central signer-key --user plt.kemiren" in page.text
    answer = newcomer.post(
        "/office/letters/sign", {"references": reference, "passphrase": PASSPHRASE}
    )
    assert answer.status_code == 400
    assert "belum memiliki kunci tanda tangan" in answer.text
    assert 'id="letter-number"' not in newcomer.get(f"/office/requests/{reference}/").text
