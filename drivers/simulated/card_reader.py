"""A contactless card reader driven by tests and the demo panel instead of a card."""

from __future__ import annotations

import logging
import threading

from drivers.base import (
    CardInserted,
    CardReader,
    CardRemoved,
    DeviceEvent,
    ReaderStatus,
    ReaderStatusChanged,
)

logger = logging.getLogger("drivers.simulated.card_reader")

#: ATR a PC/SC reader reports for an ISO 14443 type A card such as an e-KTP.
DEFAULT_ATR = bytes.fromhex("3B8F8001804F0CA0000003060300030000000068")
#: The reader name the simulator reports, as a PC/SC reader reports its own.
READER_NAME = "Simulated e-KTP reader"


class SimulatedCardReader(CardReader):
    """Reports the cards it is told about, like a reader that only sees what it is shown.

    Cards presented while the reader is stopped or unavailable are ignored, as a
    closed or unplugged reader would not see them.
    """

    def __init__(self) -> None:
        """Create a stopped, available reader with no card."""
        super().__init__()
        self._lock = threading.Lock()
        self._started = False
        self._available = True
        self._detail = ""
        self._card: CardInserted | None = None

    @property
    def description(self) -> str:
        """Names the simulator, for the technician screen."""
        return "simulated contactless card reader"

    @property
    def status(self) -> ReaderStatus:
        """UNAVAILABLE, CARD_PRESENT or READY."""
        with self._lock:
            return self._status_locked()

    def start(self) -> None:
        """Begin reporting, starting with the reader's status."""
        with self._lock:
            if self._started:
                logger.debug("simulated card reader already started")
                return
            self._started = True
            event = ReaderStatusChanged(self._status_locked(), self._detail)
        self._emit(event)

    def stop(self) -> None:
        """Stop reporting and forget any card; safe to call twice."""
        with self._lock:
            self._started = False
            self._card = None

    def present_card(self, uid: bytes, atr: bytes = DEFAULT_ATR) -> None:
        """Simulate a card entering the field; ignored if one is already there."""
        with self._lock:
            if not self._started or not self._available:
                logger.debug("card %s ignored: reader stopped or unavailable", uid.hex())
                return
            if self._card is not None:
                logger.debug("card %s ignored: a card is already present", uid.hex())
                return
            self._card = CardInserted(bytes(uid), bytes(atr), READER_NAME)
            event = self._card
        logger.info("simulated card presented: uid %s", uid.hex())
        self._emit(event)

    def remove_card(self) -> None:
        """Simulate the card leaving the field; ignored if there is none."""
        with self._lock:
            if self._card is None:
                logger.debug("card removal ignored: no card present")
                return
            self._card = None
        logger.info("simulated card removed")
        self._emit(CardRemoved())

    def set_available(self, available: bool, detail: str = "") -> None:
        """Simulate the reader (or the PC/SC service) appearing or going away.

        A reader that goes away takes its card with it, so CardRemoved comes first.
        """
        events: list[DeviceEvent] = []
        with self._lock:
            if available == self._available:
                self._detail = detail
                return
            self._available = available
            self._detail = detail
            if not available and self._card is not None:
                self._card = None
                events.append(CardRemoved())
            if self._started:
                events.append(ReaderStatusChanged(self._status_locked(), detail))
        logger.info("simulated card reader available=%s %s", available, detail)
        for event in events:
            self._emit(event)

    def _status_locked(self) -> ReaderStatus:
        if not self._available:
            return ReaderStatus.UNAVAILABLE
        if self._card is not None:
            return ReaderStatus.CARD_PRESENT
        return ReaderStatus.READY
