"""The catalog as the back office reads it: service titles, questions, answers in words, causes.

Central serves one catalog to every kiosk (:mod:`central.catalog`); the back office labels
what it shows from that same catalog, so staff read the question the citizen answered and
the choice's words, never a bare value. Answers are put in words by the kiosk's own
:func:`kiosk.forms.display_value` (a NIK inside a form stays masked). The catalog is read
leniently here: a service or field it cannot label shows its id and the raw answer.

Which services the back office treats specially is said once, here: complaints
(:data:`COMPLAINT_SERVICES`) and the poverty reports (:data:`POVERTY_SERVICES`) the poverty
team counts by cause, the catalog's ``cause`` field; an RTLH report has no such field and
counts as the cause ``housing_unfit``.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass
from functools import lru_cache
from typing import Any, cast

from django.apps import apps

from kiosk.forms import Choice, Field, FieldKind, display_value
from kiosk.services import POVERTY_CAUSE_FIELD
from kiosk.text import LocalizedText

#: Complaints (Pengaduan Masyarakat): routed to an OPD, answered by its officers.
COMPLAINT_SERVICES = frozenset({"pengaduan"})
#: The unfit-house report, which carries the housing programme's stage.
RTLH_SERVICE = "rtlh"
HOUSING_UNFIT = "housing_unfit"
#: Poverty reports by service, with the cause a report without a ``cause`` field counts as.
POVERTY_SERVICES: Mapping[str, str | None] = {
    "warga_miskin": None,
    "surat_miskin": None,
    RTLH_SERVICE: HOUSING_UNFIT,
}


@dataclass(frozen=True)
class ServiceLabels:
    """A service's title and its questions, in the catalog's order."""

    id: str
    title: LocalizedText
    fields: tuple[Field, ...]


@dataclass(frozen=True)
class Answer:
    """One answered question, in words."""

    name: str
    label: str
    value: str


@dataclass(frozen=True)
class OfficeCatalog:
    """The labels of one catalog."""

    services: Mapping[str, ServiceLabels]
    causes: tuple[Choice, ...]

    def title(self, service: str, language: str) -> str:
        """The service's title, or its id when the catalog does not have it."""
        labels = self.services.get(service)
        return labels.title.get(language) if labels and labels.title.id else service

    def answers(self, service: str, fields: Mapping[str, Any], language: str) -> list[Answer]:
        """Every answer, in the form's order, then any the catalog does not know, as sent."""
        labels = self.services.get(service)
        known = labels.fields if labels else ()
        answers = [
            Answer(item.name, item.label.get(language), display_value(item, value, language))
            for item in known
            if isinstance(value := fields.get(item.name), str) and value
        ]
        names = {item.name for item in known}
        answers += [
            Answer(name, name, str(value))
            for name, value in fields.items()
            if name not in names and value not in ("", None)
        ]
        return answers

    def cause_label(self, cause: str, language: str) -> str:
        """A poverty cause in words; its id when the catalog does not list it."""
        for choice in self.causes:
            if choice.value == cause:
                return choice.label.get(language)
        return cause


def office_catalog() -> OfficeCatalog:
    """The labels of the catalog this process serves to kiosks."""
    from central.api.apps import ApiConfig

    served = cast(ApiConfig, apps.get_app_config("api")).catalog()
    return _labels(served.body)


@lru_cache(maxsize=4)
def _labels(body: bytes) -> OfficeCatalog:
    data = json.loads(body)
    services = {}
    causes: tuple[Choice, ...] = ()
    for service in _list(data.get("services")):
        if not isinstance(service.get("id"), str):
            continue
        fields = tuple(
            field
            for step in _list(service.get("steps"))
            for raw in _list(step.get("fields"))
            if (field := _field(raw)) is not None
        )
        services[service["id"]] = ServiceLabels(service["id"], _text(service.get("title")), fields)
        for field in fields:
            if field.name == POVERTY_CAUSE_FIELD and not causes:
                causes = field.choices
    return OfficeCatalog(services, causes)


def _field(raw: Mapping[str, Any]) -> Field | None:
    """A question with its label and choices, or None when it has no name."""
    name = raw.get("name")
    if not isinstance(name, str):
        return None
    try:
        kind = FieldKind(raw.get("kind"))
    except ValueError:
        kind = FieldKind.TEXT
    choices = tuple(
        Choice(choice["value"], _text(choice.get("label")))
        for choice in _list(raw.get("choices"))
        if isinstance(choice.get("value"), str)
    )
    label = _text(raw.get("label"))
    return Field(name, kind, label if label.id else LocalizedText(name), choices=choices)


def _text(raw: object) -> LocalizedText:
    if isinstance(raw, dict) and isinstance(raw.get("id"), str):
        english = raw.get("en")
        return LocalizedText(raw["id"], english if isinstance(english, str) else "")
    return LocalizedText("")


def _list(raw: object) -> list[Mapping[str, Any]]:
    return [item for item in raw if isinstance(item, dict)] if isinstance(raw, list) else []
