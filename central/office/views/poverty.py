"""The poverty page: counts by cause, village and dusun (chart, table, CSV), and follow-up."""

from __future__ import annotations

import csv
from typing import Any

from django.http import HttpRequest, HttpResponse
from django.utils import timezone
from django.utils.translation import get_language
from django.views import View

from central.office import audit, scope
from central.office.catalog import POVERTY_SERVICES, office_catalog
from central.office.forms import PovertyFilter
from central.office.models import Action
from central.office.permissions import Permission
from central.office.poverty import CHART_BAR, CHART_ROW, CHART_WIDTH, count
from central.office.views.base import ListView, OfficeView
from central.office.views.requests import PAGE_SIZE
from central.registry.models import Village


def _reports(request: HttpRequest) -> tuple[PovertyFilter, Any]:
    """The filter and the poverty reports in scope that pass it."""
    reports = scope.requests(request.user, Permission.VIEW_POVERTY).filter(
        service__in=list(POVERTY_SERVICES)
    )
    catalog, language = office_catalog(), get_language()
    villages = Village.objects.filter(
        pk__in=reports.order_by().values("kiosk__village")
    ).select_related("kecamatan")
    filters = PovertyFilter(
        request.GET,
        villages=villages,
        services=[(service, catalog.title(service, language)) for service in POVERTY_SERVICES],
    )
    return filters, filters.apply(reports)


class PovertyView(OfficeView, ListView):
    """Counts, chart and table, and the reports themselves with who follows them up."""

    permission = Permission.VIEW_POVERTY
    audit_action = Action.VIEW_POVERTY
    template_name = "office/poverty.html"
    paginate_by = PAGE_SIZE

    def get_queryset(self) -> Any:
        """The reports in view, newest first, with their follow-up."""
        self.filters, self.reports = _reports(self.request)
        return self.reports.select_related("poverty_case__assignee")

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        """The counts, the chart's bars and the page of reports."""
        context = super().get_context_data(**kwargs)
        catalog, language = office_catalog(), get_language()
        counts = count(self.reports.iterator(), catalog, language)
        bars, height = counts.chart()
        query = self.request.GET.copy()
        query.pop("page", None)
        context.update(
            counts=counts,
            bars=bars,
            chart_height=height,
            chart_width=CHART_WIDTH,
            chart_bar=CHART_BAR,
            chart_row=CHART_ROW,
            filters=self.filters,
            query=query.urlencode(),
            cause_columns=[(cause, counts.labels[cause]) for cause in counts.causes],
            report_rows=[
                (record, catalog.title(record.service, language))
                for record in context["page_obj"].object_list
            ],
        )
        return context

    def audit_detail(self) -> dict[str, Any]:
        """The filters and page seen."""
        return {**self.filters.described(), "page": self.request.GET.get("page", "1")}


class PovertyCsvView(OfficeView, View):
    """The counts by place and cause as CSV (no personal data), audited."""

    permission = Permission.VIEW_POVERTY

    def get(self, request: HttpRequest) -> HttpResponse:
        """``kemiskinan-YYYYMMDD.csv``."""
        filters, reports = _reports(request)
        counts = count(reports.iterator(), office_catalog(), get_language())
        response = HttpResponse(content_type="text/csv; charset=utf-8")
        name = f"kemiskinan-{timezone.localdate():%Y%m%d}.csv"
        response["Content-Disposition"] = f'attachment; filename="{name}"'
        csv.writer(response).writerows(counts.csv_rows())
        audit.record(self.actor(), Action.EXPORT_POVERTY, "", filters.described())
        return response
