"""The public verification page: plain HTML, the PDF only for the subject's NIK, rate-limited."""

from __future__ import annotations

import pytest
import requests

from tests.helpers.letters import NIK


@pytest.fixture(scope="module")
def code(world):
    reference = world.verified("KMR-02", "domisili")
    ((_, code),) = world.sign(reference).values()
    return code


def test_an_unknown_code_says_so_plainly(world):
    for code in ("ABCDEFGHJKMNPQRSTW", "not-a-code", "0" * 18):
        page = requests.get(f"{world.central.url}/v/{code}", timeout=10)
        assert page.status_code == 404
        assert page.headers["Content-Type"].startswith("text/html")
        assert "Kode tidak dikenal" in page.text
        assert "tidak diterbitkan" in page.text


def test_a_code_typed_with_dashes_and_small_letters_finds_the_letter(world, code):
    typed = f"{code[:6]}-{code[6:12]}-{code[12:]}".lower()
    page = requests.get(f"{world.central.url}/v/", params={"code": typed}, timeout=10)
    assert page.status_code == 200
    assert page.url == f"{world.central.url}/v/{code}"
    assert "Surat ini ASLI" in page.text
    assert requests.get(f"{world.central.url}/v/style.css", timeout=10).status_code == 200


def test_the_pdf_goes_only_to_someone_who_types_the_subjects_nik(world, code):
    url = f"{world.central.url}/v/{code}"
    wrong = requests.post(url, data={"nik": "3510150101800009"}, timeout=10)
    assert wrong.status_code == 403
    assert "NIK tidak cocok" in wrong.text
    right = requests.post(url, data={"nik": NIK}, timeout=10)
    assert right.status_code == 200
    assert right.headers["Content-Type"] == "application/pdf"
    assert right.content.startswith(b"%PDF-")


def test_wrong_niks_are_limited_per_letter(world):
    reference = world.verified("KMR-02", "domisili")
    ((_, code),) = world.sign(reference).values()
    url = f"{world.central.url}/v/{code}"
    for attempt in range(5):
        answer = requests.post(url, data={"nik": f"35101501018000{attempt:02d}"}, timeout=10)
        assert answer.status_code == 403
    limited = requests.post(url, data={"nik": NIK}, timeout=10)
    assert limited.status_code == 429
    assert "Terlalu banyak percobaan" in limited.text
    assert "Surat ini ASLI" in requests.get(url, timeout=10).text  # the page itself still says
