"""``python -m central review REF (--approve | --return MESSAGE | --reject REASON) --user U``.

The operator's review of a letter request, as the back office does it: verified, returned
for a correction (the message tells the citizen what to bring or fix) or rejected (why).
Audited as the back office's change of status is, naming the shell's user and ``--user``.
"""

from __future__ import annotations

import argparse
from typing import Any

from central.command import CentralCommand, refused
from central.letters import authority
from central.letters.management.commands._common import acting_at_the_shell, back_office_user
from central.office.actions import record_status_change


class Command(CentralCommand):
    """See the module docstring."""

    help = "Verify, return or reject a letter request."

    def add_arguments(self, parser: argparse.ArgumentParser) -> None:
        """The reference, the decision and the user."""
        parser.add_argument("reference")
        decision = parser.add_mutually_exclusive_group(required=True)
        decision.add_argument("--approve", action="store_true", help="the request is verified")
        decision.add_argument("--return", dest="correction", metavar="MESSAGE")
        decision.add_argument("--reject", metavar="REASON")
        parser.add_argument("--user", required=True, help="the operator (or head) reviewing")

    def handle(self, *args: Any, **options: Any) -> None:
        """Review and say where the request is now."""
        user = back_office_user(options["user"])
        if options["approve"]:
            decision, text = authority.Decision.APPROVE, ""
        elif options["correction"] is not None:
            decision, text = authority.Decision.RETURN, options["correction"]
        else:
            decision, text = authority.Decision.REJECT, options["reject"]
        try:
            record = authority.find_request(options["reference"])
            before = record.status
            authority.review(record, user, decision, text)
        except authority.LetterRefusedError as exc:
            raise refused(str(exc)) from None
        record_status_change(
            acting_at_the_shell(user), record.reference, before, record.status, text
        )
        self.stdout.write(f"{record.reference} {record.status}")
