"""``ctis import KIND FILE``: a CSV file or Excel workbook of records, saved through the
services as the user named with ``--by`` (audited as them), with a progress bar.

    ctis import persons persons.xlsx --by investigator --dry-run   # check only
    ctis import persons persons.xlsx --by investigator             # all rows, or nothing
    ctis import persons persons.xlsx --by investigator --keep-valid

Every refused row is listed (line, column, value, reason) in ``--language`` (az unless
told); nothing is saved when any row is refused unless ``--keep-valid``. Exit status 0:
saved (or, with ``--dry-run``, no row refused); 1: rows refused; 2: the file or the command
itself refused (``refused``), nothing saved.
"""

from __future__ import annotations

import math
import sys
from pathlib import Path
from typing import TextIO

from django.core.exceptions import PermissionDenied
from django.core.management.base import BaseCommand, CommandError
from django.utils import translation
from django.utils.formats import number_format
from django.utils.translation import gettext as _

from ctis.accounts.models import User
from ctis.core.tables import TableFileError, open_table, too_large
from ctis.interop import imports


def refused(message) -> CommandError:
    """The file or the command refused: exit status 2, as the module says (1 is for rows)."""
    return CommandError(message, returncode=2)


class Command(BaseCommand):
    help = "Import records from a CSV file or Excel workbook."

    def add_arguments(self, parser):
        parser.add_argument("kind", choices=sorted(imports.KINDS))
        parser.add_argument("file", type=Path)
        parser.add_argument("--by", required=True, help="the user the records are saved as")
        parser.add_argument("--dry-run", action="store_true", help="check every row, save none")
        parser.add_argument(
            "--keep-valid", action="store_true", help="save the valid rows even if some are refused"
        )
        parser.add_argument(
            "--enter-anyway",
            default="",
            metavar="LINES",
            help="lines held as likely duplicates to enter as other persons (2,7,9)",
        )
        parser.add_argument("--language", default="az", choices=imports.LANGUAGES)

    def handle(self, *args, **options):
        with translation.override(options["language"]):
            return self._run(options)

    def _run(self, options):
        user = User.objects.filter(username=options["by"], is_active=True).first()
        if user is None:
            raise refused(_("No active user %(name)s.") % {"name": options["by"]})
        path: Path = options["file"]
        if not path.is_file():
            raise refused(_("No file %(path)s.") % {"path": path})
        too_big = too_large(path.stat().st_size)
        if too_big:
            raise refused(too_big)
        try:
            content = path.read_bytes()
            rows = sum(1 for _row in open_table(content).rows())
            progress = ProgressBar(rows)
            result = imports.import_table(
                actor=user,
                kind_code=options["kind"],
                table=open_table(content),
                commit=not options["dry_run"],
                keep_valid=options["keep_valid"],
                progress=progress.show,
                enter_anyway={
                    int(n) for n in options["enter_anyway"].split(",") if n.strip().isdigit()
                },
            )
        except (TableFileError, imports.HeaderError, PermissionDenied) as error:
            raise refused(str(error)) from None
        progress.end()
        for row in result.errors:
            where = _("line %(line)d") % {"line": row.line}
            if row.column:
                where += f", {row.column}"
            value = f" “{row.value}”" if row.value else ""
            self.stdout.write(f"{where}{value}: {row.message}")
        for held in result.duplicates:
            where = _("line %(line)d") % {"line": held.line}
            self.stdout.write(
                _(
                    "%(where)s: may already be %(codes)s (%(reasons)s); --enter-anyway %(line)d enters it."
                )
                % {
                    "where": where,
                    "codes": ", ".join(
                        [
                            *held.codes,
                            *(_("line %(line)s of this file") % {"line": n} for n in held.lines),
                        ]
                    ),
                    "reasons": "; ".join(held.reasons),
                    "line": held.line,
                }
            )
        left_out = len(result.held_lines)
        summary = _("%(rows)d rows read, %(refused)d refused.") % {
            "rows": result.rows,
            "refused": left_out,
        }
        if result.committed:
            summary += " " + _("%(n)d saved.") % {"n": len(result.saved)}
        elif options["dry_run"]:
            summary += " " + _("Nothing was saved (a dry run).")
        else:
            summary += " " + _(
                "Nothing was saved: correct the refused rows, or import with --keep-valid."
            )
        self.stdout.write(summary)
        if left_out and not result.committed:
            sys.exit(1)


class ProgressBar:
    """The rows checked, on standard error: a bar redrawn in place on a terminal, a line
    at every tenth of the file in a log (where a redrawn line would run together)."""

    WIDTH = 30

    def __init__(self, total: int, stream: TextIO | None = None):
        self.total = total
        self.stream = stream or sys.stderr
        self.terminal = self.stream.isatty()
        self.step = 500 if self.terminal else max(1, math.ceil(total / 10))
        self.drawn = False

    def show(self, done: int) -> None:
        if done % self.step and done != self.total:
            return
        line = _("%(done)s of %(total)s rows checked") % {
            "done": number_format(done, force_grouping=True),
            "total": number_format(self.total, force_grouping=True),
        }
        if self.terminal:
            filled = self.WIDTH * done // self.total if self.total else self.WIDTH
            bar = "#" * filled + "." * (self.WIDTH - filled)
            self.stream.write(f"\r[{bar}] {line}")
            self.drawn = True
        else:
            self.stream.write(line + "\n")
        self.stream.flush()

    def end(self) -> None:
        if self.drawn:
            self.stream.write("\n")
            self.stream.flush()
