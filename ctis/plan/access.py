"""Who may see and change which plan reports: one gate, one condition per line."""

from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext as _

from ctis.accounts.models import User
from ctis.plan.models import MeasureReport


def access_report(user: User, report_id, *, for_change: bool = False) -> MeasureReport:
    report = (
        MeasureReport.objects.select_related("period__plan", "measure__section", "agency")
        .filter(pk=report_id)
        .first()
    )
    if report is None:
        raise PermissionDenied(_("There is no such report, or you may not see it."))
    own_agency = user.agency_id == report.agency_id
    if for_change:
        if own_agency and user.has_perm("plan.draft_report"):
            return report
        raise PermissionDenied(_("Only the reporting agency's own staff may change its reports."))
    if own_agency and (user.has_perm("plan.draft_report") or user.has_perm("plan.submit_report")):
        return report
    if user.has_perm("plan.view_all_reports") and report.first_submitted_at is not None:
        return report
    raise PermissionDenied(_("There is no such report, or you may not see it."))
