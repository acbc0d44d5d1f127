"""The identify step: turns what a citizen presents (a card, typed digits) into an Identity.

A generic PC/SC reader gives only a card's UID. Where a certified reader's plugin is
installed it reads the biodata itself; otherwise the central API says whose card it is
(masked) and releases the full identity only after the citizen answers what central asks
for (contract 1.1): their date of birth, picked on the screen, or the card's PIN. Neither
is ever shown: the masked NIK hides digits 7 to 12, which hold the date of birth, and the
chosen date leaves the kiosk only in the confirmation's body, never in a log line. A typed
NIK is checked locally.

Every call here may block on the network or a reader SDK, so the UI runs them on a
worker thread. Each result carries a citizen message (Bahasa Indonesia and English)
and an exact technician detail; nothing here raises for bad input or a dead network.
"""

from __future__ import annotations

import dataclasses
import enum
import json
import logging
import math
import re
import threading
from collections.abc import Callable, Collection, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from drivers.identity_plugins import (
    IdentityReaderPlugin,
    IdentityReadError,
    plugin_for,
    read_biodata_safely,
)
from kiosk.identity import Identity, IdentitySource, NikCheck, mask_nik, validate_nik
from kiosk.sync import Answer, CentralClient, CentralUnavailableError
from kiosk.text import NO_TEXT, LocalizedText

log = logging.getLogger("kiosk.identify")

#: How long a certified reader's SDK may take to read the biodata.
PLUGIN_READ_TIMEOUT = 10.0
#: The fewest and most digits of a card's PIN (the contract's ``CardConfirm``).
PIN_MIN_DIGITS = 4
PIN_MAX_DIGITS = 8
#: The earliest date of birth the picker offers.
EARLIEST_BIRTH_YEAR = 1900
_MASKED_NIK = re.compile(r"^[0-9]{6}\*{6}[0-9]{4}$")
#: An identity token as central gives it (contract 1.2, "Identity tokens").
_IDENTITY_TOKEN = re.compile(r"[A-Za-z0-9_-]{43}")
_SECONDS_PER_MINUTE = 60


class ConfirmWith(enum.Enum):
    """What central asks the citizen before it releases a card's identity.

    A central of contract 1.0 asked for the NIK's last four digits, which its own lookup
    showed; a kiosk of 1.1 takes such a lookup as one it cannot use and offers typing.
    """

    BIRTH_DATE = "birth_date"
    PIN = "pin"


class CardResult(enum.Enum):
    """What came of a card tap."""

    IDENTIFIED = "identified"
    CONFIRM = "confirm"
    UNKNOWN_CARD = "unknown_card"
    UNREADABLE = "unreadable"
    OFFLINE = "offline"


class ConfirmResult(enum.Enum):
    """What came of the citizen's answer (date of birth or PIN) to a card's challenge."""

    IDENTIFIED = "identified"
    WRONG = "wrong"
    LOCKED = "locked"
    OFFLINE = "offline"
    FAILED = "failed"


MESSAGES: dict[str, LocalizedText] = {
    "unknown_card": LocalizedText(
        "Kartu ini belum terdaftar. Silakan ketik NIK Anda.",
        "This card is not registered. Please type your NIK.",
    ),
    "unreadable": LocalizedText(
        "Kartu tidak terbaca. Tempelkan lagi dan tahan sampai selesai, atau ketik NIK Anda.",
        "The card could not be read. Hold it on the reader again, or type your NIK.",
    ),
    "offline": LocalizedText(
        "Kartu belum dapat dicek karena jaringan terputus. Silakan ketik NIK Anda.",
        "The card cannot be checked while the network is down. Please type your NIK.",
    ),
    "wrong_birth_date": LocalizedText(
        "Tanggal lahir tidak cocok dengan kartu ini. Periksa tanggal, bulan dan tahun, "
        "lalu coba lagi.",
        "The date of birth does not match this card. Check the day, month and year, "
        "then try again.",
    ),
    "wrong_pin": LocalizedText("PIN tidak cocok. Coba lagi.", "The PIN does not match. Try again."),
    "locked": LocalizedText(
        "Kartu ini dikunci sementara karena terlalu banyak jawaban salah. "
        "Coba lagi nanti, atau ketik NIK Anda.",
        "This card is locked for now after too many wrong answers. "
        "Try again later, or type your NIK.",
    ),
    "failed": LocalizedText(
        "Data kartu belum dapat diambil. Silakan ketik NIK Anda.",
        "The card's details could not be fetched. Please type your NIK.",
    ),
    "unknown_preregistration": LocalizedText(
        "QR pendaftaran tidak ditemukan atau sudah kedaluwarsa. "
        "Tempelkan e-KTP atau ketik NIK Anda.",
        "The registration QR is unknown or has expired. Tap your e-KTP or type your NIK.",
    ),
    "incomplete": LocalizedText("Jumlah angka belum lengkap.", "Not enough digits yet."),
    "no_birth_date": LocalizedText(
        "Pilih tanggal lahir Anda dulu dengan tombol + dan −.",
        "Choose your date of birth first with the + and − buttons.",
    ),
    "future_birth_date": LocalizedText(
        "Tanggal lahir tidak boleh setelah hari ini.", "The date of birth cannot be after today."
    ),
}


def locked_message(retry_after: float | None) -> LocalizedText:
    """The locked card's message, with the minutes central asked the kiosk to wait."""
    if retry_after is None or retry_after <= 0:
        return MESSAGES["locked"]
    minutes = max(1, math.ceil(retry_after / _SECONDS_PER_MINUTE))
    return LocalizedText(
        "Kartu ini dikunci sementara karena terlalu banyak jawaban salah. "
        f"Coba lagi dalam {minutes} menit, atau ketik NIK Anda.",
        "This card is locked for now after too many wrong answers. "
        f"Try again in {minutes} minute{'s' if minutes > 1 else ''}, or type your NIK.",
    )


@dataclass(frozen=True)
class CardLookup:
    """The answer to a card tap; ``identity`` only when IDENTIFIED."""

    result: CardResult
    uid: str
    message: LocalizedText = NO_TEXT
    detail: str = ""
    masked_nik: str = ""
    masked_name: str = ""
    confirm_with: ConfirmWith | None = None
    identity: Identity | None = None


@dataclass(frozen=True)
class Confirmation:
    """Central's verdict on the citizen's answer; ``identity`` only when IDENTIFIED.

    ``identity_token`` is what central gives with a confirmed card or NIK (contract 1.2):
    the proof, for five minutes and this kiosk only, that lists the citizen's letters.
    It is empty from a 1.1 central, a plugin or a pre-registration.
    """

    result: ConfirmResult
    message: LocalizedText = NO_TEXT
    detail: str = ""
    identity: Identity | None = None
    identity_token: str = ""


class Identifier:
    """Resolves cards and typed NIKs into a checked Identity.

    Args:
        client: the central API client, or None for a kiosk without central.
        plugins: certified-reader plugins, or the function that loads them
            (``drivers.identity_plugins.load_plugins``), called once by ``load_plugins``
            or at the first card, so scanning the installed packages waits until then.
        today: the kiosk's date, for birth dates in the future.
        extra_region_codes: province codes to accept that python-stdnum does not know yet.

    """

    def __init__(
        self,
        client: CentralClient | None,
        plugins: Sequence[IdentityReaderPlugin] | Callable[[], Sequence[IdentityReaderPlugin]],
        today: Callable[[], date],
        extra_region_codes: Collection[str] = (),
    ) -> None:
        self._client = client
        self._plugin_loader = plugins if callable(plugins) else None
        self._plugins: list[IdentityReaderPlugin] | None = (
            None if callable(plugins) else list(plugins)
        )
        self._plugins_lock = threading.Lock()
        self._today = today
        self._extra_region_codes = tuple(extra_region_codes)

    def load_plugins(self) -> list[IdentityReaderPlugin]:
        """The plugins, loaded now if they were given as a loader; safe from any thread."""
        with self._plugins_lock:
            if self._plugins is None:
                assert self._plugin_loader is not None
                self._plugins = list(self._plugin_loader())
            return self._plugins

    def check_nik(self, text: str) -> NikCheck:
        """Validate a NIK the way every source is validated."""
        return validate_nik(text, self._today(), self._extra_region_codes)

    def typed(self, digits: str) -> tuple[Identity | None, NikCheck]:
        """A NIK the citizen typed: the identity when it is valid, and the check either way."""
        check = self.check_nik(digits)
        if not check.ok:
            log.info("Typed NIK refused: %s", check.technician_message)
            return None, check
        return Identity(nik=digits, name="", source=IdentitySource.TYPED), check

    def card(self, uid: bytes, atr: bytes, reader_name: str) -> CardLookup:
        """Who a tapped card belongs to: through a plugin if one fits, else through central."""
        uid_hex = uid.hex().upper()
        plugin = plugin_for(self.load_plugins(), reader_name, atr)
        if plugin is not None:
            return self._card_from_plugin(plugin, uid_hex, reader_name)
        return self._card_from_central(uid_hex)

    def confirm_birth_date(self, uid: str, born: date | None) -> Confirmation:
        """Send the date of birth the citizen picked; the identity comes back when it matches.

        Central compares it with the NIK's digits 7 to 12 itself (women's day + 40), so the
        citizen only picks a calendar date.
        """
        if born is None:
            return Confirmation(ConfirmResult.WRONG, MESSAGES["no_birth_date"], "no date chosen")
        if born.year < EARLIEST_BIRTH_YEAR or born > self._today():
            return Confirmation(
                ConfirmResult.WRONG, MESSAGES["future_birth_date"], "date after today"
            )
        return self._confirm(uid, ConfirmWith.BIRTH_DATE, born.isoformat())

    def confirm_pin(self, uid: str, pin: str) -> Confirmation:
        """Send the card's PIN the citizen typed; the identity comes back when it matches."""
        if not (pin.isascii() and pin.isdigit() and PIN_MIN_DIGITS <= len(pin) <= PIN_MAX_DIGITS):
            return Confirmation(ConfirmResult.WRONG, MESSAGES["incomplete"], "too few digits")
        return self._confirm(uid, ConfirmWith.PIN, pin)

    def _confirm(self, uid: str, confirm_with: ConfirmWith, answer: str) -> Confirmation:
        """``POST /v1/cards/{uid}/confirm`` with ``{confirm_with: answer}``; never logs it."""
        if self._client is None:
            return Confirmation(ConfirmResult.OFFLINE, MESSAGES["offline"], "no central")
        body = json.dumps({confirm_with.value: answer}).encode()
        try:
            answer_ = self._client.request("POST", f"/v1/cards/{uid}/confirm", body)
        except CentralUnavailableError as error:
            log.warning("Card confirmation: central unavailable: %s", error)
            return Confirmation(ConfirmResult.OFFLINE, MESSAGES["offline"], str(error))
        if answer_.status == 200:
            return self._confirmed(answer_)
        if answer_.status == 403:
            key = "wrong_pin" if confirm_with is ConfirmWith.PIN else "wrong_birth_date"
            return Confirmation(ConfirmResult.WRONG, MESSAGES[key], answer_.problem())
        if answer_.status == 429:
            message = locked_message(answer_.retry_after())
            return Confirmation(ConfirmResult.LOCKED, message, answer_.problem())
        if answer_.status >= 500:
            return Confirmation(ConfirmResult.OFFLINE, MESSAGES["offline"], answer_.problem())
        log.warning("Card confirmation refused: %s %s", answer_.status, answer_.problem())
        return Confirmation(
            ConfirmResult.FAILED, MESSAGES["failed"], f"{answer_.status} {answer_.problem()}"
        )

    def token_for_nik(self, nik: str, pin: str) -> Confirmation:
        """An identity token for a typed NIK and the PIN of a card registered for it.

        A typed NIK is never confirmed with the date of birth (digits 7 to 12 of the NIK
        are that date), so only the PIN is asked. The answer carries the masked identity
        only; the PIN and the NIK are never logged.
        """
        if not (pin.isascii() and pin.isdigit() and PIN_MIN_DIGITS <= len(pin) <= PIN_MAX_DIGITS):
            return Confirmation(ConfirmResult.WRONG, MESSAGES["incomplete"], "too few digits")
        if self._client is None:
            return Confirmation(ConfirmResult.OFFLINE, MESSAGES["offline"], "no central")
        body = json.dumps({"nik": nik, "pin": pin}).encode()
        try:
            answer = self._client.request("POST", "/v1/identity-tokens", body)
        except CentralUnavailableError as error:
            log.warning("Identity token: central unavailable: %s", error)
            return Confirmation(ConfirmResult.OFFLINE, MESSAGES["offline"], str(error))
        if answer.status == 201:
            token = _token(_json_object(answer) or {})
            if not token:
                return Confirmation(ConfirmResult.FAILED, MESSAGES["failed"], "malformed token")
            log.info("Identity token for typed NIK %s", mask_nik(nik))
            typed = Identity(nik=nik, name="", source=IdentitySource.TYPED)
            return Confirmation(ConfirmResult.IDENTIFIED, identity=typed, identity_token=token)
        if answer.status == 403:
            return Confirmation(ConfirmResult.WRONG, MESSAGES["wrong_pin"], answer.problem())
        if answer.status == 429:
            message = locked_message(answer.retry_after())
            return Confirmation(ConfirmResult.LOCKED, message, answer.problem())
        result = ConfirmResult.OFFLINE if answer.status >= 500 else ConfirmResult.FAILED
        key = "offline" if result is ConfirmResult.OFFLINE else "failed"
        return Confirmation(result, MESSAGES[key], f"{answer.status} {answer.problem()}")

    def preregistration(self, token: str) -> Confirmation:
        """The identity behind a pre-registration QR made on the citizen's phone.

        The token is a bearer credential central issued to the citizen, so holding it
        releases the identity, as the right digits do for a card.
        """
        if self._client is None:
            return Confirmation(ConfirmResult.OFFLINE, MESSAGES["offline"], "no central")
        try:
            answer = self._client.request("GET", f"/v1/preregistrations/{token}")
        except CentralUnavailableError as error:
            log.warning("Pre-registration lookup: central unavailable: %s", error)
            return Confirmation(ConfirmResult.OFFLINE, MESSAGES["offline"], str(error))
        if answer.status == 200:
            data = _json_object(answer)
            identity = data.get("identity") if data else None
            if isinstance(identity, dict):
                return self._released(identity, IdentitySource.QR)
            return Confirmation(ConfirmResult.FAILED, MESSAGES["failed"], "malformed answer")
        if answer.status == 404:
            return Confirmation(
                ConfirmResult.WRONG, MESSAGES["unknown_preregistration"], "unknown token"
            )
        result = ConfirmResult.OFFLINE if answer.status >= 500 else ConfirmResult.FAILED
        key = "offline" if result is ConfirmResult.OFFLINE else "failed"
        return Confirmation(result, MESSAGES[key], f"{answer.status} {answer.problem()}")

    def _card_from_plugin(
        self, plugin: IdentityReaderPlugin, uid_hex: str, reader_name: str
    ) -> CardLookup:
        try:
            biodata = read_biodata_safely(plugin, reader_name, PLUGIN_READ_TIMEOUT)
        except IdentityReadError as error:
            log.warning("Card plugin %s failed: %s", plugin.name, error)
            return CardLookup(CardResult.UNREADABLE, uid_hex, MESSAGES["unreadable"], str(error))
        identity = Identity.from_biodata(biodata)
        check = self.check_nik(identity.nik)
        if not check.ok:
            log.warning("Card plugin %s gave a bad NIK: %s", plugin.name, check.technician_message)
            return CardLookup(
                CardResult.UNREADABLE, uid_hex, MESSAGES["unreadable"], check.technician_message
            )
        return CardLookup(CardResult.IDENTIFIED, uid_hex, identity=identity)

    def _card_from_central(self, uid_hex: str) -> CardLookup:
        if self._client is None:
            return CardLookup(CardResult.OFFLINE, uid_hex, MESSAGES["offline"], "no central")
        try:
            answer = self._client.request("GET", f"/v1/cards/{uid_hex}")
        except CentralUnavailableError as error:
            log.warning("Card lookup: central unavailable: %s", error)
            return CardLookup(CardResult.OFFLINE, uid_hex, MESSAGES["offline"], str(error))
        if answer.status == 404:
            return CardLookup(CardResult.UNKNOWN_CARD, uid_hex, MESSAGES["unknown_card"], "404")
        if answer.status != 200:
            result = CardResult.OFFLINE if answer.status >= 500 else CardResult.UNREADABLE
            key = "offline" if result is CardResult.OFFLINE else "failed"
            detail = f"{answer.status} {answer.problem()}"
            log.warning("Card lookup refused: %s", detail)
            return CardLookup(result, uid_hex, MESSAGES[key], detail)
        return _lookup_from_answer(uid_hex, answer)

    def _confirmed(self, answer: Answer) -> Confirmation:
        data = _json_object(answer) or {}
        confirmed = self._released(data, IdentitySource.CENTRAL)
        if confirmed.result is not ConfirmResult.IDENTIFIED:
            return confirmed
        return dataclasses.replace(confirmed, identity_token=_token(data))

    def _released(self, data: dict[str, Any], source: IdentitySource) -> Confirmation:
        """An identity central released, checked like any other before it is used."""
        nik, name = data.get("nik"), data.get("name")
        if not isinstance(nik, str) or not isinstance(name, str):
            return Confirmation(ConfirmResult.FAILED, MESSAGES["failed"], "malformed identity")
        check = self.check_nik(nik)
        if not check.ok:
            log.warning("Central released a bad NIK: %s", check.technician_message)
            return Confirmation(ConfirmResult.FAILED, MESSAGES["failed"], check.technician_message)
        log.info("Identity from %s for %s", source.value, mask_nik(nik))
        return Confirmation(
            ConfirmResult.IDENTIFIED, identity=Identity(nik=nik, name=name[:120], source=source)
        )


def _lookup_from_answer(uid_hex: str, answer: Answer) -> CardLookup:
    """Read central's card answer strictly; anything malformed is a failed lookup."""
    data = _json_object(answer)
    identity = data.get("identity") if data else None
    method = data.get("confirm_with") if data else None
    if not isinstance(identity, dict) or method not in {m.value for m in ConfirmWith}:
        return CardLookup(CardResult.UNREADABLE, uid_hex, MESSAGES["failed"], "malformed answer")
    masked_nik = identity.get("nik")
    masked_name = identity.get("name")
    if not isinstance(masked_nik, str) or not _MASKED_NIK.match(masked_nik):
        return CardLookup(CardResult.UNREADABLE, uid_hex, MESSAGES["failed"], "nik not masked")
    if not isinstance(masked_name, str):
        return CardLookup(CardResult.UNREADABLE, uid_hex, MESSAGES["failed"], "name missing")
    return CardLookup(
        CardResult.CONFIRM,
        uid_hex,
        masked_nik=masked_nik,
        masked_name=masked_name[:120],
        confirm_with=ConfirmWith(method),
    )


def _token(data: dict[str, Any]) -> str:
    """The identity token in central's answer, or "" when there is none or it is malformed."""
    token = data.get("identity_token")
    return token if isinstance(token, str) and _IDENTITY_TOKEN.fullmatch(token) else ""


def _json_object(answer: Answer) -> dict[str, Any] | None:
    try:
        data = answer.json()
    except (ValueError, UnicodeDecodeError):
        return None
    return data if isinstance(data, dict) else None
