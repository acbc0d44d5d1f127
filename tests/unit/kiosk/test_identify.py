"""The identify step against the real reference central: card lookup, confirmation, typed NIKs."""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import date, timedelta
from pathlib import Path

import pytest

from drivers.identity_plugins import Biodata, IdentityReaderPlugin
from kiosk.identify import (
    MESSAGES,
    CardResult,
    ConfirmResult,
    ConfirmWith,
    Identifier,
    _lookup_from_answer,
)
from kiosk.identity import IdentitySource, NikProblem
from kiosk.sync import Answer, CentralClient, CentralSettings
from tests.helpers.central import RunningCentral, run_cli, running_central
from tests.helpers.faultproxy import FaultProxy

KIOSK_ID = "ALM-TEST-01"
SECRET = "identify-secret"
NIK = "3510014101900001"
OTHER_NIK = "3510010505850002"
CARD = bytes.fromhex("04A1B2C3D4E5F6")
PIN_CARD = bytes.fromhex("04FFEEDDCCBBAA")
UNKNOWN = bytes.fromhex("0400000000000000")
TODAY = date(2026, 11, 23)


@pytest.fixture(scope="module")
def central(tmp_path_factory: pytest.TempPathFactory) -> Iterator[RunningCentral]:
    directory = tmp_path_factory.mktemp("central")
    with running_central(directory, {KIOSK_ID: SECRET}) as server:
        db = str(server.db_path)
        run_cli("add-card", "--db", db, "--uid", CARD.hex(), "--nik", NIK, "--name", "SITI AMINAH")
        run_cli(
            "add-card", "--db", db, "--uid", PIN_CARD.hex(), "--nik", OTHER_NIK,
            "--name", "BUDI SANTOSO", "--pin", "246810",
        )  # fmt: skip
        yield server


def client_for(url: str) -> CentralClient:
    return CentralClient(CentralSettings(url, KIOSK_ID, SECRET, connect_timeout=2, read_timeout=3))


@pytest.fixture
def identifier(central: RunningCentral) -> Iterator[Identifier]:
    client = client_for(central.url)
    yield Identifier(client, [], lambda: TODAY)
    client.close()


def test_a_registered_card_asks_for_the_date_of_birth_and_shows_only_masked_data(
    identifier: Identifier,
) -> None:
    lookup = identifier.card(CARD, b"\x3b", "Virtual PCD 00 00")
    assert lookup.result is CardResult.CONFIRM
    assert lookup.confirm_with is ConfirmWith.BIRTH_DATE
    assert lookup.masked_nik == "351001******0001"
    assert "SITI AMINAH" not in lookup.masked_name
    assert lookup.masked_name.startswith("S")
    assert lookup.identity is None


def test_the_right_date_of_birth_releases_the_full_identity(identifier: Identifier) -> None:
    # NIK 3510014101900001: a woman (41 = 1 + 40) born on 1 January (19)90.
    confirmation = identifier.confirm_birth_date(CARD.hex().upper(), date(1990, 1, 1))
    assert confirmation.result is ConfirmResult.IDENTIFIED
    assert confirmation.identity is not None
    assert confirmation.identity.nik == NIK
    assert confirmation.identity.name == "SITI AMINAH"
    assert confirmation.identity.source is IdentitySource.CENTRAL


def test_a_pin_card_is_confirmed_with_its_pin_and_not_with_the_date_of_birth(
    identifier: Identifier,
) -> None:
    lookup = identifier.card(PIN_CARD, b"\x3b", "Virtual PCD 00 00")
    assert lookup.result is CardResult.CONFIRM
    assert lookup.confirm_with is ConfirmWith.PIN
    wrong = identifier.confirm_pin(lookup.uid, "111111")
    assert wrong.result is ConfirmResult.WRONG
    assert wrong.message == MESSAGES["wrong_pin"]
    # OTHER_NIK 3510010505850002 was born on 5 May 1985; a PIN card takes only its PIN.
    by_date = identifier.confirm_birth_date(lookup.uid, date(1985, 5, 5))
    assert by_date.result is ConfirmResult.WRONG
    right = identifier.confirm_pin(lookup.uid, "246810")
    assert right.result is ConfirmResult.IDENTIFIED
    assert right.identity is not None and right.identity.nik == OTHER_NIK


def test_wrong_dates_of_birth_are_refused_and_five_lock_the_card(
    central: RunningCentral, tmp_path: Path
) -> None:
    uid = "04C0FFEE000001"
    run_cli(
        "add-card", "--db", str(central.db_path), "--uid", uid, "--nik", NIK, "--name", "SITI",
    )  # fmt: skip
    client = client_for(central.url)
    identifier = Identifier(client, [], lambda: TODAY)
    try:
        # Wrong by a day, a month, a year, a decade, and the day before.
        wrong = [date(1990, 1, 2), date(1990, 2, 1), date(1991, 1, 1), date(1980, 1, 1)]
        results = [identifier.confirm_birth_date(uid, born) for born in wrong]
        results.append(identifier.confirm_birth_date(uid, date(1989, 12, 31)))
        assert {r.result for r in results} == {ConfirmResult.WRONG}
        assert results[0].message == MESSAGES["wrong_birth_date"]
        locked = identifier.confirm_birth_date(uid, date(1990, 1, 1))
        assert locked.result is ConfirmResult.LOCKED
        assert "Coba lagi dalam 15 menit, atau ketik NIK Anda." in locked.message.id
        assert "Try again in 15 minutes, or type your NIK." in locked.message.en
    finally:
        client.close()


def test_an_answer_the_kiosk_can_refuse_itself_never_reaches_central(
    identifier: Identifier,
) -> None:
    uid = CARD.hex().upper()
    assert identifier.confirm_pin(uid, "12").message == MESSAGES["incomplete"]
    assert identifier.confirm_pin(uid, "１２３４").message == MESSAGES["incomplete"]
    assert identifier.confirm_birth_date(uid, None).message == MESSAGES["no_birth_date"]
    future = identifier.confirm_birth_date(uid, TODAY + timedelta(days=1))
    assert future.message == MESSAGES["future_birth_date"]
    # None of these counted as a wrong answer: the right one still works.
    right = identifier.confirm_birth_date(uid, date(1990, 1, 1))
    assert right.result is ConfirmResult.IDENTIFIED


def test_a_lookup_in_the_old_last_four_digits_form_sends_the_citizen_to_type() -> None:
    """A contract 1.0 central asked for digits its own lookup showed: never used."""
    body = json.dumps(
        {
            "uid": "04A1B2C3D4E5F6",
            "identity": {"nik": "351001******0001", "name": "S*** A*****"},
            "confirm_with": "nik_last4",
        }
    ).encode()
    lookup = _lookup_from_answer("04A1B2C3D4E5F6", Answer(200, {}, body))
    assert lookup.result is CardResult.UNREADABLE
    assert lookup.message == MESSAGES["failed"]


def test_an_unknown_card_asks_the_citizen_to_type_the_nik(identifier: Identifier) -> None:
    lookup = identifier.card(UNKNOWN, b"\x3b", "Virtual PCD 00 00")
    assert lookup.result is CardResult.UNKNOWN_CARD
    assert lookup.message.id == "Kartu ini belum terdaftar. Silakan ketik NIK Anda."


def test_a_card_tapped_while_central_is_down_says_so_and_offers_typing(
    central: RunningCentral,
) -> None:
    host, port = central.url.removeprefix("http://").split(":")
    with FaultProxy((host, int(port))) as proxy:
        proxy.refuse()
        client = client_for(proxy.url)
        try:
            lookup = Identifier(client, [], lambda: TODAY).card(CARD, b"\x3b", "r")
        finally:
            client.close()
    assert lookup.result is CardResult.OFFLINE
    assert "jaringan terputus" in lookup.message.id
    assert lookup.detail


def test_without_central_a_card_is_offline_but_typing_works() -> None:
    identifier = Identifier(None, [], lambda: TODAY)
    assert identifier.card(CARD, b"", "r").result is CardResult.OFFLINE
    identity, check = identifier.typed(NIK)
    assert check.ok and identity is not None
    assert identity.source is IdentitySource.TYPED and identity.nik == NIK


@pytest.mark.parametrize(
    ("typed", "problem"),
    [
        ("", NikProblem.EMPTY),
        ("351001410190", NikProblem.TOO_SHORT),
        ("9910014101900001", NikProblem.BAD_REGION),
        ("3510013202900001", NikProblem.BAD_DATE),
        ("3510013112260001", NikProblem.FUTURE_DATE),
    ],
)
def test_a_typed_nik_that_is_wrong_says_why(typed: str, problem: NikProblem) -> None:
    identity, check = Identifier(None, [], lambda: TODAY).typed(typed)
    assert identity is None
    assert check.problem is problem
    assert check.citizen_message.id


def test_extra_region_codes_admit_a_province_stdnum_does_not_know() -> None:
    nik = "9710014101900001"
    assert Identifier(None, [], lambda: TODAY).typed(nik)[0] is None
    identity, check = Identifier(None, [], lambda: TODAY, extra_region_codes=["97"]).typed(nik)
    assert check.ok and identity is not None


class _SamPlugin(IdentityReaderPlugin):
    """Stands in for a vendor SDK: a SAM module cannot exist on this machine."""

    def __init__(self, nik: str) -> None:
        self._nik = nik

    @property
    def name(self) -> str:
        return "test SAM"

    def matches(self, reader_name: str, atr: bytes) -> bool:
        return reader_name.startswith("Certified")

    def read_biodata(self, reader_name: str, timeout: float) -> Biodata:
        return Biodata(nik=self._nik, name="SITI AMINAH")


def test_a_certified_reader_plugin_identifies_without_central() -> None:
    identifier = Identifier(None, [_SamPlugin(NIK)], lambda: TODAY)
    lookup = identifier.card(CARD, b"\x3b", "Certified EKTP 00")
    assert lookup.result is CardResult.IDENTIFIED
    assert lookup.identity is not None and lookup.identity.source is IdentitySource.CARD_PLUGIN
    assert identifier.card(CARD, b"\x3b", "Generic 00").result is CardResult.OFFLINE


def test_a_plugin_that_returns_an_invalid_nik_is_an_unreadable_card() -> None:
    lookup = Identifier(None, [_SamPlugin("1234")], lambda: TODAY).card(CARD, b"", "Certified")
    assert lookup.result is CardResult.UNREADABLE
    assert lookup.identity is None
