"""Central's URLs: the kiosk API under ``/v1/``, the staff's back office under ``/office/``.

Errors answer in the caller's terms: a page under ``/office/``, the contract's
``application/problem+json`` everywhere else (:mod:`central.office.views.errors`).
"""

from __future__ import annotations

from django.urls import include, path
from django.views.generic import RedirectView

urlpatterns = [
    path("v1/", include("central.api.urls")),
    path("office", RedirectView.as_view(url="/office/", permanent=False)),
    path("office/", include("central.office.urls")),
]

handler403 = "central.office.views.errors.forbidden"
handler404 = "central.office.views.errors.not_found"
handler500 = "central.office.views.errors.server_error"
