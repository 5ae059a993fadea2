"""A service's refusal that names no field (``ValidationError("...")``) reaches the user
as a message on the page, with nothing saved, on every NRM form page: never a server
error.

Today's forms catch most bad input before the service does, so these tests make the
service refuse as a whole: the real service runs, then its transaction rolls back with a
refusal that names no field, as a rule of its own would."""

import pytest
from django.core.exceptions import ValidationError
from django.db import transaction
from django.test import Client
from django.utils import timezone

from ctis.cases.services import person_create
from ctis.nrm import services
from ctis.nrm.models import (
    AllowanceRate,
    Facility,
    Notification,
    Referral,
    StatusDecision,
    SupportPlan,
)
from tests.cases.conftest import person_data
from tests.nrm.test_assistance import _referred
from tests.nrm.test_screening import PRESUMED
from tests.personas import log_in

REFUSAL = "Refused as a whole, for a reason that names no field."


@pytest.fixture
def refusing(monkeypatch):
    """Make the named service run, then refuse without naming a field."""

    def patch(name: str) -> None:
        real = getattr(services, name)

        def refuse(**kwargs):
            with transaction.atomic():
                real(**kwargs)
                raise ValidationError(REFUSAL)

        monkeypatch.setattr(services, name, refuse)

    return patch


def _shown(response) -> bool:
    return response.status_code == 200 and REFUSAL in response.content.decode()


def test_a_status_decision_refused_without_a_field(
    refusing, test_set, officer, person, investigator
):
    services.screening_record(actor=officer, person=person, indicator_set=test_set, codes=PRESUMED)
    notification = Notification.objects.get()
    refusing("status_decide")
    response = log_in(Client(), investigator).post(
        notification.get_absolute_url(),
        {
            "status": "ActualVictimOfTrafficking",
            "decided_on": timezone.localdate().isoformat(),
            "basis": "Interview",
            "exploitation": ["ForcedLabour"],
        },
    )
    assert _shown(response)
    assert not StatusDecision.objects.exists()


def test_a_referral_refused_without_a_field(refusing, investigator, agencies, countries):
    police = log_in(Client(), investigator)
    own = person_create(actor=investigator, prefix="V", data=person_data(countries))
    services.consent_record(actor=investigator, person=own, purpose="referral")
    refusing("referral_send")
    response = police.post(
        f"/nrm/persons/{own.pk}/refer/",
        {
            "to": agencies["shelter-mia"].pk,
            "reason": "Shelter",
            "services": ["shelter"],
            "parts": ["names"],
        },
    )
    assert _shown(response)
    assert not Referral.objects.exists()


def test_a_shelter_refused_without_a_field(refusing, admin, agencies):  # noqa: F811
    refusing("facility_save")
    response = log_in(Client(), admin).post(
        "/nrm/shelters/",
        {"agency": agencies["shelter-mia"].pk, "name_az": "Yeni sığınacaq", "capacity": "4"},
    )
    assert _shown(response)
    assert not Facility.objects.filter(name_az="Yeni sığınacaq").exists()


def test_an_allowance_rate_refused_without_a_field(refusing, admin):  # noqa: F811
    refusing("allowance_rate_set")
    before = AllowanceRate.objects.count()
    response = log_in(Client(), admin).post(
        "/nrm/shelters/",
        {"rate": "1", "kind": "one_time_allowance", "amount": "800", "valid_from": "2024-01-01"},
    )
    assert _shown(response)
    assert AllowanceRate.objects.count() == before


def test_a_support_plan_refused_without_a_field(
    refusing,
    investigator,
    shelter_worker,  # noqa: F811
    agencies,
    countries,
):
    person = _referred(investigator, shelter_worker, agencies, countries)
    worker = log_in(Client(), shelter_worker)
    refusing("support_plan_create")
    response = worker.post(
        f"/nrm/persons/{person.pk}/support-plans/new/",
        {
            "objectives": "Live independently",
            "action_1": "Vocational course",
            "responsible_1": agencies["assistance-centre"].pk,
            "due_on_1": timezone.localdate().isoformat(),
        },
    )
    assert _shown(response)
    assert not SupportPlan.objects.exists()
