from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PlanConfig(AppConfig):
    name = "ctis.plan"
    label = "plan"
    verbose_name = _("National Action Plan")

    def ready(self) -> None:
        from ctis.accounts.agency_page import register_agency_context
        from ctis.plan.selectors import agency_measure_bodies

        # The agency page lists the measures the agency is named in.
        register_agency_context("plan", lambda agency: {"bodies": agency_measure_bodies(agency)})
