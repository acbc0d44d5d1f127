"""Receipt check codes: the 1.2 alphabet without look-alikes, legacy checks, lenient typing.

(The request signature itself is checked against the contract's worked examples in
``tests/unit/central/test_contract.py``.)
"""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from kiosk import signing

SECRET = "demo-secret"
REFERENCE = "ALM-DEMO-01-20261123-K1-A001"
#: The contract's worked example ("QR codes").
CHECK, LEGACY = "1WK65CVVMRC", "MTHXXVC2RC"
LOOK_ALIKES = [("O", "0"), ("I", "1"), ("Z", "2"), ("S", "5"), ("B", "8")]


def test_the_worked_example() -> None:
    assert signing.receipt_check(SECRET, REFERENCE) == CHECK
    assert signing.legacy_receipt_check(SECRET, REFERENCE) == LEGACY
    assert signing.receipt_qr_payload(SECRET, REFERENCE) == f"ALM1:{REFERENCE}:{CHECK}"


def test_the_alphabet_holds_one_of_each_pair_of_look_alikes() -> None:
    alphabet = set(signing.RECEIPT_CHECK_ALPHABET)
    assert len(alphabet) == len(signing.RECEIPT_CHECK_ALPHABET) == 30
    for letter, digit in LOOK_ALIKES:
        assert digit in alphabet and letter not in alphabet
    assert "L" not in alphabet  # nor L, which reads as 1 too


@given(st.from_regex(r"[A-Z0-9][A-Z0-9-]{5,63}", fullmatch=True), st.text(max_size=20))
def test_every_check_has_the_length_and_alphabet(reference: str, secret: str) -> None:
    check = signing.receipt_check(secret, reference)
    assert len(check) == signing.RECEIPT_CHECK_LENGTH
    assert set(check) <= set(signing.RECEIPT_CHECK_ALPHABET)
    assert signing.receipt_check_is_valid(secret, reference, check)
    assert signing.receipt_check_is_valid(
        secret, reference, signing.legacy_receipt_check(secret, reference)
    )


@pytest.mark.parametrize(
    "check",
    [
        CHECK[:-1] + ("0" if CHECK[-1] != "0" else "1"),  # one character off
        LEGACY[:-1] + ("A" if LEGACY[-1] != "A" else "B"),
        CHECK.lower(),  # verification is exact: typing is read leniently before
        "1WK6-5CVV-MRC",
        CHECK + "0",
        "",
    ],
)
def test_anything_else_is_not_valid(check: str) -> None:
    assert not signing.receipt_check_is_valid(SECRET, REFERENCE, check)
    assert not signing.receipt_check_is_valid("other-secret", REFERENCE, CHECK)


@pytest.mark.parametrize(
    ("typed", "read"),
    [
        (CHECK, CHECK),
        ("1wk65cvvmrc", CHECK),
        ("1WK6-5CVV-MRC", CHECK),
        (" 1wk6 5cvv mrc ", CHECK),
        ("1WK6\u20135CVV\u2013MRC", CHECK),  # en dashes from a phone's note
        ("IWK6-5CVV-MRC", CHECK),  # I read as 1
        ("lWK6-5CVV-MRC", CHECK),  # l read as 1
        ("0JTW-G5K4-CA4", "0JTWG5K4CA4"),
        ("OJTW-G5K4-CA4", "0JTWG5K4CA4"),  # O read as 0
        ("0JTW-GSK4-CA4", "0JTWG5K4CA4"),  # S read as 5
        ("Z9B3-0000-000", "29830000000"),  # Z read as 2, B as 8
        (LEGACY, LEGACY),
        ("mthxx-vc2rc", LEGACY),
        ("MTHXX VC2RC", LEGACY),
        ("A0B1C8DEFG", "AOBICBDEFG"),  # a legacy check has no 0, 1 or 8: they are O, I, B
    ],
)
def test_a_typed_check_is_read_leniently(typed: str, read: str) -> None:
    assert signing.read_typed_check(typed) == read


@pytest.mark.parametrize(
    "typed",
    [
        "",
        "1WK69CVVMR",  # 10 characters are a legacy check, which has no 9
        "1WK65CVVMRC0",
        "1WK6?5CVVMRC",
        "ÄWK65CVVMRC",
        "1WK65CVVMR!",
    ],
)
def test_what_cannot_be_a_check_is_not_read_as_one(typed: str) -> None:
    assert signing.read_typed_check(typed) is None


def test_a_check_is_shown_in_groups_of_four() -> None:
    assert signing.format_check(CHECK) == "1WK6-5CVV-MRC"
    assert signing.format_check(LEGACY) == "MTHX-XVC2-RC"
    assert signing.read_typed_check(signing.format_check(CHECK)) == CHECK
