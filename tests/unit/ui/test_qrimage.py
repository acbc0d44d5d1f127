"""The done screen's QR code: an SVG the real QML ``Image`` shows, which a reader decodes.

The QR is no longer drawn by an image provider (whose class would load PySide6's QtQuick
binding into the kiosk), but handed to QML as a ``data:`` URL. What a citizen's phone or
another kiosk reads is what counts: the screen is grabbed and decoded with zxing-cpp.
"""

from __future__ import annotations

import base64
import io
from pathlib import Path

import zxingcpp
from PIL import Image
from PySide6.QtCore import QBuffer, QIODevice, QRect
from PySide6.QtQuick import QQuickWindow

from kiosk.session import Screen
from kiosk.signing import receipt_qr_payload
from tests.helpers.kiosk_app import running_kiosk
from tests.helpers.qml import find_item
from ui.backends.qrimage import qr_source, qr_svg

PAYLOAD = receipt_qr_payload("secret", "ALM-DEV-01-20261203-K1-A001")


def decode(window: QQuickWindow, object_name: str) -> list[str]:
    """Grab the window, cut out the item, and read every code in it."""
    item = find_item(window, object_name)
    assert item is not None
    image = window.grabWindow()
    corner = item.mapToScene(item.boundingRect().topLeft()).toPoint()
    box = QRect(corner.x(), corner.y(), round(item.width()), round(item.height()))
    buffer = QBuffer()
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    image.copy(box.adjusted(-24, -24, 24, 24)).save(buffer, "PNG")
    buffer.close()
    png = Image.open(io.BytesIO(bytes(buffer.data())))
    return [code.text for code in zxingcpp.read_barcodes(png)]


def test_the_svg_has_one_unit_per_module_and_a_white_quiet_zone() -> None:
    svg = qr_svg(PAYLOAD)
    assert svg.startswith('<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ')
    size = int(svg.split('viewBox="0 0 ')[1].split(" ")[0])
    assert (size - 2 * 4 - 21) % 4 == 0  # versions grow by 4 modules, plus 4 each side
    assert f'<rect width="{size}" height="{size}" fill="#fff"/>' in svg
    source = qr_source(PAYLOAD)
    assert source.startswith("data:image/svg+xml;base64,")
    assert base64.b64decode(source.split(",", 1)[1]).decode("ascii") == svg


def test_the_done_screen_shows_the_printed_payload(qtbot, qapp, tmp_path: Path) -> None:
    with running_kiosk(qapp, tmp_path) as kiosk:
        window = kiosk.window
        session = kiosk.session_backend  # what the screens' taps call
        session.start()
        session.chooseService("antrian")
        session.chooseCounter("A")
        qtbot.waitUntil(lambda: kiosk.session.screen is Screen.DONE, timeout=10_000)
        qtbot.waitUntil(lambda: find_item(window, "doneQr") is not None)
        outcome = kiosk.session.data.outcome
        assert outcome is not None
        # A grab right after the image loaded can come before the software renderer has its
        # texture (an empty square); within moments the screen shows exactly the payload.
        shown: list[list[str]] = []

        def readable() -> bool:
            shown.append(decode(window, "doneQr"))
            return bool(shown[-1])

        qtbot.waitUntil(readable, timeout=5_000)
        assert shown[-1] == [outcome.qr_payload]
