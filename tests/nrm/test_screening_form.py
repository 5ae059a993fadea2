"""Every kind of indicator set is recorded through the web form, and the sets offered
follow the person's age (issue 11)."""

import copy
import datetime
import json

import pytest
from django.test import Client
from django.utils import timezone

from ctis.cases.services import person_create
from ctis.nrm import services
from ctis.nrm.models import IndicatorSet, Screening
from tests.cases.conftest import person_data
from tests.nrm.test_screening import PRESUMED, TEST_SET
from tests.personas import log_in

CHILD_SET = copy.deepcopy(TEST_SET) | {
    "code": "test-child-labour",
    "population": "child",
    "name_az": "Uşaq sınaq dəsti",
    "name_en": "Child test set",
    "name_ru": "Детский тестовый набор",
}
NATIONAL = "az-cm-131-2009"


@pytest.fixture
def sets(db):
    services.indicator_sets_load_reference()
    services.indicator_sets_import(actor=None, data={"sets": [TEST_SET, CHILD_SET]})
    return {s.code: s for s in IndicatorSet.objects.all()}


def _person(officer, countries, born):
    return person_create(
        actor=officer,
        prefix="V",
        data=person_data(countries, birth_date=born),
    )


def _years_ago(years: int) -> datetime.date:
    today = timezone.localdate()
    return today.replace(year=today.year - years, month=1, day=1)


def _post(client, person, indicator_set, codes):
    ids = [str(i.pk) for i in indicator_set.indicators.filter(code__in=codes)]
    return client.post(
        f"/nrm/persons/{person.pk}/screen/",
        {
            "set": indicator_set.code,
            "screened_on": timezone.localdate().isoformat(),
            "indicators": ids,
        },
    )


def test_a_checklist_is_recorded_through_the_form(sets, officer, countries):
    person = _person(officer, countries, _years_ago(30))
    client = log_in(Client(), officer)
    response = _post(client, person, sets["ilo-forced-labour"], ["deception", "debt-bondage"])
    screening = Screening.objects.get()
    assert response.status_code == 302 and response["Location"] == screening.get_absolute_url()
    assert screening.result == "recorded" and screening.dimensions == {}
    detail = client.get(response["Location"]).content.decode()
    assert "Deception" in detail and "Debt bondage" in detail


def test_an_ilo_ec_set_is_recorded_through_the_form(sets, officer, countries):
    person = _person(officer, countries, _years_ago(30))
    response = _post(log_in(Client(), officer), person, sets["test-adult-labour"], PRESUMED)
    assert response.status_code == 302
    assert Screening.objects.get().result == "presumed_victim"


def test_a_child_set_is_recorded_for_a_child(sets, officer, countries):
    child = _person(officer, countries, _years_ago(13))
    response = _post(log_in(Client(), officer), child, sets["test-child-labour"], PRESUMED)
    assert response.status_code == 302
    screening = Screening.objects.get()
    assert screening.population == "child" and screening.result == "presumed_victim"


def test_the_national_frame_once_filled_is_recorded_for_adults_and_children(
    sets, officer, countries, admin
):
    frame = next(
        row
        for row in json.loads(services.REFERENCE_SETS.read_text(encoding="utf-8"))["sets"]
        if row["code"] == NATIONAL
    )
    frame["indicators"] = [
        {
            "code": "n1",
            "text_az": "Sınaq göstəricisi",
            "text_en": "A test indicator",
            "text_ru": "Тестовый индикатор",
        }
    ]
    services.indicator_sets_import(actor=admin, data={"sets": [frame]}, replace=False)
    client = log_in(Client(), officer)
    for years, population in ((13, "child"), (30, "adult")):
        person = _person(officer, countries, _years_ago(years))
        assert _post(client, person, sets[NATIONAL], ["n1"]).status_code == 302
        screening = Screening.objects.get(person=person)
        assert screening.result == "recorded" and screening.population == population


def test_a_thirteen_year_old_is_offered_the_sets_for_children(sets, officer, countries):
    services.indicator_sets_import(
        actor=None,
        data={"sets": [copy.deepcopy(TEST_SET) | {"code": "x", "national": True}]},
    )
    child = _person(officer, countries, _years_ago(13))
    page = log_in(Client(), officer).get(f"/nrm/persons/{child.pk}/screen/").content.decode()
    assert "Child test set" in page
    assert 'value="test-adult-labour"' not in page
    assert 'value="ilo-forced-labour"' not in page
    assert "sets for children" in page


def test_an_adult_is_offered_the_sets_for_adults(sets, officer, countries):
    adult = _person(officer, countries, _years_ago(30))
    page = log_in(Client(), officer).get(f"/nrm/persons/{adult.pk}/screen/").content.decode()
    assert 'value="test-adult-labour"' in page and 'value="ilo-forced-labour"' in page
    assert 'value="test-child-labour"' not in page


def test_without_a_year_of_birth_both_are_offered_and_the_page_says_why(sets, officer, countries):
    person = person_create(actor=officer, prefix="V", data=person_data(countries, birth_date=None))
    page = log_in(Client(), officer).get(f"/nrm/persons/{person.pk}/screen/").content.decode()
    assert 'value="test-adult-labour"' in page and 'value="test-child-labour"' in page
    assert "year of birth is not recorded" in page


def test_an_adult_set_posted_for_a_child_is_refused_and_nothing_saved(sets, officer, countries):
    child = _person(officer, countries, _years_ago(13))
    response = _post(log_in(Client(), officer), child, sets["test-adult-labour"], PRESUMED)
    assert response.status_code == 200
    assert "for adults" in response.content.decode()
    assert not Screening.objects.exists()


def test_sets_not_ready_are_named_with_how_to_load_them(sets, officer, countries, admin):
    person = _person(officer, countries, _years_ago(30))
    page = log_in(Client(), officer).get(f"/nrm/persons/{person.pk}/screen/").content.decode()
    assert "Not ready to use" in page
    assert "ILO/EC operational indicators: adults, sexual exploitation" in page
    assert 'value="ilo-ec-adult-sexual"' not in page  # named, not offered
    listing = log_in(Client(), admin).get("/nrm/indicator-sets/").content.decode()
    assert "Ready to use" in listing and "Not ready" in listing
    assert "ctis nrm import-set" in listing


def test_the_national_indicators_frame_is_shipped_for_the_administrator_to_fill(sets):
    frame = sets[NATIONAL]
    assert frame.national and frame.rule == "checklist" and frame.population == "any"
    assert "131" in frame.name_az and "2009" in frame.name_az
    assert not frame.indicators.exists()


def test_a_rule_set_form_says_before_saving_that_a_presumed_victim_is_notified(
    sets, officer, countries
):
    person = _person(officer, countries, _years_ago(30))
    client = log_in(Client(), officer)
    url = f"/nrm/persons/{person.pk}/screen/"
    ruled = client.get(url, {"set": "test-adult-labour"}).content.decode()
    assert "the special police unit is notified as soon as you save" in ruled
    checklist = client.get(url, {"set": "ilo-forced-labour"}).content.decode()
    assert "the special police unit is notified" not in checklist
