"""What a scanned QR code means: the kiosk's own receipt, a pre-registration, or nothing.

Whatever a scanner sends is untrusted: it may be any QR code a citizen holds up, a
damaged read, or a deliberate attempt at guessing someone else's reference. So the
payload is capped in length before it is decoded, decoded strictly as ASCII (both of
our formats are ASCII only), refused if it holds a control character, and matched
against exact patterns. The only exception that leaves :func:`parse_scan` is
:class:`ScanRejected`, which carries a reason, a bilingual message for the citizen and
an exact detail for technicians.

Formats (the contract, ``central/openapi.yaml``, "QR codes", is authoritative):

* receipt: ``ALM1:<reference>:<check>``; the check is ``kiosk.signing.receipt_check``
  under the issuing kiosk's secret. A receipt of this kiosk is verified here and a
  forgery refused; a receipt of another kiosk is returned unverified, with its check,
  for central to verify (``GET /v1/transactions/{reference}?sig=<check>``).
* pre-registration: ``ALM-PRE1:<token>``, a token central issued, looked up with
  ``GET /v1/preregistrations/{token}``.
"""

from __future__ import annotations

import enum
import logging
import re
from dataclasses import dataclass

from kiosk import signing
from kiosk.text import LocalizedText

log = logging.getLogger("kiosk.scan")

#: Longest payload looked at, in bytes, before any decoding.
MAX_PAYLOAD_BYTES = 512
PREREGISTRATION_PREFIX = "ALM-PRE1"

#: The contract's ``Reference`` pattern.
_REFERENCE = re.compile(r"[A-Z0-9][A-Z0-9-]{5,63}")
_CHECK = re.compile(signing.RECEIPT_CHECK_PATTERN)
#: 16 to 64 characters of the URL-safe base64 alphabet, no padding (base32 fits in it).
_TOKEN = re.compile(r"[A-Za-z0-9_-]{16,64}")
#: Printable ASCII: space to tilde.
_PRINTABLE = re.compile(r"[\x20-\x7e]*")
_CONTROL = re.compile(r"[\x00-\x1f\x7f]")

#: What can be scanned instead is said too: the kiosk's receipts (the identify step, where a
#: pre-registration QR is what it takes, says so itself: ``kiosk.scan_routing``).
NOT_RECOGNISED = LocalizedText(
    "QR ini tidak dikenali. Pindai QR pada struk anjungan untuk melihat status permohonan.",
    "This QR code is not recognised. Scan the QR on a kiosk receipt to see a request's status.",
)
TOO_LONG = LocalizedText(
    "QR ini terlalu panjang dan tidak dikenali. Pindai QR pada struk anjungan untuk melihat"
    " status permohonan.",
    "This QR code is too long and is not recognised. Scan the QR on a kiosk receipt to see a"
    " request's status.",
)
NOT_VALID = LocalizedText(
    "Tanda terima ini tidak sah. Silakan hubungi petugas.",
    "This receipt is not valid. Please ask an officer.",
)


class ScanRejectReason(enum.Enum):
    """Why a payload was refused; one per check, so technicians can tell them apart."""

    EMPTY = "empty"
    TOO_LONG = "too_long"
    NOT_ASCII = "not_ascii"
    CONTROL_CHARACTER = "control_character"
    UNKNOWN_FORMAT = "unknown_format"
    MALFORMED_RECEIPT = "malformed_receipt"
    FORGED_RECEIPT = "forged_receipt"
    MALFORMED_PREREGISTRATION = "malformed_preregistration"


_MESSAGES: dict[ScanRejectReason, LocalizedText] = {
    ScanRejectReason.TOO_LONG: TOO_LONG,
    ScanRejectReason.FORGED_RECEIPT: NOT_VALID,
}


class ScanRejected(Exception):  # noqa: N818  # the name the UI and the issue use
    """A payload that is not one of ours, or a receipt whose check is wrong.

    Attributes:
        reason: which check refused it.
        message: what the citizen reads.
        detail: the exact reason, for the technician log; never any of the payload's
            characters, which may be a NIK.

    """

    def __init__(self, reason: ScanRejectReason, detail: str) -> None:
        super().__init__(detail)
        self.reason = reason
        self.message = _MESSAGES.get(reason, NOT_RECOGNISED)
        self.detail = detail


@dataclass(frozen=True)
class ReceiptScan:
    """A receipt QR: the reference, its check, and whether this kiosk verified the check.

    ``verified`` is True only for this kiosk's own receipts (whose check it can compute);
    another kiosk's receipt is passed to central with ``check`` as ``sig``.
    """

    reference: str
    check: str
    own: bool
    verified: bool


@dataclass(frozen=True)
class PreRegistrationScan:
    """A pre-registration QR made on a citizen's phone: the token to look up at central."""

    token: str


ScanResult = ReceiptScan | PreRegistrationScan


def kiosk_reference_prefix(kiosk_id: str) -> str:
    """The start of every reference this kiosk makes (mirrors ``processor.reference_for``)."""
    return re.sub(r"[^A-Z0-9]+", "-", kiosk_id.upper()).strip("-") + "-"


def _shape(text: str) -> str:
    """What a refused payload looks like, without any of its characters.

    A QR that starts with a NIK (many identity QR codes do) would leave its digits 1 to
    12, the date of birth among them, in any prefix of it; the counts say enough to tell
    a URL from a phone's identity code. ``kiosk devices read-scan`` shows a technician the
    whole payload on the terminal when it is needed.
    """
    letters = sum(char.isalpha() for char in text)
    digits = sum(char.isdigit() for char in text)
    return (
        f"{len(text)} characters: {letters} letters, {digits} digits, "
        f"{len(text) - letters - digits} others"
    )


def decode_payload(payload: bytes | str) -> str:
    """The payload as printable ASCII, after the length, encoding and control checks.

    Text (from a keyboard wedge) is checked as its UTF-8 bytes, like a serial scan.

    Raises:
        ScanRejected: empty, too long, not ASCII, or with a control character.

    """
    data = payload.encode("utf-8", "surrogatepass") if isinstance(payload, str) else payload
    if not data:
        raise ScanRejected(ScanRejectReason.EMPTY, "empty payload")
    if len(data) > MAX_PAYLOAD_BYTES:
        raise ScanRejected(
            ScanRejectReason.TOO_LONG,
            f"payload of {len(data)} bytes; at most {MAX_PAYLOAD_BYTES} are accepted",
        )
    try:
        text = data.decode("ascii", errors="strict")
    except UnicodeDecodeError as exc:
        raise ScanRejected(
            ScanRejectReason.NOT_ASCII,
            f"byte 0x{data[exc.start]:02X} at offset {exc.start} is not ASCII",
        ) from None
    if not _PRINTABLE.fullmatch(text):
        match = _CONTROL.search(text)
        offset = match.start() if match else 0
        raise ScanRejected(
            ScanRejectReason.CONTROL_CHARACTER,
            f"control character 0x{ord(text[offset]):02X} at offset {offset}",
        )
    return text


def parse_scan(payload: bytes | str, *, kiosk_id: str, secret: str) -> ScanResult:
    """What ``payload`` is, for a kiosk with this id and signing secret.

    Args:
        payload: the raw scan, as a driver or the keyboard wedge delivered it.
        kiosk_id: this kiosk's id (``[kiosk] id``), to recognise its own receipts.
        secret: this kiosk's signing secret (``[central] secret``); when empty, even
            this kiosk's receipts come back unverified, for central to check.

    Raises:
        ScanRejected: anything but a well-formed receipt or pre-registration, and a
            receipt of this kiosk whose check is wrong.

    """
    text = decode_payload(payload)
    kind, separator, rest = text.partition(":")
    if not separator or kind not in (signing.RECEIPT_QR_PREFIX, PREREGISTRATION_PREFIX):
        raise ScanRejected(
            ScanRejectReason.UNKNOWN_FORMAT,
            f"not a receipt or pre-registration QR ({_shape(text)})",
        )
    if kind == PREREGISTRATION_PREFIX:
        if not _TOKEN.fullmatch(rest):
            raise ScanRejected(
                ScanRejectReason.MALFORMED_PREREGISTRATION,
                f"pre-registration token of {len(rest)} characters does not match {_TOKEN.pattern}",
            )
        return PreRegistrationScan(rest)
    return _receipt(rest, kiosk_id, secret)


def _receipt(rest: str, kiosk_id: str, secret: str) -> ReceiptScan:
    """``<reference>:<check>``, verified when the reference is this kiosk's."""
    reference, separator, check = rest.partition(":")
    if not separator or not _REFERENCE.fullmatch(reference) or not _CHECK.fullmatch(check):
        raise ScanRejected(
            ScanRejectReason.MALFORMED_RECEIPT,
            f"receipt QR ({_shape(rest)} after {signing.RECEIPT_QR_PREFIX}:) is not"
            f" <reference>:<check of {signing.RECEIPT_CHECK_LENGTH} or"
            f" {signing.LEGACY_CHECK_LENGTH} characters>",
        )
    own = _is_own(reference, kiosk_id)
    if not own or not secret:
        log.debug("receipt %s left for central to verify (own=%s)", reference, own)
        return ReceiptScan(reference, check, own=own, verified=False)
    if not signing.receipt_check_is_valid(secret, reference, check):
        log.warning("receipt QR for %s has a wrong check", reference)
        raise ScanRejected(
            ScanRejectReason.FORGED_RECEIPT,
            f"the check of receipt {reference} does not match this kiosk's secret",
        )
    return ReceiptScan(reference, check, own=True, verified=True)


_OWN_TAIL = re.compile(r"[0-9]{8}-[A-Z0-9][A-Z0-9-]*")


def _is_own(reference: str, kiosk_id: str) -> bool:
    """Whether this kiosk made ``reference``: its id, a date, then a local part."""
    prefix = kiosk_reference_prefix(kiosk_id)
    return reference.startswith(prefix) and bool(_OWN_TAIL.fullmatch(reference[len(prefix) :]))
