"""The consolidated yearly report made in the background: asked for, then fetched.

A request creates a ``ctis.core.models.Job`` and enqueues ``ctis.plan.tasks.make_document``
in one transaction, with its audit entry; ``ctis worker`` makes the file. A second
request for the same document while the first is still waiting or running gets the
first. The file is fetched through ``document_fetch``, which audits it.
"""

from __future__ import annotations

from django.db import transaction

from ctis.accounts.models import User
from ctis.audit.services import audit_record
from ctis.core.models import Job
from ctis.plan import tasks
from ctis.plan.access import access_consolidated_document
from ctis.plan.models import CONSOLIDATED_JOB_KIND, ReportingPeriod


def document_request(*, actor: User, period: ReportingPeriod, fmt: str, language: str) -> Job:
    """Queue the consolidated report of ``period`` for ``actor``; the job to follow."""
    access_consolidated_document(actor)
    params = {"period": period.pk, "format": fmt, "language": language}
    with transaction.atomic():
        waiting = (
            Job.objects.defer("content")
            .filter(
                requested_by=actor,
                kind=CONSOLIDATED_JOB_KIND,
                params=params,
                state__in=[Job.State.QUEUED, Job.State.RUNNING],
            )
            .order_by("-created_at")
            .first()
        )
        if waiting is not None:
            return waiting
        job = Job.objects.create(kind=CONSOLIDATED_JOB_KIND, params=params, requested_by=actor)
        # Enqueued in the same transaction: the worker sees the task and the job together.
        result = tasks.make_document.enqueue(str(job.pk))
        Job.objects.filter(pk=job.pk).update(task_id=str(result.id)[:64])
        job.refresh_from_db(fields=["task_id", "state"])
        audit_record(
            actor=actor,
            action="plan.document.request",
            obj=job,
            object_repr=f"{period.year} consolidated.{fmt} ({language})",
            changes={"period": period.pk, "format": fmt, "language": language},
        )
    return job


def document_fetch(*, actor: User, job: Job) -> None:
    """Record that ``actor`` downloaded the job's file (the view checked the gate)."""
    with transaction.atomic():
        audit_record(
            actor=actor,
            action="plan.document.download",
            obj=job,
            object_repr=f"{job.params.get('format', '')} {job.file_name}"[:300],
        )
