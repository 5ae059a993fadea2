"""``ctis setup``: migrations and every app's reference data; ``--demo`` adds the
demonstration data (ctis.bootstrap.demo)."""

from django.core.management import call_command
from django.core.management.base import BaseCommand
from django.utils.translation import gettext as _

from ctis.accounts.services import agencies_load_reference
from ctis.bootstrap.countries import countries_load_reference
from ctis.bootstrap.demo.setup import demo_setup
from ctis.cases.services import articles_load_reference
from ctis.hotline.services import topics_load_reference
from ctis.monitoring.services import signals_load_reference
from ctis.nrm.services import (
    allowance_rates_load_reference,
    indicator_sets_load_reference,
    nrm_agencies_load_reference,
)
from ctis.outreach.services import audiences_load_reference
from ctis.plan.selectors import official_plan_present
from ctis.plan.services.indicators import indicators_load_reference
from ctis.plan.services.loading import plan_load_official
from ctis.stats.services import (
    population_load_reference,
    recommendations_load_reference,
    series_load_reference,
)


class Command(BaseCommand):
    help = (
        "Prepare the database named by DATABASE_URL: migrations, countries, the agency registry and "
        "the official National Action Plan 2020–2024. Safe to run again."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--demo",
            action="store_true",
            help="Also create one demonstration user per role and a 2021 "
            "reporting period with reports in every state.",
        )
        parser.add_argument(
            "--reload-plan",
            action="store_true",
            help="Load the official plan again even if it is present.",
        )

    def handle(self, *args, demo: bool = False, **options):
        verbosity = options.get("verbosity", 1)
        call_command("migrate", interactive=False, verbosity=max(0, verbosity - 1))
        created, updated = countries_load_reference()
        self.stdout.write(
            _("Countries: %(created)d created, %(updated)d updated.")
            % {"created": created, "updated": updated}
        )
        created = articles_load_reference()
        self.stdout.write(_("Criminal Code articles: %(created)d created.") % {"created": created})
        created, updated = agencies_load_reference()
        self.stdout.write(
            _("Agencies: %(created)d created, %(updated)d updated.")
            % {"created": created, "updated": updated}
        )
        placed = nrm_agencies_load_reference()
        self.stdout.write(
            _("Agencies placed in the referral mechanism: %(count)d.") % {"count": placed}
        )
        rates = allowance_rates_load_reference()
        self.stdout.write(_("Allowance rates: %(count)d created.") % {"count": rates})
        counts = indicator_sets_load_reference()
        self.stdout.write(
            _(
                "Indicator sets: %(sets_created)d created; indicators: %(indicators_created)d "
                "created."
            )
            % counts
        )
        created, updated = audiences_load_reference()
        self.stdout.write(
            _("Audiences of awareness events: %(created)d created, %(updated)d updated.")
            % {"created": created, "updated": updated}
        )
        topics = topics_load_reference()
        self.stdout.write(_("Hotline topics: %(count)d created.") % {"count": topics})
        signals = signals_load_reference()
        self.stdout.write(_("Monitoring risk signals: %(count)d created.") % {"count": signals})
        years = population_load_reference()
        self.stdout.write(_("Population by year: %(count)d years created.") % {"count": years})
        figures = series_load_reference()
        self.stdout.write(
            _("Historical series: %(count)d published figures created.") % {"count": figures}
        )
        plan = official_plan_present()
        if plan is None or options.get("reload_plan"):
            plan = plan_load_official()
            self.stdout.write(
                _("Plan loaded: %(title)s (%(count)d measures).")
                % {"title": plan.title, "count": plan.measures.count()}
            )
        else:
            self.stdout.write(
                _("Plan already loaded: %(title)s (%(count)d measures).")
                % {"title": plan.title, "count": plan.measures.count()}
            )
        recommendations = recommendations_load_reference()
        self.stdout.write(
            _("International recommendations: %(count)d created.") % {"count": recommendations}
        )
        created = indicators_load_reference()
        self.stdout.write(_("Plan report indicators: %(count)d created.") % {"count": created})
        if demo:
            for line in demo_setup():
                self.stdout.write(line)
