"""What staff do in the back office, each step audited.

The views' forms and the shell's commands call these, never the models directly.

Each function takes the :class:`~central.office.audit.Actor` and records what it did in the
audit trail, in the same database transaction as the change, so there is no change without
its entry. Refusals are :class:`ActionError` with a message for staff.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from axes.utils import reset as reset_lockout
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from central.office import audit
from central.office.audit import Actor
from central.office.catalog import COMPLAINT_SERVICES, RTLH_SERVICE
from central.office.models import Action, Complaint, Opd, PovertyCase, PovertyNote, RtlhStage
from central.office.notices import citizen_message, needs_note
from central.registry.models import RoleGrant
from central.registry.staff import Grant, add_grant, create_user
from central.transactions.models import Transaction
from central.transactions.workflow import TransactionState, TransitionError, Via

#: The longest note an officer writes for a citizen (it goes into the kiosk's Cek Status).
MAX_NOTE = 500


class ActionError(Exception):
    """An action staff cannot take as asked; the message says why, for them."""


def is_complaint(record: Transaction) -> bool:
    """Whether the request is a complaint (routed to an OPD, answered by its officers)."""
    return record.service in COMPLAINT_SERVICES


def change_status(
    actor: Actor, record: Transaction, target: TransactionState, note_id: str, note_en: str = ""
) -> None:
    """Move the request one step, with the sentence (and note) the citizen reads at Cek Status."""
    complaint = is_complaint(record)
    if needs_note(target, complaint=complaint) and not note_id.strip():
        raise ActionError(
            _("Tulis pesan untuk warga: apa yang perlu dibawa, diperbaiki, atau jawabannya.")
        )
    before = record.status
    message = citizen_message(target, note_id, note_en, complaint=complaint)
    with transaction.atomic():
        try:
            record.move_to(target, via=Via.STAFF, now=timezone.now(), message=message)
        except TransitionError as exc:
            raise ActionError(
                _("Status tidak dapat diubah (mungkin baru saja diubah petugas lain): %(why)s")
                % {"why": exc}
            ) from None
        record_status_change(actor, record.reference, before, target.value, note_id)


def record_status_change(actor: Actor, reference: str, before: str, after: str, note: str) -> None:
    """The audit's entry for a request moved a step, here or at the shell, in one shape."""
    audit.record(
        actor,
        Action.CHANGE_STATUS,
        reference,
        {"from": before, "to": after, "note": note[:MAX_NOTE]},
    )


def reveal_nik(actor: Actor, record: Transaction, reason: str) -> str | None:
    """The request's full NIK, after recording who asked for it and why."""
    audit.record(actor, Action.REVEAL_NIK, record.reference, {"reason": reason[:MAX_NOTE]})
    return record.identity_nik


def route_complaint(actor: Actor, record: Transaction, opd: Opd) -> None:
    """Send a complaint to the OPD that answers it; a new complaint becomes ``processing``."""
    with transaction.atomic():
        previous = Complaint.objects.filter(transaction=record).values_list("opd__code", flat=True)
        before = next(iter(previous), None)
        Complaint.objects.update_or_create(
            transaction=record,
            defaults={"opd": opd, "routed_at": timezone.now(), "routed_by": actor.user},
        )
        if record.state is TransactionState.RECEIVED:
            note_id = f"Diteruskan ke {opd.name}."
            record.move_to(
                TransactionState.PROCESSING,
                via=Via.STAFF,
                now=timezone.now(),
                message=citizen_message(
                    TransactionState.PROCESSING,
                    note_id,
                    f"Forwarded to {opd.name}.",
                    complaint=True,
                ),
            )
        audit.record(
            actor, Action.ROUTE_COMPLAINT, record.reference, {"from": before, "to": opd.code}
        )


def follow_up(
    actor: Actor,
    record: Transaction,
    *,
    assignee: Any,
    visit_on: dt.date | None,
    stage: str,
    note: str,
) -> None:
    """Record who visits a poverty report, when, the RTLH stage, and a follow-up note."""
    if stage and record.service != RTLH_SERVICE:
        raise ActionError(_("Tahap program hanya untuk laporan rumah tidak layak huni."))
    if stage and stage not in RtlhStage.values:
        raise ActionError(_("Tahap program tidak dikenal."))
    now = timezone.now()
    with transaction.atomic():
        case, _created = PovertyCase.objects.select_for_update().get_or_create(
            transaction=record, defaults={"updated_at": now}
        )
        changes: dict[str, Any] = {}
        if case.assignee_id != (assignee.pk if assignee else None):
            changes["assignee"] = assignee.get_username() if assignee else None
        if case.visit_on != visit_on:
            changes["visit_on"] = visit_on.isoformat() if visit_on else None
        if case.stage != stage:
            changes["stage"] = stage
        case.assignee, case.visit_on, case.stage, case.updated_at = assignee, visit_on, stage, now
        case.save()
        if note.strip():
            PovertyNote.objects.create(
                case=case, author=actor.user, author_name=actor.name, at=now, text=note.strip()
            )
            changes["note"] = True
        audit.record(actor, Action.FOLLOW_UP, record.reference, changes)


def create_staff(actor: Actor, username: str, password: str, grant: Grant) -> Any:
    """A new account with one role (more can be granted on its page)."""
    with transaction.atomic():
        user = create_user(username, password, [grant])
        audit.record(actor, Action.CREATE_USER, username, _grant_detail(grant))
    return user


def reset_password(actor: Actor, user: Any, password: str) -> None:
    """Give an account a new password (checked by the caller) and lift any lockout."""
    with transaction.atomic():
        user.set_password(password)
        user.save(update_fields=["password"])
        unlocked = reset_lockout(username=user.get_username())
        audit.record(
            actor, Action.RESET_PASSWORD, user.get_username(), {"lockouts_lifted": unlocked}
        )


def set_active(actor: Actor, user: Any, active: bool) -> None:
    """Deactivate an account (its sessions end at their next request) or activate it again."""
    with transaction.atomic():
        user.is_active = active
        user.save(update_fields=["is_active"])
        action = Action.ACTIVATE_USER if active else Action.DEACTIVATE_USER
        audit.record(actor, action, user.get_username())


def grant_role(actor: Actor, user: Any, grant: Grant) -> None:
    """Give an account one more role."""
    with transaction.atomic():
        if RoleGrant.objects.filter(
            user=user,
            role=grant.role.value,
            village=grant.village,
            opd=grant.opd,
            unit=grant.unit,
            desk=grant.desk,
        ).exists():
            raise ActionError(_("Akun ini sudah memiliki peran tersebut."))
        add_grant(user, grant)
        audit.record(actor, Action.GRANT_ROLE, user.get_username(), _grant_detail(grant))


def revoke_role(actor: Actor, grant: RoleGrant) -> None:
    """Take one role away from an account."""
    with transaction.atomic():
        detail = {
            "role": grant.role,
            "village": grant.village.code if grant.village else None,
            "opd": grant.opd or None,
            **({"unit": grant.unit, "desk": grant.desk} if grant.unit else {}),
        }
        username = grant.user.get_username()
        grant.delete()
        audit.record(actor, Action.REVOKE_ROLE, username, detail)


def add_opd(actor: Actor, code: str, name: str) -> tuple[Opd, str]:
    """Add an OPD, or rename the one with this code: ``added``, ``renamed`` or ``unchanged``."""
    with transaction.atomic():
        opd = Opd.objects.select_for_update().filter(code=code).first()
        if opd is not None and opd.name == name:
            return opd, "unchanged"
        outcome = "renamed" if opd is not None else "added"
        opd, _created = Opd.objects.update_or_create(code=code, defaults={"name": name})
        audit.record(actor, Action.ADD_OPD, code, {"name": name, "outcome": outcome})
    return opd, outcome


def _grant_detail(grant: Grant) -> dict[str, Any]:
    return {
        "role": grant.role.value,
        "village": grant.village.code if grant.village else None,
        "opd": grant.opd or None,
        **({"unit": grant.unit, "desk": grant.desk} if grant.unit else {}),
    }
