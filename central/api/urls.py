"""The paths of ``openapi.yaml``; each view checks its own method (405 with ``Allow``)."""

from __future__ import annotations

from django.urls import path

from central.api import views
from central.letters import api as letters

urlpatterns = [
    path("health", views.health),
    path("transactions", views.create_transaction),
    path("transactions/<str:reference>", views.get_transaction),
    path("transactions/<str:reference>/receipt", views.report_receipt),
    path("transactions/<str:reference>/letter", letters.get_letter),
    path("transactions/<str:reference>/letter/collected", letters.report_collected),
    path("letters", letters.list_letters),
    path("identity-tokens", letters.create_identity_token),
    path("kiosks/<str:kiosk_id>/transactions", views.list_transactions),
    path("catalog", views.get_catalog),
    path("heartbeat", views.heartbeat),
    path("queue/<str:counter>/tickets", views.issue_ticket),
    path("cards/<str:uid>", views.look_up_card),
    path("cards/<str:uid>/confirm", views.confirm_card),
    path("audit-events", views.post_audit_events),
    path("preregistrations/<str:token>", views.look_up_preregistration),
]
