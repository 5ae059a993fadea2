"""Who may see the statistics and fetch the annual report: one gate each, one condition
per line."""

from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext as _

from ctis.accounts.models import User
from ctis.core.models import Job
from ctis.stats.models import REPORT_JOB_KIND


def access_statistics(user: User) -> None:
    if user.has_perm("stats.view_statistics"):
        return
    raise PermissionDenied(_("Only the coordinator and analysts may see the statistics."))


def access_report(user: User) -> None:
    """The annual report holds the same de-identified figures as the dashboard."""
    access_statistics(user)


def access_report_texts(user: User) -> None:
    if user.has_perm("stats.manage_statistics"):
        return
    raise PermissionDenied(_("Only the coordinator may edit the report's texts."))


def access_report_job(user: User, job_id) -> Job:
    """An annual report made in the background, for the user who asked for it while they
    may still see the statistics; any other job is refused as a missing one."""
    job = Job.objects.defer("content").filter(pk=job_id, kind=REPORT_JOB_KIND).first()
    if job is None or job.requested_by_id != user.pk:
        raise PermissionDenied(_("There is no such document, or you may not see it."))
    access_report(user)
    return job
