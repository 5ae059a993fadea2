"""The plan's background tasks, run by ``ctis worker`` (ADR 0014)."""

from __future__ import annotations

from django_tasks import task

from ctis.core import jobs
from ctis.core.documents import CONTENT_TYPES, file_name
from ctis.core.models import Job
from ctis.plan import documents
from ctis.plan.models import ReportingPeriod


@task()
def make_document(job_id: str) -> dict:
    """Make the file of a document job (``ctis.plan.services.documents``)."""
    return jobs.run_job(job_id, _consolidated)


def _consolidated(job: Job, progress: jobs.Progress) -> jobs.Output:
    params = job.params
    fmt, language = params["format"], params["language"]
    period = ReportingPeriod.objects.select_related("plan").filter(pk=params["period"]).first()
    if period is None:
        raise jobs.JobFailed(jobs.NOT_FOUND_MESSAGE)
    content = documents.consolidated_report_file(
        period=period, fmt=fmt, language=language, progress=progress
    )
    return jobs.Output(
        content=content,
        file_name=file_name(f"ctis-{period.year}-consolidated", fmt=fmt, language=language),
        content_type=CONTENT_TYPES[fmt],
    )
