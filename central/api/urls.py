"""The paths of ``openapi.yaml``; each view checks its own method (405 with ``Allow``)."""

from __future__ import annotations

from django.urls import path

from central.api import views

urlpatterns = [
    path("health", views.health),
    path("transactions", views.create_transaction),
    path("transactions/<str:reference>", views.get_transaction),
    path("transactions/<str:reference>/receipt", views.report_receipt),
    path("kiosks/<str:kiosk_id>/transactions", views.list_transactions),
    path("catalog", views.get_catalog),
    path("heartbeat", views.heartbeat),
    path("queue/<str:counter>/tickets", views.issue_ticket),
    path("cards/<str:uid>", views.look_up_card),
    path("cards/<str:uid>/confirm", views.confirm_card),
    path("audit-events", views.post_audit_events),
    path("preregistrations/<str:token>", views.look_up_preregistration),
]
