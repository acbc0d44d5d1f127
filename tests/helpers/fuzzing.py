"""Sizes of the fuzz runs, and what counts as a NIK left readable in a text.

Every fuzzed property runs twice: ``QUICK`` in ``make test`` (a few hundred examples) and
``FUZZ`` under the ``fuzz`` marker, kept out of ``make test``:

    .venv/bin/python -m pytest -m fuzz tests/fuzz        # 20,000 examples per property
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar

import pytest
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st

_Test = TypeVar("_Test", bound=Callable[..., None])

_SLOW_IS_FINE = [HealthCheck.too_slow, HealthCheck.data_too_large, HealthCheck.large_base_example]
#: In ``make test``: a few hundred examples per property.
QUICK = settings(max_examples=300, deadline=None, suppress_health_check=_SLOW_IS_FINE)
#: Under ``pytest -m fuzz``: at least 20,000 examples per property.
FUZZ = settings(max_examples=20_000, deadline=None, suppress_health_check=_SLOW_IS_FINE)
#: A long run may take minutes on a busy machine; the suite's 120 s is for ordinary tests.
FUZZ_TIMEOUT_SECONDS = 3600


def fuzz(test: _Test) -> _Test:
    """The long run of a property (put it above ``@given``): FUZZ examples, the marker."""
    marked: _Test = pytest.mark.fuzz(pytest.mark.timeout(FUZZ_TIMEOUT_SECONDS)(FUZZ(test)))
    return marked


NIK_LENGTH = 16
#: 16 decimal digits, any of them: a NIK as far as a log line is concerned.
NIKS = st.text(alphabet="0123456789", min_size=NIK_LENGTH, max_size=NIK_LENGTH)
#: What may sit between a NIK's digits without making them something else: anything that
#: is neither a letter nor a digit (two spaces, "/", "_", ",", ":", tabs, newlines,
#: no-break and zero-width spaces...).
SEPARATORS = st.text(
    alphabet=st.one_of(
        st.sampled_from(" \t\n\r/_,:;.-*#|\\\u00a0\u200b\u2009\u3000\ufeff"),
        st.characters(exclude_categories=("L", "N", "Cs")),
    ),
    max_size=3,
)


@st.composite
def split_niks(draw: st.DrawFn) -> tuple[str, str]:
    """A NIK and the NIK written with separators between some of its digits."""
    nik = draw(NIKS)
    gaps = draw(st.lists(SEPARATORS, min_size=NIK_LENGTH - 1, max_size=NIK_LENGTH - 1))
    return nik, nik[0] + "".join(gap + digit for gap, digit in zip(gaps, nik[1:], strict=True))


def longest_connected_digits(text: str) -> int:
    """The most decimal digits joined by nothing but non-alphanumerics, as a reader sees them.

    Written apart from ``kiosk.identity``'s pattern on purpose: an oracle, not a copy.
    """
    best = run = 0
    for char in text:
        if char.isdecimal():
            run += 1
            best = max(best, run)
        elif char.isalnum():
            run = 0
    return best
