r"""HMAC-SHA256 request signing between a kiosk and the central API.

The contract (``central/openapi.yaml``, "Signing") defines the string to sign; this module is
its one implementation, used by the kiosk to sign and by the reference server to verify.

String to sign, lines joined by ``\n``::

    ALM-HMAC-SHA256
    <kiosk id>
    <METHOD>
    <path, with the query string exactly as sent>
    <timestamp: Unix seconds>
    <nonce: 32 lowercase hex digits>
    <SHA-256 of the body, lowercase hex; of b"" when there is none>

Headers: ``X-Kiosk-Id``, ``X-Timestamp``, ``X-Nonce``, ``X-Signature`` (lowercase hex).

The same secret also makes the check in a receipt's QR code (``ALM1:<reference>:<check>``,
the contract's "QR codes"), so a reference read off a receipt can be neither guessed nor
forged: see :func:`receipt_check`.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import re
import secrets
from collections.abc import Mapping
from dataclasses import dataclass

SCHEME = "ALM-HMAC-SHA256"
MAX_SKEW_SECONDS = 300
HEADER_KIOSK = "X-Kiosk-Id"
HEADER_TIMESTAMP = "X-Timestamp"
HEADER_NONCE = "X-Nonce"
HEADER_SIGNATURE = "X-Signature"

_NONCE = re.compile(r"[0-9a-f]{32}")
_SIGNATURE = re.compile(r"[0-9a-f]{64}")
_TIMESTAMP = re.compile(r"[0-9]{1,12}")


class SignatureError(Exception):
    """A request's signature headers are missing, malformed, stale or wrong."""


@dataclass(frozen=True)
class SignedHeaders:
    """The four headers that authenticate one request."""

    kiosk_id: str
    timestamp: int
    nonce: str
    signature: str

    def as_dict(self) -> dict[str, str]:
        """The headers to send."""
        return {
            HEADER_KIOSK: self.kiosk_id,
            HEADER_TIMESTAMP: str(self.timestamp),
            HEADER_NONCE: self.nonce,
            HEADER_SIGNATURE: self.signature,
        }


def string_to_sign(
    kiosk_id: str, method: str, path: str, timestamp: int, nonce: str, body: bytes
) -> bytes:
    """The exact bytes that are signed (see the module docstring)."""
    lines = (
        SCHEME,
        kiosk_id,
        method.upper(),
        path,
        str(timestamp),
        nonce,
        hashlib.sha256(body).hexdigest(),
    )
    return "\n".join(lines).encode("utf-8")


def compute_signature(secret: str, message: bytes) -> str:
    """HMAC-SHA256 of ``message`` under the kiosk's secret, lowercase hex."""
    return hmac.new(secret.encode("utf-8"), message, hashlib.sha256).hexdigest()


def sign(
    kiosk_id: str,
    secret: str,
    method: str,
    path: str,
    body: bytes,
    timestamp: int,
    nonce: str | None = None,
) -> SignedHeaders:
    """Sign one request; ``timestamp`` is the server's clock as the kiosk best knows it."""
    nonce = nonce or secrets.token_hex(16)
    message = string_to_sign(kiosk_id, method, path, timestamp, nonce, body)
    return SignedHeaders(kiosk_id, timestamp, nonce, compute_signature(secret, message))


def parse_headers(headers: Mapping[str, str]) -> SignedHeaders:
    """Read and check the form of the signing headers; SignatureError names what is wrong."""
    lowered = {key.lower(): value for key, value in headers.items()}

    def get(name: str) -> str:
        value = lowered.get(name.lower())
        if value is None:
            raise SignatureError(f"missing header {name}")
        return value.strip()

    kiosk_id = get(HEADER_KIOSK)
    timestamp = get(HEADER_TIMESTAMP)
    nonce = get(HEADER_NONCE)
    signature = get(HEADER_SIGNATURE)
    if not kiosk_id:
        raise SignatureError(f"empty header {HEADER_KIOSK}")
    if not _TIMESTAMP.fullmatch(timestamp):
        raise SignatureError(f"{HEADER_TIMESTAMP} must be Unix seconds, got {timestamp[:20]!r}")
    if not _NONCE.fullmatch(nonce):
        raise SignatureError(f"{HEADER_NONCE} must be 32 lowercase hex digits")
    if not _SIGNATURE.fullmatch(signature):
        raise SignatureError(f"{HEADER_SIGNATURE} must be 64 lowercase hex digits")
    return SignedHeaders(kiosk_id, int(timestamp), nonce, signature)


def verify(
    signed: SignedHeaders, secret: str, method: str, path: str, body: bytes, now: float
) -> None:
    """Check the clock skew and the signature; replayed nonces are the caller's to check."""
    if abs(now - signed.timestamp) > MAX_SKEW_SECONDS:
        raise SignatureError(
            f"timestamp {signed.timestamp} is {now - signed.timestamp:+.0f} s from the server's "
            f"clock; at most {MAX_SKEW_SECONDS} s is accepted"
        )
    message = string_to_sign(signed.kiosk_id, method, path, signed.timestamp, signed.nonce, body)
    if not hmac.compare_digest(compute_signature(secret, message), signed.signature):
        raise SignatureError("signature does not match")


# --------------------------------------------------------------------------- receipt QR codes

#: What a receipt QR carries: ``ALM1:<reference>:<check>`` (see the contract, "QR codes").
RECEIPT_QR_PREFIX = "ALM1"
#: The check's characters since contract 1.2: digits, and letters that look like no digit
#: and like no other letter here (no B, I, L, O, S or Z), so a citizen copying it by hand
#: cannot mistake one for another.
RECEIPT_CHECK_ALPHABET = "0123456789ACDEFGHJKMNPQRTUVWXY"
#: Characters of a check: 11 of 30 are 53.9 bits of HMAC-SHA256.
RECEIPT_CHECK_LENGTH = 11
#: Contract 1.0 and 1.1 checks: 10 characters of base32 (50 bits), still on printed receipts.
LEGACY_CHECK_LENGTH = 10
#: Either form, as a scan or a ``sig`` carries it (the contract's pattern).
RECEIPT_CHECK_PATTERN = (
    f"[A-Z2-7]{{{LEGACY_CHECK_LENGTH}}}|[{RECEIPT_CHECK_ALPHABET}]{{{RECEIPT_CHECK_LENGTH}}}"
)
_RECEIPT_CHECK = re.compile(RECEIPT_CHECK_PATTERN)
#: What a hand-typed check may hold besides its characters: spaces and dashes between groups.
_TYPED_SEPARATORS = re.compile(r"[\s\-\u2010-\u2015]+")
_TYPED_SPACES = re.compile(r"\s+")
#: A reference as a citizen may type it (its length as receipts print it).
_TYPED_REFERENCE = re.compile(r"[A-Z0-9][A-Z0-9-]{5,63}")
#: Look-alikes typed for a 1.2 check's characters: its alphabet has the digit, never the letter.
_CURRENT_LOOKALIKES = str.maketrans("OILZSB", "011258")
#: Look-alikes typed for a legacy base32 check: it has the letter, never the digit.
_LEGACY_LOOKALIKES = str.maketrans("018", "OIB")
#: Characters per group when a check is shown or printed for copying by hand.
CHECK_GROUP = 4


def _receipt_digest(secret: str, reference: str) -> bytes:
    return hmac.new(
        secret.encode("utf-8"), b"receipt:" + reference.encode("utf-8"), hashlib.sha256
    ).digest()


def receipt_check(secret: str, reference: str) -> str:
    """The check a kiosk prints in its receipt QR so a reference cannot be guessed or forged.

    HMAC-SHA256(secret, ``b"receipt:" + reference``), the same secret that signs requests:
    its first 8 bytes as a big-endian number, modulo 30**11, written with
    ``RECEIPT_CHECK_ALPHABET`` as 11 base-30 digits, most significant first.
    """
    number = int.from_bytes(_receipt_digest(secret, reference)[:8], "big")
    base = len(RECEIPT_CHECK_ALPHABET)
    digits = []
    for _ in range(RECEIPT_CHECK_LENGTH):
        number, digit = divmod(number, base)
        digits.append(RECEIPT_CHECK_ALPHABET[digit])
    return "".join(reversed(digits))


def legacy_receipt_check(secret: str, reference: str) -> str:
    """The check of receipts printed under contract 1.0 and 1.1, which stay verifiable.

    The first ``LEGACY_CHECK_LENGTH`` characters of the upper-case, unpadded base32 of the
    same HMAC as :func:`receipt_check`.
    """
    digest = _receipt_digest(secret, reference)
    return base64.b32encode(digest).decode("ascii")[:LEGACY_CHECK_LENGTH]


def receipt_check_is_valid(secret: str, reference: str, check: str) -> bool:
    """Whether ``check`` is the one either form makes, compared in constant time.

    The form is told by the length: 11 characters are a 1.2 check, 10 a legacy one.
    """
    if not _RECEIPT_CHECK.fullmatch(check):
        return False
    expected = (
        receipt_check(secret, reference)
        if len(check) == RECEIPT_CHECK_LENGTH
        else legacy_receipt_check(secret, reference)
    )
    return hmac.compare_digest(expected, check)


def read_typed_check(typed: str) -> str | None:
    """A check as a citizen typed it, read leniently; None when it cannot be one.

    Case, spaces and dashes do not matter, and a look-alike counts as the character it
    looks like: in a 1.2 check (11 characters) O is 0, I and L are 1, Z is 2, S is 5 and B
    is 8; in a legacy check (10 characters, base32 has no 0, 1 or 8) 0 is O, 1 is I and 8
    is B.
    """
    text = _TYPED_SEPARATORS.sub("", typed).upper()
    if len(text) == RECEIPT_CHECK_LENGTH:
        text = text.translate(_CURRENT_LOOKALIKES)
    elif len(text) == LEGACY_CHECK_LENGTH:
        text = text.translate(_LEGACY_LOOKALIKES)
    return text if _RECEIPT_CHECK.fullmatch(text) else None


def read_typed_receipt(reference: str, check_code: str) -> tuple[str, str] | None:
    """A receipt's number and check code as typed, read leniently; None when they are not.

    Spaces in the number do not matter, nor its case; the check is read as
    :func:`read_typed_check` reads it.
    """
    number = _TYPED_SPACES.sub("", reference).upper()
    check = read_typed_check(check_code)
    if not _TYPED_REFERENCE.fullmatch(number) or check is None:
        return None
    return number, check


def format_check(check: str) -> str:
    """A check in groups of ``CHECK_GROUP``, as receipts and screens show it: ``1WK6-5CVV-MRC``."""
    return "-".join(check[i : i + CHECK_GROUP] for i in range(0, len(check), CHECK_GROUP))


def receipt_qr_payload(secret: str, reference: str) -> str:
    """The text of the kiosk's receipt QR for ``reference``."""
    return f"{RECEIPT_QR_PREFIX}:{reference}:{receipt_check(secret, reference)}"
