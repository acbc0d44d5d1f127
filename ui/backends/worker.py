"""Blocking work off the GUI thread, and its result back on it: the kiosk's ``Runner``.

``kiosk.issuing`` (and maintenance) hand their blocking steps (SQLite, the printer, disk
writes) to a runner; this one runs them on one worker thread, in order, and delivers each
result through a queued signal, so whatever handles it runs on the GUI thread.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from typing import Any, TypeVar

from PySide6.QtCore import QObject, Signal

log = logging.getLogger("ui.worker")

_T = TypeVar("_T")


class QtRunner(QObject):
    """One worker thread; results come back to the thread that made the runner.

    Signals:
        _done: a step finished, with its follow-up and result (internal).
    """

    _done = Signal(object)

    def __init__(self, name: str, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix=name)
        self._done.connect(self._deliver)

    def run(self, work: Callable[[], _T], then: Callable[[_T | Exception], None]) -> None:
        """Run ``work`` on the worker; ``then`` gets its result (or exception) on this thread."""

        def job() -> None:
            try:
                result: _T | Exception = work()
            except Exception as error:  # a failure is a result for ``then``, never a crash
                log.exception("Background step failed")
                result = error
            self._done.emit((then, result))

        self._pool.submit(job)

    def shutdown(self) -> None:
        """Wait for the step in progress and those queued (composition root teardown)."""
        self._pool.shutdown(wait=True)

    def _deliver(self, payload: tuple[Callable[[Any], None], Any]) -> None:
        then, result = payload
        then(result)
