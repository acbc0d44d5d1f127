"""Every tappable area is at least 72 px in both directions at 1080 px width, and each
one lies inside the window (or inside a scrolling area that can bring it into view), with
the keyboard or the number pad open too."""

from __future__ import annotations

import dataclasses
import datetime as dt
import random

import pytest
from PySide6.QtCore import QPointF, QRectF
from PySide6.QtQuick import QQuickItem

from kiosk.forms import FieldKind
from kiosk.identify import ConfirmWith
from kiosk.identity import Identity, IdentitySource
from kiosk.services import Flow, Service
from kiosk.simulate import sample_value
from tests.helpers.qml import find_item, iter_items, scroll_into_view, tap
from ui.screenshots import SAMPLE_CARD

pytestmark = pytest.mark.e2e
MIN_TARGET = 72
#: What a finger can touch: mouse areas, buttons and the text boxes of the real controls.
TAPPABLE_CLASSES = ("QQuickMouseArea", "QQuickAbstractButton", "QQuickTextInput", "QQuickTextEdit")
#: The citizen who "tapped" an e-KTP: the identify step itself is covered by test_identify_flow.
SITI = Identity(nik="3510014101900001", name="SITI", source=IdentitySource.TYPED)


def tappable_areas(window) -> list[QQuickItem]:
    return [
        item
        for item in iter_items(window.contentItem())
        if any(item.inherits(name) for name in TAPPABLE_CLASSES)
        and item.isVisible()
        and item.isEnabled()
        and all(parent.isVisible() for parent in _ancestors(item))
    ]


def _ancestors(item: QQuickItem):
    parent = item.parentItem()
    while parent is not None:
        yield parent
        parent = parent.parentItem()


def _name(item: QQuickItem) -> str:
    named = item if item.objectName() else item.parentItem()
    return named.objectName() or named.metaObject().className()


def _flickable(item: QQuickItem) -> QQuickItem | None:
    """The scrolling area ``item`` sits in, if any."""
    for parent in _ancestors(item):
        if parent.inherits("QQuickFlickable"):
            return parent
    return None


def _reachable(window, item: QQuickItem) -> bool:
    """Inside the window, or inside a scrolling area (itself in the window) that scrolls to it."""
    bounds = QRectF(0, 0, window.width(), window.height())
    area = QRectF(item.mapToScene(QPointF(0, 0)), item.size())
    flick = _flickable(item)
    if flick is None:
        return bounds.contains(area)
    view = QRectF(flick.mapToScene(QPointF(0, 0)), flick.size())
    content = QRectF(
        item.mapToItem(flick.property("contentItem"), QPointF(0, 0)),
        item.size(),
    )
    scrollable = QRectF(
        0,
        0,
        max(flick.width(), flick.property("contentWidth")),
        max(flick.height(), flick.property("contentHeight")),
    )
    return bounds.contains(view) and scrollable.contains(content)


def assert_big_enough(window, screen: str) -> int:
    areas = tappable_areas(window)
    small = [
        (screen, _name(a), a.width(), a.height())
        for a in areas
        if a.width() < MIN_TARGET or a.height() < MIN_TARGET
    ]
    assert small == []
    outside = [(screen, _name(a)) for a in areas if not _reachable(window, a)]
    assert outside == []
    return len(areas)


def first_counter(window) -> str:
    for item in iter_items(window.contentItem()):
        if item.objectName().startswith("counter_") and item.isVisible():
            return item.objectName()
    raise AssertionError("no counter on screen")


def walk_citizen_screens(qtbot, kiosk, on_home=None) -> int:
    """Attract, home, counters, idle warning and done, checking every target on each."""
    window = kiosk.window
    checked = assert_big_enough(window, "attract")
    tap(window, "startArea")
    qtbot.waitUntil(lambda: find_item(window, "service_antrian") is not None)
    if on_home is not None:
        on_home(window)
    checked += assert_big_enough(window, "home")
    tap(window, "service_antrian")
    qtbot.waitUntil(lambda: _has_counter(window))
    checked += assert_big_enough(window, "queue_counter")
    kiosk.clock.advance(kiosk.config.ui.idle_seconds)
    qtbot.waitUntil(lambda: find_item(window, "idleContinue") is not None)
    checked += assert_big_enough(window, "idle_warning")
    tap(window, "idleContinue")
    qtbot.waitUntil(lambda: find_item(window, "idleWarning") is None)
    tap(window, first_counter(window))
    qtbot.waitUntil(lambda: find_item(window, "doneFinish") is not None, timeout=10_000)
    checked += assert_big_enough(window, "done")
    return checked


def _has_counter(window) -> bool:
    try:
        first_counter(window)
    except AssertionError:
        return False
    return True


def test_every_screen_has_only_large_targets(qtbot, kiosk) -> None:
    window = kiosk.window
    assert (window.width(), window.height()) == (1080, 1920)
    assert walk_citizen_screens(qtbot, kiosk) >= 12


def test_large_text_and_high_contrast_keep_every_target_large(qtbot, kiosk) -> None:
    """The citizen taps both accessibility toggles; nothing shrinks, and the next citizen
    finds the defaults again."""
    access = kiosk.accessibility_backend
    normal_background = kiosk.window.color()

    def switch_on(window) -> None:
        tap(window, "largeTextToggle")
        tap(window, "highContrastToggle")
        qtbot.waitUntil(lambda: access.largeText and access.highContrast)
        assert window.color() != normal_background

    assert walk_citizen_screens(qtbot, kiosk, on_home=switch_on) >= 15
    assert access.largeText and access.highContrast
    tap(kiosk.window, "doneFinish")
    qtbot.waitUntil(lambda: find_item(kiosk.window, "startArea") is not None)
    assert not access.largeText and not access.highContrast
    assert kiosk.window.color() == normal_background


def _service(kiosk, service_id: str) -> Service:
    return next(s for s in kiosk.services if s.id == service_id)


def _open(qtbot, kiosk, service: Service, screen: str) -> None:
    kiosk.session.end()
    kiosk.session.start()
    kiosk.session.choose_service(service)
    qtbot.waitUntil(lambda: find_item(kiosk.window, screen) is not None)
    _settle(qtbot)


def _tap(qtbot, window, object_name: str) -> None:
    """Tap once the item is laid out (a screen loaded by the session, not by a tap), after
    scrolling to it as a citizen would when it is below the fold."""

    def laid_out() -> bool:
        item = find_item(window, object_name)
        return item is not None and item.width() > 0 and item.height() > 0

    _settle(qtbot)  # an answer may have just shown a question: its editors are rebuilt
    qtbot.waitUntil(laid_out)
    scroll_into_view(find_item(window, object_name))
    _settle(qtbot)
    tap(window, object_name)


def _typing_panel(kind: FieldKind) -> tuple[str, str] | None:
    """What a tap on a field of ``kind`` opens, and its "Selesai mengetik" button."""
    if kind in (FieldKind.TEXT, FieldKind.LONG_TEXT):
        return "keyboardArea", "doneTyping"
    if kind in (FieldKind.NUMBER, FieldKind.PHONE, FieldKind.NIK):
        return "formPad", "padKey_ok"
    return None


def _settle(qtbot) -> None:
    """Let bindings and Loaders catch up with the session."""
    qtbot.wait(50)


#: Services whose steps, together, use every editor: multi choice, long text, number, location,
#: phone (surat_miskin); choice, text (sktm); date (domisili); yes/no (rtlh).
FORM_TOUR = ("surat_miskin", "sktm", "domisili", "rtlh")


def walk_form_screens(qtbot, kiosk) -> tuple[int, set[str]]:
    """Identify (choice and pad), every step of the tour's forms with the pad open where a
    step asks for digits, review, information pages and budget, and the status check."""
    window, session = kiosk.window, kiosk.session
    rng, today = random.Random(7), dt.date(2026, 11, 23)
    checked, kinds = 0, set()

    _open(qtbot, kiosk, _service(kiosk, "surat_miskin"), "identifyScreen")
    checked += assert_big_enough(window, "identify")
    _tap(qtbot, window, "identifyTypeNik")
    qtbot.waitUntil(lambda: find_item(window, "identifyPad") is not None)
    checked += assert_big_enough(window, "identify_pad")
    # A registered card: the date of birth picker (chosen, so "Lanjut" is on), then a PIN.
    kiosk.identify_backend.preview_card(SAMPLE_CARD)
    _tap(qtbot, window, "date_birth_day_up")
    qtbot.waitUntil(lambda: find_item(window, "identifyNext").isEnabled())
    checked += assert_big_enough(window, "identify_birth_date")
    pin_card = dataclasses.replace(SAMPLE_CARD, confirm_with=ConfirmWith.PIN)
    kiosk.identify_backend.preview_card(pin_card)
    qtbot.waitUntil(lambda: find_item(window, "identifyPad") is not None)
    checked += assert_big_enough(window, "identify_card_pin")

    for service_id in FORM_TOUR:
        service = _service(kiosk, service_id)
        _open(qtbot, kiosk, service, "identifyScreen")
        session.identified(SITI)
        qtbot.waitUntil(lambda: find_item(window, "formScreen") is not None)
        for index, step in enumerate(service.steps):
            _settle(qtbot)
            checked += assert_big_enough(window, f"{service_id}_step{index + 1}")
            for item in step.fields:
                kinds.add(item.kind.value)
                if not item.shown(session.data.fields):
                    continue  # a question this citizen's answers do not ask
                typed = _typing_panel(item.kind)
                if typed is not None:
                    panel, done = typed
                    _tap(qtbot, window, f"input_{item.name}")
                    qtbot.waitUntil(lambda panel=panel: find_item(window, panel) is not None)
                    checked += assert_big_enough(window, f"{service_id}_{item.name}_{panel}")
                    _tap(qtbot, window, done)
                    qtbot.waitUntil(lambda panel=panel: find_item(window, panel) is None)
                session.set_field(item.name, sample_value(item, rng, today))
            assert session.next_step()
        qtbot.waitUntil(lambda: find_item(window, "reviewScreen") is not None)
        checked += assert_big_enough(window, f"{service_id}_review")

    information = next(s for s in kiosk.services if s.flow is Flow.INFORMATION)
    _open(qtbot, kiosk, information, "informationScreen")
    checked += assert_big_enough(window, "information_pages")
    _tap(qtbot, window, "infoBudget")
    qtbot.waitUntil(lambda: find_item(window, "budgetTable") is not None)
    checked += assert_big_enough(window, "information_budget")

    status = next(s for s in kiosk.services if s.flow is Flow.STATUS_CHECK)
    _open(qtbot, kiosk, status, "statusCheckScreen")
    checked += assert_big_enough(window, "status_check")
    session.end()
    return checked, kinds


#: Every editor; a NIK field uses the same box and pad as a number (no catalog form asks one).
EDITOR_KINDS = {kind.value for kind in FieldKind} - {FieldKind.NIK.value}


def test_form_identify_information_and_status_screens_have_only_large_targets(qtbot, kiosk) -> None:
    assert (kiosk.window.width(), kiosk.window.height()) == (1080, 1920)
    checked, kinds = walk_form_screens(qtbot, kiosk)
    assert kinds >= EDITOR_KINDS
    assert checked >= 150


def test_large_text_keeps_form_targets_large_and_inside_the_window(qtbot, kiosk) -> None:
    """Large text makes every label taller; the targets stay large and reachable."""
    kiosk.accessibility_backend.setLargeText(True)

    def stay_large() -> None:
        kiosk.accessibility_backend.setLargeText(True)

    # A session's end puts text size back to normal: the citizen of this walk keeps it on.
    kiosk.session_backend.screenChanged.connect(stay_large)
    checked, kinds = walk_form_screens(qtbot, kiosk)
    assert kiosk.accessibility_backend.largeText
    assert kinds >= EDITOR_KINDS
    assert checked >= 150
