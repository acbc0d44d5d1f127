"""The attract screen fits both orientations, in normal and large text, on every slide.

At 1920x1080 the heading and the carousel once stood above each other and the card was
cut at both ends (its title at the top edge, its dots gone). Every part must now lie
inside the window, apart from the others, and the card show its title, its whole body
(the shipped pages are short enough) and its dots.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QRectF

from tests.helpers.kiosk_app import running_kiosk
from tests.helpers.qml import find_item
from ui.app import KioskApp

pytestmark = pytest.mark.e2e


@pytest.fixture(params=[(1080, 1920), (1920, 1080)], ids=["portrait", "landscape"])
def kiosk(request, qapp, qtbot, tmp_path: Path) -> Iterator[KioskApp]:
    with running_kiosk(qapp, tmp_path, size=request.param) as app:
        qtbot.waitUntil(lambda: app.window.contentItem().width() == request.param[0])
        yield app


def scene_rect(window, name: str) -> QRectF:
    item = find_item(window, name)
    assert item is not None, f"no visible {name}"
    return item.mapRectToScene(item.boundingRect())


def inside(inner: QRectF, outer: QRectF) -> bool:
    return outer.adjusted(-0.5, -0.5, 0.5, 0.5).contains(inner)


@pytest.mark.parametrize("large_text", [False, True], ids=["normal", "large"])
@pytest.mark.parametrize("language", ["id", "en"])
def test_every_slide_fits_whole(qtbot, kiosk: KioskApp, large_text: bool, language: str) -> None:
    window = kiosk.window
    kiosk.accessibility_backend.setLargeText(large_text)
    kiosk.attract.show(kiosk.core.catalog.pages, language)
    screen = find_item(window, "attractScreen")
    assert screen is not None
    whole = QRectF(0, 0, window.width(), window.height())
    for slide in range(len(kiosk.core.catalog.pages)):
        screen.setProperty("slide", slide)
        qtbot.wait(20)
        card = scene_rect(window, "slideCard")
        heading = scene_rect(window, "attractHeading")
        invitation = scene_rect(window, "attractInvitation")
        for part in (card, heading, invitation):
            assert inside(part, whole)
        assert not card.intersects(heading) and not card.intersects(invitation)
        assert not heading.intersects(invitation)
        for name in ("slideTitle", "slideBody", "slideDots"):
            assert inside(scene_rect(window, name), card), f"{name} of slide {slide} is cut"
        body = find_item(window, "slideBody")
        assert body is not None and not body.property("truncated"), f"slide {slide} is cut short"
