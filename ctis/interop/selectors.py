"""Reads of the import pages: a user's recent imports, and one import's result."""

from __future__ import annotations

import json

from ctis.accounts.models import User
from ctis.core import crypto
from ctis.core.models import Job
from ctis.interop.imports import ImportResult
from ctis.interop.models import IMPORT_JOB_KIND

RECENT = 5


def import_jobs(user: User, *, limit: int = RECENT) -> list[Job]:
    """The user's own last imports, newest first (their figures, not their files)."""
    return list(
        Job.objects.defer("content", "upload")
        .filter(requested_by=user, kind=IMPORT_JOB_KIND)
        .order_by("-created_at")[:limit]
    )


def import_result(job: Job) -> ImportResult | None:
    """The result of an import the worker has finished, opened (the caller passed the
    gate: it quotes the file's cells); None before then."""
    if job.state != Job.State.DONE:
        return None
    sealed = Job.objects.filter(pk=job.pk).values_list("content", flat=True).first()
    if sealed is None:
        return None
    return ImportResult.from_dict(json.loads(crypto.open_bytes(sealed)))


def import_file_kept(job: Job) -> bool:
    """Whether the file of ``job`` is still kept, to be imported without sending it again."""
    return Job.objects.filter(pk=job.pk, upload__isnull=False).exists()
