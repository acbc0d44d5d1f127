"""Logging in and out and changing one's password: Django's own views, with the office's pages.

Login is Django's ``AuthenticationForm`` (fields ``username`` and ``password``) behind
django-axes, which refuses a locked-out name or address before the password is checked
(``AXES_*`` in the settings). Each login, failure, lockout and logout is audited from the
signals (:mod:`central.office.signals`); a password change here.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.forms import PasswordChangeForm
from django.http import HttpResponse
from django.urls import reverse_lazy
from django.utils.translation import gettext as _

from central.office import audit
from central.office.forms import LoginForm
from central.office.models import Action


class LoginView(auth_views.LoginView):
    """``/office/login/``."""

    template_name = "office/accounts/login.html"
    authentication_form = LoginForm
    redirect_authenticated_user = True


class LogoutView(auth_views.LogoutView):
    """``POST /office/logout/`` (a link could be followed by anything, so never ``GET``)."""


class PasswordChangeView(auth_views.PasswordChangeView):
    """A member of staff changes their own password (the old one first)."""

    template_name = "office/accounts/password_change.html"
    success_url = reverse_lazy("office:home")

    def form_valid(self, form: PasswordChangeForm) -> HttpResponse:
        """Save it (the session stays valid), audit it, say so."""
        response = super().form_valid(form)
        user = self.request.user
        audit.record(audit.Actor.of(self.request), Action.PASSWORD_CHANGED, user.get_username())
        messages.success(self.request, _("Kata sandi Anda sudah diganti."))
        return response
