"""Complaints in the user's scope: their OPD, and how long each has waited for its answer."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from central.office import scope
from central.office.catalog import COMPLAINT_SERVICES, Answer, office_catalog
from central.office.complaints import CLOSED, Age, complaint_age, target_time
from central.office.models import Action, Opd
from central.office.permissions import Permission
from central.office.views.base import ListView, OfficeView
from central.office.views.requests import PAGE_SIZE, Row, rows_of


class ComplaintFilter(forms.Form):
    """Open or closed complaints, of one OPD."""

    state = forms.ChoiceField(
        label=_("Keadaan"),
        required=False,
        choices=[("open", _("Belum selesai")), ("closed", _("Selesai")), ("all", _("Semua"))],
    )
    opd = forms.ModelChoiceField(
        label=_("OPD"), required=False, queryset=Opd.objects.all(), empty_label=_("Semua")
    )


@dataclass(frozen=True)
class ComplaintRow:
    """A complaint as the list shows it."""

    row: Row
    topic: str
    opd: str
    age: Age


def _topic(answers: list[Answer]) -> str:
    """What a complaint is about: its form's first answer (the catalog asks that first)."""
    return answers[0].value if answers else ""


class ComplaintListView(OfficeView, ListView):
    """The complaints, oldest open ones first, with their age against the target."""

    permission = Permission.VIEW_COMPLAINTS
    audit_action = Action.LIST_COMPLAINTS
    template_name = "office/complaints.html"
    paginate_by = PAGE_SIZE

    def get_queryset(self) -> Any:
        """Complaints in scope, filtered; open ones oldest first."""
        self.filters = ComplaintFilter(self.request.GET or {"state": "open"})
        records = scope.requests(self.request.user).filter(service__in=COMPLAINT_SERVICES)
        records = records.select_related("complaint__opd")
        state = "open"
        if self.filters.is_valid():
            state = self.filters.cleaned_data["state"] or "open"
            if self.filters.cleaned_data["opd"]:
                records = records.filter(complaint__opd=self.filters.cleaned_data["opd"])
        closed = [status.value for status in CLOSED]
        if state == "open":
            return records.exclude(status__in=closed).order_by("received_at", "id")
        if state == "closed":
            return records.filter(status__in=closed)
        return records

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        """Each complaint's OPD and age."""
        context = super().get_context_data(**kwargs)
        now, catalog, language = timezone.now(), office_catalog(), get_language()
        records = context["page_obj"].object_list
        context["rows"] = [
            ComplaintRow(
                row,
                _topic(catalog.answers(row.record.service, row.record.fields, language)),
                row.record.complaint.opd.name if hasattr(row.record, "complaint") else "",
                complaint_age(row.record, now),
            )
            for row in rows_of(records)
        ]
        context["filters"] = self.filters
        context["target"] = target_time()
        query = self.request.GET.copy()
        query.pop("page", None)
        context["query"] = query.urlencode()
        return context

    def audit_detail(self) -> dict[str, Any]:
        """The filters and page seen."""
        return {
            key: value for key, value in self.request.GET.items() if key in ("state", "opd", "page")
        }
