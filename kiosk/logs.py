"""One logging setup for every entry point: timestamps, the subsystem's name, stderr."""

from __future__ import annotations

import logging

from kiosk.identity import NikMaskingFilter

FORMAT = "%(asctime)s %(levelname)-7s %(name)s: %(message)s"


def setup_logging(level: str) -> None:
    """Send records at ``level`` and above to stderr (journald picks them up under systemd).

    Every handler masks NIK-like digit runs, so no log line ever holds a full NIK.
    """
    logging.basicConfig(level=level, format=FORMAT, force=True)
    for handler in logging.getLogger().handlers:
        handler.addFilter(NikMaskingFilter())
    logging.getLogger("PIL").setLevel(max(logging.INFO, logging.getLevelName(level)))
