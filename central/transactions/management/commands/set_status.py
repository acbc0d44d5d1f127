"""``python -m central set-status REFERENCE STATUS``: move a request one step, as staff would.

The step must be one the request's workflow allows (:mod:`central.transactions.workflow`):
nothing skips a step that produces a letter, and ``signed`` comes only from signing. The step
is audited as the back office's change of status is, naming the shell's user.
"""

from __future__ import annotations

import argparse
import logging
import re
from typing import Any

from django.utils import timezone

from central.command import CentralCommand, matching, refused, usage_error
from central.office.actions import record_status_change
from central.office.audit import Actor
from central.transactions.models import Transaction
from central.transactions.workflow import TransactionState, TransitionError, Via

log = logging.getLogger("central.transactions")

_REFERENCE = re.compile(r"[A-Z0-9][A-Z0-9-]{5,63}")


class Command(CentralCommand):
    """See the module docstring."""

    help = "Move a transaction to its next status."

    def add_arguments(self, parser: argparse.ArgumentParser) -> None:
        """The reference, the status and an optional message for the citizen."""
        parser.add_argument("reference", type=matching(_REFERENCE, "a transaction reference"))
        parser.add_argument("status", choices=[state.value for state in TransactionState])
        parser.add_argument(
            "--message-id", metavar="TEXT", help="message for the citizen, in Bahasa Indonesia"
        )
        parser.add_argument("--message-en", metavar="TEXT", help="the same message in English")

    def handle(self, *args: Any, **options: Any) -> None:
        """Check the step and take it."""
        reference, target = options["reference"], TransactionState(options["status"])
        texts = (options["message_id"], options["message_en"])
        if (texts[0] is None) != (texts[1] is None):
            raise usage_error("give --message-id and --message-en together")
        message = {"id": texts[0], "en": texts[1]} if texts[0] is not None else None
        record = Transaction.objects.filter(reference=reference).first()
        if record is None:
            raise refused(f"no transaction {reference}")
        before = record.status
        try:
            record.move_to(target, via=Via.STAFF, now=timezone.now(), message=message)
        except TransitionError as exc:
            raise refused(f"{reference}: {exc}") from None
        record_status_change(Actor.shell(), reference, before, target.value, texts[0] or "")
        log.info("Transaction %s is now %s", reference, target)
