"""Write a ``Receipt`` to an ESC/POS printer through python-escpos.

This follows the PNG renderer's model (same blocks, order, alignment and wrapping
rule), but in the printer's fixed columns of font A (12 dots wide), so the paper
matches the on-screen preview.
"""

from __future__ import annotations

import logging
import unicodedata
from typing import Any

# First: it points python-escpos at its capabilities cache before python-escpos loads.
from drivers.escpos_profiles import profile_names, profile_supports, profile_width

# isort: split
from escpos.constants import (
    BARCODE_FONT_A,
    BARCODE_HEIGHT,
    BARCODE_TXT_BLW,
    BARCODE_TYPE_B,
    BARCODE_WIDTH,
    QR_ECLEVEL_M,
)
from escpos.escpos import Escpos
from escpos.printer import Dummy

from drivers.receipt import (
    Align,
    Barcode,
    Divider,
    Feed,
    KeyValue,
    Logo,
    QrCode,
    Receipt,
    TextLine,
    TextSize,
)
from drivers.receipt_png import (
    DOTS_PER_COLUMN,
    TEXT_SCALE,
    barcode_bitmap,
    columns_for,
    fitted_barcode_module_width,
    fitted_qr_module_size,
    logo_bitmap,
    wrap_text,
)

logger = logging.getLogger("drivers.escpos_render")

#: Thermal receipt printers print 8 dots per millimetre.
_DOTS_PER_INCH = 203

#: Lines fed after the last one on a printer without a cutter, so it clears the tear bar.
TEAR_OFF_FEED_LINES = 4

__all__ = [
    "TEAR_OFF_FEED_LINES",
    "columns_for",
    "profile_names",
    "profile_supports",
    "profile_width",
    "receipt_bytes",
    "render_escpos",
    "tell_media_width",
]

_ALIGN = {Align.LEFT: "left", Align.CENTER: "center", Align.RIGHT: "right"}

#: What to print for common characters that no code page of a profile has. Other
#: characters lose their accents (NFKD), and what is still unprintable becomes "?".
_TRANSLITERATIONS = {
    "“": '"',
    "”": '"',
    "„": '"',
    "‟": '"',
    "«": '"',
    "»": '"',
    "″": '"',
    "‘": "'",
    "’": "'",
    "‚": "'",
    "‛": "'",
    "′": "'",
    "‐": "-",
    "‑": "-",
    "‒": "-",
    "–": "-",
    "—": "-",
    "―": "-",
    "−": "-",
    "…": "...",
    "€": "EUR",
    "•": "*",
    "·": ".",
    "™": "TM",
    "©": "(C)",
    "®": "(R)",
    "×": "x",
    "÷": "/",
    "⁄": "/",
    "→": "->",
    "←": "<-",
    "≤": "<=",
    "≥": ">=",
    "≠": "!=",
    "ß": "ss",
    "æ": "ae",
    "Æ": "AE",
    "œ": "oe",
    "Œ": "OE",
    "ø": "o",
    "Ø": "O",
    "ł": "l",
    "Ł": "L",
    "đ": "d",
    "Đ": "D",
}


def render_escpos(
    receipt: Receipt, printer: Escpos, *, columns: int, native_qr: bool = True
) -> None:
    """Send ``receipt`` to ``printer``, then cut (or feed to the tear bar).

    Every block sets its own alignment, weight and size, so a block never inherits
    a style from the one before it, and the job starts with ESC @ so it does not
    inherit one from an earlier, interrupted job either. What the printer can do
    comes from its python-escpos profile: the code pages text is encoded in
    (characters that none of them has are transliterated, with a warning),
    native barcodes, the image command, and a partial cut, a full cut or, without
    a cutter, a feed of ``TEAR_OFF_FEED_LINES`` lines.

    Args:
        receipt: The receipt to print.
        printer: Any python-escpos printer (USB, serial, network, Dummy).
        columns: Font A characters per line (see ``columns_for``).
        native_qr: Let the printer draw QR codes (GS ( k); if False they are sent
            as a raster image, for printers without a QR engine (centring that
            image, and logos, needs ``tell_media_width`` unless the profile knows
            the width).

    Raises:
        ValueError: If ``columns`` is not positive, or a logo is not an image.

    """
    if columns < 1:
        raise ValueError(f"columns must be positive, got {columns}")
    printable = _Printable(printer)
    printer.hw("INIT")
    # ESC @ resets the printer's code page, so python-escpos must select one again
    # before the first non-ASCII character instead of assuming the previous one.
    printer.magic.encoding = None
    for block in receipt.blocks:
        if isinstance(block, TextLine):
            _text(printer, block, columns, printable)
        elif isinstance(block, KeyValue):
            _key_value(printer, block, columns, printable)
        elif isinstance(block, Divider):
            printer.set(align="left", bold=False, normal_textsize=True)
            printer.textln("-" * columns)
        elif isinstance(block, Feed):
            printer.ln(max(0, block.lines))
        elif isinstance(block, Logo):
            printer.set(align="center", bold=False, normal_textsize=True)
            bitmap = logo_bitmap(block, columns * DOTS_PER_COLUMN)
            printer.image(bitmap, center=True, impl=_image_impl(printer))
        elif isinstance(block, Barcode):
            _barcode(printer, block, columns, printable)
        else:
            _qr(printer, block, columns, native_qr)
    _cut(printer)


def receipt_bytes(
    receipt: Receipt, dot_width: int, *, native_qr: bool = True, profile: str | None = None
) -> bytes:
    """Return the exact ESC/POS bytes for ``receipt`` on a printer ``dot_width`` dots wide.

    The simulated printer spools these, the ESC/POS adapter sends them in one
    write, and tests decode them, so all three see what a real printer receives.

    Args:
        receipt: The receipt to render.
        dot_width: The printer's width in dots (384, 512 or 576).
        native_qr: As for ``render_escpos``.
        profile: The python-escpos profile name (code pages, cutter, barcodes);
            None for python-escpos's "default" profile.

    Returns:
        The command stream, from ESC @ to the cut.

    Raises:
        ValueError: If a logo is not an image.

    """
    printer = Dummy(profile=profile)
    tell_media_width(printer, dot_width)
    render_escpos(receipt, printer, columns=columns_for(dot_width), native_qr=native_qr)
    output: bytes = printer.output
    return output


def tell_media_width(printer: Escpos, dot_width: int) -> None:
    """Give ``printer``'s profile the media width, so raster images can be centred.

    Needed for ``native_qr=False`` with a profile that does not know its width;
    without it python-escpos prints a warning to stdout and does not centre.

    The data is copied onto the printer's own profile instance: python-escpos
    shares it between every instance of the profile class, and other printers must
    not see this width.
    """
    profile = printer.profile
    profile.profile_data = {
        **profile.profile_data,
        "media": {"width": {"pixels": dot_width}, "dpi": _DOTS_PER_INCH},
    }


def _set_size(printer: Escpos, size: TextSize, *, align: Align, bold: bool) -> None:
    """Font A (12 by 24 dots, the cells the layout counts), weight and size for one block.

    Bold is the printer's emphasized mode (ESC E), which keeps the gap between the dot of
    an "i" and its stem; smoothing (GS b) rounds the edges of the largest, magnified text.
    """
    style: dict[str, Any] = {"align": _ALIGN[align], "font": "a", "bold": bold}
    style["smooth"] = size is TextSize.HUGE
    if size is TextSize.HUGE:
        scale = TEXT_SCALE[size]
        printer.set(**style, custom_size=True, width=scale, height=scale)
    elif size is TextSize.DOUBLE:
        printer.set(**style, double_width=True, double_height=True)
    else:
        printer.set(**style, normal_textsize=True)


class _Printable:
    """Maps text to what a profile's code pages hold, deciding (and warning) once per character."""

    def __init__(self, printer: Escpos) -> None:
        self._encoder = printer.magic.encoder
        self._profile = printer.profile.profile_data.get("name", "unnamed")
        self._decided: dict[str, str] = {}

    def __call__(self, text: str) -> str:
        return "".join(self._char(char) for char in unicodedata.normalize("NFC", text))

    def _char(self, char: str) -> str:
        if char.isascii():
            return char
        if char not in self._decided:
            self._decided[char] = self._decide(char)
        return self._decided[char]

    def _encodable(self, char: str) -> bool:
        return char.isascii() or any(
            self._encoder.can_encode(encoding, char) for encoding in self._encoder.codepages
        )

    def _decide(self, char: str) -> str:
        if self._encodable(char):
            return char
        replacement = _TRANSLITERATIONS.get(char) or "".join(
            part for part in unicodedata.normalize("NFKD", char) if not unicodedata.combining(part)
        )
        if not replacement or replacement == char or not all(map(self._encodable, replacement)):
            replacement = "?"
        logger.warning(
            "U+%04X %s is in no code page of printer profile %s; printing %r instead",
            ord(char),
            unicodedata.name(char, "(unnamed)"),
            self._profile,
            replacement,
        )
        return replacement


def _text(printer: Escpos, block: TextLine, columns: int, printable: _Printable) -> None:
    width = max(1, columns // TEXT_SCALE[block.size])
    _set_size(printer, block.size, align=block.align, bold=block.bold)
    for line in wrap_text(printable(block.text), lambda candidate: len(candidate) <= width):
        printer.textln(line)


def _key_value(printer: Escpos, block: KeyValue, columns: int, printable: _Printable) -> None:
    _set_size(printer, TextSize.NORMAL, align=Align.LEFT, bold=block.bold)

    def fits(candidate: str) -> bool:
        return len(candidate) <= columns

    labels = wrap_text(printable(block.label), fits)
    values = wrap_text(printable(block.value), fits)
    if len(labels) == 1 and len(values) == 1 and fits(f"{labels[0]} {values[0]}"):
        printer.textln(labels[0] + values[0].rjust(columns - len(labels[0])))
        return
    for line in labels:
        printer.textln(line)
    for line in values:
        printer.textln(line.rjust(columns))


def _qr(printer: Escpos, block: QrCode, columns: int, native: bool) -> None:
    if not block.payload:
        logger.debug("skipping a QR code with an empty payload")
        return
    size = fitted_qr_module_size(block.payload, block.module_size, columns * DOTS_PER_COLUMN)
    printer.set(align="center", bold=False, normal_textsize=True)
    # python-escpos refuses center=True for native codes; ESC a centres them instead.
    printer.qr(
        block.payload,
        ec=QR_ECLEVEL_M,
        size=size,
        native=native,
        center=not native,
        image_arguments={"impl": _image_impl(printer)},
    )


def _barcode(printer: Escpos, block: Barcode, columns: int, printable: _Printable) -> None:
    width = fitted_barcode_module_width(block.data, block.module_width, columns * DOTS_PER_COLUMN)
    if width is None:
        logger.warning(
            "barcode %r is too wide for %s columns; printing its text", block.data, columns
        )
        _text(printer, TextLine(block.data, align=Align.CENTER), columns, printable)
        return
    printer.set(align="center", bold=False, normal_textsize=True)
    if not printer.profile.supports("barcodeB"):
        printer.image(
            barcode_bitmap(block.data, width, block.height), center=True, impl=_image_impl(printer)
        )
        printer.textln(block.data)
        return
    # GS k 73 (CODE128): "{B" selects code set B, and a literal "{" is sent as "{{".
    data = ("{B" + block.data.replace("{", "{{")).encode("ascii")
    printer._raw(
        BARCODE_HEIGHT
        + bytes((block.height,))
        + BARCODE_WIDTH
        + bytes((width,))
        + BARCODE_FONT_A
        + BARCODE_TXT_BLW
        + BARCODE_TYPE_B["CODE128"]
        + bytes((len(data),))
        + data
    )


def _image_impl(printer: Escpos) -> str:
    """The image command the profile has, preferring GS v 0 (raster) like python-escpos."""
    for impl in ("bitImageRaster", "graphics", "bitImageColumn"):
        if printer.profile.supports(impl):
            return impl
    return "bitImageRaster"


def _cut(printer: Escpos) -> None:
    profile = printer.profile
    if profile.supports("paperPartCut"):
        printer.cut(mode="PART")
    elif profile.supports("paperFullCut"):
        printer.cut(mode="FULL")
    else:
        printer.ln(TEAR_OFF_FEED_LINES)
