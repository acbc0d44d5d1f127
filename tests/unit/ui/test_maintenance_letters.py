"""Maintenance "Surat" on the real QML window, offscreen: one more copy of a citizen's letter.

The real central on loopback with the sample villages signs an SKTM requested at KMR-01;
at KMR-02 (same village) the technician gives the receipt on the letters screen, typed or
scanned, sees the letter and its first page, prints the one copy the village allows, then
a technician's extra copy. The A4 printer is the kiosk's simulated one (a spool folder):
the CUPS path is tested in ``tests/unit/kiosk/test_pickup_extra_copy.py``.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from kiosk.identity import mask_nik_like_runs
from kiosk.signing import format_check, receipt_qr_payload
from tests.e2e.test_scan_routing import scanner
from tests.helpers.central import SqliteBackend
from tests.helpers.kiosk_app import central_environ, running_kiosk
from tests.helpers.letters import KIOSKS, NIK, LettersWorld, letters_central
from tests.helpers.maintenance import enter
from tests.helpers.qml import find_item, tap, texts
from ui.app import KioskApp
from ui.backends.maintenance.letters import LettersPage

pytestmark = pytest.mark.e2e


@pytest.fixture(scope="module")
def world(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LettersWorld]:
    with letters_central(tmp_path_factory.mktemp("letters"), SqliteBackend()) as started:
        yield started


@pytest.fixture
def kiosk(qapp, tmp_path: Path, world: LettersWorld) -> Iterator[KioskApp]:
    env = {
        **central_environ(world.central, "KMR-02", KIOSKS["KMR-02"][0]),
        "KIOSK_DOCUMENT_PRINTER": f"sim://{tmp_path / 'a4'}",
    }
    with running_kiosk(qapp, tmp_path, env, pins=True) as app:
        yield app


def signed_letter(world: LettersWorld) -> tuple[str, str]:
    """A signed SKTM requested at KMR-01: its reference and letter number."""
    reference = world.submit("KMR-01", "sktm")
    world.cli("review", reference, "--approve", "--user", "op.kemiren")
    number, _ = world.sign(reference)[reference]
    return reference, number


def open_letters(qtbot, kiosk: KioskApp) -> LettersPage:
    enter(qtbot, kiosk)
    tap(kiosk.window, "maintenanceTab_letters")
    qtbot.waitUntil(lambda: find_item(kiosk.window, "maintenanceLetters") is not None)
    return kiosk.maintenance_letters


def type_receipt(kiosk: KioskApp, reference: str, check: str) -> None:
    """The receipt's number and check code as a technician types them (in groups, lower case)."""
    for name, text in (("lettersReference", reference.lower()), ("lettersCode", check)):
        field = find_item(kiosk.window, name)
        assert field is not None
        field.setProperty("text", text)
    tap(kiosk.window, "lettersSearch")


def print_button(kiosk: KioskApp) -> str:
    button = find_item(kiosk.window, "lettersPrint")
    assert button is not None
    return str(button.property("text"))


def audit_events(kiosk: KioskApp) -> list[dict[str, Any]]:
    rows = kiosk.journal._db.execute(
        "SELECT body FROM outbox WHERE kind = 'audit' ORDER BY id"
    ).fetchall()
    return [json.loads(body)["events"][0] for (body,) in rows]


def test_the_technician_prints_the_allowed_copy_then_an_extra_one(
    qtbot, kiosk: KioskApp, world: LettersWorld, tmp_path: Path
) -> None:
    reference, number = signed_letter(world)
    page = open_letters(qtbot, kiosk)
    window = kiosk.window
    qtbot.waitUntil(lambda: kiosk.devices.document_printer_status.can_print, timeout=10_000)

    type_receipt(kiosk, reference, format_check(world.check(reference)).lower())
    qtbot.waitUntil(lambda: page.property("phase") == "letter", timeout=20_000)
    shown = " ".join(texts(window))
    assert number in shown and "Dicetak 0 dari 1 salinan yang diizinkan" in shown
    assert "S*** A*****" in shown and NIK not in shown
    assert page.property("view")["image"].startswith("data:image/png;base64,")
    preview = find_item(window, "lettersPreview")
    assert preview is not None
    qtbot.waitUntil(lambda: preview.property("paintedWidth") > 100)  # the page is drawn
    assert print_button(kiosk) == "Cetak satu salinan"

    tap(window, "lettersPrint")
    qtbot.waitUntil(lambda: page.property("view")["outcome"] != "", timeout=30_000)
    assert page.property("view")["outcome"] == "printed", page.property("view")
    qtbot.waitUntil(lambda: "Dicetak 1 dari 1 salinan yang diizinkan" in " ".join(texts(window)))
    # The village's one copy is used up: the button now prints a technician's extra copy.
    assert print_button(kiosk) == "Cetak salinan tambahan (teknisi)"

    tap(window, "lettersPrint")
    qtbot.waitUntil(lambda: page.property("phase") == "printing")
    qtbot.waitUntil(lambda: page.property("phase") == "letter", timeout=30_000)
    view = page.property("view")
    assert view["outcome"] == "printed", view
    assert "Tercetak" in texts(window)
    assert "Dicetak 2 dari 2 salinan yang diizinkan" in " ".join(texts(window))
    spooled = sorted(path.name for path in (tmp_path / "a4").glob("*.pdf"))
    assert len(spooled) == 2 and sum(f"{reference}-x" in name for name in spooled) == 1

    # The technician's trail: each copy, its letter and number, how it came out; no NIK.
    printed = [event for event in audit_events(kiosk) if event["action"].startswith("letter.")]
    assert [event["action"] for event in printed] == ["letter.print", "letter.extra_copy"]
    for event in printed:
        assert event["actor"] == "technician"
        detail = event["detail"]
        # The audit masks every NIK-like run of digits, the letter number's too.
        assert (detail["reference"], detail["number"], detail["result"]) == (
            reference,
            mask_nik_like_runs(number),
            "printed",
        )
    assert NIK not in json.dumps(printed)

    sync = kiosk.core.sync
    assert sync is not None and sync.drain(timeout=20)
    with world.kiosk("KMR-01") as session:
        listed = session.get(
            f"{world.central.url}/v1/letters",
            params={"reference": reference, "sig": world.check(reference)},
            timeout=10,
        ).json()
    (letter,) = listed["letters"]
    assert letter["state"] == "collected"
    assert (letter["letter"]["copies_printed"], letter["letter"]["copies_allowed"]) == (2, 2)

    # Leaving the mode forgets the letter.
    kiosk.maintenance_backend.leave()
    assert page.property("view")["letter"] == {} and page.property("phase") == "ask"


def test_a_receipt_scanned_on_the_letters_screen_shows_its_letter(
    qtbot, kiosk: KioskApp, world: LettersWorld
) -> None:
    reference, number = signed_letter(world)
    payload = receipt_qr_payload(KIOSKS["KMR-01"][0], reference)
    enter(qtbot, kiosk)
    page = kiosk.maintenance_letters
    underneath = kiosk.session.screen  # the gesture's first tap started a session
    # On another maintenance screen a scan is the scanner's test, not a letter.
    scanner(kiosk).scan(payload)
    qtbot.wait(300)
    assert page.property("phase") == "ask"
    tap(kiosk.window, "maintenanceTab_letters")
    qtbot.waitUntil(lambda: find_item(kiosk.window, "maintenanceLetters") is not None)
    scanner(kiosk).scan(payload)
    qtbot.waitUntil(lambda: page.property("phase") == "letter", timeout=20_000)
    assert page.property("view")["letter"]["number"] == number
    # Nothing reached the citizen screen underneath.
    assert kiosk.session.screen is underneath


def test_a_wrong_receipt_says_so(qtbot, kiosk: KioskApp) -> None:
    page = open_letters(qtbot, kiosk)
    type_receipt(kiosk, "KMR-01", "nope")
    qtbot.waitUntil(lambda: page.property("view")["message"] != "")
    assert "Nomor permohonan atau kode cek belum benar." in " ".join(texts(kiosk.window))
