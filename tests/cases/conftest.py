"""Persons and victims for the cases tests; the users are the personas of tests/personas.py."""

import datetime

import pytest

from ctis.cases import services
from ctis.cases.services import ContactInput, DocumentInput, PersonInput, VictimInput
from ctis.core.models import Country


@pytest.fixture
def outsider(make_user):
    """Staff of an agency that has nothing to do with the record."""
    return make_user("outsider", "sms", "agency_reporter", "agency_head")


@pytest.fixture
def countries(db):
    return {c.code: c for c in Country.objects.filter(code__in=["AZ", "TR", "AE", "RU", "GE"])}


def person_data(countries, **overrides) -> PersonInput:
    values = dict(
        given_name="Leyla",
        family_name="Məmmədova",
        patronymic="Rauf qızı",
        birth_date=datetime.date(1996, 3, 14),
        sex="Feminine",
        citizenships=[countries["AZ"]],
        languages=["az", "ru"],
        address="Bakı şəhəri, Nizami rayonu, Qara Qarayev pr. 12",
        documents=[DocumentInput(kind="IdentityCard", number="AA 1234567", issuer=countries["AZ"])],
        contacts=[ContactInput(kind="Phone", value="+994 50 123 45 67")],
    )
    values.update(overrides)
    return PersonInput(**values)


@pytest.fixture
def victim(investigator, countries):
    person = services.person_create(actor=investigator, data=person_data(countries), prefix="V")
    services.victim_profile_save(
        actor=investigator,
        person=person,
        data=VictimInput(identified_on=datetime.date(2024, 5, 2), forms=["SexualExploitation"]),
    )
    person.refresh_from_db()
    return person


def search(client, query: str):
    """Search the person list as its form does: a POST, then the result page by token."""
    return client.post("/cases/persons/", {"q": query}, follow=True)
