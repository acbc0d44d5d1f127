"""The counter page: a desk calls the next number, calls it again, skips, finishes, transfers.

Each button is one form with one tap (and a key for staff at a desk); every act goes through
:mod:`central.office.counters`. The page shows ticket numbers only, never a citizen's data,
so looking at it is not audited; every act is. A desk the user holds no grant for is 404.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views import View
from django.views.generic import TemplateView

from central.api.views import catalog
from central.office import scope
from central.office.actions import ActionError
from central.office.counters import DeskAct, act
from central.office.permissions import Permission
from central.office.scope import Desk
from central.office.views.base import OfficeView
from central.transactions import hall
from central.transactions.models import QueueEntry
from central.transactions.workflow import TransactionState

#: How many of the next numbers in line the page lists.
NEXT_IN_LINE = 8
#: The page reloads itself this often while idle, in seconds (office.js), to show who waits.
REFRESH_SECONDS = 10


def desk_of(request: HttpRequest, unit: str | None, number: int | None) -> Desk:
    """The desk the URL names (or the user's first); 404 for a desk not theirs."""
    desks = scope.desks(request.user)
    if unit is None or number is None:
        if not desks:
            raise Http404
        return desks[0]
    desk = Desk(unit, number)
    if desk not in desks:
        raise Http404
    return desk


class CounterView(OfficeView, TemplateView):
    """The desk's called ticket, the line behind it, skipped tickets to call back."""

    permission = Permission.CALL_QUEUE
    template_name = "office/counter.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        """Everything the desk needs to decide its next tap."""
        context = super().get_context_data(**kwargs)
        desk = desk_of(self.request, kwargs.get("unit"), kwargs.get("desk"))
        served, now = catalog(), timezone.now()
        hall.expire_closed(served.counter_rules, now)
        day = timezone.localdate(now)
        line = hall.waiting(desk.unit, day)
        rule = served.counter_rule(desk.unit)
        entries = scope.queue_entries(self.request.user).filter(unit=desk.unit, day=day)
        waiting_count = line.count()
        context.update(
            desk=desk,
            desks=scope.desks(self.request.user),
            unit_name=rule.name,
            current=hall.called_at(desk.unit, desk.number),
            waiting_count=waiting_count,
            next_numbers=[entry.number for entry in line[:NEXT_IN_LINE]],
            expected_wait=hall.expected_wait(desk.unit, waiting_count, rule, now),
            skipped=entries.filter(transaction__status=TransactionState.SKIPPED.value).order_by(
                "-called_at"
            ),
            uncertain=entries.filter(
                transaction__status=TransactionState.RECEIVED.value,
                transaction__receipt__in=["unknown"],
            ).count(),
            units=[
                (code, served.counter_rule(code).name)
                for code in sorted(served.counters)
                if code != desk.unit
            ],
            closed=rule.is_closed(timezone.localtime(now)),
            refresh_seconds=REFRESH_SECONDS,
            display_url=reverse("display-unit", args=[desk.unit]),
        )
        return context


class CounterActionView(OfficeView, View):
    """One tap of the counter page; back to the page with what happened."""

    permission = Permission.CALL_QUEUE
    http_method_names = ["post"]

    def post(self, request: HttpRequest, unit: str, desk: int, what: str) -> HttpResponse:
        """Do it, then show the page again (POST, redirect, GET: a reload repeats nothing)."""
        at = desk_of(request, unit, desk)
        try:
            chosen = DeskAct(what)
        except ValueError:
            raise Http404 from None
        entry = self._entry(request, at, chosen)
        to_unit = request.POST.get("to", "")
        if chosen is DeskAct.TRANSFER and to_unit not in catalog().counters:
            messages.error(request, _("Pilih loket tujuan."))
            return redirect("office:counter-desk", unit=at.unit, desk=at.number)
        try:
            done = act(self.actor(), at, chosen, entry, to_unit)
        except ActionError as exc:
            messages.error(request, str(exc))
        else:
            messages.success(request, _message(chosen, done, to_unit))
        return redirect("office:counter-desk", unit=at.unit, desk=at.number)

    @staticmethod
    def _entry(request: HttpRequest, desk: Desk, chosen: DeskAct) -> QueueEntry | None:
        """The ticket a tap concerns: a skipped one named by the form, else the desk's call."""
        if chosen is DeskAct.NEXT:
            return None
        if chosen is DeskAct.CALL:
            ticket = request.POST.get("entry", "")
            entries = scope.queue_entries(request.user).filter(unit=desk.unit)
            found = entries.filter(pk=int(ticket)).first() if ticket.isdigit() else None
            if found is None:
                raise Http404
            return found
        return hall.called_at(desk.unit, desk.number)


def _message(chosen: DeskAct, entry: QueueEntry | None, to_unit: str) -> str:
    if entry is None:
        return _("Tidak ada yang menunggu.")
    texts = {
        DeskAct.NEXT: _("Nomor %(number)s dipanggil."),
        DeskAct.CALL: _("Nomor %(number)s dipanggil."),
        DeskAct.RECALL: _("Nomor %(number)s dipanggil ulang."),
        DeskAct.SKIP: _("Nomor %(number)s dilewati."),
        DeskAct.DONE: _("Nomor %(number)s selesai dilayani."),
        DeskAct.TRANSFER: _("Nomor %(number)s dipindahkan ke loket %(unit)s."),
    }
    return texts[chosen] % {"number": entry.number, "unit": to_unit}
