"""Accounts, for Diskominfo's admins: create, reset a password, deactivate, give or take roles.

Every account comes from :func:`central.office.scope.staff`; each action goes through
:mod:`central.office.actions`, which audits it. A reset password also lifts a lockout.
"""

from __future__ import annotations

from typing import Any

from axes.models import AccessAttempt
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.forms import SetPasswordForm
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views import View

from central.office import actions, scope
from central.office.forms import GrantForm, NewStaffForm
from central.office.models import Action
from central.office.permissions import Permission
from central.office.views.base import FormView, ListView, OfficeView
from central.registry.models import RoleGrant


def locked_names() -> set[str]:
    """User names locked out now (too many failed logins within the cool-off)."""
    since = timezone.now() - settings.AXES_COOLOFF_TIME
    return set(
        AccessAttempt.objects.filter(
            failures_since_start__gte=settings.AXES_FAILURE_LIMIT, attempt_time__gte=since
        ).values_list("username", flat=True)
    )


class StaffListView(OfficeView, ListView):
    """Every account with its roles, whether active and whether locked out."""

    permission = Permission.MANAGE_STAFF
    audit_action = Action.LIST_STAFF
    template_name = "office/staff/list.html"
    paginate_by = 50

    def get_queryset(self) -> Any:
        """The accounts, with their grants."""
        return scope.staff(self.request.user).prefetch_related("role_grants__village")

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        """Which of them are locked out."""
        context = super().get_context_data(**kwargs)
        context["locked"] = locked_names()
        return context


class StaffCreateView(OfficeView, FormView):
    """A new account with its first role."""

    permission = Permission.MANAGE_STAFF
    template_name = "office/staff/new.html"
    form_class = NewStaffForm

    def form_valid(self, form: NewStaffForm) -> HttpResponse:
        """Create it, then open its page."""
        data = form.cleaned_data
        user = actions.create_staff(
            self.actor(), data["username"], data["password1"], data["grant"]
        )
        messages.success(self.request, _("Akun %(name)s dibuat.") % {"name": user.get_username()})
        return redirect("office:staff-member", pk=user.pk)


class StaffMemberView(OfficeView, View):
    """One account: its roles, a new password, deactivation."""

    permission = Permission.MANAGE_STAFF

    def get(self, request: HttpRequest, pk: int) -> HttpResponse:
        """The account's page."""
        member = get_object_or_404(scope.staff(request.user), pk=pk)
        return member_page(request, member)


class StaffActionView(OfficeView, View):
    """``POST`` one action on an account: ``password``, ``active``, ``grant``, ``revoke``."""

    permission = Permission.MANAGE_STAFF
    http_method_names = ["post"]

    def post(
        self, request: HttpRequest, pk: int, what: str, grant: int | None = None
    ) -> HttpResponse:
        """Do it, or show the account's page again with what is wrong."""
        member = get_object_or_404(scope.staff(request.user), pk=pk)
        actor = self.actor()
        if what == "password":
            password_form = SetPasswordForm(member, request.POST)
            if not password_form.is_valid():
                return member_page(request, member, password_form=password_form, status=400)
            actions.reset_password(actor, member, password_form.cleaned_data["new_password1"])
            messages.success(request, _("Kata sandi baru disimpan; kunci masuk dibuka."))
        elif what == "active":
            if member.pk == request.user.pk:
                messages.error(request, _("Anda tidak dapat menonaktifkan akun Anda sendiri."))
            else:
                actions.set_active(actor, member, request.POST.get("active") == "1")
                messages.success(request, _("Status akun diubah."))
        elif what == "grant":
            grant_form = GrantForm(request.POST)
            if not grant_form.is_valid():
                return member_page(request, member, grant_form=grant_form, status=400)
            try:
                actions.grant_role(actor, member, grant_form.cleaned_data["grant"])
            except actions.ActionError as exc:
                grant_form.add_error(None, str(exc))
                return member_page(request, member, grant_form=grant_form, status=400)
            messages.success(request, _("Peran ditambahkan."))
        elif what == "revoke" and grant is not None:
            role_grant = get_object_or_404(
                RoleGrant.objects.select_related("user", "village"), pk=grant, user=member
            )
            actions.revoke_role(actor, role_grant)
            messages.success(request, _("Peran dicabut."))
        else:
            return member_page(request, member, status=404)
        return redirect("office:staff-member", pk=member.pk)


def member_page(
    request: HttpRequest, member: Any, *, status: int = 200, **forms: Any
) -> HttpResponse:
    """An account's page with its forms (bound ones passed in ``forms``)."""
    context = {
        "member": member,
        "grants": member.role_grants.select_related("village").order_by("role"),
        "locked": member.get_username() in locked_names(),
        "password_form": forms.get("password_form") or SetPasswordForm(member),
        "grant_form": forms.get("grant_form") or GrantForm(),
    }
    return TemplateResponse(request, "office/staff/member.html", context, status=status)
