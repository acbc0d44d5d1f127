"""What every back-office view shares: login, a permission, and an audit entry per page view."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, ClassVar

from django.contrib.auth.mixins import PermissionRequiredMixin
from django.http import HttpRequest, HttpResponseBase

from central.office import audit
from central.office.models import Action
from central.office.permissions import Permission

if TYPE_CHECKING:  # Django's generic views are generic only in django-stubs, not at run time.
    from django.views import generic

    ListView = generic.ListView[Any]
    FormView = generic.FormView[Any]
else:
    from django.views.generic import FormView, ListView

__all__ = ["FormView", "ListView", "OfficeView"]


class OfficeView(PermissionRequiredMixin):
    """A page for staff holding :attr:`permission`; anyone else logs in first or gets 403.

    A page that shows citizens' data names its :attr:`audit_action`: each time it is shown
    (a ``GET`` answered 200), the audit trail records who saw it, with
    :meth:`audit_target` and :meth:`audit_detail`.
    """

    permission: ClassVar[Permission]
    audit_action: ClassVar[Action | None] = None
    request: HttpRequest

    def get_permission_required(self) -> tuple[str]:
        """The one permission this page needs."""
        return (self.permission.value,)

    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        """Check the permission, answer, then record the view if it showed something."""
        response: HttpResponseBase = super().dispatch(request, *args, **kwargs)
        if (
            self.audit_action is not None
            and request.method == "GET"
            and response.status_code == 200
        ):
            audit.record(
                audit.Actor.of(request), self.audit_action, self.audit_target(), self.audit_detail()
            )
        return response

    def audit_target(self) -> str:
        """What was seen: a reference, or nothing for a list."""
        return ""

    def audit_detail(self) -> dict[str, Any]:
        """How it was seen: the filters and page of a list."""
        return {}

    def actor(self) -> audit.Actor:
        """The member of staff acting in this request."""
        return audit.Actor.of(self.request)
