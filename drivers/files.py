"""Small file helpers the drivers share: durable folder entries and atomic writes."""

from __future__ import annotations

import os
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import BinaryIO


def fsync_folder(folder: Path) -> None:
    """Make a file's creation or rename durable (its folder entry is separate data)."""
    descriptor = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(descriptor)
    finally:
        os.close(descriptor)


def write_atomically(
    path: Path, write: Callable[[BinaryIO], object], *, durable: bool = False
) -> None:
    """Write through a temporary file and rename, so a reader never sees half a file.

    The file is created 0600 (``mkstemp``'s mode): spooled receipts and letters carry
    personal data. ``durable`` also fsyncs the file and its folder, for records that
    must survive a power cut.
    """
    descriptor, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.")
    try:
        with os.fdopen(descriptor, "wb") as stream:
            write(stream)
            if durable:
                stream.flush()
                os.fsync(stream.fileno())
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
    if durable:
        fsync_folder(path.parent)
