"""The back office's letters: the head signs verified requests, staff read and download the
letter, the head revokes it; each village only its own, every step audited.

Against the real central with the sample villages' letters configuration and development
keys (:mod:`tests.helpers.letters`), through the login form and CSRF like a browser.
"""

from __future__ import annotations

import json
import re
import uuid

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


def copies_seen_by_kiosk(world, kiosk_id: str, reference: str) -> tuple[str, int, int]:
    """The letter's state and counts as ``GET /v1/letters`` gives them to a kiosk."""
    with world.kiosk(kiosk_id) as session:
        answer = session.get(
            f"{world.central.url}/v1/letters",
            params={"reference": reference, "sig": world.check(reference)},
            timeout=10,
        )
    assert answer.status_code == 200, answer.text
    (item,) = answer.json()["letters"]
    return item["state"], item["letter"]["copies_allowed"], item["letter"]["copies_printed"]


def print_at(
    world, kiosk_id: str, reference: str, *, extra_copy: str | None = None
) -> requests.Response:
    body = {"at": "2026-12-04T09:00:00+07:00"}
    if extra_copy is not None:
        body["extra_copy"] = extra_copy
    with world.kiosk(kiosk_id) as session:
        return session.post(
            f"{world.central.url}/v1/transactions/{reference}/letter/collected",
            json=body,
            headers={"Idempotency-Key": str(uuid.uuid4())},
            timeout=10,
        )


def test_a_technicians_extra_copy_shows_in_the_letters_print_history(world):
    reference = world.verified("KMR-01", "sktm")
    world.sign(reference)
    assert print_at(world, "KMR-02", reference).status_code == 201
    technician = print_at(world, "KMR-01", reference, extra_copy="technician")
    assert technician.status_code == 201, technician.text
    assert copies_seen_by_kiosk(world, "KMR-02", reference) == ("collected", 2, 2)

    page = staff(world, "op.kemiren").get(f"/office/requests/{reference}/")
    assert "2 dari 2 salinan" in page.text
    prints = page.text.split('id="letter-prints"')[1].split("</ol>")[0]
    first, second = re.findall(r"<li>(.*?)</li>", prints, re.S)
    assert "KMR-02" in first and "teknisi" not in first
    assert "KMR-01" in second and "salinan tambahan oleh teknisi anjungan" in second


def test_the_operator_allows_another_print_and_the_kiosk_prints_it_once_more(world):
    reference = world.verified("KMR-01", "sktm")
    world.sign(reference)
    assert print_at(world, "KMR-02", reference).status_code == 201
    assert copies_seen_by_kiosk(world, "KMR-01", reference) == ("collected", 1, 1)
    assert print_at(world, "KMR-01", reference).status_code == 409

    operator = staff(world, "op.kemiren")
    page = operator.get(f"/office/requests/{reference}/")
    assert 'id="allow-copy"' in page.text and "Izinkan satu cetak lagi" in page.text
    assert "1 dari 1 salinan" in page.text
    empty = operator.post(f"/office/requests/{reference}/allow-copy", {"reason": "  "})
    assert empty.status_code == 400 and 'id="allow-copy"' in empty.text
    assert copies_seen_by_kiosk(world, "KMR-01", reference) == ("collected", 1, 1)

    allowed = operator.post(
        f"/office/requests/{reference}/allow-copy", {"reason": "Surat hilang saat banjir"}
    )
    assert (allowed.status_code, allowed.headers["Location"]) == (
        302,
        f"/office/requests/{reference}/",
    )
    page = operator.get(f"/office/requests/{reference}/")
    assert "boleh dicetak sekali lagi" in page.text
    assert "1 dari 2 salinan" in page.text
    history = page.text.split('id="history"')[1].split("</section>")[0]
    assert "Mengizinkan satu cetak lagi" in history and "Surat hilang saat banjir" in history
    assert "op.kemiren" in history
    assert "allow_copy" in audit_of(world, reference)

    # The kiosks see one copy left again, and the next print is the last.
    state, copies_allowed, copies_printed = copies_seen_by_kiosk(world, "KMR-01", reference)
    assert (state, copies_allowed - copies_printed) == ("ready", 1)
    assert print_at(world, "KMR-01", reference).status_code == 201
    assert copies_seen_by_kiosk(world, "KMR-02", reference) == ("collected", 2, 2)
    assert print_at(world, "KMR-02", reference).status_code == 409


def test_another_print_is_for_the_village_that_acts_on_its_letters(world):
    reference = world.verified("OLH-01", "sktm")
    world.sign(reference, user="sekdes.olehsari")
    # Another village's staff do not see the letter at all.
    for username in ("op.kemiren", "kades.kemiren"):
        other = staff(world, username)
        answer = other.post(f"/office/requests/{reference}/allow-copy", {"reason": "Hilang"})
        assert answer.status_code == 404
    shell = world.command("allow-copy", reference, "--user", "kades.kemiren", "--reason", "Hilang")
    assert shell.returncode == 1
    assert "may not allow another print" in shell.stderr
    # The secretary, who reviews and signs "a.n." the head, may.
    secretary = staff(world, "sekdes.olehsari")
    assert 'id="allow-copy"' in secretary.get(f"/office/requests/{reference}/").text
    done = secretary.post(f"/office/requests/{reference}/allow-copy", {"reason": "Cetakan rusak"})
    assert done.status_code == 302
    # OLH allows two copies: now three.
    assert copies_seen_by_kiosk(world, "OLH-01", reference) == ("ready", 3, 0)
    # At the shell, with the head of the village, audited as the shell's user acting as them.
    out = world.cli(
        "allow-copy", reference, "--user", "kades.olehsari", "--reason", "Permintaan bank"
    )
    assert out.strip().endswith("may print 4 more (0 of 4 printed)")
    entries = json.loads(world.cli("audit", "--target", reference, "--json"))
    shell_entry = [entry for entry in entries if entry["action"] == "allow_copy"]
    assert len(shell_entry) == 2
    assert any(entry["user"].endswith(" as kades.olehsari") for entry in shell_entry)
    # A revoked letter prints no more: the form is gone and the shell says why.
    world.cli("revoke", reference, "--user", "kades.olehsari", "--reason", "Data salah")
    assert 'id="allow-copy"' not in secretary.get(f"/office/requests/{reference}/").text
    refused = secretary.post(f"/office/requests/{reference}/allow-copy", {"reason": "Hilang lagi"})
    assert refused.status_code == 302
    page = secretary.get(f"/office/requests/{reference}/").text
    assert "Cetak tambahan tidak dapat diizinkan" in page and "was revoked" in page
    assert copies_seen_by_kiosk(world, "OLH-01", reference)[0] == "revoked"
