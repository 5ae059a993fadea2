"""``ctis stats export KIND --year Y [--to Y2] [--tip-year Y] [--k 11] [--language en]
--output FILE``: a file of figures that leaves the system (glotip, greta, tip, ctdc),
audited like the download from the page."""

from __future__ import annotations

from pathlib import Path

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management import CommandError

from ctis.accounts.models import User
from ctis.stats.exports import DEFAULT_K, KINDS, LANGUAGES, ExportRefused, Spec
from ctis.stats.services import export_make

NAME = "export"
HELP = (
    "Write an export that leaves the system: glotip (UNODC), greta (Council of Europe), "
    "tip (US TIP report, 1 April - 31 March) or ctdc (k-anonymised victim-level dataset)."
)


def add_arguments(parser) -> None:
    parser.add_argument("kind", choices=sorted(KINDS))
    parser.add_argument("--year", type=int, help="The year (the first, with --to).")
    parser.add_argument("--to", type=int, help="The last year of a run of years.")
    parser.add_argument(
        "--tip-year", type=int, help="The TIP report's year: 2021 is 1 April 2020 - 31 March 2021."
    )
    parser.add_argument("--k", type=int, default=DEFAULT_K, help="CTDC: the k of k-anonymity.")
    parser.add_argument(
        "--language", choices=LANGUAGES, default="en", help="The headers' language."
    )
    parser.add_argument("--output", required=True, help="The file to write (.xlsx).")
    parser.add_argument("--user", help="Export as this user (their permission is checked).")


def run(options, out) -> int:
    kind = options["kind"]
    if kind == "tip":
        if options.get("tip_year") is None:
            raise CommandError("The tip export needs --tip-year.")
        first = last = options["tip_year"]
    else:
        if options.get("year") is None:
            raise CommandError(f"The {kind} export needs --year.")
        first, last = options["year"], options.get("to") or options["year"]
    actor = None
    if options.get("user"):
        actor = User.objects.filter(username=options["user"]).first()
        if actor is None:
            raise CommandError(f"No user {options['user']}.")
    output = Path(options["output"])
    if not output.parent.is_dir():
        raise CommandError(f"{output.parent}: no such folder.")
    spec = Spec(
        kind=kind,
        first=first,
        last=last,
        tip_year=options.get("tip_year"),
        k=options["k"],
        language=options["language"],
    )
    try:
        made = export_make(actor=actor, spec=spec, output=output)
    except ValidationError as error:
        raise CommandError("; ".join(error.messages)) from error
    except (ExportRefused, PermissionDenied) as error:
        raise CommandError(f"Not exported: {error}") from error
    except OSError as error:
        raise CommandError(f"{output}: {error.strerror or error}") from error
    line = f"{output}: {kind}, {made.rows} rows"
    if "k_achieved" in made.summary:
        line += f", k = {made.summary['k_achieved']}"
    out.write(line + ".")
    return 0
