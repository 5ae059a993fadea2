"""The consolidated report made by the worker: asked for, followed, downloaded (issue 11).

The request enqueues to the database queue (the project's configured backend) and the
tests run the real worker loop (``ctis worker --batch``) to make the file.
"""

import datetime
import io

import pytest
from django.core.management import call_command
from django.utils import timezone
from django_tasks_db.models import DBTaskResult
from pypdf import PdfReader

from ctis.audit.models import AuditEntry
from ctis.core import jobs
from ctis.core.models import Job
from ctis.plan import documents
from ctis.plan.models import Measure
from ctis.plan.services import reporting

NARRATIVE = "Maarifləndirici vərəqələr əcnəbilər arasında paylanmışdır."


@pytest.fixture
def accepted(period, reporter, head, coordinator):
    report = reporting.report_create(
        actor=reporter,
        period=period,
        measure=Measure.objects.get(plan=period.plan, number="4.2.1"),
        agency=reporter.agency,
        status="implemented",
        narrative=NARRATIVE,
    )
    reporting.report_submit(actor=head, report=report)
    return reporting.report_accept(actor=coordinator, report=report)


def ask(client, period, fmt="pdf", lang="en"):
    return client.post(f"/plan/periods/{period.pk}/consolidated.{fmt}", {"lang": lang})


def run_worker():
    call_command("worker", "--batch", "--no-periodic", verbosity=0)


def job_url(job, tail=""):
    return f"/plan/documents/{job.pk}/{tail}"


def test_asking_enqueues_a_task_and_audits_the_request(client, login, period, coordinator):
    login(coordinator)

    response = ask(client, period)

    job = Job.objects.get()
    assert response["Location"] == job_url(job)
    assert job.state == Job.State.QUEUED and job.requested_by == coordinator
    task = DBTaskResult.objects.get()
    assert task.task_path == "ctis.plan.tasks.make_document"
    assert task.args_kwargs == {"args": [str(job.pk)], "kwargs": {}}
    assert str(task.id) == job.task_id
    entry = AuditEntry.objects.get(action="plan.document.request")
    assert entry.actor == coordinator and entry.object_id == str(job.pk)


def test_asking_again_while_it_waits_follows_the_same_job(client, login, period, coordinator):
    login(coordinator)
    first = ask(client, period)["Location"]
    assert ask(client, period)["Location"] == first
    assert ask(client, period, fmt="docx")["Location"] != first
    assert Job.objects.count() == 2 and DBTaskResult.objects.count() == 2


def test_the_page_shows_progress_then_the_download(client, login, period, coordinator, accepted):
    login(coordinator)
    job = Job.objects.get(pk=ask(client, period)["Location"].split("/")[-2])

    waiting = client.get(job_url(job))
    assert waiting.status_code == 200
    assert b"Waiting for the worker to start." in waiting.content
    assert b'hx-trigger="every 2s"' in waiting.content
    assert b"download" not in waiting.content.lower()
    polled = client.get(job_url(job), headers={"HX-Request": "true"})
    assert b'id="document-job"' in polled.content and b"<html" not in polled.content

    run_worker()

    job.refresh_from_db()
    assert job.state == Job.State.DONE
    assert DBTaskResult.objects.get().status == "SUCCESSFUL"
    done = client.get(job_url(job), headers={"HX-Request": "true"})
    assert b"The document is ready." in done.content
    assert b"hx-trigger" not in done.content  # the polling stops
    assert job_url(job, "download/").encode() in done.content

    response = client.get(job_url(job, "download/"))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == 'attachment; filename="ctis-2021-consolidated-en.pdf"'
    assert response["Cache-Control"] == "private, no-store"
    text = " ".join(p.extract_text() for p in PdfReader(io.BytesIO(response.content)).pages)
    assert "Consolidated report on the implementation of the plan in 2021" in " ".join(text.split())
    entry = AuditEntry.objects.get(action="plan.document.download")
    assert entry.actor == coordinator and entry.object_id == str(job.pk)


@pytest.mark.parametrize(
    ("stage", "done", "total", "fmt", "shown"),
    [
        ("gather", 0, 0, "PDF", "Reading the reports."),
        ("layout", 57, 0, "PDF", "Laying out the pages: page 57."),
        ("write", 142, 142, "PDF", "Writing the PDF: 142 pages."),
        ("write", 120, 273, "DOCX", "Writing report 120 of 273."),
    ],
)
def test_the_page_words_each_stage(
    client, login, period, coordinator, stage, done, total, fmt, shown
):
    login(coordinator)
    ask(client, period, fmt=fmt.lower())
    job = Job.objects.get()
    Job.objects.filter(pk=job.pk).update(state="running", stage=stage, done=done, total=total)

    response = client.get(job_url(job), headers={"HX-Request": "true"})

    assert shown in response.content.decode()
    assert b'hx-trigger="every 2s"' in response.content


def test_the_worker_reports_the_pages_as_it_lays_them_out(period, coordinator, accepted):
    seen = []
    documents.consolidated_report_file(
        period=period, fmt="pdf", progress=lambda *step: seen.append(step)
    )
    stages = [stage for stage, _, _ in seen]
    assert stages[0] == "gather" and "layout" in stages and stages[-1] == "write"
    pages = seen[-1][2]
    assert pages >= 3 and ("layout", pages, 0) in seen


def test_the_docx_counts_the_reports_it_writes(period, coordinator, accepted):
    seen = []
    documents.consolidated_report_file(
        period=period, fmt="docx", progress=lambda *step: seen.append(step)
    )
    written = [step for step in seen if step[0] == "write"]
    assert written[-1][1] == written[-1][2] == len(written) > 1


def test_another_user_may_not_follow_or_fetch_the_job(
    client, login, period, coordinator, analyst, reporter, make_user
):
    login(coordinator)
    ask(client, period)
    job = Job.objects.get()
    run_worker()
    client.logout()
    other_coordinator = make_user("coordinator-2", "national-coordinator", "coordinator")

    # An analyst and another coordinator may read the consolidated report, but ask for
    # their own; a reporter may not read it at all.
    for user in [analyst, other_coordinator, reporter]:
        login(user)
        assert client.get(job_url(job)).status_code == 403
        assert client.get(job_url(job, "download/")).status_code == 403
        client.logout()
    assert not AuditEntry.objects.filter(action="plan.document.download").exists()


def test_the_requester_who_lost_the_permission_is_refused(client, login, period, coordinator):
    login(coordinator)
    ask(client, period)
    job = Job.objects.get()
    run_worker()
    coordinator.roles.all().delete()  # the permissions are read again on each request
    assert client.get(job_url(job, "download/")).status_code == 403


def test_an_unknown_job_is_refused_as_one_not_shown(client, login, coordinator):
    login(coordinator)
    response = client.get("/plan/documents/00000000-0000-0000-0000-000000000000/")
    assert response.status_code == 403


def test_download_before_it_is_ready_is_not_found(client, login, period, coordinator):
    login(coordinator)
    ask(client, period)
    assert client.get(job_url(Job.objects.get(), "download/")).status_code == 404


def test_a_failure_is_shown_with_a_clear_message(client, login, period, coordinator, monkeypatch):
    login(coordinator)
    ask(client, period)
    job = Job.objects.get()

    def broken(**kwargs):
        raise RuntimeError("layout exploded")

    monkeypatch.setattr(documents, "consolidated_report_file", broken)
    run_worker()

    job.refresh_from_db()
    assert job.state == Job.State.FAILED
    assert DBTaskResult.objects.get().status == "FAILED"
    page = client.get(job_url(job)).content.decode()
    assert "The file could not be made. Try again" in page
    assert "layout exploded" not in page and "hx-trigger" not in page
    assert client.get(job_url(job, "download/")).status_code == 404


def test_a_period_gone_before_the_worker_came_is_said_so(client, login, period, coordinator):
    login(coordinator)
    ask(client, period)
    job = Job.objects.get()
    Job.objects.filter(pk=job.pk).update(params={**job.params, "period": period.pk + 100})

    run_worker()

    job.refresh_from_db()
    assert job.state == Job.State.FAILED
    assert "What the file was to be made from is no longer there." in (
        client.get(job_url(job)).content.decode()
    )


def test_with_the_immediate_backend_the_file_is_made_at_once(
    client, login, period, coordinator, accepted, settings
):
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
    login(coordinator)

    ask(client, period, fmt="docx")

    job = Job.objects.get()
    assert job.state == Job.State.DONE and job.file_name == "ctis-2021-consolidated-en.docx"
    assert bytes(Job.objects.values_list("content", flat=True).get())[:2] == b"PK"


def test_a_job_taken_already_is_not_run_twice(period, coordinator):
    job = Job.objects.create(kind="plan.consolidated_document", params={}, requested_by=coordinator)
    assert jobs.job_started(job.pk)
    assert jobs.run_job(job.pk, lambda job, progress: pytest.fail("ran twice"))["skipped"]


def test_the_period_page_asks_with_a_post(client, login, period, coordinator, accepted):
    login(coordinator)
    page = client.get(f"/plan/periods/{period.pk}/").content.decode()
    assert f'action="/plan/periods/{period.pk}/consolidated.pdf"' in page
    assert f'formaction="/plan/periods/{period.pk}/consolidated.docx"' in page
    assert f'href="/plan/periods/{period.pk}/consolidated.' not in page


def test_another_users_job_reads_as_a_missing_one(client, login, period, coordinator, analyst):
    from tests.test_existence_oracles import _alike

    login(coordinator)
    ask(client, period)
    job = Job.objects.get()
    client.logout()
    login(analyst)
    _alike(client, job_url(job), "/plan/documents/00000000-0000-0000-0000-000000000000/")


def test_the_period_page_lists_the_users_own_documents(
    client, login, period, coordinator, analyst, accepted
):
    login(coordinator)
    ask(client, period)
    mine = Job.objects.get()
    client.logout()
    login(analyst)
    ask(client, period, fmt="docx")
    theirs = Job.objects.exclude(pk=mine.pk).get()

    page = client.get(f"/plan/periods/{period.pk}/").content.decode()

    assert job_url(theirs) in page and "Waiting for the worker" in page
    assert job_url(mine) not in page


def test_a_job_left_by_a_stopped_worker_is_marked_failed_and_the_page_says_ask_again(
    client, login, period, coordinator
):
    login(coordinator)
    ask(client, period)
    job = Job.objects.get()
    # The worker took it up, then was killed: nothing moves any more.
    assert jobs.job_started(job.pk)
    silent = jobs.SILENCE + datetime.timedelta(minutes=1)
    Job.objects.filter(pk=job.pk).update(touched_at=timezone.now() - silent)
    working = Job.objects.create(kind=job.kind, params=job.params, requested_by=coordinator)
    assert jobs.job_started(working.pk)  # just taken up by a live worker

    jobs.fail_abandoned_jobs()

    job.refresh_from_db()
    working.refresh_from_db()
    assert job.state == Job.State.FAILED and working.state == Job.State.RUNNING
    page = client.get(job_url(job)).content.decode()
    assert "The worker stopped while it was making the file. Ask for the file again." in page
    assert "hx-trigger" not in page


def test_progress_keeps_a_job_from_being_taken_for_abandoned(period, coordinator):
    job = Job.objects.create(kind="test", params={}, requested_by=coordinator)
    assert jobs.job_started(job.pk)
    Job.objects.filter(pk=job.pk).update(touched_at=timezone.now() - 2 * jobs.SILENCE)
    jobs.Progress(job.pk)("layout", 1, 10)
    assert jobs.jobs_fail_abandoned() == 0
    job.refresh_from_db()
    assert job.state == Job.State.RUNNING and job.done == 1
