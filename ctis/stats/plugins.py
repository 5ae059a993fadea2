"""How ctis.stats plugs into the pages and roles it shares (``ctis.core.registry``): its
permissions and who holds them, and the audit log's words."""

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from ctis.accounts.roles import Role, grant
from ctis.audit.actions import describe_actions
from ctis.core import registry

# Each module of the app adds its own actions here as it is written.
AUDIT_ACTIONS: dict[str, Promise | str] = {
    "stats.population.load": _("Population by year loaded"),
    "stats.population.create": _("Population of a year added"),
    "stats.population.update": _("Population of a year corrected"),
    "stats.series.import": _("Published figures loaded into the historical series"),
    "stats.publication.create": _("Public statistics published"),
    "stats.recommendations.load": _("International recommendations loaded"),
    "stats.recommendation.measures": _("Plan measures answering a recommendation changed"),
    "stats.export": _("Statistics exported (GLOTIP, GRETA, TIP or CTDC file)"),
    "stats.export.refused": _("Statistics export refused (anonymity check failed)"),
    "stats.report_text.create": _("Annual report text written"),
    "stats.report_text.update": _("Annual report text changed"),
    "stats.report.request": _("Annual report requested"),
    "stats.report.download": _("Annual report downloaded"),
}


def register() -> None:
    # view_statistics: the national figures and their dashboard (de-identified counts);
    # export_statistics: files that leave the system (GLOTIP, GRETA, TIP, CTDC);
    # manage_statistics: the historical series, the population, the report's narrative
    # blocks, and publishing the public page.
    registry.declare("stats", "view_statistics", "export_statistics", "manage_statistics")
    grant(
        Role.COORDINATOR,
        "stats.view_statistics",
        "stats.export_statistics",
        "stats.manage_statistics",
    )
    grant(Role.ANALYST, "stats.view_statistics", "stats.export_statistics")
    from ctis.stats import panels

    registry.dashboard_panels.register(
        registry.Panel(
            "stats-recommendations",
            "stats/_dashboard_recommendations.html",
            60,
            panels.recommendations_dashboard,
        )
    )
    registry.measure_panels.register(
        registry.Panel(
            "stats-recommendations",
            "stats/_measure_recommendations.html",
            60,
            panels.measure_recommendations,
        )
    )
    registry.document_sections.register(
        registry.DocumentSection(
            "stats-recommendations", 60, panels.recommendations_document_section
        )
    )
    describe_actions(AUDIT_ACTIONS)
    registry.navigation.register(
        registry.NavEntry(
            "stats",
            _("Statistics"),
            "stats:dashboard",
            70,
            active="/stats/",
            visible=registry.any_perm("stats.view_statistics"),
        )
    )
