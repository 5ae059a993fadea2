"""The historical series: CSV and UNODC's GLOTIP workbook, told apart by content."""

from __future__ import annotations

import io
import json
import zipfile

import openpyxl
import pytest
from django.core.management import CommandError, call_command

from ctis.audit.models import AuditEntry
from ctis.stats.models import SeriesValue
from ctis.stats.series import SeriesFileError, read
from ctis.stats.services import series_import, series_load_reference

pytestmark = pytest.mark.django_db

CSV = (
    "indicator,country,year,first_year,dimension,category,sex,age,value,source,note\n"
    "victims_identified,AZE,2012,,,,,,52,Report 2012,\n"
    "victims_identified,AZE,2012,,,,Male,,<5,Report 2012,small\n"
    "no_such_thing,AZE,2012,,,,,,3,Report 2012,\n"
    "victims_identified,AZE,20x2,,,,,,3,Report 2012,\n"
    "victims_identified,AZE,2013,,,,,,many,Report 2013,\n"
    "crimes_recorded,AZE,2016,2005,,,,,1056,Report 2016,since 2005\n"
)


def glotip_workbook(rows, *, broken_drawing=True) -> bytes:
    """A workbook laid out as UNODC publishes GLOTIP: title lines, then the header; with
    the drawing relationship that points to nothing."""
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "data_glotip"
    sheet.append(["UNODC Global Report on Trafficking in Persons: country data"])
    sheet.append([])
    header = [
        "Iso3_code",
        "Country",
        "Region",
        "Subregion",
        "Indicator",
        "Dimension",
        "Category",
        "Sex",
        "Age",
        "Year",
        "Unit of measurement",
        "txtVALUE",
        "Source",
    ]
    sheet.append(header)
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    if not broken_drawing:
        return buffer.getvalue()
    source = zipfile.ZipFile(io.BytesIO(buffer.getvalue()))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for item in source.infolist():
            data = source.read(item.filename)
            if item.filename == "xl/worksheets/sheet1.xml":
                data = data.replace(
                    b"</worksheet>",
                    b'<drawing xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/'
                    b'relationships" r:id="rId9"/></worksheet>',
                )
            target.writestr(item, data)
        target.writestr(
            "xl/worksheets/_rels/sheet1.xml.rels",
            '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.'
            'openxmlformats.org/package/2006/relationships"><Relationship Id="rId9" Type="http'
            '://schemas.openxmlformats.org/officeDocument/2006/relationships/drawing" '
            'Target="../drawings/drawing1.xml"/></Relationships>',
        )
    return out.getvalue()


GLOTIP_ROWS = [
    [
        "AZE",
        "Azerbaijan",
        "Europe",
        "Central Asia",
        "Detected trafficking victims",
        "Total",
        "Total",
        "Total",
        "Total",
        2018,
        "Counts",
        "71",
        "National authorities",
    ],
    [
        "AZE",
        "Azerbaijan",
        "Europe",
        "Central Asia",
        "Detected trafficking victims",
        "Total",
        "Total",
        "Male",
        "Total",
        2018,
        "Counts",
        "<5",
        "National authorities",
    ],
    [
        "AZE",
        "Azerbaijan",
        "Europe",
        "Central Asia",
        "Persons convicted",
        "Total",
        "Total",
        "Total",
        "Total",
        2018,
        "Counts",
        "19",
        "National authorities",
    ],
    [
        "AZE",
        "Azerbaijan",
        "Europe",
        "Central Asia",
        "Something UNODC added",
        "Total",
        "Total",
        "Total",
        "Total",
        2018,
        "Counts",
        "4",
        "National authorities",
    ],
    [
        "GEO",
        "Georgia",
        "Europe",
        "Central Asia",
        "Persons convicted",
        "Total",
        "Total",
        "Total",
        "Total",
        2018,
        "Counts",
        "12",
        "National authorities",
    ],
]


def test_a_csv_loads_what_is_right_and_says_what_it_refused():
    reading = read(CSV.encode())
    assert reading.layout == "csv"
    assert len(reading.rows) == 3
    reasons = {refused.line: refused.reason for refused in reading.refused}
    assert set(reasons) == {4, 5, 6}
    assert "Unknown indicator" in reasons[4] and "year" in reasons[5] and "many" in reasons[6]
    result = series_import(actor=None, reading=reading, file_name="series.csv")
    assert (result.created, result.changed, result.unchanged) == (3, 0, 0)
    small = SeriesValue.objects.get(sex="Male")
    assert (small.value, small.below, small.value_text) == (None, 5, "<5")
    since = SeriesValue.objects.get(indicator="crimes_recorded")
    assert (since.first_year, since.year, since.value) == (2005, 2016, 1056)
    again = series_import(actor=None, reading=read(CSV.encode()))
    assert (again.created, again.unchanged) == (0, 3)
    assert AuditEntry.objects.filter(action="stats.series.import").count() == 2


def test_the_glotip_workbook_as_published_is_read_despite_its_broken_drawing():
    content = glotip_workbook(GLOTIP_ROWS)
    with pytest.raises(Exception):  # noqa: B017  (openpyxl refuses the published file)
        openpyxl.load_workbook(io.BytesIO(content))
    reading = read(content, name="data_glotip.xlsx")
    assert reading.layout == "glotip"
    assert [(r.indicator, r.country, r.sex, r.value, r.below) for r in reading.rows] == [
        ("victims_identified", "AZE", "Total", 71, None),
        ("victims_identified", "AZE", "Male", None, 5),
        ("persons_convicted", "AZE", "Total", 19, None),
        ("persons_convicted", "GEO", "Total", 12, None),
    ]
    assert [r.line for r in reading.refused] == [7]


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"", "empty"),
        (b"\xff\xfe\x00garbage", "neither a CSV"),
        (b"name,number\nx,1\n", "no column"),
        (b"PK\x03\x04not really a zip", "cannot be opened"),
    ],
)
def test_files_it_cannot_read_say_why(content, message):
    with pytest.raises(SeriesFileError, match=message):
        read(content)


def test_a_workbook_without_the_glotip_columns_is_refused():
    book = openpyxl.Workbook()
    book.active.append(["what", "ever"])
    buffer = io.BytesIO()
    book.save(buffer)
    with pytest.raises(SeriesFileError, match="GLOTIP columns"):
        read(buffer.getvalue())


def test_the_commands_load_and_print_the_store(tmp_path):
    path = tmp_path / "glotip.xlsx"
    path.write_bytes(glotip_workbook(GLOTIP_ROWS))
    out = io.StringIO()
    call_command("stats", "import-series", str(path), stdout=out)
    text = out.getvalue()
    assert "read as glotip, 4 figures" in text
    assert "refused, line 7: Unknown indicator “Something UNODC added”" in text
    assert "Loaded: 4 new, 0 changed, 0 unchanged; refused: 1." in text
    out = io.StringIO()
    call_command("stats", "series", "--country", "aze", "--format", "json", stdout=out)
    rows = json.loads(out.getvalue())
    assert {(r["indicator"], r["value_text"]) for r in rows} == {
        ("persons_convicted", "19"),
        ("victims_identified", "71"),
        ("victims_identified", "<5"),
    }
    out = io.StringIO()
    call_command("stats", "series", "--indicator", "persons_convicted", stdout=out)
    assert len(json.loads(out.getvalue())) == 2


def test_the_command_refuses_a_missing_file_and_a_dry_run_saves_nothing(tmp_path):
    with pytest.raises(CommandError, match="no such file"):
        call_command("stats", "import-series", str(tmp_path / "none.csv"))
    path = tmp_path / "s.csv"
    path.write_text(CSV)
    out = io.StringIO()
    call_command("stats", "import-series", str(path), "--dry-run", stdout=out)
    assert "Dry run: nothing saved." in out.getvalue()
    assert not SeriesValue.objects.exists()


def test_the_reports_figures_are_the_stores_first_data():
    assert series_load_reference() > 30
    assert (
        SeriesValue.objects.get(
            indicator="victims_identified", year=2020, sex="Total", age="Total", dimension="Total"
        ).value
        == 94
    )
    assert (
        SeriesValue.objects.get(indicator="victims_identified", year=2016, first_year=2005).value
        == 746
    )
    assert series_load_reference() == 0
