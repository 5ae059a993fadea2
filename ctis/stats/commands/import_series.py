"""``ctis stats import-series FILE``: load a CSV of figures or UNODC's GLOTIP workbook into
the historical series, and say what was loaded and what was refused."""

from __future__ import annotations

from pathlib import Path

from django.core.exceptions import ValidationError
from django.core.management import CommandError

from ctis.stats.series import SeriesFileError, read
from ctis.stats.services import series_import

NAME = "import-series"
HELP = (
    "Load figures into the historical series: a CSV (indicator, country, year, first_year, "
    "dimension, category, sex, age, value, source, note) or UNODC's GLOTIP workbook."
)
MAX_BYTES = 50 * 1024 * 1024


def add_arguments(parser) -> None:
    parser.add_argument("file", help="The CSV or XLSX file.")
    parser.add_argument("--dry-run", action="store_true", help="Read and report; save nothing.")


def run(options, out) -> int:
    path = Path(options["file"])
    if not path.is_file():
        raise CommandError(f"{path}: no such file.")
    if path.stat().st_size > MAX_BYTES:
        raise CommandError(f"{path}: larger than {MAX_BYTES // (1024 * 1024)} MB.")
    try:
        reading = read(path.read_bytes(), name=path.name)
    except SeriesFileError as error:
        raise CommandError(f"{path}: {error}") from error
    out.write(f"{path.name}: read as {reading.layout}, {len(reading.rows)} figures.")
    for refused in reading.refused[:50]:
        out.write(f"  refused, line {refused.line}: {refused.reason} ({refused.text})")
    if len(reading.refused) > 50:
        out.write(f"  … and {len(reading.refused) - 50} more refused.")
    if options["dry_run"]:
        out.write("Dry run: nothing saved.")
        return 0
    try:
        result = series_import(actor=None, reading=reading, file_name=path.name)
    except ValidationError as error:
        raise CommandError(f"{path}: nothing saved: {'; '.join(error.messages)}") from error
    out.write(
        f"Loaded: {result.created} new, {result.changed} changed, {result.unchanged} "
        f"unchanged; refused: {len(result.refused)}."
    )
    return 0
