"""What every document is written with: the Azerbaijani endings of figures, the charts."""

import xml.etree.ElementTree as ET

import cairosvg
import pytest

from ctis.core.charts import Bar, horizontal_bar_chart
from ctis.core.documents import az_locative_ending, az_ordinal, clean, file_name


@pytest.mark.parametrize(
    ("number", "ordinal"),
    [
        ("2021", "2021-ci"),
        ("2023", "2023-cü"),
        ("2020", "2020-ci"),
        ("2040", "2040-cı"),
        ("2100", "2100-cü"),
        ("4.1.6", "4.1.6-cı"),
        ("4.2.9", "4.2.9-cu"),
        ("4.2.10", "4.2.10-cu"),
        ("4.3.3", "4.3.3-cü"),
        ("4.7.7", "4.7.7-ci"),
    ],
)
def test_azerbaijani_ordinals(number, ordinal):
    assert az_ordinal(number) == ordinal


def test_azerbaijani_locative_after_a_quoted_title():
    assert az_locative_ending("Milli Fəaliyyət Planı") == "nda"
    assert az_locative_ending("Dövlət Proqramı") == "nda"
    assert az_locative_ending("Milli Strategiyası") == "nda"
    assert az_locative_ending("Tədbirlər Planı üzrə Proqram") == "da"
    assert az_locative_ending("Konsepsiyası üzrə hesabat") == "da"


# --- the chart --------------------------------------------------------------------------


def test_bar_chart_is_valid_svg_that_cairosvg_draws():
    svg = horizontal_bar_chart(
        [Bar("DMX", 75, "3 / 4 · 75%"), Bar("A & B <i>", 0, "0 / 2 · 0%")], title="Tamlıq"
    )
    root = ET.fromstring(svg)
    rects = root.findall("{http://www.w3.org/2000/svg}rect")
    assert len(rects) == 3  # two tracks, one bar (a zero bar draws nothing)
    assert "A &amp; B &lt;i&gt;" in svg
    assert cairosvg.svg2png(bytestring=svg.encode()).startswith(b"\x89PNG")


def test_text_that_xml_cannot_hold_is_dropped():
    assert clean(" a\x00b\x1fc\n") == "abc"


def test_a_document_in_another_language_is_named_so(settings):
    settings.LANGUAGE_CODE = "az"
    assert file_name("ctis-2021", fmt="pdf", language="az") == "ctis-2021.pdf"
    assert file_name("ctis-2021", fmt="docx", language="ru") == "ctis-2021-ru.docx"


def test_a_table_has_its_header_and_total_in_bold_and_its_figures_on_the_right():
    from docx.enum.text import WD_ALIGN_PARAGRAPH

    from ctis.core.documents import docx_new, docx_table

    document = docx_new("az", "Cədvəl")
    grid = docx_table(
        document, ("Maddə", "Say"), [("144-1", 12), ("Cəmi", 12)], total=True, right_from=1
    )
    header, first, last = grid.rows
    assert [cell.text for cell in header.cells] == ["Maddə", "Say"]
    assert all(run.bold for cell in header.cells for run in cell.paragraphs[0].runs)
    assert [cell.text for cell in first.cells] == ["144-1", "12"]
    assert not any(run.bold for cell in first.cells for run in cell.paragraphs[0].runs)
    assert all(run.bold for cell in last.cells for run in cell.paragraphs[0].runs)
    assert first.cells[0].paragraphs[0].alignment is None
    assert first.cells[1].paragraphs[0].alignment == WD_ALIGN_PARAGRAPH.RIGHT
