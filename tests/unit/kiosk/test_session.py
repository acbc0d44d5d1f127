from __future__ import annotations

import pytest

from kiosk.clock import ManualClock
from kiosk.identity import Identity, IdentitySource
from kiosk.services import load_services
from kiosk.session import Outcome, Screen, Session, SessionError, Timing

CITIZEN = Identity(nik="3510014101900001", name="SITI", source=IdentitySource.TYPED)

QUEUE = load_services()[0]


@pytest.fixture
def clock() -> ManualClock:
    return ManualClock()


@pytest.fixture
def session(clock: ManualClock) -> Session:
    return Session(clock, Timing(idle=60, warning=30, done=20))


def fill_queue_form(session: Session) -> None:
    session.start()
    session.set_language("en")
    session.choose_service(QUEUE)
    session.set_field("counter", "A")


def test_happy_path_through_every_state(session: Session) -> None:
    seen: list[Screen] = []
    session.on_change = lambda s: seen.append(s.screen)
    fill_queue_form(session)
    request = session.submit()
    assert request.fields == {"counter": "A"}
    assert request.language == "en"
    assert request.service is QUEUE
    session.submitted(Outcome("K1-A001", "REF-1", "qr"))
    session.printed(True)
    assert session.screen is Screen.DONE
    assert session.data.outcome == Outcome("K1-A001", "REF-1", "qr", True, "")
    session.end()
    assert session.screen is Screen.ATTRACT
    assert [s for i, s in enumerate(seen) if i == 0 or seen[i - 1] is not s] == [
        Screen.HOME,
        Screen.FORM,
        Screen.SUBMIT,
        Screen.PRINT,
        Screen.DONE,
        Screen.ATTRACT,
    ]


def test_each_submit_gets_a_new_idempotency_key(session: Session) -> None:
    fill_queue_form(session)
    first = session.submit()
    session.submit_failed()
    assert session.screen is Screen.FORM
    assert session.data.fields == {"counter": "A"}
    second = session.submit()
    assert first.idempotency_key != second.idempotency_key


def test_identity_services_go_through_identify(session: Session) -> None:
    import dataclasses

    service = dataclasses.replace(QUEUE, requires_identity=True)
    session.start()
    session.choose_service(service)
    assert session.screen is Screen.IDENTIFY
    session.identified(CITIZEN)
    assert session.screen is Screen.FORM
    session.back()
    assert session.screen is Screen.IDENTIFY
    session.back()
    assert session.screen is Screen.HOME
    assert session.data.identity is None


def test_idle_warning_gives_the_configured_time_then_wipes(
    session: Session, clock: ManualClock
) -> None:
    fill_queue_form(session)
    clock.advance(59)
    session.tick()
    assert session.screen is Screen.FORM
    clock.advance(1)
    session.tick()
    assert session.screen is Screen.IDLE_WARNING
    assert session.content_screen is Screen.FORM
    assert session.seconds_left() == 30
    clock.advance(29.5)
    session.tick()
    assert session.screen is Screen.IDLE_WARNING
    assert session.seconds_left() == 1
    clock.advance(0.5)
    session.tick()
    assert session.screen is Screen.ATTRACT
    assert session.data.fields == {}
    assert session.data.service is None
    assert session.data.identity is None
    assert session.data.outcome is None
    assert session.data.language == "id"


def test_wipe_removes_identity_and_fields(session: Session, clock: ManualClock) -> None:
    import dataclasses

    session.start()
    session.choose_service(dataclasses.replace(QUEUE, requires_identity=True))
    session.identified(CITIZEN)
    session.set_field("counter", "B")
    clock.advance(60)
    session.tick()
    clock.advance(30)
    session.tick()
    assert vars(session.data) == vars(type(session.data)())


def test_resume_returns_to_the_covered_screen_with_data(
    session: Session, clock: ManualClock
) -> None:
    fill_queue_form(session)
    clock.advance(60)
    session.tick()
    session.resume()
    assert session.screen is Screen.FORM
    assert session.data.fields == {"counter": "A"}
    clock.advance(59)
    session.tick()
    assert session.screen is Screen.FORM


def test_activity_postpones_the_warning(session: Session, clock: ManualClock) -> None:
    fill_queue_form(session)
    for _ in range(5):
        clock.advance(50)
        session.activity()
        session.tick()
    assert session.screen is Screen.FORM


def test_no_idle_warning_while_processing(session: Session, clock: ManualClock) -> None:
    fill_queue_form(session)
    session.submit()
    clock.advance(600)
    session.tick()
    assert session.screen is Screen.SUBMIT
    with pytest.raises(SessionError):
        session.end()


def test_done_screen_returns_to_attract(session: Session, clock: ManualClock) -> None:
    fill_queue_form(session)
    session.submit()
    session.submitted(Outcome("K1-A001", "REF-1", "qr"))
    session.printed(False, "paper jam")
    assert session.data.outcome is not None and not session.data.outcome.printed
    clock.advance(19)
    session.tick()
    assert session.seconds_left() == 1
    clock.advance(1)
    session.tick()
    assert session.screen is Screen.ATTRACT
    assert session.data.outcome is None


def test_warning_shorter_than_twenty_seconds_is_refused() -> None:
    with pytest.raises(ValueError, match="at least 20"):
        Timing(warning=19)


def test_out_of_service_wipes_and_restores(session: Session) -> None:
    fill_queue_form(session)
    session.set_out_of_service("printer gone")
    assert session.screen is Screen.OUT_OF_SERVICE
    assert session.out_of_service_reason == "printer gone"
    assert session.data.fields == {}
    with pytest.raises(SessionError):
        session.start()
    session.restore_service()
    assert session.screen is Screen.ATTRACT


@pytest.mark.parametrize(
    "action",
    [
        lambda s: s.submit(),
        lambda s: s.review(),
        lambda s: s.printed(True),
        lambda s: s.resume(),
        lambda s: s.identified(CITIZEN),
        lambda s: s.set_language("fr"),
    ],
)
def test_transitions_that_do_not_fit_are_refused(session: Session, action) -> None:
    with pytest.raises(SessionError):
        action(session)
    assert session.screen is Screen.ATTRACT
