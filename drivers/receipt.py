"""The device-neutral receipt model.

The kiosk core composes a ``Receipt`` from blocks; the PNG renderer and the ESC/POS
renderer both read the same blocks, so a preview matches what the paper shows.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass


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


Block = TextLine | KeyValue | QrCode | Divider | Feed


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
