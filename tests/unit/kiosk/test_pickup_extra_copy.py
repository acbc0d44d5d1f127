"""A technician's extra copy of a letter whose copies are used up (contract 1.4).

The real central on loopback with the sample villages and a real CUPS with a cups-pdf
queue, as in ``test_pickup``: the letter is printed once (its one copy), then once more as
a technician's extra copy, which central counts by raising the allowance with the count.
The crash gap (CUPS completed, the report never queued) is closed for an extra copy too,
and a revoked letter gets none. A 1.3 central is a small loopback server (see its test).
"""

from __future__ import annotations

import dataclasses
import io
import json
import re
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest
from PIL import Image

from drivers.base import DocumentPrinter
from drivers.cups_printer import CupsDocumentPrinter
from drivers.document_printer import check_document_id
from drivers.simulated.document_printer import SimulatedDocumentPrinter
from kiosk.clock import SystemClock
from kiosk.journal import ExtraCopy, Journal, OutboxKind, OutboxState
from kiosk.pickup import LetterPickup, LetterState, PrintResult, Proof
from kiosk.sync import CentralClient, CentralSettings
from tests.helpers.cups import (  # noqa: F401 (fixtures)
    CupsServer,
    cups_pdf_output,
    cups_server,
    pdf_queue,
    pdf_text,
    remove_cups_pdf_output,
)
from tests.helpers.letters import LettersWorld
from tests.unit.kiosk.test_pickup import (  # noqa: F401 (the world fixture)
    OFFICE,
    drain,
    keep_text,
    letter_on_central,
    pickup_at,
    signed_letter,
    world,
)


def letter_rows(journal: Journal) -> list[Any]:
    return [row for row in journal.outbox_rows() if row.kind is OutboxKind.LETTER]


def report_bodies(journal: Journal) -> list[dict[str, Any]]:
    """The bodies of the letter reports the outbox holds, oldest first."""
    rows = journal._db.execute(
        "SELECT body FROM outbox WHERE kind = 'letter' ORDER BY id"
    ).fetchall()
    return [json.loads(body) for (body,) in rows]


def cups_printer(server: CupsServer, queue: str, state_dir: Path) -> CupsDocumentPrinter:
    return CupsDocumentPrinter(
        queue, state_dir=state_dir, server=server.socket, job_poll_seconds=0.2
    )


@contextmanager
def at_kmr_02(
    world: LettersWorld,  # noqa: F811
    printer: DocumentPrinter,
    folder: Path,
) -> Iterator[tuple[LetterPickup, Journal, CentralClient]]:
    """The pickup at KMR-02 (same village as KMR-01) with this printer; all closed after."""
    printer.start()
    pickup, journal, central = pickup_at(world, "KMR-02", printer, folder)
    try:
        yield pickup, journal, central
    finally:
        printer.stop()
        journal.close()
        central.close()


def assert_counted_twice(world: LettersWorld, proof: Proof) -> None:  # noqa: F811
    """Central counts the letter's copy and the technician's: 2 printed of 2 allowed."""
    item = letter_on_central(world, proof)
    assert item["state"] == "collected"
    assert (item["letter"]["copies_printed"], item["letter"]["copies_allowed"]) == (2, 2)


def print_one_copy(pickup: LetterPickup, proof: Proof) -> None:
    """The citizen's own copy, printed and reported as every copy is."""
    (letter,) = pickup.letters(proof).ready
    fetched = pickup.fetch(letter, proof)
    assert fetched.fetched is not None, fetched.detail
    printed = pickup.print(fetched.fetched)
    assert printed.result is PrintResult.PRINTED, printed.detail
    remove_cups_pdf_output(fetched.fetched.document_id)


def test_a_technician_prints_one_more_copy_when_the_copies_are_used_up(
    world: LettersWorld,  # noqa: F811
    cups_server: CupsServer,  # noqa: F811
    pdf_queue: str,  # noqa: F811
    tmp_path: Path,
) -> None:
    reference = signed_letter(world)
    proof = Proof(reference, world.check(reference))
    keep_text(cups_server, pdf_queue)
    printer = cups_printer(cups_server, pdf_queue, tmp_path / "state")
    with at_kmr_02(world, printer, tmp_path) as (pickup, journal, central):
        print_one_copy(pickup, proof)
        drain(journal, central)
        (used_up,) = pickup.letters(proof).letters
        assert (used_up.state, used_up.copies_printed, used_up.copies_allowed) == (
            LetterState.COLLECTED,
            1,
            1,
        )
        # The citizen's way still refuses it; the technician's way fetches it.
        assert pickup.fetch(used_up, proof).result is PrintResult.NO_COPIES_LEFT
        fetched = pickup.fetch(used_up, proof, ExtraCopy.TECHNICIAN)
        assert fetched.result is PrintResult.FETCHED and fetched.fetched is not None
        extra = fetched.fetched
        assert extra.extra_copy is ExtraCopy.TECHNICIAN
        assert re.fullmatch(re.escape(reference) + r"-x[0-9a-f]{12}", extra.document_id)
        check_document_id(extra.document_id)
        assert extra.preview_png.startswith(b"\x89PNG")

        printed = pickup.print(extra)
        assert printed.result is PrintResult.PRINTED, printed.detail + cups_server.log[-1500:]
        assert printed.copy == 2
        try:
            text = pdf_text(cups_pdf_output(extra.document_id))
        finally:
            remove_cups_pdf_output(extra.document_id)
        assert used_up.number in text
        # The report says it is an extra copy; this kiosk counts it with the allowance.
        assert report_bodies(journal)[-1]["extra_copy"] == "technician"
        assert journal.letter_prints_unsent(reference, extra_only=True) == 1
        (counted,) = pickup.letters(proof).letters
        assert (counted.copies_printed, counted.copies_allowed) == (2, 2)
        # A second tap on the same copy prints nothing and counts nothing.
        assert pickup.print(extra).result is PrintResult.NO_COPIES_LEFT

        drain(journal, central)
        assert [row.state for row in letter_rows(journal)] == [OutboxState.SENT] * 2
    assert_counted_twice(world, proof)


def test_an_extra_copy_completed_before_a_crash_is_reported_as_an_extra_copy(
    world: LettersWorld,  # noqa: F811
    cups_server: CupsServer,  # noqa: F811
    pdf_queue: str,  # noqa: F811
    tmp_path: Path,
) -> None:
    """CUPS completed the extra copy, then the kiosk stopped before queuing its report.

    Made with the real parts as in ``test_pickup``: the copy goes to the real queue through
    the driver, the outbox never gets its report. At the next start the report is queued
    with ``extra_copy``; as an ordinary copy central would refuse it (copies-exhausted)
    and the outbox row would go dead.
    """
    reference = signed_letter(world)
    proof = Proof(reference, world.check(reference))
    state_dir = tmp_path / "state"
    printer = cups_printer(cups_server, pdf_queue, state_dir)
    with at_kmr_02(world, printer, tmp_path) as (pickup, journal, central):
        print_one_copy(pickup, proof)
        drain(journal, central)
        (used_up,) = pickup.letters(proof).letters
        fetched = pickup.fetch(used_up, proof, ExtraCopy.TECHNICIAN).fetched
        assert fetched is not None
        document_id = fetched.document_id
        try:
            # print() up to the crash: the queue completed the job, the report was not queued.
            outcome = printer.print_document(document_id, fetched.pdf, timeout=60)
            assert outcome.ok, outcome.detail + cups_server.log[-1500:]
        finally:
            remove_cups_pdf_output(document_id)

    printer = cups_printer(cups_server, pdf_queue, state_dir)
    with at_kmr_02(world, printer, tmp_path) as (pickup, journal, central):
        assert report_bodies(journal)[-1]["extra_copy"] == "technician"
        assert pickup.report_unreported_prints() == 0
        drain(journal, central)
        assert [row.state for row in letter_rows(journal)] == [OutboxState.SENT] * 2
    assert_counted_twice(world, proof)


def test_a_revoked_letter_gets_no_extra_copy(
    world: LettersWorld,  # noqa: F811
    tmp_path: Path,
) -> None:
    reference = signed_letter(world)
    proof = Proof(reference, world.check(reference))
    printer = SimulatedDocumentPrinter(tmp_path / "spool")
    with at_kmr_02(world, printer, tmp_path) as (pickup, journal, _central):
        (listed,) = pickup.letters(proof).letters
        world.cli("revoke", reference, "--user", "kades.kemiren", "--reason", "Data salah")
        # Listed before it was revoked: central refuses it (410), whatever the kiosk thought.
        stale = dataclasses.replace(listed, state=LetterState.COLLECTED)
        refused = pickup.fetch(stale, proof, ExtraCopy.TECHNICIAN)
        assert refused.result is PrintResult.NOT_PRINTABLE
        assert refused.detail.startswith("410") and refused.message == pickup.messages["revoked"]
        # Listed as revoked: the kiosk does not even ask.
        (revoked,) = pickup.letters(proof).letters
        assert revoked.state is LetterState.REVOKED
        asked = pickup.fetch(revoked, proof, ExtraCopy.TECHNICIAN)
        assert (asked.result, asked.detail) == (PrintResult.NOT_PRINTABLE, "revoked")
        assert letter_rows(journal) == []
    assert list((tmp_path / "spool").glob("*.pdf")) == []


@pytest.fixture
def old_central(world: LettersWorld) -> Iterator[str]:  # noqa: F811
    """A 1.3 central, for the one request that differs: a loopback server on its own.

    A 1.3 central takes no query parameter but the proof, so it answers a fetch with
    ``extra_copy`` with ``400 invalid-request``. The answer served is the real central's
    own answer to a query its contract does not allow (an unknown ``extra_copy``), captured
    from it here; every other request gets 404, which this test never makes.
    """
    reference = signed_letter(world)
    with world.kiosk("KMR-02") as session:
        answer = session.get(
            f"{world.central.url}/v1/transactions/{reference}/letter",
            params={"sig": world.check(reference), "extra_copy": "village"},
            timeout=10,
        )
    assert answer.status_code == 400, answer.text
    assert answer.json()["type"].endswith("invalid-request")
    status, body, kind = answer.status_code, answer.content, answer.headers["Content-Type"]

    class OldCentral(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            refused = "extra_copy=" in self.path
            self.send_response(status if refused else 404)
            self.send_header("Content-Type", kind)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, format: str, *args: Any) -> None:
            return

    server = ThreadingHTTPServer(("127.0.0.1", 0), OldCentral)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()


def test_a_central_older_than_1_4_prints_nothing_and_says_the_village_must_allow_it(
    world: LettersWorld,  # noqa: F811
    old_central: str,
    tmp_path: Path,
) -> None:
    reference = signed_letter(world)
    proof = Proof(reference, world.check(reference))
    printer = SimulatedDocumentPrinter(tmp_path / "spool")
    printer.start()
    journal = Journal(tmp_path / "journal.sqlite", SystemClock())
    pickup, listing, central = pickup_at(world, "KMR-02", printer, tmp_path)
    (letter,) = pickup.letters(proof).letters
    listing.close()
    central.close()
    old = CentralClient(CentralSettings(old_central, "KMR-02", "s", read_timeout=10))
    at_old = LetterPickup(old, printer, journal, "KMR-02", OFFICE, SystemClock().now)
    try:
        used_up = dataclasses.replace(letter, state=LetterState.COLLECTED, copies_printed=1)
        outcome = at_old.fetch(used_up, proof, ExtraCopy.TECHNICIAN)
        assert outcome.result is PrintResult.OLD_CENTRAL and outcome.fetched is None
        assert outcome.detail.startswith("400")
        assert outcome.message.id.startswith("Server pusat belum mendukung salinan tambahan")
        assert "back office" in outcome.message.id
        assert letter_rows(journal) == []
    finally:
        printer.stop()
        journal.close()
        old.close()
    assert list((tmp_path / "spool").glob("*.pdf")) == []


def test_the_crash_gap_tells_an_extra_copy_from_an_ordinary_one(tmp_path: Path) -> None:
    """Ordinary copies keep ``{reference}-{12 hex}`` (records made before 1.4 read as they
    did); extra copies are ``{reference}-x{12 hex}`` and are reported with ``extra_copy``."""
    printer = SimulatedDocumentPrinter(tmp_path / "spool")
    printer.start()
    journal = Journal(tmp_path / "journal.sqlite", SystemClock())
    pickup = LetterPickup(None, printer, journal, "KMR-02", OFFICE, SystemClock().now)
    reference = "KMR-01-20261203-K1-SKTM000001"
    page = io.BytesIO()
    Image.new("L", (1240, 1754), 255).save(page, "PDF", resolution=150)
    try:
        for document_id, extra in (
            (f"{reference}-0123456789ab", None),
            (f"{reference}-x0123456789ab", "technician"),
        ):
            check_document_id(document_id)
            assert printer.print_document(document_id, page.getvalue(), timeout=5).ok
            assert pickup.report_unreported_prints() == 1
            assert report_bodies(journal)[-1].get("extra_copy") == extra
        assert journal.letter_prints_unsent(reference) == 2
        assert journal.letter_prints_unsent(reference, extra_only=True) == 1
    finally:
        printer.stop()
        journal.close()
