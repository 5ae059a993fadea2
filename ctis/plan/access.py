"""Who may see and change which plan reports: one gate, one condition per line."""

from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext as _

from ctis.accounts.models import Agency, User
from ctis.core.models import Job
from ctis.plan.models import CONSOLIDATED_JOB_KIND, MeasureReport, ReportAttachment


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


def access_agency_document(user: User, agency: Agency) -> bool:
    """Raise unless the user may read the agency's yearly report; True: drafts too.

    The agency's own staff see all its reports; readers of all reports see those that
    have reached the coordinator, as ``access_report`` lets them see each one.
    """
    own_agency = user.agency_id == agency.pk
    if own_agency and user.has_perm("plan.draft_report"):
        return True
    if own_agency and user.has_perm("plan.submit_report"):
        return True
    if user.has_perm("plan.view_all_reports"):
        return False
    raise PermissionDenied(
        _("Only the agency's own staff and the coordinator may read this report.")
    )


def access_consolidated_document(user: User) -> None:
    if user.has_perm("plan.view_all_reports"):
        return
    raise PermissionDenied(_("Only the coordinator and analysts may read the consolidated report."))


def access_document_job(user: User, job_id) -> Job:
    """A consolidated report made in the background, for the user who asked for it while
    they may still read the consolidated report; any other job is refused as a missing one.
    The file itself is left unread (``defer``) until the download reads it."""
    job = Job.objects.defer("content").filter(pk=job_id, kind=CONSOLIDATED_JOB_KIND).first()
    if job is None or job.requested_by_id != user.pk:
        raise PermissionDenied(_("There is no such document, or you may not see it."))
    access_consolidated_document(user)
    return job


def access_attachment(user: User, attachment_id, *, for_change: bool = False) -> ReportAttachment:
    """A report's attachment through its report's gate; a missing one is refused the same
    way as one the user may not see, so that the answer tells nothing of what exists."""
    attachment = ReportAttachment.objects.filter(pk=attachment_id).first()
    if attachment is None:
        raise PermissionDenied(_("There is no such report, or you may not see it."))
    access_report(user, attachment.report_id, for_change=for_change)
    return attachment
