"""The public verification pages: ``/v/`` to type a code, ``/v/<code>`` for a letter."""

from __future__ import annotations

from django.urls import path

from central.letters import views

urlpatterns = [
    path("", views.start),
    path("style.css", views.stylesheet),
    path("<str:code>", views.verify),
]
