"""Central's URLs: the kiosk API under ``/v1/``, letters' verification under ``/v/``.

The back office adds its own prefix.
"""

from __future__ import annotations

from django.urls import include, path

urlpatterns = [
    path("v1/", include("central.api.urls")),
    path("v/", include("central.letters.urls")),
]

handler404 = "central.api.views.not_found"
handler500 = "central.api.views.server_error"
