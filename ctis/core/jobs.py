"""The life of a background job (``ctis.core.models.Job``) as its task sees it.

The owning app creates the job and enqueues its task in one transaction (its service
writes the audit entry of the request). The task then calls ``job_started``, reports
``Progress`` as it goes, and ends with ``job_done`` (the file) or ``job_failed`` (a message
that can be shown). These are bookkeeping of the queue, not domain writes: they write no
audit entry, as the queue's own table does not.

``run_job`` wraps a task's body: it marks the job started, gives the body a ``Progress``,
stores what the body returns, and on any exception records the failure with a message
the user may read (never the exception's text, which may quote data) before re-raising,
so that the queue records the task as failed too.

A job's sealed upload (``Job.upload``) is removed when the job fails, is found abandoned,
or is done, unless the body's ``Output`` says to keep it (``keep_upload``: the user may
still act on the same file); the periodic clean-up deletes whatever jobs are left.

``Progress`` writes where the page can read it even when the body holds a transaction
open (an import keeps all its rows in one): on PostgreSQL through a connection of its own
beside the body's. SQLite has one writer at a time, the body's transaction; there the
writes go into it and are seen when it ends.
"""

from __future__ import annotations

import datetime
import logging
import time
from collections.abc import Callable
from dataclasses import dataclass, field

from django.db import DEFAULT_DB_ALIAS, DatabaseError, connection, connections, transaction
from django.db.backends.base.base import BaseDatabaseWrapper
from django.db.models import Q
from django.db.models.sql import UpdateQuery
from django.db.models.sql.constants import ROW_COUNT
from django.utils import timezone
from django.utils.translation import gettext_noop

from ctis.core.models import Job

logger = logging.getLogger("ctis.jobs")

FAILED_MESSAGE = gettext_noop(
    "The file could not be made. Try again; if it fails again, tell the system administrator."
)

NOT_FOUND_MESSAGE = gettext_noop("What the file was to be made from is no longer there.")

ABANDONED_MESSAGE = gettext_noop(
    "The worker stopped while it was making the file. Ask for the file again."
)

# A running job whose worker has said nothing for this long was left by a worker that
# stopped (killed, or its machine restarted): no step of a job is silent for so long.
SILENCE = datetime.timedelta(minutes=15)


@dataclass
class Output:
    """What a job made: the file and its name; figures a list of jobs may show
    (``summary``); whether the job's upload is still needed (``keep_upload``)."""

    content: bytes
    file_name: str
    content_type: str
    summary: dict = field(default_factory=dict)
    keep_upload: bool = False


class JobFailed(Exception):
    """A failure whose message (an English source string marked with gettext_noop) may be
    shown to the user as it is."""


class Progress:
    """Reports a job's stage and count, writing at most every ``interval`` seconds (and
    always when the stage changes), so that a fast loop does not write on every step."""

    def __init__(self, job_id, *, interval: float = 0.5) -> None:
        self.job_id = job_id
        self.interval = interval
        self.stage = ""
        self._written = 0.0
        # The transactions open when the job began (a test's): a write inside one the body
        # opened since goes beside it.
        self._depth = len(connection.atomic_blocks)
        self._beside: BaseDatabaseWrapper | None = None  # a connection of its own, when needed

    def __call__(self, stage: str, done: int = 0, total: int = 0) -> None:
        now = time.monotonic()
        if stage == self.stage and now - self._written < self.interval:
            return
        self.stage = stage
        self._written = now
        values = {
            "stage": stage,
            "done": min(done, total) if total else done,
            "total": total,
            "touched_at": timezone.now(),
        }
        inside = len(connection.atomic_blocks) > self._depth
        if inside and connection.vendor == "postgresql":
            self._write_beside(values)
        else:
            Job.objects.filter(pk=self.job_id, state=Job.State.RUNNING).update(**values)

    def _write_beside(self, values: dict) -> None:
        """The write in a transaction of its own, so that the page sees it before the
        body's transaction ends. A progress write never stops the job: when it cannot be
        made (a lock waited for too long), the page shows the one before."""
        try:
            beside = self._beside
            if beside is None:
                beside = self._beside = connections.create_connection(DEFAULT_DB_ALIAS)
                with beside.cursor() as cursor:
                    cursor.execute("SET lock_timeout = '2s'")
            query = UpdateQuery(Job)
            query.add_update_values(values)
            query.add_q(Q(pk=self.job_id, state=Job.State.RUNNING))
            query.get_compiler(connection=beside).execute_sql(ROW_COUNT)
        except DatabaseError as error:
            logger.warning("Progress of job %s not written: %s", self.job_id, type(error).__name__)

    def close(self) -> None:
        if self._beside is not None:
            self._beside.close()
            self._beside = None


def job_started(job_id) -> bool:
    """Queued → running; False when the job is gone or was already taken."""
    return bool(
        Job.objects.filter(pk=job_id, state=Job.State.QUEUED).update(
            state=Job.State.RUNNING, started_at=timezone.now(), touched_at=timezone.now()
        )
    )


def job_done(job_id, output: Output) -> None:
    kept = {} if output.keep_upload else {"upload": None}
    Job.objects.filter(pk=job_id).update(
        state=Job.State.DONE,
        finished_at=timezone.now(),
        stage="",
        content=output.content,
        size=len(output.content),
        file_name=output.file_name,
        content_type=output.content_type,
        summary=output.summary,
        error="",
        **kept,
    )


def job_failed(job_id, message: str = FAILED_MESSAGE) -> None:
    """The job ends with ``message``; the file it was sent is no longer needed."""
    Job.objects.filter(pk=job_id).update(
        state=Job.State.FAILED, finished_at=timezone.now(), error=message[:300], upload=None
    )


def run_job(job_id, body: Callable[[Job, Progress], Output]) -> dict:
    """Run ``body(job, progress)`` for a queued job; what a task returns (JSON)."""
    if not job_started(job_id):
        logger.warning("Job %s is not waiting to run; skipped.", job_id)
        return {"job": str(job_id), "skipped": True}
    job = Job.objects.defer("content", "upload").get(pk=job_id)
    progress = Progress(job_id)
    try:
        output = body(job, progress)
    except JobFailed as error:
        job_failed(job_id, str(error))
        raise
    except BaseException as error:
        # The class only: an exception's text may quote what the job read.
        logger.error("Job %s (%s) failed: %s", job_id, job.kind, type(error).__name__)
        job_failed(job_id)
        raise
    finally:
        progress.close()
    job_done(job_id, output)
    return {"job": str(job_id), "size": len(output.content)}


def jobs_fail_abandoned(*, silent_for: datetime.timedelta = SILENCE) -> int:
    """Mark as failed the running jobs whose worker has been silent for ``silent_for``, so
    that their page says to ask again instead of showing "running" for ever."""
    cutoff = timezone.now() - silent_for
    return Job.objects.filter(state=Job.State.RUNNING, touched_at__lt=cutoff).update(
        state=Job.State.FAILED, finished_at=timezone.now(), error=ABANDONED_MESSAGE, upload=None
    )


def fail_abandoned_jobs() -> None:
    """The periodic check (registered by core) for jobs left by a stopped worker."""
    count = jobs_fail_abandoned()
    if count:
        logger.warning("Marked %s background jobs failed: their worker stopped.", count)


def jobs_delete_finished(*, older_than: datetime.timedelta) -> int:
    """Delete jobs (their files and the uploads still kept with them) finished more than
    ``older_than`` ago, and jobs left queued or running that long (a worker stopped
    under them)."""
    cutoff = timezone.now() - older_than
    with transaction.atomic():
        finished = Job.objects.filter(finished_at__lt=cutoff)
        stale = Job.objects.filter(finished_at__isnull=True, created_at__lt=cutoff)
        count, _ = (finished | stale).delete()
    return count


def delete_old_jobs() -> None:
    """The periodic clean-up (registered by core): files are kept for a day, the queue's
    own results (with their tracebacks) for two weeks."""
    from django.core.management import call_command

    count = jobs_delete_finished(older_than=datetime.timedelta(days=1))
    if count:
        logger.info("Deleted %s old background jobs.", count)
    call_command("prune_db_task_results", min_age_days=14, verbosity=0)
