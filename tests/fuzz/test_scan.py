"""The scan parser against anything a scanner can send: typed results or ScanRejected, and
no refusal that repeats the NIK a QR code may start with."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from kiosk.scan import MAX_PAYLOAD_BYTES, PreRegistrationScan, ReceiptScan, ScanRejected, parse_scan
from tests.helpers.fuzzing import QUICK, fuzz, longest_connected_digits, split_niks

KIOSK, SECRET = "ALM-FUZZ-01", "fuzz-secret-of-this-kiosk"
PREFIXES = ["", "ALM1:", "ALM-PRE1:", "ALM1:ALM-FUZZ-01-20261123-K1-A001:", "NIK:", "https://"]


@st.composite
def payloads(draw: st.DrawFn) -> tuple[bytes | str, str]:
    """A payload, and the NIK hidden in it ("" when none is)."""
    kind = draw(st.sampled_from(["bytes", "text", "nik"]))
    if kind == "bytes":
        return draw(st.binary(max_size=MAX_PAYLOAD_BYTES + 64)), ""
    if kind == "text":
        return draw(st.text(max_size=MAX_PAYLOAD_BYTES + 64)), ""
    nik, written = draw(split_niks())
    before = draw(st.sampled_from(PREFIXES)) + draw(st.text(max_size=20))
    after = draw(st.text(max_size=40))
    text = before + written + after
    return (text.encode("utf-8", "surrogatepass") if draw(st.booleans()) else text), nik


def check_scan(payload: bytes | str, nik: str) -> None:
    try:
        result = parse_scan(payload, kiosk_id=KIOSK, secret=SECRET)
    except ScanRejected as rejected:
        detail = rejected.detail
        assert detail and "\n" not in detail and len(detail) < 200
        assert rejected.message.id and rejected.message.en
        # The detail goes to the log: nothing of a NIK the payload may start with.
        assert longest_connected_digits(detail) < 16, detail
        if nik:
            assert nik[6:12] not in detail
    else:
        assert isinstance(result, ReceiptScan | PreRegistrationScan)


@QUICK
@given(payloads())
def test_every_payload_parses_or_is_refused_without_its_nik(case: tuple[bytes | str, str]) -> None:
    check_scan(*case)


@fuzz
@given(payloads())
def test_every_payload_parses_or_is_refused_without_its_nik_fuzz(
    case: tuple[bytes | str, str],
) -> None:
    check_scan(*case)
