"""A pair of connected pseudo-terminals made by socat, standing in for a serial scanner.

    with serial_pty_pair(tmp_path) as pair:
        scanner = SerialScanner(str(pair.device))   # the driver reads this end
        pair.write(b"ALM1:...\\r")                   # the "scanner" writes this end
        pair.unplug()                                # socat exits: reads fail, links vanish
        pair.replug()                                # a new pair at the same paths

socat runs as ``socat -d -d pty,raw,echo=0,link=A pty,raw,echo=0,link=B`` in its own
process group, and gets SIGTERM when the pair is closed (or unplugged). Needs the Debian
package ``socat``; ``missing_socat_reason()`` says so when it is not there.
"""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import time
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from pathlib import Path

START_TIMEOUT_SECONDS = 10.0


def missing_socat_reason() -> str | None:
    """Why a pty pair cannot be made here, or None when it can."""
    if shutil.which("socat") is None:
        return "socat is not installed (apt-get install -y socat)"
    return None


class SerialPtyPair:
    """Two linked ptys: ``scanner_end`` is written by the test, ``device`` read by the driver."""

    def __init__(self, folder: Path) -> None:
        self.scanner_end = folder / "scanner"
        self.device = folder / "ttyACM0"
        self._log = folder / "socat.log"
        self._process: subprocess.Popen[bytes] | None = None
        self._fd: int | None = None

    @property
    def plugged(self) -> bool:
        """Whether socat is running."""
        return self._process is not None

    def replug(self) -> None:
        """Start socat and wait until both links exist and the scanner end is open."""
        if self._process is not None:
            raise RuntimeError("already plugged in")
        for link in (self.scanner_end, self.device):
            with suppress(FileNotFoundError):
                link.unlink()
        with self._log.open("ab") as log:
            self._process = subprocess.Popen(
                [
                    "socat",
                    "-d",
                    "-d",
                    f"pty,raw,echo=0,link={self.scanner_end}",
                    f"pty,raw,echo=0,link={self.device}",
                ],
                stdin=subprocess.DEVNULL,
                stdout=log,
                stderr=log,
                start_new_session=True,
            )
        deadline = time.monotonic() + START_TIMEOUT_SECONDS
        while not (self.scanner_end.exists() and self.device.exists()):
            if self._process.poll() is not None or time.monotonic() > deadline:
                log_text = self._log.read_text(errors="replace")
                self.unplug()
                raise RuntimeError(f"socat did not make the pty pair:\n{log_text}")
            time.sleep(0.02)
        self._fd = os.open(self.scanner_end, os.O_RDWR | os.O_NOCTTY)

    def write(self, data: bytes) -> None:
        """Send bytes as the scanner would, all at once."""
        if self._fd is None:
            raise RuntimeError("the scanner is unplugged")
        view = memoryview(data)
        while view:
            written = os.write(self._fd, view)
            view = view[written:]

    def unplug(self) -> None:
        """Stop socat, as if the USB scanner were pulled out; both ptys disappear."""
        if self._fd is not None:
            os.close(self._fd)
            self._fd = None
        process, self._process = self._process, None
        if process is None:
            return
        with suppress(ProcessLookupError):
            os.killpg(process.pid, signal.SIGTERM)
        try:
            process.wait(timeout=5)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait(timeout=5)
        for link in (self.scanner_end, self.device):
            with suppress(FileNotFoundError):
                link.unlink()


@contextmanager
def serial_pty_pair(folder: Path) -> Iterator[SerialPtyPair]:
    """A plugged-in pty pair in ``folder``, unplugged at the end."""
    pair = SerialPtyPair(folder)
    pair.replug()
    try:
        yield pair
    finally:
        pair.unplug()
