"""The PC/SC reader adapter on the real stack: pcscd, the vpcd driver and a test card."""

from __future__ import annotations

import queue
import random
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from drivers.base import (
    CardInserted,
    CardRemoved,
    DeviceEvent,
    DriverError,
    ReaderStatus,
    ReaderStatusChanged,
)
from drivers.pcsc_reader import PcscCardReader, PcscError, matching_readers, read_card_once
from tests.helpers.pcscd import READER_0, READER_1, Pcscd, pcscd, running_pcscd
from tests.helpers.vpcd_card import DEFAULT_ATR, DEFAULT_UID, VpcdCard

__all__ = ["pcscd", "running_pcscd"]  # fixtures used by name below

OTHER_UID = bytes.fromhex("0411223344")
EVENT_WAIT = 10.0


class Events:
    """What the adapter reported, in order, with bounded waits for the next one."""

    def __init__(self, reader: PcscCardReader) -> None:
        self.queue: queue.Queue[DeviceEvent] = queue.Queue()
        self.seen: list[DeviceEvent] = []
        reader.subscribe(self.queue.put)

    def next(self, timeout: float = EVENT_WAIT) -> DeviceEvent:
        event = self.queue.get(timeout=timeout)
        self.seen.append(event)
        return event

    def until(self, kind: type[object], timeout: float = EVENT_WAIT) -> DeviceEvent:
        """Skip events until one of ``kind``; fails after ``timeout`` seconds."""
        deadline = time.monotonic() + timeout
        while True:
            event = self.next(max(0.0, deadline - time.monotonic()))
            if isinstance(event, kind):
                return event

    def drain(self) -> list[DeviceEvent]:
        drained: list[DeviceEvent] = []
        while True:
            try:
                drained.append(self.queue.get_nowait())
            except queue.Empty:
                self.seen.extend(drained)
                return drained


def assert_consistent(events: list[DeviceEvent]) -> None:
    """Inserts and removals alternate, starting with an insert."""
    card_in = False
    for event in events:
        if isinstance(event, CardInserted):
            assert not card_in, f"two inserts without a removal in {events}"
            card_in = True
        elif isinstance(event, CardRemoved):
            assert card_in, f"a removal without an insert in {events}"
            card_in = False


def ready(reader: PcscCardReader, events: Events) -> None:
    reader.start()
    event = events.next()
    assert event == ReaderStatusChanged(ReaderStatus.READY, f"using PC/SC reader {READER_0!r}")


@pytest.fixture
def reader(running_pcscd: Pcscd) -> Iterator[PcscCardReader]:
    adapter = PcscCardReader(READER_0, debounce_seconds=0.0, poll_seconds=0.2)
    yield adapter
    adapter.stop()


@pytest.fixture
def events(reader: PcscCardReader) -> Events:
    return Events(reader)


def test_reader_names_match_case_insensitively_in_listed_order() -> None:
    readers = ["ACS ACR1252 1S CL Reader [ACR1252 PICC] 00 00", READER_0, READER_1]
    assert matching_readers(readers, "virtual pcd*") == [READER_0, READER_1]
    assert matching_readers(readers, "acs acr1252*") == [readers[0]]
    assert matching_readers(readers, "*") == readers
    assert matching_readers(readers, "Identiv*") == []


def test_insert_and_remove_report_uid_and_atr(reader: PcscCardReader, events: Events) -> None:
    ready(reader, events)
    assert reader.description == f"PC/SC reader {READER_0!r}"
    assert reader.status is ReaderStatus.READY
    card = VpcdCard()
    card.insert()
    assert events.next() == CardInserted(uid=DEFAULT_UID, atr=DEFAULT_ATR, reader=READER_0)
    assert reader.status is ReaderStatus.CARD_PRESENT
    card.remove()
    assert events.next() == CardRemoved()
    assert reader.status is ReaderStatus.READY


def test_card_already_in_the_field_at_start_is_reported(
    reader: PcscCardReader, events: Events
) -> None:
    with VpcdCard() as card:
        assert card.seen_by_reader.wait(EVENT_WAIT)
        ready(reader, events)
        assert events.next() == CardInserted(uid=DEFAULT_UID, atr=DEFAULT_ATR, reader=READER_0)
    assert events.next() == CardRemoved()


def test_a_listener_may_stop_the_adapter(reader: PcscCardReader, events: Events) -> None:
    reader.subscribe(lambda event: reader.stop() if isinstance(event, CardInserted) else None)
    ready(reader, events)
    with VpcdCard():
        assert isinstance(events.next(), CardInserted)
    started = time.monotonic()
    reader.stop()
    assert time.monotonic() - started < 3.0
    assert reader.status is ReaderStatus.UNAVAILABLE
    assert events.drain() == []


def test_reader_is_chosen_by_name_pattern(running_pcscd: Pcscd) -> None:
    adapter = PcscCardReader("*PCD 00 01", debounce_seconds=0.0, poll_seconds=0.2)
    events = Events(adapter)
    adapter.start()
    try:
        assert events.next() == ReaderStatusChanged(
            ReaderStatus.READY, f"using PC/SC reader {READER_1!r}"
        )
        assert adapter.description == f"PC/SC reader {READER_1!r}"
        with VpcdCard(port=35963):
            with VpcdCard(OTHER_UID, port=35964):
                assert events.next() == CardInserted(
                    uid=OTHER_UID, atr=DEFAULT_ATR, reader=READER_1
                )
            assert events.next() == CardRemoved()
    finally:
        adapter.stop()


def test_no_matching_reader_is_unavailable_with_the_readers_listed(running_pcscd: Pcscd) -> None:
    adapter = PcscCardReader("ACS ACR1252*", poll_seconds=0.2)
    events = Events(adapter)
    adapter.start()
    try:
        event = events.next()
        assert isinstance(event, ReaderStatusChanged)
        assert event.status is ReaderStatus.UNAVAILABLE
        assert event.detail.startswith("no PC/SC reader matches 'ACS ACR1252*' (readers: ")
        assert repr(READER_0) in event.detail
        assert adapter.status is ReaderStatus.UNAVAILABLE
        assert adapter.description == "PC/SC reader matching 'ACS ACR1252*' (not found)"
    finally:
        adapter.stop()


def test_card_without_get_data_is_reported_with_an_empty_uid(
    reader: PcscCardReader, events: Events
) -> None:
    ready(reader, events)
    with VpcdCard(uid=None) as card:
        assert events.next() == CardInserted(uid=b"", atr=DEFAULT_ATR, reader=READER_0)
        assert card.get_data_count == 1
    assert events.next() == CardRemoved()


@pytest.mark.parametrize("how", ["pulled on GET DATA", "removed while answering"])
def test_card_pulled_mid_read_reports_nothing_and_the_next_card_reads(
    reader: PcscCardReader, events: Events, how: str
) -> None:
    ready(reader, events)
    if how == "pulled on GET DATA":
        pulled = VpcdCard(OTHER_UID, pull_during_read=True)
    else:
        pulled = VpcdCard(OTHER_UID, get_data_delay=5.0)
    pulled.insert()
    assert pulled.get_data_seen.wait(EVENT_WAIT)
    pulled.remove()
    with VpcdCard():
        # The first event after the pulled card is the next card's insert: nothing
        # about the pulled one, neither a wrong UID nor a removal without an insert.
        assert events.next() == CardInserted(uid=DEFAULT_UID, atr=DEFAULT_ATR, reader=READER_0)
    assert events.next() == CardRemoved()


def test_a_card_whose_power_up_failed_is_still_read(reader: PcscCardReader, events: Events) -> None:
    ready(reader, events)
    gone = VpcdCard(OTHER_UID, pull_on_power_on=True)
    gone.insert()
    assert gone.seen_by_reader.wait(EVENT_WAIT)
    # The next card is already waiting: pcscd never sees the field empty, so it keeps
    # the first card's failed power-up and reports the reader MUTE.
    with VpcdCard():
        assert events.next() == CardInserted(uid=DEFAULT_UID, atr=DEFAULT_ATR, reader=READER_0)
    assert events.next() == CardRemoved()
    gone.remove()


def test_pcscd_killed_and_restarted_recovers_without_restarting_the_adapter(
    running_pcscd: Pcscd, reader: PcscCardReader, events: Events
) -> None:
    ready(reader, events)
    card = VpcdCard()
    card.insert()
    assert events.next() == CardInserted(uid=DEFAULT_UID, atr=DEFAULT_ATR, reader=READER_0)

    running_pcscd.kill()
    assert events.next() == CardRemoved()
    down = events.next()
    assert isinstance(down, ReaderStatusChanged)
    assert down.status is ReaderStatus.UNAVAILABLE
    assert "0x8010" in down.detail
    assert reader.status is ReaderStatus.UNAVAILABLE
    card.remove()

    running_pcscd.start()
    back = events.until(ReaderStatusChanged)
    while back.status is ReaderStatus.UNAVAILABLE:  # "service not available" while it was down
        back = events.until(ReaderStatusChanged)
    assert back == ReaderStatusChanged(ReaderStatus.READY, f"using PC/SC reader {READER_0!r}")
    with VpcdCard(OTHER_UID):
        assert events.next() == CardInserted(uid=OTHER_UID, atr=DEFAULT_ATR, reader=READER_0)
    assert events.next() == CardRemoved()
    assert_consistent(events.seen)


def test_adapter_started_before_pcscd_waits_for_it(running_pcscd: Pcscd) -> None:
    running_pcscd.stop()
    adapter = PcscCardReader(READER_0, poll_seconds=0.2)
    events = Events(adapter)
    adapter.start()
    try:
        assert events.next() == ReaderStatusChanged(
            ReaderStatus.UNAVAILABLE,
            "PC/SC service unavailable: SCardEstablishContext failed: "
            "Service not available. (0x8010001D)",
        )
        running_pcscd.start()
        assert events.next() == ReaderStatusChanged(
            ReaderStatus.READY, f"using PC/SC reader {READER_0!r}"
        )
    finally:
        adapter.stop()


def test_reader_gone_after_restart_is_unavailable_until_it_comes_back(
    running_pcscd: Pcscd, reader: PcscCardReader, events: Events, tmp_path: Path
) -> None:
    ready(reader, events)
    running_pcscd.config_dir = tmp_path  # no reader configured: as if it were unplugged
    try:
        running_pcscd.restart(expect_readers=())
        gone = events.until(ReaderStatusChanged)
        while not gone.detail.startswith("no PC/SC reader matches"):
            assert gone.status is ReaderStatus.UNAVAILABLE
            gone = events.until(ReaderStatusChanged)
        assert gone == ReaderStatusChanged(
            ReaderStatus.UNAVAILABLE, f"no PC/SC reader matches {READER_0!r} (readers: none)"
        )
    finally:
        running_pcscd.config_dir = None
        running_pcscd.restart()
    back = events.until(ReaderStatusChanged)
    while back.status is ReaderStatus.UNAVAILABLE:
        back = events.until(ReaderStatusChanged)
    assert back.status is ReaderStatus.READY
    with VpcdCard():
        assert events.next() == CardInserted(uid=DEFAULT_UID, atr=DEFAULT_ATR, reader=READER_0)


def test_same_card_again_within_the_debounce_time_is_not_reported(running_pcscd: Pcscd) -> None:
    debounce = 2.0
    adapter = PcscCardReader(READER_0, debounce_seconds=debounce, poll_seconds=0.2)
    events = Events(adapter)
    ready(adapter, events)
    try:
        card = VpcdCard()
        card.insert()
        assert events.next() == CardInserted(uid=DEFAULT_UID, atr=DEFAULT_ATR, reader=READER_0)
        card.remove()
        assert events.next() == CardRemoved()
        card.insert()  # tapped again at once: read, but neither it nor its removal reported
        assert card.get_data_seen.wait(EVENT_WAIT)
        card.remove()
        with VpcdCard(OTHER_UID):
            assert events.next() == CardInserted(uid=OTHER_UID, atr=DEFAULT_ATR, reader=READER_0)
        assert events.next() == CardRemoved()
        with VpcdCard():  # another card came in between: this is a new tap
            assert events.next() == CardInserted(uid=DEFAULT_UID, atr=DEFAULT_ATR, reader=READER_0)
        assert events.next() == CardRemoved()
        time.sleep(debounce)  # let the debounce time pass after that removal
        with VpcdCard():
            assert events.next() == CardInserted(uid=DEFAULT_UID, atr=DEFAULT_ATR, reader=READER_0)
        assert events.next() == CardRemoved()
    finally:
        adapter.stop()


def test_a_hundred_fast_taps_keep_events_consistent_and_stop_cleanly(
    reader: PcscCardReader, events: Events
) -> None:
    ready(reader, events)
    rng = random.Random(20240817)
    card = VpcdCard()
    reads = 0
    for tap in range(100):
        slow = tap % 10 == 0  # one tap in ten waits for the reader, the rest are too fast
        try:
            card.insert(timeout=3.0 if slow else 0.01)
        except OSError:
            continue  # vpcd still holds the previous tap: this one never reached it
        if slow and tap % 20 == 0:
            reads += card.get_data_seen.wait(3.0)
        elif slow:
            card.seen_by_reader.wait(3.0)
        else:
            time.sleep(rng.uniform(0.0, 0.02))
        card.remove()
    assert reads > 0, "no tap got as far as the adapter's GET DATA"

    last = VpcdCard(OTHER_UID)
    last.insert(timeout=5.0)
    inserted = events.until(CardInserted)
    while inserted != CardInserted(uid=OTHER_UID, atr=DEFAULT_ATR, reader=READER_0):
        inserted = events.until(CardInserted)
    assert all(
        event.uid == DEFAULT_UID for event in events.seen[:-1] if isinstance(event, CardInserted)
    )
    started = time.monotonic()
    reader.stop()
    assert time.monotonic() - started < 3.0
    assert reader.status is ReaderStatus.UNAVAILABLE
    last.remove()
    events.drain()
    assert_consistent(events.seen)


def test_stop_is_idempotent_and_the_adapter_restarts(
    reader: PcscCardReader, events: Events
) -> None:
    reader.stop()
    ready(reader, events)
    reader.stop()
    reader.stop()
    reader.start()
    assert events.next() == ReaderStatusChanged(
        ReaderStatus.READY, f"using PC/SC reader {READER_0!r}"
    )


def test_read_card_once_returns_reader_atr_and_uid(running_pcscd: Pcscd) -> None:
    with VpcdCard():
        assert read_card_once("virtual pcd 00 00", timeout=5.0) == (
            READER_0,
            DEFAULT_ATR,
            DEFAULT_UID,
        )


def test_read_card_once_without_a_card_returns_none(running_pcscd: Pcscd) -> None:
    assert read_card_once(READER_0, timeout=0.3) is None


def test_read_card_once_names_what_is_missing(running_pcscd: Pcscd) -> None:
    with pytest.raises(DriverError, match=r"no PC/SC reader matches 'ACS\*' \(readers: 'Virtual"):
        read_card_once("ACS*", timeout=0.3)
    running_pcscd.stop()
    with pytest.raises(PcscError, match=r"SCardEstablishContext failed: Service not available"):
        read_card_once(READER_0, timeout=0.3)
