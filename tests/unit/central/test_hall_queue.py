"""Central numbers a hall's queue tickets and says how many wait before each (contract 1.3).

Against the real server on SQLite and PostgreSQL, with simulated kiosks doing what the
kiosk's outbox does (:mod:`tests.helpers.hall`). A ticket waits only once its receipt
printed or was shown; a kiosk's own offline numbers wait in the same line, by the time
they were made; a unit that closed gives no number and its late tickets expire.
"""

from __future__ import annotations

import datetime as dt
import uuid

import pytest

from tests.helpers.central import assert_problem, assert_schema
from tests.helpers.hall import hall_central, offline_ticket, take_number
from tests.helpers.office import KIOSK_A, KIOSK_B


@pytest.fixture(scope="module")
def central(tmp_path_factory, backend):
    with hall_central(tmp_path_factory.mktemp("hall"), backend) as server:
        yield server


def test_a_number_says_how_many_wait_and_those_still_printing_count(central):
    first = take_number(central, "C")
    assert first.issued is not None
    assert_schema(first.issued, "QueueTicket")
    assert (first.issued["ahead"], first.issued["expected_wait_minutes"]) == (0, None)
    # The first receipt is still printing: the second citizen is behind it all the same.
    second = take_number(central, "C", KIOSK_B)
    assert second.issued is not None and second.issued["ahead"] == 1
    first.report("printed")
    second.report("failed")  # shown on screen: it waits too
    third = take_number(central, "C")
    assert third.issued is not None and third.issued["ahead"] == 2
    # A number whose ticket never arrives stops counting after two minutes; one that
    # never printed (unknown) is not waiting, and its place says so.
    third.report("unknown")
    status = third.status()
    assert_schema(status, "TransactionStatus")
    assert status["queue"] == {
        "number": third.number,
        "counter": "C",
        "ahead": None,
        "expected_wait_minutes": None,
        "desk": None,
    }
    place = second.status()["queue"]
    assert (place["number"], place["ahead"]) == (second.number, 1)


def test_a_repeated_key_answers_the_place_as_it_was_at_issue(central):
    ticket = take_number(central, "D", store=False)
    take_number(central, "D").report("printed")
    with central.signed_session(KIOSK_A.kiosk_id, KIOSK_A.secret) as session:
        again = session.post(
            f"{central.url}/v1/queue/D/tickets",
            json={},
            headers={"Idempotency-Key": ticket.key},
            timeout=10,
        )
    assert again.status_code == 200
    assert again.json() == ticket.issued


def test_offline_numbers_wait_in_the_same_line_by_when_they_were_made(central):
    online = take_number(central, "A")
    online.report("printed")
    # Made offline five minutes ago, it arrives now and stands before the online one.
    early = offline_ticket(central, "A", prefix="K7", age=dt.timedelta(minutes=5))
    early.report("printed")
    status = early.status()
    assert_schema(status, "TransactionStatus")
    assert status["queue"]["number"] == early.number
    assert status["queue"]["ahead"] == 0
    assert online.status()["queue"]["ahead"] == 1
    latest = take_number(central, "A")
    assert latest.issued is not None and latest.issued["ahead"] == 2


def test_the_expected_wait_starts_from_the_catalogs_service_time(central):
    for _ in range(3):
        take_number(central, "B").report("printed")
    fourth = take_number(central, "B")
    assert fourth.issued is not None
    # Three ahead, 4 minutes each, no desk seen yet (counted as one).
    assert (fourth.issued["ahead"], fourth.issued["expected_wait_minutes"]) == (3, 12)
    fourth.report("printed")
    assert fourth.status()["queue"]["expected_wait_minutes"] == 12


@pytest.mark.parametrize(
    ("counter", "detail"),
    [
        ("F", "unit F closed at 00:00 today; numbers are given again tomorrow"),
        ("E", "unit E does not open today; numbers are given again on its next day"),
    ],
)
def test_a_closed_unit_gives_no_number(central, counter, detail):
    with central.signed_session(KIOSK_A.kiosk_id, KIOSK_A.secret) as session:
        response = session.post(
            f"{central.url}/v1/queue/{counter}/tickets",
            json={},
            headers={"Idempotency-Key": str(uuid.uuid4())},
            timeout=10,
        )
    assert assert_problem(response, 409, "unit-closed")["detail"] == detail


def test_a_ticket_that_arrives_after_its_unit_closed_is_stored_and_expires(central):
    late = offline_ticket(central, "F", prefix="K2")
    late.report("printed")
    status = late.status()
    assert status["status"] == "expired"
    assert status["queue"]["ahead"] is None


def test_a_ticket_of_an_earlier_day_expires(central):
    yesterday = offline_ticket(central, "C", prefix="K3", age=dt.timedelta(days=1))
    yesterday.report("printed")
    assert yesterday.status()["status"] == "expired"
