"""``ctis stats series [--indicator I] [--country AZE] --format json``: print the store."""

from __future__ import annotations

import json

from ctis.stats.models import SeriesValue

NAME = "series"
HELP = "Print the historical series (the published figures of the years before ctis)."


def add_arguments(parser) -> None:
    parser.add_argument("--indicator", help="Only this indicator (e.g. victims_identified).")
    parser.add_argument("--country", help="Only this country (three-letter code, e.g. AZE).")
    parser.add_argument("--format", choices=["json", "csv"], default="json")


FIELDS = [
    "indicator",
    "country",
    "year",
    "first_year",
    "dimension",
    "category",
    "sex",
    "age",
    "value",
    "below",
    "value_text",
    "source",
    "note",
]


def run(options, out) -> int:
    values = SeriesValue.objects.all()
    if options.get("indicator"):
        values = values.filter(indicator=options["indicator"])
    if options.get("country"):
        values = values.filter(country=options["country"].upper())
    rows = list(values.values(*FIELDS))
    if options["format"] == "json":
        out.write(json.dumps(rows, ensure_ascii=False, indent=2))
    else:
        import csv
        import io

        buffer = io.StringIO()
        writer = csv.DictWriter(buffer, fieldnames=FIELDS, lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)
        out.write(buffer.getvalue(), ending="")
    return 0
