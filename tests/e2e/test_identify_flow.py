"""The identify step on the real QML UI: the NIK pad (the NIK grouped 6-6-4 as it is typed,
"Lanjut" the main button), a card confirmed through the real central with the date of birth
(picked, never shown) or its PIN, unknown and locked cards, an unavailable reader, and an
anonymous complaint."""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtGui import QColor

from drivers.simulated import SimulatedCardReader, SimulatedScanner
from kiosk.forms import month_names
from kiosk.identity import IdentitySource
from kiosk.session import Screen
from tests.helpers.central import RunningCentral, run_cli, running_central
from tests.helpers.escpos_decode import decode
from tests.helpers.kiosk_app import central_environ, running_kiosk
from tests.helpers.qml import find_item, iter_items, service_tile, tap, texts
from ui.app import KioskApp

pytestmark = pytest.mark.e2e

KIOSK_ID, SECRET = "ALM-E2E-01", "e2e-identify-secret"
NIK = "3510014101900001"  # a woman (day 41 = 1 + 40) born on 1 January 1990
BORN = dt.date(1990, 1, 1)
CARD = bytes.fromhex("04A1B2C3D4E5F6")
#: The same name and masked NIK, born on another day: what central shows must not differ.
TWIN_NIK = "3510015508750001"
TWIN_CARD = bytes.fromhex("04A1B2C3D4E5F8")
PIN_CARD, PIN = bytes.fromhex("04A1B2C3D4E5F7"), "246810"
LOCKED_CARD = bytes.fromhex("04A1B2C3D4E5F9")
#: The ways a date of birth (or the NIK digits that hold it) can be written.
BIRTH_DATE_RENDERINGS = (
    NIK[6:12], "010190", "1990-01-01", "01-01-1990", "01/01/1990", "1/1/1990",
    "1 Januari 1990", "1 January 1990",
)  # fmt: skip
TWIN_RENDERINGS = (TWIN_NIK[6:12], "150875", "1975-08-15", "15-08-1975", "15 Agustus 1975")
TOKEN = "MFRGGZDFMZTWQ2LKNNWG23TPOBYXE43U"
READER_DOWN_ID = "Pembaca kartu sedang tidak berfungsi"
READER_DOWN_EN = "The card reader is not working right now"
LETTER = "sktm"


@pytest.fixture(scope="module")
def central(tmp_path_factory: pytest.TempPathFactory) -> Iterator[RunningCentral]:
    with running_central(tmp_path_factory.mktemp("central"), {KIOSK_ID: SECRET}) as server:
        for uid, nik in ((CARD, NIK), (TWIN_CARD, TWIN_NIK), (LOCKED_CARD, NIK)):
            run_cli(
                "add-card", "--db", str(server.db_path), "--uid", uid.hex(),
                "--nik", nik, "--name", "SITI AMINAH",
            )  # fmt: skip
        run_cli(
            "add-card", "--db", str(server.db_path), "--uid", PIN_CARD.hex(),
            "--nik", NIK, "--name", "SITI AMINAH", "--pin", PIN,
        )  # fmt: skip
        run_cli(
            "add-preregistration", "--db", str(server.db_path), "--token", TOKEN,
            "--service", LETTER, "--nik", NIK, "--name", "SITI AMINAH",
        )  # fmt: skip
        yield server


@pytest.fixture
def kiosk(qapp, tmp_path: Path, central: RunningCentral) -> Iterator[KioskApp]:
    """The real application offscreen, simulated devices, talking to the real central."""
    with running_kiosk(qapp, tmp_path, central_environ(central, KIOSK_ID, SECRET)) as app:
        yield app


def open_identify(qtbot, kiosk: KioskApp, service_id: str = LETTER) -> None:
    window = kiosk.window

    def start_area_laid_out() -> bool:
        item = find_item(window, "startArea")
        return item is not None and item.width() > 0

    qtbot.waitUntil(start_area_laid_out)
    tap(window, "startArea")
    qtbot.waitUntil(lambda: find_item(window, "homeScreen") is not None)
    qtbot.wait(100)
    # Home shows groups: the service's own tile is one tap into its group.
    tap(window, service_tile(window, service_id))
    qtbot.waitUntil(lambda: find_item(window, f"service_{service_id}") is not None)
    qtbot.wait(100)  # the group's tiles are laid out before the tap
    tap(window, f"service_{service_id}")
    qtbot.waitUntil(lambda: find_item(window, "identifyScreen") is not None)


def type_digits(qtbot, window, digits: str) -> None:
    for digit in digits:
        tap(window, f"padKey_{digit}")


def card_reader(kiosk: KioskApp) -> SimulatedCardReader:
    card_reader = kiosk.devices.card_reader
    assert isinstance(card_reader, SimulatedCardReader)
    return card_reader


def typed_on_screen(window) -> str:
    return find_item(window, "identifyTyped").property("text")


def named_groups(window) -> list[str]:
    """The slots under the typed NIK that the screen marks as the ones a message names."""
    return [
        item.objectName()
        for item in iter_items(window.contentItem())
        if item.objectName().startswith("identifyGroup_")
        and item.objectName().endswith("_named")
        and item.isVisible()
    ]


def test_the_nik_shows_grouped_6_6_4_as_it_is_typed(qtbot, kiosk: KioskApp) -> None:
    """The groups are the ones the messages name: digits 7 to 12 are the middle one."""
    window = kiosk.window
    open_identify(qtbot, kiosk)
    tap(window, "identifyTypeNik")
    qtbot.waitUntil(lambda: find_item(window, "identifyPad") is not None)
    shown = []
    for digit in "3510013202900001":  # 32 February
        tap(window, f"padKey_{digit}")
        shown.append(typed_on_screen(window))
    assert shown[5] == "351001"
    assert shown[6] == "351001 3"
    assert shown[11] == "351001 320290"
    assert shown[12] == "351001 320290 0"
    assert shown[-1] == "351001 320290 0001"
    assert all(text.replace(" ", "") == "3510013202900001"[: len(text.replace(" ", ""))]
               for text in shown)  # fmt: skip
    # The slots under the digits: 6, 6 and 4 digits wide, one digit apart.
    slots = [find_item(window, f"identifyGroup_{index}") for index in range(3)]
    digit = slots[2].width() / 4
    assert [round(slot.width() / digit) for slot in slots] == [6, 6, 4]
    assert slots[1].x() - slots[0].x() == pytest.approx(7 * digit)
    assert named_groups(window) == []

    tap(window, "identifyNext")
    qtbot.waitUntil(lambda: find_item(window, "identifyMessage") is not None)
    assert "Tanggal lahir pada NIK tidak mungkin. Periksa angka ke-7 sampai ke-12." in texts(window)
    assert named_groups(window) == ["identifyGroup_1_named"], "the middle group is marked"
    tap(window, "padKey_back")
    tap(window, "padKey_1")
    assert named_groups(window) == [], "the mark goes with the message"


def test_a_typed_nik_is_checked_and_a_wrong_one_says_why(qtbot, kiosk: KioskApp) -> None:
    window = kiosk.window
    open_identify(qtbot, kiosk)
    tap(window, "identifyTypeNik")
    qtbot.waitUntil(lambda: find_item(window, "identifyPad") is not None)

    type_digits(qtbot, window, "3510013202900001")  # 32 February
    assert typed_on_screen(window) == "351001 320290 0001"
    tap(window, "identifyNext")
    qtbot.waitUntil(lambda: find_item(window, "identifyMessage") is not None)
    assert "Tanggal lahir pada NIK tidak mungkin. Periksa angka ke-7 sampai ke-12." in texts(window)
    assert kiosk.session.screen is Screen.IDENTIFY

    for _ in range(10):
        tap(window, "padKey_back")
    type_digits(qtbot, window, "4101900001")
    tap(window, "identifyNext")
    qtbot.waitUntil(lambda: kiosk.session.screen is Screen.FORM)
    identity = kiosk.session.data.identity
    assert identity is not None
    assert identity.nik == NIK and identity.source is IdentitySource.TYPED


def test_lanjut_is_the_main_button_and_looks_off_until_the_nik_is_whole(qtbot, kiosk) -> None:
    """One "Lanjut", styled as the screen's main button, as big as the others."""
    window = kiosk.window
    open_identify(qtbot, kiosk)
    tap(window, "identifyTypeNik")
    qtbot.waitUntil(lambda: find_item(window, "identifyPad") is not None)
    assert find_item(window, "padKey_ok") is None, "no second Lanjut on the pad"
    lanjut, back = find_item(window, "identifyNext"), find_item(window, "identifyBack")
    assert lanjut.property("text") == "Lanjut"
    assert lanjut.property("primary") is True and back.property("primary") is False
    assert lanjut.height() == back.height()
    assert lanjut.width() >= find_item(window, "identifyCancel").width()
    off = QColor(lanjut.property("color"))

    type_digits(qtbot, window, NIK[:15])
    assert not lanjut.isEnabled()
    assert QColor(lanjut.property("color")) == off
    tap(window, "identifyNext")
    assert kiosk.session.screen is Screen.IDENTIFY and find_item(window, "identifyMessage") is None

    type_digits(qtbot, window, NIK[15])
    assert lanjut.isEnabled()
    on = QColor(lanjut.property("color"))
    # The main button's colour: the same as "Ketik NIK", the other main button of the step.
    tap(window, "identifyBack")
    qtbot.waitUntil(lambda: find_item(window, "identifyTypeNik") is not None)
    assert on == QColor(find_item(window, "identifyTypeNik").property("color")) != off


def shown_birth_date(window) -> dt.date:
    """The date the picker shows, read from the screen."""
    day = int(find_item(window, "date_birth_day").property("text"))
    month = month_names("id").index(find_item(window, "date_birth_month").property("text")) + 1
    year = int(find_item(window, "date_birth_year").property("text"))
    return dt.date(year, month, day)


def pick_birth_date(qtbot, window, wanted: dt.date) -> None:
    """Tap + and − as a citizen would until the picker shows ``wanted`` (chosen)."""
    if find_item(window, "date_birth_day").property("text") == "–":
        tap(window, "date_birth_year_up")  # the first tap shows where the picker starts
    for part in ("year", "month", "day"):
        for _ in range(60):
            shown = shown_birth_date(window)
            chosen = find_item(window, "identifyNext").isEnabled()
            difference = getattr(wanted, part) - getattr(shown, part)
            if difference == 0 and chosen:
                break
            tap(window, f"date_birth_{part}_{'down' if difference < 0 else 'up'}")
        assert getattr(shown_birth_date(window), part) == getattr(wanted, part)
    assert shown_birth_date(window) == wanted


def present(qtbot, kiosk: KioskApp, card: bytes) -> None:
    card_reader(kiosk).present_card(card)
    card_reader(kiosk).remove_card()
    qtbot.waitUntil(lambda: kiosk.identify_backend.mode == "confirm", timeout=10_000)


def test_a_registered_card_is_confirmed_with_the_date_of_birth_on_the_picker(qtbot, kiosk) -> None:
    window = kiosk.window
    open_identify(qtbot, kiosk)
    present(qtbot, kiosk, CARD)
    shown = find_item(window, "identifyMaskedName").property("text")
    assert "351001******0001" in shown
    assert "SITI AMINAH" not in " ".join(texts(window))
    assert NIK not in " ".join(texts(window))
    assert find_item(window, "identifyPad") is None, "nobody types digits of the NIK"
    assert not find_item(window, "identifyNext").isEnabled(), "nothing chosen yet"

    pick_birth_date(qtbot, window, BORN + dt.timedelta(days=1))
    tap(window, "identifyNext")
    wrong = (
        "Tanggal lahir tidak cocok dengan kartu ini. "
        "Periksa tanggal, bulan dan tahun, lalu coba lagi."
    )
    qtbot.waitUntil(lambda: wrong in texts(window), timeout=10_000)
    assert shown_birth_date(window) == BORN + dt.timedelta(days=1), "kept, to fix one part"
    tap(window, "date_birth_day_down")
    tap(window, "identifyNext")
    qtbot.waitUntil(lambda: kiosk.session.screen is Screen.FORM, timeout=10_000)
    identity = kiosk.session.data.identity
    assert identity is not None
    assert identity.nik == NIK and identity.source is IdentitySource.CENTRAL


def test_a_card_with_a_pin_is_confirmed_on_the_pad(qtbot, kiosk) -> None:
    window = kiosk.window
    open_identify(qtbot, kiosk)
    present(qtbot, kiosk, PIN_CARD)
    assert "Ketik PIN kartu Anda." in texts(window)
    assert find_item(window, "identifyBirthDate") is None
    type_digits(qtbot, window, "1357")
    assert find_item(window, "identifyTyped").property("text") == "••••"
    tap(window, "identifyNext")
    qtbot.waitUntil(lambda: "PIN tidak cocok. Coba lagi." in texts(window), timeout=10_000)
    type_digits(qtbot, window, PIN)
    tap(window, "identifyNext")
    qtbot.waitUntil(lambda: kiosk.session.screen is Screen.FORM, timeout=10_000)
    assert kiosk.session.data.identity is not None
    assert kiosk.session.data.identity.nik == NIK


def test_five_wrong_dates_lock_the_card_and_typing_still_works(qtbot, kiosk) -> None:
    window = kiosk.window
    open_identify(qtbot, kiosk)
    present(qtbot, kiosk, LOCKED_CARD)
    pick_birth_date(qtbot, window, dt.date(1990, 1, 2))
    for attempt in range(6):
        tap(window, "identifyNext")
        qtbot.waitUntil(lambda: kiosk.identify_backend.mode != "checking", timeout=10_000)
        if attempt < 5:
            assert kiosk.identify_backend.mode == "confirm"
            tap(window, "date_birth_day_up")
    locked = (
        "Kartu ini dikunci sementara karena terlalu banyak jawaban salah. "
        "Coba lagi dalam 15 menit, atau ketik NIK Anda."
    )
    assert locked in texts(window)
    assert find_item(window, "identifyPad") is not None
    type_digits(qtbot, window, NIK)
    tap(window, "identifyNext")
    qtbot.waitUntil(lambda: kiosk.session.screen is Screen.FORM)
    assert kiosk.session.data.identity.source is IdentitySource.TYPED


def test_no_lookup_screen_receipt_or_log_shows_what_the_card_asks_for(
    qtbot, kiosk, central: RunningCentral, caplog: pytest.LogCaptureFixture
) -> None:
    """The answer (the date of birth, or the PIN) is nowhere before the citizen gives it.

    Two cards whose NIKs differ only in the date of birth look alike in every lookup and
    on the confirmation screen; a PIN is in no lookup; the receipt, the screens after it
    and the kiosk's log hold no form of the date of birth.
    """
    caplog.set_level(logging.DEBUG)
    with central.signed_session(KIOSK_ID, SECRET) as session:
        lookups = {
            uid: session.get(f"{central.url}/v1/cards/{uid.hex().upper()}", timeout=10).json()
            for uid in (CARD, TWIN_CARD, PIN_CARD)
        }
    answers = {CARD: BIRTH_DATE_RENDERINGS, TWIN_CARD: TWIN_RENDERINGS, PIN_CARD: (PIN,)}
    for uid, lookup in lookups.items():
        assert lookup.pop("uid") == uid.hex().upper()
        assert lookup["confirm_with"] == ("pin" if uid == PIN_CARD else "birth_date")
        for answer in answers[uid]:
            assert answer not in str(lookup), (uid.hex(), answer)
    assert lookups[CARD] == lookups[TWIN_CARD]

    window = kiosk.window
    screens = []
    for card in (CARD, TWIN_CARD):
        open_identify(qtbot, kiosk)
        present(qtbot, kiosk, card)
        screens.append(sorted(texts(window)))
        kiosk.session.end()
        qtbot.waitUntil(lambda: kiosk.session.screen is Screen.ATTRACT)
    assert screens[0] == screens[1]

    open_identify(qtbot, kiosk)
    present(qtbot, kiosk, CARD)
    pick_birth_date(qtbot, window, BORN)
    tap(window, "identifyNext")
    qtbot.waitUntil(lambda: kiosk.session.screen is Screen.FORM, timeout=10_000)
    session_ = kiosk.session
    for name, value in (
        ("for_whom", "self"),
        ("purpose", "school"),
        ("institution", "RSUD Blambangan"),
        ("address", "Krajan/003/012"),
        ("phone", "081234567890"),
    ):
        session_.set_field(name, value)
    while session_.screen is Screen.FORM:
        assert session_.next_step()
    qtbot.waitUntil(lambda: find_item(window, "reviewSubmit") is not None)
    seen = list(texts(window))
    tap(window, "reviewSubmit")
    qtbot.waitUntil(lambda: session_.screen is Screen.DONE, timeout=10_000)
    seen += texts(window)
    (receipt,) = kiosk.devices.printer.spool_dir.glob("*.bin")
    printed = "\n".join(decode(receipt.read_bytes()).text_lines)
    assert "351001******0001" in printed
    logged = "\n".join(record.getMessage() for record in caplog.records)
    for where, text in (("receipt", printed), ("screens", "\n".join(seen)), ("log", logged)):
        for rendering in (*BIRTH_DATE_RENDERINGS, NIK):
            assert rendering not in text, (where, rendering)


def test_an_unknown_card_opens_the_pad_with_a_message(qtbot, kiosk) -> None:
    window = kiosk.window
    open_identify(qtbot, kiosk)
    card_reader(kiosk).present_card(bytes.fromhex("04000000000001"))
    qtbot.waitUntil(lambda: find_item(window, "identifyPad") is not None, timeout=10_000)
    assert "Kartu ini belum terdaftar. Silakan ketik NIK Anda." in texts(window)


def test_with_the_reader_unavailable_typing_still_works(qtbot, kiosk) -> None:
    """The screen says plainly the reader is not working, and no longer asks about the card."""
    window = kiosk.window
    card_reader(kiosk).set_available(False, "unplugged")
    open_identify(qtbot, kiosk)
    qtbot.waitUntil(lambda: READER_DOWN_ID in texts(window))
    shown = texts(window)
    assert "Silakan ketik NIK Anda." in shown
    assert "Tidak membawa e-KTP?" not in shown
    assert "Tempelkan e-KTP Anda pada pembaca kartu" not in shown
    assert find_item(window, "identifyMessage") is None, "not the citizen's error"
    assert find_item(window, "identifySkip") is None, "a letter needs a NIK"

    card_reader(kiosk).set_available(True)
    qtbot.waitUntil(lambda: "Tidak membawa e-KTP?" in texts(window))
    assert READER_DOWN_ID not in texts(window)
    card_reader(kiosk).set_available(False, "unplugged again")
    qtbot.waitUntil(lambda: "Silakan ketik NIK Anda." in texts(window))
    tap(window, "identifyTypeNik")
    type_digits(qtbot, window, NIK)
    tap(window, "identifyNext")
    qtbot.waitUntil(lambda: kiosk.session.screen is Screen.FORM)


def test_a_card_on_another_screen_is_ignored(qtbot, kiosk) -> None:
    window = kiosk.window
    tap(window, "startArea")
    qtbot.waitUntil(lambda: find_item(window, "homeScreen") is not None)
    card_reader(kiosk).present_card(CARD)
    qtbot.wait(300)
    assert kiosk.session.screen is Screen.HOME
    assert kiosk.session.data.identity is None


def test_a_complaint_may_go_on_anonymously(qtbot, kiosk) -> None:
    window = kiosk.window
    open_identify(qtbot, kiosk, "pengaduan")
    assert find_item(window, "identifySkip").property("text") == "Lanjut tanpa nama"
    tap(window, "identifySkip")
    qtbot.waitUntil(lambda: kiosk.session.screen is Screen.FORM)
    assert kiosk.session.data.identity is None


@pytest.mark.parametrize(
    ("language", "reader", "other_ways", "skip"),
    [
        ("id", READER_DOWN_ID, "Silakan ketik NIK Anda.", "Lanjut tanpa nama"),
        ("en", READER_DOWN_EN, "Please type your NIK.", "Continue anonymously"),
        ("en", None, "No e-KTP with you?", "Continue anonymously"),
    ],
)
def test_a_complaint_offers_the_nik_or_no_name_with_the_reader_up_or_down(
    qtbot, kiosk, language: str, reader: str | None, other_ways: str, skip: str
) -> None:
    """Both ways on, in the citizen's language, with one wording for going on anonymously."""
    window = kiosk.window
    if reader is not None:
        card_reader(kiosk).set_available(False, "unplugged")
    open_identify(qtbot, kiosk, "pengaduan")
    kiosk.session.set_language(language)
    qtbot.waitUntil(lambda: other_ways in texts(window))
    assert reader is None or reader in texts(window)
    assert find_item(window, "identifySkip").property("text") == skip
    assert find_item(window, "identifyTypeNik") is not None
    shown = " ".join(texts(window))
    assert "tanpa identitas" not in shown and "without identity" not in shown
    tap(window, "identifySkip")
    qtbot.waitUntil(lambda: kiosk.session.screen is Screen.FORM)
    assert kiosk.session.data.identity is None


def test_a_letter_offers_no_anonymous_way(qtbot, kiosk) -> None:
    open_identify(qtbot, kiosk)
    assert find_item(kiosk.window, "identifySkip") is None


def test_leaving_the_identify_step_forgets_what_was_typed(qtbot, kiosk) -> None:
    window = kiosk.window
    open_identify(qtbot, kiosk)
    tap(window, "identifyTypeNik")
    type_digits(qtbot, window, "351001")
    tap(window, "identifyCancel")
    qtbot.waitUntil(lambda: kiosk.session.screen is Screen.ATTRACT)
    assert kiosk.identify_backend.typed == ""


def test_a_preregistration_qr_identifies_the_citizen(qtbot, kiosk) -> None:
    open_identify(qtbot, kiosk)
    scanner = kiosk.devices.scanner
    assert isinstance(scanner, SimulatedScanner)
    scanner.scan(f"ALM-PRE1:{TOKEN}".encode())
    qtbot.waitUntil(lambda: kiosk.session.screen is Screen.FORM, timeout=10_000)
    identity = kiosk.session.data.identity
    assert identity is not None
    assert identity.nik == NIK and identity.source is IdentitySource.QR


def test_an_unknown_preregistration_qr_says_so_and_typing_still_works(qtbot, kiosk) -> None:
    window = kiosk.window
    open_identify(qtbot, kiosk)
    scanner = kiosk.devices.scanner
    assert isinstance(scanner, SimulatedScanner)
    scanner.scan(b"ALM-PRE1:" + b"Z" * 32)
    qtbot.waitUntil(
        lambda: any("QR pendaftaran tidak ditemukan" in text for text in texts(window)),
        timeout=10_000,
    )
    assert kiosk.session.screen is Screen.IDENTIFY
    assert find_item(window, "identifyTypeNik") is not None


def test_a_technician_card_opens_the_maintenance_pin_prompt(
    qtbot, qapp, tmp_path: Path, central: RunningCentral
) -> None:
    environ = {
        **central_environ(central, KIOSK_ID, SECRET),
        "KIOSK_MAINTENANCE_TECHNICIAN_CARDS": "04C0FFEE0000AA",
    }
    with running_kiosk(qapp, tmp_path, environ) as kiosk:
        window = kiosk.window
        open_identify(qtbot, kiosk)
        card_reader(kiosk).present_card(bytes.fromhex("04C0FFEE0000AA"))
        qtbot.waitUntil(lambda: find_item(window, "maintenancePinPrompt") is not None)
        assert kiosk.identify_backend.mode == "choose", "no citizen lookup for a technician card"
        assert kiosk.session.data.identity is None
