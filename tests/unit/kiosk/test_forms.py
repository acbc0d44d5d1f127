"""Field validation: exact technician detail, plain bilingual citizen messages, string encodings."""

from __future__ import annotations

import datetime as dt

import pytest

from kiosk.forms import (
    Choice,
    Condition,
    DatePart,
    Field,
    FieldKind,
    Location,
    ProblemCode,
    Rules,
    Step,
    display_value,
    drop_hidden,
    join_multi,
    parse_location,
    step_date,
    validate_field,
    validate_fields,
    validate_form,
)
from kiosk.text import LocalizedText

TODAY = dt.date(2026, 11, 23)
CHOICES = (
    Choice("income", LocalizedText("Penghasilan", "Income")),
    Choice("health", LocalizedText("Kesehatan", "Health")),
    Choice("other", LocalizedText("Lainnya", "Other")),
)
DUSUN = (Choice("Krajan", LocalizedText("Krajan", "Krajan")),)


def make(kind: FieldKind, required: bool = True, choices=(), **rules) -> Field:
    return Field(
        "f",
        kind,
        LocalizedText("Isian", "Entry"),
        required=required,
        rules=Rules(**rules),
        choices=choices,
    )


@pytest.mark.parametrize(
    ("item", "value", "code", "detail"),
    [
        (make(FieldKind.TEXT), "  ", ProblemCode.REQUIRED, "f: required but empty"),
        (
            make(FieldKind.TEXT, min_length=5),
            "abc",
            ProblemCode.TOO_SHORT,
            "f: 3 characters, at least 5 expected",
        ),
        (
            make(FieldKind.TEXT, max_length=2),
            "abc",
            ProblemCode.TOO_LONG,
            "f: 3 characters, at most 2 expected",
        ),
        (
            make(FieldKind.TEXT, pattern=r"[A-Z]+"),
            "abc",
            ProblemCode.PATTERN,
            "f: does not match '[A-Z]+'",
        ),
        (make(FieldKind.NUMBER), "1a", ProblemCode.NOT_DIGITS, "f: 2 characters, not all digits"),
        (make(FieldKind.NUMBER, minimum=1), "0", ProblemCode.TOO_SMALL, "f: 0 < minimum 1"),
        (make(FieldKind.NUMBER, maximum=30), "31", ProblemCode.TOO_LARGE, "f: 31 > maximum 30"),
        (make(FieldKind.PHONE), "12345", ProblemCode.BAD_PHONE, "f: 5 digits starting '12'"),
        (
            make(FieldKind.DATE),
            "2026-02-30",
            ProblemCode.BAD_DATE,
            "f: '2026-02-30' is not an ISO date",
        ),
        (
            make(FieldKind.DATE, not_future=True),
            "2026-11-24",
            ProblemCode.DATE_IN_FUTURE,
            "after today",
        ),
        (
            make(FieldKind.DATE, not_past=True),
            "2026-11-22",
            ProblemCode.DATE_IN_PAST,
            "before today",
        ),
        (
            make(FieldKind.CHOICE, choices=CHOICES),
            "rich",
            ProblemCode.UNKNOWN_CHOICE,
            "'rich' is not one",
        ),
        (
            make(FieldKind.MULTI_CHOICE, choices=CHOICES, min_choices=2),
            "income",
            ProblemCode.TOO_FEW_CHOICES,
            "1 chosen, at least 2",
        ),
        (
            make(FieldKind.MULTI_CHOICE, choices=CHOICES, max_choices=1),
            "income,health",
            ProblemCode.TOO_MANY_CHOICES,
            "2 chosen, at most 1",
        ),
        (
            make(FieldKind.MULTI_CHOICE, choices=CHOICES),
            "income,income",
            ProblemCode.UNKNOWN_CHOICE,
            "repeated",
        ),
        (
            make(FieldKind.LOCATION, choices=DUSUN),
            "Krajan/003",
            ProblemCode.BAD_LOCATION,
            "2 parts",
        ),
        (
            make(FieldKind.LOCATION, choices=DUSUN),
            "Atlantis/001/001",
            ProblemCode.BAD_LOCATION,
            "dusun 'Atlantis'",
        ),
        (
            make(FieldKind.LOCATION, choices=DUSUN),
            "Krajan/000/001",
            ProblemCode.BAD_LOCATION,
            "RT '000'",
        ),
        (make(FieldKind.YES_NO), "maybe", ProblemCode.UNKNOWN_CHOICE, "'maybe' is not yes or no"),
    ],
)
def test_each_problem_has_a_code_detail_and_bilingual_message(item, value, code, detail) -> None:
    (problem,) = validate_field(item, value, TODAY)
    assert problem.code is code
    assert detail in problem.detail
    assert problem.message.id and problem.message.en and problem.message.id != problem.message.en


@pytest.mark.parametrize(
    ("item", "value"),
    [
        (make(FieldKind.TEXT, required=False), ""),
        (make(FieldKind.LONG_TEXT, min_length=5), "hello there"),
        (make(FieldKind.NUMBER, minimum=1, maximum=30), "30"),
        (make(FieldKind.PHONE), "081234567890"),
        (make(FieldKind.PHONE), "6281234567890"),
        (make(FieldKind.DATE, not_future=True), "2026-11-23"),
        (make(FieldKind.CHOICE, choices=CHOICES), "health"),
        (make(FieldKind.MULTI_CHOICE, choices=CHOICES, min_choices=1), "income,other"),
        (make(FieldKind.LOCATION, choices=DUSUN), "Krajan/003/012"),
        (make(FieldKind.YES_NO), "no"),
        (make(FieldKind.NIK), "3510014101900001"),
    ],
)
def test_good_values_pass(item, value) -> None:
    assert validate_field(item, value, TODAY) == ()


def test_a_bad_nik_is_masked_in_the_detail() -> None:
    (problem,) = validate_field(make(FieldKind.NIK), "3510019913900001", TODAY)
    assert problem.code is ProblemCode.BAD_NIK
    assert "991390" not in problem.detail
    assert "351001******0001" in problem.detail


def test_encodings_round_trip_and_read_well() -> None:
    multi = make(FieldKind.MULTI_CHOICE, choices=CHOICES)
    assert join_multi(multi, ["other", "income", "other"]) == "income,other"
    assert display_value(multi, "income,other", "en") == "Income, Other"
    location = Location("Krajan", "3", "12")
    assert location.encode() == "Krajan/003/012"
    assert parse_location("Krajan/003/012") == location
    assert display_value(make(FieldKind.LOCATION, choices=DUSUN), "Krajan/003/012", "id") == (
        "Dusun Krajan, RT 003/RW 012"
    )
    assert display_value(make(FieldKind.DATE), "2026-08-17", "id") == "17 Agustus 2026"
    assert display_value(make(FieldKind.YES_NO), "yes", "id") == "Ya"
    assert display_value(make(FieldKind.NIK), "3510014101900001", "id") == "351001******0001"


def test_validate_form_reports_fields_in_order_and_unknown_names() -> None:
    steps = (
        Step(LocalizedText("Satu", "One"), (make(FieldKind.TEXT),)),
        Step(LocalizedText("Dua", "Two"), (Field("n", FieldKind.NUMBER, LocalizedText("N", "N")),)),
    )
    problems = validate_form(steps, {"n": "x", "ghost": "1"}, TODAY)
    assert [(p.field, p.code) for p in problems] == [
        ("f", ProblemCode.REQUIRED),
        ("n", ProblemCode.NOT_DIGITS),
        ("ghost", ProblemCode.UNKNOWN_FIELD),
    ]


@pytest.mark.parametrize(
    ("value", "message_id", "message_en"),
    [
        ("", "Belum diisi: dusun, RT dan RW.", "Still missing: the dusun, the RT and the RW."),
        ("Krajan//", "Belum diisi: RT dan RW.", "Still missing: the RT and the RW."),
        ("Krajan/003/", "Belum diisi: RW.", "Still missing: the RW."),
        ("/003/001", "Belum diisi: dusun.", "Still missing: the dusun."),
        ("Krajan/000/001", "Nomor RT harus 1 sampai 999.", "The RT number must be 1 to 999."),
    ],
)
def test_a_location_problem_names_the_missing_part(value, message_id, message_en) -> None:
    (problem,) = validate_field(make(FieldKind.LOCATION, choices=DUSUN), value, TODAY)
    assert (problem.message.id, problem.message.en) == (message_id, message_en)


PURPOSE = Field(
    "purpose",
    FieldKind.CHOICE,
    LocalizedText("Keperluan", "Purpose"),
    choices=(
        Choice("school", LocalizedText("Sekolah", "School")),
        Choice("bpjs", LocalizedText("BPJS", "BPJS")),
    ),
)
SCHOOL = Field(
    "school",
    FieldKind.TEXT,
    LocalizedText("Nama sekolah", "School name"),
    shown_when=Condition("purpose", ("school",)),
)


def test_a_hidden_field_is_neither_checked_nor_submitted() -> None:
    fields = (PURPOSE, SCHOOL)
    assert validate_fields(fields, {"purpose": "bpjs"}, TODAY) == ()
    (problem,) = validate_fields(fields, {"purpose": "school"}, TODAY)
    assert (problem.field, problem.code) == ("school", ProblemCode.REQUIRED)
    answers = {"purpose": "bpjs", "school": "SDN 1", "counter": "A"}
    assert drop_hidden(fields, answers) == {"purpose": "bpjs", "counter": "A"}
    assert drop_hidden(fields, answers | {"purpose": "school"}) == answers | {"purpose": "school"}


@pytest.mark.parametrize(
    ("answer", "shown"),
    [("", False), ("health", False), ("income", True), ("health,income", True)],
)
def test_a_condition_on_a_multiple_choice_holds_for_any_chosen_value(answer, shown) -> None:
    assert Condition("f", ("income", "other")).holds({"f": answer}) is shown


@pytest.mark.parametrize(
    ("part", "delta", "expected"),
    [
        (DatePart.DAY, 1, dt.date(2024, 1, 1)),  # 31 wraps to 1, the month stays
        (DatePart.MONTH, 1, dt.date(2024, 2, 29)),  # no 31 February: its last day
        (DatePart.YEAR, 1, dt.date(2025, 1, 31)),
        (DatePart.YEAR, 10, dt.date(2026, 1, 31)),  # stops at the last year
        (DatePart.YEAR, -200, dt.date(1900, 1, 31)),  # and at the first
    ],
)
def test_step_date_moves_one_part_and_keeps_the_others(
    part: DatePart, delta: int, expected: dt.date
) -> None:
    assert step_date(dt.date(2024, 1, 31), part, delta, 1900, 2026) == expected
