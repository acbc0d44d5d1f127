"""The hall display's pages: no login, read-only, ticket numbers and counts only.

The page is static; its script polls the feed (:data:`POLL_MS`), which answers the last
calls and the waiting counts as they are now, so a display that lost the network for a
while simply shows the present when it is back, and a display that restarts shows the
last calls without speaking them again. Short polls rather than server-sent events: the
server's worker threads (waitress) are not held by a TV that listens all day.
"""

from __future__ import annotations

from typing import cast

from django.apps import apps
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_GET

from central.api.views import catalog
from central.display.apps import DisplayConfig
from central.display.voice import MAX_DESK, NUMBER, VoiceError
from central.transactions import hall

#: How often the display asks for the present, in milliseconds.
POLL_MS = 400
#: How many calls the display lists (the newest is the big one).
LAST_CALLS = 6


def _unit(code: str | None) -> str | None:
    if code is not None and code not in catalog().counters:
        raise Http404(f"no counter {code} in the catalog")
    return code


@require_GET
def page(request: HttpRequest, code: str | None = None) -> HttpResponse:
    """The display page of the hall, or of one unit."""
    unit = _unit(code)
    rule = catalog().counter_rule(unit) if unit else None
    feed = f"/display/{unit}/feed" if unit else "/display/feed"
    return render(
        request,
        "display/display.html",
        {
            "unit": unit,
            "unit_name": rule.name if rule else "",
            "unit_name_en": rule.name_en if rule else "",
            "feed_url": feed,
            "poll_ms": POLL_MS,
        },
    )


@require_GET
def feed(request: HttpRequest, code: str | None = None) -> JsonResponse:
    """The last calls (of the unit) and how many wait for each unit, now."""
    unit = _unit(code)
    served, now = catalog(), timezone.now()
    hall.expire_closed(served.counter_rules, now)
    units = [unit] if unit else sorted(served.counters)
    counts = hall.waiting_counts(timezone.localdate(now), units)
    calls = hall.recent_calls(unit, 0, LAST_CALLS)
    response = JsonResponse(
        {
            "calls": [call.as_json() for call in calls],
            "waiting": [
                {
                    "unit": code,
                    "name": served.counter_rule(code).name,
                    "name_en": served.counter_rule(code).name_en,
                    "count": counts[code],
                }
                for code in units
            ],
            "time": timezone.localtime(now).strftime("%H:%M"),
        }
    )
    response["Cache-Control"] = "no-store"
    return response


def _voice() -> DisplayConfig:
    return cast(DisplayConfig, apps.get_app_config("display"))


@require_GET
def chime(request: HttpRequest) -> HttpResponse:
    """The chime before each call."""
    response = HttpResponse(_voice().voice().chime(), content_type="audio/wav")
    response["Cache-Control"] = "max-age=86400"
    return response


@require_GET
def voice(request: HttpRequest, number: str, desk: str) -> HttpResponse:
    """The spoken call of ``number`` to ``desk``; 503 when this server cannot speak."""
    if not NUMBER.fullmatch(number) or not 1 <= int(desk) <= MAX_DESK:
        raise Http404("not a queue number and desk")
    try:
        spoken = _voice().voice().call(number, int(desk))
    except VoiceError:
        return HttpResponse(status=503, content_type="text/plain")
    response = HttpResponse(spoken, content_type="audio/wav")
    response["Cache-Control"] = "max-age=86400"
    return response
