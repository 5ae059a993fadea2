"""``ctis stats annual --year 2020 [--to 2021] [--format json|text]``: every figure of the
national statistics for a year or a run of years."""

from __future__ import annotations

import json

from django.core.management import CommandError

from ctis.stats.figures import annual
from ctis.stats.periods import Period

NAME = "annual"
HELP = "Print the national statistics of a year (or a run of years)."


def add_arguments(parser) -> None:
    parser.add_argument("--year", type=int, required=True, help="The year (the first, with --to).")
    parser.add_argument("--to", type=int, help="The last year of a run of years.")
    parser.add_argument("--format", choices=["json", "text"], default="json")


def _lines(data, prefix: str = ""):
    for key, value in data.items():
        name = f"{prefix}{key}"
        if isinstance(value, dict):
            yield from _lines(value, f"{name}.")
        elif isinstance(value, list):
            continue  # the cross-table: in the JSON only
        else:
            yield f"{name}: {'' if value is None else value}"


def run(options, out) -> int:
    first, last = options["year"], options.get("to") or options["year"]
    if not 1990 <= first <= 2100 or not 1990 <= last <= 2100:
        raise CommandError("Give a year between 1990 and 2100.")
    if last < first:
        raise CommandError("--to comes after --year: the run of years ends after it starts.")
    figures = annual(Period.years(first, last))
    if options["format"] == "json":
        out.write(json.dumps(figures, ensure_ascii=False, indent=2, sort_keys=False))
    else:
        for line in _lines({k: v for k, v in figures.items() if k != "notes"}):
            out.write(line)
    return 0
