"""Central's URLs: the kiosk API, the back office and the letters' public verification.

``/v1/`` is the kiosk API, ``/office/`` the staff's back office, ``/v/`` the verification
page of a letter's QR code, ``/display/`` the queue's hall display.

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
    path("v/", include("central.letters.urls")),
    path("display/", include("central.display.urls")),
]

handler403 = "central.office.views.errors.forbidden"
handler404 = "central.office.views.errors.not_found"
handler500 = "central.office.views.errors.server_error"
