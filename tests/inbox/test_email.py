"""Alerts by e-mail: after the commit, through Django's mail backend, to users with an
address and the kind's e-mail switch on, with the subject and a link only, in the language the recipient last chose on the site (else the site's); a
failing backend leaves the write standing (issue 11)."""

import logging
import smtplib

from django.core.mail.backends.base import BaseEmailBackend
from django.core.management import call_command
from django.test import Client

from ctis.audit.models import AuditEntry
from ctis.inbox.models import Alert, EmailState
from ctis.inbox.services import deliver_email
from ctis.plan.models import MeasureReport
from ctis.plan.services import reporting
from tests.factories import NotificationFactory, ReferralFactory
from tests.personas import log_in


class BrokenBackend(BaseEmailBackend):
    def send_messages(self, email_messages):
        raise smtplib.SMTPRecipientsRefused({"someone@example.org": (550, b"refused")})


def test_a_returned_report_is_mailed_after_the_commit(
    submitted,
    coordinator,
    reporter,
    head,
    with_email,
    mailoutbox,
    django_capture_on_commit_callbacks,
):
    reporter, head = with_email(reporter), with_email(head)
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        reporting.report_return(actor=coordinator, report=submitted, comment="Add the figures")
    assert mailoutbox == [] and len(callbacks) == 2  # nothing is sent before the commit
    for callback in callbacks:
        callback()
    assert sorted(m.to[0] for m in mailoutbox) == [head.email, reporter.email]
    alert = Alert.objects.get(recipient=reporter)
    assert alert.email_state == EmailState.SENT and alert.emailed_at is not None
    message = next(m for m in mailoutbox if m.to == [reporter.email])
    # In the site's language (Azerbaijani): neither has chosen one.
    assert alert.subject["az"] in message.subject
    assert alert.subject["az"] in message.body
    assert f"http://127.0.0.1:8000{submitted.get_absolute_url()}" in message.body
    assert "Add the figures" not in message.body


def test_the_mail_waits_in_the_queue_for_the_worker(
    settings,
    submitted,
    coordinator,
    reporter,
    with_email,
    mailoutbox,
    django_capture_on_commit_callbacks,
):
    """With the database queue (as in service), the write only enqueues the e-mail; the
    worker sends it, once."""
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    reporter = with_email(reporter)
    with django_capture_on_commit_callbacks(execute=True):
        reporting.report_return(actor=coordinator, report=submitted, comment="Add the figures")
    alert = Alert.objects.get(recipient=reporter)
    assert mailoutbox == [] and alert.email_state == EmailState.PENDING
    call_command("worker", "--batch", "--no-periodic", verbosity=0)
    call_command("worker", "--batch", "--no-periodic", verbosity=0)
    assert [m.to for m in mailoutbox] == [[reporter.email]]
    alert.refresh_from_db()
    assert alert.email_state == EmailState.SENT


def test_each_alert_is_mailed_once(
    submitted, coordinator, reporter, with_email, mailoutbox, django_capture_on_commit_callbacks
):
    reporter = with_email(reporter)
    with django_capture_on_commit_callbacks(execute=True):
        reporting.report_return(actor=coordinator, report=submitted, comment="Add the figures")
    alert = Alert.objects.get(recipient=reporter)
    assert deliver_email(alert.pk) is False
    assert len(mailoutbox) == 1


def test_users_without_an_address_get_no_mail(
    submitted, coordinator, reporter, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        reporting.report_return(actor=coordinator, report=submitted, comment="Add the figures")
    assert callbacks == [] and mailoutbox == []
    assert Alert.objects.get(recipient=reporter).email_state == EmailState.NONE


def test_an_accepted_report_is_not_mailed_by_default(
    submitted, coordinator, reporter, with_email, mailoutbox, django_capture_on_commit_callbacks
):
    with_email(reporter)
    with django_capture_on_commit_callbacks(execute=True):
        reporting.report_accept(actor=coordinator, report=submitted)
    assert mailoutbox == []
    assert Alert.objects.get(recipient=reporter).in_app


def test_a_mail_about_a_person_names_them_by_code_only(
    officer, person, investigator, with_email, mailoutbox, django_capture_on_commit_callbacks
):
    investigator = with_email(investigator)
    with django_capture_on_commit_callbacks(execute=True):
        NotificationFactory(actor=officer, person=person, note="Leyla says she was deceived")
    (message,) = mailoutbox
    text = message.subject + message.body
    assert person.code in text
    for identity in (
        "Leyla",
        "Məmmədova",
        "Rauf",
        "1996",
        "14.03",
        "03-14",
        "AA 1234567",
        "123 45 67",
        "Nizami",
        "deceived",
    ):
        assert identity not in text, identity
    alert = Alert.objects.get(recipient=investigator)
    assert all(identity not in str(alert.subject) for identity in ("Leyla", "Məmmədova", "1996"))


def test_a_referral_mail_leaves_the_reason_out(
    investigator, shelter_worker, with_email, mailoutbox, django_capture_on_commit_callbacks
):
    with_email(shelter_worker)
    with django_capture_on_commit_callbacks(execute=True):
        referral = ReferralFactory(actor=investigator, data__reason="Beaten by her employer")
    (message,) = mailoutbox
    assert referral.person.code in message.body
    assert "Beaten" not in message.body + message.subject


def test_a_failing_mail_backend_does_not_break_the_write(
    settings,
    submitted,
    coordinator,
    reporter,
    with_email,
    mailoutbox,
    caplog,
    django_capture_on_commit_callbacks,
):
    reporter = with_email(reporter)
    settings.EMAIL_BACKEND = "tests.inbox.test_email.BrokenBackend"
    with caplog.at_level(logging.WARNING, logger="ctis.inbox.services"):
        with django_capture_on_commit_callbacks(execute=True):
            reporting.report_return(actor=coordinator, report=submitted, comment="Add the figures")
    submitted.refresh_from_db()
    assert submitted.state == MeasureReport.State.RETURNED
    alert = Alert.objects.get(recipient=reporter)
    assert alert.email_state == EmailState.FAILED
    assert str(alert.pk) in caplog.text and "SMTPRecipientsRefused" in caplog.text
    assert reporter.email not in caplog.text and "someone@example.org" not in caplog.text
    # The alert is still in the centre.
    page = log_in(Client(), reporter).get("/alerts/").content.decode()
    assert alert.get_absolute_url() in page


def test_the_mail_is_in_the_language_the_recipient_chose_on_the_site(
    submitted, coordinator, reporter, with_email, mailoutbox, django_capture_on_commit_callbacks
):
    reporter = with_email(reporter)
    client = log_in(Client(), reporter)
    response = client.post("/i18n/setlang/", {"language": "ru", "next": "/"})
    assert response.status_code == 302
    reporter.refresh_from_db()
    assert reporter.language == "ru"
    assert AuditEntry.objects.filter(action="accounts.user.language").count() == 1
    with django_capture_on_commit_callbacks(execute=True):
        reporting.report_return(actor=coordinator, report=submitted, comment="Add the figures")
    alert = Alert.objects.get(recipient=reporter)
    message = next(m for m in mailoutbox if m.to == [reporter.email])
    assert alert.subject["ru"] in message.subject and alert.subject["az"] not in message.subject


def test_a_log_in_on_another_browser_starts_in_the_chosen_language(reporter):
    log_in(Client(), reporter).post("/i18n/setlang/", {"language": "ru", "next": "/"})
    fresh = log_in(Client(), reporter)
    assert fresh.cookies["ctis_language"].value == "ru"
    assert '<html lang="ru">' in fresh.get("/", follow=True).content.decode()


def test_an_unknown_language_is_not_kept(reporter):
    log_in(Client(), reporter).post("/i18n/setlang/", {"language": "xx", "next": "/"})
    reporter.refresh_from_db()
    assert reporter.language == ""
