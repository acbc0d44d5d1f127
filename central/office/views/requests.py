"""The inbox (``/office/``) and a request's page, with its complaint and poverty panels.

Records come only from :func:`central.office.scope.requests`; a reference outside the
user's scope is 404, exactly like one that does not exist.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.contrib import messages
from django.http import HttpRequest, HttpResponse, HttpResponseBase
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views import View

from central.identity import mask_name, mask_nik
from central.office import actions, navigation, scope
from central.office.catalog import (
    COMPLAINT_SERVICES,
    POVERTY_SERVICES,
    RTLH_SERVICE,
    office_catalog,
)
from central.office.complaints import complaint_age
from central.office.forms import FollowUpForm, RequestFilter, RevealForm, RouteForm, StatusForm
from central.office.letter_panel import letter_section
from central.office.models import Action, AuditEntry, PovertyCase
from central.office.permissions import Permission, roles_of
from central.office.views.base import ListView, OfficeView
from central.registry.models import Scope
from central.transactions.models import Transaction

PAGE_SIZE = 25


@dataclass(frozen=True)
class Row:
    """One request as a list shows it: masked identity, the service in words."""

    record: Transaction
    service: str
    nik: str
    name: str


def rows_of(records: Any) -> list[Row]:
    """The list's rows, identities masked."""
    catalog, language = office_catalog(), get_language()
    return [
        Row(
            record,
            catalog.title(record.service, language),
            mask_nik(record.identity_nik) if record.identity_nik else "",
            mask_name(record.identity_name) if record.identity_name else "",
        )
        for record in records
    ]


class InboxView(OfficeView, ListView):
    """The requests in the user's scope, newest first, filtered and paged."""

    permission = Permission.VIEW_REQUESTS
    audit_action = Action.LIST_REQUESTS
    template_name = "office/inbox.html"
    paginate_by = PAGE_SIZE

    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        """Staff without an inbox (Diskominfo's admins) start at their first page instead."""
        if request.user.is_authenticated and not self.has_permission():
            entries = navigation.allowed(request.user)
            if entries:
                return redirect(entries[0].url_name)
            return TemplateResponse(request, "office/no_role.html", status=403)
        return super().dispatch(request, *args, **kwargs)

    def get_queryset(self) -> Any:
        """The scope, filtered."""
        catalog, language = office_catalog(), get_language()
        records = scope.requests(self.request.user)
        services = sorted(
            {(service, catalog.title(service, language)) for service in _services_in(records)},
            key=lambda pair: pair[1],
        )
        regency = any(role.scope is Scope.REGENCY for role in roles_of(self.request.user))
        self.filters = RequestFilter(self.request.GET, services=services, regency=regency)
        return self.filters.apply(records)

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        """The page's rows and the filters."""
        context = super().get_context_data(**kwargs)
        context["rows"] = rows_of(context["page_obj"].object_list)
        context["filters"] = self.filters
        context["query"] = _query_without_page(self.request)
        return context

    def audit_detail(self) -> dict[str, Any]:
        """The filters and page seen."""
        return {**self.filters.described(), "page": self.request.GET.get("page", "1")}


def _services_in(records: Any) -> list[str]:
    return list(records.order_by().values_list("service", flat=True).distinct())


def _query_without_page(request: HttpRequest) -> str:
    """The list's filters as a query string, for the pagination links."""
    query = request.GET.copy()
    query.pop("page", None)
    return query.urlencode()


class RequestView(OfficeView, View):
    """A request's page; ``POST`` to ``.../nik`` shows the full NIK once, after a reason."""

    permission = Permission.VIEW_REQUESTS
    audit_action = Action.VIEW_REQUEST

    def get(self, request: HttpRequest, reference: str) -> HttpResponse:
        """The page, identity masked."""
        self.record = get_object_or_404(scope.requests(request.user), reference=reference)
        return request_page(request, self.record)

    def audit_target(self) -> str:
        """The reference seen."""
        return self.record.reference


class RevealNikView(OfficeView, View):
    """The full NIK of one request, shown once, after its reason is recorded."""

    permission = Permission.REVEAL_NIK
    http_method_names = ["post"]

    def post(self, request: HttpRequest, reference: str) -> HttpResponse:
        """Record the reason, then show the page with the full NIK (never kept in a cookie)."""
        record = get_object_or_404(
            scope.requests(request.user, self.permission), reference=reference
        )
        form = RevealForm(request.POST)
        if not form.is_valid():
            return request_page(request, record, reveal_form=form, status=400)
        nik = actions.reveal_nik(self.actor(), record, form.cleaned_data["reason"])
        return request_page(request, record, full_nik=nik or "")


class StatusView(OfficeView, View):
    """Move a request one step, with the citizen's message."""

    permission = Permission.CHANGE_STATUS
    http_method_names = ["post"]

    def post(self, request: HttpRequest, reference: str) -> HttpResponse:
        """Take the step, or show the page again with what is wrong."""
        record = get_object_or_404(
            scope.requests(request.user, self.permission), reference=reference
        )
        form = StatusForm(request.POST, record=record)
        if form.is_valid():
            try:
                actions.change_status(
                    self.actor(),
                    record,
                    form.cleaned_target(),
                    form.cleaned_data["note_id"],
                    form.cleaned_data["note_en"],
                )
            except actions.ActionError as exc:
                form.add_error(None, str(exc))
            else:
                messages.success(
                    request,
                    _("Status %(reference)s sekarang: %(status)s.")
                    % {"reference": record.reference, "status": record.status_text.id},
                )
                return redirect("office:request", reference=record.reference)
        return request_page(request, record, status_form=form, status=400)


class RouteView(OfficeView, View):
    """Send a complaint to an OPD."""

    permission = Permission.ROUTE_COMPLAINTS
    http_method_names = ["post"]

    def post(self, request: HttpRequest, reference: str) -> HttpResponse:
        """Route it, or show the page again with what is wrong."""
        record = get_object_or_404(
            scope.requests(request.user, self.permission).filter(service__in=COMPLAINT_SERVICES),
            reference=reference,
        )
        form = RouteForm(request.POST)
        if not form.is_valid():
            return request_page(request, record, route_form=form, status=400)
        actions.route_complaint(self.actor(), record, form.cleaned_data["opd"])
        messages.success(
            request,
            _("Pengaduan %(reference)s diteruskan ke %(opd)s.")
            % {"reference": record.reference, "opd": form.cleaned_data["opd"].name},
        )
        return redirect("office:request", reference=record.reference)


class FollowUpView(OfficeView, View):
    """Assign a poverty report, set its visit date and RTLH stage, add a note."""

    permission = Permission.FOLLOW_UP_POVERTY
    http_method_names = ["post"]

    def post(self, request: HttpRequest, reference: str) -> HttpResponse:
        """Record the follow-up, or show the page again with what is wrong."""
        record = get_object_or_404(
            scope.requests(request.user, self.permission).filter(
                service__in=list(POVERTY_SERVICES)
            ),
            reference=reference,
        )
        form = FollowUpForm(
            request.POST, team=scope.poverty_team(request.user), rtlh=record.service == RTLH_SERVICE
        )
        if form.is_valid():
            data = form.cleaned_data
            try:
                actions.follow_up(
                    self.actor(),
                    record,
                    assignee=data["assignee"],
                    visit_on=data["visit_on"],
                    stage=data.get("stage", ""),
                    note=data["note"],
                )
            except actions.ActionError as exc:
                form.add_error(None, str(exc))
            else:
                messages.success(request, _("Tindak lanjut disimpan."))
                return redirect("office:request", reference=record.reference)
        return request_page(request, record, follow_up_form=form, status=400)


def request_page(
    request: HttpRequest,
    record: Transaction,
    *,
    full_nik: str = "",
    status: int = 200,
    **forms: Any,
) -> HttpResponse:
    """A request's page, with the forms its reader may use (bound ones passed in ``forms``)."""
    user, language = request.user, get_language()
    catalog = office_catalog()

    def may(permission: Permission, within: Any = None) -> bool:
        reach = scope.requests(user, permission)
        if within is not None:
            reach = reach.filter(service__in=within)
        return bool(user.has_perm(permission.value) and reach.filter(pk=record.pk).exists())

    context: dict[str, Any] = {
        "record": record,
        "service_title": catalog.title(record.service, language),
        "answers": catalog.answers(record.service, record.fields, language),
        "masked_nik": mask_nik(record.identity_nik) if record.identity_nik else "",
        "full_nik": full_nik,
        "history": AuditEntry.objects.filter(
            target=record.reference,
            action__in=[
                Action.CHANGE_STATUS,
                Action.ROUTE_COMPLAINT,
                Action.FOLLOW_UP,
                Action.SIGN_LETTER,
                Action.REVOKE_LETTER,
                Action.ALLOW_COPY,
            ],
        ).order_by("at", "id"),
        "is_complaint": record.service in COMPLAINT_SERVICES,
        "is_poverty": record.service in POVERTY_SERVICES,
    }
    if record.identity_nik and may(Permission.REVEAL_NIK):
        context["reveal_form"] = forms.get("reveal_form") or RevealForm()
    if may(Permission.CHANGE_STATUS):
        status_form = forms.get("status_form") or StatusForm(record=record)
        if status_form.has_steps:
            context["status_form"] = status_form
    context.update(letter_section(request, record, forms.get("sign_form"), forms.get("copy_form")))
    if context["is_complaint"]:
        context["complaint"] = getattr(record, "complaint", None)
        context["age"] = complaint_age(record, timezone.now())
        if may(Permission.ROUTE_COMPLAINTS, COMPLAINT_SERVICES):
            context["route_form"] = forms.get("route_form") or RouteForm(
                initial={"opd": context["complaint"].opd if context["complaint"] else None}
            )
    if context["is_poverty"]:
        case = PovertyCase.objects.filter(transaction=record).select_related("assignee").first()
        context["case"] = case
        context["notes"] = case.notes.all() if case else []
        if may(Permission.FOLLOW_UP_POVERTY, list(POVERTY_SERVICES)):
            initial = (
                {"assignee": case.assignee, "visit_on": case.visit_on, "stage": case.stage}
                if case
                else {}
            )
            context["follow_up_form"] = forms.get("follow_up_form") or FollowUpForm(
                initial=initial,
                team=scope.poverty_team(user),
                rtlh=record.service == RTLH_SERVICE,
            )
    return TemplateResponse(request, "office/request.html", context, status=status)
