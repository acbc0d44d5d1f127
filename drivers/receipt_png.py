"""Render a ``Receipt`` to a bitmap exactly as wide as the paper.

The kiosk shows the bitmap as an on-screen preview and the simulated printer spools
it, so it follows the ESC/POS renderer's model: the same blocks in the same order
with the same alignment. Wrapping is the printer's (by font A columns), except that
a line too wide for the proportional preview font is broken earlier. The font is
Pillow's built-in scalable one, so no system font has to be installed on the kiosk.
"""

from __future__ import annotations

import io
import logging
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass

import qrcode
from barcode.charsets import code128  # type: ignore[import-untyped]
from PIL import Image, ImageDraw, ImageFont

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

logger = logging.getLogger("drivers.receipt_png")

#: Character magnification per text size, shared with the ESC/POS renderer.
TEXT_SCALE: dict[TextSize, int] = {TextSize.NORMAL: 1, TextSize.DOUBLE: 2, TextSize.HUGE: 4}

#: Width of one font A character in dots on Epson-class printers.
DOTS_PER_COLUMN = 12

#: Quiet zone around a QR code, in modules (the QR specification's minimum).
QR_BORDER_MODULES = 4

#: The largest module size ESC/POS printers accept; the preview keeps to it too.
MAX_QR_MODULE_SIZE = 16

#: The narrowest barcode module ESC/POS printers draw (GS w accepts 2 to 6 dots).
MIN_BARCODE_MODULE_WIDTH = 2

#: Quiet zone each side of a CODE128 barcode, in modules (the symbology's minimum).
BARCODE_QUIET_MODULES = 10

#: A logo is never taller than this many times the paper's width, so a wrong file
#: cannot feed metres of paper.
MAX_LOGO_ASPECT = 1

_REFERENCE_DOT_WIDTH = 576
_NORMAL_PX_AT_REFERENCE = 24
_MIN_NORMAL_PX = 18
_WHITE = 255
_BLACK = 0


def wrap_text(text: str, fits: Callable[[str], bool]) -> list[str]:
    """Split ``text`` into lines that each satisfy ``fits``, greedily by word.

    Both renderers wrap with this one function (by pixels here, by columns for
    ESC/POS) so a paragraph breaks the same way on paper and in the preview.
    Explicit newlines start a new line, words longer than a line are broken, and
    control characters become spaces so user text can never inject printer commands.

    Args:
        text: Any Unicode text.
        fits: Whether a candidate line fits the paper.

    Returns:
        At least one line; an empty paragraph gives an empty line.

    """
    lines: list[str] = []
    for paragraph in _clean(text).split("\n"):
        line = ""
        for word in paragraph.split():
            candidate = f"{line} {word}" if line else word
            if fits(candidate):
                line = candidate
                continue
            if line:
                lines.append(line)
            while not fits(word) and len(word) > 1:
                cut = _longest_fitting_prefix(word, fits)
                lines.append(word[:cut])
                word = word[cut:]
            line = word
        lines.append(line)
    return lines


def columns_for(dot_width: int) -> int:
    """Return the printer's font A columns for a width: 48 at 576 dots, 42 at 512, 32 at 384."""
    return dot_width // DOTS_PER_COLUMN


def fitted_qr_module_size(payload: str, module_size: int, dot_width: int) -> int:
    """Return the module size to print ``payload`` with, so it never exceeds the paper.

    Args:
        payload: The QR code's content.
        module_size: The size the receipt asked for, in dots.
        dot_width: The paper's printable width in dots.

    Returns:
        ``module_size`` clamped to 1..16 and shrunk until the code and its quiet
        zone fit ``dot_width``.

    """
    return _fit_module_size(_qr_side(payload), module_size, dot_width)


def code128_modules(data: str) -> str:
    """Return the bars of ``data`` as CODE128 code set B, "1" for a dark module.

    Code set B throughout is what the ESC/POS renderer asks the printer for, so the
    preview, a raster fallback and the printer's own barcode have the same bars.

    Raises:
        ValueError: If ``data`` has a character outside printable ASCII.

    """
    values = [code128.START_CODES["B"]]
    for char in data:
        if char not in code128.B:
            raise ValueError(f"CODE128 code set B cannot carry {char!r}")
        values.append(code128.B[char])
    checksum = (values[0] + sum(index * value for index, value in enumerate(values[1:], 1))) % 103
    bars: str = "".join(code128.CODES[value] for value in [*values, checksum])
    stop: str = code128.STOP
    return f"{bars}{stop}11"


def fitted_barcode_module_width(data: str, module_width: int, dot_width: int) -> int | None:
    """Return the module width to draw ``data`` with, or None if it cannot fit the paper.

    Args:
        data: The barcode's content (printable ASCII).
        module_width: The width the receipt asked for, in dots.
        dot_width: The printable width in dots.

    Returns:
        ``module_width`` shrunk (not below 2 dots) until the bars and their quiet
        zones fit, or None when even 2 dots are too wide; the caller then prints
        the text instead.

    """
    modules = len(code128_modules(data)) + 2 * BARCODE_QUIET_MODULES
    width = min(module_width, dot_width // modules)
    return width if width >= MIN_BARCODE_MODULE_WIDTH else None


def barcode_bitmap(data: str, module_width: int, height: int) -> Image.Image:
    """Return the bars of ``data`` (CODE128 code set B) as a mode "L" image, without text."""
    modules = code128_modules(data)
    bars = Image.new("L", (len(modules), 1), _WHITE)
    bars.putdata([_BLACK if dark == "1" else _WHITE for dark in modules])
    return bars.resize((len(modules) * module_width, height), Image.Resampling.NEAREST)


def logo_bitmap(logo: Logo, dot_width: int) -> Image.Image:
    """Return ``logo`` as the printer will print it: scaled, on white, dithered to 1 bit.

    Args:
        logo: The logo block.
        dot_width: The paper's printable width in dots.

    Returns:
        A mode "1" image ``width_percent`` of ``dot_width`` wide (Floyd-Steinberg
        dithered), never taller than ``dot_width``.

    Raises:
        ValueError: If the logo's bytes are not an image Pillow can read.

    """
    try:
        with Image.open(io.BytesIO(logo.image)) as source:
            picture = source.convert("RGBA")
    except (OSError, ValueError, Image.DecompressionBombError) as error:
        raise ValueError(f"the logo is not an image Pillow can read: {error}") from error
    flat = Image.new("RGBA", picture.size, (_WHITE, _WHITE, _WHITE, 255))
    flat.alpha_composite(picture)
    width = max(1, dot_width * logo.width_percent // 100)
    height = max(1, round(picture.height * width / picture.width))
    limit = dot_width * MAX_LOGO_ASPECT
    if height > limit:
        width, height = max(1, round(width * limit / height)), limit
    scaled = flat.convert("L").resize((width, height), Image.Resampling.LANCZOS)
    return scaled.convert("1", dither=Image.Dither.FLOYDSTEINBERG)


def render_png(receipt: Receipt, dot_width: int) -> Image.Image:
    """Draw ``receipt`` on a white greyscale image ``dot_width`` pixels wide.

    Args:
        receipt: The receipt to draw.
        dot_width: The printer's width in dots (384, 512 or 576); the image is
            exactly this wide and as tall as the content plus a bottom margin.

    Returns:
        A mode "L" image.

    Raises:
        ValueError: If ``dot_width`` is too narrow to lay anything out.

    """
    if dot_width < 96:
        raise ValueError(f"dot_width must be at least 96 dots, got {dot_width}")
    layout = _Layout(dot_width)
    for block in receipt.blocks:
        if isinstance(block, TextLine):
            layout.text(block)
        elif isinstance(block, KeyValue):
            layout.key_value(block)
        elif isinstance(block, Divider):
            layout.divider()
        elif isinstance(block, Feed):
            layout.feed(block.lines)
        elif isinstance(block, Logo):
            layout.logo(block)
        elif isinstance(block, Barcode):
            layout.barcode(block)
        else:
            layout.qr(block)
    return layout.draw()


def _clean(text: str) -> str:
    """Replace control characters (except newline) by spaces and lone surrogates by U+FFFD."""
    cleaned: list[str] = []
    for char in text:
        category = unicodedata.category(char)
        if category == "Cc" and char != "\n":
            cleaned.append(" ")
        elif category == "Cs":
            cleaned.append("\ufffd")
        else:
            cleaned.append(char)
    return "".join(cleaned)


def _longest_fitting_prefix(word: str, fits: Callable[[str], bool]) -> int:
    """Length of the longest prefix of ``word`` that fits, but at least one character."""
    low, high = 1, len(word)
    while low < high:
        middle = (low + high + 1) // 2
        if fits(word[:middle]):
            low = middle
        else:
            high = middle - 1
    return low


def _qr_side(payload: str) -> int:
    """Modules across the QR code, quiet zone included, from its version alone.

    Drawing the matrix would also choose the best of eight masks, which takes
    milliseconds that a printer drawing the code natively does not need.
    """
    code = qrcode.QRCode(error_correction=qrcode.constants.ERROR_CORRECT_M)
    code.add_data(payload)
    version: int = code.best_fit()
    return 4 * version + 17 + 2 * QR_BORDER_MODULES


def _qr_matrix(payload: str) -> list[list[bool]]:
    """Return the QR code's modules, quiet zone included (error correction M, as on paper)."""
    code = qrcode.QRCode(
        error_correction=qrcode.constants.ERROR_CORRECT_M,
        box_size=1,
        border=QR_BORDER_MODULES,
    )
    code.add_data(payload)
    code.make(fit=True)
    matrix: list[list[bool]] = code.get_matrix()
    return matrix


def _fit_module_size(modules: int, module_size: int, dot_width: int) -> int:
    return max(1, min(module_size, MAX_QR_MODULE_SIZE, dot_width // modules))


@dataclass(frozen=True)
class _Text:
    x: int
    y: int
    text: str
    font: ImageFont.FreeTypeFont
    stroke: int


@dataclass(frozen=True)
class _Rule:
    top: int
    thickness: int


@dataclass(frozen=True)
class _Picture:
    x: int
    y: int
    image: Image.Image


class _Layout:
    """Places blocks top to bottom, then draws them once the height is known."""

    def __init__(self, dot_width: int) -> None:
        self.width = dot_width
        self.margin = max(4, dot_width // 72)
        self.columns = columns_for(dot_width)
        self.normal_px = max(
            _MIN_NORMAL_PX, round(_NORMAL_PX_AT_REFERENCE * dot_width / _REFERENCE_DOT_WIDTH)
        )
        self.y = 0
        self.ops: list[_Text | _Rule | _Picture] = []
        # Fonts are loaded per render (it takes well under a millisecond) because
        # a FreeType face must not be shared between printing threads.
        self._fonts: dict[int, ImageFont.FreeTypeFont] = {}

    @property
    def content_width(self) -> int:
        return self.width - 2 * self.margin

    def font(self, size: TextSize) -> ImageFont.FreeTypeFont:
        px = self.normal_px * TEXT_SCALE[size]
        if px not in self._fonts:
            font = ImageFont.load_default(size=px)
            if not isinstance(font, ImageFont.FreeTypeFont):
                raise RuntimeError("Pillow was built without FreeType; receipts need it")
            self._fonts[px] = font
        return self._fonts[px]

    def line_height(self, font: ImageFont.FreeTypeFont) -> int:
        ascent, descent = font.getmetrics()
        return ascent + descent

    def measure(self, text: str, font: ImageFont.FreeTypeFont, stroke: int) -> int:
        return round(font.getlength(text)) + 2 * stroke

    def place(self, text: str, font: ImageFont.FreeTypeFont, stroke: int, align: Align) -> None:
        width = self.measure(text, font, stroke)
        if align is Align.CENTER:
            x = (self.width - width) // 2
        elif align is Align.RIGHT:
            x = self.width - self.margin - width
        else:
            x = self.margin
        self.ops.append(_Text(x, self.y, text, font, stroke))
        self.y += self.line_height(font)

    def wrap(self, text: str, size: TextSize, stroke: int) -> list[str]:
        font = self.font(size)
        columns = max(1, self.columns // TEXT_SCALE[size])
        return wrap_text(
            text,
            lambda line: (
                len(line) <= columns and self.measure(line, font, stroke) <= self.content_width
            ),
        )

    def text(self, block: TextLine) -> None:
        font = self.font(block.size)
        # A stroke grows with the glyphs so HUGE bold still reads as bold.
        stroke = max(1, TEXT_SCALE[block.size] // 2) if block.bold else 0
        for line in self.wrap(block.text, block.size, stroke):
            self.place(line, font, stroke, block.align)

    def key_value(self, block: KeyValue) -> None:
        font = self.font(TextSize.NORMAL)
        stroke = 1 if block.bold else 0
        labels = self.wrap(block.label, TextSize.NORMAL, stroke)
        values = self.wrap(block.value, TextSize.NORMAL, stroke)
        if len(labels) == 1 and len(values) == 1 and len(labels[0]) + len(values[0]) < self.columns:
            gap = self.measure(" ", font, 0)
            label = self.measure(labels[0], font, stroke)
            if label + gap + self.measure(values[0], font, stroke) <= self.content_width:
                self.ops.append(_Text(self.margin, self.y, labels[0], font, stroke))
                self.place(values[0], font, stroke, Align.RIGHT)
                return
        for line in labels:
            self.place(line, font, stroke, Align.LEFT)
        for line in values:
            self.place(line, font, stroke, Align.RIGHT)

    def divider(self) -> None:
        height = self.line_height(self.font(TextSize.NORMAL))
        thickness = max(1, round(2 * self.width / _REFERENCE_DOT_WIDTH))
        self.ops.append(_Rule(self.y + (height - thickness) // 2, thickness))
        self.y += height

    def feed(self, lines: int) -> None:
        self.y += max(0, lines) * self.line_height(self.font(TextSize.NORMAL))

    def qr(self, block: QrCode) -> None:
        if not block.payload:
            logger.debug("skipping a QR code with an empty payload, as the printer does")
            return
        matrix = _qr_matrix(block.payload)
        modules = len(matrix)
        size = _fit_module_size(modules, block.module_size, self.width)
        small = Image.new("L", (modules, modules), _WHITE)
        small.putdata([_BLACK if dark else _WHITE for row in matrix for dark in row])
        side = modules * size
        self.picture(small.resize((side, side), Image.Resampling.NEAREST))

    def picture(self, image: Image.Image) -> None:
        self.ops.append(_Picture((self.width - image.width) // 2, self.y, image))
        self.y += image.height

    def logo(self, block: Logo) -> None:
        # The printer's printable width (whole font A columns), as the ESC/POS renderer uses.
        self.picture(logo_bitmap(block, self.columns * DOTS_PER_COLUMN).convert("L"))

    def barcode(self, block: Barcode) -> None:
        width = fitted_barcode_module_width(
            block.data, block.module_width, self.columns * DOTS_PER_COLUMN
        )
        if width is None:
            logger.warning(
                "barcode %r is too wide for %s dots; showing its text", block.data, self.width
            )
            self.text(TextLine(block.data, align=Align.CENTER))
            return
        self.picture(barcode_bitmap(block.data, width, block.height))
        # The printer prints the text (HRI) under the bars in font A.
        self.place(block.data, self.font(TextSize.NORMAL), 0, Align.CENTER)

    def draw(self) -> Image.Image:
        bottom_margin = self.line_height(self.font(TextSize.NORMAL))
        image = Image.new("L", (self.width, self.y + bottom_margin), _WHITE)
        pen = ImageDraw.Draw(image)
        for op in self.ops:
            if isinstance(op, _Text):
                pen.text(
                    (op.x + op.stroke, op.y),
                    op.text,
                    fill=_BLACK,
                    font=op.font,
                    anchor="la",
                    stroke_width=op.stroke,
                    stroke_fill=_BLACK,
                )
            elif isinstance(op, _Rule):
                pen.rectangle(
                    (self.margin, op.top, self.width - self.margin - 1, op.top + op.thickness - 1),
                    fill=_BLACK,
                )
            else:
                image.paste(op.image, (op.x, op.y))
        return image
