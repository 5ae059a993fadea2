"""Who may follow an import made by the worker and read its result: one gate, one condition
per line."""

from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext as _

from ctis.accounts.models import User
from ctis.core.models import Job
from ctis.interop import imports
from ctis.interop.models import IMPORT_JOB_KIND


def access_import_job(user: User, job_id) -> Job:
    """An import for the user who sent its file, while they may still import records of
    its kind; any other job, an administrator's or a colleague's of the same agency
    included, is refused as a missing one. The job's file and result are left unread
    (``defer``): they are sealed, and opened only where they are shown."""
    job = Job.objects.defer("content", "upload").filter(pk=job_id, kind=IMPORT_JOB_KIND).first()
    missing = PermissionDenied(_("There is no such import, or you may not see it."))
    if job is None:
        raise missing
    if job.requested_by_id != user.pk:
        raise missing
    permission = imports.PERMISSIONS.get(job.params.get("kind", ""))
    if permission is None:
        raise missing
    if not user.has_perm(permission):
        raise missing
    return job
