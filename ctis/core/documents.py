"""What every document of ctis is written with: the plan's reports, the annual report to
Parliament, whatever comes next.

A document is gathered as plain data in its own language by its app, then written as DOCX
with python-docx (``docx_new`` gives a page, its fonts and its language; ``docx_paragraph``
and ``docx_run`` add text cheaply) or as PDF with WeasyPrint from a template
(``write_pdf``, which reports the pages laid out to a background job's ``Progress``). The
Azerbaijani endings that figures take in sentences (``az_ordinal``, ``az_locative_ending``)
and the date as a document writes it (``date_words``) are here too, so that each document
says them alike.
"""

from __future__ import annotations

import datetime
import io
import logging
import re
import threading
from collections.abc import Callable

import cairosvg
from django.conf import settings
from django.template.loader import render_to_string
from django.utils import formats, translation
from django.utils.safestring import mark_safe
from docx import Document
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt, RGBColor

# How a background job hears how far a document is: (stage, done, total). ``gather``
# counts the records read, ``layout`` the pages laid out (the total is unknown until the
# end), ``write`` the parts written (DOCX) or, for a PDF, the pages.
Progress = Callable[[str, int, int], None]


def silent(stage: str, done: int = 0, total: int = 0) -> None:
    """The ``Progress`` of a document nobody waits on."""


LANGUAGES = ("az", "en", "ru")
FONT = "DejaVu Sans"
CONTENT_TYPES = {
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "pdf": "application/pdf",
}


# --- Azerbaijani endings ----------------------------------------------------------------

# The ordinal ending follows the vowel of the last spoken word of the number:
# 1 bir → 1-ci, 3 üç → 3-cü, 6 altı → 6-cı, 9 doqquz → 9-cu, 10 on → 10-cu, 40 qırx → 40-cı.
_AZ_UNITS = {1: "ci", 2: "ci", 3: "cü", 4: "cü", 5: "ci", 6: "cı", 7: "ci", 8: "ci", 9: "cu"}
_AZ_TENS = {1: "cu", 2: "ci", 3: "cu", 4: "cı", 5: "ci", 6: "cı", 7: "ci", 8: "ci", 9: "cı"}
_AZ_BACK_VOWELS = "aıou"
_AZ_FRONT_VOWELS = "eəiöü"


def az_ordinal(number: object) -> str:
    """``2021`` → ``2021-ci``, ``4.2.10`` → ``4.2.10-cu``; the last number decides."""
    text = str(number)
    match = re.search(r"(\d+)\D*$", text)
    if match is None:
        return text
    n = int(match.group(1))
    if n % 10:
        ending = _AZ_UNITS[n % 10]
    elif n % 100:
        ending = _AZ_TENS[n // 10 % 10]
    elif n % 1000:
        ending = "cü"  # yüz
    elif n:
        ending = "ci"  # min
    else:
        ending = "cı"  # sıfır
    return f"{text}-{ending}"


def az_locative_ending(phrase: str) -> str:
    """The locative ending for a title written before it in quotes: “…Planı”nda.

    A title ending in a vowel is taken to end in the possessive (Planı, Proqramı), which
    takes -nda/-ndə; one ending in a consonant takes -da/-də.
    """
    word = phrase.rstrip(' .”"»').replace("I", "ı").replace("İ", "i").lower()
    vowels = [c for c in word if c in _AZ_BACK_VOWELS + _AZ_FRONT_VOWELS]
    ending = "də" if vowels and vowels[-1] in _AZ_FRONT_VOWELS else "da"
    if word and word[-1] in _AZ_BACK_VOWELS + _AZ_FRONT_VOWELS:
        return "n" + ending
    return ending


# --- words -----------------------------------------------------------------------------


def date_words(day: datetime.date, language: str) -> str:
    text = formats.date_format(day, "DATE_FORMAT")
    # Azerbaijani writes month names in lower case (22 noyabr 2021); Django capitalises them.
    return text.replace("İ", "i").lower() if language == "az" else text


# Control characters that XML (and so DOCX) cannot hold; text pasted from other
# programs sometimes carries them.
_NOT_XML = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def clean(text: str) -> str:
    return _NOT_XML.sub("", text).strip()


def file_name(stem: str, *, fmt: str, language: str) -> str:
    """``ctis-2021-consolidated.pdf``; another language than the default is named in it."""
    suffix = "" if language == settings.LANGUAGE_CODE else f"-{language}"
    return f"{stem}{suffix}.{fmt}"


# --- DOCX ------------------------------------------------------------------------------

_DOCX_LANGUAGE_TAGS = {"az": "az-Latn-AZ", "en": "en-GB", "ru": "ru-RU"}
GREY = RGBColor(0x55, 0x55, 0x55)
_INK = RGBColor(0x11, 0x11, 0x11)


def set_font(style, size: float | None = None, bold: bool | None = None) -> None:
    """Name the font for every script, dropping the template's theme fonts."""
    rpr = style.element.get_or_add_rPr()
    fonts = rpr.get_or_add_rFonts()
    for attribute in ("ascii", "hAnsi", "eastAsia", "cs"):
        fonts.set(qn(f"w:{attribute}"), FONT)
    for attribute in ("asciiTheme", "hAnsiTheme", "eastAsiaTheme", "cstheme"):
        fonts.attrib.pop(qn(f"w:{attribute}"), None)
    style.font.color.rgb = _INK
    if size is not None:
        style.font.size = Pt(size)
    if bold is not None:
        style.font.bold = bold


def docx_new(language: str, title: str):
    document = Document()
    section = document.sections[0]
    section.page_width, section.page_height = Mm(210), Mm(297)
    section.left_margin, section.right_margin = Mm(25), Mm(18)
    section.top_margin, section.bottom_margin = Mm(20), Mm(20)
    styles = document.styles
    set_font(styles["Normal"], size=11)
    set_font(styles["Title"], size=15, bold=True)
    title_format = styles["Title"].element.get_or_add_pPr()
    for name in ("w:pBdr", "w:contextualSpacing"):  # the template's blue rule under titles
        for element in title_format.findall(qn(name)):
            title_format.remove(element)
    set_font(styles["Heading 1"], size=13, bold=True)
    set_font(styles["Heading 2"], size=11, bold=True)
    set_font(styles["Heading 3"], size=11, bold=True)
    set_font(styles["List Bullet"])
    set_font(styles["Footer"], size=8)
    # The language tag goes last in the run properties, where the schema wants it.
    lang = OxmlElement("w:lang")
    lang.set(qn("w:val"), _DOCX_LANGUAGE_TAGS.get(language, language))
    styles["Normal"].element.get_or_add_rPr().append(lang)
    normal = styles["Normal"].paragraph_format
    normal.space_after = Pt(6)
    normal.line_spacing = 1.15
    for name in ("Title", "Heading 1", "Heading 2", "Heading 3"):
        styles[name].paragraph_format.keep_with_next = True
    styles["Title"].paragraph_format.space_after = Pt(12)
    styles["Heading 1"].paragraph_format.space_before = Pt(18)
    styles["Heading 2"].paragraph_format.space_before = Pt(12)
    # The core properties hold at most 255 characters (python-docx refuses more); an
    # agency's full name in the title can be longer. The title on the page is whole.
    document.core_properties.title = title if len(title) <= 255 else title[:254] + "…"
    document.core_properties.language = _DOCX_LANGUAGE_TAGS.get(language, language)
    document.core_properties.author = "CTIS"
    return document


def docx_page_numbers(document, label: str) -> None:
    paragraph = document.sections[0].footer.paragraphs[0]
    paragraph.style = document.styles["Footer"]
    paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    paragraph.add_run(f"{label} ")
    field_element = OxmlElement("w:fldSimple")
    field_element.set(qn("w:instr"), "PAGE")
    run = OxmlElement("w:r")
    number = OxmlElement("w:t")
    number.text = "1"
    run.append(number)
    field_element.append(run)
    paragraph._p.append(field_element)


def docx_paragraph(document, text: str = "", style_id: str | None = None):
    """``document.add_paragraph(text, style)`` without its two costs that grow with the
    document: python-docx finds a style given by name by scanning every style of the
    document (twice), and writes a run's text one character at a time. With 273 reports
    they were half the consolidated DOCX's time (bench/RESULTS.md). The style goes in by
    its id; the text (cleaned, one line) goes in as one ``w:t``."""
    paragraph = document.add_paragraph()
    if style_id is not None:
        paragraph._p.style = style_id
    if text:
        docx_run(paragraph, text)
    return paragraph


def docx_run(paragraph, text: str):
    run = paragraph.add_run()
    run._r.add_t(text)
    return run


def docx_small(paragraph, text: str, *, italic: bool = False) -> None:
    run = docx_run(paragraph, text)
    run.font.size = Pt(8)
    run.font.color.rgb = GREY
    run.italic = italic


def docx_bytes(document) -> bytes:
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def docx_table(
    document,
    header,
    rows,
    *,
    total: bool = False,
    right_from: int | None = None,
    widths_mm: tuple[float, ...] | None = None,
):
    """A ruled table with its header in bold; the columns from ``right_from`` on (the
    figures) aligned right, the last row in bold when it is a ``total``."""
    grid = document.add_table(rows=1, cols=len(header))
    grid.style = document.styles["Table Grid"]
    grid.alignment = WD_TABLE_ALIGNMENT.CENTER
    for cell, label in zip(grid.rows[0].cells, header, strict=True):
        cell.paragraphs[0].add_run(str(label)).bold = True
    for row in rows:
        for index, (cell, value) in enumerate(zip(grid.add_row().cells, row, strict=True)):
            cell.text = str(value)
            if right_from is not None and index >= right_from:
                cell.paragraphs[0].alignment = WD_ALIGN_PARAGRAPH.RIGHT
    if total:
        for cell in grid.rows[-1].cells:
            for run in cell.paragraphs[0].runs:
                run.bold = True
    if widths_mm:
        for grid_row in grid.rows:
            for cell, width in zip(grid_row.cells, widths_mm, strict=True):
                cell.width = Mm(width)
    return grid


def docx_chart(document, svg: str, width_mm: float = 160) -> None:
    """An SVG chart (``ctis.core.charts``) as a picture: Word cannot show SVG alone."""
    png = cairosvg.svg2png(bytestring=svg.encode(), scale=2.5)
    document.add_picture(io.BytesIO(png), width=Mm(width_mm))


# --- PDF --------------------------------------------------------------------------------


def css_string(text: str) -> str:
    escaped = text.replace("\\", "\\\\").replace('"', '\\"').replace("<", "\\3c ")
    return mark_safe(f'"{escaped}"')


class _PageProgress(logging.Handler):
    """Hears WeasyPrint's own progress messages (its ``weasyprint.progress`` logger: a line
    per page laid out, then one when it starts writing) in this thread only."""

    def __init__(self, progress: Progress) -> None:
        super().__init__()
        self.progress = progress
        self.thread = threading.get_ident()
        self.pages = 0

    def emit(self, record: logging.LogRecord) -> None:
        if record.thread != self.thread:
            return
        step = str(record.msg)
        if step.startswith("Step 5") and record.args:
            page = record.args[0] if isinstance(record.args, tuple) else 0
            self.pages = max(self.pages, int(page))  # type: ignore[call-overload]
            self.progress("layout", self.pages, 0)
        elif step.startswith("Step 6"):
            self.progress("write", self.pages, self.pages)


def write_pdf(template: str, context: dict, *, language: str, progress: Progress = silent) -> bytes:
    """Render ``template`` in ``language`` and lay it out with WeasyPrint; the template
    finds the document's font in ``font`` (a CSS string, as ``css_string`` makes them)."""
    # Imported here: WeasyPrint loads Pango and its fonts, which only documents need.
    from weasyprint import HTML

    with translation.override(language):
        html = render_to_string(template, {"font": css_string(FONT), **context})
    if progress is silent:
        return HTML(string=html).write_pdf()
    logger = logging.getLogger("weasyprint.progress")
    handler = _PageProgress(progress)
    level, propagate = logger.level, logger.propagate
    logger.addHandler(handler)
    logger.setLevel(logging.INFO)
    logger.propagate = False  # its step lines are for the job's page, not the console
    try:
        return HTML(string=html).write_pdf()
    finally:
        logger.removeHandler(handler)
        logger.setLevel(level)
        logger.propagate = propagate
