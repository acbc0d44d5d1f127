"""The fleet page: every kiosk in the user's scope, how it is doing, and what stands out."""

from __future__ import annotations

from typing import Any

from django.utils import timezone
from django.views.generic import TemplateView

from central.fleet.status import SILENT_AFTER, kiosk_states
from central.office import scope
from central.office.models import Action
from central.office.permissions import Permission
from central.office.views.base import OfficeView

#: The page reloads itself (a meta refresh: no script needed) this often, in seconds.
REFRESH_SECONDS = 60


class FleetView(OfficeView, TemplateView):
    """Each kiosk with its village, last heartbeat, devices, paper, outbox, version, clock."""

    permission = Permission.VIEW_FLEET
    audit_action = Action.VIEW_FLEET
    template_name = "office/fleet.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        """The kiosks' states, those that stand out first."""
        context = super().get_context_data(**kwargs)
        states = kiosk_states(scope.kiosks(self.request.user), timezone.now())
        context.update(
            states=states,
            standing_out=sum(state.stands_out for state in states),
            online=sum(state.online for state in states),
            silent_minutes=int(SILENT_AFTER.total_seconds() // 60),
            refresh_seconds=REFRESH_SECONDS,
        )
        return context
