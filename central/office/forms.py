"""The back office's forms: filters, status changes, the NIK's reason, routing, accounts.

Django's forms check and clean every input; views only pass on what they cleaned.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from typing import Any, ClassVar, cast

from django import forms
from django.contrib.auth import get_user_model
from django.contrib.auth.forms import AuthenticationForm, SetPasswordMixin
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from central.office.actions import MAX_NOTE
from central.office.models import Action, Opd, RtlhStage
from central.registry.models import MAX_DESK, UNIT_CODE, Kecamatan, Role, Village
from central.registry.staff import Grant
from central.transactions.models import Transaction
from central.transactions.workflow import (
    ONLY_VIA,
    STATUS_TEXT,
    Kind,
    TransactionState,
    Via,
    next_states,
)


class DateInput(forms.DateInput):
    """The browser's own date picker (``type="date"``, ISO values)."""

    input_type = "date"

    def __init__(self, attrs: dict[str, Any] | None = None) -> None:
        super().__init__(attrs, format="%Y-%m-%d")


def status_label(state: TransactionState) -> str:
    """A status in the page's language, in the words the kiosk's Cek Status uses."""
    text = STATUS_TEXT[state]
    return text.en if get_language() == "en" else text.id


class LoginForm(AuthenticationForm):
    """Django's login form (``username``, ``password``) in the office's own words."""

    error_messages = {
        **AuthenticationForm.error_messages,
        "invalid_login": _(
            "Nama pengguna atau kata sandi salah. Perhatikan huruf besar dan kecil."
        ),
    }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["username"].label = _("Nama pengguna")
        self.fields["password"].label = _("Kata sandi")


class FilterForm(forms.Form):
    """A list page's filters: each value given narrows the rows by its field's lookup.

    ``since`` and ``until`` bound :attr:`date_field` by whole days of the regency's time zone.
    """

    lookups: ClassVar[Mapping[str, str]] = {}
    date_field: ClassVar[str] = "received_at"

    since = forms.DateField(label=_("Dari tanggal"), required=False, widget=DateInput())
    until = forms.DateField(label=_("Sampai tanggal"), required=False, widget=DateInput())

    def apply(self, rows: QuerySet[Any]) -> QuerySet[Any]:
        """The rows that pass the filters (all of them while the filters are invalid)."""
        if not self.is_valid():
            return rows
        data = self.cleaned_data
        for name, lookup in self.lookups.items():
            if data.get(name):
                rows = rows.filter(**{lookup: data[name]})
        if data["since"]:
            rows = rows.filter(**{f"{self.date_field}__gte": _start_of(data["since"])})
        if data["until"]:
            end = _start_of(data["until"] + dt.timedelta(1))
            rows = rows.filter(**{f"{self.date_field}__lt": end})
        return rows

    def described(self) -> dict[str, str]:
        """The filters in use, for the audit trail."""
        if not self.is_valid():
            return {}
        return {key: str(value) for key, value in self.cleaned_data.items() if value}


class RequestFilter(FilterForm):
    """The inbox's filters: service, status, date received, a reference, a kecamatan."""

    lookups = {
        "q": "reference__icontains",
        "service": "service",
        "status": "status",
        "kecamatan": "kiosk__village__kecamatan",
    }
    field_order = ["q", "service", "status", "since", "until", "kecamatan"]

    q = forms.CharField(label=_("Nomor permohonan"), required=False, max_length=64)
    service = forms.ChoiceField(label=_("Layanan"), required=False)
    status = forms.ChoiceField(label=_("Status"), required=False)
    kecamatan = forms.ModelChoiceField(
        label=_("Kecamatan"),
        required=False,
        queryset=Kecamatan.objects.all(),
        empty_label=_("Semua"),
    )

    def __init__(self, data: Any, *, services: Iterable[tuple[str, str]], regency: bool) -> None:
        super().__init__(data)
        _set_choices(self, "service", [("", _("Semua")), *services])
        _set_choices(
            self,
            "status",
            [("", _("Semua")), *((state.value, status_label(state)) for state in TransactionState)],
        )
        if not regency:
            del self.fields["kecamatan"]


def _set_choices(form: forms.Form, name: str, choices: list[tuple[str, Any]]) -> None:
    """Fill in the choices of one of ``form``'s choice fields at run time."""
    field = form.fields[name]
    assert isinstance(field, forms.ChoiceField)
    field.choices = choices


def _start_of(day: dt.date) -> dt.datetime:
    """Midnight of ``day`` in the regency's time zone."""
    return timezone.make_aware(dt.datetime.combine(day, dt.time()))


def staff_steps(record: Transaction) -> list[TransactionState]:
    """The statuses staff may move this request to now (signing is not staff's)."""
    kind = Kind(record.kind)
    return sorted(
        (
            target
            for target in next_states(kind, record.state)
            if ONLY_VIA.get((kind, target), Via.STAFF) is Via.STAFF
        ),
        key=list(TransactionState).index,
    )


class StatusForm(forms.Form):
    """A new status, and what the citizen should read about it."""

    target = forms.ChoiceField(label=_("Status baru"), widget=forms.RadioSelect)
    note_id = forms.CharField(
        label=_("Pesan untuk warga (Bahasa Indonesia)"),
        required=False,
        max_length=MAX_NOTE,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Apa yang perlu dibawa atau diperbaiki, alasan penolakan, atau jawaban."),
    )
    note_en = forms.CharField(
        label=_("Pesan dalam bahasa Inggris (tidak wajib)"),
        required=False,
        max_length=MAX_NOTE,
        widget=forms.Textarea(attrs={"rows": 2}),
    )

    def __init__(self, *args: Any, record: Transaction, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.record = record
        _set_choices(
            self, "target", [(state.value, status_label(state)) for state in staff_steps(record)]
        )

    @property
    def has_steps(self) -> bool:
        """Whether staff can move the request anywhere from where it is."""
        return bool(staff_steps(self.record))

    def cleaned_target(self) -> TransactionState:
        """The chosen status."""
        return TransactionState(self.cleaned_data["target"])


class RevealForm(forms.Form):
    """Why the full NIK is needed (kept in the audit trail)."""

    reason = forms.CharField(
        label=_("Alasan melihat NIK lengkap"),
        min_length=10,
        max_length=MAX_NOTE,
        help_text=_("Dicatat dalam jejak audit bersama nama Anda dan waktunya."),
    )


class RouteForm(forms.Form):
    """The OPD that should answer a complaint."""

    opd = forms.ModelChoiceField(
        label=_("Teruskan ke OPD"), queryset=Opd.objects.all(), to_field_name="code"
    )


class FollowUpForm(forms.Form):
    """Who visits a poverty report, when, the RTLH stage, and a note."""

    assignee = forms.ModelChoiceField(
        label=_("Petugas yang mengunjungi"),
        required=False,
        queryset=get_user_model().objects.none(),
        empty_label=_("Belum ditugaskan"),
    )
    visit_on = forms.DateField(label=_("Tanggal kunjungan"), required=False, widget=DateInput())
    stage = forms.ChoiceField(
        label=_("Tahap program RTLH"),
        required=False,
        choices=[("", _("Belum ada")), *RtlhStage.choices],
    )
    note = forms.CharField(
        label=_("Catatan tindak lanjut"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def __init__(self, *args: Any, team: QuerySet[Any], rtlh: bool, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        assignee = self.fields["assignee"]
        assert isinstance(assignee, forms.ModelChoiceField)
        assignee.queryset = team
        if not rtlh:
            del self.fields["stage"]


class PovertyFilter(FilterForm):
    """The poverty page's filters: kecamatan, village, service, dates."""

    lookups = {
        "kecamatan": "kiosk__village__kecamatan",
        "village": "kiosk__village",
        "service": "service",
    }
    field_order = ["kecamatan", "village", "service", "since", "until"]

    kecamatan = forms.ModelChoiceField(
        label=_("Kecamatan"),
        required=False,
        queryset=Kecamatan.objects.all(),
        empty_label=_("Semua"),
    )
    village = forms.ModelChoiceField(
        label=_("Desa"), required=False, queryset=Village.objects.none(), empty_label=_("Semua")
    )
    service = forms.ChoiceField(label=_("Laporan"), required=False)

    def __init__(
        self, data: Any, *, villages: QuerySet[Village], services: Iterable[tuple[str, str]]
    ) -> None:
        super().__init__(data)
        village = self.fields["village"]
        assert isinstance(village, forms.ModelChoiceField)
        village.queryset = villages
        _set_choices(self, "service", [("", _("Semua")), *services])


class GrantForm(forms.Form):
    """A role, and the village or OPD it is limited to."""

    role = forms.ChoiceField(label=_("Peran"), choices=[(role.value, role.value) for role in Role])
    village = forms.ModelChoiceField(
        label=_("Desa (untuk operator_desa dan kepala_desa)"),
        required=False,
        queryset=Village.objects.select_related("kecamatan"),
    )
    opd = forms.ModelChoiceField(
        label=_("OPD (untuk petugas_pengaduan)"),
        required=False,
        queryset=Opd.objects.all(),
        to_field_name="code",
    )
    unit = forms.RegexField(
        label=_("Unit antrian, kode loket katalog (untuk petugas_loket)"),
        required=False,
        regex=UNIT_CODE,
        max_length=3,
    )
    desk = forms.IntegerField(
        label=_("Nomor loket (untuk petugas_loket)"),
        required=False,
        min_value=1,
        max_value=MAX_DESK,
    )

    def clean(self) -> dict[str, Any]:
        """The role's scope: a village, an OPD or a desk exactly where the role needs one."""
        data = super().clean() or {}
        if "role" in data:
            grant = Grant(
                Role(data["role"]),
                data.get("village"),
                data["opd"].code if data.get("opd") else "",
                data.get("unit") or "",
                data.get("desk") or 0,
            )
            if grant.scope_problem() is not None:
                raise forms.ValidationError(
                    _(
                        "Peran operator_desa dan kepala_desa membutuhkan desa, petugas_pengaduan "
                        "membutuhkan OPD, petugas_loket membutuhkan unit dan nomor loket, dan "
                        "peran lain tidak membutuhkan semuanya."
                    )
                )
            data["grant"] = grant
        return data


class NewStaffForm(SetPasswordMixin, GrantForm):  # type: ignore[type-arg]
    """A new account: its name, a first password (typed twice) and its first role."""

    username = forms.RegexField(
        label=_("Nama pengguna"),
        regex=r"^[A-Za-z0-9_.@+-]{1,150}$",
        max_length=150,
        error_messages={"invalid": _("Hanya huruf, angka dan _ . @ + -")},
    )
    password1, password2 = SetPasswordMixin.create_password_fields(
        label1=_("Kata sandi awal"), label2=_("Ulangi kata sandi")
    )
    field_order = ["username", "password1", "password2", "role", "village", "opd", "unit", "desk"]

    def clean_username(self) -> str:
        """A name no account has."""
        username: str = self.cleaned_data["username"]
        if get_user_model().objects.filter(username__iexact=username).exists():
            raise forms.ValidationError(_("Nama pengguna ini sudah dipakai."))
        return username

    def clean(self) -> dict[str, Any]:
        """The grant's scope, then the two passwords match and pass the validators."""
        data = super().clean()
        self.validate_passwords()
        user = get_user_model()(username=data.get("username", ""))
        self.validate_password_for_user(user)
        return data


class AuditFilter(FilterForm):
    """The audit page's filters."""

    lookups = {"actor": "actor__icontains", "action": "action", "target": "target__icontains"}
    date_field = "at"
    field_order = ["actor", "action", "target", "since", "until"]

    actor = forms.CharField(label=_("Pengguna"), required=False, max_length=160)
    action = forms.ChoiceField(
        label=_("Tindakan"), required=False, choices=[("", _("Semua")), *Action.choices]
    )
    target = forms.CharField(label=_("Sasaran"), required=False, max_length=160)


class SignForm(forms.Form):
    """The requests to sign and the signer's passphrase (never rendered back, never kept)."""

    references = forms.MultipleChoiceField(
        label=_("Permohonan yang ditandatangani"), widget=forms.CheckboxSelectMultiple
    )
    passphrase = forms.CharField(
        label=_("Frasa sandi kunci tanda tangan"),
        strip=False,
        max_length=1024,
        widget=forms.PasswordInput(attrs={"autocomplete": "off"}, render_value=False),
        help_text=_("Membuka kunci tanda tangan Anda hanya selama menandatangani; tidak disimpan."),
    )

    def __init__(self, *args: Any, references: Iterable[str], **kwargs: Any) -> None:
        """``references``: the requests waiting for the user's signature."""
        super().__init__(*args, **kwargs)
        field = cast(forms.MultipleChoiceField, self.fields["references"])
        field.choices = [(reference, reference) for reference in references]
        field.error_messages["invalid_choice"] = _(
            "%(value)s tidak lagi menunggu tanda tangan Anda; muat ulang halaman."
        )


class RevokeForm(forms.Form):
    """Why a signed letter is withdrawn (shown on its public page)."""

    reason = forms.CharField(
        label=_("Alasan pencabutan"),
        min_length=5,
        max_length=MAX_NOTE,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_(
            "Ditampilkan di halaman verifikasi surat; surat tidak dapat dicetak lagi di anjungan."
        ),
    )


class AllowCopyForm(forms.Form):
    """Why the village lets a letter print once more (kept in the request's history)."""

    reason = forms.CharField(
        label=_("Alasan cetak lagi"),
        min_length=5,
        max_length=MAX_NOTE,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_(
            "Misalnya: surat hilang, atau cetakan rusak. Warga lalu dapat mencetaknya sekali "
            "lagi di anjungan mana pun di desa ini."
        ),
    )
