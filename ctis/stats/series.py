"""The historical series: the indicators it holds, and reading a file of them, a CSV of
ctis's own layout or UNODC's GLOTIP workbook exactly as UNODC publishes it, told apart by
their content. Reading only: ``ctis.stats.services.series_import`` saves what was read.

The GLOTIP workbook carries a drawing relationship that points to nothing, which
openpyxl's normal mode refuses; it is read with ``python-calamine``, which ignores it.
Small counts are published as the text ``<5``: kept as published (``below`` = 5).
"""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass, field

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from ctis.core.tables import TableFileError, file_kind

HOME = "AZE"

# The indicators of the store, by code, with their names; ``glotip`` the indicator names
# UNODC's table uses for the same count.
INDICATORS: dict[str, dict] = {
    "victims_identified": {
        "name": gettext_lazy("Victims of trafficking identified"),
        "glotip": ["Detected trafficking victims", "Detected victims"],
    },
    "crimes_recorded": {
        "name": gettext_lazy("Trafficking and forced labour crimes recorded"),
        "glotip": ["Offences", "Trafficking in persons offences"],
    },
    "crimes_recorded_total": {
        "name": gettext_lazy("All trafficking crimes recorded, crimes with documents included"),
        "glotip": [],
    },
    "crimes_documents": {
        "name": gettext_lazy("Crimes of illegal actions with documents recorded"),
        "glotip": [],
    },
    "persons_charged": {
        "name": gettext_lazy("Persons charged"),
        "glotip": ["Persons brought into formal contact", "Persons suspected"],
    },
    "persons_sent_to_court": {
        "name": gettext_lazy("Persons sent to court"),
        "glotip": ["Persons prosecuted"],
    },
    "persons_convicted": {
        "name": gettext_lazy("Persons convicted"),
        "glotip": ["Persons convicted"],
    },
    "criminal_groups_neutralised": {
        "name": gettext_lazy("Criminal groups neutralised"),
        "glotip": [],
    },
    "criminal_group_members": {
        "name": gettext_lazy("Members of the criminal groups neutralised"),
        "glotip": [],
    },
    "victims_placed_in_shelters": {
        "name": gettext_lazy("Victims placed in shelters"),
        "glotip": [],
    },
    "victims_reintegrated": {
        "name": gettext_lazy("Victims reintegrated"),
        "glotip": [],
    },
}
GLOTIP_NAMES = {
    name.casefold(): code for code, spec in INDICATORS.items() for name in spec["glotip"]
}

CSV_COLUMNS = [
    "indicator",
    "country",
    "year",
    "first_year",
    "dimension",
    "category",
    "sex",
    "age",
    "value",
    "source",
    "note",
]
CSV_REQUIRED = {"indicator", "year", "value", "source"}
GLOTIP_HEADER = {"iso3_code", "indicator", "year"}
MAX_ROWS = 200_000


class SeriesFileError(ValueError):
    """The file as a whole cannot be read (no known layout, not a workbook)."""


@dataclass
class Row:
    line: int
    indicator: str
    country: str
    year: int
    first_year: int
    dimension: str
    category: str
    sex: str
    age: str
    value: int | None
    below: int | None
    value_text: str
    source: str
    note: str = ""


@dataclass
class Refused:
    line: int
    reason: str
    text: str = ""


@dataclass
class Reading:
    layout: str  # "csv" or "glotip"
    rows: list[Row] = field(default_factory=list)
    refused: list[Refused] = field(default_factory=list)


def parse_value(text: str) -> tuple[int | None, int | None]:
    """``"12"`` → (12, None); ``"<5"`` → (None, 5); anything else raises ValueError."""
    text = text.strip().replace("\u00a0", "").replace(" ", "")
    below = re.fullmatch(r"<\s*(\d{1,3})", text)
    if below:
        return None, int(below.group(1))
    if re.fullmatch(r"\d+(\.0+)?", text):
        return int(float(text)), None
    raise ValueError(text)


def _year(text: str) -> int:
    value = int(float(str(text).strip()))
    if not 1990 <= value <= 2100:
        raise ValueError(text)
    return value


def read(content: bytes, *, name: str = "") -> Reading:
    """Read a file of figures; which layout it is follows from its content, not its name."""
    try:
        kind, text = file_kind(content)
    except TableFileError as error:
        raise SeriesFileError(str(error)) from error
    return _read_glotip(content) if kind == "xlsx" else _read_csv(text)


def _clean(value) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def _row(line: int, cells: dict[str, str], reading: Reading, *, glotip: bool) -> None:
    raw = "; ".join(f"{k}={v}" for k, v in cells.items() if v)[:200]
    indicator = cells.get("indicator", "")
    if glotip:
        code = GLOTIP_NAMES.get(indicator.casefold())
    else:
        code = indicator if indicator in INDICATORS else None
    if code is None:
        reading.refused.append(
            Refused(line, _("Unknown indicator “%(name)s”.") % {"name": indicator}, raw)
        )
        return
    try:
        year = _year(cells.get("year", ""))
        first = _year(cells["first_year"]) if cells.get("first_year") else year
    except (ValueError, TypeError):
        reading.refused.append(
            Refused(line, _("The year is not a year between 1990 and 2100."), raw)
        )
        return
    if first > year:
        reading.refused.append(Refused(line, _("The first year comes after the last."), raw))
        return
    value_text = cells.get("value", "")
    try:
        value, below = parse_value(value_text)
    except ValueError:
        reading.refused.append(
            Refused(
                line,
                _("The value “%(value)s” is not a count or “<N”.") % {"value": value_text},
                raw,
            )
        )
        return
    country = (cells.get("country") or HOME).upper()
    if not re.fullmatch(r"[A-Z]{3}", country):
        reading.refused.append(Refused(line, _("The country is not a three-letter code."), raw))
        return
    source = cells.get("source", "") or ("UNODC GLOTIP" if glotip else "")
    if not source:
        reading.refused.append(Refused(line, _("The source is missing."), raw))
        return
    reading.rows.append(
        Row(
            line=line,
            indicator=code,
            country=country,
            year=year,
            first_year=first,
            dimension=cells.get("dimension") or "Total",
            category=cells.get("category") or "Total",
            sex=cells.get("sex") or "Total",
            age=cells.get("age") or "Total",
            value=value,
            below=below,
            value_text=value_text.strip(),
            source=source[:200],
            note=cells.get("note", "")[:200],
        )
    )


def _read_csv(text: str) -> Reading:
    reader = csv.reader(io.StringIO(text))
    header = [cell.strip().lower() for cell in next(reader, [])]
    missing = CSV_REQUIRED - set(header)
    if missing:
        raise SeriesFileError(
            _("The CSV has no column %(columns)s. Its first line names the columns: %(all)s.")
            % {"columns": ", ".join(sorted(missing)), "all": ", ".join(CSV_COLUMNS)}
        )
    reading = Reading("csv")
    for line, cells in enumerate(reader, start=2):
        if line > MAX_ROWS:
            raise SeriesFileError(_("The file has more than %(n)d rows.") % {"n": MAX_ROWS})
        if not any(cell.strip() for cell in cells):
            continue
        _row(
            line, dict(zip(header, (c.strip() for c in cells), strict=False)), reading, glotip=False
        )
    return reading


def _slug(name) -> str:
    return re.sub(r"[^a-z0-9]+", "_", _clean(name).lower()).strip("_")


def _glotip_header(cells: list) -> list[str]:
    """The workbook's column names as the row reader's keys. UNODC publishes the value as
    text (``txtVALUE``, which keeps ``<5``) and, in some editions, as a number (``VALUE``)
    too: the text one is read."""
    slugs = [_slug(cell) for cell in cells]
    has_text = "txtvalue" in slugs
    names = {"iso3_code": "country", "country": "country_name", "txtvalue": "value"}
    if has_text:
        names["value"] = "numeric_value"
    return [names.get(slug, slug) for slug in slugs]


def _read_glotip(content: bytes) -> Reading:
    from python_calamine import CalamineError, CalamineWorkbook

    try:
        book = CalamineWorkbook.from_filelike(io.BytesIO(content))
    except (CalamineError, ValueError, OSError) as error:
        raise SeriesFileError(
            _("The workbook cannot be opened: %(error)s") % {"error": error}
        ) from error
    for sheet_name in book.sheet_names:
        rows = book.get_sheet_by_name(sheet_name).to_python(skip_empty_area=False)
        for index, cells in enumerate(rows[:20]):
            names = {_slug(cell) for cell in cells}
            if GLOTIP_HEADER <= names and ({"txtvalue", "value"} & names):
                return _glotip_rows(rows, index)
    raise SeriesFileError(
        _(
            "No sheet of the workbook has the GLOTIP columns (Iso3_code, Indicator, Dimension, "
            "Category, Sex, Age, Year, txtVALUE, Source)."
        )
    )


def _glotip_rows(rows: list[list], header_at: int) -> Reading:
    header = _glotip_header(rows[header_at])
    reading = Reading("glotip")
    for offset, cells in enumerate(rows[header_at + 1 :], start=header_at + 2):
        if offset > MAX_ROWS:
            raise SeriesFileError(_("The file has more than %(n)d rows.") % {"n": MAX_ROWS})
        values = [_clean(cell) for cell in cells]
        if not any(values):
            continue
        _row(offset, dict(zip(header, values, strict=False)), reading, glotip=True)
    return reading
