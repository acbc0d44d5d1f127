"""Files the kiosk writes: its own (folders 0700, files 0600, whatever the umask), atomic.

The data folder holds full NIKs until central acknowledges them (the journal), the
receipts a printer spooled and the state of the maintenance PINs. Left to the umask they
come out 0644/0755 under a developer's shell (``make run``), readable by every user of
the machine; the systemd unit's ``UMask=`` is not the only guard. Every writer in
``drivers/`` and ``kiosk/`` creates its folders and files through these functions, so the
mode is set explicitly, and an existing file or folder made by an older version is
narrowed on the way. Replacing a file goes through a temporary file and a rename, so a
reader never sees half of it; records that must survive a power cut are fsynced with
their folder entry too.

Lives in ``drivers/`` because the printers write files too and must not import the core;
the core uses it as it uses the other driver helpers.
"""

from __future__ import annotations

import os
import re
import tempfile
from pathlib import Path

PRIVATE_DIR_MODE = 0o700
PRIVATE_FILE_MODE = 0o600
#: ``write_private`` writes ``.<name>.<random>.tmp`` first; a kill can leave one behind.
TEMPORARY_SUFFIX = ".tmp"
#: Such a leftover; older versions wrote the same without the suffix (mkstemp's random
#: part is 8 characters of ``a-z0-9_``).
_TEMPORARY = re.compile(r"\..+\.[a-z0-9_]{8}(?:\.tmp)?")


def private_dir(path: Path) -> Path:
    """``path`` as a folder only its owner may enter, created with its missing parents.

    Every folder this creates is 0700; an existing ``path`` is narrowed to 0700 (its
    parents are left alone: they may be the system's, like ``/var/lib``).
    """
    missing = []
    folder = path
    while not folder.exists() and folder != folder.parent:
        missing.append(folder)
        folder = folder.parent
    for created in reversed(missing):
        created.mkdir(mode=PRIVATE_DIR_MODE, exist_ok=True)  # or made meanwhile by a thread
        os.chmod(created, PRIVATE_DIR_MODE)  # mkdir's mode passes through the umask
    if not missing:
        narrow(path)
    return path


def private_file(path: Path) -> Path:
    """Create ``path`` empty and 0600 if it is missing, else narrow it to 0600.

    For files another library opens by name (SQLite creates ``-wal`` and ``-shm`` with
    the database file's own mode).
    """
    private_dir(path.parent)
    os.close(os.open(path, os.O_WRONLY | os.O_CREAT, PRIVATE_FILE_MODE))
    os.chmod(path, PRIVATE_FILE_MODE)  # the umask narrows a new file; an old one may be wide
    return path


def write_private(path: Path, data: bytes, *, durable: bool = True) -> None:
    """Replace ``path`` with ``data`` atomically, through a 0600 temporary file renamed.

    A reader sees the old content or the new, never half of it. ``durable`` (the
    default) also fsyncs the file and its folder, so the new content survives a power
    cut; a simulator's spool, which no record depends on, may leave that out.
    """
    private_dir(path.parent)
    descriptor, temporary = tempfile.mkstemp(
        dir=path.parent, prefix=f".{path.name}.", suffix=TEMPORARY_SUFFIX
    )
    try:
        with os.fdopen(descriptor, "wb") as stream:  # mkstemp makes it 0600
            stream.write(data)
            if durable:
                stream.flush()
                os.fsync(stream.fileno())
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
    if durable:
        sync_folder(path.parent)


def open_private_append(path: Path) -> int:
    """A descriptor appending to ``path``, created 0600 if missing; the caller closes it."""
    private_dir(path.parent)
    descriptor = os.open(path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, PRIVATE_FILE_MODE)
    try:
        os.chmod(path, PRIVATE_FILE_MODE)
    except OSError:
        os.close(descriptor)
        raise
    return descriptor


def sync_folder(folder: Path) -> None:
    """Make a file's creation or rename durable (its folder entry is separate data)."""
    descriptor = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(descriptor)
    finally:
        os.close(descriptor)


def narrow(path: Path) -> None:
    """Take group and other permissions away from ``path``, if it exists and is this user's.

    For files made by an older version, or by a library under the umask.
    """
    try:
        status = path.stat()
    except FileNotFoundError:
        return
    owner = getattr(os, "geteuid", lambda: status.st_uid)()  # Windows has no owners' modes
    if status.st_mode & 0o077 and status.st_uid == owner:
        os.chmod(path, status.st_mode & 0o700)


def remove_temporaries(folder: Path) -> list[Path]:
    """Delete what ``write_private`` left in ``folder`` when a kill cut it short.

    Only ``.<name>.<random>.tmp`` files go: a rename never happened for them, so nothing
    refers to them. Returns what was removed.
    """
    removed = []
    for path in folder.glob(".*"):
        if _TEMPORARY.fullmatch(path.name) and path.is_file():
            path.unlink(missing_ok=True)
            removed.append(path)
    return removed
