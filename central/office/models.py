"""What the back office keeps of its own: audit trail, OPDs, complaint routing, follow-up.

The citizen's request itself stays a :class:`~central.transactions.models.Transaction`; the
rows here hang off it one to one (a complaint's routing, a poverty report's follow-up), so
the kiosk API and its tables know nothing of the back office.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from central.transactions.models import Transaction


class Action(models.TextChoices):
    """What a member of staff did, as the audit trail names it."""

    LOGIN = "login", _("Masuk")
    LOGIN_FAILED = "login_failed", _("Gagal masuk")
    LOCKED_OUT = "locked_out", _("Terkunci karena gagal masuk")
    LOGOUT = "logout", _("Keluar")
    PASSWORD_CHANGED = "password_changed", _("Mengganti kata sandi")
    LIST_REQUESTS = "list_requests", _("Melihat daftar permohonan")
    VIEW_REQUEST = "view_request", _("Membuka permohonan")
    REVEAL_NIK = "reveal_nik", _("Menampilkan NIK lengkap")
    CHANGE_STATUS = "change_status", _("Mengubah status")
    LIST_COMPLAINTS = "list_complaints", _("Melihat daftar pengaduan")
    ROUTE_COMPLAINT = "route_complaint", _("Meneruskan pengaduan ke OPD")
    VIEW_POVERTY = "view_poverty", _("Melihat data kemiskinan")
    EXPORT_POVERTY = "export_poverty", _("Mengunduh data kemiskinan (CSV)")
    FOLLOW_UP = "follow_up", _("Menindaklanjuti laporan kemiskinan")
    VIEW_FLEET = "view_fleet", _("Melihat anjungan")
    LIST_STAFF = "list_staff", _("Melihat daftar staf")
    CREATE_USER = "create_user", _("Membuat akun staf")
    RESET_PASSWORD = "reset_password", _("Mengatur ulang kata sandi")
    DEACTIVATE_USER = "deactivate_user", _("Menonaktifkan akun")
    ACTIVATE_USER = "activate_user", _("Mengaktifkan akun")
    GRANT_ROLE = "grant_role", _("Memberi peran")
    REVOKE_ROLE = "revoke_role", _("Mencabut peran")
    ADD_OPD = "add_opd", _("Menambah OPD")
    ASSIGN_KIOSK = "assign_kiosk", _("Memindahkan anjungan ke desa")
    READ_AUDIT = "read_audit", _("Membaca jejak audit")
    LIST_LETTERS = "list_letters", _("Melihat surat yang menunggu tanda tangan")
    SIGN_LETTER = "sign_letter", _("Menandatangani surat")
    DOWNLOAD_LETTER = "download_letter", _("Mengunduh PDF surat")
    REVOKE_LETTER = "revoke_letter", _("Mencabut surat")
    ALLOW_COPY = "allow_copy", _("Mengizinkan satu cetak lagi")
    QUEUE_CALL = "queue_call", _("Memanggil nomor antrian")
    QUEUE_RECALL = "queue_recall", _("Memanggil ulang nomor antrian")
    QUEUE_SKIP = "queue_skip", _("Melewati nomor antrian")
    QUEUE_DONE = "queue_done", _("Menyelesaikan nomor antrian")
    QUEUE_TRANSFER = "queue_transfer", _("Memindahkan nomor antrian ke loket lain")


class AuditEntry(models.Model):
    """One thing a member of staff did or looked at: who, when, what, and from where.

    Rows are only ever added. ``actor`` keeps the user name as it was (the account may be
    renamed or removed later); a shell command's actor is ``shell:<system user>``.
    ``detail`` holds what the action needs to be understood later (the statuses before and
    after, the reason given), never a full NIK.
    """

    at = models.DateTimeField(db_index=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    actor = models.CharField(max_length=160)
    action = models.CharField(max_length=32, choices=Action.choices)
    target = models.CharField(
        max_length=160, blank=True, default="", help_text="A reference, user name or kiosk id."
    )
    detail = models.JSONField(default=dict, blank=True)
    address = models.GenericIPAddressField(null=True, blank=True)
    path = models.CharField(max_length=300, blank=True, default="")

    class Meta:
        ordering = ["-at", "-id"]
        verbose_name_plural = "audit entries"
        constraints = [
            models.CheckConstraint(
                condition=Q(action__in=Action.values), name="audit_entry_known_action"
            )
        ]
        indexes = [
            models.Index(fields=["target", "at"], name="audit_entry_target"),
            models.Index(fields=["actor", "at"], name="audit_entry_actor"),
        ]

    def __str__(self) -> str:
        """``2026-11-23 08:00 siti change_status ALM-...``."""
        return f"{self.at:%Y-%m-%d %H:%M} {self.actor} {self.action} {self.target}".rstrip()


class Opd(models.Model):
    """An Organisasi Perangkat Daerah (a regency office) that answers complaints.

    Data, not code: ``python -m central import-opds FILE`` or ``add-opd``. A complaint
    officer's role grant names an OPD by its code.
    """

    code = models.CharField(max_length=32, unique=True)
    name = models.CharField(max_length=150)

    class Meta:
        ordering = ["name"]
        verbose_name = "OPD"
        verbose_name_plural = "OPD"
        constraints = [
            models.CheckConstraint(
                condition=Q(code__regex=r"^[A-Z0-9][A-Z0-9_-]{1,31}$"), name="opd_code_pattern"
            )
        ]

    def __str__(self) -> str:
        """The name, as staff know it."""
        return self.name


class Complaint(models.Model):
    """Where a complaint was routed: the OPD that answers it, who routed it and when."""

    transaction = models.OneToOneField(
        Transaction, on_delete=models.CASCADE, primary_key=True, related_name="complaint"
    )
    opd = models.ForeignKey(Opd, on_delete=models.PROTECT, related_name="complaints")
    routed_at = models.DateTimeField()
    routed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )

    def __str__(self) -> str:
        """``ALM-...: DINSOS``."""
        return f"{self.transaction_id}: {self.opd_id}"


class RtlhStage(models.TextChoices):
    """Where the village's housing programme is with an unfit house (RTLH)."""

    SURVEYED = "surveyed", _("Sudah disurvei")
    PROPOSED = "proposed", _("Diusulkan")
    IN_PROGRESS = "in_progress", _("Sedang dikerjakan")
    DONE = "done", _("Selesai")


class PovertyCase(models.Model):
    """The poverty team's follow-up of one report: who visits, when, and the RTLH stage."""

    transaction = models.OneToOneField(
        Transaction, on_delete=models.CASCADE, primary_key=True, related_name="poverty_case"
    )
    assignee = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="poverty_cases",
    )
    visit_on = models.DateField(null=True, blank=True)
    stage = models.CharField(max_length=16, choices=RtlhStage.choices, blank=True, default="")
    updated_at = models.DateTimeField()

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=Q(stage="") | Q(stage__in=RtlhStage.values),
                name="poverty_case_known_stage",
            )
        ]

    def __str__(self) -> str:
        """The report's reference."""
        return str(self.transaction_id)


class PovertyNote(models.Model):
    """A follow-up note on a poverty report (a visit's findings, a programme's answer)."""

    case = models.ForeignKey(PovertyCase, on_delete=models.CASCADE, related_name="notes")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    author_name = models.CharField(max_length=150)
    at = models.DateTimeField()
    text = models.TextField(max_length=2000)

    class Meta:
        ordering = ["at", "id"]

    def __str__(self) -> str:
        """``author at time``."""
        return f"{self.author_name} at {self.at}"
