"""How ctis.outreach plugs into the pages and roles it shares (``ctis.core.registry``):
its permissions and who holds them, the module bar, the reporter's home-page list, the
events panel of a plan measure's page, the figures it offers a measure's yearly report,
and the audit log's words."""

from django.utils.translation import gettext_lazy as _

from ctis.accounts.roles import Role, grant
from ctis.audit.actions import describe_actions
from ctis.core import registry

AUDIT_ACTIONS = {
    "outreach.audiences.load": _("Audiences loaded"),
    "outreach.event.create": _("Awareness event recorded"),
    "outreach.event.update": _("Awareness event changed"),
    "outreach.event.assess": _("Organiser's assessment written"),
    "outreach.feedback.close": _("Event closed for feedback"),
    "outreach.feedback.reopen": _("Event opened for feedback again"),
    "outreach.question.add": _("Knowledge question added"),
    "outreach.question.remove": _("Knowledge question removed"),
}


def organiser_work(request):
    from ctis.outreach import selectors

    return selectors.awaiting_organiser(request.user)


def measure_events(request, measure):
    from ctis.outreach import selectors

    user = request.user
    if not (user.has_perm("outreach.view_all_events") or user.has_perm("outreach.record_events")):
        return None
    return {
        "events": selectors.measure_events(measure, user),
        "measure": measure,
        "years": selectors.measure_years(measure, user.agency)
        if user.has_perm("outreach.record_events")
        else [],
    }


def measure_figures(measure, agency, year):
    from ctis.outreach import selectors

    return selectors.measure_figures(measure, agency, year)


def register() -> None:
    registry.declare("outreach", "record_events", "view_all_events")
    grant(Role.AGENCY_REPORTER, "outreach.record_events")
    grant(Role.AGENCY_HEAD, "outreach.record_events")
    grant(Role.COORDINATOR, "outreach.view_all_events")
    grant(Role.ANALYST, "outreach.view_all_events")

    registry.navigation.register(
        registry.NavEntry(
            "outreach",
            _("Awareness events"),
            "outreach:event_list",
            50,
            active="/outreach/",
            visible=registry.any_perm("outreach.record_events", "outreach.view_all_events"),
        )
    )
    registry.home_items.register(
        registry.Panel("outreach-organiser", "outreach/_home_events.html", 35, organiser_work)
    )
    registry.dashboard_panels.register(
        registry.Panel("outreach-organiser", "outreach/_home_events.html", 35, organiser_work)
    )
    registry.measure_panels.register(
        registry.Panel("outreach-events", "outreach/_measure_events.html", 30, measure_events)
    )
    registry.figure_sources.register(registry.FigureSource("outreach", 30, measure_figures))
    describe_actions(AUDIT_ACTIONS)
