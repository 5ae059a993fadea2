"""``ctis htcds export|import``: the records as IOM's HTCDS v2.0 spreadsheet template
(``ctis.interop.htcds``), as the user named with ``--by`` (audited as them).

    ctis htcds export records.xlsx --by analyst
    ctis htcds export records.7z --by investigator --identities --purpose court \\
        --password-file recipient.pass
    ctis htcds import records.xlsx --by investigator --dry-run   # check only
    ctis htcds import records.xlsx --by investigator             # all records, or nothing

An export with identities is written only as an archive encrypted with AES-256 under the
password in ``--password-file`` (its first line; at least 12 characters; never stored or
logged). Every refused cell of an import is listed (sheet, row, column, value, reason) in
``--language`` (az unless told). Exit status, as ``ctis import``'s: 0 done (or, with
``--dry-run``, nothing refused); 1 rows refused, nothing saved; 2 the file or the command
itself refused (Django's CommandError), nothing written.
"""

from __future__ import annotations

import sys
from pathlib import Path

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.utils import translation
from django.utils.translation import gettext as _

from ctis.accounts.models import User
from ctis.cases.choices import AccessPurpose
from ctis.core.tables import too_large
from ctis.interop import htcds, imports


def refused(message) -> CommandError:
    """The file or the command refused: exit status 2, as the module says."""
    return CommandError(message, returncode=2)


class Command(BaseCommand):
    help = "Export or import records as IOM's HTCDS v2.0 spreadsheet template."

    def add_arguments(self, parser):
        parser.add_argument("action", choices=["export", "import"])
        parser.add_argument("file", type=Path)
        parser.add_argument("--by", required=True, help="the user who exports or imports")
        parser.add_argument(
            "--identities", action="store_true", help="export names, dates of birth, documents"
        )
        parser.add_argument("--purpose", choices=AccessPurpose.values, default=None)
        parser.add_argument("--note", default="", help="the purpose in words (for 'other')")
        parser.add_argument(
            "--password-file", type=Path, default=None, help="the recipient's password"
        )
        parser.add_argument("--dry-run", action="store_true", help="check the file, save nothing")
        parser.add_argument("--language", default="az", choices=imports.LANGUAGES)

    def handle(self, *args, **options):
        with translation.override(options["language"]):
            user = User.objects.filter(username=options["by"], is_active=True).first()
            if user is None:
                raise refused(_("No active user %(name)s.") % {"name": options["by"]})
            if options["action"] == "export":
                return self._export(user, options)
            return self._import(user, options)

    def _export(self, user: User, options) -> None:
        path: Path = options["file"]
        identities = options["identities"]
        password = ""
        if identities:
            source: Path | None = options["password_file"]
            if source is None or not source.is_file():
                raise refused(
                    _("An export with identities needs --password-file, the recipient's password.")
                )
            lines = source.read_text(encoding="utf-8").splitlines()
            password = lines[0] if lines else ""
        elif options["purpose"] or options["password_file"]:
            raise refused(_("--purpose and --password-file go with --identities."))
        try:
            content = htcds.export_file(
                actor=user,
                identities=identities,
                purpose=options["purpose"],
                password=password,
                note=options["note"],
            )
        except (PermissionDenied, ValidationError) as error:
            message = " ".join(error.messages) if isinstance(error, ValidationError) else error
            raise refused(str(message)) from None
        path.write_bytes(content)
        self.stdout.write(
            _("Written to %(path)s (%(kb)d KB).")
            % {"path": path, "kb": max(1, len(content) // 1024)}
        )

    def _import(self, user: User, options) -> None:
        path: Path = options["file"]
        if not path.is_file():
            raise refused(_("No file %(path)s.") % {"path": path})
        too_big = too_large(path.stat().st_size)
        if too_big:
            raise refused(too_big)
        try:
            result = htcds.import_workbook(
                actor=user, content=path.read_bytes(), commit=not options["dry_run"]
            )
        except (htcds.HtcdsFileError, PermissionDenied) as error:
            raise refused(str(error)) from None
        for refusal in result.errors:
            where = _("%(sheet)s, row %(row)d") % {"sheet": refusal.sheet, "row": refusal.row}
            if refusal.column:
                where += f", {refusal.column}"
            value = f" “{refusal.value}”" if refusal.value else ""
            self.stdout.write(f"{where}{value}: {refusal.message}")
        for (sheet, column), rows in sorted(result.ignored.items()):
            self.stdout.write(
                _("%(sheet)s, %(column)s: ignored in %(rows)d rows (ctis has no field for it).")
                % {"sheet": sheet, "column": column, "rows": rows}
            )
        summary = _("%(rows)d rows read, %(refused)d refusals.") % {
            "rows": result.rows,
            "refused": len(result.errors),
        }
        if result.committed:
            summary += " " + _("%(persons)d persons and %(cases)d cases saved.") % {
                "persons": len(result.saved),
                "cases": len(result.cases),
            }
        elif options["dry_run"] and not result.errors:
            summary += " " + _("Nothing was saved (a dry run).")
        else:
            summary += " " + _("Nothing was saved: correct the refused cells.")
        self.stdout.write(summary)
        if result.errors:
            sys.exit(1)
