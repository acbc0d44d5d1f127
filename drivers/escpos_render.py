"""Write a ``Receipt`` to an ESC/POS printer through python-escpos.

This follows the PNG renderer's model (same blocks, order, alignment and wrapping
rule), but in the printer's fixed columns of font A (12 dots wide), so the paper
matches the on-screen preview.
"""

from __future__ import annotations

import logging
import os
from pathlib import Path

logger = logging.getLogger("drivers.escpos_render")

_PICKLE_DIR_VARIABLE = "ESCPOS_CAPABILITIES_PICKLE_DIR"


def _use_capabilities_cache() -> None:
    """Point python-escpos at a persistent cache for its parsed capabilities file.

    Without it every import re-parses a large YAML file into a fresh temporary
    directory (about 0.35 s). python-escpos writes the cache during import, so the
    folder must exist and be writable first, or the import itself fails.
    """
    if _PICKLE_DIR_VARIABLE in os.environ:
        return
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    folder = Path(base) / "kiosk-escpos"
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        logger.warning("cannot create the escpos cache %s (%s); imports are slow", folder, error)
        return
    if not os.access(folder, os.W_OK):
        logger.warning("the escpos cache %s is not writable; imports will be slow", folder)
        return
    os.environ[_PICKLE_DIR_VARIABLE] = str(folder)


_use_capabilities_cache()

from escpos.constants import QR_ECLEVEL_M  # noqa: E402
from escpos.escpos import Escpos  # noqa: E402
from escpos.printer import Dummy  # noqa: E402

from drivers.receipt import (  # noqa: E402
    Align,
    Divider,
    Feed,
    KeyValue,
    QrCode,
    Receipt,
    TextLine,
    TextSize,
)
from drivers.receipt_png import (  # noqa: E402
    DOTS_PER_COLUMN,
    TEXT_SCALE,
    columns_for,
    fitted_qr_module_size,
    wrap_text,
)

#: Thermal receipt printers print 8 dots per millimetre.
_DOTS_PER_INCH = 203

__all__ = ["columns_for", "receipt_bytes", "render_escpos", "tell_media_width"]

_ALIGN = {Align.LEFT: "left", Align.CENTER: "center", Align.RIGHT: "right"}


def render_escpos(
    receipt: Receipt, printer: Escpos, *, columns: int, native_qr: bool = True
) -> None:
    """Send ``receipt`` to ``printer``, then feed and cut.

    Every block sets its own alignment, weight and size, so a block never inherits
    a style from the one before it, and the job starts with ESC @ so it does not
    inherit one from an earlier, interrupted job either.

    Args:
        receipt: The receipt to print.
        printer: Any python-escpos printer (USB, serial, network, Dummy).
        columns: Font A characters per line (see ``columns_for``).
        native_qr: Let the printer draw QR codes (GS ( k); if False they are sent
            as a raster image, for printers without a QR engine (centring that
            image needs ``tell_media_width`` unless the profile knows the width).

    Raises:
        ValueError: If ``columns`` is not positive.

    """
    if columns < 1:
        raise ValueError(f"columns must be positive, got {columns}")
    printer.hw("INIT")
    # ESC @ resets the printer's code page, so python-escpos must select one again
    # before the first non-ASCII character instead of assuming the previous one.
    printer.magic.encoding = None
    for block in receipt.blocks:
        if isinstance(block, TextLine):
            _text(printer, block, columns)
        elif isinstance(block, KeyValue):
            _key_value(printer, block, columns)
        elif isinstance(block, Divider):
            printer.set(align="left", bold=False, normal_textsize=True)
            printer.textln("-" * columns)
        elif isinstance(block, Feed):
            printer.ln(max(0, block.lines))
        else:
            _qr(printer, block, columns, native_qr)
    printer.cut()


def receipt_bytes(receipt: Receipt, dot_width: int, *, native_qr: bool = True) -> bytes:
    """Return the exact ESC/POS bytes for ``receipt`` on a printer ``dot_width`` dots wide.

    The simulated printer spools these, and tests decode them, so both see what a
    real printer would receive.

    Args:
        receipt: The receipt to render.
        dot_width: The printer's width in dots (384, 512 or 576).
        native_qr: As for ``render_escpos``.

    Returns:
        The command stream, from ESC @ to the cut.

    """
    printer = Dummy()
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
    if size is TextSize.HUGE:
        scale = TEXT_SCALE[size]
        printer.set(align=_ALIGN[align], bold=bold, custom_size=True, width=scale, height=scale)
    elif size is TextSize.DOUBLE:
        printer.set(align=_ALIGN[align], bold=bold, double_width=True, double_height=True)
    else:
        printer.set(align=_ALIGN[align], bold=bold, normal_textsize=True)


def _text(printer: Escpos, block: TextLine, columns: int) -> None:
    width = max(1, columns // TEXT_SCALE[block.size])
    _set_size(printer, block.size, align=block.align, bold=block.bold)
    for line in wrap_text(block.text, lambda candidate: len(candidate) <= width):
        printer.textln(line)


def _key_value(printer: Escpos, block: KeyValue, columns: int) -> None:
    _set_size(printer, TextSize.NORMAL, align=Align.LEFT, bold=block.bold)

    def fits(candidate: str) -> bool:
        return len(candidate) <= columns

    labels = wrap_text(block.label, fits)
    values = wrap_text(block.value, fits)
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
    printer.qr(block.payload, ec=QR_ECLEVEL_M, size=size, native=native, center=not native)
