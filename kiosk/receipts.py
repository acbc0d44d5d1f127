"""Receipts the kiosk prints, composed from the device-neutral model in ``drivers.receipt``."""

from __future__ import annotations

import datetime as dt

from drivers.receipt import (
    Align,
    Barcode,
    Divider,
    Feed,
    KeyValue,
    QrCode,
    Receipt,
    TextLine,
    TextSize,
)
from kiosk.config import KioskSection
from kiosk.services import Counter
from kiosk.text import LocalizedText

_QUEUE_TITLE = LocalizedText("NOMOR ANTRIAN", "QUEUE NUMBER")
_COUNTER = LocalizedText("Loket", "Counter")
_PLACE = LocalizedText("Tempat", "Where")
_TIME = LocalizedText("Waktu", "Time")
_KIOSK = LocalizedText("Anjungan", "Kiosk")
_NEXT = LocalizedText(
    "Tunggu nomor Anda dipanggil, lalu datang ke loket. Simpan struk ini.",
    "Wait until your number is called, then go to the counter. Keep this receipt.",
)
_FOOTER = LocalizedText("Terima kasih", "Thank you")


def format_time(moment: dt.datetime) -> str:
    """Day and time the way receipts in Indonesia show them."""
    return moment.strftime("%d-%m-%Y %H:%M")


def queue_ticket_receipt(
    kiosk: KioskSection,
    *,
    number: str,
    reference: str,
    issued_at: dt.datetime,
    counter: Counter,
    language: str,
) -> Receipt:
    """The receipt for a queue number: big number first, where to go, then the QR."""
    return Receipt(
        blocks=(
            TextLine(kiosk.name, bold=True, align=Align.CENTER),
            TextLine(kiosk.office, align=Align.CENTER),
            Divider(),
            TextLine(_QUEUE_TITLE.get(language), bold=True, align=Align.CENTER),
            TextLine(number, size=TextSize.HUGE, bold=True, align=Align.CENTER),
            Feed(),
            KeyValue(_COUNTER.get(language), counter.name.get(language), bold=True),
            KeyValue(_PLACE.get(language), counter.location.get(language)),
            KeyValue(_TIME.get(language), format_time(issued_at)),
            KeyValue(_KIOSK.get(language), kiosk.id),
            Divider(),
            TextLine(_NEXT.get(language)),
            Feed(),
            QrCode(reference),
            TextLine(reference, align=Align.CENTER),
            TextLine(_FOOTER.get(language), align=Align.CENTER),
        )
    )


def print_test_receipt(kiosk: KioskSection, printer: str, moment: dt.datetime) -> Receipt:
    """The installer's test receipt: every kind of block, Indonesian text, a QR and a barcode."""
    stamp = f"{moment:%Y%m%d%H%M%S}"
    return Receipt(
        blocks=(
            TextLine("UJI CETAK", size=TextSize.DOUBLE, bold=True, align=Align.CENTER),
            TextLine(kiosk.name, bold=True, align=Align.CENTER),
            TextLine(kiosk.office, align=Align.CENTER),
            Divider(),
            KeyValue("Anjungan", kiosk.id, bold=True),
            KeyValue("Waktu", format_time(moment)),
            KeyValue("Printer", printer),
            Divider(),
            TextLine("Surat Keterangan Tidak Mampu — Desa Kemiren, Kec. Glagah"),
            Feed(),
            QrCode(f"ALM-TEST-{kiosk.id}-{stamp}"),
            Barcode(stamp),
            TextLine("Jika struk ini terbaca jelas, printer siap.", align=Align.CENTER),
        )
    )
