"""Lay a ``Receipt`` out on an A4 page and save it as a one-page PDF.

The installer's A4 test page (``kiosk devices print-test --document``) is made this
way: the receipt model and its PNG renderer (``drivers.receipt_png``) draw the
content, Pillow's PDF writer wraps the page, so no PDF library is needed. The
content is a column about 10 cm wide in the middle of the page, at the receipt's
own type size, inside a frame that shows where the printable area starts.
"""

from __future__ import annotations

import io

from PIL import Image, ImageDraw

from drivers.receipt import Receipt
from drivers.receipt_png import render_png

A4_MM = (210.0, 297.0)

#: Resolution of the page: enough for text and a QR code, about 100 kB as a PDF.
DEFAULT_DPI = 150

#: Where the frame is drawn, in mm from each edge (office printers print from 4-5 mm).
FRAME_MM = 10.0

#: The receipt renderer's width at 150 dpi (its type is about 4 mm tall there).
_COLUMN_DOTS_AT_150 = 576
_MM_PER_INCH = 25.4
_WHITE = 255
_BLACK = 0


def a4_pdf(receipt: Receipt, *, dpi: int = DEFAULT_DPI, title: str = "") -> bytes:
    """Render ``receipt`` centred on one A4 page and return the PDF's bytes.

    Args:
        receipt: The content, drawn as ``drivers.receipt_png`` draws receipts.
        dpi: The page's resolution (the PDF page is A4 at any dpi).
        title: The PDF's document title.

    Raises:
        ValueError: If the content does not fit on one page, or ``dpi`` is below 72.

    """
    if dpi < 72:
        raise ValueError(f"dpi must be at least 72, got {dpi}")
    width, height = (round(mm / _MM_PER_INCH * dpi) for mm in A4_MM)
    frame = round(FRAME_MM / _MM_PER_INCH * dpi)
    column = render_png(receipt, round(_COLUMN_DOTS_AT_150 * dpi / 150))
    top = 2 * frame
    if column.height > height - 2 * top:
        raise ValueError(
            f"the content is {column.height} px tall; an A4 page at {dpi} dpi holds "
            f"{height - 2 * top} px"
        )
    page = Image.new("L", (width, height), _WHITE)
    page.paste(column, ((width - column.width) // 2, top))
    ImageDraw.Draw(page).rectangle(
        (frame, frame, width - 1 - frame, height - 1 - frame),
        outline=_BLACK,
        width=max(1, dpi // 100),
    )
    output = io.BytesIO()
    # Bilevel, so the PDF holds the page losslessly (no JPEG smudge around the QR).
    page.convert("1", dither=Image.Dither.NONE).save(
        output, format="PDF", resolution=float(dpi), title=title
    )
    return output.getvalue()
