"""A letter's words (:class:`LetterContent`) and its PDF: A4, PDF/A-2b, fonts embedded.

The words come from the letter kind (:mod:`central.letters.kinds`), the village's
letterhead (:mod:`central.letters.config`), the request (its citizen and answers, shown as
the kiosk's receipt shows them, with the catalog's labels and choices) and the signing
(number, date, signer, verification code). The layout is ``templates/letters/letter.html``
and ``letter.css``, rendered by Django's template engine and printed by WeasyPrint, which
embeds (subsets of) every font it uses. WeasyPrint fetches nothing but the configured
logos and the QR code drawn here: a letter can never pull something from a network.
"""

from __future__ import annotations

import base64
import datetime as dt
import io
import json
import logging
from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit

import qrcode
import qrcode.image.svg
from django.template import Context, Engine
from weasyprint import CSS, HTML
from weasyprint.urls import URLFetcher

from central.letters.config import LettersConfig, VillageLetters
from central.letters.kinds import TEXT_FIELDS, LetterForm, LetterKind, fill
from kiosk.catalog import parse_catalog
from kiosk.datafile import DataFileError
from kiosk.forms import Field, display_value, month_names

log = logging.getLogger("central.letters")

TEMPLATES = Path(__file__).with_name("templates")
PDF_VARIANT = "pdf/a-2b"
_FEMALE_DAY = 40


@dataclass(frozen=True)
class LetterContent:
    """Everything a letter says, ready for the template."""

    regency: str
    kecamatan: str
    village: str
    unit: str
    address: str
    logos: tuple[str, ...]
    heading: str
    number: str
    statement: bool
    opening: str
    identity: tuple[tuple[str, str], ...]
    answers: tuple[tuple[str, str], ...]
    paragraphs: tuple[str, ...]
    closing: str
    place_and_date: str
    signer_name: str
    signer_position: tuple[str, ...]
    citizen_name: str
    qr_svg: str
    code: str
    verify_url: str
    development: bool
    reference: str


@dataclass(frozen=True)
class Signature:
    """Who signs and how the signature block names them."""

    name: str
    position: tuple[str, ...]
    development: bool


def indonesian_date(day: dt.date) -> str:
    """``3 Desember 2026``."""
    return f"{day.day} {month_names('id')[day.month - 1]} {day.year}"


def sex_of(nik: str) -> str:
    """The sex a NIK encodes (women's day of birth has 40 added)."""
    return "Perempuan" if int(nik[6:8]) > _FEMALE_DAY else "Laki-laki"


@cache
def _catalog_fields(catalog_body: bytes) -> Mapping[str, Mapping[str, Field]]:
    """Every service's fields by name, from the served catalog as the kiosk reads it."""
    try:
        parsed = parse_catalog(json.loads(catalog_body), "central's catalog")
    except DataFileError as exc:
        log.warning("Letters use field names, not the catalog's labels: %s", exc)
        return {}
    return {
        service.id: {item.name: item for step in service.steps for item in step.fields}
        for service in parsed.services
    }


def answers_in_words(
    catalog_body: bytes, service: str, answers: Mapping[str, str]
) -> dict[str, tuple[str, str]]:
    """Each answer as ``(label, text)``: the catalog's label and the receipt's wording."""
    known = _catalog_fields(catalog_body).get(service, {})
    shown = {}
    for name, value in answers.items():
        item = known.get(name)
        if item is None:
            shown[name] = (name.replace("_", " ").capitalize(), value)
        else:
            shown[name] = (item.label.get("id"), display_value(item, value, "id"))
    return shown


def compose(
    *,
    kind: LetterKind,
    config: LettersConfig,
    village: VillageLetters,
    village_name: str,
    kecamatan_name: str,
    reference: str,
    submitted: dt.datetime,
    nik: str,
    name: str,
    answers: Mapping[str, str],
    catalog_body: bytes,
    service: str,
    number: str,
    issued: dt.date,
    signature: Signature,
    code: str,
    public_url: str,
) -> LetterContent:
    """The words of one letter; see the module docstring."""
    worded = answers_in_words(catalog_body, service, answers)
    texts = {name_: text for name_, (_, text) in worded.items()}
    values = {
        **{key: "" for key in TEXT_FIELDS},
        "regency": config.regency,
        "kecamatan": kecamatan_name,
        "village": village_name,
        "unit": village.unit,
        "head_title": village.head_title,
        "name": name,
        "reference": reference,
        "submitted": indonesian_date(submitted.date()),
    }
    rows = tuple(
        (row.label or worded[row.field][0], worded[row.field][1])
        for row in kind.rows
        if worded.get(row.field, ("", ""))[1]
    )
    verify_url = f"{public_url}/v/{code}"
    return LetterContent(
        regency=config.regency,
        kecamatan=kecamatan_name,
        village=village_name,
        unit=village.unit,
        address=village.address,
        logos=tuple(str(path) for path in (village.logo or config.logo,) if path is not None),
        heading=kind.heading,
        number=number,
        statement=kind.form is LetterForm.STATEMENT,
        opening=fill(kind.opening, values, texts),
        identity=(("Nama", name), ("NIK", nik), ("Jenis kelamin", sex_of(nik))),
        answers=rows,
        paragraphs=tuple(
            fill(paragraph.text, values, texts)
            for paragraph in kind.paragraphs
            if paragraph.applies(answers)
        ),
        closing=fill(kind.closing, values, texts),
        place_and_date=f"{village.place or village_name}, {indonesian_date(issued)}",
        signer_name=signature.name,
        signer_position=signature.position,
        citizen_name=name,
        qr_svg=qr_svg(verify_url),
        code=display_code(code),
        verify_url=f"{public_url}/v/",
        development=signature.development,
        reference=reference,
    )


def display_code(code: str) -> str:
    """A verification code in groups of six, as people read and type it."""
    return "-".join(code[index : index + 6] for index in range(0, len(code), 6))


def qr_svg(payload: str) -> str:
    """The QR code of ``payload`` as a ``data:`` URI of an SVG (vector: sharp when printed)."""
    image = qrcode.make(
        payload,
        image_factory=qrcode.image.svg.SvgPathFillImage,
        error_correction=qrcode.constants.ERROR_CORRECT_M,
        border=2,
    )
    stream = io.BytesIO()
    image.save(stream)
    return "data:image/svg+xml;base64," + base64.b64encode(stream.getvalue()).decode("ascii")


@cache
def _engine() -> Engine:
    """Django's template engine over ``templates/`` only, escaping everything it fills in."""
    return Engine(dirs=[str(TEMPLATES)], autoescape=True, debug=False)


def render_html(template: str, context: Mapping[str, Any]) -> str:
    """A template of ``templates/`` rendered with ``context``."""
    return _engine().get_template(template).render(Context(dict(context)))


@dataclass(frozen=True)
class RenderedPdf:
    """A letter's PDF before signing, and its page count."""

    pdf: bytes
    pages: int


class _LetterFetcher(URLFetcher):  # type: ignore[misc]
    """Fetches a letter's logos and ``data:`` URIs only, and stops the rendering otherwise."""

    def __init__(self, allowed: frozenset[Path]) -> None:
        super().__init__(allowed_protocols={"file", "data"}, fail_on_errors=True)
        self._allowed = allowed

    def fetch(self, url: str, headers: Mapping[str, str] | None = None) -> Any:
        """WeasyPrint's fetch, for the allowed files only."""
        parts = urlsplit(url)
        if parts.scheme == "file" and Path(unquote(parts.path)) not in self._allowed:
            raise ValueError(f"a letter fetches only its logos, not {url[:80]}")
        return super().fetch(url, headers)


def render_pdf(content: LetterContent) -> RenderedPdf:
    """The letter as PDF/A-2b; see the module docstring."""
    fetcher = _LetterFetcher(frozenset(Path(logo) for logo in content.logos))
    html = render_html("letters/letter.html", {"letter": content})
    css = (TEMPLATES / "letters" / "letter.css").read_text(encoding="utf-8")
    document = HTML(string=html, base_url=str(TEMPLATES), url_fetcher=fetcher).render(
        stylesheets=[CSS(string=css)], pdf_variant=PDF_VARIANT
    )
    pdf = document.write_pdf(pdf_variant=PDF_VARIANT)
    assert pdf is not None
    return RenderedPdf(pdf, len(document.pages))
