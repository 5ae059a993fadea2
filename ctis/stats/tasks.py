"""The statistics' background tasks, run by ``ctis worker`` (ADR 0014)."""

from __future__ import annotations

from django_tasks import task

from ctis.core import jobs
from ctis.core.models import Job
from ctis.stats import report


@task()
def make_report(job_id: str) -> dict:
    """Make the file of an annual report job (``ctis.stats.services.report_request``)."""
    return jobs.run_job(job_id, _annual_report)


def _annual_report(job: Job, progress: jobs.Progress) -> jobs.Output:
    params = job.params
    year, fmt, language = int(params["year"]), params["format"], params["language"]
    content = report.report_file(year=year, fmt=fmt, language=language, progress=progress)
    return jobs.Output(
        content=content,
        file_name=report.file_name(f"ctis-{year}-annual-report", fmt=fmt, language=language),
        content_type=report.CONTENT_TYPES[fmt],
    )
