"""Render a ``Receipt`` to a bitmap exactly as wide as the paper.

The kiosk shows the bitmap as an on-screen preview and the simulated printer spools
it, so it draws what the paper shows: the ESC/POS renderer's blocks, order, alignment
and wrapping, in the printer's font A cells of 12 by 24 dots (a 58 mm line of 32
characters fills the paper, capitals about 2.2 mm tall, 3 mm cells). Glyphs come from
DejaVu Sans Mono, squeezed into the cells as the printer's own font is, and bold is the
real bold face, never a stroke around the glyph, which would close the gap between the
dot of an "i" and its stem ("Mandiri" read "Mandlri"). Without DejaVu (a Windows
kiosk) Pillow's built-in font stands in, bold struck twice a dot apart like a
printer's emphasized mode.
"""

from __future__ import annotations

import functools
import io
import logging
import math
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

#: Height of a font A character cell in dots (3 mm at 8 dots per millimetre).
CELL_HEIGHT = 24

#: Dots from one line of normal text to the next (the printer's default spacing).
LINE_DOTS = 30

_REFERENCE_DOT_WIDTH = 576
_WHITE = 255
_BLACK = 0
#: The monospaced faces that stand for the printer's font A, regular and bold.
_MONO_FACES = {False: "DejaVuSansMono.ttf", True: "DejaVuSansMono-Bold.ttf"}


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
    size: TextSize
    bold: bool


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
        self.columns = columns_for(dot_width)
        # The printer prints whole font A columns; what is left of the width stays blank.
        self.left = (dot_width - self.columns * DOTS_PER_COLUMN) // 2
        self.y = 0
        self.ops: list[_Text | _Rule | _Picture] = []
        # Fonts are loaded per render (it takes well under a millisecond) because
        # a FreeType face must not be shared between printing threads.
        self._fonts: dict[tuple[int, bool], _Face] = {}

    def face(self, size: TextSize, bold: bool) -> _Face:
        key = (TEXT_SCALE[size], bold)
        if key not in self._fonts:
            self._fonts[key] = _Face.load(CELL_HEIGHT * TEXT_SCALE[size], bold)
        return self._fonts[key]

    @staticmethod
    def line_height(size: TextSize) -> int:
        return max(LINE_DOTS, CELL_HEIGHT * TEXT_SCALE[size])

    def place(self, text: str, size: TextSize, bold: bool, align: Align) -> None:
        dots = len(text) * DOTS_PER_COLUMN * TEXT_SCALE[size]
        room = self.columns * DOTS_PER_COLUMN
        if align is Align.CENTER:
            x = self.left + (room - dots) // 2
        elif align is Align.RIGHT:
            x = self.left + room - dots
        else:
            x = self.left
        self.ops.append(_Text(x, self.y, text, size, bold))
        self.y += self.line_height(size)

    def wrap(self, text: str, size: TextSize) -> list[str]:
        columns = max(1, self.columns // TEXT_SCALE[size])
        return wrap_text(text, lambda line: len(line) <= columns)

    def text(self, block: TextLine) -> None:
        for line in self.wrap(block.text, block.size):
            self.place(line, block.size, block.bold, block.align)

    def key_value(self, block: KeyValue) -> None:
        labels = self.wrap(block.label, TextSize.NORMAL)
        values = self.wrap(block.value, TextSize.NORMAL)
        if len(labels) == 1 and len(values) == 1:
            line = f"{labels[0]} {values[0]}"
            if len(line) <= self.columns:
                self.place(
                    labels[0] + values[0].rjust(self.columns - len(labels[0])),
                    TextSize.NORMAL,
                    block.bold,
                    Align.LEFT,
                )
                return
        for line in labels:
            self.place(line, TextSize.NORMAL, block.bold, Align.LEFT)
        for line in values:
            self.place(line, TextSize.NORMAL, block.bold, Align.RIGHT)

    def divider(self) -> None:
        height = self.line_height(TextSize.NORMAL)
        thickness = max(1, round(2 * self.width / _REFERENCE_DOT_WIDTH))
        self.ops.append(_Rule(self.y + (height - thickness) // 2, thickness))
        self.y += height

    def feed(self, lines: int) -> None:
        self.y += max(0, lines) * self.line_height(TextSize.NORMAL)

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
        self.place(block.data, TextSize.NORMAL, False, Align.CENTER)

    def draw(self) -> Image.Image:
        bottom_margin = self.line_height(TextSize.NORMAL)
        image = Image.new("L", (self.width, self.y + bottom_margin), _WHITE)
        pen = ImageDraw.Draw(image)
        for op in self.ops:
            if isinstance(op, _Text):
                self.face(op.size, op.bold).draw(image, op, self.line_height(op.size))
            elif isinstance(op, _Rule):
                right = self.left + self.columns * DOTS_PER_COLUMN - 1
                pen.rectangle((self.left, op.top, right, op.top + op.thickness - 1), fill=_BLACK)
            else:
                image.paste(op.image, (op.x, op.y))
        return image


@functools.cache
def _mono_path(bold: bool) -> str | None:
    """Where the system keeps DejaVu Sans Mono, or None (Pillow searches the font folders)."""
    try:
        path = ImageFont.truetype(_MONO_FACES[bold], CELL_HEIGHT).path
    except OSError:
        path = None
    if not isinstance(path, str):
        logger.warning(
            "%s not found: receipt previews use Pillow's built-in font", _MONO_FACES[bold]
        )
        return None
    return path


@dataclass(frozen=True)
class _Face:
    """A font drawn into font A cells: monospaced, ``CELL_HEIGHT`` dots per size step."""

    font: ImageFont.FreeTypeFont
    #: Strike twice a dot apart: bold for a font without a bold face.
    double_strike: bool

    @classmethod
    def load(cls, pixels: int, bold: bool) -> _Face:
        path = _mono_path(bold)
        if path is not None:
            return cls(ImageFont.truetype(path, pixels), double_strike=False)
        font = ImageFont.load_default(size=pixels)
        if not isinstance(font, ImageFont.FreeTypeFont):
            raise RuntimeError("Pillow was built without FreeType; receipts need it")
        return cls(font, double_strike=bold)

    def draw(self, image: Image.Image, op: _Text, line_height: int) -> None:
        """Draw ``op`` squeezed (or spread) to exactly one cell per character."""
        if not op.text.strip():
            return
        ascent, descent = self.font.getmetrics()
        strike = 1 if self.double_strike else 0
        natural = max(1, math.ceil(self.font.getlength(op.text))) + strike
        ink = Image.new("L", (natural, ascent + descent), 0)
        pen = ImageDraw.Draw(ink)
        for offset in range(strike + 1):
            pen.text((offset, 0), op.text, fill=255, font=self.font)
        cells = len(op.text) * DOTS_PER_COLUMN * TEXT_SCALE[op.size]
        if cells != natural:
            ink = ink.resize((cells, ink.height), Image.Resampling.LANCZOS)
        image.paste(_BLACK, (op.x, op.y + (line_height - ink.height) // 2), mask=ink)
