"""A small ESC/POS decoder, so tests can check what a printer would actually print.

It understands the commands python-escpos emits and raises ``UnknownCommandError``
on anything else rather than guessing how many parameter bytes to skip. The
printer emulator uses ``command_length`` to split a live stream at command
boundaries the same way.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field, replace

from PIL import Image, ImageOps

# Imported for its side effect: python-escpos, imported later, finds its capabilities cache.
import drivers.escpos_render  # noqa: F401

ESC = 0x1B
GS = 0x1D
DLE = 0x10
LF = 0x0A

#: ESC/POS code page slots (ESC t n) of the default profile that Python can decode.
CODE_PAGES: dict[int, str] = {
    0: "cp437",
    1: "cp932",
    2: "cp850",
    3: "cp860",
    4: "cp863",
    5: "cp865",
    13: "cp857",
    14: "cp737",
    15: "iso8859_7",
    16: "cp1252",
    17: "cp866",
    18: "cp852",
    19: "cp858",
    21: "cp874",
    32: "cp720",
    33: "cp775",
    34: "cp855",
    35: "cp861",
    36: "cp862",
    37: "cp864",
    38: "cp869",
    39: "iso8859_2",
    40: "iso8859_15",
    44: "cp1125",
    45: "cp1250",
    46: "cp1251",
    47: "cp1253",
    48: "cp1254",
    49: "cp1255",
    50: "cp1256",
    51: "cp1257",
    52: "cp1258",
}

# ESC commands followed by a fixed number of parameter bytes.
_ESC_FIXED = {
    ord("@"): 0,
    ord("2"): 0,
    ord("!"): 1,
    ord("E"): 1,
    ord("G"): 1,
    ord("-"): 1,
    ord("a"): 1,
    ord("t"): 1,
    ord("d"): 1,
    ord("M"): 1,
    ord("V"): 1,
    ord("{"): 1,
    ord("r"): 1,
    ord("3"): 1,
    ord("+"): 1,
    ord("A"): 1,
    ord("="): 1,
    ord("K"): 1,
    ord("J"): 1,
    ord("R"): 1,
    ord("B"): 2,
    ord("c"): 2,
    ord("?"): 2,
    ord("p"): 3,
}

# GS commands followed by a fixed number of parameter bytes.
_GS_FIXED = {
    ord("!"): 1,
    ord("B"): 1,
    ord("b"): 1,
    ord("|"): 1,
    ord("H"): 1,
    ord("f"): 1,
    ord("h"): 1,
    ord("w"): 1,
    ord("L"): 2,
    ord("W"): 2,
    ord("r"): 1,
}

_ALIGNS = {0: "left", 48: "left", 1: "center", 49: "center", 2: "right", 50: "right"}
_QR_LEVELS = {48: "L", 49: "M", 50: "Q", 51: "H"}
_CUT_MODES = {0: "full", 48: "full", 65: "full", 97: "full", 103: "full"}
_CUT_MODES |= {1: "partial", 49: "partial", 66: "partial", 98: "partial", 104: "partial"}
_BARCODE_KINDS = {4: "CODE39", 69: "CODE39", 72: "CODE93", 73: "CODE128", 74: "GS1-128"}


class UnknownCommandError(ValueError):
    """The stream holds a byte sequence this decoder does not understand."""


class _StreamEndsError(UnknownCommandError):
    """The stream ends inside a command."""


@dataclass(frozen=True)
class Line:
    """One printed line and the style it started with."""

    text: str
    bold: bool
    align: str
    width: int
    height: int


@dataclass(frozen=True)
class QrSymbol:
    """A native QR code as stored in the printer (GS ( k, function 80)."""

    payload: str
    module_size: int
    error_correction: str
    align: str


@dataclass(frozen=True)
class BarcodeSymbol:
    """A barcode the printer draws itself (GS k); CODE128's "{B" prefix is removed."""

    kind: str
    data: str
    height: int
    module_width: int
    align: str


@dataclass
class Decoded:
    """What the printer would print, in order."""

    lines: list[Line] = field(default_factory=list)
    qr_codes: list[QrSymbol] = field(default_factory=list)
    images: int = 0
    cut: bool = False
    #: "full" or "partial" for the last cut, "" if there was none.
    cut_mode: str = ""
    barcodes: list[BarcodeSymbol] = field(default_factory=list)
    #: Every raster image (GS v 0) as printed: black dots on white, mode "L".
    rasters: list[Image.Image] = field(default_factory=list)

    @property
    def text_lines(self) -> list[str]:
        """Every printed line's text, blank feed lines included."""
        return [line.text for line in self.lines]

    @property
    def bold_lines(self) -> list[str]:
        """The text of lines that started in bold."""
        return [line.text for line in self.lines if line.bold]

    @property
    def qr_payloads(self) -> list[str]:
        """The payload of every native QR code, in order."""
        return [symbol.payload for symbol in self.qr_codes]


@dataclass
class _State:
    bold: bool = False
    align: str = "left"
    width: int = 1
    height: int = 1
    code_page: str = "cp437"
    qr_size: int = 3
    qr_level: str = "L"
    barcode_height: int = 162
    barcode_width: int = 3


class _Decoder:
    def __init__(self, data: bytes, code_pages: Mapping[int, str]) -> None:
        self.data = data
        self.code_pages = code_pages
        self.pos = 0
        self.state = _State()
        self.result = Decoded()
        self.pending = ""
        self.pending_style: _State | None = None

    def take(self, count: int) -> bytes:
        if self.pos + count > len(self.data):
            raise _StreamEndsError(
                f"stream ends inside a command at offset {self.pos} (needs {count} more bytes)"
            )
        chunk = self.data[self.pos : self.pos + count]
        self.pos += count
        return chunk

    def byte(self) -> int:
        return self.take(1)[0]

    def end_line(self) -> None:
        style = self.pending_style or self.state
        self.result.lines.append(
            Line(self.pending, style.bold, style.align, style.width, style.height)
        )
        self.pending = ""
        self.pending_style = None

    def add_text(self, raw: bytes) -> None:
        if self.pending_style is None:
            self.pending_style = replace(self.state)
        self.pending += raw.decode(self.state.code_page, errors="replace")

    def run(self) -> Decoded:
        while self.pos < len(self.data):
            self.run_one()
        if self.pending:
            self.end_line()
        return self.result

    def run_one(self) -> None:
        """Decode the command or run of text at ``pos``."""
        start = self.pos
        code = self.byte()
        if code == LF:
            self.end_line()
        elif code == ESC:
            self.esc(start)
        elif code == GS:
            self.gs(start)
        elif code == DLE:
            self.dle(start)
        elif code in (0x0D, 0x07):  # CR is ignored in line mode; BEL beeps
            return
        elif code == 0x09:
            self.add_text(b" ")
        elif code < 0x20:
            raise UnknownCommandError(f"unknown control byte 0x{code:02x} at offset {start}")
        else:
            end = self.pos
            while end < len(self.data) and self.data[end] >= 0x20:
                end += 1
            self.add_text(self.data[start:end])
            self.pos = end

    def esc(self, start: int) -> None:
        command = self.byte()
        if command == ord("*"):
            mode = self.byte()
            columns = int.from_bytes(self.take(2), "little")
            self.take(columns * (1 if mode in (0, 1) else 3))
            return
        if command == ord("D"):
            while self.byte() != 0:
                pass
            return
        if command not in _ESC_FIXED:
            raise UnknownCommandError(f"unknown command ESC 0x{command:02x} at offset {start}")
        params = self.take(_ESC_FIXED[command])
        state = self.state
        if command == ord("@"):
            self.state = _State()
        elif command == ord("!"):
            state.bold = bool(params[0] & 0x08)
            state.height = 2 if params[0] & 0x10 else 1
            state.width = 2 if params[0] & 0x20 else 1
        elif command in (ord("E"), ord("G")):
            state.bold = bool(params[0] & 0x01)
        elif command == ord("a"):
            state.align = _ALIGNS[params[0]]
        elif command == ord("t"):
            if params[0] not in self.code_pages:
                raise UnknownCommandError(f"code page {params[0]} at offset {start}")
            state.code_page = self.code_pages[params[0]]
        elif command == ord("d"):
            self.feed(params[0])

    def feed(self, lines: int) -> None:
        """ESC d n prints the pending line, then feeds n lines in all."""
        if lines == 0:
            if self.pending:
                self.end_line()
            return
        for _ in range(lines):
            self.end_line()

    def gs(self, start: int) -> None:
        command = self.byte()
        if command == ord("V"):
            mode = self.byte()
            if mode in (65, 66, 97, 98, 103, 104):
                self.byte()
            self.result.cut = True
            self.result.cut_mode = _CUT_MODES.get(mode, "")
        elif command == ord("("):
            self.gs_paren(start)
        elif command == ord("v"):
            if self.byte() != ord("0"):
                raise UnknownCommandError(f"unknown command GS v at offset {start}")
            self.byte()
            width_bytes = int.from_bytes(self.take(2), "little")
            height = int.from_bytes(self.take(2), "little")
            bits = self.take(width_bytes * height)
            self.result.images += 1
            # A set bit is a black dot; Pillow's mode "1" reads a set bit as white.
            raster = Image.frombytes("1", (width_bytes * 8, height), bits).convert("L")
            self.result.rasters.append(ImageOps.invert(raster))
        elif command == ord("k"):
            kind = self.byte()
            if kind <= 6:
                start_of_data = self.pos
                while self.byte() != 0:
                    pass
                data = self.data[start_of_data : self.pos - 1]
            else:
                data = self.take(self.byte())
            self.barcode(kind, data)
        elif command in _GS_FIXED:
            params = self.take(_GS_FIXED[command])
            if command == ord("!"):
                self.state.width = (params[0] >> 4) + 1
                self.state.height = (params[0] & 0x0F) + 1
            elif command == ord("h"):
                self.state.barcode_height = params[0]
            elif command == ord("w"):
                self.state.barcode_width = params[0]
        else:
            raise UnknownCommandError(f"unknown command GS 0x{command:02x} at offset {start}")

    def barcode(self, kind: int, data: bytes) -> None:
        text = data.decode("ascii", errors="replace")
        if kind == 73 and text[:2] in ("{A", "{B", "{C"):
            text = text[2:].replace("{{", "{")
        self.result.barcodes.append(
            BarcodeSymbol(
                _BARCODE_KINDS.get(kind, str(kind)),
                text,
                self.state.barcode_height,
                self.state.barcode_width,
                self.state.align,
            )
        )

    def gs_paren(self, start: int) -> None:
        kind = self.byte()
        body = self.take(int.from_bytes(self.take(2), "little"))
        if kind == ord("L"):
            if body[1:2] == b"2":
                self.result.images += 1
            return
        if kind != ord("k"):
            raise UnknownCommandError(f"unknown command GS ( 0x{kind:02x} at offset {start}")
        symbol, function = body[0], body[1]
        if symbol != ord("1"):
            return
        if function == 67:
            self.state.qr_size = body[2]
        elif function == 69:
            self.state.qr_level = _QR_LEVELS[body[2]]
        elif function == 80:
            self.result.qr_codes.append(
                QrSymbol(
                    body[3:].decode("utf-8"),
                    self.state.qr_size,
                    self.state.qr_level,
                    self.state.align,
                )
            )

    def dle(self, start: int) -> None:
        if self.byte() != 0x04:
            raise UnknownCommandError(f"unknown command DLE at offset {start}")
        self.byte()


def decode(data: bytes, code_pages: Mapping[int, str] | None = None) -> Decoded:
    """Decode an ESC/POS command stream into lines, QR codes, barcodes, images and the cut.

    Args:
        data: The stream.
        code_pages: ESC t slot to Python codec, for a profile other than
            python-escpos's "default" (see ``profile_code_pages``).

    Raises:
        UnknownCommandError: On a command the decoder does not know.
    """
    return _Decoder(data, CODE_PAGES if code_pages is None else code_pages).run()


def profile_code_pages(profile: str) -> dict[int, str]:
    """ESC t slot to Python codec for a python-escpos profile (slots without one are left out)."""
    from escpos.capabilities import CAPABILITIES, get_profile

    encodings = CAPABILITIES["encodings"]
    slots: dict[int, str] = {}
    for slot, name in get_profile(profile).codePages.items():
        codec = encodings.get(name, {}).get("python_encode")
        if codec:
            slots[int(slot)] = codec
    return slots


def command_length(data: bytes, pos: int) -> int | None:
    """Length of the command (or run of text) starting at ``data[pos]``.

    Returns None when ``data`` ends before the command does, so a caller reading
    a live stream can wait for more bytes.

    Raises:
        UnknownCommandError: On a command the decoder does not know.
    """
    code = data[pos]
    if code >= 0x20:
        end = pos
        while end < len(data) and data[end] >= 0x20:
            end += 1
        return end - pos
    if code not in (ESC, GS, DLE):
        return 1
    probe = _Decoder(data[pos:], CODE_PAGES)
    try:
        probe.run_one()
    except _StreamEndsError:
        return None
    return probe.pos
