"""Periodic jobs: work the worker does every so often (clean-ups, reminders).

An app registers its jobs from its ``plugins.py`` (or ``AppConfig.ready()``)::

    from ctis.core import periodic
    periodic.register("nrm.reminders", "ctis.nrm.reminders.send_due", every=timedelta(hours=1))

``ctis worker`` calls ``run_due`` between tasks. Each job has a row (``PeriodicRun``) with
the time it is next due; a worker runs a job only after it moved that time one interval
forward with a conditional UPDATE (``due_at <= now``). Two workers, or a worker and its
restart, cannot both win it: a job runs at most once in its interval, whichever worker
runs it. A job that fails is logged and waits for its next interval.
"""

from __future__ import annotations

import datetime
import logging
from dataclasses import dataclass

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.module_loading import import_string

from ctis.core.models import PeriodicRun

logger = logging.getLogger("ctis.periodic")


@dataclass(frozen=True)
class PeriodicJob:
    name: str
    callable_path: str
    every: datetime.timedelta


_jobs: dict[str, PeriodicJob] = {}


def register(name: str, callable_path: str, *, every: datetime.timedelta) -> None:
    """Add or replace a periodic job (``ready()`` may run more than once)."""
    if every <= datetime.timedelta(0):
        raise ValueError("A periodic job's interval must be positive.")
    _jobs[name] = PeriodicJob(name, callable_path, every)


def unregister(name: str) -> None:
    _jobs.pop(name, None)


def registered() -> list[PeriodicJob]:
    return sorted(_jobs.values(), key=lambda job: job.name)


def claim(job: PeriodicJob, *, now: datetime.datetime | None = None, worker: str = "") -> bool:
    """True when this caller won the job's current interval (and must run it now)."""
    now = now or timezone.now()
    if not PeriodicRun.objects.filter(pk=job.name).exists():
        try:
            with transaction.atomic():
                PeriodicRun.objects.create(name=job.name, due_at=now)
        except IntegrityError:
            pass  # another worker made it first; the UPDATE below decides
    won = PeriodicRun.objects.filter(pk=job.name, due_at__lte=now).update(
        due_at=now + job.every, last_started_at=now, last_worker=worker[:64]
    )
    return won == 1


def run(job: PeriodicJob) -> bool:
    """Run a claimed job; False when it failed (logged with its class, not its text)."""
    try:
        import_string(job.callable_path)()
    except Exception as error:
        logger.error("Periodic job %s failed: %s", job.name, type(error).__name__)
        failed = True
    else:
        failed = False
    PeriodicRun.objects.filter(pk=job.name).update(
        last_finished_at=timezone.now(), last_failed=failed
    )
    return not failed


def run_due(*, now: datetime.datetime | None = None, worker: str = "") -> list[str]:
    """Run every registered job that is due and that this caller wins; their names."""
    ran = []
    for job in registered():
        if claim(job, now=now, worker=worker):
            run(job)
            ran.append(job.name)
    return ran
