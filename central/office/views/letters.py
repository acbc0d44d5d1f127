"""Letters in the back office: the requests waiting for a signature, a request's letter.

- ``/office/letters/``: the verified letter requests of the villages whose letters the user
  signs (the head, or the official signing "a.n." or as Plt.), signed one at a time or as a
  batch with the signer's passphrase;
- a request's letter (its section on the request's page is
  :func:`central.office.letter_panel.letter_section`): the PDF, each download audited, and
  for the head the form that revokes it with a reason; for those who act on the village's
  letters (its operator, head or signer) the form that allows one more print.

Records come from :mod:`central.office.scope` (:func:`~central.office.scope.letters_to_sign`,
:func:`~central.office.scope.letters`): another village's reference is 404. The passphrase
is a POST field only (``sensitive_post_parameters`` keeps it out of error reports).
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.utils.decorators import method_decorator
from django.utils.translation import gettext as _
from django.views import View
from django.views.decorators.debug import sensitive_post_parameters

from central.letters import service
from central.letters.authority import may_allow_copy, may_revoke, signing_villages
from central.letters.models import Letter
from central.office import scope, signing
from central.office.actions import ActionError
from central.office.forms import AllowCopyForm, RevokeForm, SignForm
from central.office.letter_panel import letter_facts
from central.office.models import Action
from central.office.permissions import Permission
from central.office.views.base import OfficeView
from central.office.views.requests import request_page, rows_of


def signing_page(request: HttpRequest, form: SignForm | None = None, status: int = 200) -> Any:
    """The list of requests waiting for the user's signature, with the signing form."""
    user = request.user
    records = list(scope.letters_to_sign(user))
    references = [record.reference for record in records]
    return TemplateResponse(
        request,
        "office/letters/signing.html",
        {
            "rows": rows_of(records),
            "form": form or SignForm(references=references),
            "villages": signing_villages(user),
            "has_key": service.has_signing_key(user),
            "no_key": signing.no_key_message(user.get_username()),
            "max_batch": signing.MAX_BATCH,
        },
        status=status,
    )


class SigningListView(OfficeView, View):
    """The verified letter requests waiting for the user's signature, oldest first."""

    permission = Permission.SIGN_LETTERS
    audit_action = Action.LIST_LETTERS

    def get(self, request: HttpRequest) -> Any:
        """The list and the form."""
        return signing_page(request)


@method_decorator(sensitive_post_parameters("passphrase"), name="dispatch")
class SignView(OfficeView, View):
    """Sign the chosen requests (one from its page, or a batch from the list)."""

    permission = Permission.SIGN_LETTERS
    http_method_names = ["post"]

    def post(self, request: HttpRequest) -> Any:
        """Sign, then go back where the signer came from with what was done."""
        waiting = scope.letters_to_sign(request.user).values_list("reference", flat=True)
        form = SignForm(request.POST, references=waiting)
        back = request.POST.get("back", "")
        if form.is_valid():
            chosen = form.cleaned_data["references"]
            if len(chosen) > signing.MAX_BATCH:
                form.add_error(
                    "references",
                    _("Paling banyak %(count)d surat sekali tanda tangan.")
                    % {"count": signing.MAX_BATCH},
                )
            else:
                try:
                    batch = signing.sign_letters(
                        self.actor(), chosen, form.cleaned_data["passphrase"]
                    )
                except ActionError as exc:
                    form.add_error(None, str(exc))
                else:
                    _report(request, batch)
                    if back in chosen:
                        return redirect("office:request", reference=back)
                    return redirect("office:letters")
        if back:
            record = get_object_or_404(scope.requests(request.user), reference=back)
            return request_page(request, record, sign_form=form, status=400)
        return signing_page(request, form, status=400)


def _report(request: HttpRequest, batch: signing.Batch) -> None:
    if batch.signed:
        numbers = ", ".join(letter.number for letter in batch.signed)
        messages.success(
            request,
            _("%(count)d surat ditandatangani: %(numbers)s.")
            % {"count": len(batch.signed), "numbers": numbers},
        )
    for refusal in batch.refused:
        messages.error(request, refusal)


def _letter_in_scope(request: HttpRequest, reference: str) -> Letter:
    letter = scope.letters(request.user).filter(transaction__reference=reference).first()
    if letter is None:
        raise Http404(_("Surat tidak ditemukan."))
    return letter


class LetterPdfView(OfficeView, View):
    """The signed PDF as issued; each download is in the audit trail."""

    permission = Permission.VIEW_REQUESTS

    def get(self, request: HttpRequest, reference: str) -> HttpResponse:
        """The PDF, or the request's page saying it is no longer kept."""
        letter = _letter_in_scope(request, reference)
        try:
            pdf = signing.download(self.actor(), letter)
        except ActionError as exc:
            messages.error(request, str(exc))
            return redirect("office:request", reference=reference)
        response = HttpResponse(pdf, content_type="application/pdf")
        response["Content-Disposition"] = f'attachment; filename="surat-{letter.code}.pdf"'
        response["Cache-Control"] = "no-store"
        return response


class RevokeView(OfficeView, View):
    """The head withdraws a letter with a reason (the form, then the revocation)."""

    permission = Permission.VIEW_REQUESTS

    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> Any:
        """Only the village's head (or Plt.) may; others in scope get 403, others 404."""
        if request.user.is_authenticated:
            self.letter = _letter_in_scope(request, kwargs["reference"])
            if not may_revoke(request.user, self.letter.village):
                return TemplateResponse(request, "office/errors/403.html", status=403)
        return super().dispatch(request, *args, **kwargs)

    def get(self, request: HttpRequest, reference: str) -> Any:
        """The form."""
        return self._page(request, RevokeForm())

    def post(self, request: HttpRequest, reference: str) -> Any:
        """Revoke, or show the form again with what is wrong."""
        form = RevokeForm(request.POST)
        if form.is_valid():
            try:
                signing.revoke(self.actor(), self.letter, form.cleaned_data["reason"])
            except ActionError as exc:
                form.add_error(None, str(exc))
            else:
                messages.success(
                    request,
                    _("Surat %(number)s dicabut. Halaman verifikasinya kini menyatakan dicabut.")
                    % {"number": self.letter.number},
                )
                return redirect("office:request", reference=reference)
        return self._page(request, form, status=400)

    def _page(self, request: HttpRequest, form: RevokeForm, status: int = 200) -> Any:
        return TemplateResponse(
            request,
            "office/letters/revoke.html",
            {**letter_facts(self.letter), "form": form},
            status=status,
        )


class AllowCopyView(OfficeView, View):
    """The village allows one more print of a letter, with a reason (from the request's page)."""

    permission = Permission.VIEW_REQUESTS
    http_method_names = ["post"]

    def post(self, request: HttpRequest, reference: str) -> Any:
        """Allow it and go back to the request's page, or show the page with what is wrong."""
        letter = _letter_in_scope(request, reference)
        if not may_allow_copy(request.user, letter.village):
            return TemplateResponse(request, "office/errors/403.html", status=403)
        form = AllowCopyForm(request.POST)
        if form.is_valid():
            try:
                letter = signing.allow_copy(self.actor(), letter, form.cleaned_data["reason"])
            except ActionError as exc:
                # Revoked or erased meanwhile: the page no longer offers the form.
                messages.error(request, str(exc))
            else:
                messages.success(
                    request,
                    _(
                        "Surat %(number)s boleh dicetak sekali lagi di anjungan desa "
                        "(%(printed)d dari %(allowed)d salinan sudah dicetak)."
                    )
                    % {
                        "number": letter.number,
                        "printed": letter.copies_printed,
                        "allowed": letter.copies_allowed,
                    },
                )
            return redirect("office:request", reference=reference)
        return request_page(request, letter.transaction, copy_form=form, status=400)
