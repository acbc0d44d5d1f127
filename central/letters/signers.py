"""Who makes the PAdES signature: central's own keys, or a certified signing service.

``CENTRAL_SIGNER`` names the backend: ``local`` (the default: the signer's key stored by
``python -m central signer-key``, unlocked with their passphrase for one signature and
used by pyHanko), or the name of an entry point in the ``central.signers`` group, which a
certified service's package registers (BSrE's, for one)::

    [project.entry-points."central.signers"]
    bsre = "alm_bsre:BsreSigner"

A backend is a :class:`~central.letters.plugin.SignerBackend`: it says whose name a user
signs with, and signs a PDF with the user's passphrase (for a service, the credential it
asks the user for).
Whatever a backend returns is checked here (:func:`check_signed`) before it is issued: the
very document central made, plus one signature over the whole file that is intact and
made by a certificate that is not expired.
"""

from __future__ import annotations

import io
import logging
from dataclasses import dataclass
from importlib.metadata import entry_points

from asn1crypto import keys as asn1_keys
from asn1crypto import x509 as asn1_x509
from cryptography import x509
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ec, rsa
from django.contrib.auth import get_user_model
from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
from pyhanko.pdf_utils.reader import PdfFileReader
from pyhanko.sign import fields, signers
from pyhanko.sign.validation import SignatureCoverageLevel, validate_pdf_signature
from pyhanko_certvalidator import ValidationContext
from pyhanko_certvalidator.registry import SimpleCertificateStore

from central.environment import ConfigurationError
from central.letters import keys
from central.letters.plugin import (
    PassphraseRefusedError,
    SignerBackend,
    SignerIdentity,
    SigningError,
    SigningRequest,
)

log = logging.getLogger("central.letters")

ENTRY_POINT_GROUP = "central.signers"
LOCAL = "local"
SIGNATURE_FIELD = "TandaTanganKepalaDesa"


class LocalSigner(SignerBackend):
    """Keys stored by ``signer-key``, each unlocked by its passphrase for one signature."""

    @property
    def name(self) -> str:
        """``local``."""
        return LOCAL

    def identity(self, username: str) -> SignerIdentity | None:
        """The name on the user's live certificate."""
        user = get_user_model().objects.filter(username=username).first()
        stored = keys.live_key(user) if user is not None else None
        if stored is None:
            return None
        return SignerIdentity(stored.subject_name, stored.development)

    def sign(self, pdf: bytes, request: SigningRequest) -> bytes:
        """A PAdES B-B certification signature (no change allowed after it) with pyHanko."""
        user = get_user_model().objects.filter(username=request.username).first()
        stored = keys.live_key(user) if user is not None else None
        if stored is None:
            raise SigningError(
                f"{request.username} has no signing key; import one with "
                f"python -m central signer-key --user {request.username}"
            )
        try:
            unlocked = keys.unlock(stored, request.passphrase)
        except keys.SignerKeyError as exc:
            raise PassphraseRefusedError(str(exc)) from None
        signer = signers.SimpleSigner(
            signing_cert=asn1_x509.Certificate.load(_der(unlocked.certificate)),
            signing_key=_asn1_key(unlocked.key),
            cert_registry=SimpleCertificateStore.from_certs(  # type: ignore[no-untyped-call]
                [asn1_x509.Certificate.load(_der(extra)) for extra in unlocked.chain]
            ),
        )
        metadata = signers.PdfSignatureMetadata(
            field_name=SIGNATURE_FIELD,
            subfilter=fields.SigSeedSubFilter.PADES,
            md_algorithm="sha256",
            reason=request.reason,
            location=request.location,
            name=keys.common_name(unlocked.certificate),
            certify=True,
            docmdp_permissions=fields.MDPPerm.NO_CHANGES,
        )
        writer = IncrementalPdfFileWriter(io.BytesIO(pdf))
        signed: bytes = signers.sign_pdf(writer, metadata, signer=signer).getvalue()
        return signed


def backend(name: str) -> SignerBackend:
    """The backend ``CENTRAL_SIGNER`` names; ConfigurationError if it cannot be loaded."""
    if name == LOCAL:
        return LocalSigner()
    found = entry_points(group=ENTRY_POINT_GROUP, name=name)
    if not found:
        installed = sorted(ep.name for ep in entry_points(group=ENTRY_POINT_GROUP))
        raise ConfigurationError(
            f"CENTRAL_SIGNER: expected {LOCAL} or an installed {ENTRY_POINT_GROUP} entry point "
            f"({', '.join(installed) or 'none installed'}), found {name!r}"
        )
    entry_point = next(iter(found))
    try:
        made = entry_point.load()()
    except Exception as exc:  # a plugin's own failure, whatever it is
        raise ConfigurationError(
            f"CENTRAL_SIGNER: the signer {name!r} ({entry_point.value}) failed to load: {exc}"
        ) from exc
    if not isinstance(made, SignerBackend):
        raise ConfigurationError(
            f"CENTRAL_SIGNER: expected {entry_point.value} to make a SignerBackend, "
            f"found {type(made).__name__}"
        )
    return made


@dataclass(frozen=True)
class CheckedSignature:
    """What :func:`check_signed` found: the signer's certificate."""

    certificate: x509.Certificate


def check_signed(original: bytes, signed: bytes) -> CheckedSignature:
    """SigningError unless ``signed`` is ``original`` with one intact, whole-file signature.

    Trust is not decided here (a certified service's root is the service's business, and
    the verification page says whether a key is a development one); integrity, coverage and
    the certificate's validity period are.
    """
    if not signed.startswith(original):
        raise SigningError("the signer returned another document than the one it was given")
    reader = PdfFileReader(io.BytesIO(signed))
    if len(reader.embedded_signatures) != 1:
        raise SigningError(
            f"expected one signature in the signed letter, found {len(reader.embedded_signatures)}"
        )
    embedded = reader.embedded_signatures[0]
    status = validate_pdf_signature(
        embedded, ValidationContext(allow_fetching=False), skip_diff=True
    )
    if not (status.intact and status.valid):
        raise SigningError("the signature does not match the document")
    if status.coverage is not SignatureCoverageLevel.ENTIRE_FILE:
        raise SigningError("the signature does not cover the whole letter")
    certificate = x509.load_der_x509_certificate(embedded.signer_cert.dump())
    return CheckedSignature(certificate)


def _der(certificate: x509.Certificate) -> bytes:
    return certificate.public_bytes(serialization.Encoding.DER)


def _asn1_key(key: rsa.RSAPrivateKey | ec.EllipticCurvePrivateKey) -> asn1_keys.PrivateKeyInfo:
    """The private key as asn1crypto's ``PrivateKeyInfo``, which pyHanko signs with."""
    der = key.private_bytes(
        serialization.Encoding.DER,
        serialization.PrivateFormat.PKCS8,
        serialization.NoEncryption(),
    )
    return asn1_keys.PrivateKeyInfo.load(der)
