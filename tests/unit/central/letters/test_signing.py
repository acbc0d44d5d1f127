"""Signed letters of every kind: PDF/A on A4, a PAdES signature pdfsig and pyHanko accept
(and refuse after one changed byte), and a QR that opens the letter's verification page."""

from __future__ import annotations

import io
import re
import subprocess

import pytest
import requests
from asn1crypto import pem
from asn1crypto import x509 as asn1_x509
from pyhanko.pdf_utils.reader import PdfFileReader
from pyhanko.sign.validation import validate_pdf_signature
from pyhanko_certvalidator import ValidationContext

from tests.helpers.letters import ANSWERS, NAME, NIK

SERVICES = list(ANSWERS)
HEADINGS = {
    "sktm": "SURAT KETERANGAN TIDAK MAMPU",
    "domisili": "SURAT KETERANGAN DOMISILI",
    "pengantar_ktp_kk": "SURAT PENGANTAR",
    "surat_miskin": "SURAT PERNYATAAN MISKIN",
}


def tool(*command: str, data: bytes | None = None) -> str:
    return subprocess.run(
        command, input=data, capture_output=True, check=False, timeout=60
    ).stdout.decode("utf-8", "replace")


def pyhanko_status(pdf: bytes, world):
    """pyHanko's verdict, trusting the development CA that central made."""
    ca_pem = world.central.database.query(
        "SELECT certificate_pem FROM letters_developmentauthority"
    )[0][0]
    _, _, der = pem.unarmor(ca_pem.encode("ascii"))
    context = ValidationContext(trust_roots=[asn1_x509.Certificate.load(der)])
    reader = PdfFileReader(io.BytesIO(pdf))
    (signature,) = reader.embedded_signatures
    return validate_pdf_signature(signature, context)


@pytest.fixture(scope="module")
def letters(world):
    references = {service: world.verified("KMR-01", service) for service in SERVICES}
    signed = world.sign(*references.values())
    return {
        service: (reference, *signed[reference], world.pdf(reference))
        for service, reference in references.items()
    }


@pytest.mark.parametrize("service", SERVICES)
def test_a_signed_letter_validates_with_pdfsig_and_pyhanko(world, letters, tmp_path, service):
    _reference, number, _code, pdf = letters[service]
    path = tmp_path / "letter.pdf"
    path.write_bytes(pdf)
    report = tool("pdfsig", str(path))
    assert "Signature Validation: Signature is Valid." in report, report
    assert "Total document signed" in report
    assert "Signature Type: ETSI.CAdES.detached" in report  # PAdES
    status = pyhanko_status(pdf, world)
    assert status.intact and status.valid and status.trusted, status.pretty_print_details()
    assert status.docmdp_ok
    text = tool("pdftotext", "-layout", str(path), "-")
    assert HEADINGS[service] in text
    assert f"Nomor: {number}" in text
    assert NAME in text and NIK in text
    assert "PEMERINTAH KABUPATEN BANYUWANGI" in text and "DESA KEMIREN" in text
    assert "SUKARDI" in text
    assert "tidak sah secara hukum" in text  # a development key says so on the letter


@pytest.mark.parametrize("service", SERVICES)
def test_one_changed_byte_breaks_the_signature(world, letters, tmp_path, service):
    *_, pdf = letters[service]
    changed = bytearray(pdf)
    index = pdf.index(b"/MediaBox")  # inside the signed range, in the page dictionary
    changed[index + 1] ^= 0x01
    path = tmp_path / "changed.pdf"
    path.write_bytes(bytes(changed))
    report = tool("pdfsig", str(path))
    assert "Signature Validation: Signature is Valid." not in report
    assert "Digest Mismatch" in report, report
    status = pyhanko_status(bytes(changed), world)
    assert not status.intact


def test_letters_are_a4_pdfa_2b_with_every_font_embedded(letters, tmp_path):
    for reference, _, _, pdf in letters.values():
        path = tmp_path / f"{reference}.pdf"
        path.write_bytes(pdf)
        info = tool("pdfinfo", str(path))
        assert re.search(r"Page size:\s+595\.\d+ x 841\.\d+ pts \(A4\)", info), info
        xmp = PdfFileReader(io.BytesIO(pdf)).root["/Metadata"].get_object().data.decode()
        assert 'pdfaid:part="2"' in xmp and 'pdfaid:conformance="B"' in xmp, xmp
        fonts = tool("pdffonts", str(path)).splitlines()[2:]
        assert fonts, "no fonts listed"
        for line in fonts:
            assert line.split()[-5] == "yes", line  # the emb column


def test_the_answers_read_as_the_receipt_shows_them(letters, tmp_path):
    reference, _, _, pdf = letters["surat_miskin"]
    path = tmp_path / "spm.pdf"
    path.write_bytes(pdf)
    text = " ".join(tool("pdftotext", str(path), "-").split())
    assert "Dusun Krajan, RT 003/RW 012" in text
    # Rows without a label of their own take the catalog's field label.
    assert "Alamat tempat tinggal : Dusun Krajan" in text
    assert "Jumlah anggota keluarga : 5" in text
    assert "Tidak ada penghasilan atau penghasilan tidak tetap, Sakit lama atau biaya berobat" in (
        text
    )
    assert "Yang membuat pernyataan" in text and "Mengetahui" in text
    assert reference in text
    reference, _, _, pdf = letters["domisili"]
    path.write_bytes(pdf)
    text = " ".join(tool("pdftotext", str(path), "-").split())
    assert "sejak 1 Juni 2015" in text


def test_the_qr_read_from_the_printed_page_opens_the_verification_page(world, letters, tmp_path):
    _reference, number, code, pdf = letters["sktm"]
    (tmp_path / "letter.pdf").write_bytes(pdf)
    subprocess.run(
        ["pdftoppm", "-png", "-r", "150", "-f", "1", "-l", "1", "letter.pdf", "page"],
        cwd=tmp_path,
        check=True,
        timeout=60,
    )
    (page,) = tmp_path.glob("page*.png")
    url = tool("zbarimg", "--raw", "-q", str(page)).strip()
    assert url == f"{world.central.url}/v/{code}"
    assert len(code) == 18 and not set(code) & set("01ILOUV")
    response = requests.get(url, timeout=10)
    assert response.status_code == 200
    assert "Content-Security-Policy" in response.headers
    assert "<script" not in response.text
    html = response.text
    assert "Surat ini ASLI" in html
    assert number in html
    assert "Surat Keterangan Tidak Mampu" in html
    assert "Kemiren, Kecamatan Glagah" in html
    assert "SUKARDI" in html and "Kepala Desa Kemiren" in html
    assert "351015******0001" in html and "S*** A*****" in html
    assert NIK not in html and NAME not in html
    assert "Tidak sah secara hukum" in html  # the development key, said plainly
