"""Ambil Surat against the real central on loopback and a real CUPS with a cups-pdf queue.

A letter requested at kiosk KMR-01 is reviewed and signed on central, then collected at
KMR-02 of the same village: printed through CUPS (the text of what cups-pdf wrote is the
letter), reported through the outbox, and central shows it collected. OLH-01 of another
village gets nothing for the same proof.
"""

from __future__ import annotations

import hashlib
import threading
import time
from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any, cast

import pytest

from drivers.base import DocumentPrinter
from drivers.cups_printer import CupsDocumentPrinter
from drivers.simulated.document_printer import SimulatedDocumentPrinter
from kiosk.clock import SystemClock
from kiosk.identify import ConfirmResult, ConfirmWith, Identifier
from kiosk.journal import Journal, OutboxKind, OutboxState
from kiosk.pickup import LetterPickup, LetterState, ListResult, PrintResult, Proof
from kiosk.sync import CentralClient, CentralSettings, SyncWorker
from tests.helpers.central import SqliteBackend
from tests.helpers.cups import (  # noqa: F401 (fixtures)
    CupsServer,
    IppEvePrinter,
    cups_pdf_output,
    cups_server,
    ippeveprinter,
    pdf_queue,
    pdf_text,
    remove_cups_pdf_output,
)
from tests.helpers.letters import KIOSKS, NIK, LettersWorld, letters_central

OFFICE = "Kantor Desa Kemiren"
PIN = "135790"
CARD = "04C0FFEE123456"


@pytest.fixture(scope="module")
def world(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LettersWorld]:
    with letters_central(tmp_path_factory.mktemp("letters"), SqliteBackend()) as started:
        started.cli("add-card", "--uid", CARD, "--nik", NIK, "--name", "SITI AMINAH", "--pin", PIN)
        yield started


def client(world: LettersWorld, kiosk_id: str) -> CentralClient:
    settings = CentralSettings(world.central.url, kiosk_id, KIOSKS[kiosk_id][0], read_timeout=20)
    return CentralClient(settings)


def pickup_at(
    world: LettersWorld, kiosk_id: str, printer: DocumentPrinter, folder: Path
) -> tuple[LetterPickup, Journal, CentralClient]:
    journal = Journal(folder / f"{kiosk_id}.sqlite", SystemClock())
    central = client(world, kiosk_id)
    clock = SystemClock()
    pickup = LetterPickup(central, printer, journal, kiosk_id, OFFICE, clock.now, print_timeout=60)
    return pickup, journal, central


def keep_text(server: CupsServer, queue: str) -> None:
    """cups-pdf is a PostScript queue: CUPS's default renderer (Ghostscript) draws the
    letter's CID TrueType text as outlines, so pdftotext would read nothing; pdftocairo
    keeps it. A driverless IPP Everywhere queue takes the PDF without this step."""
    server.run("lpadmin", "-p", queue, "-o", "pdftops-renderer-default=pdftocairo")


def signed_letter(world: LettersWorld) -> str:
    reference = world.submit("KMR-01", "sktm")
    world.cli("review", reference, "--approve", "--user", "op.kemiren")
    world.sign(reference)
    return reference


def letter_on_central(world: LettersWorld, proof: Proof) -> dict[str, Any]:
    """The letter as central lists it to the kiosk that took the request (KMR-01)."""
    with world.kiosk("KMR-01") as session:
        answer = session.get(
            f"{world.central.url}/v1/letters",
            params={"reference": proof.reference, "sig": proof.check},
            timeout=10,
        ).json()
    (item,) = answer["letters"]
    return cast(dict[str, Any], item)


def drain(journal: Journal, central: CentralClient) -> None:
    assert SyncWorker(journal, central, retention_days=30).drain(timeout=20)


def test_a_letter_signed_on_central_is_collected_at_another_kiosk_through_cups(
    world: LettersWorld,
    cups_server: CupsServer,  # noqa: F811
    pdf_queue: str,  # noqa: F811
    tmp_path: Path,
) -> None:
    reference = world.submit("KMR-01", "sktm")
    proof = Proof(reference, world.check(reference))
    keep_text(cups_server, pdf_queue)
    printer = CupsDocumentPrinter(
        pdf_queue, state_dir=tmp_path / "state", server=cups_server.socket, job_poll_seconds=0.2
    )
    printer.start()
    pickup, journal, central = pickup_at(world, "KMR-02", printer, tmp_path)
    try:
        # Before it is signed, the request is listed with what happens next, and not printable.
        waiting = pickup.letters(proof)
        assert waiting.result is ListResult.FOUND
        assert [letter.state for letter in waiting.letters] == [LetterState.IN_PROGRESS]
        assert waiting.ready == ()
        assert pickup.fetch(waiting.letters[0], proof).result is PrintResult.NOT_PRINTABLE

        world.cli("review", reference, "--approve", "--user", "op.kemiren")
        number, _ = world.sign(reference)[reference]
        listed = pickup.letters(proof)
        (letter,) = listed.ready
        assert (letter.reference, letter.number, letter.copies_left) == (reference, number, 1)
        assert letter.masked_nik == NIK[:6] + "******" + NIK[12:]

        fetched = pickup.fetch(letter, proof)
        assert fetched.result is PrintResult.FETCHED and fetched.fetched is not None
        signed = world.pdf(reference)
        assert hashlib.sha256(fetched.fetched.pdf).digest() == hashlib.sha256(signed).digest()
        assert fetched.fetched.preview_png.startswith(b"\x89PNG\r\n\x1a\n")

        printed = pickup.print(fetched.fetched)
        assert printed.result is PrintResult.PRINTED, printed.detail + cups_server.log[-1500:]
        assert printed.message == pickup.messages["printed"]
        document_id = fetched.fetched.document_id
        try:
            text = pdf_text(cups_pdf_output(document_id))
        finally:
            remove_cups_pdf_output(document_id)
        assert number in text and "SURAT KETERANGAN TIDAK MAMPU" in text.upper()
        # A second tap on the same copy prints nothing and counts nothing.
        again = pickup.print(fetched.fetched)
        assert again.result is PrintResult.NO_COPIES_LEFT

        # Before central heard of the print, this kiosk already counts it.
        assert journal.letter_prints_unsent(reference) == 1
        assert pickup.letters(proof).letters[0].state is LetterState.COLLECTED
        drain(journal, central)
        (row,) = [row for row in journal.outbox_rows() if row.kind is OutboxKind.LETTER]
        assert row.state is OutboxState.SENT
        assert journal.letter_prints_unsent(reference) == 0

        # Central shows it collected, to the kiosk that took it too.
        item = letter_on_central(world, proof)
        assert (item["state"], item["letter"]["copies_printed"]) == ("collected", 1)
        assert item["status"] == "done"
        refused = pickup.fetch(pickup.letters(proof).letters[0], proof)
        assert refused.result is PrintResult.NO_COPIES_LEFT
        assert OFFICE in refused.message.id
    finally:
        printer.stop()
        journal.close()
        central.close()


def test_a_kiosk_of_another_village_gets_nothing(world: LettersWorld, tmp_path: Path) -> None:
    reference = signed_letter(world)
    printer = SimulatedDocumentPrinter(tmp_path / "spool")
    pickup, journal, central = pickup_at(world, "OLH-01", printer, tmp_path)
    try:
        listed = pickup.letters(Proof(reference, world.check(reference)))
        assert (listed.result, listed.letters) == (ListResult.NOT_FOUND, ())
        assert listed.message == pickup.messages["not_found"]
    finally:
        journal.close()
        central.close()
    assert list((tmp_path / "spool").glob("*")) == []


def test_the_citizen_proves_who_they_are_with_the_card_or_the_nik_and_its_pin(
    world: LettersWorld, tmp_path: Path
) -> None:
    reference = signed_letter(world)
    printer = SimulatedDocumentPrinter(tmp_path / "spool")
    printer.start()
    pickup, journal, central = pickup_at(world, "KMR-02", printer, tmp_path)
    identifier = Identifier(central, [], date.today)
    try:
        card = identifier.card(bytes.fromhex(CARD), b"", "reader")
        # A card with a PIN is confirmed with it (the date of birth is in the NIK).
        assert card.confirm_with is ConfirmWith.PIN
        confirmed = identifier.confirm_pin(card.uid, PIN)
        assert confirmed.result is ConfirmResult.IDENTIFIED, confirmed.detail
        assert len(confirmed.identity_token) == 43
        by_card = pickup.letters(Proof(token=confirmed.identity_token))
        assert reference in [letter.reference for letter in by_card.ready]

        assert identifier.token_for_nik(NIK, "000000").result is ConfirmResult.WRONG
        typed = identifier.token_for_nik(NIK, PIN)
        assert typed.result is ConfirmResult.IDENTIFIED, typed.detail
        proof = Proof(token=typed.identity_token)
        (letter,) = [item for item in pickup.letters(proof).ready if item.reference == reference]
        fetched = pickup.fetch(letter, proof)
        assert fetched.fetched is not None, fetched.detail
        assert pickup.print(fetched.fetched).result is PrintResult.PRINTED
        spooled = sorted(path.name for path in (tmp_path / "spool").iterdir())
        assert f"{fetched.fetched.document_id}.pdf" in spooled

        expired = pickup.letters(Proof(token="x" * 43))
        assert expired.result is ListResult.TOKEN_EXPIRED
        assert expired.message == pickup.messages["token_expired"]
    finally:
        printer.stop()
        journal.close()
        central.close()


def test_a_print_that_fails_is_not_counted_and_says_what_to_do(
    world: LettersWorld,
    cups_server: CupsServer,  # noqa: F811
    pdf_queue: str,  # noqa: F811
    tmp_path: Path,
) -> None:
    reference = signed_letter(world)
    proof = Proof(reference, world.check(reference))
    cups_server.reject(pdf_queue)
    printer = CupsDocumentPrinter(
        pdf_queue, state_dir=tmp_path / "state", server=cups_server.socket, job_poll_seconds=0.2
    )
    printer.start()
    pickup, journal, central = pickup_at(world, "KMR-02", printer, tmp_path)
    try:
        (letter,) = pickup.letters(proof).ready
        fetched = pickup.fetch(letter, proof)
        assert fetched.fetched is not None
        failed = pickup.print(fetched.fetched)
        assert failed.result is PrintResult.PRINTER_FAILED
        assert "tidak menerima dokumen" in failed.message.id and OFFICE in failed.message.id
        assert journal.letter_prints_unsent(reference) == 0
        assert pickup.letters(proof).ready[0].copies_left == 1
    finally:
        printer.stop()
        journal.close()
        central.close()


def test_a_slow_print_that_completes_after_the_citizen_was_told_it_failed_still_counts(
    world: LettersWorld,
    cups_server: CupsServer,  # noqa: F811
    ippeveprinter: IppEvePrinter,  # noqa: F811
    tmp_path: Path,
) -> None:
    """The printer runs out of paper mid-job; the kiosk stops waiting; paper comes; it prints.

    The letter did reach the citizen (or the officer's hands), so central must count it: the
    next listing at this kiosk finds the completed job and queues its report.
    """
    reference = signed_letter(world)
    proof = Proof(reference, world.check(reference))
    queue = "kiosk-a4-slow"
    cups_server.add_everywhere_queue(queue, ippeveprinter.uri)
    printer = CupsDocumentPrinter(
        queue, state_dir=tmp_path / "state", server=cups_server.socket, job_poll_seconds=0.2
    )
    journal = Journal(tmp_path / "KMR-02.sqlite", SystemClock())
    central = client(world, "KMR-02")
    pickup = LetterPickup(
        central, printer, journal, "KMR-02", OFFICE, SystemClock().now, print_timeout=3
    )
    try:
        (letter,) = pickup.letters(proof).ready
        fetched = pickup.fetch(letter, proof).fetched
        assert fetched is not None
        outcomes: list[Any] = []
        worker = threading.Thread(target=lambda: outcomes.append(pickup.print(fetched)))
        worker.start()
        deadline = time.monotonic() + 20
        while not printer.jobs() and time.monotonic() < deadline:
            time.sleep(0.1)
        ippeveprinter.set_main_tray(0)
        worker.join()
        (failed,) = outcomes
        assert failed.result is PrintResult.PRINTER_FAILED
        assert journal.letter_prints_unsent(reference) == 0

        ippeveprinter.set_main_tray(250)
        deadline = time.monotonic() + 90
        listed = pickup.letters(proof).letters
        while listed[0].state is LetterState.READY and time.monotonic() < deadline:
            time.sleep(0.5)
            listed = pickup.letters(proof).letters
        assert listed[0].state is LetterState.COLLECTED  # this kiosk counts it at once
        assert len(ippeveprinter.received()) == 1
        assert journal.letter_prints_unsent(reference) == 1
        drain(journal, central)
    finally:
        journal.close()
        central.close()
    item = letter_on_central(world, proof)
    assert (item["state"], item["letter"]["copies_printed"]) == ("collected", 1)


def test_offline_it_says_where_to_get_the_letter_by_hand(tmp_path: Path) -> None:
    settings = CentralSettings("http://127.0.0.1:9", "KMR-02", "s", connect_timeout=1)
    central = CentralClient(settings)
    journal = Journal(tmp_path / "journal.sqlite", SystemClock())
    printer = SimulatedDocumentPrinter(tmp_path / "spool")
    pickup = LetterPickup(central, printer, journal, "KMR-02", OFFICE, SystemClock().now)
    started = time.monotonic()
    listed = pickup.letters(Proof("KMR-01-20261203-K1-SKTM000001", "ABCDEFGHJKM"))
    assert time.monotonic() - started < 10
    assert listed.result is ListResult.OFFLINE
    assert listed.message.id.startswith("Surat belum dapat diambil sekarang")
    assert OFFICE in listed.message.id and OFFICE in listed.message.en
    journal.close()


def test_a_print_completed_before_a_crash_is_reported_at_the_next_start(
    world: LettersWorld,
    cups_server: CupsServer,  # noqa: F811
    pdf_queue: str,  # noqa: F811
    tmp_path: Path,
) -> None:
    """The kiosk stopped after CUPS said the job completed, before the report was queued.

    The state that crash leaves is made with the real parts: the letter goes to the real
    CUPS queue through the driver (which records it completed), and the outbox never gets
    its report. The next pickup built on the same record and journal queues it, once.
    """
    reference = signed_letter(world)
    proof = Proof(reference, world.check(reference))
    state_dir = tmp_path / "state"

    def restarted() -> tuple[CupsDocumentPrinter, LetterPickup, Journal, CentralClient]:
        printer = CupsDocumentPrinter(
            pdf_queue, state_dir=state_dir, server=cups_server.socket, job_poll_seconds=0.2
        )
        return (printer, *pickup_at(world, "KMR-02", printer, tmp_path))

    printer, pickup, journal, central = restarted()
    (letter,) = pickup.letters(proof).ready
    fetched = pickup.fetch(letter, proof).fetched
    assert fetched is not None
    document_id = fetched.document_id
    try:
        # print() up to the crash: the queue completed the job, the report was not queued.
        outcome = printer.print_document(document_id, fetched.pdf, timeout=60)
        assert outcome.ok, outcome.detail + cups_server.log[-1500:]
    finally:
        remove_cups_pdf_output(document_id)
        journal.close()
        central.close()
    assert [doc.document_id for doc in printer.printed_documents()] == [document_id]

    printer, pickup, journal, central = restarted()
    try:
        (row,) = [row for row in journal.outbox_rows() if row.kind is OutboxKind.LETTER]
        assert row.state is OutboxState.PENDING
        assert journal.letter_prints_unsent(reference) == 1
        # This kiosk counts it at once: the citizen cannot print it again.
        assert pickup.letters(proof).letters[0].state is LetterState.COLLECTED
        # Built again (another start), the report is not queued twice.
        assert pickup.report_unreported_prints() == 0
        drain(journal, central)
        (row,) = [row for row in journal.outbox_rows() if row.kind is OutboxKind.LETTER]
        assert row.state is OutboxState.SENT
    finally:
        journal.close()
        central.close()
    # Central on loopback counted the print.
    item = letter_on_central(world, proof)
    assert (item["state"], item["letter"]["copies_printed"]) == ("collected", 1)
    # A third start, after the report was sent: nothing is queued again.
    _printer, _pickup, journal, central = restarted()
    try:
        assert len([r for r in journal.outbox_rows() if r.kind is OutboxKind.LETTER]) == 1
    finally:
        journal.close()
        central.close()
