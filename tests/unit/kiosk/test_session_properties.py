"""Whatever a citizen taps, in any order, the session only ever refuses with SessionError,
and once the idle warning runs out nothing personal is left."""

from __future__ import annotations

import contextlib
import dataclasses

from hypothesis import given, settings
from hypothesis import strategies as st

from kiosk.catalog import load_service_files
from kiosk.clock import ManualClock
from kiosk.identity import Identity, IdentitySource
from kiosk.services import IdentityRequirement
from kiosk.session import Outcome, Screen, Session, SessionData, SessionError, Timing

CITIZEN = Identity(nik="3510014101900001", name="SITI", source=IdentitySource.TYPED)

QUEUE = load_service_files()[0]
WITH_IDENTITY = dataclasses.replace(QUEUE, id="surat", identity=IdentityRequirement.REQUIRED)

ACTIONS = {
    "start": lambda s: s.start(),
    "language_en": lambda s: s.set_language("en"),
    "choose_queue": lambda s: s.choose_service(QUEUE),
    "choose_letter": lambda s: s.choose_service(WITH_IDENTITY),
    "identified": lambda s: s.identified(CITIZEN),
    "field": lambda s: s.set_field("counter", "A"),
    "review": lambda s: s.review(),
    "submit": lambda s: s.submit(),
    "submitted": lambda s: s.submitted(Outcome("K1-A001", "REF-1", "qr")),
    "submit_failed": lambda s: s.submit_failed(),
    "printed": lambda s: s.printed(True),
    "back": lambda s: s.back(),
    "end": lambda s: s.end(),
    "resume": lambda s: s.resume(),
    "activity": lambda s: s.activity(),
}


def assert_nothing_personal(session: Session) -> None:
    # The language is a display choice, not personal data; everything else must be empty.
    assert dataclasses.replace(session.data, language="id") == SessionData()


@settings(max_examples=300, deadline=None)
@given(
    st.lists(
        st.tuples(st.sampled_from(sorted(ACTIONS)), st.floats(min_value=0, max_value=200)),
        max_size=40,
    )
)
def test_any_tap_sequence_is_safe_and_timeouts_wipe(steps: list[tuple[str, float]]) -> None:
    clock = ManualClock()
    session = Session(clock, Timing(idle=60, warning=30, done=20))
    for name, pause in steps:
        with contextlib.suppress(SessionError):
            ACTIONS[name](session)
        clock.advance(pause)
        session.tick()
        if session.screen is Screen.ATTRACT:
            assert_nothing_personal(session)
    if session.screen not in (Screen.SUBMIT, Screen.PRINT):
        clock.advance(1000)
        session.tick()
        clock.advance(1000)
        session.tick()
        assert session.screen is Screen.ATTRACT
        assert_nothing_personal(session)
