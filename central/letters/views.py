"""The public verification page, ``/v/<code>``: anyone checks a letter, no login, no script.

It says whether a letter with that code was issued and signed, shows its number, date, kind,
village and signer and its subject masked, and whether it was revoked (or signed with a
development key, which is not legally valid). The PDF itself goes only to someone who also
types the subject's NIK, and wrong NIKs are rate-limited per code and per address, so the
page cannot be used to guess a NIK. An unknown code says so plainly.
"""

from __future__ import annotations

import datetime as dt
import logging
import re
from typing import Any

from django.http import HttpRequest, HttpResponse, HttpResponseBase, HttpResponseRedirect
from django.utils import timezone
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods

from central.environment import ConfigurationError
from central.identity import mask_name, mask_nik
from central.letters.authority import letters_config
from central.letters.kinds import builtin_kinds
from central.letters.models import Letter, VerificationAttempt
from central.letters.render import TEMPLATES, display_code, indonesian_date, render_html
from central.letters.service import CODE_ALPHABET, CODE_LENGTH

log = logging.getLogger("central.letters")

#: Wrong NIKs for one code, and NIKs typed from one address, within ATTEMPT_WINDOW.
CODE_ATTEMPTS = 5
ADDRESS_ATTEMPTS = 20
ATTEMPT_WINDOW = dt.timedelta(minutes=15)
_CODE = re.compile(f"[{CODE_ALPHABET}]{{{CODE_LENGTH}}}")
_NIK = re.compile(r"[0-9]{16}")
_HEADERS = {
    "Cache-Control": "no-store",
    "Content-Security-Policy": (
        "default-src 'none'; style-src 'self'; img-src 'self'; form-action 'self'; "
        "frame-ancestors 'none'; base-uri 'none'"
    ),
    "Referrer-Policy": "no-referrer",
    "X-Content-Type-Options": "nosniff",
    "X-Robots-Tag": "noindex",
}


def normalized(code: str) -> str:
    """A code as typed (any case, with dashes or spaces) in its stored form."""
    return re.sub(r"[\s-]", "", code).upper()


@require_http_methods(["GET"])
def start(request: HttpRequest) -> HttpResponseBase:
    """The page to type a code on; a typed code goes to its own page."""
    typed = request.GET.get("code")
    if typed:
        return HttpResponseRedirect(f"/v/{normalized(typed)[:64]}")
    return _page(request, {"typing": True}, 200)


@require_http_methods(["GET"])
def stylesheet(request: HttpRequest) -> HttpResponse:
    """The page's only style, served by central itself (closed networks, strict CSP)."""
    css = (TEMPLATES / "letters" / "verify.css").read_text(encoding="utf-8")
    response = HttpResponse(css, content_type="text/css; charset=utf-8")
    response["Cache-Control"] = "public, max-age=3600"
    return response


@csrf_exempt  # No session and no login: the NIK is the only credential, and it is limited.
@require_http_methods(["GET", "POST"])
def verify(request: HttpRequest, code: str) -> HttpResponseBase:
    """A letter's page (GET), or its PDF for the subject's NIK (POST)."""
    letter = _letter(normalized(code))
    if letter is None:
        return _page(request, {"unknown": True, "code": code[:64]}, 404)
    if request.method == "POST":
        return _download(request, letter)
    return _page(request, _facts(letter), 200)


def _download(request: HttpRequest, letter: Letter) -> HttpResponseBase:
    now = timezone.now()
    address = str(request.META.get("REMOTE_ADDR", ""))[:64]
    facts = _facts(letter)
    if letter.purged_at is not None:
        return _page(request, facts, 410)  # no PDF kept: no NIK to ask for
    if _limited(letter.code, address, now):
        log.warning(
            "Verification of %s: NIK attempts over the limit from %s", letter.number, address
        )
        return _page(request, {**facts, "limited": True}, 429)
    nik = re.sub(r"\s", "", request.POST.get("nik", ""))
    right = bool(_NIK.fullmatch(nik)) and nik == letter.subject_nik
    VerificationAttempt.objects.create(code=letter.code, address=address, at=now, right=right)
    if not right:
        log.info("Verification of %s: a wrong NIK from %s", letter.number, address)
        return _page(request, {**facts, "wrong_nik": True}, 403)
    if letter.revoked:
        return _page(request, facts, 410)
    log.info("Verification of %s: PDF given to %s (%s)", letter.number, address, mask_nik(nik))
    response = HttpResponse(bytes(letter.pdf), content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="surat-{letter.code}.pdf"'
    for name, value in _HEADERS.items():
        response[name] = value
    return response


def _limited(code: str, address: str, now: dt.datetime) -> bool:
    since = now - ATTEMPT_WINDOW
    VerificationAttempt.objects.filter(at__lt=since).delete()
    wrong = VerificationAttempt.objects.filter(code=code, at__gte=since, right=False).count()
    from_address = VerificationAttempt.objects.filter(address=address, at__gte=since).count()
    return wrong >= CODE_ATTEMPTS or from_address >= ADDRESS_ATTEMPTS


def _letter(code: str) -> Letter | None:
    if not _CODE.fullmatch(code):
        return None
    return (
        Letter.objects.select_related("village__kecamatan", "transaction").filter(code=code).first()
    )


def _facts(letter: Letter) -> dict[str, Any]:
    kind = builtin_kinds().get(letter.kind)
    try:
        config = letters_config()
        regency = config.regency
        unit = config.villages[letter.village.code].unit
    except (ConfigurationError, KeyError):
        regency, unit = "", "Desa"
    local = timezone.localtime(letter.issued_at)
    return {
        "letter": letter,
        "code": display_code(letter.code),
        "kind": kind.title.id if kind else letter.kind,
        "issued": indonesian_date(local.date()),
        "village": f"{letter.village.name}, Kecamatan {letter.village.kecamatan.name}",
        "authority": f"{unit} {letter.village.name}",
        "regency": regency,
        "subject_nik": mask_nik(letter.subject_nik),
        "subject_name": mask_name(letter.subject_name),
        "revoked": (
            indonesian_date(timezone.localtime(letter.revoked_at).date())
            if letter.revoked_at
            else None
        ),
    }


def _page(request: HttpRequest, context: dict[str, Any], status: int) -> HttpResponse:
    html = render_html("letters/verify.html", {**context, "path": request.path})
    response = HttpResponse(html, status=status, content_type="text/html; charset=utf-8")
    for name, value in _HEADERS.items():
        response[name] = value
    return response
