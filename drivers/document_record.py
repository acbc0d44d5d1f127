"""The record of documents sent to the document printer, kept across restarts.

A letter counts as printed only when its job completed, and a job is never submitted
twice by itself, so the driver must remember, through a crash or a restart, which
document went out as which job and how that job ended. One JSON object per line,
appended and fsynced before the driver goes on; the last line for a document wins. A
line cut short by a crash is ignored. The folder is 0700 and the file 0600: the
ids are the caller's (no personal data), but nobody else needs to read them.
"""

from __future__ import annotations

import enum
import json
import logging
import os
import time
from dataclasses import dataclass
from pathlib import Path

from drivers.files import open_private_append, sync_folder, write_private

logger = logging.getLogger("drivers.document_record")

RECORD_FILE = "documents.jsonl"

#: How many documents the record keeps (the file is compacted at twice this many lines).
DOCUMENTS_KEPT = 10_000


class DocumentRecordState(enum.Enum):
    """How far a document got."""

    #: Its job is in the printer's queue; how it ends is not known yet.
    SUBMITTED = "submitted"
    #: The queue reported the job completed: the document was printed.
    COMPLETED = "completed"
    #: The job was canceled or aborted, or never reached the queue.
    FAILED = "failed"


@dataclass(frozen=True)
class DocumentRecordEntry:
    """The last known fate of one document."""

    document_id: str
    state: DocumentRecordState
    job_id: int | None = None
    detail: str = ""
    at: float = 0.0


class DocumentRecord:
    """The append-only record in ``folder``; not thread-safe (the driver serialises jobs)."""

    def __init__(self, folder: Path, limit: int = DOCUMENTS_KEPT) -> None:
        """Read the record, if there is one.

        Raises:
            OSError: If the record exists but cannot be read.

        """
        self._folder = Path(folder)
        self._path = self._folder / RECORD_FILE
        self._limit = limit
        self._entries: dict[str, DocumentRecordEntry] = {}
        self._lines = 0
        self._torn = False
        try:
            content = self._path.read_bytes()
        except FileNotFoundError:
            return
        *lines, tail = content.split(b"\n")
        for line in lines:
            entry = _parse(line)
            if entry is not None:
                self._remember(entry)
        self._lines = len(lines)
        self._torn = tail != b""

    @property
    def path(self) -> Path:
        """The record's file."""
        return self._path

    def get(self, document_id: str) -> DocumentRecordEntry | None:
        """The last entry for ``document_id``, or None if it was never sent."""
        return self._entries.get(document_id)

    def completed(self) -> list[DocumentRecordEntry]:
        """The documents whose last entry is COMPLETED, in the order they were last recorded."""
        return [
            entry
            for entry in self._entries.values()
            if entry.state is DocumentRecordState.COMPLETED
        ]

    def submitted(self) -> list[DocumentRecordEntry]:
        """The documents whose job was sent and whose end is not known yet, oldest first."""
        return [
            entry
            for entry in self._entries.values()
            if entry.state is DocumentRecordState.SUBMITTED and entry.job_id is not None
        ]

    def by_job(self, job_id: int) -> DocumentRecordEntry | None:
        """The document whose last job is ``job_id``, or None."""
        for entry in reversed(self._entries.values()):
            if entry.job_id == job_id:
                return entry
        return None

    def put(
        self,
        document_id: str,
        state: DocumentRecordState,
        job_id: int | None = None,
        detail: str = "",
    ) -> DocumentRecordEntry:
        """Record ``document_id``'s new state, in memory at once and then durably on disk.

        Raises:
            OSError: If the file cannot be written; the entry is still remembered
                until the process ends.

        """
        entry = DocumentRecordEntry(document_id, state, job_id, detail, time.time())
        self._remember(entry)
        line = (b"\n" if self._torn else b"") + _dump(entry) + b"\n"
        created = not self._path.exists()
        descriptor = open_private_append(self._path)
        try:
            os.write(descriptor, line)
            os.fsync(descriptor)
        finally:
            os.close(descriptor)
        self._torn = False
        self._lines += 1
        if created:
            sync_folder(self._folder)
        if self._lines > 2 * self._limit:
            self._compact()
        return entry

    def _remember(self, entry: DocumentRecordEntry) -> None:
        self._entries.pop(entry.document_id, None)
        self._entries[entry.document_id] = entry
        while len(self._entries) > self._limit:
            del self._entries[next(iter(self._entries))]

    def _compact(self) -> None:
        lines = b"".join(_dump(entry) + b"\n" for entry in self._entries.values())
        write_private(self._path, lines)
        self._lines = len(self._entries)
        logger.info("document record compacted to %s entries", self._lines)


def _dump(entry: DocumentRecordEntry) -> bytes:
    data = {
        "document": entry.document_id,
        "state": entry.state.value,
        "job": entry.job_id,
        "detail": entry.detail,
        "at": round(entry.at, 3),
    }
    return json.dumps(data, ensure_ascii=True, separators=(",", ":")).encode("ascii")


def _parse(line: bytes) -> DocumentRecordEntry | None:
    """One line of the record, or None for a line that is not one of ours."""
    try:
        data = json.loads(line)
        job = data["job"]
        return DocumentRecordEntry(
            document_id=str(data["document"]),
            state=DocumentRecordState(data["state"]),
            job_id=job if isinstance(job, int) else None,
            detail=str(data.get("detail", "")),
            at=float(data.get("at", 0.0)),
        )
    except (ValueError, KeyError, TypeError):
        logger.warning("document record: ignoring an unreadable line")
        return None
