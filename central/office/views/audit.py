"""The audit trail, for Diskominfo's admins: who did or saw what, when, from where."""

from __future__ import annotations

from typing import Any

from central.office import scope
from central.office.forms import AuditFilter
from central.office.models import Action
from central.office.permissions import Permission
from central.office.views.base import ListView, OfficeView


class AuditView(OfficeView, ListView):
    """Newest first, filtered by user, action, target and dates; reading it is audited too."""

    permission = Permission.READ_AUDIT
    audit_action = Action.READ_AUDIT
    template_name = "office/audit.html"
    paginate_by = 50

    def get_queryset(self) -> Any:
        """The entries in scope that pass the filters."""
        self.filters = AuditFilter(self.request.GET)
        return self.filters.apply(scope.audit_entries(self.request.user))

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        """The filters, and the query for the pagination links."""
        context = super().get_context_data(**kwargs)
        query = self.request.GET.copy()
        query.pop("page", None)
        context.update(filters=self.filters, query=query.urlencode())
        return context

    def audit_detail(self) -> dict[str, Any]:
        """The filters and page read."""
        return {key: value for key, value in self.request.GET.items() if value}
