from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from drivers.escpos_render import columns_for, receipt_bytes, render_escpos, tell_media_width
from drivers.receipt import Align, KeyValue, QrCode, Receipt, TextLine, TextSize
from drivers.receipt_png import TEXT_SCALE
from tests.helpers.escpos_decode import UnknownCommandError, decode
from tests.unit.drivers.test_receipt_png import PAYLOAD, WIDTHS, sample_ticket


def dummy_printer() -> Any:
    # Imported here, after drivers.escpos_render, so python-escpos finds its cache.
    from escpos.printer import Dummy

    return Dummy()


def printed(lines: list[str]) -> list[str]:
    return [line for line in lines if line.strip()]


@pytest.mark.parametrize("width", [512, 576])
def test_ticket_decodes_to_its_lines_in_order(width: int) -> None:
    columns = columns_for(width)

    decoded = decode(receipt_bytes(sample_ticket(), width))

    assert printed(decoded.text_lines) == [
        "KANTOR DESA SUKAMAJU",
        "Nomor Antrian",
        "A001",
        "-" * columns,
        "Layanan" + "Surat Keterangan Domisili".rjust(columns - len("Layanan")),
        "Loket" + "K1".rjust(columns - len("Loket")),
        "Waktu" + "23-11-2026 09:00".rjust(columns - len("Waktu")),
        "Simpan tiket ini sampai dipanggil.",
        "-" * columns,
    ]
    assert decoded.qr_payloads == [PAYLOAD]
    assert decoded.cut
    assert decoded.images == 0


def test_ticket_on_58_mm_paper_wraps_to_32_columns() -> None:
    decoded = decode(receipt_bytes(sample_ticket(), 384))

    assert printed(decoded.text_lines) == [
        "KANTOR DESA",
        "SUKAMAJU",
        "Nomor Antrian",
        "A001",
        "-" * 32,
        "Layanan",
        "Surat Keterangan Domisili".rjust(32),
        "Loket" + "K1".rjust(27),
        "Waktu" + "23-11-2026 09:00".rjust(27),
        "Simpan tiket ini sampai",
        "dipanggil.",
        "-" * 32,
    ]
    assert decoded.qr_payloads == [PAYLOAD]
    assert decoded.cut


def test_styles_follow_the_blocks() -> None:
    decoded = decode(receipt_bytes(sample_ticket(), 576))
    lines = {line.text: line for line in decoded.lines if line.text.strip()}

    assert decoded.bold_lines == ["KANTOR DESA SUKAMAJU", "A001", "Loket" + "K1".rjust(43)]
    assert (lines["A001"].width, lines["A001"].height, lines["A001"].align) == (4, 4, "center")
    heading = lines["KANTOR DESA SUKAMAJU"]
    assert (heading.width, heading.height, heading.align) == (2, 2, "center")
    assert (lines["Nomor Antrian"].width, lines["Nomor Antrian"].bold) == (1, False)
    assert lines["-" * 48].align == "left"


def test_qr_code_is_native_centred_with_error_correction_m() -> None:
    decoded = decode(receipt_bytes(sample_ticket(), 576))

    (symbol,) = decoded.qr_codes
    assert (symbol.payload, symbol.module_size, symbol.error_correction, symbol.align) == (
        PAYLOAD,
        6,
        "M",
        "center",
    )


def test_qr_code_as_image_for_printers_without_a_qr_engine(
    capsys: pytest.CaptureFixture[str],
) -> None:
    decoded = decode(receipt_bytes(sample_ticket(), 384, native_qr=False))

    assert decoded.qr_payloads == []
    assert decoded.images == 1
    assert decoded.cut
    assert capsys.readouterr().out == ""


def test_large_qr_code_shrinks_to_the_paper() -> None:
    payload = "ALM:" + "K1-A001;" * 60

    decoded = decode(receipt_bytes(Receipt((QrCode(payload, module_size=16),)), 384))

    (symbol,) = decoded.qr_codes
    assert symbol.payload == payload
    assert symbol.module_size < 16


@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("size", list(TextSize))
def test_long_text_wraps_to_the_columns(width: int, size: TextSize) -> None:
    columns = columns_for(width) // TEXT_SCALE[size]
    text = "Pelayanan administrasi kependudukan di kantor desa " * 4 + "X" * 100

    lines = printed(decode(receipt_bytes(Receipt((TextLine(text, size),)), width)).text_lines)

    assert len(lines) > 1
    assert all(len(line) <= columns for line in lines)
    assert " ".join(lines).replace(" ", "") == text.replace(" ", "")


def test_key_value_too_long_puts_value_under_label_right_aligned() -> None:
    value = "Surat Keterangan Tidak Mampu untuk keperluan beasiswa"

    lines = printed(decode(receipt_bytes(Receipt((KeyValue("Layanan", value),)), 384)).text_lines)

    assert lines[0] == "Layanan"
    assert " ".join(line.strip() for line in lines[1:]) == value
    assert all(len(line) == 32 for line in lines[1:])


def test_alignment_is_sent() -> None:
    receipt = Receipt(
        (
            TextLine("kiri"),
            TextLine("tengah", align=Align.CENTER),
            TextLine("kanan", align=Align.RIGHT),
        )
    )

    lines = [line for line in decode(receipt_bytes(receipt, 576)).lines if line.text]

    assert [(line.text, line.align) for line in lines] == [
        ("kiri", "left"),
        ("tengah", "center"),
        ("kanan", "right"),
    ]


def test_control_characters_cannot_inject_commands() -> None:
    receipt = Receipt((TextLine("Nama\x1b@\x1dV\x00Budi"),))

    decoded = decode(receipt_bytes(receipt, 576))

    assert printed(decoded.text_lines) == ["Nama @ V Budi"]


def test_latin_accents_survive_the_code_page() -> None:
    decoded = decode(receipt_bytes(Receipt((TextLine("Café Ñandú"),)), 576))

    assert printed(decoded.text_lines) == ["Café Ñandú"]


def test_render_into_a_caller_printer() -> None:
    printer = dummy_printer()

    render_escpos(sample_ticket(), printer, columns=32)
    decoded = decode(printer.output)

    assert "-" * 32 in decoded.text_lines
    assert decoded.cut


def test_columns_must_be_positive() -> None:
    with pytest.raises(ValueError, match="columns"):
        render_escpos(sample_ticket(), dummy_printer(), columns=0)


def test_caller_printer_can_centre_image_qr_codes(capsys: pytest.CaptureFixture[str]) -> None:
    printer = dummy_printer()
    tell_media_width(printer, 512)

    render_escpos(sample_ticket(), printer, columns=42, native_qr=False)

    assert decode(printer.output).images == 1
    assert capsys.readouterr().out == ""
    assert dummy_printer().profile.profile_data["media"]["width"]["pixels"] == "Unknown"


def test_capabilities_cache_goes_under_xdg_cache_home(tmp_path: Path) -> None:
    env = {key: value for key, value in os.environ.items() if not key.startswith("ESCPOS_")}
    env["XDG_CACHE_HOME"] = str(tmp_path)
    script = "import os, drivers.escpos_render; print(os.environ['ESCPOS_CAPABILITIES_PICKLE_DIR'])"

    result = subprocess.run(
        [sys.executable, "-c", script], env=env, capture_output=True, text=True, check=True
    )

    cache = tmp_path / "kiosk-escpos"
    assert result.stdout.strip() == str(cache)
    assert list(cache.glob("*.capabilities.pickle"))


def test_kiosks_starting_together_share_one_whole_capabilities_cache(tmp_path: Path) -> None:
    """python-escpos writes its cache while it imports; a second process must never read half.

    Eight processes import the renderer at once on an empty cache: every import succeeds,
    one cache file is left, and no private build folder stays behind.
    """
    env = {key: value for key, value in os.environ.items() if not key.startswith("ESCPOS_")}
    env["XDG_CACHE_HOME"] = str(tmp_path)
    script = "import drivers.escpos_render; drivers.escpos_render.profile_names()"

    starts = [
        subprocess.Popen([sys.executable, "-c", script], env=env, stderr=subprocess.PIPE, text=True)
        for _ in range(8)
    ]
    failures = [process.communicate()[1] for process in starts if process.wait() != 0]

    assert failures == []
    cache = tmp_path / "kiosk-escpos"
    assert len(list(cache.glob("*.capabilities.pickle"))) == 1
    assert [path.name for path in cache.iterdir() if path.is_dir()] == []


def test_decoder_refuses_unknown_commands() -> None:
    with pytest.raises(UnknownCommandError, match="ESC 0xff"):
        decode(b"\x1b\xff")
    with pytest.raises(UnknownCommandError, match="0x01"):
        decode(b"ok\x01")
    with pytest.raises(UnknownCommandError, match="ends inside"):
        decode(b"\x1d(k\x05\x00")
