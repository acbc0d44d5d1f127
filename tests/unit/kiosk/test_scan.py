"""Parsing scanned QR payloads: typed results, one error type, no forgery accepted."""

from __future__ import annotations

import datetime as dt
import threading

import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from drivers.base import DriverError
from kiosk import signing
from kiosk.config import load_config
from kiosk.installer import read_scan
from kiosk.processor import reference_for
from kiosk.scan import (
    MAX_PAYLOAD_BYTES,
    NOT_RECOGNISED,
    PreRegistrationScan,
    ReceiptScan,
    ScanRejected,
    ScanRejectReason,
    kiosk_reference_prefix,
    parse_scan,
)
from tests.helpers.serial_pty import missing_socat_reason, serial_pty_pair

KIOSK = "ALM-DEMO-01"
SECRET = "demo-secret"  # the contract's worked example
#: A configured secret must be at least 16 characters.
DEVICE_SECRET = "demo-secret-of-a-real-kiosk"
OWN_REFERENCE = "ALM-DEMO-01-20261123-K1-A001"
OTHER_REFERENCE = "ALM-DESA-02-20261123-K1-A007"
CHECK_ALPHABET = "0123456789ACDEFGHJKMNPQRTUVWXY"
LEGACY_ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567"


def parse(payload: bytes | str) -> object:
    return parse_scan(payload, kiosk_id=KIOSK, secret=SECRET)


def rejected(payload: bytes | str) -> ScanRejected:
    with pytest.raises(ScanRejected) as caught:
        parse(payload)
    return caught.value


class TestReceipts:
    def test_this_kiosks_receipt_is_verified(self):
        payload = signing.receipt_qr_payload(SECRET, OWN_REFERENCE)
        result = parse(payload.encode("ascii"))
        assert result == ReceiptScan(
            OWN_REFERENCE, payload.rsplit(":", 1)[1], own=True, verified=True
        )

    def test_the_check_has_at_least_50_bits_and_no_look_alikes(self):
        check = signing.receipt_check(SECRET, OWN_REFERENCE)
        assert len(check) == 11 and 30**11 >= 2**50
        assert set(check) <= set(CHECK_ALPHABET)
        assert not set(CHECK_ALPHABET) & set("BILOSZ")

    def test_a_receipt_printed_with_the_legacy_check_is_still_verified(self):
        legacy = signing.legacy_receipt_check(SECRET, OWN_REFERENCE)
        assert len(legacy) == 10 and set(legacy) <= set(LEGACY_ALPHABET)
        result = parse(f"ALM1:{OWN_REFERENCE}:{legacy}")
        assert result == ReceiptScan(OWN_REFERENCE, legacy, own=True, verified=True)

    def test_a_forged_legacy_check_is_refused(self):
        legacy = signing.legacy_receipt_check(SECRET, OWN_REFERENCE)
        forged = ("A" if legacy[0] != "A" else "B") + legacy[1:]
        assert rejected(f"ALM1:{OWN_REFERENCE}:{forged}").reason is (
            ScanRejectReason.FORGED_RECEIPT
        )

    def test_a_reference_made_by_the_processor_is_recognised_as_own(self):
        moment = dt.datetime(2026, 11, 23, 9, 0)
        for kiosk_id in ("ALM-DEMO-01", "alm demo 01", "K1", "desa_sukamaju.02"):
            reference = reference_for(kiosk_id, moment, "K1-A001")
            assert reference.startswith(kiosk_reference_prefix(kiosk_id))
            payload = signing.receipt_qr_payload(SECRET, reference)
            result = parse_scan(payload, kiosk_id=kiosk_id, secret=SECRET)
            assert isinstance(result, ReceiptScan)
            assert result.own and result.verified

    def test_a_wrong_check_on_this_kiosks_receipt_is_refused(self):
        good = signing.receipt_check(SECRET, OWN_REFERENCE)
        forged = ("A" if good[0] != "A" else "B") + good[1:]
        error = rejected(f"ALM1:{OWN_REFERENCE}:{forged}")
        assert error.reason is ScanRejectReason.FORGED_RECEIPT
        assert error.message.id == "Tanda terima ini tidak sah. Silakan hubungi petugas."
        assert error.detail == (
            f"the check of receipt {OWN_REFERENCE} does not match this kiosk's secret"
        )

    def test_a_check_made_with_another_secret_is_refused(self):
        payload = signing.receipt_qr_payload("someone-elses-secret", OWN_REFERENCE)
        assert rejected(payload).reason is ScanRejectReason.FORGED_RECEIPT

    def test_another_kiosks_receipt_is_left_for_central(self):
        payload = signing.receipt_qr_payload("other-secret", OTHER_REFERENCE)
        result = parse(payload)
        assert result == ReceiptScan(
            OTHER_REFERENCE, payload.rsplit(":", 1)[1], own=False, verified=False
        )

    def test_without_a_secret_own_receipts_are_unverified(self):
        payload = signing.receipt_qr_payload(SECRET, OWN_REFERENCE)
        result = parse_scan(payload, kiosk_id=KIOSK, secret="")
        assert result == ReceiptScan(OWN_REFERENCE, payload[-11:], own=True, verified=False)

    def test_a_kiosk_whose_id_is_a_prefix_is_not_confused(self):
        # "ALM-DEMO" must not claim ALM-DEMO-01's receipts as its own.
        payload = signing.receipt_qr_payload("other", OWN_REFERENCE)
        result = parse_scan(payload, kiosk_id="ALM-DEMO", secret=SECRET)
        assert isinstance(result, ReceiptScan) and not result.own

    @pytest.mark.parametrize(
        "payload",
        [
            "ALM1:",
            "ALM1:ALM-DEMO-01-20261123-K1-A001",
            "ALM1:ALM-DEMO-01-20261123-K1-A001:",
            "ALM1:ALM-DEMO-01-20261123-K1-A001:ABCDEFGH",  # too short
            "ALM1:ALM-DEMO-01-20261123-K1-A001:ACDEFGHJKMNP",  # too long
            "ALM1:alm-demo-01-20261123-k1-a001:ABCDEFGHIJ",  # lower case
            "ALM1:ALM-DEMO-01-20261123-K1-A001:abcdefghij",
            "ALM1:ALM-DEMO-01-20261123-K1-A001:acdefghjkmn",
            "ALM1:ALM-DEMO-01-20261123-K1-A001:ABCDEFGHI1",  # 1 is not base32
            "ALM1:ALM-DEMO-01-20261123-K1-A001:ACDEFGHJKMO",  # O is not in the 1.2 alphabet
            "ALM1:ALM-DEMO-01-20261123-K1-A001:ABCDEFGHIJK",  # nor B, I
            "ALM1:-LEADING-DASH:ABCDEFGHIJ",
            "ALM1:SHORT:ABCDEFGHIJ",
            "ALM1:A:B:ABCDEFGHIJ",
            "ALM1: ALM-DEMO-01-20261123-K1-A001:ABCDEFGHIJ",
        ],
    )
    def test_malformed_receipts_are_refused(self, payload):
        error = rejected(payload)
        assert error.reason is ScanRejectReason.MALFORMED_RECEIPT
        assert error.message == NOT_RECOGNISED


class TestPreRegistrations:
    @pytest.mark.parametrize(
        "token", ["A" * 16, "Z" * 64, "MFRGGZDFMZTWQ2LKNNWG23TPOBYXE43U", "aB3-_xYz09qwerty"]
    )
    def test_a_token_is_returned_as_is(self, token):
        assert parse(f"ALM-PRE1:{token}") == PreRegistrationScan(token)

    @pytest.mark.parametrize(
        "token", ["", "A" * 15, "A" * 65, "A" * 15 + "=", "A" * 15 + "+", "A" * 15 + "/", "A B" * 6]
    )
    def test_a_malformed_token_is_refused(self, token):
        error = rejected(f"ALM-PRE1:{token}")
        assert error.reason is ScanRejectReason.MALFORMED_PREREGISTRATION
        assert error.message == NOT_RECOGNISED


class TestUntrustedInput:
    def test_anything_else_is_not_recognised(self):
        error = rejected("https://example.com/phish")
        assert error.reason is ScanRejectReason.UNKNOWN_FORMAT
        assert error.message.id == (
            "QR ini tidak dikenali. Pindai QR pada struk anjungan untuk melihat status permohonan."
        )
        assert error.detail == (
            "not a receipt or pre-registration QR (25 characters: 20 letters, 0 digits, 5 others)"
        )

    @pytest.mark.parametrize(
        "payload",
        [
            "3510014101900001#SITI AMINAH#JL MAWAR",
            "3510014101900001",
            "NIK:3510014101900001",
            "ALM1:3510014101900001:AAAAAAAAAA-",
            "ALM1:351001410190",
            "ALM-PRE1:3510014101900001==",
        ],
    )
    def test_a_refused_payload_leaves_none_of_its_characters_in_the_detail(self, payload):
        """A QR starting with a NIK would give away the date of birth in any prefix."""
        error = rejected(payload)
        assert "35100" not in error.detail and "410190" not in error.detail
        assert not any(run in error.detail for run in ("3510", "0141", "4101", "0190"))

    def test_prefixes_are_case_sensitive(self):
        payload = signing.receipt_qr_payload(SECRET, OWN_REFERENCE)
        assert rejected("alm1" + payload[4:]).reason is ScanRejectReason.UNKNOWN_FORMAT

    def test_empty(self):
        assert rejected(b"").reason is ScanRejectReason.EMPTY

    def test_the_length_is_capped_before_decoding(self):
        error = rejected(b"\xff" * (MAX_PAYLOAD_BYTES + 1))
        assert error.reason is ScanRejectReason.TOO_LONG
        assert error.detail == f"payload of 513 bytes; at most {MAX_PAYLOAD_BYTES} are accepted"
        assert error.message.id.startswith("QR ini terlalu panjang dan tidak dikenali. Pindai QR")

    def test_exactly_the_cap_is_looked_at(self):
        assert rejected(b"x" * MAX_PAYLOAD_BYTES).reason is ScanRejectReason.UNKNOWN_FORMAT

    def test_non_utf8_bytes(self):
        error = rejected(b"ALM1:\xc3\x28")
        assert error.reason is ScanRejectReason.NOT_ASCII
        assert error.detail == "byte 0xC3 at offset 5 is not ASCII"

    def test_non_ascii_text_from_a_wedge(self):
        error = rejected("ALM-PRE1:ÄAAAAAAAAAAAAAAAAA")
        assert error.reason is ScanRejectReason.NOT_ASCII

    @pytest.mark.parametrize("control", ["\x00", "\r", "\n", "\t", "\x1b", "\x7f"])
    def test_control_characters(self, control):
        payload = signing.receipt_qr_payload(SECRET, OWN_REFERENCE) + control
        error = rejected(payload)
        assert error.reason is ScanRejectReason.CONTROL_CHARACTER
        assert (
            error.detail == f"control character 0x{ord(control):02X} at offset {len(payload) - 1}"
        )

    def test_lone_surrogates_in_text_are_refused_not_crashed_on(self):
        assert rejected("ALM1:\udcff").reason is ScanRejectReason.NOT_ASCII

    def test_rejection_is_the_only_exception_and_carries_a_str(self):
        error = rejected(b"\x00")
        assert isinstance(error, Exception)
        assert str(error) == error.detail


class TestFuzzing:
    @settings(max_examples=500)
    @given(st.binary(max_size=MAX_PAYLOAD_BYTES + 64))
    def test_arbitrary_bytes_parse_or_are_rejected(self, payload):
        try:
            result = parse(payload)
        except ScanRejected as error:
            assert error.message.id and error.message.en and error.detail
        else:
            assert isinstance(result, ReceiptScan | PreRegistrationScan)

    @settings(max_examples=500)
    @given(st.text(max_size=600))
    def test_arbitrary_text_parses_or_is_rejected(self, payload):
        try:
            result = parse(payload)
        except ScanRejected:
            return
        assert isinstance(result, ReceiptScan | PreRegistrationScan)

    @settings(max_examples=300)
    @given(
        prefix=st.sampled_from(["ALM1:", "ALM-PRE1:", "ALM1:" + OWN_REFERENCE + ":", ""]),
        tail=st.text(alphabet=st.characters(codec="ascii"), max_size=80),
    )
    def test_near_misses_parse_or_are_rejected(self, prefix, tail):
        try:
            result = parse(prefix + tail)
        except ScanRejected:
            return
        if isinstance(result, ReceiptScan) and result.verified:
            assert result.check == signing.receipt_check(SECRET, result.reference)

    @settings(max_examples=500)
    @given(
        local=st.from_regex(r"[A-Z0-9][A-Z0-9-]{0,20}", fullmatch=True),
        day=st.dates(min_value=dt.date(2000, 1, 1), max_value=dt.date(2099, 12, 31)),
        check=st.text(alphabet=CHECK_ALPHABET, min_size=11, max_size=11)
        | st.text(alphabet=LEGACY_ALPHABET, min_size=10, max_size=10),
    )
    def test_a_forged_check_on_an_own_reference_is_never_accepted(self, local, day, check):
        reference = f"{kiosk_reference_prefix(KIOSK)}{day:%Y%m%d}-{local}"
        assume(check != signing.receipt_check(SECRET, reference))
        assume(check != signing.legacy_receipt_check(SECRET, reference))
        with pytest.raises(ScanRejected) as caught:
            parse(f"ALM1:{reference}:{check}")
        assert caught.value.reason is ScanRejectReason.FORGED_RECEIPT

    @settings(max_examples=300)
    @given(
        local=st.from_regex(r"[A-Z0-9][A-Z0-9-]{0,20}", fullmatch=True),
        position=st.integers(min_value=0),
        replacement=st.characters(codec="ascii"),
    )
    def test_one_changed_character_never_yields_another_verified_receipt(
        self, local, position, replacement
    ):
        reference = f"{kiosk_reference_prefix(KIOSK)}20261123-{local}"
        payload = signing.receipt_qr_payload(SECRET, reference)
        index = position % len(payload)
        assume(payload[index] != replacement)
        mutated = payload[:index] + replacement + payload[index + 1 :]
        try:
            result = parse(mutated)
        except ScanRejected:
            return
        assert isinstance(result, ReceiptScan)
        assert not result.verified or (
            result.reference == reference
            and result.check == signing.receipt_check(SECRET, reference)
        )

    @given(st.from_regex(r"[A-Z0-9][A-Z0-9-]{5,63}", fullmatch=True))
    def test_every_valid_own_payload_round_trips(self, local):
        reference = f"{kiosk_reference_prefix(KIOSK)}20261123-{local}"[:64]
        payload = signing.receipt_qr_payload(SECRET, reference)
        result = parse(payload)
        assert result == ReceiptScan(reference, payload[-11:], own=True, verified=True)


class TestReadScan:
    """``kiosk devices read-scan``'s function, on a socat pty pair as the serial scanner."""

    @pytest.fixture
    def pair(self, tmp_path):
        reason = missing_socat_reason()
        if reason:
            pytest.skip(reason)
        with serial_pty_pair(tmp_path) as made:
            yield made

    def config(self, tmp_path, uri):
        return load_config(
            environ={
                "KIOSK_SCANNER": uri,
                "KIOSK_ID": KIOSK,
                "KIOSK_SECRET": DEVICE_SECRET,
                "KIOSK_DATA_DIR": str(tmp_path / "data"),
            }
        )

    def scan_while_reading(self, pair, config, payload: bytes):
        # The driver drops what was sent before it opened the port, so the "scanner"
        # repeats the scan until the reading side has taken one.
        done = threading.Event()

        def keep_scanning():
            while not done.wait(0.2):
                pair.write(payload)

        writer = threading.Thread(target=keep_scanning, daemon=True)
        writer.start()
        try:
            return read_scan(config, timeout=10)
        finally:
            done.set()
            writer.join()

    def test_a_receipt(self, pair, tmp_path):
        config = self.config(tmp_path, f"serial://{pair.device}?terminator=cr")
        payload = signing.receipt_qr_payload(DEVICE_SECRET, OWN_REFERENCE)
        result = self.scan_while_reading(pair, config, payload.encode() + b"\r")
        assert result == {
            "scanner": f"serial QR scanner on {pair.device} at 9600 baud (terminator cr)",
            "source": f"serial:{pair.device}",
            "length": len(payload),
            "hex": payload.encode().hex().upper(),
            "text": payload,
            "parsed": {
                "kind": "receipt",
                "reference": OWN_REFERENCE,
                "check": payload[-11:],
                "own": True,
                "verified": True,
            },
        }

    def test_garbage_is_shown_escaped_with_the_reason(self, pair, tmp_path):
        config = self.config(tmp_path, f"serial://{pair.device}")
        result = self.scan_while_reading(pair, config, b"ALM1:\xff\x00\r\n")
        assert result is not None
        assert result["text"] == "ALM1:\\xff\\x00"
        assert result["parsed"] == {
            "kind": "rejected",
            "reason": "not_ascii",
            "detail": "byte 0xFF at offset 5 is not ASCII",
            "message": {"id": NOT_RECOGNISED.id, "en": NOT_RECOGNISED.en},
        }

    def test_a_pre_registration(self, pair, tmp_path):
        config = self.config(tmp_path, f"serial://{pair.device}")
        result = self.scan_while_reading(pair, config, b"ALM-PRE1:ABCDEFGHIJKLMNOP\n")
        assert result is not None
        assert result["parsed"] == {"kind": "preregistration", "token": "ABCDEFGHIJKLMNOP"}

    def test_nothing_scanned_is_none(self, pair, tmp_path):
        assert read_scan(self.config(tmp_path, f"serial://{pair.device}"), timeout=0.5) is None

    def test_an_unavailable_scanner_says_why(self, tmp_path):
        config = self.config(tmp_path, f"serial://{tmp_path / 'ttyACM9'}")
        with pytest.raises(DriverError) as caught:
            read_scan(config, timeout=0.5)
        assert str(caught.value).startswith(
            f"serial QR scanner on {tmp_path / 'ttyACM9'} at 9600 baud (terminator any) is "
            f"unavailable: cannot open {tmp_path / 'ttyACM9'}: "
        )
