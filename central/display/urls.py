"""The hall display: ``/display/`` (every unit), ``/display/A`` (one unit), their feeds, sound."""

from __future__ import annotations

from django.urls import path, re_path

from central.display import views

_UNIT = r"(?P<code>[A-Z]{1,3})"

urlpatterns = [
    path("", views.page, name="display"),
    path("feed", views.feed, name="display-feed"),
    path("chime.wav", views.chime, name="display-chime"),
    re_path(r"^voice/(?P<number>[A-Z0-9-]{4,20})/(?P<desk>[0-9]{1,3})\.wav$", views.voice),
    re_path(rf"^{_UNIT}$", views.page, name="display-unit"),
    re_path(rf"^{_UNIT}/feed$", views.feed, name="display-unit-feed"),
]
