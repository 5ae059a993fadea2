"""Citizens harmed abroad: recorded confidentially, repatriated with a return certificate."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import Client
from django.utils import timezone

from ctis.cases.services import person_create
from ctis.core.errors import InvalidTransition
from ctis.core.models import Country
from ctis.nrm import services
from ctis.nrm.models import AbroadCase
from tests.cases.conftest import person_data
from tests.personas import log_in


@pytest.fixture
def consul(make_user):
    return make_user("consul", "mfa", "frontline_officer")


@pytest.fixture
def citizen(consul, countries):
    return person_create(actor=consul, prefix="V", data=person_data(countries))


def test_record_then_repatriate_with_the_certificate(consul, citizen, countries):
    case = services.abroad_case_record(
        actor=consul,
        person=citizen,
        country=countries["TR"],
        situation="Passport taken by the employer",
        place="Antalya",
    )
    with pytest.raises(ValidationError, match="Record the repatriation"):
        services.abroad_case_close(actor=consul, case=case, status="repatriated")
    services.service_record(
        actor=consul,
        person=citizen,
        data=services.ServiceInput(
            kind="repatriation", delivered_on=timezone.localdate(), certificate_number="RC-1"
        ),
    )
    closed = services.abroad_case_close(actor=consul, case=case, status="repatriated")
    assert closed.status == "repatriated"


def test_only_the_recording_agency_closes(consul, citizen, countries, make_user):
    case = services.abroad_case_record(
        actor=consul, person=citizen, country=countries["TR"], situation="x"
    )
    other = make_user("other", "sms", "frontline_officer")
    with pytest.raises(PermissionDenied):
        services.abroad_case_close(actor=other, case=case, status="closed")


def test_repatriated_after_the_return_is_recorded(investigator, countries):
    person = person_create(actor=investigator, prefix="V", data=person_data(countries))
    case = services.abroad_case_record(
        actor=investigator, person=person, country=countries["AE"], situation="Held in Dubai"
    )
    services.service_record(
        actor=investigator,
        person=person,
        data=services.ServiceInput(
            kind="repatriation", delivered_on=timezone.localdate(), certificate_number="RC-7"
        ),
    )
    closed = services.abroad_case_close(actor=investigator, case=case, status="repatriated")
    assert closed.status == "repatriated" and closed.closed_on == timezone.localdate()
    with pytest.raises(InvalidTransition):
        services.abroad_case_close(actor=investigator, case=closed, status="closed")


@pytest.mark.parametrize(
    ("values", "field"),
    [
        (dict(country=None), "country"),
        (dict(country="AZ"), "country"),
        (dict(situation=" "), "situation"),
    ],
)
def test_a_case_explains_what_is_missing(consul, citizen, countries, values, field):
    data = dict(country=countries["TR"], situation="x")
    data.update(values)
    if data["country"] == "AZ":
        data["country"] = Country.objects.get(code="AZ")
    with pytest.raises(ValidationError) as refused:
        services.abroad_case_record(actor=consul, person=citizen, **data)
    assert field in refused.value.message_dict
    assert not AbroadCase.objects.exists()


def test_the_page_records_and_keeps_it_to_the_holder(consul, citizen, countries, analyst):
    client = log_in(Client(), consul)
    response = client.post(
        f"/nrm/persons/{citizen.pk}/abroad/",
        {
            "country": "TR",
            "place": "Antalya",
            "situation": "Passport taken",
            "reported_on": timezone.localdate().isoformat(),
        },
    )
    assert response.status_code == 302 and AbroadCase.objects.count() == 1
    page = client.get(citizen.get_absolute_url()).content.decode()
    # The situation and place are sealed: shown once the identity is opened with a purpose.
    assert "Harmed abroad" in page and "Passport taken" not in page and "Antalya" not in page
    client.post(f"/cases/persons/{citizen.pk}/identity/", {"purpose": "assistance"})
    page = client.get(citizen.get_absolute_url()).content.decode()
    assert "Passport taken" in page and "Antalya" in page
    analyst = log_in(Client(), analyst)
    assert "Passport taken" not in analyst.get(citizen.get_absolute_url()).content.decode()
