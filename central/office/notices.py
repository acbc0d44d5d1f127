"""What a citizen reads at the kiosk's Cek Status after staff move their request.

Each status a member of staff sets comes with one plain sentence in Bahasa Indonesia and in
English, and the officer's own words where the status needs them: what to bring or fix, why
a request was refused, the answer to a complaint. Officers write in Bahasa Indonesia; an
English version is optional, and without one the English sentence quotes the Indonesian.
"""

from __future__ import annotations

from dataclasses import dataclass

from central.transactions.workflow import TransactionState

_S = TransactionState


@dataclass(frozen=True)
class Sentence:
    """A status's sentence in both languages; ``{note}`` is where the officer's words go."""

    id: str
    en: str


#: The sentence for each status staff can set, for a letter or request and for a complaint.
SENTENCES: dict[TransactionState, Sentence] = {
    _S.PROCESSING: Sentence(
        "Permohonan Anda sedang ditindaklanjuti petugas. {note}",
        "An officer is following up your request. {note}",
    ),
    _S.VERIFIED: Sentence(
        "Permohonan Anda sudah diperiksa petugas desa dan menunggu tanda tangan Kepala Desa.",
        "The village office has checked your request; it is waiting for the village head's "
        "signature.",
    ),
    _S.NEEDS_CORRECTION: Sentence(
        "Permohonan Anda perlu dilengkapi: {note} Silakan datang ke kantor desa.",
        "Your request needs something more: {note} Please come to the village office.",
    ),
    _S.REJECTED: Sentence(
        "Permohonan Anda tidak dapat diproses. Alasannya: {note}",
        "Your request cannot be processed. The reason: {note}",
    ),
    _S.READY: Sentence(
        "Surat Anda sudah siap. Silakan ambil di kantor desa atau cetak di anjungan desa.",
        "Your letter is ready. Collect it at the village office or print it at the village kiosk.",
    ),
    _S.DONE: Sentence("Permohonan Anda sudah selesai. {note}", "Your request is done. {note}"),
}
COMPLAINT_SENTENCES: dict[TransactionState, Sentence] = {
    _S.PROCESSING: Sentence(
        "Pengaduan Anda sedang ditindaklanjuti. {note}",
        "Your complaint is being followed up. {note}",
    ),
    _S.DONE: Sentence(
        "Pengaduan Anda sudah ditanggapi: {note}", "Your complaint has been answered: {note}"
    ),
}
#: Statuses whose sentence is incomplete without the officer's words.
NOTE_REQUIRED = frozenset({_S.NEEDS_CORRECTION, _S.REJECTED})
#: For a complaint, its answer is the point of ``done``.
COMPLAINT_NOTE_REQUIRED = frozenset({_S.NEEDS_CORRECTION, _S.REJECTED, _S.DONE})


def needs_note(target: TransactionState, *, complaint: bool) -> bool:
    """Whether the officer must write something for the citizen with this status."""
    return target in (COMPLAINT_NOTE_REQUIRED if complaint else NOTE_REQUIRED)


def citizen_message(
    target: TransactionState, note_id: str, note_en: str = "", *, complaint: bool = False
) -> dict[str, str]:
    """The contract's ``LocalizedText`` for Cek Status; empty texts when there is none."""
    sentence = (COMPLAINT_SENTENCES if complaint else {}).get(target) or SENTENCES.get(target)
    if sentence is None:
        return {"id": "", "en": ""}
    note_id = " ".join(note_id.split())
    note_en = " ".join(note_en.split()) or (f"«{note_id.rstrip('.')}»" if note_id else "")
    return {
        "id": _fill(sentence.id, note_id),
        "en": _fill(sentence.en, note_en),
    }


def _fill(sentence: str, note: str) -> str:
    """The sentence with the note, ending with a full stop, without a dangling space."""
    if note and note[-1] not in ".!?":
        note += "."
    return sentence.replace("{note}", note).strip()
