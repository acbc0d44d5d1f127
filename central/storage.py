"""What every write path of central shares: one retry after a lost unique-constraint race."""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar

from django.db import IntegrityError, transaction

_T = TypeVar("_T")


def retry_once_on_conflict(write: Callable[[], _T]) -> _T:
    """Run ``write`` in a transaction; after a unique-constraint race, once more.

    Another worker process may store the same key (or reference, or counter day) between
    ``write``'s check and its insert. The database refuses the second insert and rolls the
    transaction back; the retry then finds the other worker's row and answers as for a
    repeat. A second conflict is a real error and propagates.
    """
    try:
        with transaction.atomic():
            return write()
    except IntegrityError:
        with transaction.atomic():
            return write()
