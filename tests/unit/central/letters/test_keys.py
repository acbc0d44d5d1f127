"""``signer-key``: a signer's own PKCS#12 imported and re-locked under their passphrase."""

from __future__ import annotations

import datetime as dt
import subprocess

import pytest
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from cryptography.hazmat.primitives.serialization import pkcs12
from cryptography.x509.oid import NameOID

P12_PASSPHRASE = "the signer's own p12 passphrase"


def make_p12(path, passphrase=P12_PASSPHRASE, name="Ir. WAHYUDI, Kepala Desa Kemiren"):
    """A certificate of a (test) CA for the signer, as a certified CA would deliver it."""
    now = dt.datetime.now(dt.UTC)
    ca_key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    ca_name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "Test Certification Authority")])
    ca = (
        x509.CertificateBuilder().subject_name(ca_name).issuer_name(ca_name)
        .public_key(ca_key.public_key()).serial_number(1)
        .not_valid_before(now - dt.timedelta(days=1)).not_valid_after(now + dt.timedelta(days=30))
        .add_extension(x509.BasicConstraints(ca=True, path_length=0), critical=True)
        .sign(ca_key, hashes.SHA256())
    )  # fmt: skip
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    certificate = (
        x509.CertificateBuilder()
        .subject_name(x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, name)]))
        .issuer_name(ca_name).public_key(key.public_key()).serial_number(2)
        .not_valid_before(now - dt.timedelta(days=1)).not_valid_after(now + dt.timedelta(days=30))
        .sign(ca_key, hashes.SHA256())
    )  # fmt: skip
    # The legacy encryption many CAs still deliver: central re-locks it with AES-256.
    path.write_bytes(
        pkcs12.serialize_key_and_certificates(
            b"signer",
            key,
            certificate,
            [ca],
            serialization.BestAvailableEncryption(passphrase.encode()),
        )
    )
    return path


def test_an_imported_pkcs12_signs_letters_in_its_holders_name(world, tmp_path):
    p12 = make_p12(tmp_path / "kades.p12")
    passphrase = tmp_path / "p12-passphrase"
    passphrase.write_text(P12_PASSPHRASE, encoding="utf-8")
    out = world.cli(
        "signer-key", "--user", "kades.kemiren", "--p12", str(p12), "--passphrase-file",
        str(passphrase),
    )  # fmt: skip
    assert out.startswith("kades.kemiren signs as Ir. WAHYUDI, Kepala Desa Kemiren (")
    assert "development" not in out
    [(stored,)] = world.central.database.query(
        "SELECT pkcs12 FROM letters_signerkey WHERE retired_at IS NULL AND user_id = "
        "(SELECT id FROM auth_user WHERE username = %s)",
        "kades.kemiren",
    )
    stored = bytes(stored)
    assert stored != p12.read_bytes()
    with pytest.raises(ValueError):
        pkcs12.load_pkcs12(stored, None)  # locked at rest
    assert pkcs12.load_pkcs12(stored, P12_PASSPHRASE.encode()).key is not None

    reference = world.verified("KMR-01", "domisili")
    refused = world.command(
        "sign", reference, "--user", "kades.kemiren", "--passphrase-file", world.passphrase
    )
    assert "the passphrase does not unlock this signer's key" in refused.stderr
    world.cli("sign", reference, "--user", "kades.kemiren", "--passphrase-file", str(passphrase))
    path = tmp_path / "letter.pdf"
    path.write_bytes(world.pdf(reference))
    report = subprocess.run(["pdfsig", str(path)], capture_output=True, text=True).stdout
    assert "Signer Certificate Common Name: Ir. WAHYUDI, Kepala Desa Kemiren" in report
    assert "Signature Validation: Signature is Valid." in report
    text = subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True).stdout
    assert "tidak sah secara hukum" not in text
    # Back to the development key the other tests of this module sign with.
    world.cli(
        "signer-key", "--user", "kades.kemiren", "--passphrase-file", world.passphrase,
        "--name", "SUKARDI",
    )  # fmt: skip


@pytest.mark.parametrize(
    ("passphrase", "message"),
    [
        ("wrong passphrase here", "the file is not a PKCS#12 that this passphrase opens"),
        ("short", "expected a passphrase of at least 12 characters, found 5"),
    ],
)
def test_a_pkcs12_that_cannot_be_opened_is_refused(world, tmp_path, passphrase, message):
    p12 = make_p12(tmp_path / "kades.p12")
    file = tmp_path / "passphrase"
    file.write_text(passphrase, encoding="utf-8")
    completed = world.command(
        "signer-key", "--user", "kades.kemiren", "--p12", str(p12), "--passphrase-file", str(file)
    )
    assert completed.returncode == 2
    assert f"python -m central signer-key: --p12 {p12}: {message}" in completed.stderr
