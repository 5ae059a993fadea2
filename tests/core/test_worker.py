"""`ctis worker`: the database queue's loop, its periodic jobs, its clean stop (issue 11)."""

import datetime
import io
import os
import signal
import threading
import time

import pytest
from django.conf import settings
from django.core.management import call_command
from django.utils import timezone
from django_tasks import task
from django_tasks_db.models import DBTaskResult

from ctis.core import crypto, jobs, periodic
from ctis.core.models import Job, PeriodicRun

RUNS: list[str] = []


def count_a_run() -> None:
    RUNS.append("ran")


def fail_a_run() -> None:
    raise RuntimeError("a periodic job that fails")


@task()
def add(a: int, b: int) -> int:
    return a + b


@task()
def stop_while_running() -> str:
    os.kill(os.getpid(), signal.SIGTERM)
    time.sleep(0.2)
    return "finished"


@pytest.fixture
def test_job():
    RUNS.clear()
    periodic.register("tests.count", "tests.core.test_worker.count_a_run", every=HOUR)
    yield periodic.PeriodicJob("tests.count", "tests.core.test_worker.count_a_run", HOUR)
    periodic.unregister("tests.count")


HOUR = datetime.timedelta(hours=1)


def worker(*args: str) -> str:
    out = io.StringIO()
    call_command("worker", *args, stdout=out)
    return out.getvalue()


# --- the queue --------------------------------------------------------------------------


def test_the_worker_runs_one_job_and_stops_at_its_limit(db):
    first, second = add.enqueue(1, 2), add.enqueue(3, 4)

    output = worker("--max-tasks", "1", "--no-periodic", "--interval", "0")

    assert output.startswith("ctis worker ")
    assert "queues default" in output and output.rstrip().endswith("stopped")
    statuses = {str(pk): status for pk, status in DBTaskResult.objects.values_list("id", "status")}
    assert statuses[first.id] == "SUCCESSFUL" and statuses[second.id] == "READY"
    assert add.get_result(first.id).return_value == 3


def test_a_batch_runs_what_waits_then_exits(db):
    results = [add.enqueue(n, n) for n in range(3)]
    worker("--batch", "--no-periodic")
    assert [add.get_result(r.id).return_value for r in results] == [0, 2, 4]


def test_sigterm_while_idle_stops_the_worker_and_gives_back_the_handlers(db):
    before = signal.getsignal(signal.SIGTERM)

    def stop_when_listening():
        deadline = time.monotonic() + 10
        while signal.getsignal(signal.SIGTERM) is before and time.monotonic() < deadline:
            time.sleep(0.01)
        if signal.getsignal(signal.SIGTERM) is not before:
            os.kill(os.getpid(), signal.SIGTERM)

    threading.Thread(target=stop_when_listening, daemon=True).start()
    out = io.StringIO()
    with pytest.raises(SystemExit) as stopped:
        call_command("worker", "--interval", "0.05", "--no-periodic", stdout=out)

    assert stopped.value.code == 0
    assert "stopped" in out.getvalue()
    assert signal.getsignal(signal.SIGTERM) is before


def test_sigterm_during_a_task_lets_the_task_finish(db):
    running = stop_while_running.enqueue()
    waiting = add.enqueue(1, 1)

    worker("--interval", "0", "--no-periodic")

    assert stop_while_running.get_result(running.id).return_value == "finished"
    assert DBTaskResult.objects.get(id=waiting.id).status == "READY"


# --- periodic jobs ----------------------------------------------------------------------


def test_a_periodic_job_is_claimed_once_in_its_interval(db, test_job):
    now = timezone.now()
    assert periodic.claim(test_job, now=now, worker="a")
    assert not periodic.claim(test_job, now=now, worker="b")
    assert not periodic.claim(test_job, now=now + HOUR - datetime.timedelta(seconds=1))
    assert periodic.claim(test_job, now=now + HOUR, worker="b")
    row = PeriodicRun.objects.get(pk="tests.count")
    assert row.due_at == now + 2 * HOUR and row.last_worker == "b"


def test_two_workers_and_a_restart_run_a_job_once(db, test_job):
    worker("--batch")
    worker("--batch")  # a second worker, or the first one restarted, within the hour
    assert RUNS == ["ran"]
    row = PeriodicRun.objects.get(pk="tests.count")
    assert row.last_finished_at is not None and not row.last_failed

    PeriodicRun.objects.filter(pk="tests.count").update(due_at=timezone.now())
    assert "periodic job tests.count ran" in worker("--batch")
    assert RUNS == ["ran", "ran"]


def test_no_periodic_leaves_the_jobs_to_other_workers(db, test_job):
    worker("--batch", "--no-periodic")
    assert RUNS == [] and not PeriodicRun.objects.filter(pk="tests.count").exists()


def test_a_failing_job_is_recorded_and_waits_for_its_interval(db, caplog):
    periodic.register("tests.fail", "tests.core.test_worker.fail_a_run", every=HOUR)
    try:
        assert "tests.fail" in periodic.run_due(worker="a")
        assert "tests.fail" not in periodic.run_due(worker="a")
    finally:
        periodic.unregister("tests.fail")
    assert PeriodicRun.objects.get(pk="tests.fail").last_failed
    assert "Periodic job tests.fail failed: RuntimeError" in caplog.text
    assert "a periodic job that fails" not in caplog.text


def test_an_interval_must_be_positive():
    with pytest.raises(ValueError):
        periodic.register("tests.never", "tests.core.test_worker.count_a_run", every=HOUR * 0)


def test_core_cleans_up_old_jobs_every_hour():
    found = {job.name: job for job in periodic.registered()}
    assert found["core.delete_old_jobs"].every == HOUR


@pytest.mark.skipif(
    settings.DATABASES["default"]["ENGINE"] != "django.db.backends.postgresql",
    reason="two claims in two connections at once; the suite's SQLite has one connection",
)
@pytest.mark.django_db(transaction=True)
def test_two_workers_claiming_at_once_win_one_run(test_job):
    from tests.core.parallel import at_once

    now = timezone.now()
    PeriodicRun.objects.create(name="tests.count", due_at=now)
    results = at_once(
        [lambda n=n: periodic.claim(test_job, now=now, worker=str(n)) for n in range(8)]
    )
    assert sorted(results, key=str) == [False] * 7 + [True]


# --- the jobs' files --------------------------------------------------------------------


def test_old_jobs_and_their_files_are_deleted(db, coordinator):
    old, fresh, stuck = (
        Job.objects.create(kind="tests", requested_by=coordinator) for _ in range(3)
    )
    two_days_ago = timezone.now() - datetime.timedelta(days=2)
    for job in (old, fresh):
        jobs.job_started(job.pk)
        jobs.job_done(job.pk, jobs.Output(b"%PDF", "a.pdf", "application/pdf"))
    Job.objects.filter(pk=old.pk).update(finished_at=two_days_ago)
    Job.objects.filter(pk=stuck.pk).update(created_at=two_days_ago)  # its worker was stopped
    old_result, new_result = add.enqueue(1, 1), add.enqueue(2, 2)
    worker("--batch", "--no-periodic")
    DBTaskResult.objects.filter(id=old_result.id).update(
        finished_at=timezone.now() - datetime.timedelta(days=15)
    )

    jobs.delete_old_jobs()

    assert list(Job.objects.values_list("pk", flat=True)) == [fresh.pk]
    assert [str(pk) for pk in DBTaskResult.objects.values_list("id", flat=True)] == [
        str(new_result.id)
    ]


def test_progress_writes_at_most_every_interval_within_a_stage(db, coordinator):
    job = Job.objects.create(kind="tests", requested_by=coordinator)
    jobs.job_started(job.pk)
    progress = jobs.Progress(job.pk, interval=60)
    progress("write", 1, 10)
    progress("write", 2, 10)  # within the interval: not written
    assert Job.objects.values_list("done", flat=True).get(pk=job.pk) == 1
    progress("layout", 3, 0)  # a new stage is always written
    assert Job.objects.values_list("stage", "done").get(pk=job.pk) == ("layout", 3)


def test_a_jobs_upload_goes_when_it_ends_unless_the_task_keeps_it(db, coordinator):
    sealed = crypto.seal_bytes(b"given_name\nLeyla\n")
    done, kept, failed = (
        Job.objects.create(kind="tests", requested_by=coordinator, upload=sealed) for _ in range(3)
    )
    for job in (done, kept, failed):
        jobs.job_started(job.pk)
    output = jobs.Output(b"{}", "", "application/json", summary={"rows": 1})
    jobs.job_done(done.pk, output)
    jobs.job_done(kept.pk, jobs.Output(b"{}", "", "application/json", keep_upload=True))
    jobs.job_failed(failed.pk)

    uploads = dict(Job.objects.values_list("pk", "upload"))
    assert uploads[done.pk] is None and uploads[failed.pk] is None
    assert crypto.open_bytes(uploads[kept.pk]) == b"given_name\nLeyla\n"
    assert Job.objects.get(pk=done.pk).summary == {"rows": 1}
