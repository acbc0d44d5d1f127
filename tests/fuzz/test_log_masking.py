"""The log masker against NIKs written every way a log line can hold them: in the message,
an argument, an exception or a stack, split by any non-alphanumerics, among any text."""

from __future__ import annotations

import io
import logging
import sys

from hypothesis import given
from hypothesis import strategies as st

from kiosk.identity import NikMaskingFilter
from kiosk.logs import RecentLogs
from tests.helpers.fuzzing import QUICK, fuzz, longest_connected_digits, split_niks

#: Text around the NIK: anything but lone surrogates, which no log handler can write.
AROUND = st.text(alphabet=st.characters(exclude_categories=("Cs",)), max_size=30)


class Shown:
    """An argument that renders the NIK only through ``str``, as an identity object might."""

    def __init__(self, text: str) -> None:
        self.text = text

    def __str__(self) -> str:
        return self.text


@st.composite
def records(draw: st.DrawFn) -> tuple[logging.LogRecord, str]:
    """A log record holding a NIK somewhere, and the NIK."""
    nik, written = draw(split_niks())
    text = draw(AROUND) + written + draw(AROUND)
    where = draw(st.sampled_from(["message", "argument", "object", "exception", "stack"]))
    msg, args, exc_info, stack = "event %s", ("nothing",), None, None
    if where == "message":
        msg, args = text.replace("%", "%%"), ()
    elif where == "argument":
        args = (text,)
    elif where == "object":
        args = (Shown(text),)
    elif where == "exception":
        try:
            raise ValueError(text)
        except ValueError:
            exc_info = sys.exc_info()
    else:
        stack = f"Stack (most recent call last):\n  {text}"
    record = logging.LogRecord("kiosk.fuzz", logging.WARNING, __file__, 1, msg, args, exc_info)
    record.stack_info = stack
    return record, nik


def check_masked(record: logging.LogRecord, nik: str) -> None:
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    handler.addFilter(NikMaskingFilter())
    recent = RecentLogs(capacity=1)
    recent.handle(record)  # masks a copy: the record reaches the next handler as it was
    handler.handle(record)
    # The recent line starts with its own timestamp (17 digits, not the citizen's).
    _, _, recent_text = recent.lines(1)[0].partition(" kiosk.fuzz: ")
    for line in (stream.getvalue(), recent_text):
        assert longest_connected_digits(line) < 16, repr(line)
        assert nik not in line


@QUICK
@given(records())
def test_no_nik_survives_the_masker(case: tuple[logging.LogRecord, str]) -> None:
    check_masked(*case)


@fuzz
@given(records())
def test_no_nik_survives_the_masker_fuzz(case: tuple[logging.LogRecord, str]) -> None:
    check_masked(*case)
