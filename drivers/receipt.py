"""The device-neutral receipt model.

The kiosk core composes a ``Receipt`` from blocks; the PNG renderer and the ESC/POS
renderer both read the same blocks, so a preview matches what the paper shows.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass, field


class Align(enum.Enum):
    """Horizontal placement of a block."""

    LEFT = "left"
    CENTER = "center"
    RIGHT = "right"


class TextSize(enum.Enum):
    """Printer character sizes: NORMAL, or DOUBLE width and height for headings."""

    NORMAL = "normal"
    DOUBLE = "double"
    HUGE = "huge"


@dataclass(frozen=True)
class TextLine:
    """One line (or paragraph, wrapped to the paper) of text."""

    text: str
    size: TextSize = TextSize.NORMAL
    bold: bool = False
    align: Align = Align.LEFT


@dataclass(frozen=True)
class KeyValue:
    """A label on the left and its value on the right of the same line."""

    label: str
    value: str
    bold: bool = False


@dataclass(frozen=True)
class QrCode:
    """A QR code carrying ``payload``; ``module_size`` is in printer dots."""

    payload: str
    module_size: int = 6


@dataclass(frozen=True)
class Divider:
    """A horizontal rule across the paper."""


@dataclass(frozen=True)
class Feed:
    """Blank lines."""

    lines: int = 1


@dataclass(frozen=True)
class Logo:
    """A picture, such as the office's crest, dithered to black dots for thermal paper.

    The model keeps the encoded file (PNG, JPEG, BMP, GIF) rather than a decoded
    image, so receipts stay immutable and free of Pillow; both renderers scale it to
    ``width_percent`` of the paper's width and dither it the same way.
    """

    image: bytes = field(repr=False)
    width_percent: int = 50

    def __post_init__(self) -> None:
        if not 1 <= self.width_percent <= 100:
            raise ValueError(f"logo width_percent must be 1..100, got {self.width_percent}")
        if not self.image:
            raise ValueError("logo image is empty")


#: Characters a CODE128 barcode carries in code set B (printable ASCII).
BARCODE_CHARACTERS = frozenset(chr(code) for code in range(0x20, 0x7F))


@dataclass(frozen=True)
class Barcode:
    """A CODE128 barcode of ``data`` with its text printed underneath.

    ``height`` and ``module_width`` are in printer dots; ESC/POS printers accept
    modules 2 to 6 dots wide. A barcode too wide for the paper even at 2 dots is
    printed as its text instead, by both renderers.
    """

    data: str
    height: int = 64
    module_width: int = 2

    def __post_init__(self) -> None:
        if not self.data or len(self.data) > 80:
            raise ValueError(f"barcode data must be 1..80 characters, got {len(self.data)}")
        outside = sorted(set(self.data) - BARCODE_CHARACTERS)
        if outside:
            raise ValueError(
                f"barcode data {self.data!r} has characters CODE128 cannot carry: {outside!r}"
            )
        if not 1 <= self.height <= 255:
            raise ValueError(f"barcode height must be 1..255 dots, got {self.height}")
        if not 2 <= self.module_width <= 6:
            raise ValueError(f"barcode module_width must be 2..6 dots, got {self.module_width}")


Block = TextLine | KeyValue | QrCode | Divider | Feed | Logo | Barcode


@dataclass(frozen=True)
class Receipt:
    """A whole receipt: blocks from top to bottom, then a cut."""

    blocks: tuple[Block, ...]

    def text_lines(self) -> list[str]:
        """The receipt's text in reading order, for logs, tests and read-aloud."""
        lines: list[str] = []
        for block in self.blocks:
            if isinstance(block, TextLine):
                lines.append(block.text)
            elif isinstance(block, KeyValue):
                lines.append(f"{block.label}: {block.value}")
        return lines
