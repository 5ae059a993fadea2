import json
import sys
from pathlib import Path

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from ctis.plan.models import ActionPlan
from ctis.plan.selectors import plan_export
from ctis.plan.services.loading import plan_load
from ctis.plan.textimport import parse_plan_text


class Command(BaseCommand):
    help = "National Action Plan tools: import-text, export."

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True)
        imp = sub.add_parser("import-text", help="Parse the plan's official text and load it.")
        imp.add_argument("file", help="the plan as plain text (UTF-8)")
        imp.add_argument("--dry-run", action="store_true", help="parse and report; save nothing")
        imp.add_argument("--json", dest="json_out", help="also write the parsed plan to this file")
        exp = sub.add_parser("export", help="Print a plan.")
        exp.add_argument("--format", choices=["json"], default="json")
        exp.add_argument("--plan", type=int, help="plan id (default: the newest plan)")

    def handle(self, *args, action: str, **options):
        if action == "import-text":
            return self.import_text(options)
        return self.export(options)

    def import_text(self, options):
        path = Path(options["file"])
        try:
            text = path.read_text(encoding="utf-8")
        except FileNotFoundError as error:
            raise CommandError(_("File not found: %(path)s") % {"path": path}) from error
        except UnicodeDecodeError as error:
            raise CommandError(_("%(path)s is not UTF-8 text.") % {"path": path}) from error
        result = parse_plan_text(text)
        for problem in result.problems:
            self.stderr.write(
                _("line %(line)d: could not place (%(code)s): %(text)s")
                % {"line": problem.line, "code": problem.code, "text": problem.text}
            )
        measures = result.data.get("measures", [])
        self.stdout.write(
            _("Parsed %(measures)d measures in %(sections)d sections; %(problems)d problems.")
            % {
                "measures": len(measures),
                "sections": len(result.data.get("sections", [])),
                "problems": len(result.problems),
            }
        )
        if options.get("json_out"):
            Path(options["json_out"]).write_text(
                json.dumps(result.data, ensure_ascii=False, indent=1) + "\n", encoding="utf-8"
            )
        if not measures:
            raise CommandError(_("No measures were found; nothing was saved."))
        if options["dry_run"]:
            return
        try:
            plan = plan_load(actor=None, data=result.data)
        except ValidationError as error:
            raise CommandError(" ".join(error.messages)) from error
        self.stdout.write(_("Loaded: %(title)s.") % {"title": plan.title})

    def export(self, options):
        plans = ActionPlan.objects.order_by("-year_from", "-id")
        plan = plans.filter(pk=options["plan"]).first() if options.get("plan") else plans.first()
        if plan is None:
            raise CommandError(_("There is no such plan. Run `ctis setup` first."))
        json.dump(plan_export(plan), sys.stdout, ensure_ascii=False, indent=1)
        sys.stdout.write("\n")
