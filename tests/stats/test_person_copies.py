"""The copies that the statistics count from (the person's ``citizenship_class``,
``exploited_mask``, the prosecution's ``accused_sex``) follow the citizenships, the
trafficking events and the person's sex as they change, and the migrations that added them
filled them for the records already stored."""

from __future__ import annotations

import dataclasses
import importlib

import pytest
from django.apps import apps

from ctis.cases.choices import EventKind
from ctis.cases.inputs import EventInput, PersonInput
from ctis.cases.models import Person
from ctis.cases.services import event_add, event_remove, person_update
from ctis.stats.figures import annual
from ctis.stats.periods import Period
from ctis.stats.selectors.victims import countries_of_exploitation
from tests.factories import country
from tests.stats import builders

pytestmark = pytest.mark.django_db

migration = importlib.import_module("ctis.cases.migrations.0014_person_statistics_copies")


def _victims() -> dict:
    return annual(Period.years(2020))["victims"]


def _countries() -> dict:
    return countries_of_exploitation(Period.years(2020))


def _input(person: Person, **changes) -> PersonInput:
    data = PersonInput(
        given_name=person.given_name,
        family_name=person.family_name or "",
        birth_year=person.birth_year,
        sex=person.sex,
        citizenships=list(person.citizenships.all()),
    )
    return dataclasses.replace(data, **changes)


def test_a_change_of_citizenship_moves_the_victim_between_citizens_and_foreigners(investigator):
    person = builders.victim(investigator, citizenships=("AZ",))
    assert (_victims()["citizens"], _victims()["foreigners"]) == (1, 0)

    person = person_update(
        actor=investigator,
        person=person,
        version=Person.objects.get(pk=person.pk).version,
        data=_input(person, citizenships=[country("UZ")]),
    )
    victims = _victims()
    assert (victims["citizens"], victims["foreigners"]) == (0, 1)
    assert victims["foreigners_by_country"] == {"UZB": 1}

    person_update(
        actor=investigator,
        person=person,
        version=Person.objects.get(pk=person.pk).version,
        data=_input(person, citizenships=[]),
    )
    victims = _victims()
    assert (victims["citizens"], victims["foreigners"], victims["citizenship_unknown"]) == (0, 0, 1)
    assert victims["foreigners_by_country"] == {}


def test_events_added_and_removed_move_the_victim_between_places_of_exploitation(investigator):
    person = builders.victim(investigator, exploited_in=())
    victims = _victims()
    assert (victims["exploited_internally"], victims["exploited_abroad"]) == (0, 0)
    assert victims["country_not_recorded"] == 1

    here = event_add(
        actor=investigator,
        victim=person.victim,
        data=EventInput(kind=EventKind.EXPLOITATION, country=country("AZ")),
    )
    # Recruitment abroad is not exploitation abroad.
    event_add(
        actor=investigator,
        victim=person.victim,
        data=EventInput(kind=EventKind.RECRUITMENT, country=country("GE")),
    )
    away = event_add(
        actor=investigator,
        victim=person.victim,
        data=EventInput(kind=EventKind.EXPLOITATION, country=country("TR")),
    )
    victims = _victims()
    assert (victims["exploited_internally"], victims["exploited_abroad"]) == (1, 1)
    assert victims["country_not_recorded"] == 0
    assert Person.objects.get(pk=person.pk).exploited_countries == "AZ,TR"
    assert set(_countries()) == {"AZE", "TUR"}  # recruitment in Georgia is not exploitation

    event_remove(actor=investigator, event=here)
    victims = _victims()
    assert (victims["exploited_internally"], victims["exploited_abroad"]) == (0, 1)
    assert _countries() == {"TUR": {"victims": 1, "by_form": {"SexualExploitation": 1}}}

    event_remove(actor=investigator, event=away)
    victims = _victims()
    assert (victims["exploited_abroad"], victims["country_not_recorded"]) == (0, 1)
    assert Person.objects.get(pk=person.pk).exploited_countries == "" and _countries() == {}


def test_the_migration_fills_the_copies_of_persons_stored_before_it(investigator):
    citizen = builders.victim(investigator, citizenships=("AZ", "RU"), exploited_in=("AZ", "TR"))
    foreigner = builders.victim(investigator, citizenships=("UZ",), exploited_in=("RU",))
    unknown = builders.victim(investigator, citizenships=(), exploited_in=())
    expected = {
        pk: (c, e)
        for pk, c, e in Person.objects.values_list("pk", "citizenship_class", "exploited_mask")
    }
    assert expected[citizen.pk] == ("citizen", 3)
    assert expected[foreigner.pk] == ("foreigner", 2)
    assert expected[unknown.pk] == ("", 0)
    Person.objects.update(citizenship_class="", exploited_mask=0)  # as stored before it

    migration.forwards(apps, None)

    assert {
        pk: (c, e)
        for pk, c, e in Person.objects.values_list("pk", "citizenship_class", "exploited_mask")
    } == expected


def test_migration_0017_copies_the_accused_sex_onto_the_prosecutions_stored_before_it(
    investigator,
):
    from django.db import connection

    from ctis.cases.models import Prosecution

    copy_sex = importlib.import_module("ctis.cases.migrations.0017_prosecution_accused_sex")
    criminal_case = builders.case(investigator)
    woman = builders.accused(investigator, sex="Feminine")
    man = builders.accused(investigator, sex="Masculine")
    for person in (woman, man):
        builders.prosecute(investigator, criminal_case, person)
    Prosecution.objects.update(accused_sex="NonSpecifiedUnknown")  # as stored before it

    with connection.cursor() as cursor:
        cursor.execute(copy_sex.COPY_SEX)

    assert dict(Prosecution.objects.values_list("accused_id", "accused_sex")) == {
        woman.pk: "Feminine",
        man.pk: "Masculine",
    }


def test_migration_0018_copies_the_countries_of_exploitation_onto_the_persons(investigator):
    countries = importlib.import_module("ctis.cases.migrations.0018_person_exploited_countries")
    two = builders.victim(investigator, exploited_in=("TR", "AE", "TR"))
    none = builders.victim(investigator, exploited_in=())
    expected = dict(Person.objects.values_list("pk", "exploited_countries"))
    assert (expected[two.pk], expected[none.pk]) == ("AE,TR", "")
    Person.objects.update(exploited_countries="")  # as stored before it

    countries.forwards(apps, None)

    assert dict(Person.objects.values_list("pk", "exploited_countries")) == expected
