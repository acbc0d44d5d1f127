"""One kiosk process that takes one queue ticket through the real core, for kill tests.

    python -m tests.helpers.take_ticket COUNTER

The configuration comes from the environment (``KIOSK_*``), devices included, so a test
can point the printer at an emulator that stalls mid-job and SIGKILL the process while the
receipt is printing, as a power cut or a crash would. It prints nothing.
"""

from __future__ import annotations

import sys

from kiosk.clock import SystemClock
from kiosk.config import load_config
from kiosk.core import Core
from kiosk.logs import setup_logging
from kiosk.services import Flow


def main(counter: str) -> int:
    """Take the ticket; the exit status is 0 once the printer answered either way."""
    config = load_config()
    setup_logging(config.logging.level)
    core = Core(config, SystemClock())
    core.build()
    try:
        core.start_devices()
        session = core.new_session()
        queue = next(s for s in core.services if s.flow is Flow.QUEUE_TICKET)
        session.start()
        session.choose_service(queue)
        core.issuer.take_ticket(session, counter)
    finally:
        core.shutdown()
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1]))
