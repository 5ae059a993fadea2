"""Each kind of alert is sent by its app's service, in the same transaction, to the people
who may open the record, and to nobody else (issue 11)."""

import pytest
from django.db import transaction
from django.test import Client

from ctis.inbox.models import Alert
from ctis.nrm import services as nrm
from ctis.plan.services import reporting
from tests.factories import NotificationFactory, ReferralFactory
from tests.personas import log_in


def recipients(kind: str) -> set[str]:
    return set(Alert.objects.filter(kind=kind).values_list("recipient__username", flat=True))


def assert_opens(alert: Alert) -> None:
    """The recipient may open the record the alert links to."""
    response = log_in(Client(), alert.recipient).get(alert.link)
    assert response.status_code == 200, (alert.kind, alert.link, response.status_code)


def test_a_submitted_report_alerts_the_coordinators_reviewers(
    submitted, coordinator, analyst, reporter, head, labour_head
):
    assert recipients("plan.report_submitted") == {coordinator.username}
    alert = Alert.objects.get(kind="plan.report_submitted")
    assert alert.link == submitted.get_absolute_url()
    assert alert.subject["en"] == "Report on measure 4.2.1 (2021) submitted by SMS"
    assert alert.subject["az"] != alert.subject["en"] and alert.subject["ru"]
    assert alert.read_at is None and alert.in_app
    assert_opens(alert)


@pytest.mark.parametrize("step", ["return", "accept"])
def test_a_returned_or_accepted_report_alerts_the_reporting_agency(
    step, submitted, coordinator, reporter, head, labour_reporter, analyst
):
    if step == "return":
        reporting.report_return(actor=coordinator, report=submitted, comment="Add the figures")
    else:
        reporting.report_accept(actor=coordinator, report=submitted)
    kind = {"return": "plan.report_returned", "accept": "plan.report_accepted"}[step]
    assert recipients(kind) == {reporter.username, head.username}
    for alert in Alert.objects.filter(kind=kind):
        assert alert.link == submitted.get_absolute_url()
        assert "Add the figures" not in str(alert.subject)  # the comment stays on the page
        assert_opens(alert)


def test_a_refused_step_sends_no_alert(submitted, labour_head):
    with pytest.raises(Exception):  # noqa: B017  (refused: not the reviewer)
        reporting.report_accept(actor=labour_head, report=submitted)
    assert not Alert.objects.filter(kind="plan.report_accepted").exists()


def test_a_notification_alerts_the_police_units_handlers(
    officer, person, investigator, supervisor, hotline_operator, shelter_worker
):
    notification = NotificationFactory(actor=officer, person=person)
    assert recipients("nrm.notification_received") == {investigator.username, supervisor.username}
    alert = Alert.objects.filter(kind="nrm.notification_received").first()
    assert alert.link == notification.get_absolute_url()
    assert alert.subject["en"] == f"Presumed victim {person.code} notified by SMS"
    assert_opens(alert)


def test_a_referral_alerts_the_receivers_and_its_answer_the_sender(
    investigator, supervisor, shelter_worker, provider, hotline_operator
):
    referral = ReferralFactory(actor=investigator)
    assert recipients("nrm.referral_received") == {shelter_worker.username}
    received = Alert.objects.get(kind="nrm.referral_received")
    assert received.link == referral.get_absolute_url()
    assert referral.person.code in received.subject["en"]
    assert_opens(received)

    nrm.referral_accept(actor=shelter_worker, referral=referral)
    assert recipients("nrm.referral_accepted") == {investigator.username}
    assert_opens(Alert.objects.get(kind="nrm.referral_accepted"))


def test_a_declined_referral_alerts_the_sender(investigator, supervisor, shelter_worker):
    referral = ReferralFactory(actor=investigator)
    nrm.referral_decline(actor=shelter_worker, referral=referral, reason="No place tonight")
    assert recipients("nrm.referral_declined") == {investigator.username}
    alert = Alert.objects.get(kind="nrm.referral_declined")
    assert "No place tonight" not in str(alert.subject)
    assert not Alert.objects.filter(kind="nrm.referral_accepted").exists()


def test_a_withdrawal_or_completion_sends_no_answer_alert(investigator, shelter_worker):
    referral = ReferralFactory(actor=investigator, accept=shelter_worker)
    nrm.referral_complete(actor=shelter_worker, referral=referral)
    assert Alert.objects.filter(kind="nrm.referral_accepted").count() == 1
    assert not Alert.objects.filter(kind="nrm.referral_declined").exists()


def test_nobody_is_alerted_of_their_own_step(submitted, head):
    assert not Alert.objects.filter(recipient=head, kind="plan.report_submitted").exists()


def test_the_alert_is_written_and_undone_with_the_change(submitted, coordinator):
    with pytest.raises(RuntimeError), transaction.atomic():
        reporting.report_return(actor=coordinator, report=submitted, comment="Add the figures")
        assert Alert.objects.filter(kind="plan.report_returned").exists()
        raise RuntimeError("the change is rolled back")
    assert not Alert.objects.filter(kind="plan.report_returned").exists()
    submitted.refresh_from_db()
    assert submitted.state == "submitted"
