"""Reminders come from ``send_reminders`` (``ctis reminders``, the worker's schedule),
never from a page, and each goes out once per record and threshold (issue 11)."""

import datetime

import pytest
from django.core.management import call_command
from django.test import Client
from django.utils import timezone

from ctis.audit.models import AuditEntry
from ctis.cases.access import decide
from ctis.cases.services import VictimInput, person_create, victim_profile_save
from ctis.core.models import PeriodicRun
from ctis.inbox.models import Alert, ReminderSent
from ctis.inbox.services import send_reminders
from ctis.nrm import services as nrm
from ctis.nrm.services import ActionInput
from tests.cases.conftest import person_data
from tests.factories import NotificationFactory, ReferralFactory
from tests.personas import log_in


def recipients(kind: str) -> set[str]:
    return set(Alert.objects.filter(kind=kind).values_list("recipient__username", flat=True))


def test_an_overdue_notification_is_reminded_once(
    officer, person, investigator, supervisor, hotline_operator
):
    notification = NotificationFactory(actor=officer, person=person)
    assert send_reminders(now=notification.sent_at + datetime.timedelta(hours=23)) == 0
    later = notification.sent_at + datetime.timedelta(hours=25)
    assert send_reminders(now=later) == 1
    assert send_reminders(now=later) == 0
    assert send_reminders(now=later + datetime.timedelta(days=2)) == 0
    assert recipients("nrm.notification_overdue") == {investigator.username, supervisor.username}
    assert Alert.objects.filter(kind="nrm.notification_overdue").count() == 2
    alert = Alert.objects.filter(kind="nrm.notification_overdue").first()
    assert alert.subject["en"] == f"Notification of {person.code} not taken up within 24 hours"
    assert AuditEntry.objects.filter(action="inbox.reminders.send").count() == 1


def test_a_notification_taken_up_is_not_reminded(officer, person, investigator):
    notification = NotificationFactory(actor=officer, person=person)
    nrm.notification_receive(actor=investigator, notification=notification)
    send_reminders(now=notification.sent_at + datetime.timedelta(hours=25))
    assert not Alert.objects.filter(kind="nrm.notification_overdue").exists()


def test_a_page_view_sends_no_reminder(officer, person, investigator):
    notification = NotificationFactory(actor=officer, person=person)
    Notification = type(notification)
    Notification.objects.filter(pk=notification.pk).update(
        sent_at=timezone.now() - datetime.timedelta(hours=30),
        due_at=timezone.now() - datetime.timedelta(hours=6),
    )
    client = log_in(Client(), investigator)
    for url in ("/", "/alerts/", "/nrm/notifications/", notification.get_absolute_url()):
        assert client.get(url).status_code == 200
    assert not ReminderSent.objects.exists()
    assert not Alert.objects.filter(kind="nrm.notification_overdue").exists()


@pytest.fixture
def identified(investigator, countries):
    """A victim of the police unit identified 25 days ago: the reflection period ends in 4."""
    person = person_create(actor=investigator, prefix="V", data=person_data(countries))
    victim_profile_save(
        actor=investigator,
        person=person,
        data=VictimInput(identified_on=timezone.localdate() - datetime.timedelta(days=25)),
    )
    person.refresh_from_db()
    return person


def test_a_reflection_period_ending_is_reminded_to_who_may_open_the_identity(
    identified, investigator, supervisor, hotline_operator, coordinator, shelter_worker, analyst
):
    assert send_reminders() == 1
    assert send_reminders() == 0
    told = Alert.objects.filter(kind="nrm.reflection_ending").select_related("recipient")
    assert {a.recipient.username for a in told} == {investigator.username, supervisor.username}
    for alert in told:
        assert decide(alert.recipient, identified).identity
        assert alert.link == identified.get_absolute_url()
        assert "Leyla" not in str(alert.subject) and identified.code in alert.subject["en"]


def test_a_reflection_period_far_from_its_end_is_not_reminded(identified):
    send_reminders(now=timezone.now() - datetime.timedelta(days=10))
    assert not Alert.objects.filter(kind="nrm.reflection_ending").exists()


def test_an_overdue_support_action_is_reminded_to_its_agencies(
    investigator, shelter_worker, provider, agencies
):
    referral = ReferralFactory(actor=investigator, accept=shelter_worker)
    today = timezone.localdate()
    plan = nrm.support_plan_create(
        actor=shelter_worker,
        person=referral.person,
        objectives="Recover",
        actions=[
            ActionInput(
                "Vocational course", agencies["assistance-centre"], today, "vocational_course"
            ),
            ActionInput(
                "Medical check", agencies["shelter-mia"], today + datetime.timedelta(days=9)
            ),
        ],
    )
    assert send_reminders() == 0  # due today: not overdue yet
    tomorrow = timezone.now() + datetime.timedelta(days=1)
    assert send_reminders(now=tomorrow) == 1
    assert send_reminders(now=tomorrow) == 0
    assert recipients("nrm.support_action_overdue") == {provider.username, shelter_worker.username}
    action = plan.actions.get(action="Vocational course")
    alert = Alert.objects.filter(kind="nrm.support_action_overdue").first()
    assert alert.link == action.get_absolute_url()
    assert "Vocational" not in str(alert.subject)
    for alert in Alert.objects.filter(kind="nrm.support_action_overdue"):
        assert log_in(Client(), alert.recipient).get(alert.link).status_code == 200


def test_a_done_action_is_not_reminded(investigator, shelter_worker, agencies):
    referral = ReferralFactory(actor=investigator, accept=shelter_worker)
    plan = nrm.support_plan_create(
        actor=shelter_worker,
        person=referral.person,
        objectives="Recover",
        actions=[ActionInput("Medical check", agencies["shelter-mia"], timezone.localdate())],
    )
    nrm.support_action_progress(actor=shelter_worker, action=plan.actions.get(), progress="done")
    send_reminders(now=timezone.now() + datetime.timedelta(days=3))
    assert not Alert.objects.filter(kind="nrm.support_action_overdue").exists()


def _at(day: datetime.date) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(9)))


def test_a_period_due_within_14_and_3_days_reminds_agencies_with_reports_missing(
    period, reporter, head, labour_reporter, coordinator, analyst
):
    due = period.due_date
    assert send_reminders(now=_at(due - datetime.timedelta(days=20))) == 0
    first = send_reminders(now=_at(due - datetime.timedelta(days=10)))
    assert first > 1  # every agency with reports missing, once
    assert send_reminders(now=_at(due - datetime.timedelta(days=9))) == 0
    told = recipients("plan.period_due")
    assert {reporter.username, head.username, labour_reporter.username} <= told
    assert coordinator.username not in told and analyst.username not in told
    alert = Alert.objects.filter(kind="plan.period_due", recipient=reporter).get()
    assert alert.link == period.get_absolute_url()
    assert alert.subject["en"].startswith(f"Reporting period 2021 is due on {due.isoformat()}:")
    # Within 3 days, once more; after the due date, no more.
    assert send_reminders(now=_at(due - datetime.timedelta(days=2))) == first
    assert send_reminders(now=_at(due - datetime.timedelta(days=1))) == 0
    assert send_reminders(now=_at(due + datetime.timedelta(days=1))) == 0
    assert Alert.objects.filter(kind="plan.period_due", recipient=reporter).count() == 2


def test_the_command_runs_the_reminders_once(officer, person, investigator, capsys):
    notification = NotificationFactory(actor=officer, person=person)
    Notification = type(notification)
    Notification.objects.filter(pk=notification.pk).update(
        sent_at=timezone.now() - datetime.timedelta(hours=30),
        due_at=timezone.now() - datetime.timedelta(hours=6),
    )
    call_command("reminders")
    call_command("reminders")
    out = capsys.readouterr().out
    assert "Reminders sent: 1" in out and "Reminders sent: 0" in out
    assert (
        Alert.objects.filter(kind="nrm.notification_overdue", recipient=investigator).count() == 1
    )


def test_the_worker_runs_the_reminders_on_its_schedule(settings, officer, person, investigator):
    """The worker's periodic jobs include the reminders: its first pass sends the overdue
    notification's reminder; a second pass inside the hour runs nothing again."""
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    notification = NotificationFactory(actor=officer, person=person)
    type(notification).objects.filter(pk=notification.pk).update(
        sent_at=timezone.now() - datetime.timedelta(hours=30),
        due_at=timezone.now() - datetime.timedelta(hours=6),
    )
    call_command("worker", "--batch", verbosity=0)
    call_command("worker", "--batch", verbosity=0)
    reminded = Alert.objects.filter(kind="nrm.notification_overdue", recipient=investigator)
    assert reminded.count() == 1
    assert PeriodicRun.objects.get(pk="inbox.reminders").last_failed is False
