"""Who the citizen is: the identity model, NIK validation and masking.

A NIK is 16 digits, ``PPKKCC DDMMYY SSSS``: province, regency or city, sub-district,
birth date (women add 40 to the day) and a serial number; there is no check digit.
python-stdnum (``stdnum.id.nik``) checks the characters, the length and the province,
and roughly the date; ``validate_nik`` adds what it lets through (a day of 32 to 40 or
above 71, a birth date after today) and says precisely what is wrong, to the technician
in English and to the citizen in plain Bahasa Indonesia and English.

Digits 7 to 12 (the birth date) are never shown: not on screen, not on a receipt, not
in a log line. ``mask_nik`` hides them, ``Identity`` never prints its NIK or name, and
``NikMaskingFilter`` masks any NIK-like run of digits in log records.
"""

from __future__ import annotations

import enum
import logging
import re
from collections.abc import Collection
from dataclasses import dataclass, field
from datetime import date
from typing import TYPE_CHECKING

from kiosk.text import NO_TEXT, LocalizedText

if TYPE_CHECKING:  # the drivers are not needed to mask a log line before the first frame
    from drivers.identity_plugins import Biodata

NIK_LENGTH = 16
MASK = "*"
#: Digits shown at each end of a NIK: the region code and the serial number.
VISIBLE_HEAD = 6
VISIBLE_TAIL = 4
#: How a NIK is shown while it is typed: region, birth date, serial (``351001 410190 0001``),
#: so "digits 7 to 12" in a message is the middle group on the screen.
NIK_GROUPS = (VISIBLE_HEAD, NIK_LENGTH - VISIBLE_HEAD - VISIBLE_TAIL, VISIBLE_TAIL)
_ASCII_DIGITS = frozenset("0123456789")
_FEMALE_DAY_OFFSET = 40
#: 16 or more digits with nothing but non-alphanumerics between them: spaces (two, a tab,
#: a newline, a no-break space), ``/``, ``_``, ``,``, ``:``, invisible ones (zero-width
#: space)... Any letter ends a run. ``\d`` takes every script's decimal digits.
_NIK_LIKE_RUN = re.compile(r"\d(?:[\W_]*\d){15,}")


class IdentitySource(enum.Enum):
    """Where an identity came from, which decides how far it is trusted."""

    CARD_PLUGIN = "card_plugin"
    CENTRAL = "central"
    TYPED = "typed"
    QR = "qr"


@dataclass(frozen=True, repr=False)
class Identity:
    """A citizen's identity for one session; never printed in full by ``str`` or ``repr``."""

    nik: str
    name: str
    source: IdentitySource
    birth_place: str | None = None
    birth_date: str | None = None
    sex: str | None = None
    address: str | None = None
    rt_rw: str | None = None
    village: str | None = None
    district: str | None = None
    religion: str | None = None
    marital_status: str | None = None
    occupation: str | None = None
    nationality: str | None = None

    @classmethod
    def from_biodata(cls, biodata: Biodata) -> Identity:
        """The identity a certified reader's plugin read; validate its NIK before use."""
        return cls(
            nik=biodata.nik,
            name=biodata.name,
            source=IdentitySource.CARD_PLUGIN,
            birth_place=biodata.birth_place,
            birth_date=biodata.birth_date,
            sex=biodata.sex,
            address=biodata.address,
            rt_rw=biodata.rt_rw,
            village=biodata.village,
            district=biodata.district,
            religion=biodata.religion,
            marital_status=biodata.marital_status,
            occupation=biodata.occupation,
            nationality=biodata.nationality,
        )

    def masked(self) -> str:
        """NIK and name masked, for the screen, a receipt or a log line."""
        return f"NIK {mask_nik(self.nik)}, {mask_name(self.name)}"

    def __str__(self) -> str:
        """The masked form, so an identity logged by accident leaks nothing."""
        return self.masked()

    def __repr__(self) -> str:
        """Masked NIK and name and the source; the other fields are left out."""
        return (
            f"Identity(nik={mask_nik(self.nik)!r}, name={mask_name(self.name)!r}, "
            f"source={self.source.value})"
        )


def mask_nik(nik: str) -> str:
    """``351001******0001`` for a 16-digit NIK: digits 7 to 12 become ``*``.

    Anything else (a partly typed or mistyped number) shows only its last 4
    characters, since its digits 7 to 12 cannot be told apart.
    """
    if len(nik) == NIK_LENGTH and set(nik) <= _ASCII_DIGITS:
        hidden = NIK_LENGTH - VISIBLE_HEAD - VISIBLE_TAIL
        return nik[:VISIBLE_HEAD] + MASK * hidden + nik[-VISIBLE_TAIL:]
    visible = nik[-VISIBLE_TAIL:]
    return MASK * (len(nik) - len(visible)) + visible


def group_nik(digits: str) -> str:
    """``351001 410190 0001``: the digits typed so far, in the groups of ``NIK_GROUPS``.

    A partly typed NIK is grouped as far as it goes (``351001 41``); anything past 16
    digits joins the last group, so nothing typed is ever hidden.
    """
    groups, start = [], 0
    for size in NIK_GROUPS[:-1]:
        groups.append(digits[start : start + size])
        start += size
    groups.append(digits[start:])
    return " ".join(group for group in groups if group)


def mask_name(name: str) -> str:
    """``S*** A*****`` for "Siti Aminah": each word keeps its first letter."""
    return re.sub(r"\S+", lambda word: word.group()[0] + MASK * (len(word.group()) - 1), name)


def mask_nik_like_runs(text: str) -> str:
    """Mask every run of 16 or more digits, whatever non-alphanumerics separate them.

    Only the first 6 and last 4 digits of a run stay, so wherever a NIK sits inside a
    longer run its digits 7 to 12 are hidden. A long date and time in a message (16
    digits or more) is masked too: a NIK can be written to look like one.
    """

    def mask_run(match: re.Match[str]) -> str:
        run = match.group()
        total = sum(char.isdecimal() for char in run)
        out: list[str] = []
        index = 0
        for char in run:
            if char.isdecimal():
                out.append(char if index < VISIBLE_HEAD or index >= total - VISIBLE_TAIL else MASK)
                index += 1
            else:
                out.append(char)
        return "".join(out)

    return _NIK_LIKE_RUN.sub(mask_run, text)


class NikMaskingFilter(logging.Filter):
    """Masks NIK-like digit runs in a record's message, arguments, traceback and stack.

    Install it on every handler. It formats the message itself (``msg % args``), so
    a NIK inside any argument's ``str`` is caught too, and leaves the record with the
    masked text and no arguments; running it twice changes nothing.
    """

    def filter(self, record: logging.LogRecord) -> bool:
        """Rewrite ``record`` in place; never drops it."""
        try:
            message = record.getMessage()
        except (TypeError, ValueError):
            message = f"{record.msg} {record.args}"
        record.msg = mask_nik_like_runs(message)
        record.args = ()
        if record.exc_info and not record.exc_text:
            record.exc_text = logging.Formatter().formatException(record.exc_info)
        if record.exc_text:
            record.exc_text = mask_nik_like_runs(record.exc_text)
            record.exc_info = None
        if record.stack_info:
            record.stack_info = mask_nik_like_runs(record.stack_info)
        return True


class NikProblem(enum.Enum):
    """Why a NIK is not valid, in the order it is checked."""

    EMPTY = "empty"
    NOT_DIGITS = "not_digits"
    TOO_SHORT = "too_short"
    TOO_LONG = "too_long"
    BAD_REGION = "bad_region"
    BAD_DATE = "bad_date"
    FUTURE_DATE = "future_date"


class Sex(enum.Enum):
    """The sex a NIK encodes (women's birth day plus 40)."""

    MALE = "male"
    FEMALE = "female"


@dataclass(frozen=True)
class NikCheck:
    """The result of ``validate_nik``: either ``ok`` with the parsed parts, or a problem.

    The messages never quote digits 7 to 12, and ``repr`` leaves out the birth date and
    sex, so a check can be logged.
    """

    problem: NikProblem | None = None
    technician_message: str = ""
    citizen_message: LocalizedText = NO_TEXT
    region_code: str | None = None
    province: str | None = None
    regency: str | None = None
    birth_date: date | None = field(default=None, repr=False)
    sex: Sex | None = field(default=None, repr=False)

    @property
    def ok(self) -> bool:
        """Whether the NIK passed every check."""
        return self.problem is None

    @property
    def group(self) -> int | None:
        """The group of ``NIK_GROUPS`` the problem is in (0 region, 1 birth date), if one.

        The citizen's message names these digits; the screen marks the same group.
        """
        return None if self.problem is None else _PROBLEM_GROUPS.get(self.problem)


_PROBLEM_GROUPS = {NikProblem.BAD_REGION: 0, NikProblem.BAD_DATE: 1, NikProblem.FUTURE_DATE: 1}

_EMPTY_CITIZEN = LocalizedText(
    "Silakan ketik NIK Anda (16 angka).", "Please type your NIK (16 digits)."
)
_REGION_CITIZEN = LocalizedText(
    "Kode wilayah pada NIK tidak dikenal. Periksa 6 angka pertama.",
    "The region code in the NIK is not known. Check the first 6 digits.",
)
_DATE_CITIZEN = LocalizedText(
    "Tanggal lahir pada NIK tidak mungkin. Periksa angka ke-7 sampai ke-12.",
    "The birth date in the NIK is impossible. Check digits 7 to 12.",
)
_FUTURE_CITIZEN = LocalizedText(
    "Tanggal lahir pada NIK belum terjadi. Periksa angka ke-7 sampai ke-12.",
    "The birth date in the NIK is in the future. Check digits 7 to 12.",
)


def _problem(problem: NikProblem, technician: str, citizen: LocalizedText) -> NikCheck:
    return NikCheck(problem=problem, technician_message=technician, citizen_message=citizen)


def validate_nik(text: str, today: date, extra_region_codes: Collection[str] = ()) -> NikCheck:
    """Check a typed, scanned or read NIK and say precisely what is wrong with it.

    Args:
        text: The NIK as entered; spaces, dots and hyphens are ignored (stdnum's
            ``compact``).
        today: The kiosk's date, for the "born in the future" check.
        extra_region_codes: Province codes (2 digits) to accept that python-stdnum's
            table lacks, such as provinces formed after its data was gathered.

    Returns:
        ``ok`` with the region, birth date and sex, or the first problem found.

    """
    # Imported here, not at the top: logging imports this module for its NIK mask, and
    # python-stdnum (with the ssl it pulls in) is 0.1 s of a start that does not need it yet.
    from stdnum.exceptions import InvalidComponent, InvalidFormat, InvalidLength
    from stdnum.id import nik as stdnum_nik

    number = stdnum_nik.compact(text)
    if not number:
        return _problem(NikProblem.EMPTY, "no NIK entered", _EMPTY_CITIZEN)
    try:
        stdnum_nik.validate(number)
    except InvalidLength:  # a subclass of InvalidFormat, so it comes first
        return _length_problem(len(number))
    except InvalidFormat:
        others = sum(char not in _ASCII_DIGITS for char in number)
        return _problem(
            NikProblem.NOT_DIGITS,
            f"NIK contains {others} character(s) other than the digits 0-9",
            LocalizedText(
                "NIK hanya berisi angka 0 sampai 9. Hapus huruf atau tanda lainnya.",
                "A NIK has only the digits 0 to 9. Remove any letters or other signs.",
            ),
        )
    except InvalidComponent:
        pass  # the province or date: the checks below say which, and check more closely
    region = _region_problem_or_names(number, extra_region_codes)
    if isinstance(region, NikCheck):
        return region
    birth = _birth_date(number, today)
    if isinstance(birth, NikCheck):
        return birth
    birth_date, sex = birth
    province, regency = region
    return NikCheck(
        region_code=number[:VISIBLE_HEAD],
        province=province,
        regency=regency,
        birth_date=birth_date,
        sex=sex,
    )


def _length_problem(length: int) -> NikCheck:
    if length < NIK_LENGTH:
        return _problem(
            NikProblem.TOO_SHORT,
            f"NIK has {length} digits; it needs {NIK_LENGTH}",
            LocalizedText(
                f"NIK harus 16 angka. Anda baru mengetik {length} angka.",
                f"A NIK has 16 digits. You have typed only {length}.",
            ),
        )
    return _problem(
        NikProblem.TOO_LONG,
        f"NIK has {length} digits; it needs exactly {NIK_LENGTH}",
        LocalizedText(
            f"NIK harus 16 angka. Anda mengetik {length} angka; "
            "periksa angka yang terketik dua kali.",
            f"A NIK has 16 digits. You typed {length}; check for a digit typed twice.",
        ),
    )


def _region_problem_or_names(
    number: str, extra_region_codes: Collection[str]
) -> NikCheck | tuple[str | None, str | None]:
    """The province and regency names, or BAD_REGION if stdnum and the extras lack it."""
    from stdnum import numdb

    parts = numdb.get("id/loc").info(number[:4])
    province_code = number[:2]
    if parts[0][0] != province_code or not parts[0][1]:
        if province_code in extra_region_codes:
            return None, None
        return _problem(
            NikProblem.BAD_REGION,
            f"digits 1-2 ({province_code}) are not a known province code",
            _REGION_CITIZEN,
        )
    province = parts[0][1].get("name_id")
    regency = parts[1][1].get("name_id") if len(parts) > 1 else None
    return province, regency


def _birth_date(number: str, today: date) -> NikCheck | tuple[date, Sex]:
    """The birth date and sex in digits 7 to 12, or BAD_DATE or FUTURE_DATE.

    The year has two digits: it is read in this century unless that is after this
    year, so a number born later this year than ``today`` is FUTURE_DATE (a citizen
    over 99 with such a NIK is the one case this gets wrong).
    """
    day = int(number[6:8])
    month = int(number[8:10])
    year = int(number[10:12])
    sex = Sex.MALE
    if day > _FEMALE_DAY_OFFSET:
        sex = Sex.FEMALE
        day -= _FEMALE_DAY_OFFSET
    if not 1 <= day <= 31:
        return _problem(
            NikProblem.BAD_DATE,
            "birth date impossible: digits 7-8 (day) must be 01-31, or 41-71 for a woman",
            _DATE_CITIZEN,
        )
    if not 1 <= month <= 12:
        return _problem(
            NikProblem.BAD_DATE,
            "birth date impossible: digits 9-10 (month) must be 01-12",
            _DATE_CITIZEN,
        )
    century = 2000 if 2000 + year <= today.year else 1900
    try:
        born = date(century + year, month, day)
    except ValueError:
        return _problem(
            NikProblem.BAD_DATE,
            "birth date impossible: the month in digits 9-10 has no such day (digits 7-8)",
            _DATE_CITIZEN,
        )
    if born > today:
        return _problem(
            NikProblem.FUTURE_DATE, "birth date in digits 7-12 is after today", _FUTURE_CITIZEN
        )
    return born, sex
