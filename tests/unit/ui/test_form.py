"""The form backend: the questions a citizen's answers ask, whose request the review shows,
dates that start unset, and the budget's realization."""

from __future__ import annotations

import datetime as dt

import pytest

from kiosk.identity import Identity, IdentitySource
from kiosk.services import Service
from tests.unit.ui.accessibility_parts import Parts
from ui.backends.form import FormBackend

CITIZEN = Identity(nik="3510014101900001", name=" Siti Aminah ", source=IdentitySource.TYPED)


@pytest.fixture
def form(parts: Parts) -> FormBackend:
    # The session backend follows the core's live catalog, budget included.
    return FormBackend(parts.session, parts.backend, parts.clock)


def service(parts: Parts, service_id: str) -> Service:
    return next(s for s in parts.core.services if s.id == service_id)


def open_form(parts: Parts, service_id: str, identity: Identity | None = CITIZEN) -> None:
    parts.session.start()
    parts.session.choose_service(service(parts, service_id))
    if identity is None:
        parts.session.skip_identity()
    else:
        parts.session.identified(identity)


def names(form: FormBackend) -> list[str]:
    return [field["name"] for field in form.property("fields")]


def test_a_question_appears_only_when_the_answers_ask_it(parts: Parts, form: FormBackend) -> None:
    open_form(parts, "sktm")
    assert names(form) == ["for_whom"]
    form.choose("for_whom", "child")
    assert names(form) == ["for_whom", "person_name"]
    form.setText("person_name", "Dewi")
    form.next()
    assert names(form) == ["purpose"]
    form.choose("purpose", "hospital")
    assert names(form) == ["purpose", "institution"]
    form.choose("purpose", "bpjs")
    assert names(form) == ["purpose"]


def test_the_review_shows_whose_request_and_only_the_questions_asked(
    parts: Parts, form: FormBackend
) -> None:
    open_form(parts, "sktm")
    for name, value in (("for_whom", "self"), ("purpose", "bpjs"), ("institution", "X")):
        parts.session.set_field(name, value)
    parts.session.set_field("address", "Krajan/001/002")
    form.next()
    form.next()
    form.next()
    assert parts.session.screen.value == "review"
    assert form.property("applicant") == {
        "anonymous": False,
        "name": "Siti Aminah",
        "nik": "351001******0001",
    }
    labels = [row["label"] for step in form.property("review") for row in step["rows"]]
    assert "Nama sekolah atau rumah sakit" not in labels
    assert "Nama lengkap orang tersebut" not in labels
    assert "SKTM ini untuk siapa?" in labels


def test_an_anonymous_report_is_reviewed_as_anonymous(parts: Parts, form: FormBackend) -> None:
    open_form(parts, "pengaduan", identity=None)
    assert form.property("applicant") == {"anonymous": True, "name": "", "nik": ""}


def test_an_unset_date_shows_no_date_and_the_first_tap_picks_today(
    parts: Parts, form: FormBackend
) -> None:
    open_form(parts, "domisili")
    parts.session.set_field("address", "Krajan/001/002")
    form.next()
    form.choose("lived_since", "date")
    today = parts.clock.now().date()
    assert form.property("parts")["since"]["set"] is False
    form.stepDate("since", "day", 1)
    assert parts.session.data.fields["since"] == today.isoformat()
    assert form.property("parts")["since"]["set"] is True
    form.stepDate("since", "day", 1)
    assert parts.session.data.fields["since"] == (today + dt.timedelta(days=1)).isoformat()


def test_ten_years_back_counts_from_today_when_no_date_was_picked(
    parts: Parts, form: FormBackend
) -> None:
    open_form(parts, "pengaduan", identity=None)
    form.choose("category", "other")
    form.next()
    form.yearsBack("happened_on", 10)
    today = parts.clock.now().date()
    assert parts.session.data.fields["happened_on"].startswith(f"{today.year - 10}-")


def test_the_budget_gives_each_line_its_realization(form: FormBackend) -> None:
    rows = form.property("information")["budget"]
    income = rows[0]
    assert (income["label"], income["heading"], income["percent"]) == ("Pendapatan", True, 61)
    assert income["planned"] == "Rp 1.850.000.000"
    assert all(0 <= row["percent"] <= 100 for row in rows)
