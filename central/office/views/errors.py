"""Error pages: a page for staff under ``/office/``, the contract's problem+json elsewhere.

Django calls these for every 403, 404, 500 and CSRF failure (``central/urls.py``,
``CSRF_FAILURE_VIEW``); a record out of a member of staff's scope is a 404 like any other.
"""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.template import loader
from django.template.response import TemplateResponse

from central.api import views as api_views
from central.office.middleware import OFFICE_PREFIX


def _is_api(request: HttpRequest) -> bool:
    """Whether to answer as the contract does: everywhere but the staff's pages."""
    return not request.path.startswith(OFFICE_PREFIX)


def _page(request: HttpRequest, template: str, status: int) -> HttpResponse:
    response = TemplateResponse(request, template, status=status)
    return response.render()


def not_found(request: HttpRequest, exception: Exception) -> HttpResponse:
    """404: the contract's problem for the API, else a plain page that tells nothing more."""
    if _is_api(request):
        return api_views.not_found(request, exception)
    return _page(request, "office/errors/404.html", 404)


def forbidden(request: HttpRequest, exception: Exception) -> HttpResponse:
    """403: a page for staff whose roles do not open this page."""
    return _page(request, "office/errors/403.html", 403)


def server_error(request: HttpRequest) -> HttpResponse:
    """500: the API's problem, else a page (the failure itself is in the log).

    Rendered without the request's context: what failed may be the database that the
    session and the menu would read.
    """
    if _is_api(request):
        return api_views.server_error(request)
    return HttpResponse(loader.render_to_string("office/errors/500.html"), status=500)


def csrf_failure(request: HttpRequest, reason: str = "") -> HttpResponse:
    """A form sent without its token (an old page, or another site): ask to reload."""
    return _page(request, "office/errors/csrf.html", 403)
