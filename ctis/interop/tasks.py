"""The imports' background task, run by ``ctis worker`` (ADR 0014).

The task opens the file the user sent (``Job.upload``, sealed), counts its rows, then runs
``imports.import_table`` on it as the user who sent it, in the language of the page they
sent it from, reporting each row checked. The result (the codes saved, every refused row
with the cell it quotes, the rows held as likely duplicates) is stored sealed in the job's
``content``; its counts alone in ``summary``. The upload is kept only while the user may
still import the same file: after a check, or an import that saved nothing.

An exception's text may quote the file, so an unexpected one reaches the queue's table as
its class name only, over the original frames (``ImportStopped``).
"""

from __future__ import annotations

import json

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.utils import translation
from django.utils.translation import gettext_noop
from django_tasks import task

from ctis.core import crypto, jobs
from ctis.core.models import Job
from ctis.core.tables import TableFileError, open_table
from ctis.interop import imports

# The stages the job's page words (``interop/_import_job.html``).
READING = "reading"
CHECKING = "checking"
SAVING = "saving"

RESULT_TYPE = "application/vnd.ctis.import-result+json; sealed"

UPLOAD_GONE = gettext_noop(
    "The file is no longer kept (it was imported, discarded or cleared). Send it again."
)
NOT_ALLOWED = gettext_noop("You may no longer import these records.")


class ImportStopped(Exception):
    """An import stopped by an unexpected error; the message is the error's class only."""


@task()
def run_import(job_id: str) -> dict:
    """Check or import the file of an import job (``ctis.interop.services.import_request``)."""
    return jobs.run_job(job_id, _import)


def _import(job: Job, progress: jobs.Progress) -> jobs.Output:
    params = job.params
    sealed = Job.objects.filter(pk=job.pk).values_list("upload", flat=True).first()
    if sealed is None:
        raise jobs.JobFailed(UPLOAD_GONE)
    with translation.override(params.get("language") or settings.LANGUAGE_CODE):
        try:
            result = _run(job, crypto.open_bytes(sealed), progress)
        except PermissionDenied:
            raise jobs.JobFailed(NOT_ALLOWED) from None
        except jobs.JobFailed:
            raise
        except Exception as error:
            raise ImportStopped(type(error).__name__).with_traceback(error.__traceback__) from None
    content = json.dumps(result.as_dict(), ensure_ascii=False).encode()
    return jobs.Output(
        content=crypto.seal_bytes(content),
        file_name="",
        content_type=RESULT_TYPE,
        summary={
            "rows": result.rows,
            "refused": len(result.refused_lines),
            "held": len(result.duplicates),
            "saved": len(result.saved),
            "committed": result.committed,
            "file_refused": bool(result.refused),
        },
        # The same file may still be imported: after a check, or an import that kept nothing.
        keep_upload=not result.committed and not result.refused,
    )


def _run(job: Job, content: bytes, progress: jobs.Progress) -> imports.ImportResult:
    params = job.params
    commit = bool(params.get("commit"))
    try:
        progress(READING)
        total = 0
        for total, _row in enumerate(open_table(content).rows(), start=1):
            progress(READING, total)

        def rows_done(done: int) -> None:
            # After the last row is checked, an import keeps what it saved.
            stage = SAVING if commit and done >= total else CHECKING
            progress(stage, done, total)

        progress(CHECKING, 0, total)
        return imports.import_table(
            actor=job.requested_by,
            kind_code=params["kind"],
            table=open_table(content),
            commit=commit,
            keep_valid=bool(params.get("keep_valid")),
            enter_anyway=params.get("enter_anyway") or (),
            progress=rows_done,
        )
    except (TableFileError, imports.HeaderError) as refused:
        return imports.ImportResult(params["kind"], refused=str(refused))
