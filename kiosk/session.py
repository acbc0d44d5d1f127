"""The citizen session: which screen is showing, what the citizen entered, and when it times out.

A plain state machine with an injected clock, like Electrum's wizard: QML only shows the
screen the session is in. Every personal value lives in ``SessionData`` so that a timeout
or a cancel can wipe all of it at once.
"""

from __future__ import annotations

import dataclasses
import enum
import logging
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field

from drivers.base import PrinterStatus
from kiosk.clock import Clock
from kiosk.forms import Problem, Step, drop_hidden, validate_fields
from kiosk.hall import QueuePlace
from kiosk.identity import Identity
from kiosk.services import Flow, IdentityRequirement, Service
from kiosk.text import DEFAULT_LANGUAGE, LANGUAGES, NO_TEXT, LocalizedText

log = logging.getLogger("kiosk.session")

MIN_WARNING_SECONDS = 20


class Screen(enum.Enum):
    """Every state of a session; the UI has one screen for each."""

    ATTRACT = "attract"
    HOME = "home"
    IDENTIFY = "identify"
    FORM = "form"
    REVIEW = "review"
    SUBMIT = "submit"
    PRINT = "print"
    DONE = "done"
    IDLE_WARNING = "idle_warning"
    OUT_OF_SERVICE = "out_of_service"


# Screens where a citizen is mid-way and an idle warning protects their work (and the done
# screen of a receipt that did not print, which has no short countdown: ``seconds_left``).
_WATCHED = frozenset({Screen.HOME, Screen.IDENTIFY, Screen.FORM, Screen.REVIEW})


class SessionError(Exception):
    """A transition that the current screen does not allow (a UI bug, never a citizen's)."""


@dataclass(frozen=True)
class SubmitRequest:
    """A snapshot of what the citizen submitted; the idempotency key makes retries safe."""

    idempotency_key: str
    service: Service
    fields: dict[str, str]
    language: str
    identity: Identity | None = None


@dataclass(frozen=True)
class Outcome:
    """What the done screen shows: the number, the reference and check code, whether it printed.

    Attributes:
        number: the short number (``K1-A001``, ``K1-SKTM0001``).
        reference: the request's reference, as in the QR.
        qr_payload: the receipt QR's text.
        check_code: the check a citizen types with the reference to check the status.
        printed: the printer confirmed the receipt.
        detail: the printer's exact word on it, for the log and technicians.
        printer: the printer's state after the print, so the screen says why it failed.
        reprinting: "Cetak ulang" was tapped and its print has not answered yet.
        reprint_failed: a reprint answered, and the receipt still did not print.
        place: for a queue ticket numbered by central, how many wait before it and the
            expected wait at issue; None when the kiosk numbered it (offline) or for a form.

    """

    number: str
    reference: str
    qr_payload: str
    check_code: str = ""
    printed: bool = False
    detail: str = ""
    printer: PrinterStatus = PrinterStatus.ONLINE
    reprinting: bool = False
    reprint_failed: bool = False
    place: QueuePlace | None = None


@dataclass
class SessionData:
    """Everything personal in a session; replaced whole on wipe."""

    language: str = DEFAULT_LANGUAGE
    service: Service | None = None
    identity: Identity | None = None
    fields: dict[str, str] = field(default_factory=dict)
    outcome: Outcome | None = None
    #: The form step on screen (0-based).
    step: int = 0
    #: What the last "next" or "review" found wrong, shown under each field.
    problems: tuple[Problem, ...] = ()
    #: The last submit could not be committed: the screen it came back to apologises.
    submit_failed: bool = False
    #: Why, when the citizen can be told more than "try again" (a queue unit closed).
    submit_problem: LocalizedText = NO_TEXT


@dataclass(frozen=True)
class Timing:
    """Session timeouts in seconds."""

    idle: float = 60
    warning: float = 30
    done: float = 20

    def __post_init__(self) -> None:
        if self.warning < MIN_WARNING_SECONDS:
            raise ValueError(f"idle warning must give at least {MIN_WARNING_SECONDS} s")


class Session:
    """The state machine behind the citizen screens.

    Call ``tick`` regularly (the UI does, every quarter second); it applies the idle
    and done timeouts. ``on_change`` is called after every change of screen or data;
    the UI sets it once it has built the object that shows the session.
    """

    def __init__(
        self,
        clock: Clock,
        timing: Timing,
        default_language: str = DEFAULT_LANGUAGE,
        on_change: Callable[[Session], None] | None = None,
    ) -> None:
        self._clock = clock
        self.timing = timing
        self._default_language = default_language
        self.on_change = on_change
        self.data = SessionData(language=default_language)
        self._screen = Screen.ATTRACT
        self._resume: Screen | None = None
        self._submitted_from = Screen.FORM
        self._since = clock.monotonic()
        self._last_activity = self._since
        self.out_of_service_reason = ""

    @property
    def screen(self) -> Screen:
        """The state the session is in."""
        return self._screen

    @property
    def content_screen(self) -> Screen:
        """The screen under the idle warning (or the current one when there is none)."""
        return (
            self._resume if self._screen is Screen.IDLE_WARNING and self._resume else self._screen
        )

    def seconds_left(self) -> int:
        """Whole seconds until the idle warning or done screen times out; 0 where none runs.

        A done screen whose receipt did not print has no countdown of its own: the citizen
        copies the reference and check code at their pace, and the idle warning still
        protects the next citizen.
        """
        now = self._clock.monotonic()
        if self._screen is Screen.IDLE_WARNING:
            remaining = self.timing.warning - (now - self._since)
        elif self._screen is Screen.DONE and self._receipt_in_hand():
            remaining = self.timing.done - (now - self._since)
        else:
            return 0
        return max(0, int(remaining + 0.999))

    # Citizen actions ---------------------------------------------------------------------

    def start(self) -> None:
        """A touch on the attract screen opens the home grid."""
        self._require(Screen.ATTRACT)
        self._go(Screen.HOME)

    def activity(self) -> None:
        """Any touch or key anywhere: the citizen is still here, so idle starts again."""
        self._last_activity = self._clock.monotonic()

    def resume(self) -> None:
        """The citizen answered the idle warning: back to the screen it covered."""
        self._require(Screen.IDLE_WARNING)
        target = self._resume or Screen.HOME
        self._resume = None
        self._go(target)

    def set_language(self, language: str) -> None:
        """Switch the language of the screens and of the receipt."""
        if language not in LANGUAGES:
            raise SessionError(f"unknown language {language!r}")
        self.activity()
        if language != self.data.language:
            self.data.language = language
            self._changed()

    def choose_service(self, service: Service) -> None:
        """Start a service from the home grid."""
        self._require(Screen.HOME)
        self.data.service = service
        self.data.step = 0
        self._go(Screen.IDENTIFY if service.asks_identity else Screen.FORM)

    def identified(self, identity: Identity) -> None:
        """The citizen proved who they are; go on to the form."""
        self._require(Screen.IDENTIFY)
        self.data.identity = identity
        self._go(Screen.FORM)

    def skip_identity(self) -> None:
        """Go on without identifying, where the service allows it (an anonymous complaint)."""
        self._require(Screen.IDENTIFY)
        if self._service().identity is not IdentityRequirement.OPTIONAL:
            raise SessionError(f"{self._service().id} requires an identity")
        self.data.identity = None
        self._go(Screen.FORM)

    def set_field(self, name: str, value: str) -> None:
        """Store one form value; its problem, if one was shown, goes away."""
        self._require(Screen.FORM, Screen.REVIEW)
        service = self._service()
        if service.flow is Flow.FORM and name not in {f.name for f in service.fields}:
            raise SessionError(f"{service.id} has no field {name!r}")
        self.data.fields[name] = value
        self.data.problems = tuple(p for p in self.data.problems if p.field != name)
        self.data.submit_failed = False
        self.activity()
        self._changed()

    @property
    def steps(self) -> tuple[Step, ...]:
        """The chosen service's form steps (none for queue and information flows)."""
        return self.data.service.steps if self.data.service is not None else ()

    @property
    def current_step(self) -> Step | None:
        """The step on screen, if the service has a form."""
        steps = self.steps
        return steps[self.data.step] if 0 <= self.data.step < len(steps) else None

    def next_step(self) -> bool:
        """Check the step on screen; go on to the next one (or the review) if it is valid."""
        self._require(Screen.FORM)
        step = self.current_step
        if step is None:
            raise SessionError("this service has no form steps")
        problems = validate_fields(step.fields, self.data.fields, self._clock.now().date())
        self.activity()
        if problems:
            log.info("Step %d: %s", self.data.step, "; ".join(p.detail for p in problems))
            self.data.problems = problems
            self._changed()
            return False
        self.data.problems = ()
        if self.data.step + 1 < len(self.steps):
            self.data.step += 1
            self._changed()
        else:
            self._go(Screen.REVIEW)
        return True

    def previous_step(self) -> None:
        """One step back in the form; from the first step, back out of the form."""
        self._require(Screen.FORM)
        self.back()

    def review(self) -> bool:
        """Show the summary before submitting, if the whole form is valid."""
        self._require(Screen.FORM)
        problems = self.form_problems()
        if problems:
            self.data.problems = problems
            self.data.step = self._step_of(problems[0].field)
            self._changed()
            return False
        self._go(Screen.REVIEW)
        return True

    def edit_step(self, index: int) -> None:
        """From the review, change the answers of one step."""
        self._require(Screen.REVIEW)
        if not 0 <= index < len(self.steps):
            raise SessionError(f"no step {index}")
        self.data.step = index
        self.data.problems = ()
        self._go(Screen.FORM)

    def form_problems(self) -> tuple[Problem, ...]:
        """Everything wrong with the whole form now (empty when it may be submitted)."""
        fields = (item for step in self.steps for item in step.fields)
        return validate_fields(fields, self.data.fields, self._clock.now().date())

    def submit(self) -> SubmitRequest:
        """Freeze what was entered into a request; the caller journals it and prints.

        A form is submitted from its review, and only when every answer is valid.
        """
        self._require(Screen.FORM, Screen.REVIEW)
        service = self._service()
        if service.flow is Flow.FORM:
            self._require(Screen.REVIEW)
            problems = self.form_problems()
            if problems:
                raise SessionError("invalid form: " + "; ".join(p.detail for p in problems))
        elif service.flow is not Flow.QUEUE_TICKET:
            raise SessionError(f"{service.flow.value} services submit nothing")
        request = SubmitRequest(
            idempotency_key=str(uuid.uuid4()),
            service=service,
            fields=drop_hidden(service.fields, self.data.fields),
            language=self.data.language,
            identity=self.data.identity,
        )
        self._submitted_from = self._screen
        self._go(Screen.SUBMIT)
        return request

    def submitted(self, outcome: Outcome) -> None:
        """The request is committed to the journal; the receipt is printing next."""
        self._require(Screen.SUBMIT)
        self.data.outcome = outcome
        self._go(Screen.PRINT)

    def submit_failed(self, problem: LocalizedText = NO_TEXT) -> None:
        """Committing failed: back to the form with everything the citizen entered.

        ``problem`` says why when it is more than a passing failure (a queue unit closed).
        """
        self._require(Screen.SUBMIT)
        self._go(self._submitted_from, submit_failed=True)
        self.data.submit_problem = problem
        self._changed()

    def printed(
        self, ok: bool, detail: str = "", printer: PrinterStatus = PrinterStatus.ONLINE
    ) -> None:
        """The printer finished (or failed): show the done screen either way."""
        self._require(Screen.PRINT)
        outcome = self.data.outcome
        if outcome is None:
            raise SessionError("printed() before submitted()")
        self.data.outcome = dataclasses.replace(outcome, printed=ok, detail=detail, printer=printer)
        self._go(Screen.DONE)

    def reprint_started(self) -> None:
        """The citizen tapped "Cetak ulang" on a done screen whose receipt did not print."""
        self._require(Screen.DONE)
        outcome = self.data.outcome
        if outcome is None or outcome.printed or outcome.reprinting:
            raise SessionError("nothing to reprint on this done screen")
        self.data.outcome = dataclasses.replace(outcome, reprinting=True)
        self.activity()
        self._changed()

    def reprinted(self, reference: str, ok: bool, detail: str, printer: PrinterStatus) -> None:
        """A reprint answered; ignored unless its done screen is still the citizen's.

        Once printed, the done screen's countdown starts from now, as after a first print.
        """
        outcome = self.data.outcome
        if outcome is None or outcome.reference != reference:
            log.info("Reprint of %s answered after its session ended", reference)
            return
        self.data.outcome = dataclasses.replace(
            outcome,
            printed=ok,
            detail=detail,
            printer=printer,
            reprinting=False,
            reprint_failed=not ok,
        )
        if ok and self._screen is Screen.DONE:
            self._go(Screen.DONE)
        else:
            self._changed()

    def back(self) -> None:
        """One step back; from home it ends the session."""
        previous = {
            Screen.HOME: Screen.ATTRACT,
            Screen.IDENTIFY: Screen.HOME,
            Screen.FORM: Screen.IDENTIFY if self._needs_identity() else Screen.HOME,
            Screen.REVIEW: Screen.FORM,
        }
        self.data.problems = ()
        if self._screen is Screen.FORM and self.data.step > 0:
            self.data.step -= 1
            self.activity()
            self._changed()
            return
        if self._screen is Screen.REVIEW:
            self.data.step = max(0, len(self.steps) - 1)
        if self._screen not in previous:
            raise SessionError(f"no way back from {self._screen.value}")
        target = previous[self._screen]
        if target is Screen.ATTRACT:
            self.end()
            return
        if target is Screen.HOME:
            self.data = SessionData(language=self.data.language)
        self._go(target)

    def end(self) -> None:
        """Finish or cancel: wipe every personal value and return to attract."""
        if self._screen in (Screen.SUBMIT, Screen.PRINT):
            raise SessionError("cannot end a session while its request is being processed")
        self._wipe()
        self._go(Screen.ATTRACT)

    # Kiosk-level changes -----------------------------------------------------------------

    def set_out_of_service(self, reason: str) -> None:
        """Take the kiosk out of service (a technician or a fatal device fault)."""
        log.warning("Out of service: %s", reason)
        self.out_of_service_reason = reason
        self._wipe()
        self._go(Screen.OUT_OF_SERVICE)

    def restore_service(self) -> None:
        """Back into service, on the attract screen."""
        self._require(Screen.OUT_OF_SERVICE)
        self.out_of_service_reason = ""
        self._go(Screen.ATTRACT)

    def tick(self) -> None:
        """Apply the timeouts; cheap, so the UI may call it often."""
        now = self._clock.monotonic()
        watched = self._screen in _WATCHED or (
            self._screen is Screen.DONE and not self._receipt_in_hand()
        )
        if watched and now - self._last_activity >= self.timing.idle:
            self._resume = self._screen
            log.info(
                "Idle for %.0f s on %s: warning", now - self._last_activity, self._screen.value
            )
            self._go(Screen.IDLE_WARNING)
        elif self._screen is Screen.IDLE_WARNING and now - self._since >= self.timing.warning:
            log.info("Idle warning expired: wiping the session")
            self._wipe()
            self._go(Screen.ATTRACT)
        elif (
            self._screen is Screen.DONE
            and self._receipt_in_hand()
            and now - self._since >= self.timing.done
        ):
            self.end()

    # Internals ---------------------------------------------------------------------------

    def _receipt_in_hand(self) -> bool:
        """Whether the done screen's receipt printed: only then does the short countdown run."""
        outcome = self.data.outcome
        return outcome is not None and outcome.printed

    def _service(self) -> Service:
        if self.data.service is None:
            raise SessionError("no service chosen")
        return self.data.service

    def _needs_identity(self) -> bool:
        return self.data.service is not None and self.data.service.asks_identity

    def _step_of(self, name: str) -> int:
        for index, step in enumerate(self.steps):
            if any(item.name == name for item in step.fields):
                return index
        return self.data.step

    def _require(self, *screens: Screen) -> None:
        if self._screen not in screens:
            allowed = ", ".join(screen.value for screen in screens)
            raise SessionError(f"not allowed on {self._screen.value} (only on {allowed})")

    def _wipe(self) -> None:
        self.data = SessionData(language=self._default_language)
        self._resume = None

    def _go(self, screen: Screen, *, submit_failed: bool = False) -> None:
        log.debug("Screen %s -> %s", self._screen.value, screen.value)
        self._screen = screen
        self.data.submit_failed = submit_failed
        self.data.submit_problem = NO_TEXT
        self._since = self._clock.monotonic()
        self._last_activity = self._since
        self._changed()

    def _changed(self) -> None:
        if self.on_change is not None:
            self.on_change(self)
