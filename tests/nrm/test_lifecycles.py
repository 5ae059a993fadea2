"""The lifecycles on the person page (consent, stay, case abroad) run on their machines:
the page offers exactly the steps ``allowed`` says, and an illegal step is refused."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from ctis.cases.services import person_create
from ctis.core.errors import InvalidTransition
from ctis.nrm import services
from ctis.nrm.models import AbroadCase, Consent, Stay, SupportAction
from ctis.nrm.selectors import active_consents
from ctis.nrm.services import ActionInput
from ctis.nrm.services.abroad import ABROAD_STEPS
from ctis.nrm.services.assistance import ACTION_STEPS
from ctis.nrm.services.consent import CONSENT_STEPS
from ctis.nrm.services.shelters import STAY_STEPS
from tests.cases.conftest import person_data
from tests.nrm.test_assistance import LEFT, _referred
from tests.personas import log_in


@pytest.fixture
def victim(investigator, countries):
    return person_create(actor=investigator, prefix="V", data=person_data(countries))


def _page(client, person) -> str:
    return client.get(person.get_absolute_url()).content.decode()


def test_consent_is_withdrawn_once_and_offered_while_given(investigator, victim):
    consent = services.consent_record(actor=investigator, person=victim, purpose="referral")
    police = log_in(Client(), investigator)
    url = reverse("nrm:consent_withdraw", args=[victim.pk, consent.pk])
    assert CONSENT_STEPS.allowed(consent, investigator) == ["withdraw"]
    assert url in _page(police, victim)
    services.consent_withdraw(actor=investigator, consent=consent)
    consent = Consent.objects.get(pk=consent.pk)
    assert CONSENT_STEPS.allowed(consent, investigator) == []
    assert url not in _page(police, victim)
    with pytest.raises(InvalidTransition, match="This consent was already withdrawn."):
        services.consent_withdraw(actor=investigator, consent=consent)


def test_a_stay_is_discharged_once_by_the_shelters_agency(
    investigator, agencies, countries, make_user
):
    worker = make_user("shelter", "shelter-mia", "service_provider")
    admin = make_user("admin", "mia", "system_administrator")
    facility = services.facility_save(
        actor=admin, agency=agencies["shelter-mia"], name_az="Sığınacaq", capacity=2
    )
    person = _referred(investigator, worker, agencies, countries)
    stay = services.stay_admit(actor=worker, person=person, facility=facility)
    url = reverse("nrm:stay_discharge", args=[person.pk, stay.pk])
    shelter = log_in(Client(), worker)
    assert STAY_STEPS.allowed(stay, worker) == ["discharge"]
    assert STAY_STEPS.allowed(stay, investigator) == []
    assert url in _page(shelter, person)
    assert url not in _page(log_in(Client(), investigator), person)
    with pytest.raises(PermissionDenied, match="Only the agency that runs the shelter"):
        services.stay_discharge(actor=investigator, stay=stay, **LEFT)
    services.stay_discharge(actor=worker, stay=stay, **LEFT)
    stay = Stay.objects.get(pk=stay.pk)
    assert STAY_STEPS.allowed(stay, worker) == []
    assert url not in _page(shelter, person)
    with pytest.raises(InvalidTransition, match="The person was already discharged."):
        services.stay_discharge(actor=worker, stay=stay, **LEFT)


def test_a_case_abroad_is_closed_once_by_its_agency(investigator, victim, countries, make_user):
    case = services.abroad_case_record(
        actor=investigator, person=victim, country=countries["TR"], situation="x"
    )
    url = reverse("nrm:abroad_close", args=[victim.pk, case.pk])
    police = log_in(Client(), investigator)
    other = make_user("consul", "mfa", "frontline_officer")
    assert ABROAD_STEPS.allowed(case, investigator) == ["repatriated", "closed"]
    assert ABROAD_STEPS.allowed(case, other) == []
    assert url in _page(police, victim)
    services.abroad_case_close(actor=investigator, case=case, status="closed")
    case = AbroadCase.objects.get(pk=case.pk)
    assert ABROAD_STEPS.allowed(case, investigator) == []
    assert url not in _page(police, victim)
    with pytest.raises(InvalidTransition, match="This case is already closed."):
        services.abroad_case_close(actor=investigator, case=case, status="repatriated")


def test_a_support_actions_progress_ends_when_it_is_done(
    investigator, agencies, countries, make_user
):
    worker = make_user("shelter", "shelter-mia", "service_provider")
    person = _referred(investigator, worker, agencies, countries)
    due = timezone.localdate() + datetime.timedelta(days=3)
    plan = services.support_plan_create(
        actor=worker,
        person=person,
        objectives="Independent living",
        actions=[ActionInput("Medical check", agencies["shelter-mia"], due, "medical")],
    )
    action = plan.actions.get()
    url = reverse("nrm:support_action_progress", args=[person.pk, action.pk])
    shelter = log_in(Client(), worker)
    outsider = make_user("ngo", "temiz-dunya", "service_provider")
    assert ACTION_STEPS.allowed(action, worker) == [
        "not_started",
        "in_progress",
        "done",
        "cancelled",
    ]
    assert ACTION_STEPS.allowed(action, outsider) == []
    assert url in _page(shelter, person)
    services.support_action_progress(actor=worker, action=action, progress="in_progress")
    action = SupportAction.objects.get(pk=action.pk)
    assert ACTION_STEPS.allowed(action, worker) == ["in_progress", "done", "cancelled"]
    services.support_action_progress(actor=worker, action=action, progress="done")
    action = SupportAction.objects.get(pk=action.pk)
    assert ACTION_STEPS.allowed(action, worker) == []
    assert url not in _page(shelter, person)
    with pytest.raises(InvalidTransition, match="This action is done; its progress can no longer"):
        services.support_action_progress(actor=worker, action=action, progress="in_progress")
    assert SupportAction.objects.get(pk=action.pk).progress == "done"


def test_the_active_consents_are_the_ones_not_withdrawn_oldest_first(investigator, victim):
    later = services.consent_record(
        actor=investigator, person=victim, purpose="referral", given_on=datetime.date(2024, 6, 1)
    )
    earlier = services.consent_record(
        actor=investigator, person=victim, purpose="assistance", given_on=datetime.date(2024, 5, 1)
    )
    gone = services.consent_record(actor=investigator, person=victim, purpose="data_sharing")
    services.consent_withdraw(actor=investigator, consent=gone)
    assert active_consents(victim) == [earlier, later]
