from __future__ import annotations

import pytest
import zxingcpp
from PIL import Image, ImageOps

from drivers.receipt import Align, Divider, Feed, KeyValue, QrCode, Receipt, TextLine, TextSize
from drivers.receipt_png import (
    DOTS_PER_COLUMN,
    columns_for,
    fitted_qr_module_size,
    render_png,
    wrap_text,
)

WIDTHS = (384, 512, 576)
PAYLOAD = "ALM:K1-A001"


def sample_ticket() -> Receipt:
    """A queue ticket as the kiosk prints it."""
    return Receipt(
        (
            TextLine("KANTOR DESA SUKAMAJU", TextSize.DOUBLE, bold=True, align=Align.CENTER),
            TextLine("Nomor Antrian", align=Align.CENTER),
            TextLine("A001", TextSize.HUGE, bold=True, align=Align.CENTER),
            Divider(),
            KeyValue("Layanan", "Surat Keterangan Domisili"),
            KeyValue("Loket", "K1", bold=True),
            KeyValue("Waktu", "23-11-2026 09:00"),
            QrCode(PAYLOAD),
            TextLine("Simpan tiket ini sampai dipanggil.", align=Align.CENTER),
            Divider(),
            Feed(2),
        )
    )


def ink_box(image: Image.Image) -> tuple[int, int, int, int]:
    box = ImageOps.invert(image.convert("L")).getbbox()
    assert box is not None, "nothing was drawn"
    return box


def height_of(*blocks: TextLine | KeyValue | QrCode | Divider | Feed, width: int = 576) -> int:
    return render_png(Receipt(blocks), width).height


@pytest.mark.parametrize("width", WIDTHS)
def test_image_is_exactly_the_paper_width_on_white(width: int) -> None:
    image = render_png(sample_ticket(), width)

    assert image.width == width
    assert image.mode in ("1", "L")
    assert image.getpixel((0, 0)) == 255
    assert image.getpixel((width - 1, image.height - 1)) == 255


@pytest.mark.parametrize("width", WIDTHS)
def test_qr_code_decodes_back_to_the_payload(width: int) -> None:
    image = render_png(sample_ticket(), width)

    found = zxingcpp.read_barcodes(image)

    assert [(code.format, code.text) for code in found] == [
        (zxingcpp.BarcodeFormat.QRCode, PAYLOAD)
    ]


def test_qr_code_is_centred() -> None:
    image = render_png(Receipt((QrCode(PAYLOAD),)), 576)

    left, _, right, _ = ink_box(image)

    assert abs((left + right) / 2 - 288) <= 1


def test_large_qr_code_shrinks_to_fit_narrow_paper() -> None:
    payload = "ALM:" + "K1-A001;" * 60
    size = fitted_qr_module_size(payload, 16, 384)
    image = render_png(Receipt((QrCode(payload, module_size=16),)), 384)

    assert 1 <= size < 16
    assert image.width == 384
    assert [code.text for code in zxingcpp.read_barcodes(image)] == [payload]


def test_module_size_is_kept_when_it_fits() -> None:
    assert fitted_qr_module_size(PAYLOAD, 6, 576) == 6
    assert fitted_qr_module_size(PAYLOAD, 40, 576) == 16
    assert fitted_qr_module_size(PAYLOAD, 0, 576) == 1


def test_empty_qr_payload_draws_nothing() -> None:
    assert height_of(QrCode("")) == height_of()


@pytest.mark.parametrize("width", WIDTHS)
def test_long_text_wraps_within_the_width(width: int) -> None:
    words = "Pelayanan administrasi kependudukan di kantor desa " * 6
    receipt = Receipt((TextLine(words), TextLine("X" * 200, TextSize.DOUBLE, bold=True)))

    image = render_png(receipt, width)
    left, _, right, _ = ink_box(image)

    assert 0 <= left < DOTS_PER_COLUMN
    assert width - 2 * DOTS_PER_COLUMN < right <= width
    assert image.height > 8 * height_of(TextLine("x"), width=width) // 2


@pytest.mark.parametrize("width", WIDTHS)
def test_a_full_line_of_font_a_columns_fills_the_paper(width: int) -> None:
    """A 58 mm line is 32 characters across the whole paper, as the printer prints it."""
    line = ("Surat disiapkan dan ditandatangani Kepala Desa " * 2)[: columns_for(width)]
    image = render_png(Receipt((TextLine(line),)), width)
    left, _, right, _ = ink_box(image)

    assert right - left > width - 2 * DOTS_PER_COLUMN


def test_text_is_the_printers_font_a_size_on_every_paper() -> None:
    """Font A cells are 12 by 24 dots (1.25 by 3 mm) whatever the paper's width."""
    boxes = [ink_box(render_png(Receipt((TextLine("HEH"),)), width)) for width in WIDTHS]
    heights = {bottom - top for _, top, _, bottom in boxes}
    widths = {right - left for left, _, right, _ in boxes}

    assert len(heights) == 1 and len(widths) == 1
    (capitals,) = heights
    assert 16 <= capitals <= 22, "capitals fill most of the 24-dot cell"
    assert height_of(TextLine("x"), width=384) == height_of(TextLine("x"), width=576)


@pytest.mark.parametrize("width", WIDTHS)
def test_bold_keeps_the_dot_of_an_i_apart_from_its_stem(width: int) -> None:
    """A stroke around bold glyphs closed the gap: "Mandiri" read "Mandlri"."""
    image = render_png(Receipt((TextLine("iii", bold=True),)), width)
    left, top, right, bottom = ink_box(image)
    rows = [
        all(image.getpixel((x, y)) > 160 for x in range(left, right)) for y in range(top, bottom)
    ]

    assert any(rows), "a white row between the dots and the stems"


def test_alignment_is_honoured() -> None:
    width = 576

    left = ink_box(render_png(Receipt((TextLine("Loket", align=Align.LEFT),)), width))
    centre = ink_box(render_png(Receipt((TextLine("Loket", align=Align.CENTER),)), width))
    right = ink_box(render_png(Receipt((TextLine("Loket", align=Align.RIGHT),)), width))

    assert left[0] < 20
    assert abs((centre[0] + centre[2]) / 2 - width / 2) < 4
    assert right[2] > width - 20


def test_key_value_puts_label_left_and_value_right_on_one_line() -> None:
    image = render_png(Receipt((KeyValue("Loket", "K1"),)), 576)
    left, _, right, _ = ink_box(image)

    assert left < 20
    assert right > 576 - 20
    assert image.height == height_of(TextLine("Loket"))


def test_key_value_too_long_for_one_line_wraps() -> None:
    long_value = "Surat Keterangan Tidak Mampu untuk keperluan beasiswa pendidikan"

    assert height_of(KeyValue("Layanan", long_value), width=384) > height_of(
        KeyValue("Layanan", "SKTM"), width=384
    )


def test_sizes_scale_the_text() -> None:
    normal = height_of(TextLine("A001"))
    double = height_of(TextLine("A001", TextSize.DOUBLE))
    huge = height_of(TextLine("A001", TextSize.HUGE))

    assert normal < double < huge


def test_bold_draws_more_ink() -> None:
    def ink(bold: bool) -> int:
        image = render_png(Receipt((TextLine("Nomor Antrian", bold=bold),)), 576)
        return sum(image.histogram()[:128])

    assert ink(True) > ink(False)


def test_divider_is_a_rule_across_the_paper() -> None:
    image = render_png(Receipt((Divider(),)), 576)
    left, _, right, _ = ink_box(image)

    assert left < 20
    assert right > 576 - 20


def test_feed_adds_blank_lines() -> None:
    one = height_of(TextLine("a"), Feed(1), TextLine("b"))
    three = height_of(TextLine("a"), Feed(3), TextLine("b"))

    assert three > one > height_of(TextLine("a"), TextLine("b"))


def test_any_unicode_and_control_characters_render() -> None:
    receipt = Receipt((TextLine("Café ☕ 日本語 \x00\x1b@\x1dV \ud800 ok\r\n\tselesai"),))

    image = render_png(receipt, 384)

    assert image.width == 384


def test_too_narrow_paper_is_refused() -> None:
    with pytest.raises(ValueError, match="dot_width"):
        render_png(sample_ticket(), 50)


def test_columns_match_common_printers() -> None:
    assert [columns_for(width) for width in WIDTHS] == [32, 42, 48]


def test_wrap_text_breaks_at_words_and_inside_long_words() -> None:
    def fits(line: str) -> bool:
        return len(line) <= 10

    assert wrap_text("satu dua tiga empat", fits) == ["satu dua", "tiga empat"]
    assert wrap_text("abcdefghijklmnopqrstuvwxyz", fits) == ["abcdefghij", "klmnopqrst", "uvwxyz"]
    assert wrap_text("a\n\nb", fits) == ["a", "", "b"]
    assert wrap_text("", fits) == [""]
    assert wrap_text("x\x1by\x00z", fits) == ["x y z"]
