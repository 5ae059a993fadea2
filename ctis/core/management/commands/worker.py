"""``ctis worker``: runs the background queue and the periodic jobs.

The queue is Django's Tasks framework with the database backend (``django_tasks_db``):
tasks are rows in the database, so SQLite and PostgreSQL both serve and no broker is
needed. This is its ``db_worker`` loop (the same claim of a task under a row lock, the
same bookkeeping of results), with the periodic jobs of ``ctis.core.periodic`` run
between tasks. SIGINT or SIGTERM stops it after the task it is running; a second one
stops it at once.
"""

from __future__ import annotations

import signal
import time

from django.core.management.base import BaseCommand
from django.db import connections
from django.db.utils import OperationalError
from django.utils.crypto import get_random_string
from django_tasks_db.management.commands.db_worker import (
    Worker,
    valid_backend_name,
    valid_interval,
    valid_max_tasks,
)
from django_tasks_db.models import DBTaskResult
from django_tasks_db.utils import exclusive_transaction, is_locked_database_exception

from ctis.core import periodic


def close_old_connections() -> None:
    """Django's ``close_old_connections``, for the connections outside an atomic block:
    a worker's loop holds none open, but a test that runs the loop inside its own
    transaction must keep it."""
    for connection in connections.all(initialized_only=True):
        if not connection.in_atomic_block:
            connection.close_if_unusable_or_obsolete()


class QueueWorker(Worker):
    def __init__(self, *, periodic_jobs: bool, stdout, **kwargs) -> None:
        super().__init__(**kwargs)
        self.periodic_jobs = periodic_jobs
        self.out = stdout

    def next_task(self) -> tuple[DBTaskResult | None, bool]:
        """Claim the next ready task (None when there is none); False when the database
        was locked and the queue could not be read."""
        tasks = DBTaskResult.objects.ready().filter(backend_name=self.backend_name)
        if not self.process_all_queues:
            tasks = tasks.filter(queue_name__in=self.queue_names)
        with exclusive_transaction(tasks.db):
            try:
                task_result = tasks.get_locked()
                if task_result is not None:
                    task_result.claim(self.worker_id)
            except OperationalError as error:
                if is_locked_database_exception(error):
                    return None, False
                raise
        return task_result, True

    def run_periodic(self) -> None:
        if not self.periodic_jobs:
            return
        self.running_task = True
        try:
            for name in periodic.run_due(worker=self.worker_id):
                self.out.write(f"periodic job {name} ran")
        finally:
            self.running_task = False

    def run(self) -> None:
        while self.running:
            close_old_connections()
            self.run_periodic()
            if not self.running:
                return
            task_result, read = self.next_task()
            if task_result is not None:
                self.run_task(task_result)
            elif self.batch and read:
                return
            if self.max_tasks is not None and self._run_tasks >= self.max_tasks:
                return
            close_old_connections()
            if self.running and task_result is None:
                time.sleep(self.interval)


class Command(BaseCommand):
    help = "Run the background queue (documents, imports, exports) and the periodic jobs."

    def add_arguments(self, parser) -> None:
        parser.add_argument(
            "--queue-name",
            default="default",
            help="The queues to run, separated by commas; '*' runs all (default: default).",
        )
        parser.add_argument(
            "--interval",
            type=valid_interval,
            default=1.0,
            help="Seconds to wait when the queue is empty before looking again (default: 1).",
        )
        parser.add_argument(
            "--batch",
            action="store_true",
            help="Run what is waiting (and the periodic jobs that are due), then exit.",
        )
        parser.add_argument(
            "--max-tasks",
            type=valid_max_tasks,
            default=None,
            help="Exit after running this many tasks.",
        )
        parser.add_argument(
            "--no-periodic",
            action="store_false",
            dest="periodic_jobs",
            help="Do not run the periodic jobs in this worker.",
        )
        parser.add_argument(
            "--backend",
            type=valid_backend_name,
            default="default",
            dest="backend_name",
            help="The task backend to run (a database backend; default: default).",
        )
        parser.add_argument(
            "--worker-id",
            default="",
            help="This worker's id, unique among the workers (default: a random one).",
        )

    def handle(self, *args, **options) -> None:
        worker_id = options["worker_id"] or get_random_string(32)
        queue_names = options["queue_name"].split(",")
        worker = QueueWorker(
            queue_names=queue_names,
            interval=options["interval"],
            batch=options["batch"],
            backend_name=options["backend_name"],
            startup_delay=False,
            max_tasks=options["max_tasks"],
            worker_id=worker_id,
            excluded_queue_names=[],
            periodic_jobs=options["periodic_jobs"],
            stdout=self.stdout,
        )
        jobs = [job.name for job in periodic.registered()] if options["periodic_jobs"] else []
        if options["verbosity"]:
            self.stdout.write(
                f"ctis worker {worker_id[:8]}: queues {','.join(queue_names)}; "
                f"periodic jobs: {', '.join(jobs) or 'none'}"
                + ("" if options["batch"] else "; Ctrl+C or SIGTERM stops it")
            )
        stops = [
            signal.SIGINT,
            signal.SIGTERM,
            *([signal.SIGQUIT] if hasattr(signal, "SIGQUIT") else []),
        ]
        previous = {number: signal.getsignal(number) for number in stops}
        worker.configure_signals()
        try:
            worker.run()
        finally:
            for number, handler in previous.items():
                signal.signal(number, handler)
            if options["verbosity"]:
                self.stdout.write(f"ctis worker {worker_id[:8]}: stopped")
