"""Exposes a service's form, its review and the public information to QML.

The session (Qt-free) owns the answers and the step; this object only shapes them for the
editors and turns taps into values. Every value is encoded and checked in Python
(``kiosk.forms``): QML never parses or validates.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import Property, QObject, Signal, Slot

from kiosk.clock import Clock
from kiosk.forms import (
    DIGIT_KINDS,
    DatePart,
    Field,
    FieldKind,
    Location,
    display_value,
    join_multi,
    month_names,
    parse_date,
    parse_location,
    shown_fields,
    split_multi,
    step_date,
)
from kiosk.identity import mask_nik
from kiosk.information import format_rupiah
from kiosk.services import Flow
from kiosk.session import Screen, Session, SessionError
from ui.backends.published import Published
from ui.backends.session import SessionBackend

log = logging.getLogger("ui.form")

_LOCATION_PARTS = ("rt", "rw")
_RT_RW_DIGITS = 3


class FormBackend(QObject):
    """The form step on screen, the review, and the information pages.

    Signals:
        fieldsChanged: another step, service or language (the editors are rebuilt).
        valuesChanged: an answer changed.
        partsChanged: the pieces of a date, location or multiple choice changed.
        errorsChanged: the problems shown under the fields changed.
        stepChanged: the step number or title changed.
        reviewChanged: the review summary or whose request it is changed.
        informationChanged: the pages or the budget changed (language or a new catalog).
    """

    def __init__(
        self,
        session: Session,
        session_backend: SessionBackend,
        clock: Clock,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self._session = session
        self._backend = session_backend
        self._clock = clock
        self._values = Published(self, {"applicant": "review"})
        session_backend.changed.connect(self._refresh)
        self._refresh()

    # Properties --------------------------------------------------------------------------

    fieldsChanged = Signal()

    @Property(list, notify=fieldsChanged)
    def fields(self) -> list[dict[str, Any]]:
        """The step's fields: name, kind, label, help, required, maxLength, digits, choices."""
        return list(self._values["fields"])

    valuesChanged = Signal()

    @Property("QVariantMap", notify=valuesChanged)
    def values(self) -> dict[str, str]:
        """Each answer as stored (``kiosk.forms`` encodings)."""
        return dict(self._values["values"])

    partsChanged = Signal()

    @Property("QVariantMap", notify=partsChanged)
    def parts(self) -> dict[str, Any]:
        """Per field: day/month/year/monthName, dusun/rt/rw, or the chosen values."""
        return dict(self._values["parts"])

    errorsChanged = Signal()

    @Property("QVariantMap", notify=errorsChanged)
    def errors(self) -> dict[str, str]:
        """The citizen message of each field's problem, in the session's language."""
        return dict(self._values["errors"])

    stepChanged = Signal()

    @Property("QVariantMap", notify=stepChanged)
    def step(self) -> dict[str, Any]:
        """Index (0-based), count, title, serviceTitle, last."""
        return dict(self._values["step"])

    reviewChanged = Signal()

    @Property(list, notify=reviewChanged)
    def review(self) -> list[dict[str, Any]]:
        """The review: per step its index, title and rows of label and answer."""
        return list(self._values["review"])

    @Property("QVariantMap", notify=reviewChanged)
    def applicant(self) -> dict[str, Any]:
        """Whose request the review shows: name and masked NIK, or anonymous."""
        return dict(self._values["applicant"])

    informationChanged = Signal()

    @Property("QVariantMap", notify=informationChanged)
    def information(self) -> dict[str, Any]:
        """Pages (title, body), and the budget: title, rows (label, planned, realized, percent)."""
        return dict(self._values["information"])

    # Slots: answers -----------------------------------------------------------------------

    @Slot(str, str)
    def setText(self, name: str, text: str) -> None:
        """The virtual keyboard changed a text field."""
        item = self._field(name)
        if item is not None:
            self._store(name, text[: item.max_length])

    @Slot(str, str)
    def typeDigit(self, name: str, digit: str) -> None:
        """A key of the numeric pad, for a NIK, number or phone field."""
        item = self._field(name)
        value = self._session.data.fields.get(name, "")
        if item is not None and digit.isdigit() and len(value) < item.max_length:
            self._store(name, value + digit)

    @Slot(str)
    def eraseDigit(self, name: str) -> None:
        """The pad's erase key."""
        if self._field(name) is not None:
            self._store(name, self._session.data.fields.get(name, "")[:-1])

    @Slot(str, str)
    def choose(self, name: str, value: str) -> None:
        """A choice or yes/no button."""
        if self._field(name) is not None:
            self._store(name, value)

    @Slot(str, str)
    def toggle(self, name: str, value: str) -> None:
        """A multiple-choice button: chosen or not."""
        item = self._field(name)
        if item is None:
            return
        chosen = set(split_multi(self._session.data.fields.get(name, "")))
        chosen.symmetric_difference_update({value})
        self._store(name, join_multi(item, chosen))

    @Slot(str, str, int)
    def stepDate(self, name: str, part: str, delta: int) -> None:
        """Move the day, month or year of a date by ``delta``.

        An unset date shows dashes, not a date: the first tap picks today, the one the
        citizen then sees, rather than a day they never saw.
        """
        date_part = date_part_of(part)
        if self._field(name) is None or date_part is None:
            return
        if parse_date(self._session.data.fields.get(name, "")) is None:
            self.setToday(name)
            return
        self._store(name, step_date(self._date(name), date_part, delta).isoformat())

    @Slot(str, int)
    def yearsBack(self, name: str, years: int) -> None:
        """The date editor's "10 years ago": from the date shown, or from today."""
        if self._field(name) is None:
            return
        self._store(name, step_date(self._date(name), DatePart.YEAR, -years).isoformat())

    @Slot(str)
    def setToday(self, name: str) -> None:
        """The date editor's "today" button."""
        if self._field(name) is not None:
            self._store(name, self._clock.now().date().isoformat())

    @Slot(str, str)
    def chooseDusun(self, name: str, dusun: str) -> None:
        """The dusun of a location field."""
        if self._field(name) is not None:
            location = parse_location(self._session.data.fields.get(name, ""))
            self._store(name, Location(dusun, location.rt, location.rw).encode())

    @Slot(str, str, str)
    def typeLocationDigit(self, name: str, part: str, digit: str) -> None:
        """A pad key for the RT or RW of a location field."""
        self._edit_location(name, part, lambda digits: (digits + digit)[:_RT_RW_DIGITS])

    @Slot(str, str)
    def eraseLocationDigit(self, name: str, part: str) -> None:
        """The pad's erase key for the RT or RW."""
        self._edit_location(name, part, lambda digits: digits[:-1])

    # Slots: navigation -------------------------------------------------------------------

    @Slot()
    def next(self) -> None:
        """Check this step; on to the next one or to the review."""
        self._act(self._session.next_step)

    @Slot()
    def previous(self) -> None:
        """One step back (out of the form from the first step)."""
        self._act(self._session.previous_step)

    @Slot(int)
    def editStep(self, index: int) -> None:
        """From the review, change one step's answers."""
        self._act(lambda: self._session.edit_step(index))

    @Slot()
    def submit(self) -> None:
        """Submit the reviewed form: commit and print on the worker."""
        self._backend.submit_current()

    # Internals ---------------------------------------------------------------------------

    def _act(self, action: Callable[[], object]) -> None:
        try:
            action()
        except SessionError as error:
            log.error("Ignoring a tap that does not fit the screen: %s", error)

    def _field(self, name: str) -> Field | None:
        service = self._session.data.service
        if self._session.screen is not Screen.FORM or service is None:
            log.error("QML edited %r outside a form", name)
            return None
        try:
            return service.field(name)
        except KeyError:
            log.error("QML edited unknown field %r of %s", name, service.id)
            return None

    def _store(self, name: str, value: str) -> None:
        self._act(lambda: self._session.set_field(name, value))

    def _date(self, name: str) -> dt.date:
        return parse_date(self._session.data.fields.get(name, "")) or self._clock.now().date()

    def _edit_location(self, name: str, part: str, edit: Callable[[str], str]) -> None:
        if self._field(name) is None or part not in _LOCATION_PARTS:
            return
        location = parse_location(self._session.data.fields.get(name, ""))
        rt = edit(location.rt) if part == "rt" else location.rt
        rw = edit(location.rw) if part == "rw" else location.rw
        self._store(name, Location(location.dusun, rt.lstrip("0"), rw.lstrip("0")).encode())

    def _refresh(self) -> None:
        session = self._session
        language = session.data.language
        service = session.data.service
        step = session.current_step
        answers = session.data.fields
        # Only the questions the answers so far ask (``shown_when``).
        fields = shown_fields(step.fields, answers) if step is not None else ()
        self._values.set("fields", [_field_dict(item, language) for item in fields])
        values = {item.name: session.data.fields.get(item.name, "") for item in fields}
        self._values.set("values", values)
        self._values.set(
            "parts", {item.name: self._parts(item, values[item.name], language) for item in fields}
        )
        self._values.set(
            "errors", {p.field: p.message.get(language) for p in session.data.problems}
        )
        self._values.set(
            "step",
            {
                "index": session.data.step,
                "count": len(session.steps),
                "title": step.title.get(language) if step is not None else "",
                "serviceTitle": service.title.get(language) if service is not None else "",
                "last": session.data.step + 1 >= len(session.steps),
            },
        )
        review = []
        if (
            service is not None
            and service.flow is Flow.FORM
            and session.screen
            in (
                Screen.REVIEW,
                Screen.SUBMIT,
            )
        ):
            for index, form_step in enumerate(service.steps):
                rows = [
                    {
                        "label": item.label.get(language),
                        "value": display_value(item, answers.get(item.name, ""), language),
                    }
                    for item in shown_fields(form_step.fields, answers)
                ]
                review.append(
                    {"index": index, "title": form_step.title.get(language), "rows": rows}
                )
        self._values.set("review", review)
        identity = session.data.identity
        self._values.set(
            "applicant",
            {
                "anonymous": identity is None,
                "name": identity.name.strip() if identity is not None else "",
                "nik": mask_nik(identity.nik) if identity is not None else "",
            },
        )
        self._values.set("information", self._information(language))

    def _parts(self, item: Field, value: str, language: str) -> dict[str, Any]:
        if item.kind is FieldKind.DATE:
            chosen = parse_date(value)
            return date_parts(chosen or self._clock.now().date(), chosen is not None, language)
        if item.kind is FieldKind.LOCATION:
            location = parse_location(value)
            return {"dusun": location.dusun, "rt": location.rt, "rw": location.rw}
        if item.kind is FieldKind.MULTI_CHOICE:
            return {"chosen": split_multi(value)}
        return {"display": display_value(item, value, language)}

    def _information(self, language: str) -> dict[str, Any]:
        catalog = self._backend.catalog
        budget = catalog.budget
        return {
            "pages": [
                {"title": page.title.get(language), "body": page.body.get(language)}
                for page in catalog.pages
            ],
            "budgetTitle": budget.title.get(language) if budget else "",
            "budget": [
                {
                    "label": row.label.get(language),
                    "planned": format_rupiah(row.planned),
                    "realized": format_rupiah(row.realized),
                    "percent": row.realized_percent,
                    "heading": row.heading,
                }
                for row in (budget.rows if budget else ())
            ],
            "version": catalog.version,
        }


def date_part_of(name: str) -> DatePart | None:
    """The part a date editor's button names; None (logged) for a name QML should not send."""
    try:
        return DatePart(name)
    except ValueError:
        log.error("QML asked for date part %r", name)
        return None


def date_parts(shown: dt.date, chosen: bool, language: str) -> dict[str, Any]:
    """What the date editor shows: the parts of ``shown``, greyed out until ``chosen``."""
    return {
        "set": chosen,
        "day": shown.day,
        "month": shown.month,
        "monthName": month_names(language)[shown.month - 1],
        "year": shown.year,
    }


def _field_dict(item: Field, language: str) -> dict[str, Any]:
    return {
        "name": item.name,
        "kind": item.kind.value,
        "label": item.label.get(language),
        "help": item.help.get(language),
        "required": item.required,
        "maxLength": item.max_length,
        "digits": item.kind in DIGIT_KINDS,
        "choices": [{"value": c.value, "label": c.label.get(language)} for c in item.choices],
    }
