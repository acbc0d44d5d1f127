"""The done screen's QR code as an image source QML can show: an SVG in a ``data:`` URL.

QML's ``Image`` reads ``data:`` URLs itself, so the kiosk needs no image provider, whose
Python class would load the QtQuick binding (and the QtOpenGL and QtNetwork ones it
imports: about 9 MB of the kiosk's idle memory) for one picture. An SVG scales sharply to
whatever size the screen gives it.
"""

from __future__ import annotations

import base64

#: White quiet zone around the code, in modules (the QR specification's minimum).
BORDER_MODULES = 4


def qr_svg(payload: str) -> str:
    """The QR code of ``payload`` (error correction M) as an SVG document, one module a unit."""
    import qrcode  # with Pillow: at the first citizen, not at the kiosk's start (ui/app.py)

    code = qrcode.QRCode(error_correction=qrcode.constants.ERROR_CORRECT_M, border=BORDER_MODULES)
    code.add_data(payload)
    matrix: list[list[bool]] = code.get_matrix()
    size = len(matrix)
    runs: list[str] = []
    for row, line in enumerate(matrix):
        column = 0
        while column < size:
            if not line[column]:
                column += 1
                continue
            start = column
            while column < size and line[column]:
                column += 1
            runs.append(f"M{start} {row}h{column - start}v1h-{column - start}z")
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {size} {size}" '
        f'shape-rendering="crispEdges"><rect width="{size}" height="{size}" fill="#fff"/>'
        f'<path d="{"".join(runs)}" fill="#000"/></svg>'
    )


def qr_source(payload: str) -> str:
    """``qr_svg(payload)`` as a ``data:`` URL, for an ``Image``'s ``source``."""
    encoded = base64.b64encode(qr_svg(payload).encode("ascii")).decode("ascii")
    return f"data:image/svg+xml;base64,{encoded}"
