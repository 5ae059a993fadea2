import json
from pathlib import Path

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from ctis.nrm import selectors, services
from ctis.nrm.models import IndicatorSet


def _messages(error: ValidationError) -> str:
    if hasattr(error, "error_dict"):
        return "\n".join(
            f"{field}: {message}"
            for field, messages in error.message_dict.items()
            for message in messages
        )
    return "\n".join(error.messages)


class Command(BaseCommand):
    help = (
        "National Referral Mechanism: `ctis nrm sets` lists the indicator sets, `ctis nrm "
        "indicators --set SET` a set's indicators, `ctis nrm screen --set SET --indicators "
        "ID,ID` assesses what was observed (the same rules as the web form), `ctis nrm "
        "import-set FILE` adds or changes sets from a JSON file."
    )

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True)
        sets = sub.add_parser("sets", help="The indicator sets in use.")
        sets.add_argument("--format", choices=["json"], default="json")
        indicators = sub.add_parser("indicators", help="The indicators of one set.")
        indicators.add_argument("--set", dest="set_code", required=True)
        indicators.add_argument("--format", choices=["json"], default="json")
        screen = sub.add_parser(
            "screen",
            help="Assess observed indicators: prints the result, each dimension's tally and "
            "the explanation in Azerbaijani, English and Russian. Records nothing.",
        )
        screen.add_argument("--set", dest="set_code", required=True)
        screen.add_argument("--indicators", default="", help="indicator ids, comma-separated")
        imp = sub.add_parser(
            "import-set",
            help='Add or change indicator sets from a JSON file {"sets": [...]} in the format '
            "of ctis/nrm/data/indicator_sets.json; all or nothing.",
        )
        imp.add_argument("file")

    def handle(self, *args, action: str, **options):
        try:
            if action == "sets":
                self.emit([_set_json(s) for s in selectors.indicator_sets()])
            elif action == "indicators":
                indicator_set = self.indicator_set(options["set_code"])
                self.emit([_indicator_json(i) for i in selectors.set_indicators(indicator_set)])
            elif action == "screen":
                indicator_set = self.indicator_set(options["set_code"])
                codes = options["indicators"].split(",")
                assessment = selectors.screening_assess(indicator_set=indicator_set, codes=codes)
                self.emit(assessment.as_json())
            else:
                self.import_set(Path(options["file"]))
        except ValidationError as error:
            raise CommandError(_messages(error)) from None

    def emit(self, value) -> None:
        self.stdout.write(json.dumps(value, ensure_ascii=False, indent=1))

    def indicator_set(self, code: str) -> IndicatorSet:
        found = selectors.indicator_set_by_code(code)
        if found is None:
            known = ", ".join(s.code for s in selectors.indicator_sets())
            raise CommandError(
                _("There is no indicator set %(code)s. Sets: %(known)s.")
                % {"code": code, "known": known}
            )
        return found

    def import_set(self, path: Path) -> None:
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
        except FileNotFoundError:
            raise CommandError(_("File not found: %(path)s") % {"path": path}) from None
        except UnicodeDecodeError:
            raise CommandError(_("%(path)s is not UTF-8 text.") % {"path": path}) from None
        except json.JSONDecodeError as error:
            raise CommandError(
                _("%(path)s is not valid JSON (line %(line)d, column %(column)d).")
                % {"path": path, "line": error.lineno, "column": error.colno}
            ) from None
        counts = services.indicator_sets_import(actor=None, data=data)
        self.stdout.write(
            _(
                "Sets: %(sets_created)d created, %(sets_updated)d changed. Indicators: "
                "%(indicators_created)d created, %(indicators_updated)d changed."
            )
            % counts
        )


def _set_json(indicator_set: IndicatorSet) -> dict:
    return {
        "id": indicator_set.code,
        "population": indicator_set.population,
        "exploitation": indicator_set.exploitation,
        "rule": indicator_set.rule,
        "labels": indicator_set.labels(),
        "indicators": getattr(indicator_set, "indicator_count", None),
    }


def _indicator_json(indicator) -> dict:
    return {
        "id": indicator.code,
        "dimension": indicator.dimension or None,
        "weight": indicator.weight or None,
        "labels": indicator.labels(),
    }
