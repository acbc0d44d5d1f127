"""Receipts the kiosk prints, composed from the device-neutral model in ``drivers.receipt``."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping

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
from kiosk.forms import display_value, month_names
from kiosk.hall import QueuePlace, place_text
from kiosk.identity import mask_nik
from kiosk.services import Counter, ReceiptTemplate, Service
from kiosk.signing import format_check
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
_CHECK = LocalizedText("Kode cek", "Check code")
_NEXT_HEADING = LocalizedText("Langkah berikutnya:", "What happens next:")
_ANONYMOUS = LocalizedText("Pelapor", "Reported by")
_ANONYMOUS_VALUE = LocalizedText("Tanpa nama", "Anonymous")
_READY = LocalizedText("Dapat diambil mulai", "Ready to collect from")
_BRING = LocalizedText("Bawa saat mengambil:", "Bring when you collect it:")
_WEEKDAYS = LocalizedText(
    "Senin Selasa Rabu Kamis Jumat Sabtu Minggu",
    "Monday Tuesday Wednesday Thursday Friday Saturday Sunday",
)
#: Monday to Friday: the days a village office works.
_WORKING_DAYS = range(5)
_KEEP = LocalizedText(
    "Simpan struk ini. Pindai kodenya di anjungan untuk melihat status.",
    "Keep this receipt. Scan its code at the kiosk to see the status.",
)


def format_time(moment: dt.datetime) -> str:
    """Day and time the way receipts in Indonesia show them."""
    return moment.strftime("%d-%m-%Y %H:%M")


def working_days_after(start: dt.date, days: int) -> dt.date:
    """The date ``days`` working days (Monday to Friday) after ``start``.

    Zero days is ``start`` itself when it is a working day, else the next one: a letter
    asked for on a Saturday is ready on Monday at the earliest. Public holidays are not
    known to the kiosk; the office's own notice covers them.
    """
    date = start
    while date.weekday() not in _WORKING_DAYS:
        date += dt.timedelta(days=1)
    for _ in range(days):
        date += dt.timedelta(days=1)
        while date.weekday() not in _WORKING_DAYS:
            date += dt.timedelta(days=1)
    return date


def format_day(date: dt.date, language: str) -> str:
    """``Selasa, 25 November 2026``: a date a citizen reads without a calendar."""
    weekday = _WEEKDAYS.get(language).split()[date.weekday()]
    return f"{weekday}, {date.day} {month_names(language)[date.month - 1]} {date.year}"


def queue_ticket_receipt(
    kiosk: KioskSection,
    *,
    number: str,
    reference: str,
    qr_payload: str,
    check_code: str,
    issued_at: dt.datetime,
    counter: Counter,
    language: str,
    place: QueuePlace | None = None,
) -> Receipt:
    """The receipt for a queue number: big number first, how many wait, where to go, the QR.

    ``place`` is central's count at issue; without it (numbered offline) the receipt says
    that how many wait cannot be counted now.
    """
    return Receipt(
        blocks=(
            TextLine(kiosk.name, bold=True, align=Align.CENTER),
            TextLine(kiosk.office, align=Align.CENTER),
            Divider(),
            TextLine(_QUEUE_TITLE.get(language), bold=True, align=Align.CENTER),
            TextLine(number, size=TextSize.HUGE, bold=True, align=Align.CENTER),
            Feed(),
            TextLine(place_text(place, language), bold=place is not None, align=Align.CENTER),
            KeyValue(_COUNTER.get(language), counter.name.get(language), bold=True),
            KeyValue(_PLACE.get(language), counter.location.get(language)),
            KeyValue(_TIME.get(language), format_time(issued_at)),
            KeyValue(_KIOSK.get(language), kiosk.id),
            Divider(),
            TextLine(_NEXT.get(language)),
            Feed(),
            QrCode(qr_payload),
            TextLine(reference, align=Align.CENTER),
            _check_line(check_code, language),
            TextLine(_FOOTER.get(language), align=Align.CENTER),
        )
    )


def _check_line(check_code: str, language: str) -> TextLine:
    """The check code a citizen types with the reference to check the status by hand."""
    return TextLine(
        f"{_CHECK.get(language)}: {format_check(check_code)}", bold=True, align=Align.CENTER
    )


def form_receipt(
    kiosk: KioskSection,
    service: Service,
    *,
    number: str,
    reference: str,
    qr_payload: str,
    check_code: str,
    issued_at: dt.datetime,
    nik: str | None,
    answers: Mapping[str, str],
    language: str,
) -> Receipt:
    """A letter, complaint or report: what it is, whose (masked NIK), what next and where, QR.

    The number prints once, large; the reference once, under the QR. The answers the
    template names are printed back, so the receipt says what was asked for or reported,
    and the documents to bring are those of the citizen's answers (a school SKTM asks for
    the school's letter, a BPJS one does not). An anonymous request prints no NIK at all;
    a NIK is always masked.
    """
    if service.receipt is None:
        raise ValueError(f"{service.id} has no receipt template")
    template = service.receipt
    who = (
        KeyValue("NIK", mask_nik(nik), bold=True)
        if nik
        else KeyValue(_ANONYMOUS.get(language), _ANONYMOUS_VALUE.get(language))
    )
    return Receipt(
        blocks=(
            TextLine(kiosk.name, bold=True, align=Align.CENTER),
            TextLine(kiosk.office, align=Align.CENTER),
            Divider(),
            TextLine(template.title.get(language), bold=True, align=Align.CENTER),
            TextLine(number, size=TextSize.DOUBLE, bold=True, align=Align.CENTER),
            Feed(),
            who,
            KeyValue(_TIME.get(language), format_time(issued_at)),
            KeyValue(_KIOSK.get(language), kiosk.id),
            *_summary(service, template, answers, language),
            Divider(),
            TextLine(_NEXT_HEADING.get(language), bold=True),
            TextLine(template.next_steps.get(language)),
            *_collection(template, answers, issued_at.date(), language),
            Feed(),
            KeyValue(_PLACE.get(language), template.where.get(language), bold=True),
            Divider(),
            QrCode(qr_payload),
            TextLine(reference, align=Align.CENTER),
            _check_line(check_code, language),
            TextLine(_KEEP.get(language), align=Align.CENTER),
            TextLine(_FOOTER.get(language), align=Align.CENTER),
        )
    )


def _summary(
    service: Service, template: ReceiptTemplate, answers: Mapping[str, str], language: str
) -> list[KeyValue]:
    """The answers the receipt repeats; a hidden or unanswered field prints nothing."""
    rows = []
    for row in template.summary:
        item = service.field(row.field)
        value = display_value(item, answers.get(row.field, ""), language)
        if value and item.shown(answers):
            rows.append(KeyValue(row.label.get(language), value))
    return rows


def _collection(
    template: ReceiptTemplate, answers: Mapping[str, str], issued: dt.date, language: str
) -> list[TextLine]:
    """When the letter is ready (a date, never "tomorrow") and what to bring for it."""
    lines = []
    if template.ready_after_days is not None:
        ready = working_days_after(issued, template.ready_after_days)
        lines.append(TextLine(f"{_READY.get(language)} {format_day(ready, language)}.", bold=True))
    bring = [
        item.text.get(language)
        for item in template.bring
        if item.shown_when is None or item.shown_when.holds(answers)
    ]
    if bring:
        lines.append(TextLine(_BRING.get(language), bold=True))
        lines.extend(TextLine(f"- {text}") for text in bring)
    return lines


def print_test_receipt(kiosk: KioskSection, printer: str, moment: dt.datetime) -> Receipt:
    """The installer's test receipt: every kind of block, Indonesian text, a QR and a barcode."""
    stamp = f"{moment:%Y%m%d%H%M%S}"
    return Receipt(
        blocks=(
            *_test_heading("UJI CETAK", kiosk, printer, moment),
            TextLine("Surat Keterangan Tidak Mampu — Desa Kemiren, Kec. Glagah"),
            Feed(),
            QrCode(f"ALM-TEST-{kiosk.id}-{stamp}"),
            Barcode(stamp),
            TextLine("Jika struk ini terbaca jelas, printer siap.", align=Align.CENTER),
        )
    )


def print_test_page(kiosk: KioskSection, printer: str, moment: dt.datetime) -> Receipt:
    """The installer's A4 test page for the document printer: kiosk, time, printer, a QR."""
    return Receipt(
        blocks=(
            *_test_heading("HALAMAN UJI A4", kiosk, printer, moment),
            TextLine("Surat Keterangan Domisili, Desa Kemiren, Kec. Glagah"),
            Feed(),
            QrCode(f"ALM-TEST-{kiosk.id}-{moment:%Y%m%d%H%M%S}", module_size=10),
            Feed(),
            TextLine(
                "Jika halaman ini tercetak utuh dan QR terbaca, printer dokumen siap.",
                align=Align.CENTER,
            ),
        )
    )


def _test_heading(
    title: str, kiosk: KioskSection, printer: str, moment: dt.datetime
) -> tuple[TextLine | Divider | KeyValue, ...]:
    return (
        TextLine(title, size=TextSize.DOUBLE, bold=True, align=Align.CENTER),
        TextLine(kiosk.name, bold=True, align=Align.CENTER),
        TextLine(kiosk.office, align=Align.CENTER),
        Divider(),
        KeyValue("Anjungan", kiosk.id, bold=True),
        KeyValue("Waktu", format_time(moment)),
        KeyValue("Printer", printer),
        Divider(),
    )
