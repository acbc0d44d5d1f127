"""The identity model: NIK validation table, masking helpers and their properties."""

from __future__ import annotations

import io
import logging
import sys
from datetime import date

import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st
from stdnum.id import nik as stdnum_nik

from drivers.identity_plugins import Biodata
from kiosk.identity import (
    Identity,
    IdentitySource,
    NikCheck,
    NikMaskingFilter,
    NikProblem,
    Sex,
    group_nik,
    mask_name,
    mask_nik,
    mask_nik_like_runs,
    validate_nik,
)

TODAY = date(2024, 6, 1)
# 35.01 is Pacitan in Jawa Timur, 31.71 Jakarta Selatan, 32.73 Bandung: all in stdnum's table.
MAN = "3501011708450001"  # 17 Aug 1945
WOMAN = "3501015708450002"  # day 57 = 17 + 40
NIK_ST = st.text(alphabet="0123456789", min_size=16, max_size=16)
NAME_ST = st.lists(
    st.text(alphabet="ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz'", min_size=1),
    min_size=1,
    max_size=4,
).map(" ".join)
BIRTH_DIGITS_ST = st.text(alphabet="0123456789", min_size=6, max_size=6)


def with_birth_digits(nik: str, digits: str) -> str:
    """The same NIK with digits 7 to 12 replaced."""
    return nik[:6] + digits + nik[12:]


# --- validation table ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "born", "sex", "regency"),
    [
        (MAN, date(1945, 8, 17), Sex.MALE, "PACITAN"),
        (WOMAN, date(1945, 8, 17), Sex.FEMALE, "PACITAN"),
        ("3171017101900003", date(1990, 1, 31), Sex.FEMALE, "JAKARTA SELATAN"),  # day 71
        ("3171010101000004", date(2000, 1, 1), Sex.MALE, "JAKARTA SELATAN"),
        ("3273012902000005", date(2000, 2, 29), Sex.MALE, "BANDUNG"),  # 2000 was a leap year
        ("3273016902000006", date(2000, 2, 29), Sex.FEMALE, "BANDUNG"),
        ("3501010106240007", TODAY, Sex.MALE, "PACITAN"),  # born today
        ("3501 0117 0845 0001", date(1945, 8, 17), Sex.MALE, "PACITAN"),  # typed in groups
        (" 3501-0117-0845-0001 ", date(1945, 8, 17), Sex.MALE, "PACITAN"),
        ("3599011708450001", date(1945, 8, 17), Sex.MALE, None),  # regency not in stdnum's table
    ],
)
def test_valid_niks(text: str, born: date, sex: Sex, regency: str | None) -> None:
    check = validate_nik(text, TODAY)
    assert check.ok, check.technician_message
    assert check.problem is None
    assert check.birth_date == born
    assert check.sex is sex
    assert check.region_code == stdnum_nik.compact(text)[:6]
    assert check.regency == regency
    assert check.province is not None


@pytest.mark.parametrize(
    ("text", "problem", "technician", "citizen_id", "citizen_en"),
    [
        (
            "",
            NikProblem.EMPTY,
            "no NIK entered",
            "Silakan ketik NIK Anda (16 angka).",
            "Please type your NIK (16 digits).",
        ),
        (
            "  - ",
            NikProblem.EMPTY,
            "no NIK entered",
            "Silakan ketik NIK Anda (16 angka).",
            "Please type your NIK (16 digits).",
        ),
        (
            "35010117O8450001",
            NikProblem.NOT_DIGITS,
            "NIK contains 1 character(s) other than the digits 0-9",
            "NIK hanya berisi angka 0 sampai 9. Hapus huruf atau tanda lainnya.",
            "A NIK has only the digits 0 to 9. Remove any letters or other signs.",
        ),
        (
            "NIK3501011708450001",
            NikProblem.NOT_DIGITS,
            "NIK contains 3 character(s) other than the digits 0-9",
            "NIK hanya berisi angka 0 sampai 9. Hapus huruf atau tanda lainnya.",
            "A NIK has only the digits 0 to 9. Remove any letters or other signs.",
        ),
        (
            "350101170845",
            NikProblem.TOO_SHORT,
            "NIK has 12 digits; it needs 16",
            "NIK harus 16 angka. Anda baru mengetik 12 angka.",
            "A NIK has 16 digits. You have typed only 12.",
        ),
        (
            "350101170845000",
            NikProblem.TOO_SHORT,
            "NIK has 15 digits; it needs 16",
            "NIK harus 16 angka. Anda baru mengetik 15 angka.",
            "A NIK has 16 digits. You have typed only 15.",
        ),
        (
            "35010117084500011",
            NikProblem.TOO_LONG,
            "NIK has 17 digits; it needs exactly 16",
            "NIK harus 16 angka. Anda mengetik 17 angka; periksa angka yang terketik dua kali.",
            "A NIK has 16 digits. You typed 17; check for a digit typed twice.",
        ),
        (
            "9901011708450001",
            NikProblem.BAD_REGION,
            "digits 1-2 (99) are not a known province code",
            "Kode wilayah pada NIK tidak dikenal. Periksa 6 angka pertama.",
            "The region code in the NIK is not known. Check the first 6 digits.",
        ),
        (
            "0001011708450001",
            NikProblem.BAD_REGION,
            "digits 1-2 (00) are not a known province code",
            "Kode wilayah pada NIK tidak dikenal. Periksa 6 angka pertama.",
            "The region code in the NIK is not known. Check the first 6 digits.",
        ),
        (
            "3501013102900001",  # 31 February
            NikProblem.BAD_DATE,
            "birth date impossible: the month in digits 9-10 has no such day (digits 7-8)",
            "Tanggal lahir pada NIK tidak mungkin. Periksa angka ke-7 sampai ke-12.",
            "The birth date in the NIK is impossible. Check digits 7 to 12.",
        ),
        (
            "3501016902010001",  # a woman's 29 February 2001
            NikProblem.BAD_DATE,
            "birth date impossible: the month in digits 9-10 has no such day (digits 7-8)",
            "Tanggal lahir pada NIK tidak mungkin. Periksa angka ke-7 sampai ke-12.",
            "The birth date in the NIK is impossible. Check digits 7 to 12.",
        ),
        (
            "3501017201900001",  # day 72: a woman's 32nd
            NikProblem.BAD_DATE,
            "birth date impossible: digits 7-8 (day) must be 01-31, or 41-71 for a woman",
            "Tanggal lahir pada NIK tidak mungkin. Periksa angka ke-7 sampai ke-12.",
            "The birth date in the NIK is impossible. Check digits 7 to 12.",
        ),
        (
            "3501013501900001",  # day 35: neither a man's nor a woman's
            NikProblem.BAD_DATE,
            "birth date impossible: digits 7-8 (day) must be 01-31, or 41-71 for a woman",
            "Tanggal lahir pada NIK tidak mungkin. Periksa angka ke-7 sampai ke-12.",
            "The birth date in the NIK is impossible. Check digits 7 to 12.",
        ),
        (
            "3501010001900001",  # day 00
            NikProblem.BAD_DATE,
            "birth date impossible: digits 7-8 (day) must be 01-31, or 41-71 for a woman",
            "Tanggal lahir pada NIK tidak mungkin. Periksa angka ke-7 sampai ke-12.",
            "The birth date in the NIK is impossible. Check digits 7 to 12.",
        ),
        (
            "3501018501900001",  # day 85, which python-stdnum alone accepts (85 % 40 = 5)
            NikProblem.BAD_DATE,
            "birth date impossible: digits 7-8 (day) must be 01-31, or 41-71 for a woman",
            "Tanggal lahir pada NIK tidak mungkin. Periksa angka ke-7 sampai ke-12.",
            "The birth date in the NIK is impossible. Check digits 7 to 12.",
        ),
        (
            "3501011713900001",  # month 13
            NikProblem.BAD_DATE,
            "birth date impossible: digits 9-10 (month) must be 01-12",
            "Tanggal lahir pada NIK tidak mungkin. Periksa angka ke-7 sampai ke-12.",
            "The birth date in the NIK is impossible. Check digits 7 to 12.",
        ),
        (
            "3501010206240001",  # 2 June 2024, the day after TODAY
            NikProblem.FUTURE_DATE,
            "birth date in digits 7-12 is after today",
            "Tanggal lahir pada NIK belum terjadi. Periksa angka ke-7 sampai ke-12.",
            "The birth date in the NIK is in the future. Check digits 7 to 12.",
        ),
        (
            "3501014112240001",  # a woman's 1 December 2024
            NikProblem.FUTURE_DATE,
            "birth date in digits 7-12 is after today",
            "Tanggal lahir pada NIK belum terjadi. Periksa angka ke-7 sampai ke-12.",
            "The birth date in the NIK is in the future. Check digits 7 to 12.",
        ),
    ],
)
def test_invalid_niks_say_exactly_why(
    text: str, problem: NikProblem, technician: str, citizen_id: str, citizen_en: str
) -> None:
    check = validate_nik(text, TODAY)
    assert not check.ok
    assert check.problem is problem
    assert check.technician_message == technician
    assert check.citizen_message.get("id") == citizen_id
    assert check.citizen_message.get("en") == citizen_en
    assert (check.birth_date, check.sex, check.region_code) == (None, None, None)


@pytest.mark.parametrize(
    ("text", "group", "named"),
    [
        ("9901011708450001", 0, "Periksa 6 angka pertama."),  # no province 99
        ("3501013208450001", 1, "Periksa angka ke-7 sampai ke-12."),  # day 32
        ("3501011713900001", 1, "Periksa angka ke-7 sampai ke-12."),  # month 13
        ("3501010206240001", 1, "Periksa angka ke-7 sampai ke-12."),  # after TODAY
        ("350101170845000", None, ""),  # 15 digits
        ("", None, ""),
        (MAN, None, ""),
    ],
)
def test_a_problem_names_the_group_of_the_nik_it_is_in(
    text: str, group: int | None, named: str
) -> None:
    """The group the screen marks (of 6, 6 and 4 digits) is the one the message names."""
    check = validate_nik(text, TODAY)
    assert check.group == group
    assert check.citizen_message.get("id").endswith(named)


@pytest.mark.parametrize(
    ("typed", "shown"),
    [
        ("", ""),
        ("3", "3"),
        ("350101", "350101"),
        ("3501011", "350101 1"),
        ("350101170845", "350101 170845"),
        ("3501011708450", "350101 170845 0"),
        ("3501011708450001", "350101 170845 0001"),
        ("35010117084500012", "350101 170845 00012"),
    ],
)
def test_group_nik_shows_the_digits_6_6_4_as_far_as_they_go(typed: str, shown: str) -> None:
    assert group_nik(typed) == shown


@given(st.text(alphabet="0123456789", max_size=20))
def test_grouping_only_adds_spaces_after_digits_6_and_12(typed: str) -> None:
    groups = group_nik(typed).split(" ") if typed else []
    assert "".join(groups) == typed
    assert len(groups) <= 3
    assert [len(group) for group in groups[:-1]] == [6] * (len(groups) - 1)


def test_the_same_number_is_future_or_past_depending_on_today() -> None:
    assert validate_nik("3501010206240001", TODAY).problem is NikProblem.FUTURE_DATE
    assert validate_nik("3501010206240001", date(2024, 6, 2)).birth_date == date(2024, 6, 2)
    # A year after this one is read as last century: 2 June 1925.
    assert validate_nik("3501010206250001", TODAY).birth_date == date(1925, 6, 2)


def test_province_codes_missing_from_stdnum_can_be_added() -> None:
    # Kalimantan Utara (65) was formed in 2012; python-stdnum's table does not have it.
    kaltara = "6501011708450001"
    assert validate_nik(kaltara, TODAY).problem is NikProblem.BAD_REGION
    check = validate_nik(kaltara, TODAY, extra_region_codes={"65"})
    assert check.ok
    assert (check.region_code, check.province, check.regency) == ("650101", None, None)
    assert check.birth_date == date(1945, 8, 17)


def test_a_check_can_be_logged_without_the_birth_date() -> None:
    check = validate_nik(WOMAN, TODAY)
    text = repr(check)
    assert "1945" not in text
    assert "FEMALE" not in text
    assert "birth_date" not in text
    assert WOMAN[6:12] not in text


# --- masking helpers -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("nik", "masked"),
    [
        ("3501011708450001", "350101******0001"),
        ("350101170845000", "***********5000"),  # 15 digits: only the last 4 stay
        ("35010117084500011", "*************0011"),
        ("3501 0117 0845 0001", "***************0001"),
        ("12345", "*2345"),
        ("1234", "1234"),
        ("", ""),
    ],
)
def test_mask_nik(nik: str, masked: str) -> None:
    assert mask_nik(nik) == masked


@pytest.mark.parametrize(
    ("name", "masked"),
    [
        ("Siti Aminah", "S*** A*****"),
        ("MUHAMMAD AL-FATIH", "M******* A*******"),
        ("  Budi  ", "  B***  "),
        ("I", "I"),
        ("", ""),
    ],
)
def test_mask_name(name: str, masked: str) -> None:
    assert mask_name(name) == masked


def test_identity_prints_only_masked_data() -> None:
    identity = Identity(nik=MAN, name="Budi Santoso", source=IdentitySource.TYPED, address="JL. X")
    assert identity.masked() == "NIK 350101******0001, B*** S******"
    assert str(identity) == identity.masked()
    assert f"{identity}" == identity.masked()
    assert repr(identity) == ("Identity(nik='350101******0001', name='B*** S******', source=typed)")
    assert identity.nik == MAN


def test_identity_from_plugin_biodata_keeps_every_field() -> None:
    biodata = Biodata(
        nik=WOMAN,
        name="SITI AMINAH",
        birth_place="PACITAN",
        birth_date="17-08-1945",
        sex="PEREMPUAN",
        address="JL. MERDEKA 17",
        rt_rw="001/002",
        village="SIDOHARJO",
        district="PACITAN",
        religion="ISLAM",
        marital_status="KAWIN",
        occupation="PETANI",
        nationality="WNI",
    )
    identity = Identity.from_biodata(biodata)
    assert identity.source is IdentitySource.CARD_PLUGIN
    assert (identity.nik, identity.name, identity.birth_place) == (WOMAN, "SITI AMINAH", "PACITAN")
    assert (identity.rt_rw, identity.occupation, identity.nationality) == (
        "001/002",
        "PETANI",
        "WNI",
    )


@pytest.mark.parametrize(
    ("text", "masked"),
    [
        ("NIK 3501011708450001 typed", "NIK 350101******0001 typed"),
        ("3501 0117 0845 0001", "3501 01** **** 0001"),
        ("3501-0117-0845-0001", "3501-01**-****-0001"),
        ("ref 12345678901234567890", "ref 123456**********7890"),
        (
            "uid 04a1b2c3d4e5f6, 13 digits 1234567890123",
            "uid 04a1b2c3d4e5f6, 13 digits 1234567890123",
        ),
        ("at 2024-06-01 12:30:01", "at 2024-06-01 12:30:01"),
    ],
)
def test_mask_nik_like_runs(text: str, masked: str) -> None:
    assert mask_nik_like_runs(text) == masked


@pytest.mark.parametrize(
    "separator",
    ["  ", "/", "_", ",", ":", "\t", "\n", "\u00a0", "\u200b", " - ", ".", "\\", "|", "*"],
)
def test_a_nik_split_by_any_non_alphanumeric_is_masked(separator: str) -> None:
    split = separator.join((MAN[:4], MAN[4:8], MAN[8:12], MAN[12:]))
    masked = mask_nik_like_runs(f"NIK {split} typed")
    digits = "".join(char for char in masked if char.isdigit())
    assert digits == "3501010001", repr(masked)
    assert masked.startswith("NIK 3501") and masked.endswith("0001 typed")


def test_a_nik_in_other_scripts_digits_is_masked_too() -> None:
    fullwidth = "".join(chr(ord(digit) - ord("0") + 0xFF10) for digit in MAN)
    assert "１７０８４５" not in mask_nik_like_runs(f"NIK {fullwidth}")


# --- the log filter --------------------------------------------------------------------


def filtered_line(record: logging.LogRecord) -> str:
    handler = logging.StreamHandler(io.StringIO())
    handler.addFilter(NikMaskingFilter())
    handler.setFormatter(logging.Formatter("%(levelname)s %(name)s: %(message)s"))
    handler.handle(record)
    handler.handle(record)  # a second handler with its own filter sees the same record
    stream = handler.stream
    assert isinstance(stream, io.StringIO)
    return stream.getvalue()


def records_for(nik: str) -> list[logging.LogRecord]:
    """Every way a NIK can reach a log line: message, arguments, objects, tracebacks."""

    def record(msg, args=None, exc_info=None):
        return logging.LogRecord("kiosk.test", logging.WARNING, __file__, 1, msg, args, exc_info)

    try:
        raise ValueError(f"central rejected {nik}")
    except ValueError:
        exc_info = sys.exc_info()
    records = [
        record(f"citizen {nik} identified"),
        record("citizen %s identified", (nik,)),
        record("lookup %(nik)s failed", ({"nik": nik},)),
        record("payload %r", ({"nik": nik, "items": [nik]},)),
        record("grouped %s", (f"{nik[:4]} {nik[4:8]} {nik[8:12]} {nik[12:]}",)),
        record("send failed", None, exc_info),
        record("bad format %s %s", (nik,)),
    ]
    if not nik.startswith("0"):  # as a number; real NIKs start with a province code, 11-96
        records.append(record("citizen %d identified", (int(nik),)))
    return records


def test_filter_masks_messages_arguments_and_tracebacks() -> None:
    lines = filtered_line(records_for(MAN)[0]) + "".join(
        filtered_line(record) for record in records_for(MAN)[1:]
    )
    assert "170845" not in lines
    assert "350101******0001" in lines
    assert "ValueError: central rejected 350101******0001" in lines


def test_filter_never_drops_a_record() -> None:
    for record in records_for(MAN):
        assert NikMaskingFilter().filter(record) is True


# --- properties: digits 7 to 12 never show ---------------------------------------------


def renderings(nik: str, name: str) -> list[str]:
    identity = Identity(nik=nik, name=name, source=IdentitySource.CARD_PLUGIN, birth_place="X")
    return [
        mask_nik(nik),
        str(identity),
        repr(identity),
        identity.masked(),
        f"NIK: {mask_nik(nik)}",
        *(filtered_line(record) for record in records_for(nik)),
    ]


@settings(max_examples=200, deadline=None)
@given(nik=NIK_ST, other=BIRTH_DIGITS_ST, name=NAME_ST)
def test_renderings_do_not_depend_on_digits_7_to_12(nik: str, other: str, name: str) -> None:
    """Every rendering is the same whatever digits 7 to 12 are: they cannot be read back."""
    assert renderings(nik, name) == renderings(with_birth_digits(nik, other), name)


@settings(max_examples=200, deadline=None)
@given(nik=NIK_ST, name=NAME_ST)
def test_digits_7_to_12_never_appear_in_any_rendering(nik: str, name: str) -> None:
    # When digits 7-12 equal digits 1-6, the region code shown is the same six digits;
    # the property above covers that case (nothing shown depends on digits 7-12).
    assume(nik[6:12] != nik[:6])
    for text in renderings(nik, name):
        assert nik[6:12] not in text, text


@settings(max_examples=200, deadline=None)
@given(nik=NIK_ST, other=BIRTH_DIGITS_ST, before=st.text("0123456789"), after=st.text("0123456789"))
def test_a_nik_inside_a_longer_run_of_digits_is_masked_too(
    nik: str, other: str, before: str, after: str
) -> None:
    def line(number: str) -> str:
        return mask_nik_like_runs(f"ref {before}{number}{after} sent")

    assert line(nik) == line(with_birth_digits(nik, other))


@settings(max_examples=300, deadline=None)
@given(nik=NIK_ST)
def test_validation_never_quotes_digits_7_to_12(nik: str) -> None:
    check = validate_nik(nik, TODAY)
    assert isinstance(check, NikCheck)
    texts = [
        check.technician_message,
        check.citizen_message.get("id"),
        check.citizen_message.get("en"),
        repr(check),
    ]
    assume(nik[6:12] != nik[:6])
    for text in texts:
        assert nik[6:12] not in text


@settings(max_examples=300, deadline=None)
@given(nik=NIK_ST)
def test_a_valid_nik_is_one_python_stdnum_accepts(nik: str) -> None:
    check = validate_nik(nik, TODAY)
    if check.ok:
        assert stdnum_nik.is_valid(nik)
        assert check.birth_date is not None
        assert check.birth_date <= TODAY
        assert check.sex is (Sex.FEMALE if int(nik[6:8]) > 40 else Sex.MALE)
    else:
        assert check.problem in (NikProblem.BAD_REGION, NikProblem.BAD_DATE, NikProblem.FUTURE_DATE)
