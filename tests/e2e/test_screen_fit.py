"""What fits on the screen, on a portrait totem and a landscape screen, in normal and large text.

Every service is one tap from a tile that is whole on the first screen, the question being
typed into stays whole in view while the keyboard or the number pad is open, and every
identify screen is whole without scrolling.
"""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QPointF, QRectF
from PySide6.QtQuick import QQuickItem

from drivers.base import PrinterStatus
from drivers.simulated import SimulatedPrinter
from kiosk.forms import DIGIT_KINDS, Field, FieldKind
from kiosk.identity import Identity, IdentitySource
from kiosk.services import Flow, Service
from kiosk.simulate import sample_value
from tests.helpers.kiosk_app import running_kiosk
from tests.helpers.qml import find_item, flickable_of, in_view, iter_items, scroll_into_view, tap
from ui.app import KioskApp
from ui.offscreen import grab
from ui.screenshots import IDENTIFY_SCREENS, revealing_answers, walk_identify_screens

pytestmark = pytest.mark.e2e

SIZES = {"portrait": (1080, 1920), "landscape": (1920, 1080)}
SITI = Identity(nik="3510014101900001", name="SITI AMINAH", source=IdentitySource.TYPED)
TYPED_KINDS = DIGIT_KINDS | {FieldKind.TEXT, FieldKind.LONG_TEXT, FieldKind.LOCATION}


@pytest.fixture(params=[(o, large) for o in SIZES for large in (False, True)], ids=str)
def kiosk(request, qapp, qtbot, tmp_path: Path) -> Iterator[KioskApp]:
    """The real kiosk at each size, its citizen keeping large text on (or off) throughout."""
    orientation, large = request.param
    with running_kiosk(qapp, tmp_path, size=SIZES[orientation]) as app:

        def keep_text_size() -> None:
            app.accessibility_backend.setLargeText(large)

        # A session's end puts text size back to normal: this citizen keeps their choice.
        app.session_backend.screenChanged.connect(keep_text_size)
        keep_text_size()
        yield app


def scene_rect(item: QQuickItem) -> QRectF:
    return QRectF(item.mapToScene(QPointF(0, 0)), item.size())


def assert_whole_on_screen(kiosk: KioskApp, item: QQuickItem, what: str) -> None:
    """Inside the window, inside its scrolling area's view, never under the scroll cover."""
    window = kiosk.window
    assert QRectF(0, 0, window.width(), window.height()).contains(scene_rect(item)), what
    assert in_view(item), f"{what} is not whole in view"


def settle(qtbot) -> None:
    qtbot.wait(120)


def home_tiles(kiosk: KioskApp) -> list[QQuickItem]:
    return [
        item
        for item in iter_items(kiosk.window.contentItem())
        if item.isVisible() and item.objectName().startswith(("service_", "category_"))
    ]


def test_every_service_is_one_tap_from_a_tile_whole_on_the_first_screen(qtbot, kiosk) -> None:
    every_service_one_tap_away(qtbot, kiosk)


def test_with_the_paper_out_every_tile_stays_whole_beside_one_notice(qtbot, kiosk) -> None:
    printer = kiosk.devices.printer
    assert isinstance(printer, SimulatedPrinter)
    printer.set_status(PrinterStatus.PAPER_OUT)
    every_service_one_tap_away(qtbot, kiosk, notice=True)


def every_service_one_tap_away(qtbot, kiosk, notice: bool = False) -> None:
    """Every tile whole on the first screen and in its group; the paper notice whole too."""
    window = kiosk.window
    kiosk.session.start()
    qtbot.waitUntil(lambda: find_item(window, "homeScreen") is not None)
    settle(qtbot)
    reached: set[str] = set()
    for name in [tile.objectName() for tile in home_tiles(kiosk)]:
        assert find_item(window, "scrollCue") is None, "the first screen never scrolls"
        tile = find_item(window, name)
        if notice:
            banner = find_item(window, "paperBanner")
            assert_whole_on_screen(kiosk, banner, "the paper notice")
            assert not scene_rect(banner).intersects(scene_rect(tile)), name
        assert_whole_on_screen(kiosk, tile, name)
        assert flickable_of(tile).property("contentY") == 0
        if name.startswith("service_"):
            reached.add(name.removeprefix("service_"))
            continue
        ids = tile.property("serviceIds").toVariant()
        tap(window, name)
        qtbot.waitUntil(lambda: find_item(window, "homeGroupBack") is not None)
        settle(qtbot)
        inside = [t for t in home_tiles(kiosk) if t.objectName().startswith("service_")]
        assert sorted(t.objectName().removeprefix("service_") for t in inside) == sorted(ids)
        assert find_item(window, "scrollCue") is None, f"{name} shows its services unscrolled"
        if notice:
            banner = find_item(window, "paperBanner")
            assert_whole_on_screen(kiosk, banner, f"the paper notice in {name}")
            for service in inside:
                assert not scene_rect(banner).intersects(scene_rect(service)), name
        for service in inside:
            assert_whole_on_screen(kiosk, service, f"{service.objectName()} in {name}")
        reached.update(ids)
        tap(window, "homeGroupBack")
        qtbot.waitUntil(lambda: find_item(window, "homeBack") is not None)
        settle(qtbot)
    assert reached == {service.id for service in kiosk.services}


def typed_fields(service: Service):
    """Each step's questions typed on the keyboard or the pad (conditional ones shown)."""
    answers = revealing_answers(service)
    for index, step in enumerate(service.steps):
        for item in step.fields:
            if item.kind in TYPED_KINDS and item.shown(answers):
                yield index, item


def go_to_step(kiosk: KioskApp, service: Service, index: int) -> None:
    """Start the service as the identified citizen and answer the steps before ``index``."""
    session, rng = kiosk.session, random.Random(3)
    session.end()
    session.start()
    session.choose_service(service)
    if service.asks_identity:
        session.identified(SITI)
    reveal = revealing_answers(service)
    for step in service.steps[:index]:
        for item in step.fields:
            value = reveal.get(item.name) or sample_value(item, rng, dt.date(2026, 11, 23))
            session.set_field(item.name, value)
        assert session.next_step(), session.data.problems
    for item in service.steps[index].fields:
        if item.name in reveal:
            session.set_field(item.name, reveal[item.name])


def typing_opens(qtbot, kiosk: KioskApp, service: Service, index: int, item: Field) -> None:
    """Tap the question's field; it stays whole in view, nothing covers it, and a labelled
    "Selesai mengetik" closes the keyboard or pad."""
    window = kiosk.window
    name = f"input_{item.name}" + ("_rt" if item.kind is FieldKind.LOCATION else "")
    what = f"{service.id} step {index + 1} {name}"
    keyboard = item.kind in (FieldKind.TEXT, FieldKind.LONG_TEXT)
    panel, done = ("keyboardArea", "doneTyping") if keyboard else ("formPadPanel", "padKey_ok")
    go_to_step(kiosk, service, index)
    qtbot.waitUntil(lambda: find_item(window, "formScreen") is not None)
    settle(qtbot)
    scroll_into_view(find_item(window, name))
    settle(qtbot)
    tap(window, name)
    qtbot.waitUntil(lambda: find_item(window, panel) is not None)
    settle(qtbot)
    editor = find_item(window, name)
    assert_whole_on_screen(kiosk, editor, what)
    assert not scene_rect(find_item(window, panel)).intersects(scene_rect(editor)), what
    button = find_item(window, done)
    assert_whole_on_screen(kiosk, button, f"{what}: {done}")
    label = [c.property("text") for c in button.childItems() if c.property("text")]
    assert label == ["Selesai mengetik"], what
    tap(window, done)
    qtbot.waitUntil(lambda: find_item(window, panel) is None)


def test_the_field_being_typed_stays_whole_above_the_keyboard_or_pad(qtbot, kiosk) -> None:
    checked = 0
    for service in kiosk.services:
        if service.flow is Flow.FORM:
            for index, item in typed_fields(service):
                typing_opens(qtbot, kiosk, service, index, item)
                checked += 1
    assert checked >= 15


#: What the identify screen's names mean: what a finger taps or a citizen reads there.
IDENTIFY_PARTS = ("identify", "padKey_", "date_birth_")
FOOTER = ("identifyBack", "identifyCancel", "identifyNext")


def assert_icon_whole(window, what: str) -> None:
    """Nothing of the card drawing touches its box's edges: a cut drawing would."""
    icon = find_item(window, "identifyCardIcon")
    box = scene_rect(icon).toRect()
    image = grab(window)
    edges = [(box.left(), y) for y in range(box.top(), box.bottom())]
    edges += [(box.right(), y) for y in range(box.top(), box.bottom())]
    edges += [(x, box.top()) for x in range(box.left(), box.right())]
    edges += [(x, box.bottom()) for x in range(box.left(), box.right())]
    around = {image.pixel(x, y) for x, y in edges}
    assert len(around) == 1, f"{what}: the drawing reaches its edge"


def test_every_identify_screen_is_whole_on_the_screen(qtbot, kiosk) -> None:
    """The choice, the pad with the NIK, the PIN and the date picker, with their messages:
    nothing scrolls, nothing is under the footer, and the card drawing is not cut."""
    window, session = kiosk.window, kiosk.session

    def open_service(service: Service) -> None:
        session.end()
        session.start()
        session.choose_service(service)

    seen = []
    for what in walk_identify_screens(kiosk, open_service):
        qtbot.waitUntil(lambda: find_item(window, "identifyScreen") is not None)
        settle(qtbot)
        assert find_item(window, "scrollCue") is None, f"{what}: it scrolls"
        parts = [
            item
            for item in iter_items(window.contentItem())
            if item.isVisible()
            and item.width() > 0  # an empty text draws nothing
            and item.objectName().startswith(IDENTIFY_PARTS)
            and item.objectName() != "identifyScreen"
        ]
        footer = [scene_rect(item) for item in parts if item.objectName() in FOOTER]
        for item in parts:
            name = f"{what}: {item.objectName()}"
            assert_whole_on_screen(kiosk, item, name)
            if item.objectName() not in FOOTER:
                assert not any(scene_rect(item).intersects(rect) for rect in footer), name
        panel = find_item(window, "identifyCardPanel")
        if panel is not None:
            for inside in ("identifyCardIcon", "identifyReaderState"):
                rect = scene_rect(find_item(window, inside))
                assert scene_rect(panel).contains(rect), f"{what}: {inside}"
            if kiosk.identify_backend.readerReady:
                assert_icon_whole(window, what)
        seen.append(what)
    assert tuple(seen) == IDENTIFY_SCREENS
