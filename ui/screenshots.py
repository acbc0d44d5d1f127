"""``kiosk screenshots``: every screen of every flow, rendered offscreen, in both languages.

The session is driven directly (not by taps), and requests go through the kiosk's own
issuer on a runner that works in place and shoots the screen before each step, so screens
that normally flash by, such as "printing", can be captured; the keyboard and the number
pad open as a finger opens them, by a tap on the field. Devices are simulated and data goes
to a temporary folder.
"""

from __future__ import annotations

import dataclasses
import logging
import random
import sys
import tempfile
import uuid
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import TypeVar

from PySide6.QtCore import QEvent, QPointF, Qt
from PySide6.QtGui import QGuiApplication, QMouseEvent
from PySide6.QtQuick import QQuickItem, QQuickWindow

from drivers.base import DocumentPrinterStatus, PrinterStatus
from drivers.simulated import SimulatedCardReader, SimulatedPrinter, SimulatedScanner
from drivers.simulated.document_printer import SimulatedDocumentPrinter
from kiosk.clock import ShiftedClock
from kiosk.config import Config
from kiosk.forms import DIGIT_KINDS, Field, FieldKind, Step
from kiosk.identify import MESSAGES as IDENTIFY_MESSAGES
from kiosk.identify import (
    CardLookup,
    CardResult,
    Confirmation,
    ConfirmResult,
    ConfirmWith,
    locked_message,
)
from kiosk.issuing import InlineRunner, Issuer
from kiosk.journal import ExtraCopy
from kiosk.maintenance import SCREENS, LetterLookup
from kiosk.pickup import (
    Fetched,
    Letter,
    LetterList,
    LetterState,
    ListResult,
    PickupOutcome,
    PrintResult,
    Proof,
    first_page_png,
)
from kiosk.processor import COUNTER_FIELD
from kiosk.scan import kiosk_reference_prefix
from kiosk.security import Role, set_pin
from kiosk.services import Category, Flow, Service
from kiosk.session import SubmitRequest
from kiosk.signing import receipt_qr_payload
from kiosk.simulate import sample_identity, sample_value
from kiosk.status import MESSAGES as STATUS_MESSAGES
from kiosk.status import StatusAnswer, StatusResult, status_answer
from kiosk.text import LANGUAGES, LocalizedText
from ui.app import KioskApp, LaunchOptions, ensure_offscreen, gui_application
from ui.offscreen import grab, settle

log = logging.getLogger("ui.screenshots")

#: A registered card as central's lookup describes it: masked, confirmed by date of birth.
SAMPLE_CARD = CardLookup(
    CardResult.CONFIRM,
    "04A1B2C3D4E5F6",
    masked_nik="351001******0001",
    masked_name="S*** A*****",
    confirm_with=ConfirmWith.BIRTH_DATE,
)

SCREENSHOT_PIN = "24681357"

#: The identify step's screens, in the order the tour shows them.
IDENTIFY_SCREENS = (
    "identify",
    "identify_nik_typing",
    "identify_nik_invalid",
    "identify_card_confirm",
    "identify_card_date_chosen",
    "identify_card_wrong_date",
    "identify_card_pin",
    "identify_card_locked",
    "identify_anonymous_allowed",
    "identify_reader_unavailable",
    "identify_reader_unavailable_anonymous_allowed",
)


@dataclasses.dataclass(frozen=True)
class _Look:
    """How a screen is shot: the file name's suffix and the citizen's accessibility choices."""

    suffix: str
    large_text: bool = False
    high_contrast: bool = False


#: Each identify screen is shot as is, in large text and in high contrast.
_IDENTIFY_LOOKS = (
    _Look(""),
    _Look("_large_text", large_text=True),
    _Look("_high_contrast", high_contrast=True),
)

_T = TypeVar("_T")


class _ShotRunner:
    """Runs issuing's steps in place; shoots the screen on show before each step it is told."""

    def __init__(self) -> None:
        self.before: list[Callable[[], None]] = []

    def run(self, work: Callable[[], _T], then: Callable[[_T | Exception], None]) -> None:
        if self.before:
            self.before.pop(0)()
        InlineRunner().run(work, then)


#: Typed on the on-screen keyboard; the others of ``_PADDED`` on the number pad.
_KEYBOARD_KINDS = frozenset({FieldKind.TEXT, FieldKind.LONG_TEXT})
_PADDED = DIGIT_KINDS | {FieldKind.LOCATION}


def revealing_answers(service: Service) -> dict[str, str]:
    """Answers that show every conditional question (the first value each condition names)."""
    answers: dict[str, str] = {}
    for item in service.fields:
        if item.shown_when is not None:
            answers.setdefault(item.shown_when.field, item.shown_when.values[0])
    return answers


def typing_field(service: Service, step: Step) -> tuple[Field, str] | None:
    """The step's first question typed on the keyboard or the pad, and which of the two."""
    answers = revealing_answers(service)
    for item in step.fields:
        if item.shown(answers) and item.kind in _KEYBOARD_KINDS | _PADDED:
            return item, "keyboard" if item.kind in _KEYBOARD_KINDS else "pad"
    return None


def identify_screens() -> list[str]:
    """Every identify screen of the tour, in each of its looks."""
    return [f"{name}{look.suffix}" for look in _IDENTIFY_LOOKS for name in IDENTIFY_SCREENS]


def step_screens(service: Service) -> list[str]:
    """A form's step screens: each step, with its keyboard or pad open, and an unset date."""
    names = []
    for number, step in enumerate(service.steps, 1):
        names.append(f"{service.id}_step{number}")
        typed = typing_field(service, step)
        if typed is not None:
            names.append(f"{service.id}_step{number}_{typed[1]}")
        if any(item.kind is FieldKind.DATE for item in step.fields):
            names.append(f"{service.id}_step{number}_unset")
    return names


def take_screenshots(config: Config, out_dir: Path, size: tuple[int, int]) -> int:
    """Write ``<screen>_<language>.png`` for every screen; returns the exit status."""
    ensure_offscreen()
    out_dir.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="kiosk-screenshots-") as data_dir:
        # The tour's PIN and its pepper stay in the temporary folder, with everything else.
        pepper_file = str(Path(data_dir) / "etc" / "pin-pepper")
        config = dataclasses.replace(
            config,
            kiosk=dataclasses.replace(config.kiosk, data_dir=str(Path(data_dir) / "data")),
            maintenance=dataclasses.replace(config.maintenance, pepper_file=pepper_file),
        )
        clock = ShiftedClock()
        qt_app = gui_application(["kiosk"])
        kiosk = KioskApp(config, LaunchOptions(windowed=True, size=size, simulated=True), clock)
        kiosk.build(qt_app)
        kiosk.show()
        try:
            written = [
                path for language in LANGUAGES for path in _tour(kiosk, clock, language, out_dir)
            ]
        finally:
            kiosk.shutdown()
    for path in written:
        sys.stdout.write(f"{path}\n")
    sys.stdout.write(f"screenshots: {len(written)} written at {size[0]}x{size[1]}\n")
    return 0


def _tour(kiosk: KioskApp, clock: ShiftedClock, language: str, out_dir: Path) -> list[Path]:
    session = kiosk.session
    printer = kiosk.devices.printer
    assert isinstance(printer, SimulatedPrinter)
    window = kiosk.window
    assert window is not None
    written: list[Path] = []

    def shot(name: str) -> None:
        path = out_dir / f"{name}_{language}.png"
        if not grab(window).save(str(path)):
            raise OSError(f"could not write {path}")
        written.append(path)

    queue = kiosk.services[0]
    counter = queue.counters[0].code
    runner = _ShotRunner()
    issuer = Issuer(kiosk.processor, kiosk.journal, kiosk.core.catalog_keeper, runner)

    def take_number(fail_print: bool) -> None:
        session.start()
        session.set_language(language)
        session.choose_service(queue)
        if fail_print:
            printer.set_fail_next("simulated paper jam")
        else:
            runner.before = [lambda: shot("submit"), lambda: shot("print")]
        issuer.take_ticket(session, counter)
        name = "done_print_failed" if fail_print else "done"
        shot(name)
        kiosk.accessibility_backend.setLargeText(True)
        shot(f"{name}_large_text")
        if fail_print:
            kiosk.accessibility_backend.setLargeText(False)
            kiosk.accessibility_backend.setHighContrast(True)
            shot(f"{name}_high_contrast")
        session.end()

    session.set_language(language)
    shot("attract")
    session.start()
    session.set_language(language)
    shot("home")
    access = kiosk.accessibility_backend
    printer.set_status(PrinterStatus.PAPER_OUT)
    shot("home_paper_out")
    access.setLargeText(True)
    shot("home_paper_out_large_text")
    access.setLargeText(False)
    access.setHighContrast(True)
    shot("home_paper_out_high_contrast")
    access.setHighContrast(False)
    printer.set_status(PrinterStatus.ONLINE)
    access.setLargeText(True)
    shot("home_large_text")
    access.setLargeText(False)
    _groups_tour(kiosk, shot)
    access.setHighContrast(True)
    shot("home_high_contrast")
    access.setHighContrast(False)
    session.choose_service(queue)
    shot("queue_counter")
    clock.advance(kiosk.config.ui.idle_seconds)
    session.tick()
    shot("idle_warning")
    session.end()
    take_number(fail_print=False)
    take_number(fail_print=True)
    _paper_out_letter(kiosk, issuer, shot, language)
    session.set_out_of_service("screenshots")
    session.set_language(language)
    shot("out_of_service")
    session.restore_service()
    _services_tour(kiosk, issuer, shot, language)
    _identify_and_status_tour(kiosk, shot, language)
    _pickup_tour(kiosk, shot, language)
    _cut_off_receipt(kiosk, language)
    _maintenance_tour(kiosk, language, shot)
    return written


def _paper_out_letter(
    kiosk: KioskApp, issuer: Issuer, shot: Callable[[str], None], language: str
) -> None:
    """A letter asked for while the paper is out: its number and check code on screen."""
    session, printer = kiosk.session, kiosk.devices.printer
    assert isinstance(printer, SimulatedPrinter)
    letter = next(s for s in kiosk.services if s.requires_identity and s.flow is Flow.FORM)
    rng = random.Random(11)
    today = kiosk.clock.now().date()
    printer.set_status(PrinterStatus.PAPER_OUT)
    session.start()
    session.set_language(language)
    session.choose_service(letter)
    session.identified(sample_identity(rng, today))
    answers = revealing_answers(letter)
    for item in letter.fields:
        session.set_field(item.name, answers.get(item.name) or sample_value(item, rng, today))
    if not session.review():
        raise RuntimeError(f"sample answers for {letter.id}: {session.data.problems}")
    issuer.submit(session)
    shot("done_paper_out")
    kiosk.accessibility_backend.setLargeText(True)
    shot("done_paper_out_large_text")
    session.end()
    printer.set_status(PrinterStatus.ONLINE)


def _cut_off_receipt(kiosk: KioskApp, language: str) -> None:
    """A ticket committed just before a stop: the next start settles its receipt as unknown."""
    queue = kiosk.services[0]
    request = SubmitRequest(
        str(uuid.uuid4()), queue, {COUNTER_FIELD: queue.counters[-1].code}, language
    )
    kiosk.processor.commit(request)
    kiosk.journal.settle_unknown()


def _groups_tour(kiosk: KioskApp, shot: Callable[[str], None]) -> None:
    """Each group of several services on home, opened as its tile's tap opens it."""
    assert kiosk.window is not None
    home = _find_item(kiosk.window.contentItem(), "homeScreen")
    if home is None:
        raise RuntimeError("the home screen did not load")
    for category in Category:
        if sum(service.category is category for service in kiosk.services) < 2:
            continue
        home.setProperty("openCategory", category.value)
        shot(f"home_group_{category.value}")
        kiosk.accessibility_backend.setLargeText(True)
        shot(f"home_group_{category.value}_large_text")
        kiosk.accessibility_backend.setLargeText(False)
    home.setProperty("openCategory", "")


def _services_tour(
    kiosk: KioskApp, issuer: Issuer, shot: Callable[[str], None], language: str
) -> None:
    """Each form's steps (keyboard or pad open, date unset), review and done; information."""
    session = kiosk.session
    rng = random.Random(7)
    today = kiosk.clock.now().date()
    for service in kiosk.services:
        if service.flow not in (Flow.FORM, Flow.INFORMATION):
            continue
        session.start()
        session.set_language(language)
        session.choose_service(service)
        if service.flow is Flow.INFORMATION:
            shot(f"{service.id}_pages")
            assert kiosk.window is not None
            screen = _find_item(kiosk.window.contentItem(), "informationScreen")
            if screen is None:
                raise RuntimeError("the information screen did not load")
            screen.setProperty("showBudget", True)
            shot(f"{service.id}_budget")
            session.end()
            continue
        if service.asks_identity:
            session.identified(sample_identity(rng, today))
        session.next_step()
        shot(f"{service.id}_errors")
        reveal = revealing_answers(service)
        for index, step in enumerate(service.steps):
            name = f"{service.id}_step{index + 1}"
            for item in step.fields:
                if item.name in reveal:
                    session.set_field(item.name, reveal[item.name])
            if any(item.kind is FieldKind.DATE for item in step.fields):
                shot(f"{name}_unset")
            typed = typing_field(service, step)
            if typed is not None:
                _open_typing(kiosk, typed[0])
                shot(f"{name}_{typed[1]}")
                _close_typing(kiosk)
            for item in step.fields:
                if item.name not in reveal:
                    session.set_field(item.name, sample_value(item, rng, today))
            shot(name)
            session.next_step()
        shot(f"{service.id}_review")
        issuer.submit(session)
        shot(f"{service.id}_done")
        session.end()


def _open_typing(kiosk: KioskApp, item: Field) -> None:
    """Tap the field as a finger would: the keyboard or the pad opens under it."""
    window = kiosk.window
    assert window is not None
    name = f"input_{item.name}_rt" if item.kind is FieldKind.LOCATION else f"input_{item.name}"
    settle()
    field = _find_item(window.contentItem(), name)
    if field is None:
        raise RuntimeError(f"no field {name} on screen")
    _scroll_to(field)
    _tap(window, field)
    _settle_until(lambda: _typing_open(window))


def _close_typing(kiosk: KioskApp) -> None:
    """Tap "Selesai mengetik" on the keyboard's bar or the pad."""
    window = kiosk.window
    assert window is not None
    for name in ("doneTyping", "padKey_ok"):
        button = _find_item(window.contentItem(), name)
        if button is not None and button.isVisible():
            _tap(window, button)
    _settle_until(lambda: not _typing_open(window))


def _typing_open(window: QQuickWindow) -> bool:
    keyboard = _find_item(window.contentItem(), "keyboardArea")
    pad = _find_item(window.contentItem(), "formPadPanel")
    return bool(
        (keyboard is not None and keyboard.property("active"))
        or (pad is not None and pad.isVisible())
    )


def _scroll_to(item: QQuickItem) -> None:
    """Bring ``item`` into its scrolling area's view, as a citizen scrolling would."""
    flick = item.parentItem()
    while flick is not None and not flick.inherits("QQuickFlickable"):
        flick = flick.parentItem()
    if flick is None:
        return
    top = item.mapToItem(flick.property("contentItem"), QPointF(0, 0)).y()
    room = float(flick.property("contentHeight")) - flick.height()
    flick.setProperty("contentY", max(0.0, min(top - flick.height() / 3, room)))
    settle()


def _tap(window: QQuickWindow, item: QQuickItem) -> None:
    centre = item.mapToScene(QPointF(item.width() / 2, item.height() / 2))
    for kind, buttons in (
        (QEvent.Type.MouseButtonPress, Qt.MouseButton.LeftButton),
        (QEvent.Type.MouseButtonRelease, Qt.MouseButton.NoButton),
    ):
        event = QMouseEvent(
            kind,
            centre,
            centre,
            Qt.MouseButton.LeftButton,
            buttons,
            Qt.KeyboardModifier.NoModifier,
        )
        QGuiApplication.sendEvent(window, event)
    settle()


def _open_service(kiosk: KioskApp, language: str, service: Service) -> None:
    """A new session in ``language``, in ``service``."""
    kiosk.session.start()
    kiosk.session.set_language(language)
    kiosk.session.choose_service(service)


def walk_identify_screens(
    kiosk: KioskApp, open_service: Callable[[Service], None]
) -> Iterator[str]:
    """Set up each identify screen in turn; yields its name (``IDENTIFY_SCREENS``) once set.

    ``open_service`` starts a session in a service: the tour's sets the language and the
    look, a test's its own. The reader is back up when the walk ends.
    """
    session, identify = kiosk.session, kiosk.identify_backend
    letter = next(s for s in kiosk.services if s.requires_identity)
    complaint = next(s for s in kiosk.services if s.asks_identity and not s.requires_identity)
    reader = kiosk.devices.card_reader
    assert isinstance(reader, SimulatedCardReader)
    open_service(letter)
    yield "identify"
    identify.typeNik()
    for digit in "35100132":
        identify.digit(digit)
    yield "identify_nik_typing"
    for digit in "02900001":
        identify.digit(digit)
    identify.submit()
    yield "identify_nik_invalid"
    identify.preview_card(SAMPLE_CARD)
    yield "identify_card_confirm"
    for part, delta in (("year", -10), ("year", -4), ("month", 5), ("day", 16)):
        identify.stepBirthDate(part, delta)
    yield "identify_card_date_chosen"
    identify.preview_confirmation(
        Confirmation(ConfirmResult.WRONG, IDENTIFY_MESSAGES["wrong_birth_date"], "screenshots")
    )
    yield "identify_card_wrong_date"
    identify.preview_card(dataclasses.replace(SAMPLE_CARD, confirm_with=ConfirmWith.PIN))
    for digit in "2468":
        identify.digit(digit)
    yield "identify_card_pin"
    identify.preview_confirmation(
        Confirmation(ConfirmResult.LOCKED, locked_message(900), "screenshots")
    )
    yield "identify_card_locked"
    session.end()
    open_service(complaint)
    yield "identify_anonymous_allowed"
    session.end()
    reader.set_available(False, "screenshots")
    try:
        for service, name in (
            (letter, "identify_reader_unavailable"),
            (complaint, "identify_reader_unavailable_anonymous_allowed"),
        ):
            open_service(service)
            yield name
            session.end()
    finally:
        reader.set_available(True)


def _identify_tour(
    kiosk: KioskApp, shot: Callable[[str], None], language: str, look: _Look
) -> None:
    """The identify step in one look: choice, NIK pad, card confirmation, reader down."""

    def open_service(service: Service) -> None:
        _open_service(kiosk, language, service)
        # Once the session started: each one begins in the default look.
        kiosk.accessibility_backend.setLargeText(look.large_text)
        kiosk.accessibility_backend.setHighContrast(look.high_contrast)

    for name in walk_identify_screens(kiosk, open_service):
        shot(f"{name}{look.suffix}")


def _identify_and_status_tour(kiosk: KioskApp, shot: Callable[[str], None], language: str) -> None:
    """The identify step in each of its looks, and the status check."""
    session = kiosk.session
    status = next(s for s in kiosk.services if s.flow is Flow.STATUS_CHECK)
    for look in _IDENTIFY_LOOKS:
        _identify_tour(kiosk, shot, language, look)
    _open_service(kiosk, language, status)
    shot("status_check")
    kiosk.scan_notices.route(b"https://example.com", "screenshots")
    shot("status_check_scan_not_recognised")
    kiosk.scan_notices.dismissNotice()
    issued = kiosk.journal.entries(issued_only=True)[0]
    secret = kiosk.config.central.secret
    kiosk.scan_notices.route(receipt_qr_payload(secret, issued.reference), "screenshots")
    _settle_until(lambda: kiosk.status_backend.phase == "answer")
    shot("status_check_answer")
    for name, answer in _status_answers(kiosk).items():
        kiosk.status_backend.show_answer(answer)
        shot(f"status_check_{name}")
        if name in ("letter", "correction"):
            kiosk.accessibility_backend.setLargeText(True)
            shot(f"status_check_{name}_large_text")
            kiosk.accessibility_backend.setLargeText(False)
    kiosk.accessibility_backend.setHighContrast(True)
    shot("status_check_correction_high_contrast")
    session.end()


def _pickup_tour(kiosk: KioskApp, shot: Callable[[str], None], language: str) -> None:
    """Ambil Surat: asking, the letters, the preview, printed, and what goes wrong."""
    session, backend = kiosk.session, kiosk.pickup_backend
    pickup = next(s for s in kiosk.services if s.flow is Flow.LETTER_PICKUP)
    document_printer = kiosk.devices.document_printer
    assert isinstance(document_printer, SimulatedDocumentPrinter)
    _open_service(kiosk, language, pickup)
    shot("pickup_ask")
    messages = kiosk.core.pickup.messages
    ready = _sample_letter(kiosk)
    waiting = dataclasses.replace(
        ready,
        reference=ready.reference.replace("SKTM0043", "DOM0044"),
        title=LocalizedText("Surat Keterangan Domisili", "Certificate of Residence"),
        state=LetterState.IN_PROGRESS,
        status_text=LocalizedText("Diperiksa petugas desa", "Checked by the village"),
        message=LocalizedText(
            "Menunggu tanda tangan Kepala Desa.", "Waiting for the village head's signature."
        ),
        number="",
        copies_allowed=0,
    )
    proof = Proof(ready.reference, "ABCDEFGHJKM")
    backend.show_outcome(LetterList(ListResult.FOUND, (ready, waiting)), proof)
    shot("pickup_list")
    pdf = _sample_letter_pdf()
    fetched = Fetched(ready, pdf, f"{ready.reference}-sample", first_page_png(pdf))
    backend.show_outcome(PickupOutcome(PrintResult.FETCHED, fetched=fetched), proof)
    shot("pickup_preview")
    backend.show_outcome(PickupOutcome(PrintResult.PRINTED, messages["printed"]), proof)
    shot("pickup_printed")
    paper_out = kiosk.core.pickup.printer_failure(DocumentPrinterStatus.PAPER_OUT)
    backend.show_outcome(PickupOutcome(PrintResult.PRINTER_FAILED, paper_out), proof)
    shot("pickup_printer_failed")
    kiosk.accessibility_backend.setLargeText(True)
    shot("pickup_printer_failed_large_text")
    kiosk.accessibility_backend.setLargeText(False)
    kiosk.accessibility_backend.setHighContrast(True)
    shot("pickup_printer_failed_high_contrast")
    kiosk.accessibility_backend.setHighContrast(False)
    backend.show_outcome(LetterList(ListResult.OFFLINE, (), messages["offline"]), proof)
    shot("pickup_offline")
    backend.show_outcome(
        PickupOutcome(PrintResult.NO_COPIES_LEFT, messages["no_copies_left"]), proof
    )
    shot("pickup_no_copies_left")
    session.end()
    session.start()
    session.set_language(language)
    document_printer.set_status(DocumentPrinterStatus.PAPER_OUT, "screenshots")
    assert kiosk.window is not None
    home = _find_item(kiosk.window.contentItem(), "homeScreen")
    if home is None:
        raise RuntimeError("the home screen did not load")
    home.setProperty("openCategory", pickup.category.value)
    shot(f"home_group_{pickup.category.value}_document_printer_paper_out")
    home.setProperty("openCategory", "")
    document_printer.set_status(DocumentPrinterStatus.READY, "screenshots")
    session.end()


def _sample_letter(kiosk: KioskApp) -> Letter:
    """A ready letter as central lists it (masked), for the pickup and maintenance screens."""
    return Letter(
        reference=f"{kiosk_reference_prefix(kiosk.config.kiosk.id)}20261203-K1-SKTM0043",
        service="sktm",
        title=LocalizedText("Surat Keterangan Tidak Mampu", "Certificate of Low Income"),
        state=LetterState.READY,
        status_text=LocalizedText("Siap diambil", "Ready to collect"),
        message=LocalizedText(
            "Surat siap dicetak di anjungan.", "The letter is ready to print at a kiosk."
        ),
        masked_nik="351015******0001",
        masked_name="S*** A*****",
        number="400/041/429.501.01/2026",
        pages=1,
        copies_allowed=1,
    )


def _sample_letter_pdf() -> bytes:
    """An A4 page that looks like a letter, for the preview's screenshot (not a real one)."""
    import io

    from PIL import Image, ImageDraw

    page = Image.new("L", (1240, 1754), 255)
    draw = ImageDraw.Draw(page)
    draw.rectangle((120, 120, 1120, 300), outline=0, width=4)
    draw.text((160, 160), "PEMERINTAH KABUPATEN BANYUWANGI - DESA KEMIREN", fill=0)
    draw.text((420, 380), "SURAT KETERANGAN TIDAK MAMPU", fill=0)
    draw.text((420, 420), "Nomor: 400/041/429.501.01/2026", fill=0)
    for line in range(18):
        draw.line((160, 520 + line * 48, 1080 - (line % 3) * 120, 520 + line * 48), fill=96)
    draw.rectangle((160, 1450, 360, 1650), outline=0, width=6)
    draw.text((760, 1500), "Kepala Desa Kemiren", fill=0)
    out = io.BytesIO()
    page.save(out, "PDF", resolution=150)
    return out.getvalue()


def _status_answers(kiosk: KioskApp) -> dict[str, StatusAnswer]:
    """Central's answers as the status screen shows them, built by the kiosk's own parser.

    A letter on its way, one to correct, a called ticket, an unknown reference, and central
    out of reach.
    """
    day = kiosk.clock.now()
    prefix = f"{kiosk_reference_prefix(kiosk.config.kiosk.id)}{day:%Y%m%d}-"
    letter = next(s for s in kiosk.services if s.requires_identity and s.flow is Flow.FORM)
    queue = next(s for s in kiosk.services if s.flow is Flow.QUEUE_TICKET)
    stamp = day.astimezone().isoformat(timespec="seconds")

    def central_says(reference: str, service: Service, **status: object) -> StatusAnswer:
        data = {
            "reference": reference,
            "service": service.id,
            "created_at": stamp,
            "updated_at": stamp,
            "identity": None,
            "receipt": "printed",
            "message": None,
        } | status
        answer = status_answer(reference, data, kiosk.core.catalog_keeper)
        assert answer is not None
        return answer

    identity = {"nik": "351001******0001", "name": "S*** A*****"}
    missing = f"{prefix}K1-SKTM0042"
    return {
        "letter": central_says(
            f"{prefix}K1-{letter.reference_code}0007",
            letter,
            status="verified",
            kind="letter",
            status_text={"id": "Sudah diperiksa", "en": "Verified"},
            identity=identity,
        ),
        "correction": central_says(
            f"{prefix}K1-{letter.reference_code}0008",
            letter,
            status="needs_correction",
            kind="letter",
            status_text={"id": "Perlu perbaikan", "en": "Needs correction"},
            identity=identity,
            receipt="failed",
            message={
                "id": "Bawa fotokopi Kartu Keluarga terbaru ke kantor desa, Senin sampai Jumat"
                " pukul 08.00-14.00.",
                "en": "Bring a copy of your latest family card to the village office, Monday"
                " to Friday 08.00-14.00.",
            },
        ),
        "ticket": central_says(
            f"{prefix}K1-{queue.counters[0].code}012",
            queue,
            status="called",
            kind="queue",
            status_text={"id": "Dipanggil", "en": "Called"},
        ),
        "not_found": StatusAnswer(StatusResult.NOT_FOUND, missing, STATUS_MESSAGES["not_found"]),
        "offline": StatusAnswer(StatusResult.OFFLINE, missing, STATUS_MESSAGES["offline"]),
    }


def _maintenance_tour(kiosk: KioskApp, language: str, shot: Callable[[str], None]) -> None:
    """Every maintenance screen, entered with a PIN set for the tour (temporary data folder)."""
    maintenance = kiosk.maintenance_backend
    kiosk.session.set_language(language)
    set_pin(kiosk.config, Role.TECHNICIAN, SCREENSHOT_PIN)
    log.warning("Sample log line with a NIK 3171015708900001, masked on screen")
    for _ in range(kiosk.config.maintenance.gesture_taps):
        maintenance.cornerTapped()
    shot("maintenance_pin")
    assert kiosk.window is not None
    for digit in "2468":
        key = _find_item(kiosk.window.contentItem(), f"padKey_{digit}")
        if key is None:
            raise RuntimeError("the PIN pad did not load")
        _tap(kiosk.window, key)
    shot("maintenance_pin_typing")
    maintenance.submitPin("000000")
    shot("maintenance_pin_wrong")
    maintenance.submitPin(SCREENSHOT_PIN)
    printer = kiosk.devices.printer
    assert isinstance(printer, SimulatedPrinter)
    printer.set_status(PrinterStatus.PAPER_NEAR_END)  # a warning on the status screen
    for screen in SCREENS:
        maintenance.showScreen(screen)
        shot(f"maintenance_{screen}")
    printer.set_status(PrinterStatus.ONLINE)
    _letters_tour(kiosk, shot)
    maintenance.showScreen("tests")
    tests = kiosk.maintenance_pages["tests"]
    tests.testPrint()
    tests.testCard()
    tests.testScan()
    reader, scanner = kiosk.devices.card_reader, kiosk.devices.scanner
    assert isinstance(reader, SimulatedCardReader) and isinstance(scanner, SimulatedScanner)
    reader.present_card(bytes.fromhex("04A1B2C3D4E5F6"))
    reader.remove_card()
    scanner.scan("ALM-DEV-01/20261123/K1-A001")
    _settle_until(lambda: tests.property("tests")["print"]["state"] != "waiting")
    shot("maintenance_tests_done")
    printer.set_status(PrinterStatus.PAPER_OUT)
    tests.testPrint()
    _settle_until(lambda: tests.property("tests")["print"]["state"] != "waiting")
    shot("maintenance_tests_print_failed")
    printer.set_status(PrinterStatus.ONLINE)
    maintenance.leave()


def _letters_tour(kiosk: KioskApp, shot: Callable[[str], None]) -> None:
    """The letters screen: a letter whose copies are used up, printed, and an old central."""
    kiosk.maintenance_backend.showScreen("letters")
    page = kiosk.maintenance_letters
    messages = kiosk.core.pickup.messages
    letter = dataclasses.replace(
        _sample_letter(kiosk),
        state=LetterState.COLLECTED,
        status_text=LocalizedText("Sudah diambil", "Collected"),
        copies_printed=1,
    )
    proof = Proof(letter.reference, "ABCDEFGHJKM")
    pdf = _sample_letter_pdf()
    fetched = Fetched(
        letter, pdf, f"{letter.reference}-xsample", first_page_png(pdf), ExtraCopy.TECHNICIAN
    )
    lookup = LetterLookup(
        proof,
        LetterList(ListResult.FOUND, (letter,)),
        letter,
        PickupOutcome(PrintResult.FETCHED, fetched=fetched),
    )
    page.show(lookup)
    shot("maintenance_letters_extra")
    after = dataclasses.replace(letter, copies_printed=2, copies_allowed=2)
    page.show(
        dataclasses.replace(lookup, letter=after),
        PickupOutcome(PrintResult.PRINTED, messages["printed"], "cups-pdf job 42 completed"),
    )
    shot("maintenance_letters_printed")
    page.show(
        dataclasses.replace(lookup, fetched=None),
        PickupOutcome(PrintResult.OLD_CENTRAL, messages["old_central"], "400 invalid-request"),
    )
    shot("maintenance_letters_old_central")


def _find_item(root: QQuickItem, object_name: str) -> QQuickItem | None:
    """The visual descendant named ``object_name`` (Loader items are not QObject children)."""
    if root.objectName() == object_name:
        return root
    for child in root.childItems():
        found = _find_item(child, object_name)
        if found is not None:
            return found
    return None


def _settle_until(condition: Callable[[], bool], timeout_ms: int = 5000) -> None:
    for _ in range(timeout_ms // 50):
        if condition():
            return
        settle(50)
