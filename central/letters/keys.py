"""Signers' keys: a PKCS#12 imported per signer, or one made by the development CA.

A key is stored only as PKCS#12 encrypted under the signer's passphrase (re-encrypted on
import with AES-256-CBC and PBKDF2-HMAC-SHA256, whatever the file used), and unlocked in
memory for one signature (:func:`unlock`). The development CA is made the first time a
development key is asked for; its certificates say in their names that they are not
legally valid, and so do the letters they sign and the verification page.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import logging
from dataclasses import dataclass

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec, rsa
from cryptography.hazmat.primitives.serialization import pkcs12
from cryptography.x509.oid import ExtendedKeyUsageOID, NameOID
from django.contrib.auth.models import User
from django.db import transaction

from central.letters.models import DevelopmentAuthority, SignerKey

log = logging.getLogger("central.letters")

MIN_PASSPHRASE = 12
#: PBKDF2 rounds of the stored PKCS#12: slow to guess, quick enough to sign.
KDF_ROUNDS = 600_000
DEVELOPMENT_ORGANIZATION = "ALM DEVELOPMENT CA - NOT LEGALLY VALID"
DEVELOPMENT_MARK = "TIDAK SAH - UJI COBA"
CA_YEARS = 10
SIGNER_YEARS = 2


class SignerKeyError(Exception):
    """A key that cannot be imported, made or unlocked; the message says why, exactly."""


@dataclass(frozen=True)
class UnlockedKey:
    """A signer's key and chain, in memory for one signature."""

    key: rsa.RSAPrivateKey | ec.EllipticCurvePrivateKey
    certificate: x509.Certificate
    chain: tuple[x509.Certificate, ...]
    development: bool


def check_passphrase(passphrase: str) -> None:
    """SignerKeyError unless the passphrase is long enough to protect a key at rest."""
    if len(passphrase) < MIN_PASSPHRASE:
        raise SignerKeyError(
            f"expected a passphrase of at least {MIN_PASSPHRASE} characters, "
            f"found {len(passphrase)}"
        )


def import_pkcs12(user: User, data: bytes, passphrase: str, now: dt.datetime) -> SignerKey:
    """Store a signer's PKCS#12 (opened with ``passphrase``) as their one live key."""
    check_passphrase(passphrase)
    try:
        loaded = pkcs12.load_pkcs12(data, passphrase.encode("utf-8"))
    except ValueError:
        raise SignerKeyError(
            "the file is not a PKCS#12 that this passphrase opens (wrong passphrase, "
            "or not a .p12/.pfx file)"
        ) from None
    if loaded.key is None or loaded.cert is None:
        raise SignerKeyError("the PKCS#12 holds no private key with its certificate")
    key = loaded.key
    if not isinstance(key, rsa.RSAPrivateKey | ec.EllipticCurvePrivateKey):
        raise SignerKeyError("expected an RSA or EC key, found another kind")
    certificate = loaded.cert.certificate
    if certificate.public_key() != key.public_key():
        raise SignerKeyError("the certificate in the PKCS#12 is not the private key's")
    if certificate.not_valid_after_utc <= now:
        raise SignerKeyError(
            f"the certificate expired on {certificate.not_valid_after_utc:%Y-%m-%d}"
        )
    chain = tuple(extra.certificate for extra in loaded.additional_certs)
    development = _is_development(certificate)
    return _store(user, key, certificate, chain, passphrase, development, now)


def make_development_key(user: User, name: str, passphrase: str, now: dt.datetime) -> SignerKey:
    """A new key and a certificate from the development CA, as the user's live key."""
    check_passphrase(passphrase)
    authority = _development_authority(now)
    ca_key = serialization.load_pem_private_key(authority.key_pem.encode("ascii"), None)
    assert isinstance(ca_key, ec.EllipticCurvePrivateKey)
    ca_certificate = x509.load_pem_x509_certificate(authority.certificate_pem.encode("ascii"))
    key = ec.generate_private_key(ec.SECP256R1())
    subject = x509.Name(
        [
            x509.NameAttribute(NameOID.COUNTRY_NAME, "ID"),
            x509.NameAttribute(NameOID.ORGANIZATION_NAME, DEVELOPMENT_ORGANIZATION),
            x509.NameAttribute(NameOID.ORGANIZATIONAL_UNIT_NAME, DEVELOPMENT_MARK),
            x509.NameAttribute(NameOID.COMMON_NAME, name),
        ]
    )
    certificate = (
        x509.CertificateBuilder()
        .subject_name(subject)
        .issuer_name(ca_certificate.subject)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - dt.timedelta(minutes=5))
        .not_valid_after(now + dt.timedelta(days=365 * SIGNER_YEARS))
        .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
        .add_extension(_key_usage(certifies=False), critical=True)
        .add_extension(
            x509.ExtendedKeyUsage([ExtendedKeyUsageOID.EMAIL_PROTECTION]), critical=False
        )
        .add_extension(
            x509.AuthorityKeyIdentifier.from_issuer_public_key(ca_key.public_key()),
            critical=False,
        )
        .add_extension(x509.SubjectKeyIdentifier.from_public_key(key.public_key()), critical=False)
        .sign(ca_key, hashes.SHA256())
    )
    return _store(user, key, certificate, (ca_certificate,), passphrase, True, now)


def development_ca_certificate() -> x509.Certificate | None:
    """The development CA's certificate, if central made one."""
    authority = DevelopmentAuthority.objects.order_by("id").first()
    if authority is None:
        return None
    return x509.load_pem_x509_certificate(authority.certificate_pem.encode("ascii"))


def live_key(user: User) -> SignerKey | None:
    """The user's key that is not retired."""
    return SignerKey.objects.filter(user=user, retired_at__isnull=True).first()


def unlock(stored: SignerKey, passphrase: str) -> UnlockedKey:
    """The key in memory, for one signature; SignerKeyError for a wrong passphrase."""
    try:
        loaded = pkcs12.load_pkcs12(bytes(stored.pkcs12), passphrase.encode("utf-8"))
    except ValueError:
        raise SignerKeyError("the passphrase does not unlock this signer's key") from None
    key = loaded.key
    assert isinstance(key, rsa.RSAPrivateKey | ec.EllipticCurvePrivateKey)
    assert loaded.cert is not None
    return UnlockedKey(
        key=key,
        certificate=loaded.cert.certificate,
        chain=tuple(extra.certificate for extra in loaded.additional_certs),
        development=stored.development,
    )


def common_name(certificate: x509.Certificate) -> str:
    """The certificate subject's common name (or the whole subject when it has none)."""
    names = certificate.subject.get_attributes_for_oid(NameOID.COMMON_NAME)
    value = names[0].value if names else certificate.subject.rfc4514_string()
    return value if isinstance(value, str) else value.decode("utf-8", "replace")


def _key_usage(*, certifies: bool) -> x509.KeyUsage:
    """A signer's key signs documents (non-repudiation); a CA's certifies keys and CRLs."""
    return x509.KeyUsage(
        digital_signature=not certifies,
        content_commitment=not certifies,
        key_encipherment=False,
        data_encipherment=False,
        key_agreement=False,
        key_cert_sign=certifies,
        crl_sign=certifies,
        encipher_only=False,
        decipher_only=False,
    )


def _is_development(certificate: x509.Certificate) -> bool:
    organizations = certificate.subject.get_attributes_for_oid(NameOID.ORGANIZATION_NAME)
    return any(item.value == DEVELOPMENT_ORGANIZATION for item in organizations)


def _store(
    user: User,
    key: rsa.RSAPrivateKey | ec.EllipticCurvePrivateKey,
    certificate: x509.Certificate,
    chain: tuple[x509.Certificate, ...],
    passphrase: str,
    development: bool,
    now: dt.datetime,
) -> SignerKey:
    """Encrypt and keep the key; the user's previous key is retired in the same commit."""
    encryption = (
        serialization.PrivateFormat.PKCS12.encryption_builder()
        .kdf_rounds(KDF_ROUNDS)
        .key_cert_algorithm(pkcs12.PBES.PBESv2SHA256AndAES256CBC)
        .hmac_hash(hashes.SHA256())
        .build(passphrase.encode("utf-8"))
    )
    name = common_name(certificate)
    data = pkcs12.serialize_key_and_certificates(
        name.encode("utf-8"), key, certificate, list(chain) or None, encryption
    )
    der = certificate.public_bytes(serialization.Encoding.DER)
    with transaction.atomic():
        SignerKey.objects.filter(user=user, retired_at__isnull=True).update(retired_at=now)
        stored = SignerKey.objects.create(
            user=user,
            pkcs12=data,
            certificate_pem=certificate.public_bytes(serialization.Encoding.PEM).decode("ascii"),
            subject_name=name[:200],
            fingerprint=hashlib.sha256(der).hexdigest(),
            development=development,
            created_at=now,
        )
    log.info(
        "Signer key of %s stored: %s%s",
        user.get_username(),
        stored,
        " (development CA, not legally valid)" if development else "",
    )
    return stored


def _development_authority(now: dt.datetime) -> DevelopmentAuthority:
    """The development CA, made (once, whatever the race) the first time it is needed."""
    with transaction.atomic():
        # Serialise makers on PostgreSQL; SQLite already holds its write lock.
        existing = DevelopmentAuthority.objects.select_for_update().order_by("id").first()
        if existing is not None:
            return existing
        key = ec.generate_private_key(ec.SECP256R1())
        name = x509.Name(
            [
                x509.NameAttribute(NameOID.COUNTRY_NAME, "ID"),
                x509.NameAttribute(NameOID.ORGANIZATION_NAME, DEVELOPMENT_ORGANIZATION),
                x509.NameAttribute(NameOID.COMMON_NAME, "ALM Development CA (TIDAK SAH)"),
            ]
        )
        certificate = (
            x509.CertificateBuilder()
            .subject_name(name)
            .issuer_name(name)
            .public_key(key.public_key())
            .serial_number(x509.random_serial_number())
            .not_valid_before(now - dt.timedelta(minutes=5))
            .not_valid_after(now + dt.timedelta(days=365 * CA_YEARS))
            .add_extension(x509.BasicConstraints(ca=True, path_length=0), critical=True)
            .add_extension(_key_usage(certifies=True), critical=True)
            .add_extension(x509.SubjectKeyIdentifier.from_public_key(key.public_key()), False)
            .sign(key, hashes.SHA256())
        )
        authority = DevelopmentAuthority.objects.create(
            created_at=now,
            key_pem=key.private_bytes(
                serialization.Encoding.PEM,
                serialization.PrivateFormat.PKCS8,
                serialization.NoEncryption(),
            ).decode("ascii"),
            certificate_pem=certificate.public_bytes(serialization.Encoding.PEM).decode("ascii"),
        )
    log.warning("Created the development CA: keys it certifies are NOT legally valid")
    return authority
