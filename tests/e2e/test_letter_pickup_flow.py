"""Ambil Surat end to end: a request at one kiosk, signed on central, printed at another.

The real central on loopback with the sample villages, the real kiosk UI offscreen, and a
real CUPS with a cups-pdf queue as kiosk B's A4 printer. The citizen asks for an SKTM at
KMR-01; the village's operator approves it and the village head signs it with the
command line; at KMR-02 of the same village the citizen scans the receipt on Ambil Surat,
sees the first page, prints it (the text of what cups-pdf wrote is the letter), and
central shows it collected. OLH-01 of another village gets nothing for the same receipt.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest

from drivers.simulated import SimulatedCardReader
from kiosk.identity import Identity, IdentitySource
from kiosk.session import SubmitRequest
from kiosk.signing import receipt_qr_payload
from tests.e2e.test_scan_routing import scanner
from tests.e2e.test_services_flow import open_service
from tests.helpers.central import SqliteBackend
from tests.helpers.cups import (  # noqa: F401 (fixtures)
    CupsServer,
    cups_pdf_output,
    cups_server,
    default_server,
    pdf_queue,
    pdf_text,
    remove_cups_pdf_output,
)
from tests.helpers.kiosk_app import central_environ, running_kiosk
from tests.helpers.letters import ANSWERS, KIOSKS, NAME, NIK, LettersWorld, letters_central
from tests.helpers.qml import find_item, tap, texts
from ui.app import KioskApp

pytestmark = pytest.mark.e2e

CITIZEN = Identity(nik=NIK, name=NAME, source=IdentitySource.TYPED)


@pytest.fixture
def world(tmp_path: Path) -> Iterator[LettersWorld]:
    with letters_central(tmp_path / "central", SqliteBackend()) as started:
        yield started


def environ(world: LettersWorld, kiosk_id: str, **extra: str) -> dict[str, str]:
    return {**central_environ(world.central, kiosk_id, KIOSKS[kiosk_id][0]), **extra}


def request_at(kiosk: KioskApp) -> str:
    """An SKTM the kiosk committed, printed and delivered to central; its reference."""
    service = kiosk.core.catalog.service("sktm")
    request = SubmitRequest(str(uuid.uuid4()), service, ANSWERS["sktm"], "id", CITIZEN)
    reference = kiosk.processor.commit(request).reference
    kiosk.processor.print_first(request)
    sync = kiosk.core.sync
    assert sync is not None and sync.drain(timeout=20)
    return reference


def scan_on_pickup(qtbot, kiosk: KioskApp, payload: str) -> None:
    open_service(qtbot, kiosk, "ambil_surat")
    qtbot.waitUntil(lambda: find_item(kiosk.window, "letterPickupScreen") is not None)
    scanner(kiosk).scan(payload)


def test_a_letter_requested_at_one_kiosk_is_printed_at_another_of_the_village(
    qapp,
    qtbot,
    tmp_path: Path,
    world: LettersWorld,
    cups_server: CupsServer,  # noqa: F811
    pdf_queue: str,  # noqa: F811
) -> None:
    with running_kiosk(qapp, tmp_path / "a", environ(world, "KMR-01")) as kiosk_a:
        reference = request_at(kiosk_a)
    world.cli("review", reference, "--approve", "--user", "op.kemiren")
    number, _ = world.sign(reference)[reference]
    payload = receipt_qr_payload(KIOSKS["KMR-01"][0], reference)

    # cups-pdf is a PostScript queue: pdftocairo keeps the letter's text (see test_pickup).
    cups_server.run("lpadmin", "-p", pdf_queue, "-o", "pdftops-renderer-default=pdftocairo")
    b_environ = environ(world, "KMR-02", KIOSK_DOCUMENT_PRINTER=f"cups://{pdf_queue}")
    with default_server(cups_server), running_kiosk(qapp, tmp_path / "b", b_environ) as kiosk_b:
        backend = kiosk_b.pickup_backend
        qtbot.waitUntil(lambda: kiosk_b.devices.document_printer_status.can_print, timeout=10_000)
        scan_on_pickup(qtbot, kiosk_b, payload)
        qtbot.waitUntil(lambda: backend.phase == "list", timeout=15_000)
        shown = texts(kiosk_b.window)
        assert f"Nomor surat: {number}" in shown
        assert any("S*** A*****" in text for text in shown)
        assert NIK not in " ".join(shown)
        tap(kiosk_b.window, "pickupChoose")
        qtbot.waitUntil(lambda: backend.phase == "preview", timeout=15_000)
        qtbot.waitUntil(lambda: find_item(kiosk_b.window, "pickupPreview") is not None)
        preview = find_item(kiosk_b.window, "pickupPreview")
        assert preview is not None
        qtbot.waitUntil(lambda: preview.property("paintedWidth") > 100)  # the page is drawn
        assert backend.view["preview"]["image"].startswith("data:image/png;base64,")
        document_id = backend.view["preview"]["documentId"]
        tap(kiosk_b.window, "pickupPrint")
        qtbot.waitUntil(lambda: backend.phase == "printed", timeout=60_000)
        assert backend.view["message"].startswith("Surat Anda sudah dicetak")
        try:
            text = pdf_text(cups_pdf_output(document_id))
        finally:
            remove_cups_pdf_output(document_id)
        assert number in text and "TIDAK MAMPU" in text.upper()
        sync = kiosk_b.core.sync
        assert sync is not None and sync.drain(timeout=20)

    with world.kiosk("KMR-01") as session:
        check = payload.rsplit(":", 1)[1]
        listed = session.get(
            f"{world.central.url}/v1/letters",
            params={"reference": reference, "sig": check},
            timeout=10,
        ).json()
    (letter,) = listed["letters"]
    assert (letter["state"], letter["status"], letter["letter"]["copies_printed"]) == (
        "collected",
        "done",
        1,
    )

    with running_kiosk(qapp, tmp_path / "c", environ(world, "OLH-01")) as kiosk_c:
        scan_on_pickup(qtbot, kiosk_c, payload)
        qtbot.waitUntil(lambda: kiosk_c.pickup_backend.phase == "problem", timeout=15_000)
        message = kiosk_c.pickup_backend.view["message"]
        assert message.startswith("Surat dengan struk ini tidak ditemukan di desa ini")
        assert kiosk_c.pickup_backend.view["letters"] == []


def test_an_e_ktp_tapped_on_ambil_surat_lists_its_owners_letters_after_its_pin(
    qapp, qtbot, tmp_path: Path, world: LettersWorld
) -> None:
    reference = world.verified("KMR-01", "sktm")
    world.sign(reference)
    card, pin = "04C0FFEE654321", "246810"
    world.cli("add-card", "--uid", card, "--nik", NIK, "--name", NAME, "--pin", pin)
    with running_kiosk(qapp, tmp_path / "b", environ(world, "KMR-02")) as kiosk:
        backend = kiosk.pickup_backend
        open_service(qtbot, kiosk, "ambil_surat")
        qtbot.waitUntil(lambda: find_item(kiosk.window, "letterPickupScreen") is not None)
        reader = kiosk.devices.card_reader
        assert isinstance(reader, SimulatedCardReader)
        reader.present_card(bytes.fromhex(card))
        qtbot.waitUntil(lambda: backend.phase == "card", timeout=15_000)
        assert backend.view["card"]["asks"] == "pin"
        assert "S*** A*****" in backend.view["card"]["maskedName"]
        backend.confirmCard("000000")
        qtbot.waitUntil(
            lambda: backend.phase == "card" and bool(backend.view["message"]), timeout=15_000
        )
        assert backend.view["message"] == "PIN tidak cocok. Coba lagi."
        backend.confirmCard(pin)
        qtbot.waitUntil(lambda: backend.phase == "list", timeout=15_000)
        ready = [letter for letter in backend.view["letters"] if letter["ready"]]
        assert reference in [letter["reference"] for letter in ready]
