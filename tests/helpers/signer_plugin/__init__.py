"""A test signer plugin in the ``central.signers`` entry-point group, standing in for BSrE.

BSrE (Balai Sertifikasi Elektronik) signs through its own service, which cannot exist on a
test machine: this MOCK plays its part through central's real plugin interface. It signs
with a key and certificate of a "Mock BSrE" CA it makes itself, for any user, when the
credential is ``OTP_PASSPHRASE`` (as BSrE asks its signers for a passphrase); it never
touches central's own keys. ``TamperingSigner`` returns another document than it was
given, which central must refuse.

``install_entry_points`` writes a ``*.dist-info`` folder into a directory that the test puts
on ``PYTHONPATH``, which is how an installed plugin package is found.
"""

from __future__ import annotations

import datetime as dt
import io
from functools import cached_property
from pathlib import Path

from asn1crypto import keys as asn1_keys
from asn1crypto import x509 as asn1_x509
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID
from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
from pyhanko.sign import fields, signers
from pyhanko_certvalidator.registry import SimpleCertificateStore

from central.letters.plugin import (
    PassphraseRefusedError,
    SignerBackend,
    SignerIdentity,
    SigningRequest,
)

OTP_PASSPHRASE = "bsre-mock-passphrase-123456"
DIST_NAME = "central-test-signer-plugin"


class MockBsreSigner(SignerBackend):
    """A MOCK of a certified signing service (BSrE cannot exist here); see the module."""

    @property
    def name(self) -> str:
        return "mock-bsre"

    def identity(self, username: str) -> SignerIdentity | None:
        return SignerIdentity(f"{username.upper()} (MOCK BSRE)", development=False)

    @cached_property
    def _authority(self) -> tuple[ec.EllipticCurvePrivateKey, x509.Certificate]:
        key = ec.generate_private_key(ec.SECP256R1())
        name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "Mock BSrE CA (test only)")])
        now = dt.datetime.now(dt.UTC)
        certificate = (
            x509.CertificateBuilder()
            .subject_name(name)
            .issuer_name(name)
            .public_key(key.public_key())
            .serial_number(x509.random_serial_number())
            .not_valid_before(now - dt.timedelta(minutes=5))
            .not_valid_after(now + dt.timedelta(days=1))
            .add_extension(x509.BasicConstraints(ca=True, path_length=0), critical=True)
            .sign(key, hashes.SHA256())
        )
        return key, certificate

    def sign(self, pdf: bytes, request: SigningRequest) -> bytes:
        if request.passphrase != OTP_PASSPHRASE:
            raise PassphraseRefusedError("the signing service refused the passphrase")
        ca_key, ca_certificate = self._authority
        key = ec.generate_private_key(ec.SECP256R1())
        now = dt.datetime.now(dt.UTC)
        name = x509.Name(
            [x509.NameAttribute(NameOID.COMMON_NAME, self.identity(request.username).name)]  # type: ignore[union-attr]
        )
        certificate = (
            x509.CertificateBuilder()
            .subject_name(name)
            .issuer_name(ca_certificate.subject)
            .public_key(key.public_key())
            .serial_number(x509.random_serial_number())
            .not_valid_before(now - dt.timedelta(minutes=5))
            .not_valid_after(now + dt.timedelta(days=1))
            .sign(ca_key, hashes.SHA256())
        )
        der = serialization.Encoding.DER
        signer = signers.SimpleSigner(
            signing_cert=asn1_x509.Certificate.load(certificate.public_bytes(der)),
            signing_key=asn1_keys.PrivateKeyInfo.load(
                key.private_bytes(
                    der, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
                )
            ),
            cert_registry=SimpleCertificateStore.from_certs(
                [asn1_x509.Certificate.load(ca_certificate.public_bytes(der))]
            ),
        )
        metadata = signers.PdfSignatureMetadata(
            field_name="BSrE", subfilter=fields.SigSeedSubFilter.PADES, reason=request.reason
        )
        writer = IncrementalPdfFileWriter(io.BytesIO(pdf))
        return signers.sign_pdf(writer, metadata, signer=signer).getvalue()


class TamperingSigner(MockBsreSigner):
    """Signs a changed document instead of the one it was given."""

    @property
    def name(self) -> str:
        return "tampering"

    def sign(self, pdf: bytes, request: SigningRequest) -> bytes:
        assert pdf.startswith(b"%PDF-1.7")
        return super().sign(b"%PDF-1.6" + pdf[len(b"%PDF-1.7") :], request)


class NotASigner:
    """Something that is not a SignerBackend."""


ENTRY_POINTS = {
    "mock-bsre": "tests.helpers.signer_plugin:MockBsreSigner",
    "tampering": "tests.helpers.signer_plugin:TamperingSigner",
    "not-a-signer": "tests.helpers.signer_plugin:NotASigner",
}


def install_entry_points(site_dir: Path) -> Path:
    """Write a dist-info of the ``central.signers`` entry points into ``site_dir``."""
    dist_info = site_dir / f"{DIST_NAME.replace('-', '_')}-1.0.dist-info"
    dist_info.mkdir(parents=True)
    (dist_info / "METADATA").write_text(
        f"Metadata-Version: 2.1\nName: {DIST_NAME}\nVersion: 1.0\n", encoding="utf-8"
    )
    lines = [f"{name} = {target}" for name, target in ENTRY_POINTS.items()]
    (dist_info / "entry_points.txt").write_text(
        "[central.signers]\n" + "\n".join(lines) + "\n", encoding="utf-8"
    )
    return dist_info
