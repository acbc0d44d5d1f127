"""The back office's pages under ``/office/`` (namespace ``office``)."""

from __future__ import annotations

from django.urls import path
from django.views.i18n import set_language

from central.office.views import (
    accounts,
    audit,
    complaints,
    counter,
    fleet,
    letters,
    poverty,
    requests,
    staff,
)

app_name = "office"

urlpatterns = [
    path("", requests.InboxView.as_view(), name="home"),
    path("", requests.InboxView.as_view(), name="inbox"),
    path("login/", accounts.LoginView.as_view(), name="login"),
    path("logout/", accounts.LogoutView.as_view(), name="logout"),
    path("password/", accounts.PasswordChangeView.as_view(), name="password"),
    path("language/", set_language, name="language"),
    path("requests/<str:reference>/", requests.RequestView.as_view(), name="request"),
    path("requests/<str:reference>/nik", requests.RevealNikView.as_view(), name="reveal-nik"),
    path("requests/<str:reference>/status", requests.StatusView.as_view(), name="status"),
    path("requests/<str:reference>/route", requests.RouteView.as_view(), name="route"),
    path("requests/<str:reference>/follow-up", requests.FollowUpView.as_view(), name="follow-up"),
    path("requests/<str:reference>/letter/", letters.LetterPdfView.as_view(), name="letter-pdf"),
    path("requests/<str:reference>/revoke/", letters.RevokeView.as_view(), name="letter-revoke"),
    path(
        "requests/<str:reference>/allow-copy",
        letters.AllowCopyView.as_view(),
        name="letter-allow-copy",
    ),
    path("letters/", letters.SigningListView.as_view(), name="letters"),
    path("letters/sign", letters.SignView.as_view(), name="letters-sign"),
    path("complaints/", complaints.ComplaintListView.as_view(), name="complaints"),
    path("poverty/", poverty.PovertyView.as_view(), name="poverty"),
    path("poverty/export.csv", poverty.PovertyCsvView.as_view(), name="poverty-csv"),
    path("fleet/", fleet.FleetView.as_view(), name="fleet"),
    path("staff/", staff.StaffListView.as_view(), name="staff"),
    path("staff/new/", staff.StaffCreateView.as_view(), name="staff-new"),
    path("staff/<int:pk>/", staff.StaffMemberView.as_view(), name="staff-member"),
    path(
        "staff/<int:pk>/<str:what>",
        staff.StaffActionView.as_view(),
        name="staff-action",
    ),
    path(
        "staff/<int:pk>/grants/<int:grant>/revoke",
        staff.StaffActionView.as_view(),
        {"what": "revoke"},
        name="staff-revoke",
    ),
    path("audit/", audit.AuditView.as_view(), name="audit"),
    path("counter/", counter.CounterView.as_view(), name="counter"),
    path("counter/<str:unit>/<int:desk>/", counter.CounterView.as_view(), name="counter-desk"),
    path(
        "counter/<str:unit>/<int:desk>/<str:what>",
        counter.CounterActionView.as_view(),
        name="counter-act",
    ),
]
