from __future__ import annotations

import pytest

from drivers.base import PrinterStatus
from kiosk.catalog import load_service_files
from kiosk.clock import ManualClock
from kiosk.identity import Identity, IdentitySource
from kiosk.services import IdentityRequirement
from kiosk.session import Outcome, Screen, Session, SessionError, Timing

CITIZEN = Identity(nik="3510014101900001", name="SITI", source=IdentitySource.TYPED)

QUEUE = load_service_files()[0]


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
    assert session.data.outcome == Outcome("K1-A001", "REF-1", "qr", printed=True)
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

    service = dataclasses.replace(QUEUE, identity=IdentityRequirement.REQUIRED)
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
    session.choose_service(dataclasses.replace(QUEUE, identity=IdentityRequirement.REQUIRED))
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


def done(session: Session, ok: bool, printer: PrinterStatus = PrinterStatus.ONLINE) -> None:
    fill_queue_form(session)
    session.submit()
    session.submitted(Outcome("K1-A001", "REF-1", "qr", check_code="1WK65CVVMRC"))
    session.printed(ok, "" if ok else "paper jam", printer)


def test_done_screen_returns_to_attract(session: Session, clock: ManualClock) -> None:
    done(session, ok=True)
    clock.advance(19)
    session.tick()
    assert session.seconds_left() == 1
    clock.advance(1)
    session.tick()
    assert session.screen is Screen.ATTRACT
    assert session.data.outcome is None


def test_a_number_shown_without_its_receipt_has_no_short_countdown(
    session: Session, clock: ManualClock
) -> None:
    done(session, ok=False, printer=PrinterStatus.PAPER_OUT)
    outcome = session.data.outcome
    assert outcome is not None and not outcome.printed
    assert outcome.printer is PrinterStatus.PAPER_OUT
    assert outcome.check_code == "1WK65CVVMRC"
    clock.advance(59)
    session.tick()
    assert session.screen is Screen.DONE  # long past the done screen's 20 s
    assert session.seconds_left() == 0
    # The idle warning still protects the next citizen: it comes, and answering it keeps
    # the number on screen; ignoring it wipes it.
    clock.advance(1)
    session.tick()
    assert session.screen is Screen.IDLE_WARNING
    assert session.content_screen is Screen.DONE
    session.resume()
    assert session.screen is Screen.DONE
    assert session.data.outcome == outcome
    clock.advance(60)
    session.tick()
    assert session.screen is Screen.IDLE_WARNING
    clock.advance(30)
    session.tick()
    assert session.screen is Screen.ATTRACT
    assert session.data.outcome is None


def test_a_touch_keeps_the_number_on_screen(session: Session, clock: ManualClock) -> None:
    done(session, ok=False)
    clock.advance(50)
    session.activity()
    clock.advance(50)
    session.tick()
    assert session.screen is Screen.DONE


def test_a_reprint_that_prints_starts_the_done_countdown(
    session: Session, clock: ManualClock
) -> None:
    done(session, ok=False)
    clock.advance(40)
    session.reprint_started()
    assert session.data.outcome is not None and session.data.outcome.reprinting
    with pytest.raises(SessionError, match="nothing to reprint"):
        session.reprint_started()  # one reprint at a time
    session.reprinted("REF-1", True, "printed", PrinterStatus.ONLINE)
    outcome = session.data.outcome
    assert outcome is not None
    assert outcome.printed and not outcome.reprinting and not outcome.reprint_failed
    assert session.seconds_left() == 20
    clock.advance(20)
    session.tick()
    assert session.screen is Screen.ATTRACT


def test_a_reprint_that_fails_leaves_the_number_on_screen(session: Session) -> None:
    done(session, ok=False)
    session.reprint_started()
    session.reprinted("REF-1", False, "paper out", PrinterStatus.PAPER_OUT)
    outcome = session.data.outcome
    assert outcome is not None and not outcome.printed and outcome.reprint_failed
    assert outcome.printer is PrinterStatus.PAPER_OUT
    assert session.seconds_left() == 0
    session.reprint_started()  # and it may be tried again


def test_a_reprint_answer_after_the_session_ended_changes_nothing(session: Session) -> None:
    done(session, ok=False)
    session.reprint_started()
    session.end()
    session.reprinted("REF-1", True, "printed", PrinterStatus.ONLINE)
    assert session.screen is Screen.ATTRACT
    assert session.data.outcome is None


def test_a_printed_receipt_is_not_reprinted_from_the_done_screen(session: Session) -> None:
    done(session, ok=True)
    with pytest.raises(SessionError):
        session.reprint_started()


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


# Form steps ------------------------------------------------------------------------------

SERVICES = {service.id: service for service in load_service_files()}


def test_form_steps_validate_before_moving_on(session: Session) -> None:
    sktm = SERVICES["sktm"]
    session.start()
    session.choose_service(sktm)
    session.identified(CITIZEN)
    session.set_field("for_whom", "self")
    assert session.next_step() is True
    assert session.current_step is sktm.steps[1]
    assert session.next_step() is False
    assert [p.field for p in session.data.problems] == ["purpose"]
    session.set_field("purpose", "hospital")
    assert session.next_step() is False
    assert [p.field for p in session.data.problems] == ["institution"]
    session.set_field("institution", "RSUD Blambangan")
    assert session.next_step() is True
    assert (session.screen, session.data.step) == (Screen.FORM, 2)
    session.back()
    assert (session.screen, session.data.step) == (Screen.FORM, 1)
    assert session.next_step()
    session.set_field("address", "Krajan/003/001")
    assert session.next_step()
    assert session.screen is Screen.REVIEW
    session.edit_step(1)
    assert (session.screen, session.data.step) == (Screen.FORM, 1)
    session.set_field("purpose", "bpjs")
    session.next_step()
    session.next_step()
    request = session.submit()
    assert request.identity is CITIZEN
    assert request.fields == {
        "for_whom": "self",
        "purpose": "bpjs",
        "address": "Krajan/003/001",
    }, "the hospital's name is not asked for BPJS, and not sent"


def test_back_from_review_returns_to_the_last_step(session: Session) -> None:
    session.start()
    session.choose_service(SERVICES["pengantar_ktp_kk"])
    session.identified(CITIZEN)
    session.set_field("document", "kk_new")
    session.next_step()
    session.set_field("address", "Sukosari/010/002")
    session.next_step()
    assert session.screen is Screen.REVIEW
    session.back()
    assert (session.screen, session.data.step) == (Screen.FORM, 1)
    session.previous_step()
    session.previous_step()
    assert session.screen is Screen.IDENTIFY


def test_a_form_cannot_be_submitted_unreviewed_or_invalid(session: Session) -> None:
    session.start()
    session.choose_service(SERVICES["rtlh"])
    session.identified(CITIZEN)
    with pytest.raises(SessionError, match="only on review"):
        session.submit()
    with pytest.raises(SessionError, match="has no field 'nik'"):
        session.set_field("nik", "1")
    assert session.review() is False
    assert session.data.step == 0
    assert session.data.problems[0].field == "owner"


def test_anonymous_complaint_skips_identity_only_where_allowed(session: Session) -> None:
    session.start()
    session.choose_service(SERVICES["pengaduan"])
    assert session.screen is Screen.IDENTIFY
    session.skip_identity()
    assert (session.screen, session.data.identity) == (Screen.FORM, None)
    session.back()
    session.back()
    session.choose_service(SERVICES["sktm"])
    with pytest.raises(SessionError, match="requires an identity"):
        session.skip_identity()


def test_information_has_no_steps_and_submits_nothing(session: Session) -> None:
    session.start()
    session.choose_service(SERVICES["informasi"])
    assert session.screen is Screen.FORM
    assert session.current_step is None
    with pytest.raises(SessionError, match="submit nothing"):
        session.submit()
    session.back()
    assert session.screen is Screen.HOME
