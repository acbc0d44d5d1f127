"""The back office's language, and the headers that keep its pages private and its scripts own.

- :class:`LanguageMiddleware`: Bahasa Indonesia unless the member of staff chose English (the
  header's language button, Django's ``set_language``, which keeps the choice in a cookie);
  a browser's own language preference does not change it, so every office starts in
  Indonesian.
- :class:`OfficeSecurityMiddleware`: on every page that is not the kiosk API, a
  Content-Security-Policy that allows only central's own scripts, styles, images and forms
  (no inline script or style, no frames), and ``Cache-Control: no-store`` on the back
  office's pages, which show citizens' data.
"""

from __future__ import annotations

from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponseBase
from django.utils import translation

from central.api.middleware import API_PREFIX

CONTENT_SECURITY_POLICY = "; ".join(
    (
        "default-src 'self'",
        "script-src 'self'",
        "style-src 'self'",
        "img-src 'self' data:",
        "font-src 'self'",
        "connect-src 'self'",
        "form-action 'self'",
        "frame-ancestors 'none'",
        "base-uri 'none'",
        "object-src 'none'",
    )
)
OFFICE_PREFIX = "/office/"


class LanguageMiddleware:
    """Activate the language chosen in the cookie, else the default (Bahasa Indonesia)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponseBase]) -> None:
        self.get_response = get_response
        self.languages = {code for code, _name in settings.LANGUAGES}

    def __call__(self, request: HttpRequest) -> HttpResponseBase:
        """Use the chosen language for this request, then restore the default."""
        chosen = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME, "")
        language = chosen if chosen in self.languages else settings.LANGUAGE_CODE
        translation.activate(language)
        request.LANGUAGE_CODE = language
        try:
            response = self.get_response(request)
        finally:
            translation.activate(settings.LANGUAGE_CODE)
        response.headers.setdefault("Content-Language", language)
        return response


class OfficeSecurityMiddleware:
    """Content-Security-Policy on pages for people; no caching of the back office's pages."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponseBase]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponseBase:
        """Add the headers to the answer."""
        response = self.get_response(request)
        if request.path.startswith(API_PREFIX):
            return response
        response.headers.setdefault("Content-Security-Policy", CONTENT_SECURITY_POLICY)
        if request.path.startswith(OFFICE_PREFIX):
            response.headers["Cache-Control"] = "no-store"
        return response
