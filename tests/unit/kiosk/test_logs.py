"""The in-memory log for the maintenance screen: masked per record, timestamps kept."""

from __future__ import annotations

import logging
import re

from kiosk.logs import RecentLogs

NIK = "3501011708450001"


def test_recent_lines_are_masked_but_keep_their_timestamp() -> None:
    recent = RecentLogs(capacity=10)
    logger = logging.getLogger("test.recent")
    logger.addHandler(recent)
    logger.propagate = False
    try:
        logger.warning("typed %s", f"{NIK[:8]}:{NIK[8:]}")
        try:
            raise ValueError(f"central refused {NIK}")
        except ValueError:
            logger.exception("lookup failed")
    finally:
        logger.removeHandler(recent)
    text = "\n".join(recent.lines(10))
    assert "170845" not in text
    assert "typed 350101**:****0001" in text
    assert "ValueError: central refused 350101******0001" in text
    first = recent.lines(10)[0]
    assert re.match(r"\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2},\d{3} WARNING ", first), first


def test_masking_a_copy_leaves_the_record_for_the_other_handlers() -> None:
    recent = RecentLogs()
    record = logging.LogRecord("x", logging.INFO, __file__, 1, "nik %s", (NIK,), None)
    recent.handle(record)
    assert record.getMessage() == f"nik {NIK}"  # the stderr handler masks its own
    assert recent.lines(1)[0].endswith("nik 350101******0001")
