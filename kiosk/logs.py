"""One logging setup for every entry point: timestamps, the subsystem's name, stderr.

Every handler masks NIK-like digit runs, crashes are logged through the same handlers
(so a traceback that shows a NIK in a local variable's repr is masked too), and the last
lines are kept in memory, masked, for the maintenance screen.
"""

from __future__ import annotations

import collections
import logging
import sys
import threading
from types import TracebackType

from kiosk.identity import NikMaskingFilter

FORMAT = "%(asctime)s %(levelname)-7s %(name)s: %(message)s"
RECENT_LINES = 500

crash_log = logging.getLogger("kiosk.crash")


def setup_logging(level: str) -> None:
    """Send records at ``level`` and above to stderr (journald picks them up under systemd).

    Every handler masks NIK-like digit runs, so no log line ever holds a full NIK, and
    uncaught exceptions (main thread or any other) are logged through them too.
    """
    logging.basicConfig(level=level, format=FORMAT, force=True)
    for handler in logging.getLogger().handlers:
        handler.addFilter(NikMaskingFilter())
    logging.getLogger("PIL").setLevel(max(logging.INFO, logging.getLevelName(level)))
    recent_logs()
    install_crash_hooks()


class RecentLogs(logging.Handler):
    """The last lines of the log, masked and formatted, for the maintenance logs screen."""

    def __init__(self, capacity: int = RECENT_LINES) -> None:
        super().__init__()
        self._lines: collections.deque[str] = collections.deque(maxlen=capacity)
        self._guard = threading.Lock()
        self._mask = NikMaskingFilter()
        self.setFormatter(logging.Formatter(FORMAT))

    def emit(self, record: logging.LogRecord) -> None:
        """Keep the record masked, then formatted.

        A copy is masked (as ``NikMaskingFilter`` does), so the record stays as it was for
        the other handlers, and the line's own timestamp, which has 17 digits, stays
        readable.
        """
        try:
            masked = logging.makeLogRecord(record.__dict__)
            self._mask.filter(masked)
            text = self.format(masked)
        except Exception:  # a broken record must not break logging
            self.handleError(record)
            return
        with self._guard:
            self._lines.append(text)

    def lines(self, count: int) -> list[str]:
        """The last ``count`` lines, oldest first."""
        with self._guard:
            return list(self._lines)[-count:] if count > 0 else []


def recent_logs() -> RecentLogs:
    """The root logger's in-memory buffer, added on first use (one per process)."""
    root = logging.getLogger()
    for handler in root.handlers:
        if isinstance(handler, RecentLogs):
            return handler
    handler = RecentLogs()
    root.addHandler(handler)
    return handler


def _log_uncaught(
    kind: type[BaseException],
    error: BaseException,
    trace: TracebackType | None,
    where: str,
) -> None:
    if issubclass(kind, KeyboardInterrupt):
        sys.__excepthook__(kind, error, trace)
        return
    crash_log.critical("Uncaught exception in %s", where, exc_info=(kind, error, trace))


def _excepthook(
    kind: type[BaseException], error: BaseException, trace: TracebackType | None
) -> None:
    _log_uncaught(kind, error, trace, "the main thread")


def _thread_excepthook(args: threading.ExceptHookArgs) -> None:
    if args.exc_value is None:
        return
    name = args.thread.name if args.thread is not None else "a thread"
    _log_uncaught(args.exc_type, args.exc_value, args.exc_traceback, f"thread {name}")


def install_crash_hooks() -> None:
    """Log uncaught exceptions through the masking handlers instead of raw stderr tracebacks.

    Python's default hooks print the traceback straight to stderr, past every filter; these
    send it through logging, where ``NikMaskingFilter`` masks the text of the traceback.
    """
    sys.excepthook = _excepthook
    threading.excepthook = _thread_excepthook
