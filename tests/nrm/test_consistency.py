"""Rules the referral mechanism keeps (issue 11) and its date and text bounds (issue 10):
refused by the service with nothing saved, by the page with the message beside the field
(or, for a panel posted from the person page, in a message), and by the database where a
constraint can say it."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, connection, transaction
from django.test import Client
from django.utils import timezone

from ctis.audit.models import AuditEntry
from ctis.core import bounds
from ctis.nrm import services
from ctis.nrm.models import (
    Notification,
    Referral,
    ServiceDelivery,
    StatusDecision,
    SupportAction,
    SupportPlan,
)
from ctis.nrm.services import ActionInput, ServiceInput
from tests.factories import ReferralFactory
from tests.nrm.test_screening import PRESUMED
from tests.personas import log_in

REASON = "Her documents were taken; she asked us for help with them"


def _error_beside(page: str, field: str, text: str) -> bool:
    return f'id="id_{field}_error"' in page and text in page


@pytest.fixture
def referred(investigator, shelter_worker, agencies):
    """A person referred to the police shelter for shelter and medical help; accepted."""
    referral = ReferralFactory(
        actor=investigator,
        person__data__given_name="Leyla",
        data__to_agency=agencies["shelter-mia"],
        data__services=["shelter", "medical"],
        accept=shelter_worker,
    )
    return referral.person


# A service the referral did not ask for ---------------------------------------------------


def test_a_service_not_asked_for_needs_a_reason(shelter_worker, referred):
    today = timezone.localdate()
    with pytest.raises(ValidationError) as refused:
        services.service_record(
            actor=shelter_worker,
            person=referred,
            data=ServiceInput(kind="legal_aid", delivered_on=today),
        )
    message = str(refused.value.message_dict["unrequested_reason"])
    assert "did not ask for this service" in message and "Medical help" in message
    assert not ServiceDelivery.objects.exists()


def test_with_a_reason_it_is_recorded_sealed_and_kept_out_of_the_audit(shelter_worker, referred):
    delivery = services.service_record(
        actor=shelter_worker,
        person=referred,
        data=ServiceInput(
            kind="legal_aid", delivered_on=timezone.localdate(), unrequested_reason=REASON
        ),
    )
    assert ServiceDelivery.objects.with_sealed().get(pk=delivery.pk).unrequested_reason == REASON
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT unrequested_reason FROM nrm_servicedelivery WHERE id = %s",
            [delivery.pk.hex] if connection.vendor == "sqlite" else [delivery.pk],
        )
        stored = cursor.fetchone()[0]
    assert stored and REASON not in stored  # sealed at rest
    entry = AuditEntry.objects.filter(action="nrm.service.record").latest("pk")
    assert REASON not in str(entry.changes)
    assert "unrequested_reason" in entry.changes["fields"]["after"]


def test_a_service_asked_for_needs_no_reason_and_keeps_none(shelter_worker, referred):
    delivery = services.service_record(
        actor=shelter_worker,
        person=referred,
        data=ServiceInput(
            kind="medical", delivered_on=timezone.localdate(), unrequested_reason="x"
        ),
    )
    assert ServiceDelivery.objects.with_sealed().get(pk=delivery.pk).unrequested_reason is None


def test_a_person_the_agency_met_itself_needs_no_reason(provider, countries):
    from ctis.cases.services import person_create
    from tests.cases.conftest import person_data

    own = person_create(actor=provider, prefix="V", data=person_data(countries))
    services.service_record(
        actor=provider,
        person=own,
        data=ServiceInput(kind="legal_aid", delivered_on=timezone.localdate()),
    )
    assert ServiceDelivery.objects.count() == 1


def test_the_person_page_says_why_the_service_was_not_recorded(shelter_worker, referred):
    client = log_in(Client(), shelter_worker)
    response = client.post(
        f"/nrm/persons/{referred.pk}/services/",
        {"kind": "legal_aid", "delivered_on": timezone.localdate().isoformat()},
        follow=True,
    )
    assert response.status_code == 200
    assert "did not ask for this service" in response.content.decode()
    assert not ServiceDelivery.objects.exists()


# An actual victim decision names a form of exploitation ------------------------------------


@pytest.fixture
def notified(test_set, officer, person):
    services.screening_record(actor=officer, person=person, indicator_set=test_set, codes=PRESUMED)
    return Notification.objects.get()


def test_an_actual_victim_decision_without_a_form_is_refused(investigator, notified, person):
    with pytest.raises(ValidationError) as refused:
        services.status_decide(
            actor=investigator,
            person=person,
            status="ActualVictimOfTrafficking",
            decided_on=timezone.localdate(),
            basis="Interview",
            notification=notified,
        )
    assert "form of exploitation" in str(refused.value.message_dict["forms"])
    assert not StatusDecision.objects.exists()
    person.refresh_from_db()
    assert person.victim_status == ""


def test_not_a_victim_needs_no_form(investigator, notified, person):
    services.status_decide(
        actor=investigator,
        person=person,
        status="NotAVictimOfTrafficking",
        decided_on=timezone.localdate(),
        basis="Interview",
        notification=notified,
    )
    assert StatusDecision.objects.count() == 1


def test_the_decision_page_asks_for_the_forms_beside_them(investigator, notified):
    client = log_in(Client(), investigator)
    data = {
        "status": "ActualVictimOfTrafficking",
        "decided_on": timezone.localdate().isoformat(),
        "basis": "Interview",
    }
    response = client.post(notified.get_absolute_url(), data)
    assert response.status_code == 200
    assert _error_beside(response.content.decode(), "exploitation", "form of exploitation")
    assert not StatusDecision.objects.exists()
    decided = client.post(notified.get_absolute_url(), {**data, "exploitation": ["ForcedLabour"]})
    assert decided.status_code == 302
    assert notified.person.victim.forms == ["ForcedLabour"]


def test_a_decision_dated_in_the_year_one_is_told_beside_the_date(investigator, notified):
    client = log_in(Client(), investigator)
    response = client.post(
        notified.get_absolute_url(),
        {
            "status": "NotAVictimOfTrafficking",
            "decided_on": "0001-01-01",
            "basis": "Interview",
        },
    )
    assert response.status_code == 200
    assert _error_beside(response.content.decode(), "decided_on", "Enter a date on or after")
    assert not StatusDecision.objects.exists()


def test_a_decision_basis_over_its_limit_is_refused_before_sealing(investigator, notified, person):
    with pytest.raises(ValidationError) as refused:
        services.status_decide(
            actor=investigator,
            person=person,
            status="NotAVictimOfTrafficking",
            decided_on=timezone.localdate(),
            basis="x" * (bounds.NOTE + 1),
            notification=notified,
        )
    assert "at most 4000 characters" in str(refused.value.message_dict["basis"])
    assert not StatusDecision.objects.exists()


# A support-plan action is not due before it was set ---------------------------------------


def _action(agencies, due_on):
    return ActionInput("Vocational course", agencies["assistance-centre"], due_on)


def test_an_action_due_before_it_is_set_is_refused(shelter_worker, referred, agencies):
    yesterday = timezone.localdate() - datetime.timedelta(days=1)
    with pytest.raises(ValidationError) as refused:
        services.support_plan_create(
            actor=shelter_worker,
            person=referred,
            objectives="Live independently",
            actions=[_action(agencies, yesterday)],
        )
    assert "due before today" in str(refused.value.message_dict["actions"])
    assert not SupportPlan.objects.exists() and not SupportAction.objects.exists()


def test_an_action_due_too_far_ahead_is_refused(shelter_worker, referred, agencies):
    with pytest.raises(ValidationError) as refused:
        services.support_plan_create(
            actor=shelter_worker,
            person=referred,
            objectives="Live independently",
            actions=[_action(agencies, datetime.date(9999, 1, 1))],
        )
    assert "no later than" in str(refused.value.message_dict["actions"])
    assert not SupportPlan.objects.exists()


def test_the_plan_page_says_it_beside_the_due_date(shelter_worker, referred, agencies):
    client = log_in(Client(), shelter_worker)
    yesterday = timezone.localdate() - datetime.timedelta(days=1)
    response = client.post(
        f"/nrm/persons/{referred.pk}/support-plans/new/",
        {
            "objectives": "Live independently",
            "action_1": "Vocational course",
            "responsible_1": agencies["assistance-centre"].pk,
            "due_on_1": yesterday.isoformat(),
        },
    )
    assert response.status_code == 200
    assert _error_beside(response.content.decode(), "due_on_1", "due before today")
    assert not SupportPlan.objects.exists()


def test_the_database_refuses_an_action_due_before_it_was_set(shelter_worker, referred, agencies):
    plan = services.support_plan_create(
        actor=shelter_worker,
        person=referred,
        objectives="Live independently",
        actions=[_action(agencies, timezone.localdate())],
    )
    action = plan.actions.get()
    with pytest.raises(IntegrityError), transaction.atomic():
        SupportAction.objects.filter(pk=action.pk).update(
            due_on=action.created_at.date() - datetime.timedelta(days=2)
        )


# Raw POST values and text limits ----------------------------------------------------------


@pytest.mark.parametrize(
    "reason, message",
    [("No place\x00left", "Null characters are not allowed."), ("x" * 4001, "at most 4000")],
)
def test_a_decline_reason_posted_raw_is_refused_with_a_message(
    investigator, shelter_worker, agencies, reason, message
):
    referral = ReferralFactory(
        actor=investigator,
        person__data__given_name="Leyla",
        data__to_agency=agencies["shelter-mia"],
    )
    client = log_in(Client(), shelter_worker)
    response = client.post(
        referral.get_absolute_url(), {"step": "decline", "reason": reason}, follow=True
    )
    assert response.status_code == 200
    assert message in response.content.decode()
    referral.refresh_from_db()
    assert referral.state == "sent" and referral.decline_reason == ""


def test_the_database_refuses_a_decline_reason_over_its_limit(investigator, agencies):
    referral = ReferralFactory(actor=investigator, data__to_agency=agencies["shelter-mia"])
    with pytest.raises(IntegrityError), transaction.atomic():
        Referral.objects.filter(pk=referral.pk).update(decline_reason="x" * (bounds.NOTE + 1))


def test_the_reason_is_shown_with_the_service_once_the_identity_is_open(shelter_worker, referred):
    services.service_record(
        actor=shelter_worker,
        person=referred,
        data=ServiceInput(
            kind="legal_aid", delivered_on=timezone.localdate(), unrequested_reason=REASON
        ),
    )
    client = log_in(Client(), shelter_worker)
    closed = client.get(referred.get_absolute_url()).content.decode()
    assert "Legal aid" in closed and REASON not in closed
    opened = client.post(
        f"/cases/persons/{referred.pk}/identity/", {"purpose": "assistance", "note": ""}
    )
    assert opened.status_code == 302
    page = client.get(referred.get_absolute_url()).content.decode()
    assert "Not asked for by the referral:" in page and REASON in page
