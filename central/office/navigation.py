"""The back office's menu: each page with the permission that opens it, shown by role.

Apps that add pages (letters to sign, queue counters) add an :class:`Entry` to
:data:`ENTRIES`; the header shows a member of staff the entries their roles allow, in this
order, and ``/office/`` takes someone who has no inbox to their first one.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.http import HttpRequest
from django.urls import reverse
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from central.office.permissions import Permission, roles_of


@dataclass(frozen=True)
class Entry:
    """One page of the menu."""

    url_name: str
    label: Promise
    permission: Permission
    #: The first path segment under /office/ that marks this page as the current one.
    section: str


ENTRIES: list[Entry] = [
    Entry("office:inbox", _("Permohonan"), Permission.VIEW_REQUESTS, ""),
    Entry("office:letters", _("Tanda tangan"), Permission.SIGN_LETTERS, "letters"),
    Entry("office:complaints", _("Pengaduan"), Permission.VIEW_COMPLAINTS, "complaints"),
    Entry("office:poverty", _("Kemiskinan"), Permission.VIEW_POVERTY, "poverty"),
    Entry("office:fleet", _("Anjungan"), Permission.VIEW_FLEET, "fleet"),
    Entry("office:staff", _("Staf"), Permission.MANAGE_STAFF, "staff"),
    Entry("office:audit", _("Audit"), Permission.READ_AUDIT, "audit"),
    Entry("office:counter", _("Loket"), Permission.CALL_QUEUE, "counter"),
]


@dataclass(frozen=True)
class Link:
    """A menu entry as the template shows it."""

    url: str
    label: Promise
    current: bool


def allowed(user: Any) -> list[Entry]:
    """The entries ``user`` may open."""
    return [entry for entry in ENTRIES if user.has_perm(entry.permission.value)]


def navigation(request: HttpRequest) -> dict[str, Any]:
    """Template context: ``office_menu`` (links) and ``office_roles`` (the user's roles)."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    section = request.path.removeprefix("/office/").split("/", 1)[0]
    if section == "requests":
        section = ""
    links = [
        Link(reverse(entry.url_name), entry.label, entry.section == section)
        for entry in allowed(user)
    ]
    return {"office_menu": links, "office_roles": sorted(role.value for role in roles_of(user))}
