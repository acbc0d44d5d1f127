"""The identify step on the real QML UI: the NIK pad, a card confirmed through the real central,
unknown cards, an unavailable reader, and an anonymous complaint."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from drivers.simulated import SimulatedCardReader, SimulatedScanner
from kiosk.identity import IdentitySource
from kiosk.session import Screen
from tests.helpers.central import RunningCentral, run_cli, running_central
from tests.helpers.kiosk_app import central_environ, running_kiosk
from tests.helpers.qml import find_item, service_tile, tap, texts
from ui.app import KioskApp

pytestmark = pytest.mark.e2e

KIOSK_ID, SECRET = "ALM-E2E-01", "e2e-identify-secret"
NIK = "3510014101900001"
CARD = bytes.fromhex("04A1B2C3D4E5F6")
TOKEN = "MFRGGZDFMZTWQ2LKNNWG23TPOBYXE43U"
LETTER = "sktm"


@pytest.fixture(scope="module")
def central(tmp_path_factory: pytest.TempPathFactory) -> Iterator[RunningCentral]:
    with running_central(tmp_path_factory.mktemp("central"), {KIOSK_ID: SECRET}) as server:
        run_cli(
            "add-card", "--db", str(server.db_path), "--uid", CARD.hex(),
            "--nik", NIK, "--name", "SITI AMINAH",
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


def reader(kiosk: KioskApp) -> SimulatedCardReader:
    card_reader = kiosk.devices.card_reader
    assert isinstance(card_reader, SimulatedCardReader)
    return card_reader


def test_a_typed_nik_is_checked_and_a_wrong_one_says_why(qtbot, kiosk: KioskApp) -> None:
    window = kiosk.window
    open_identify(qtbot, kiosk)
    tap(window, "identifyTypeNik")
    qtbot.waitUntil(lambda: find_item(window, "identifyPad") is not None)

    type_digits(qtbot, window, "3510013202900001")  # 32 February
    assert find_item(window, "identifyTyped").property("text") == "3510 0132 0290 0001"
    tap(window, "padKey_ok")
    qtbot.waitUntil(lambda: find_item(window, "identifyMessage") is not None)
    assert "Tanggal lahir pada NIK tidak mungkin. Periksa angka ke-7 sampai ke-12." in texts(window)
    assert kiosk.session.screen is Screen.IDENTIFY

    for _ in range(10):
        tap(window, "padKey_back")
    type_digits(qtbot, window, "4101900001")
    tap(window, "padKey_ok")
    qtbot.waitUntil(lambda: kiosk.session.screen is Screen.FORM)
    identity = kiosk.session.data.identity
    assert identity is not None
    assert identity.nik == NIK and identity.source is IdentitySource.TYPED


def test_a_registered_card_is_confirmed_with_the_last_four_digits(qtbot, kiosk) -> None:
    window = kiosk.window
    open_identify(qtbot, kiosk)
    reader(kiosk).present_card(CARD)
    qtbot.waitUntil(lambda: find_item(window, "identifyMaskedName") is not None, timeout=10_000)
    shown = find_item(window, "identifyMaskedName").property("text")
    assert "351001******0001" in shown
    assert "SITI AMINAH" not in " ".join(texts(window))
    assert NIK not in " ".join(texts(window))

    type_digits(qtbot, window, "9999")
    tap(window, "padKey_ok")
    qtbot.waitUntil(
        lambda: "Empat angka terakhir NIK tidak cocok. Coba lagi." in texts(window), timeout=10_000
    )
    type_digits(qtbot, window, "0001")
    tap(window, "padKey_ok")
    qtbot.waitUntil(lambda: kiosk.session.screen is Screen.FORM, timeout=10_000)
    identity = kiosk.session.data.identity
    assert identity is not None
    assert identity.nik == NIK and identity.source is IdentitySource.CENTRAL


def test_an_unknown_card_opens_the_pad_with_a_message(qtbot, kiosk) -> None:
    window = kiosk.window
    open_identify(qtbot, kiosk)
    reader(kiosk).present_card(bytes.fromhex("04000000000001"))
    qtbot.waitUntil(lambda: find_item(window, "identifyPad") is not None, timeout=10_000)
    assert "Kartu ini belum terdaftar. Silakan ketik NIK Anda." in texts(window)


def test_with_the_reader_unavailable_typing_still_works(qtbot, kiosk) -> None:
    window = kiosk.window
    reader(kiosk).set_available(False, "unplugged")
    open_identify(qtbot, kiosk)
    qtbot.waitUntil(
        lambda: "Pembaca kartu sedang tidak tersedia. Silakan ketik NIK Anda." in texts(window)
    )
    assert "Pembaca kartu tidak tersedia" in texts(window)
    tap(window, "identifyTypeNik")
    type_digits(qtbot, window, NIK)
    tap(window, "padKey_ok")
    qtbot.waitUntil(lambda: kiosk.session.screen is Screen.FORM)


def test_a_card_on_another_screen_is_ignored(qtbot, kiosk) -> None:
    window = kiosk.window
    tap(window, "startArea")
    qtbot.waitUntil(lambda: find_item(window, "homeScreen") is not None)
    reader(kiosk).present_card(CARD)
    qtbot.wait(300)
    assert kiosk.session.screen is Screen.HOME
    assert kiosk.session.data.identity is None


def test_a_complaint_may_go_on_anonymously(qtbot, kiosk) -> None:
    window = kiosk.window
    open_identify(qtbot, kiosk, "pengaduan")
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
        reader(kiosk).present_card(bytes.fromhex("04C0FFEE0000AA"))
        qtbot.waitUntil(lambda: find_item(window, "maintenancePinPrompt") is not None)
        assert kiosk.identify_backend.mode == "choose", "no citizen lookup for a technician card"
        assert kiosk.session.data.identity is None
