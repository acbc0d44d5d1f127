"""What central's write paths share: a retry after a lost race, and commits that may wait."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import TypeVar

from django.db import IntegrityError, connection, transaction

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


@contextmanager
def relaxed_durability() -> Iterator[None]:
    """A transaction whose commit may be lost in a power cut, to spare a disk flush.

    For what only a later durable commit needs to outlive a crash: every request records
    its nonce, and a request that writes makes the nonce durable with its own flush, so a
    power cut can forget only the nonces of the last read-only requests, whose replay
    within their 5 minutes changes nothing. SQLite commits with ``synchronous=NORMAL``
    instead of ``FULL`` (WAL keeps the database consistent either way); PostgreSQL with
    ``synchronous_commit`` off for this transaction alone.
    """
    vendor = connection.vendor
    if vendor == "sqlite":
        with connection.cursor() as cursor:
            cursor.execute("PRAGMA synchronous=NORMAL")
        try:
            with transaction.atomic():
                yield
        finally:
            with connection.cursor() as cursor:
                cursor.execute("PRAGMA synchronous=FULL")
        return
    with transaction.atomic():
        if vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("SET LOCAL synchronous_commit TO OFF")
        yield
