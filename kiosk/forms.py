"""The form model: field kinds, validation rules, and citizen-friendly problems.

A service's form is data (``config/services/*.toml`` or the central catalog); this module
says what each kind of field accepts. Every value is a string in ``SessionData.fields``,
so the journal, the outbox and central all see the same thing:

- ``nik``, ``text``, ``long_text``: the text as typed (trimmed);
- ``number``, ``phone``: ASCII digits only;
- ``date``: ISO ``YYYY-MM-DD``;
- ``choice``: the choice's ``value``;
- ``multi_choice``: the chosen values joined by ``,`` in the catalog's order (``income,health``);
- ``location``: ``<dusun>/<RT>/<RW>`` with RT and RW as three digits (``Krajan/003/012``);
- ``yes_no``: ``yes`` or ``no``.

An empty string means "not answered". A field with a ``shown_when`` condition is asked only
while an earlier answer makes it relevant (the school's name only for a school SKTM): while
it is hidden it is not checked, and its answer is not submitted.

Validation lives here, never in QML: each problem carries a plain message for the citizen
(Indonesian and English) and an exact one for the technician.
"""

from __future__ import annotations

import datetime as dt
import enum
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

from kiosk.identity import mask_nik, validate_nik
from kiosk.text import NO_TEXT, LocalizedText

MULTI_SEPARATOR = ","
LOCATION_SEPARATOR = "/"
LOCATION_DIGITS = 3
YES = "yes"
NO = "no"
#: Choice values and field names: lowercase words, safe in the encodings above.
NAME_PATTERN = re.compile(r"^[a-z][a-z0-9_]{0,63}$")
#: Indonesian mobile and landline numbers typed on the pad: 08… or 62…, 9 to 14 digits.
PHONE_PATTERN = re.compile(r"^(0|62)[1-9][0-9]{7,12}$")
DEFAULT_TEXT_MAX = 200
DEFAULT_LONG_TEXT_MAX = 2000


class FieldKind(enum.Enum):
    """How a field is entered and checked; the UI picks its editor from this."""

    NIK = "nik"
    TEXT = "text"
    LONG_TEXT = "long_text"
    NUMBER = "number"
    PHONE = "phone"
    DATE = "date"
    CHOICE = "choice"
    MULTI_CHOICE = "multi_choice"
    LOCATION = "location"
    YES_NO = "yes_no"


#: Kinds typed on the numeric pad rather than the virtual keyboard.
DIGIT_KINDS = frozenset({FieldKind.NIK, FieldKind.NUMBER, FieldKind.PHONE})


@dataclass(frozen=True)
class Choice:
    """One answer of a choice, multiple-choice or location (dusun) field."""

    value: str
    label: LocalizedText


@dataclass(frozen=True)
class Condition:
    """When a field is asked: the answer to ``field`` is one of ``values``.

    ``field`` is an earlier choice, multiple-choice or yes/no field of the same form, itself
    without a condition (``kiosk.catalog`` checks both), so a condition never depends on a
    hidden answer. For a multiple choice, any chosen value among ``values`` is enough.
    """

    field: str
    values: tuple[str, ...]

    def holds(self, answers: Mapping[str, str]) -> bool:
        """Whether the answers so far make the field relevant."""
        return any(value in self.values for value in split_multi(answers.get(self.field, "")))


@dataclass(frozen=True)
class Rules:
    """Optional limits; which ones apply depends on the field's kind.

    Attributes:
        min_length: fewest characters (text kinds) or digits (number, phone).
        max_length: most characters or digits.
        minimum: smallest number (``number``).
        maximum: largest number (``number``).
        pattern: a regular expression the whole text must match (text kinds).
        pattern_message: what to tell the citizen when ``pattern`` does not match.
        min_choices: fewest answers of a ``multi_choice`` field.
        max_choices: most answers of a ``multi_choice`` field.
        not_future: a ``date`` may not be after today.
        not_past: a ``date`` may not be before today.

    """

    min_length: int | None = None
    max_length: int | None = None
    minimum: int | None = None
    maximum: int | None = None
    pattern: str | None = None
    pattern_message: LocalizedText | None = None
    min_choices: int | None = None
    max_choices: int | None = None
    not_future: bool = False
    not_past: bool = False


_NO_RULES = Rules()


@dataclass(frozen=True)
class Field:
    """One question of a form."""

    name: str
    kind: FieldKind
    label: LocalizedText
    help: LocalizedText = NO_TEXT
    required: bool = True
    rules: Rules = _NO_RULES
    choices: tuple[Choice, ...] = ()
    #: Asked only when this holds; None: always asked.
    shown_when: Condition | None = None

    def shown(self, answers: Mapping[str, str]) -> bool:
        """Whether the field is asked, given the answers so far."""
        return self.shown_when is None or self.shown_when.holds(answers)

    def choice(self, value: str) -> Choice:
        """The choice with ``value``; KeyError if there is none."""
        for choice in self.choices:
            if choice.value == value:
                return choice
        raise KeyError(value)

    @property
    def max_length(self) -> int:
        """The most characters the editor accepts (the pad and keyboard stop there)."""
        if self.rules.max_length is not None:
            return self.rules.max_length
        return {
            FieldKind.NIK: 16,
            FieldKind.PHONE: 14,
            FieldKind.NUMBER: 9,
            FieldKind.LONG_TEXT: DEFAULT_LONG_TEXT_MAX,
        }.get(self.kind, DEFAULT_TEXT_MAX)


@dataclass(frozen=True)
class Step:
    """One screen of a form: a few fields under one title."""

    title: LocalizedText
    fields: tuple[Field, ...]


class ProblemCode(enum.Enum):
    """What is wrong with a value."""

    REQUIRED = "required"
    TOO_SHORT = "too_short"
    TOO_LONG = "too_long"
    NOT_DIGITS = "not_digits"
    TOO_SMALL = "too_small"
    TOO_LARGE = "too_large"
    PATTERN = "pattern"
    BAD_PHONE = "bad_phone"
    BAD_NIK = "bad_nik"
    BAD_DATE = "bad_date"
    DATE_IN_FUTURE = "date_in_future"
    DATE_IN_PAST = "date_in_past"
    UNKNOWN_CHOICE = "unknown_choice"
    TOO_FEW_CHOICES = "too_few_choices"
    TOO_MANY_CHOICES = "too_many_choices"
    BAD_LOCATION = "bad_location"
    UNKNOWN_FIELD = "unknown_field"


@dataclass(frozen=True)
class Problem:
    """A value the form cannot accept.

    Attributes:
        field: the field's name.
        code: what kind of problem.
        message: what the citizen reads under the field.
        detail: the exact reason, for logs and technicians (never an unmasked NIK).

    """

    field: str
    code: ProblemCode
    message: LocalizedText
    detail: str


def _problem(
    item: Field, code: ProblemCode, message: LocalizedText, detail: str
) -> tuple[Problem, ...]:
    return (Problem(item.name, code, message, f"{item.name}: {detail}"),)


_REQUIRED = LocalizedText("Bagian ini wajib diisi.", "This part must be filled in.")


def validate_field(item: Field, value: str, today: dt.date) -> tuple[Problem, ...]:
    """Check one value against its field; empty when it is acceptable."""
    value = value.strip()
    if not value:
        if item.required:
            message = _missing_location(Location()) if item.kind is FieldKind.LOCATION else None
            return _problem(item, ProblemCode.REQUIRED, message or _REQUIRED, "required but empty")
        return ()
    checker = _CHECKERS[item.kind]
    return checker(item, value, today)


def validate_fields(
    fields: Iterable[Field], values: Mapping[str, str], today: dt.date
) -> tuple[Problem, ...]:
    """Check several fields (one step, or a whole form); problems in field order.

    Fields hidden by their ``shown_when`` condition are not checked.
    """
    return tuple(
        problem
        for item in fields
        if item.shown(values)
        for problem in validate_field(item, values.get(item.name, ""), today)
    )


def shown_fields(fields: Iterable[Field], answers: Mapping[str, str]) -> tuple[Field, ...]:
    """The fields asked, given the answers so far (the screen, the review and the receipt)."""
    return tuple(item for item in fields if item.shown(answers))


def drop_hidden(fields: Iterable[Field], answers: Mapping[str, str]) -> dict[str, str]:
    """The answers without those of hidden fields, which are never submitted.

    Answers for names that are not among ``fields`` (a queue ticket's counter) are kept.
    """
    hidden = {item.name for item in fields if not item.shown(answers)}
    return {name: value for name, value in answers.items() if name not in hidden}


def validate_form(
    steps: Sequence[Step], values: Mapping[str, str], today: dt.date
) -> tuple[Problem, ...]:
    """Check a whole form, including values for fields the form does not have."""
    known = {item.name for step in steps for item in step.fields}
    unknown = tuple(
        Problem(
            name,
            ProblemCode.UNKNOWN_FIELD,
            LocalizedText("Isian tidak dikenal.", "Unknown entry."),
            f"{name}: not a field of this form",
        )
        for name in values
        if name not in known
    )
    return validate_fields((f for step in steps for f in step.fields), values, today) + unknown


# Kind checkers ---------------------------------------------------------------------------


def _check_text(item: Field, value: str, _today: dt.date) -> tuple[Problem, ...]:
    rules = item.rules
    if rules.min_length is not None and len(value) < rules.min_length:
        return _problem(
            item,
            ProblemCode.TOO_SHORT,
            LocalizedText(
                f"Terlalu singkat. Tulis paling sedikit {rules.min_length} huruf.",
                f"Too short. Write at least {rules.min_length} characters.",
            ),
            f"{len(value)} characters, at least {rules.min_length} expected",
        )
    if len(value) > item.max_length:
        return _problem(
            item,
            ProblemCode.TOO_LONG,
            LocalizedText(
                f"Terlalu panjang. Tulis paling banyak {item.max_length} huruf.",
                f"Too long. Write at most {item.max_length} characters.",
            ),
            f"{len(value)} characters, at most {item.max_length} expected",
        )
    if rules.pattern is not None and re.fullmatch(rules.pattern, value) is None:
        return _problem(
            item,
            ProblemCode.PATTERN,
            rules.pattern_message
            or LocalizedText("Isian tidak sesuai contoh.", "This does not match the example."),
            f"does not match {rules.pattern!r}",
        )
    return ()


def _digits_problem(item: Field, value: str) -> tuple[Problem, ...]:
    if not (value.isascii() and value.isdigit()):
        return _problem(
            item,
            ProblemCode.NOT_DIGITS,
            LocalizedText("Isi dengan angka saja.", "Use digits only."),
            f"{len(value)} characters, not all digits",
        )
    return ()


def _check_number(item: Field, value: str, _today: dt.date) -> tuple[Problem, ...]:
    problem = _digits_problem(item, value)
    if problem:
        return problem
    number = int(value)
    rules = item.rules
    if len(value) > item.max_length:
        return _problem(
            item,
            ProblemCode.TOO_LONG,
            LocalizedText(
                f"Terlalu banyak angka (paling banyak {item.max_length}).",
                f"Too many digits (at most {item.max_length}).",
            ),
            f"{len(value)} digits, at most {item.max_length} expected",
        )
    if rules.minimum is not None and number < rules.minimum:
        return _problem(
            item,
            ProblemCode.TOO_SMALL,
            LocalizedText(
                f"Angka terlalu kecil. Paling kecil {rules.minimum}.",
                f"The number is too small. The smallest is {rules.minimum}.",
            ),
            f"{number} < minimum {rules.minimum}",
        )
    if rules.maximum is not None and number > rules.maximum:
        return _problem(
            item,
            ProblemCode.TOO_LARGE,
            LocalizedText(
                f"Angka terlalu besar. Paling besar {rules.maximum}.",
                f"The number is too large. The largest is {rules.maximum}.",
            ),
            f"{number} > maximum {rules.maximum}",
        )
    return ()


def _check_phone(item: Field, value: str, _today: dt.date) -> tuple[Problem, ...]:
    problem = _digits_problem(item, value)
    if problem:
        return problem
    if PHONE_PATTERN.fullmatch(value) is None:
        return _problem(
            item,
            ProblemCode.BAD_PHONE,
            LocalizedText(
                "Nomor telepon tidak valid. Contoh: 081234567890.",
                "This phone number is not valid. Example: 081234567890.",
            ),
            f"{len(value)} digits starting {value[:2]!r}, expected 0 or 62 then 9 to 14 digits",
        )
    return ()


def _check_nik(item: Field, value: str, today: dt.date) -> tuple[Problem, ...]:
    check = validate_nik(value, today)
    if not check.ok:
        return _problem(
            item,
            ProblemCode.BAD_NIK,
            check.citizen_message,
            f"NIK {mask_nik(value)}: {check.technician_message}",
        )
    return ()


def parse_date(value: str) -> dt.date | None:
    """The date of an ISO ``YYYY-MM-DD`` value, or None if it is not one."""
    if re.fullmatch(r"\d{4}-\d{2}-\d{2}", value) is None:
        return None
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        return None


class DatePart(enum.Enum):
    """The parts of a date the date editor's + and − buttons step."""

    DAY = "day"
    MONTH = "month"
    YEAR = "year"


#: The years the date editor offers unless a caller narrows them.
FIRST_YEAR = 1900
LAST_YEAR = 2100


def step_date(
    current: dt.date,
    part: DatePart,
    delta: int,
    first_year: int = FIRST_YEAR,
    last_year: int = LAST_YEAR,
) -> dt.date:
    """``current`` with one part moved by ``delta``, as the date editor's buttons do.

    The day and the month wrap around (31 → 1) so the other parts stay where the citizen
    put them; the year stops at ``first_year`` and ``last_year``; a day past the end of
    the new month becomes its last day.
    """
    day, month, year = current.day, current.month, current.year
    if part is DatePart.DAY:
        day = (day - 1 + delta) % _days_in(year, month) + 1
    elif part is DatePart.MONTH:
        month = (month - 1 + delta) % 12 + 1
    else:
        year = max(first_year, min(last_year, year + delta))
    return dt.date(year, month, min(day, _days_in(year, month)))


def _days_in(year: int, month: int) -> int:
    following = dt.date(year + month // 12, month % 12 + 1, 1)
    return (following - dt.timedelta(days=1)).day


def _check_date(item: Field, value: str, today: dt.date) -> tuple[Problem, ...]:
    date = parse_date(value)
    if date is None:
        return _problem(
            item,
            ProblemCode.BAD_DATE,
            LocalizedText("Tanggal tidak ada di kalender.", "This date does not exist."),
            f"{value!r} is not an ISO date YYYY-MM-DD",
        )
    if item.rules.not_future and date > today:
        return _problem(
            item,
            ProblemCode.DATE_IN_FUTURE,
            LocalizedText(
                "Tanggal tidak boleh setelah hari ini.", "The date cannot be after today."
            ),
            f"{value} is after today {today.isoformat()}",
        )
    if item.rules.not_past and date < today:
        return _problem(
            item,
            ProblemCode.DATE_IN_PAST,
            LocalizedText(
                "Tanggal tidak boleh sebelum hari ini.", "The date cannot be before today."
            ),
            f"{value} is before today {today.isoformat()}",
        )
    return ()


_CHOOSE_ONE = LocalizedText("Pilih salah satu jawaban.", "Choose one of the answers.")


def _check_choice(item: Field, value: str, _today: dt.date) -> tuple[Problem, ...]:
    if value not in {choice.value for choice in item.choices}:
        return _problem(
            item, ProblemCode.UNKNOWN_CHOICE, _CHOOSE_ONE, f"{value!r} is not one of its choices"
        )
    return ()


def split_multi(value: str) -> list[str]:
    """The values of a ``multi_choice`` answer."""
    return [part for part in value.split(MULTI_SEPARATOR) if part]


def join_multi(item: Field, values: Iterable[str]) -> str:
    """Encode chosen values in the catalog's order, without repeats."""
    chosen = set(values)
    return MULTI_SEPARATOR.join(c.value for c in item.choices if c.value in chosen)


def _check_multi(item: Field, value: str, _today: dt.date) -> tuple[Problem, ...]:
    values = split_multi(value)
    known = {choice.value for choice in item.choices}
    unknown = [v for v in values if v not in known]
    if unknown or len(set(values)) != len(values):
        return _problem(
            item,
            ProblemCode.UNKNOWN_CHOICE,
            _CHOOSE_ONE,
            f"unknown or repeated values {unknown or values!r}",
        )
    rules = item.rules
    if rules.min_choices is not None and len(values) < rules.min_choices:
        return _problem(
            item,
            ProblemCode.TOO_FEW_CHOICES,
            LocalizedText(
                f"Pilih paling sedikit {rules.min_choices} jawaban.",
                f"Choose at least {rules.min_choices} answers.",
            ),
            f"{len(values)} chosen, at least {rules.min_choices} expected",
        )
    if rules.max_choices is not None and len(values) > rules.max_choices:
        return _problem(
            item,
            ProblemCode.TOO_MANY_CHOICES,
            LocalizedText(
                f"Pilih paling banyak {rules.max_choices} jawaban.",
                f"Choose at most {rules.max_choices} answers.",
            ),
            f"{len(values)} chosen, at most {rules.max_choices} expected",
        )
    return ()


@dataclass(frozen=True)
class Location:
    """A place in the village: dusun, RT and RW (neighbourhood units)."""

    dusun: str = ""
    rt: str = ""
    rw: str = ""

    def encode(self) -> str:
        """``Krajan/003/012``; RT and RW padded to three digits when given."""
        if not (self.dusun or self.rt or self.rw):
            return ""
        return LOCATION_SEPARATOR.join((self.dusun, _pad(self.rt), _pad(self.rw)))

    def display(self, language: str) -> str:
        """``Dusun Krajan, RT 003/RW 012`` (the same in both languages: these are names)."""
        del language  # Dusun, RT and RW are Indonesian proper terms in either language.
        return f"Dusun {self.dusun}, RT {_pad(self.rt)}/RW {_pad(self.rw)}"


def _pad(digits: str) -> str:
    return digits.zfill(LOCATION_DIGITS) if digits else ""


def parse_location(value: str) -> Location:
    """Split an encoded location; missing parts come back empty."""
    parts = value.split(LOCATION_SEPARATOR)
    parts += [""] * (3 - len(parts))
    return Location(parts[0], parts[1].lstrip("0"), parts[2].lstrip("0"))


def _missing_location(location: Location) -> LocalizedText | None:
    """The parts of a place not given yet, by name ("Belum diisi: RT dan RW.")."""
    missing = [
        (name_id, name_en)
        for name_id, name_en, given in (
            ("dusun", "the dusun", location.dusun),
            ("RT", "the RT", location.rt),
            ("RW", "the RW", location.rw),
        )
        if not given
    ]
    if not missing:
        return None
    return LocalizedText(
        f"Belum diisi: {_join([name for name, _ in missing], 'dan')}.",
        f"Still missing: {_join([name for _, name in missing], 'and')}.",
    )


def _join(names: list[str], conjunction: str) -> str:
    """``dusun, RT dan RW``: a list as a sentence says it."""
    if len(names) < 2:
        return "".join(names)
    return f"{', '.join(names[:-1])} {conjunction} {names[-1]}"


def _check_location(item: Field, value: str, _today: dt.date) -> tuple[Problem, ...]:
    parts = value.split(LOCATION_SEPARATOR)
    if len(parts) != 3:
        return _problem(
            item,
            ProblemCode.BAD_LOCATION,
            LocalizedText("Pilih dusun, lalu isi RT dan RW.", "Choose the dusun, then RT and RW."),
            f"{len(parts)} parts, expected dusun/RT/RW",
        )
    dusun, rt, rw = parts
    missing = _missing_location(Location(dusun, rt, rw))
    if missing is not None:
        empty = [name for name, part in (("dusun", dusun), ("RT", rt), ("RW", rw)) if not part]
        return _problem(item, ProblemCode.BAD_LOCATION, missing, f"{', '.join(empty)} not given")
    if dusun not in {choice.value for choice in item.choices}:
        return _problem(
            item,
            ProblemCode.BAD_LOCATION,
            LocalizedText("Pilih salah satu dusun.", "Choose one of the dusun."),
            f"dusun {dusun!r} is not one of its choices",
        )
    for name, digits in (("RT", rt), ("RW", rw)):
        if not (digits.isascii() and digits.isdigit()) or not 1 <= int(digits) <= 999:
            return _problem(
                item,
                ProblemCode.BAD_LOCATION,
                LocalizedText(
                    f"Nomor {name} harus 1 sampai 999.", f"The {name} number must be 1 to 999."
                ),
                f"{name} {digits!r} is not a number from 1 to 999",
            )
    return ()


def _check_yes_no(item: Field, value: str, _today: dt.date) -> tuple[Problem, ...]:
    if value not in (YES, NO):
        return _problem(
            item,
            ProblemCode.UNKNOWN_CHOICE,
            LocalizedText("Pilih Ya atau Tidak.", "Choose Yes or No."),
            f"{value!r} is not yes or no",
        )
    return ()


_CHECKERS = {
    FieldKind.NIK: _check_nik,
    FieldKind.TEXT: _check_text,
    FieldKind.LONG_TEXT: _check_text,
    FieldKind.NUMBER: _check_number,
    FieldKind.PHONE: _check_phone,
    FieldKind.DATE: _check_date,
    FieldKind.CHOICE: _check_choice,
    FieldKind.MULTI_CHOICE: _check_multi,
    FieldKind.LOCATION: _check_location,
    FieldKind.YES_NO: _check_yes_no,
}

_YES_NO_TEXT = {YES: LocalizedText("Ya", "Yes"), NO: LocalizedText("Tidak", "No")}
_MONTHS = LocalizedText(
    "Januari Februari Maret April Mei Juni Juli Agustus September Oktober November Desember",
    "January February March April May June July August September October November December",
)


def month_names(language: str) -> list[str]:
    """The twelve month names in ``language``, for the date editor and the review."""
    return _MONTHS.get(language).split()


def display_value(item: Field, value: str, language: str) -> str:
    """How an answer reads on the review screen and the receipt (NIKs masked)."""
    if not value:
        return ""
    try:
        if item.kind is FieldKind.NIK:
            return mask_nik(value)
        if item.kind is FieldKind.CHOICE:
            return item.choice(value).label.get(language)
        if item.kind is FieldKind.MULTI_CHOICE:
            return ", ".join(item.choice(v).label.get(language) for v in split_multi(value))
        if item.kind is FieldKind.YES_NO:
            return _YES_NO_TEXT[value].get(language)
    except KeyError:
        return value
    if item.kind is FieldKind.LOCATION:
        return parse_location(value).display(language)
    if item.kind is FieldKind.DATE:
        date = parse_date(value)
        if date is not None:
            return f"{date.day} {month_names(language)[date.month - 1]} {date.year}"
    return value
