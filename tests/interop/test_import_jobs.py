"""Imports on the background worker (issue 14): the file is sent, kept sealed with its job,
checked or imported by ``ctis worker`` with its progress on the job's page, its result
sealed and shown only to the user who sent it; the same file is imported after its check
without being chosen again, or discarded; the sealed file is deleted as soon as it is no
longer needed.

The request enqueues to the database queue (the project's configured backend) and the
tests run the real worker loop (``ctis worker --batch``), as tests/plan's document jobs do.
"""

from __future__ import annotations

import datetime
import json

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.db import connection
from django.test import Client
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from ctis.audit.models import AuditEntry
from ctis.cases.models import Person
from ctis.core import crypto, jobs
from ctis.core.models import Job
from ctis.interop import imports, selectors, services, tasks
from tests.personas import log_in

HEADER = "adı;soyadı;doğum tarixi;cinsi;vətəndaşlığı\n"
GOOD = HEADER + (
    "Leyla;Məmmədova;12.04.1998;Qadın;AZ\n"
    "Aysel;Quliyeva;30.01.1999;Qadın;AZ\n"
    "Nigar;Həsənova;05.06.2001;Qadın;AZ\n"
)
# Two refused rows, and a third that repeats the first in another spelling.
WRONG = HEADER + (
    "Sevinc;Əliyeva;31.02.1998;Qadın;AZ\n"
    "Günel;Rzayeva;30.01.1999;Qadın;Atlantida\n"
    "Aysel;Guliyeva;30.01.1999;Qadın;AZ\n"
)
NAMES = ["Leyla", "Məmmədova", "Quliyeva", "Həsənova", "Sevinc", "Əliyeva", "Rzayeva", "Guliyeva"]


def run_worker():
    call_command("worker", "--batch", "--no-periodic", verbosity=0)


def ask(actor, content: str | bytes = GOOD, *, commit=False, **kwargs) -> Job:
    data = content.encode() if isinstance(content, str) else content
    return services.import_request(
        actor=actor, kind_code="persons", content=data, commit=commit, **kwargs
    )


def fresh(job: Job) -> Job:
    return Job.objects.get(pk=job.pk)


def kept(job: Job) -> bool:
    return selectors.import_file_kept(job)


def raw_rows() -> list[bytes]:
    """Every stored byte of the jobs and of the queue's rows, as the database holds them."""
    found = []
    with connection.cursor() as cursor:
        for table in (Job._meta.db_table, DBTaskResult._meta.db_table):
            cursor.execute(f"SELECT * FROM {table}")  # noqa: S608  (our own table names)
            for row in cursor.fetchall():
                for value in row:
                    if value is None:
                        continue
                    if isinstance(value, bytes | memoryview):
                        found.append(bytes(value))
                    else:
                        found.append(str(value).encode())
    return found


def assert_no_name_stored():
    stored = raw_rows()
    assert stored
    for name in NAMES:
        assert not any(name.encode() in value for value in stored), name
    entries = [json.dumps(e.changes) + e.object_repr for e in AuditEntry.objects.all()]
    assert not any(name in entry for entry in entries for name in NAMES)


def upload(content: str, name="şəxslər.csv") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content.encode(), content_type="text/csv")


# The request ---------------------------------------------------------------------------


def test_the_request_keeps_the_file_sealed_enqueues_and_audits(investigator):
    job = ask(investigator, keep_valid=True, language="az")

    assert job.state == Job.State.QUEUED and job.requested_by == investigator
    assert job.params == {
        "kind": "persons",
        "commit": False,
        "keep_valid": True,
        "enter_anyway": [],
        "language": "az",
        "size": len(GOOD.encode()),
    }
    assert crypto.open_bytes(Job.objects.values_list("upload", flat=True).get()) == GOOD.encode()
    task = DBTaskResult.objects.get()
    assert task.task_path == "ctis.interop.tasks.run_import"
    assert task.args_kwargs == {"args": [str(job.pk)], "kwargs": {}}
    entry = AuditEntry.objects.get(action="interop.import.request")
    assert entry.actor == investigator and entry.object_id == str(job.pk)
    assert entry.changes["size"]["after"] == len(GOOD.encode())
    assert_no_name_stored()


def test_the_request_is_refused_without_the_right_to_enter_persons(coordinator, analyst):
    for user in (coordinator, analyst):
        with pytest.raises(PermissionDenied):
            ask(user)
    assert not Job.objects.exists() and not DBTaskResult.objects.exists()
    assert not AuditEntry.objects.filter(action="interop.import.request").exists()


def test_a_file_too_large_empty_or_no_table_is_refused_at_once(investigator, settings):
    settings.CTIS_IMPORT_MAX_MB = 1
    for content, words in [
        (HEADER + "Leyla;Məmmədova;;;\n" * 60_000, "larger than 1 MB"),
        ("", "empty"),
        (b"\x89PNG\r\n\x1a\n\x00\x00", "neither a CSV"),
    ]:
        with pytest.raises(ValidationError) as refused:
            ask(investigator, content)
        assert words in str(refused.value.message_dict["file"])
    assert not Job.objects.exists() and not DBTaskResult.objects.exists()


# The task ------------------------------------------------------------------------------


def test_a_check_lists_the_refused_rows_and_the_likely_duplicates_and_keeps_the_file(
    investigator,
):
    ask(investigator, GOOD, commit=True, language="en")
    run_worker()
    aysel = Person.objects.get(
        pk=next(p.pk for p in Person.objects.all() if p.family_name == "Quliyeva")
    )
    job = ask(investigator, WRONG, language="en")

    run_worker()

    job = fresh(job)
    assert job.state == Job.State.DONE and job.error == ""
    result = selectors.import_result(job)
    assert result is not None and not result.committed and result.saved == []
    assert result.rows == 3
    assert [(e.line, e.column, e.value) for e in result.errors] == [
        (2, "doğum tarixi", "31.02.1998"),
        (3, "vətəndaşlığı", "Atlantida"),
    ]
    assert "03.12.2026" in result.errors[0].message
    assert result.errors[1].message == (
        "No country has this code or name; write its ISO code (AZ, AZE)."
    )
    assert [(d.line, d.codes) for d in result.duplicates] == [(4, [aysel.code])]
    assert result.duplicates[0].reasons
    assert job.summary == {
        "rows": 3,
        "refused": 2,
        "held": 1,
        "saved": 0,
        "committed": False,
        "file_refused": False,
    }
    assert Person.objects.count() == 3
    assert kept(job)  # for the import the user may now ask for
    assert_no_name_stored()


def test_the_messages_are_in_the_language_of_the_page_the_file_was_sent_from(investigator):
    job = ask(investigator, WRONG, language="az")
    run_worker()
    message = selectors.import_result(fresh(job)).errors[1].message
    assert "No country" not in message and "AZ, AZE" in message


def test_an_import_keeps_what_it_saved_and_deletes_the_file(investigator):
    job = ask(investigator, GOOD, commit=True)
    run_worker()

    job = fresh(job)
    result = selectors.import_result(job)
    assert result.committed and len(result.saved) == 3
    assert sorted(result.saved) == sorted(Person.objects.values_list("code", flat=True))
    assert job.summary["saved"] == 3 and job.summary["committed"]
    assert not kept(job)
    assert AuditEntry.objects.get(action="interop.import").actor == investigator
    assert AuditEntry.objects.filter(action="cases.person.create").count() == 3
    assert_no_name_stored()


def test_an_import_with_refused_rows_saves_nothing_and_keeps_the_file_for_a_decision(
    investigator,
):
    job = ask(investigator, WRONG, commit=True)
    run_worker()
    assert not selectors.import_result(fresh(job)).committed
    assert not Person.objects.exists()
    assert kept(job)


def test_the_same_file_is_imported_after_its_check_without_sending_it_again(investigator):
    ask(investigator, GOOD, commit=True)
    run_worker()
    again = HEADER + "Leila;Mammadova;12.04.1998;Qadın;AZ\nSevinc;Əliyeva;;Qadın;AZ\n"
    check = ask(investigator, again)
    run_worker()
    assert [d.line for d in selectors.import_result(fresh(check)).duplicates] == [2]

    imported = services.import_again(actor=investigator, job=fresh(check), enter_anyway=[2])

    assert not kept(check) and kept(imported)  # the sealed file moved, it was not copied
    assert imported.params["commit"] and imported.params["enter_anyway"] == [2]
    assert imported.params["after"] == str(check.pk)
    run_worker()
    result = selectors.import_result(fresh(imported))
    assert result.committed and len(result.saved) == 2 and Person.objects.count() == 5
    assert not kept(imported)
    with pytest.raises(ValidationError):  # nothing is left to import twice
        services.import_again(actor=investigator, job=fresh(check))


def test_a_new_file_replaces_the_one_an_earlier_check_kept(investigator, shelter_worker):
    """A corrected file sent after a check: the first one is no longer kept (an identity
    is kept sealed no longer than it may still be imported); another user's is untouched."""
    first = ask(investigator, WRONG)
    other = ask(shelter_worker, WRONG)
    run_worker()
    assert kept(first) and kept(other)
    ask(investigator, GOOD)
    assert not kept(first) and kept(other)


def test_a_discarded_file_is_deleted_and_the_discard_audited(investigator):
    job = ask(investigator, WRONG)
    run_worker()

    services.import_discard(actor=investigator, job=fresh(job))

    assert not kept(job)
    assert AuditEntry.objects.get(action="interop.import.discard").object_id == str(job.pk)
    with pytest.raises(ValidationError):
        services.import_again(actor=investigator, job=fresh(job))
    services.import_discard(actor=investigator, job=fresh(job))  # nothing more to delete
    assert AuditEntry.objects.filter(action="interop.import.discard").count() == 1


def test_a_failure_deletes_the_file_and_quotes_nothing_of_it(investigator, monkeypatch):
    def broken(*, table, **kwargs):
        _line, cells = next(table.rows())
        raise ValueError(" ".join(cells))  # a library's error that quotes a cell

    monkeypatch.setattr(imports, "import_table", broken)
    job = ask(investigator, GOOD, commit=True)

    run_worker()

    job = fresh(job)
    assert job.state == Job.State.FAILED and job.error == jobs.FAILED_MESSAGE
    assert not kept(job)
    task = DBTaskResult.objects.get()
    assert task.status == "FAILED"
    assert "ValueError" in task.traceback
    assert_no_name_stored()  # the traceback in the queue's table included


def test_a_file_refused_as_a_whole_is_said_so_and_deleted(investigator):
    # No header: its first row of names is read as one; the refusal quotes it, sealed.
    job = ask(investigator, "Leyla;Məmmədova\nAysel;Quliyeva\n")
    run_worker()

    job = fresh(job)
    result = selectors.import_result(job)
    assert job.state == Job.State.DONE and job.summary["file_refused"]
    assert "“Leyla”" in result.refused and result.rows == 0
    assert not kept(job)
    assert_no_name_stored()


def test_a_user_who_lost_the_right_before_the_worker_came_is_told(investigator):
    job = ask(investigator)
    investigator.roles.all().delete()

    run_worker()

    job = fresh(job)
    assert job.state == Job.State.FAILED and job.error == tasks.NOT_ALLOWED
    assert not kept(job) and not Person.objects.exists()


def test_a_page_polled_after_its_sender_lost_the_right_reloads_and_stops_polling(
    investigator,
):
    job = ask(investigator)
    client = log_in(Client(), investigator)
    investigator.roles.all().delete()

    polled = client.get(job_url(job), headers={"HX-Request": "true"})

    # htmx reloads the whole page on HX-Refresh, which then shows the refusal; it would
    # keep polling an error response it does not swap
    assert polled.status_code == 403 and polled["HX-Refresh"] == "true"
    assert b"hx-trigger" not in polled.content
    page = client.get(job_url(job))
    assert page.status_code == 403 and "HX-Refresh" not in page


def test_a_page_polled_after_the_session_ended_goes_to_the_sign_in_page(investigator):
    job = ask(investigator)
    client = log_in(Client(), investigator)
    client.logout()

    polled = client.get(job_url(job), headers={"HX-Request": "true"})

    # not the sign-in page inside the progress card: the browser is sent there
    assert polled.status_code == 204 and not polled.content
    assert polled["HX-Redirect"].startswith("/accounts/login/")
    assert job_url(job) in polled["HX-Redirect"]


def test_the_task_reports_the_rows_read_then_checked_then_saving(investigator):
    job = ask(investigator, GOOD, commit=True)
    assert jobs.job_started(job.pk)
    seen = []

    tasks._import(fresh(job), lambda *step: seen.append(step))

    stages = [stage for stage, *_ in seen]
    assert stages[0] == tasks.READING and (tasks.READING, 3) in seen
    assert (tasks.CHECKING, 0, 3) in seen and (tasks.CHECKING, 2, 3) in seen
    assert seen[-1] == (tasks.SAVING, 3, 3)
    assert stages.index(tasks.CHECKING) > stages.index(tasks.READING)


def test_a_check_never_says_it_saves(investigator):
    job = ask(investigator, GOOD)
    jobs.job_started(job.pk)
    seen = []
    tasks._import(fresh(job), lambda *step: seen.append(step))
    assert seen[-1] == (tasks.CHECKING, 3, 3)
    assert tasks.SAVING not in [stage for stage, *_ in seen]


def test_a_file_of_more_than_five_thousand_rows_is_taken(investigator):
    """The page's old limit is gone (the byte limit stays)."""
    rows = "".join(f"Leyla{n};;31.02.1998;;\n" for n in range(5_001))
    job = ask(investigator, HEADER + rows)
    run_worker()
    result = selectors.import_result(fresh(job))
    assert result.rows == 5_001 and len(result.errors) == 5_001


def test_the_clean_up_removes_a_file_left_with_its_job(investigator):
    job = ask(investigator, WRONG)
    run_worker()
    assert kept(job)
    Job.objects.filter(pk=job.pk).update(finished_at=timezone.now() - datetime.timedelta(days=2))

    jobs.delete_old_jobs()

    assert not Job.objects.filter(pk=job.pk).exists()
    assert not Job.objects.filter(upload__isnull=False).exists()


def test_a_job_found_abandoned_loses_its_file(investigator):
    job = ask(investigator)
    assert jobs.job_started(job.pk)
    Job.objects.filter(pk=job.pk).update(touched_at=timezone.now() - 2 * jobs.SILENCE)
    jobs.fail_abandoned_jobs()
    assert fresh(job).state == Job.State.FAILED and not kept(job)


# Who may see it ------------------------------------------------------------------------


def job_url(job, tail=""):
    return f"/import/jobs/{job.pk}/{tail}"


MISSING = "/import/jobs/00000000-0000-0000-0000-000000000000/"


def test_nobody_else_may_follow_read_import_or_discard_the_job(
    investigator, supervisor, admin, make_user
):
    from tests.test_existence_oracles import _alike

    job = ask(investigator, WRONG)
    run_worker()
    colleague = make_user("investigator-2", "mia-ctd", "police_investigator")
    # A colleague of the same agency and rights, the agency's supervisor, the administrator.
    for user in (colleague, supervisor, admin):
        client = log_in(Client(), user)
        _alike(client, job_url(job), MISSING)
        polled = client.get(job_url(job), headers={"HX-Request": "true"})
        assert polled.status_code == 403 and b"Atlantida" not in polled.content
        assert client.post(job_url(job, "import/")).status_code == 403
        assert client.post(job_url(job, "discard/")).status_code == 403
        page = client.get("/import/persons/").content.decode() if user != admin else ""
        assert job_url(job) not in page
    assert kept(job)
    assert Job.objects.count() == 1
    assert not AuditEntry.objects.filter(action="interop.import.discard").exists()
    with pytest.raises(PermissionDenied):
        services.import_again(actor=colleague, job=fresh(job))


def test_the_sender_who_lost_the_right_may_no_longer_read_the_result(investigator):
    job = ask(investigator, WRONG)
    run_worker()
    client = log_in(Client(), investigator)
    assert client.get(job_url(job)).status_code == 200
    investigator.roles.all().delete()
    assert client.get(job_url(job)).status_code == 403


# The pages -----------------------------------------------------------------------------


def test_check_then_import_the_same_file_then_see_what_was_entered(investigator):
    client = log_in(Client(), investigator)
    assert client.get("/import/persons/").status_code == 200

    sent = client.post("/import/persons/", {"file": upload(WRONG), "action": "check"})
    assert sent.status_code == 302 and sent.url.startswith("/import/jobs/")
    job = Job.objects.get()
    assert sent.url == job_url(job) and not job.params["commit"]

    waiting = client.get(sent.url)
    assert b"Waiting for the worker to start." in waiting.content
    main = waiting.content.split(b"<main", 1)[1]
    assert b'hx-trigger="every 2s"' in main and b"<script" not in main
    polled = client.get(sent.url, headers={"HX-Request": "true"})
    assert b'id="import-job"' in polled.content and b"<html" not in polled.content
    assert "HX-Refresh" not in polled

    run_worker()

    polled = client.get(sent.url, headers={"HX-Request": "true"})
    assert polled["HX-Refresh"] == "true" and b"hx-trigger" not in polled.content
    page = client.get(sent.url).content.decode()
    assert "2 rows refused" in page and "Atlantida" in page and "31.02.1998" in page
    assert "Nothing was saved." in page
    assert f'action="{job_url(job, "import/")}"' in page
    assert f'formaction="{job_url(job, "discard/")}"' in page
    assert "hx-trigger" not in page

    # Import the same file as it is, keeping its valid row: no file is chosen again.
    imported = client.post(job_url(job, "import/"), {"keep_valid": "on"})
    assert imported.status_code == 302
    second = Job.objects.exclude(pk=job.pk).get()
    assert imported.url == job_url(second) and second.params["keep_valid"]
    assert b"Importing the file" in client.get(imported.url).content
    run_worker()

    done = client.get(imported.url).content.decode()
    assert "Persons imported" in done
    person = Person.objects.get()
    assert person.code in done and "2 refused rows were left out." in done
    assert not kept(job) and not kept(second)
    # The import page lists both, to come back to.
    listed = client.get("/import/persons/").content.decode()
    assert job_url(job) in listed and job_url(second) in listed
    assert "1 person was entered." in listed and "2 rows refused." in listed


def test_importing_straight_away_runs_on_the_worker_too(investigator):
    client = log_in(Client(), investigator)
    sent = client.post("/import/persons/", {"file": upload(GOOD), "action": "import"})
    job = Job.objects.get()
    assert sent.url == job_url(job) and job.params["commit"]
    assert not Person.objects.exists()
    run_worker()
    done = client.get(sent.url).content.decode()
    assert "3 persons were entered." in done and Person.objects.count() == 3


def test_a_second_post_of_the_same_form_is_taken_to_the_first_job(investigator):
    client = log_in(Client(), investigator)
    page = client.get("/import/persons/").content.decode()
    key = page.split('name="form_token" value="', 1)[1].split('"', 1)[0]
    first = client.post(
        "/import/persons/", {"file": upload(GOOD), "action": "check", "form_token": key}
    )
    second = client.post(
        "/import/persons/", {"file": upload(GOOD), "action": "check", "form_token": key}
    )
    assert first.url == second.url and Job.objects.count() == 1


def test_discarding_from_the_page_deletes_the_file(investigator):
    client = log_in(Client(), investigator)
    sent = client.post("/import/persons/", {"file": upload(WRONG), "action": "check"})
    run_worker()
    job = Job.objects.get()

    discarded = client.post(job_url(job, "discard/"))

    assert discarded.status_code == 302 and discarded.url == "/import/persons/"
    assert not kept(job)
    page = client.get(sent.url).content.decode()
    assert "The file is no longer kept" in page and job_url(job, "import/") not in page
    refused = client.post(job_url(job, "import/"))
    assert refused.status_code == 302 and refused.url == job_url(job)
    assert Job.objects.count() == 1


def test_a_file_refused_at_once_is_said_beside_the_field(investigator, settings):
    client = log_in(Client(), investigator)
    response = client.post("/import/persons/", {"file": upload(""), "action": "check"})
    assert response.status_code == 200 and not Job.objects.exists()


def test_a_large_upload_is_read_in_memory_never_into_a_temporary_file(investigator, monkeypatch):
    from django.core.files import uploadhandler

    def no_temporary_file(*args, **kwargs):
        raise AssertionError("the upload was written to a temporary file")

    monkeypatch.setattr(uploadhandler, "TemporaryUploadedFile", no_temporary_file)
    big = HEADER + "Leyla;Məmmədova;12.04.1998;Qadın;AZ\n" * 100_000  # over 2.5 MB
    assert len(big.encode()) > 3 * 1024 * 1024
    client = log_in(Client(), investigator)

    sent = client.post("/import/persons/", {"file": upload(big), "action": "check"})

    assert sent.status_code == 302 and Job.objects.get().params["size"] == len(big.encode())


def test_the_upload_page_still_checks_the_csrf_token(investigator):
    client = log_in(Client(), investigator)
    client.handler.enforce_csrf_checks = True  # from here on, as a browser is held to it
    refused = client.post("/import/persons/", {"file": upload(GOOD), "action": "check"})
    assert refused.status_code == 403 and not Job.objects.exists()
    page = client.get("/import/persons/").content.decode()
    token = page.split('name="csrfmiddlewaretoken" value="', 1)[1].split('"', 1)[0]
    sent = client.post(
        "/import/persons/",
        {"file": upload(GOOD), "action": "check", "csrfmiddlewaretoken": token},
    )
    assert sent.status_code == 302 and Job.objects.count() == 1


@pytest.mark.parametrize(
    ("stage", "done", "total", "shown"),
    [
        ("", 0, 0, "Reading the file."),
        ("reading", 1200, 0, "Reading the file."),
        ("checking", 1200, 5000, "Checking row 1200 of 5000."),
        ("saving", 5000, 5000, "Saving the records."),
    ],
)
def test_the_page_words_each_stage(investigator, stage, done, total, shown):
    client = log_in(Client(), investigator)
    job = ask(investigator)
    Job.objects.filter(pk=job.pk).update(state="running", stage=stage, done=done, total=total)

    response = client.get(job_url(job), headers={"HX-Request": "true"})

    assert shown in response.content.decode()
    assert b'hx-trigger="every 2s"' in response.content
    if total:
        assert f'<progress value="{done}" max="{total}">'.encode() in response.content


def test_a_failed_job_says_so_and_offers_to_send_the_file_again(investigator):
    client = log_in(Client(), investigator)
    job = ask(investigator)
    jobs.job_started(job.pk)
    jobs.job_failed(job.pk)
    page = client.get(job_url(job)).content.decode()
    assert "The file could not be made." in page and 'href="/import/persons/"' in page
    assert "hx-trigger" not in page


# Progress beside the import's transaction ----------------------------------------------


@pytest.mark.django_db(transaction=True)
def test_progress_inside_a_transaction_is_seen_outside_it_on_postgresql(make_user):
    if connection.vendor != "postgresql":
        pytest.skip("SQLite has one writer: the progress is seen when the import ends")
    from django.db import connections, transaction

    user = make_user("progress-user", "mia-ctd", "police_investigator")
    job = Job.objects.create(kind="tests", requested_by=user)
    assert jobs.job_started(job.pk)
    progress = jobs.Progress(job.pk)
    other = connections.create_connection("default")
    try:
        with transaction.atomic():
            progress("checking", 3, 10)
            with other.cursor() as cursor:
                cursor.execute("SELECT done, stage FROM core_job WHERE id = %s", [job.pk])
                assert cursor.fetchone() == (3, "checking")
    finally:
        progress.close()
        other.close()
