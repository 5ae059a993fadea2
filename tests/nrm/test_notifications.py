"""A presumed victim found by another agency is notified to the police unit, which takes
it up within 24 hours and decides the status."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from ctis.audit.models import AuditEntry
from ctis.cases.access import Access, person_access
from ctis.cases.models import VictimProfile
from ctis.cases.services import person_create
from ctis.nrm import selectors, services
from ctis.nrm.models import Notification, StatusDecision
from tests.cases.conftest import person_data
from tests.factories import PersonFactory
from tests.nrm.test_screening import PRESUMED


@pytest.fixture
def notified(test_set, officer, person):
    services.screening_record(actor=officer, person=person, indicator_set=test_set, codes=PRESUMED)
    return Notification.objects.get(person=person)


def test_a_presumed_victim_is_notified_to_the_unit_due_in_24_hours(notified, officer):
    assert notified.from_agency == officer.agency
    assert notified.to_agency.code == "mia-ctd"
    assert notified.due_at - notified.sent_at == datetime.timedelta(hours=24)
    assert not notified.is_overdue()
    assert notified.is_overdue(now=notified.sent_at + datetime.timedelta(hours=24, seconds=1))
    assert AuditEntry.objects.filter(action="nrm.notification.send").count() == 1


def test_not_enough_indicators_notifies_nobody(test_set, officer, person):
    services.screening_record(actor=officer, person=person, indicator_set=test_set, codes=["dr-s1"])
    assert not Notification.objects.exists()


def test_the_units_own_screening_notifies_nobody(test_set, investigator, countries):
    own = person_create(actor=investigator, prefix="V", data=person_data(countries))
    services.screening_record(
        actor=investigator, person=own, indicator_set=test_set, codes=PRESUMED
    )
    assert not Notification.objects.exists()


def test_the_notification_opens_the_person_to_the_unit_only(
    notified, investigator, person, make_user, provider
):
    assert person_access(investigator, person) == Access.IDENTITY
    assert person_access(provider, person) == Access.NONE
    other_police = make_user("other-police", "mia", "police_investigator")
    assert person_access(other_police, person) == Access.NONE


def test_overdue_notifications_are_listed_for_the_unit(notified, investigator, officer):
    later = notified.sent_at + datetime.timedelta(hours=25)
    inbox = selectors.notifications_for(investigator)
    assert list(inbox) == [notified]
    assert [n.pk for n in selectors.overdue_notifications(investigator, now=later)] == [notified.pk]
    assert list(selectors.overdue_notifications(investigator, now=notified.sent_at)) == []
    # The sender sees what it sent, and when it is overdue too.
    assert list(selectors.notifications_for(officer)) == [notified]
    services.notification_receive(actor=investigator, notification=notified)
    assert list(selectors.overdue_notifications(investigator, now=later)) == []


def test_only_the_unit_takes_a_notification_up(notified, officer):
    with pytest.raises(PermissionDenied):
        services.notification_receive(actor=officer, notification=notified)


def test_the_investigator_decides_actual_victim(notified, investigator, person):
    decided_on = timezone.localdate()
    decision = services.status_decide(
        actor=investigator,
        person=person,
        status="ActualVictimOfTrafficking",
        decided_on=decided_on,
        basis="Interview of 12 May; documents held by employer",
        notification=notified,
        forms=["ForcedLabour"],
    )
    profile = VictimProfile.objects.get(person=person)
    assert profile.status == "ActualVictimOfTrafficking"
    assert profile.forms == ["ForcedLabour"]
    assert profile.status_decided_by == investigator.agency
    assert profile.status_decided_on == decided_on
    assert profile.identified_on == notified.screening.screened_on
    person.refresh_from_db()
    assert person.victim_status == "ActualVictimOfTrafficking"  # the list's copy follows
    notified.refresh_from_db()
    assert notified.received_at is not None
    assert StatusDecision.objects.get() == decision
    assert decision.basis.startswith("Interview")
    entry = AuditEntry.objects.get(action="nrm.status.decide")
    assert "Interview" not in str(entry.changes)


@pytest.mark.parametrize("who", ["officer", "provider"])
def test_a_non_police_agency_cannot_decide(notified, person, who, officer, provider):
    actor = {"officer": officer, "provider": provider}[who]
    with pytest.raises(PermissionDenied, match="Only the police unit decides"):
        services.status_decide(
            actor=actor,
            person=person,
            status="ActualVictimOfTrafficking",
            decided_on=timezone.localdate(),
            basis="x",
        )
    assert not StatusDecision.objects.exists()
    assert not VictimProfile.objects.filter(person=person).exists()


def test_a_decision_explains_what_is_missing(notified, investigator, person):
    with pytest.raises(ValidationError) as refused:
        services.status_decide(
            actor=investigator,
            person=person,
            status="Maybe",
            decided_on=timezone.localdate() + datetime.timedelta(days=1),
            basis=" ",
        )
    assert set(refused.value.message_dict) == {"status", "decided_on", "basis"}
    assert not StatusDecision.objects.exists()


def test_the_reflection_period_counts_30_days_from_identification(investigator, countries):
    from ctis.cases.services import VictimInput, victim_profile_save
    from ctis.nrm.selectors import reflection_period, reflection_periods_ending

    today = timezone.localdate()
    soon = PersonFactory(actor=investigator, data__given_name="Soon")
    victim_profile_save(
        actor=investigator,
        person=soon,
        data=VictimInput(identified_on=today - datetime.timedelta(days=25)),
    )
    fresh = PersonFactory(actor=investigator, data__given_name="Fresh")
    victim_profile_save(actor=investigator, person=fresh, data=VictimInput(identified_on=today))
    soon.refresh_from_db()
    fresh.refresh_from_db()
    period = reflection_period(soon, today=today)
    assert period.ends == soon.identified_on + datetime.timedelta(days=29)
    assert period.days_left == 4 and period.ending_soon
    assert reflection_period(fresh, today=today).days_left == 29
    assert list(reflection_periods_ending(investigator, today=today)) == [soon]
    # On its last day it is still listed; the day after, it has ended.
    last = period.ends
    assert list(reflection_periods_ending(investigator, today=last)) == [soon]
    assert soon not in reflection_periods_ending(
        investigator, today=last + datetime.timedelta(days=1)
    )
    assert reflection_period(soon, today=last + datetime.timedelta(days=1)).days_left == -1


def test_a_decision_cannot_close_another_persons_notification(notified, investigator, countries):
    other = PersonFactory(actor=investigator, data__given_name="Other")
    with pytest.raises(ValidationError, match="about another person"):
        services.status_decide(
            actor=investigator,
            person=other,
            status="ActualVictimOfTrafficking",
            decided_on=timezone.localdate(),
            basis="x",
            notification=notified,
        )
    assert not StatusDecision.objects.exists()
    notified.refresh_from_db()
    assert notified.received_at is None
