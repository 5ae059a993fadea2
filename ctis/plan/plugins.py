"""How the National Action Plan plugs into the pages it shares (``ctis.core.registry``):
its permissions and who holds them, the module bar, the start page of reporters and the
coordinator, the home page, the agency page, and the audit log's words."""

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from ctis.accounts.roles import Role, grant
from ctis.audit.actions import describe_actions
from ctis.core import registry
from ctis.plan import alerts
from ctis.plan.selectors import agency_measure_bodies

AUDIT_ACTIONS = {
    "plan.document.request": _("Consolidated report requested"),
    "plan.document.download": _("Consolidated report downloaded"),
    "plan.plan.create": _("Plan created"),
    "plan.plan.load": _("Plan loaded"),
    "plan.plan.update": _("Plan changed"),
    "plan.plan.copy_structure": _("Plan sections copied"),
    "plan.section.create": _("Section added"),
    "plan.section.update": _("Section changed"),
    "plan.measure.create": _("Measure added"),
    "plan.measure.update": _("Measure changed"),
    "plan.measure.assign_agency": _("Agency assigned to a measure"),
    "plan.measure.unassign_agency": _("Agency removed from a measure"),
    "plan.period.open": _("Reporting period opened"),
    "plan.period.set_status": _("Reporting period opened or closed"),
    "plan.report.create": _("Report drafted"),
    "plan.report.update": _("Report edited"),
    "plan.report.attach": _("File attached to a report"),
    "plan.report.detach": _("File removed from a report"),
    "plan.report.submit": _("Report submitted"),
    "plan.report.return": _("Report returned for correction"),
    "plan.report.accept": _("Report accepted"),
    "plan.indicators.load": _("Reference indicators loaded"),
    "plan.indicator.create": _("Indicator added"),
    "plan.indicator.update": _("Indicator changed"),
}


def _plan_card(request) -> dict:
    return {
        "title": _("National Action Plan"),
        "url": reverse("plan:home"),
        "text": _("Measures, executing bodies, reporting periods and reports."),
    }


def _agency_measures(request, agency) -> dict:
    return {"bodies": agency_measure_bodies(agency)}


def register() -> None:
    registry.declare(
        "plan",
        "draft_report",
        "submit_report",
        "review_report",
        "manage_periods",
        "manage_plans",
        "view_all_reports",
        "assign_bodies",
        "manage_indicators",
    )
    grant(Role.AGENCY_REPORTER, "plan.draft_report")
    grant(Role.AGENCY_HEAD, "plan.draft_report", "plan.submit_report")
    grant(
        Role.COORDINATOR,
        "plan.review_report",
        "plan.manage_periods",
        "plan.manage_plans",
        "plan.view_all_reports",
        "plan.assign_bodies",
        "plan.manage_indicators",
    )
    grant(Role.ANALYST, "plan.view_all_reports")
    grant(Role.AUDITOR, "plan.view_all_reports")

    registry.navigation.register(
        registry.NavEntry(
            "plan", _("Action plan"), "plan:home", 10, active="/plan/", subnav="plan/_subnav.html"
        )
    )
    # Reporters and the coordinator start on the plan's dashboard.
    registry.start_pages.register(
        registry.StartPage(
            "plan", "plan:home", 10, registry.any_perm("plan.review_report", "plan.draft_report")
        )
    )
    registry.home_items.register(registry.Panel("plan", "core/_home_card.html", 50, _plan_card))
    registry.agency_panels.register(
        registry.Panel("plan-measures", "plan/_agency_measures.html", 10, _agency_measures)
    )
    describe_actions(AUDIT_ACTIONS)
    alerts.register()
