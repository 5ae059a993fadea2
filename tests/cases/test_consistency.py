"""Rules the unified database keeps (issue 11) and the bounds of its dates and texts
(issue 10): each refused by the service (nothing saved), by the page (the message beside
the field, nothing saved) and, where a constraint can say it, by the database."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.test import Client

from ctis.cases import services
from ctis.cases.inputs import ProsecutionInput, VictimInput
from ctis.cases.models import (
    CaseParticipant,
    Crime,
    CriminalCodeArticle,
    Person,
    Prosecution,
    VictimProfile,
    WantedChange,
)
from ctis.core import bounds
from tests.cases.conftest import person_data
from tests.factories import CaseInputFactory, CriminalCaseFactory, PersonFactory
from tests.personas import log_in

YEAR_ONE = "0001-01-01"


def _error_beside(page: str, field: str, text: str) -> bool:
    return f'id="id_{field}_error"' in page and text in page


@pytest.fixture
def case(investigator):
    return CriminalCaseFactory(actor=investigator)


@pytest.fixture
def suspect(investigator, countries):
    return PersonFactory(actor=investigator, prefix="P", data__given_name="Elçin")


# A perpetrator wanted abroad ------------------------------------------------------------


def test_a_person_wanted_abroad_with_a_caught_date_is_refused(investigator, case, suspect):
    with pytest.raises(ValidationError) as refused:
        services.participant_add(
            actor=investigator,
            case=case,
            person=suspect,
            role="Perpetrator",
            wanted="Abroad",
            caught_on=datetime.date(2024, 3, 1),
        )
    assert "wanted abroad has not been caught" in str(refused.value.message_dict["caught_on"])
    assert not CaseParticipant.objects.exists()


def test_the_page_says_it_beside_the_caught_date(investigator, case, suspect):
    client = log_in(Client(), investigator)
    response = client.post(
        f"/cases/criminal-cases/{case.pk}/persons/new/",
        {
            "person": suspect.code,
            "role": "Perpetrator",
            "wanted": "Abroad",
            "caught_on": "2024-03-01",
        },
    )
    assert response.status_code == 200
    assert _error_beside(response.content.decode(), "caught_on", "wanted abroad")
    assert not CaseParticipant.objects.exists()


def test_the_database_refuses_a_caught_date_for_someone_wanted_abroad(case, suspect):
    with pytest.raises(IntegrityError), transaction.atomic():
        CaseParticipant.objects.create(
            case=case,
            person=suspect,
            role="Perpetrator",
            wanted="Abroad",
            caught_on=datetime.date(2024, 3, 1),
        )


def _conviction() -> ProsecutionInput:
    return ProsecutionInput(
        court="Bakı Ağır Cinayətlər Məhkəməsi",
        verdict_on=datetime.date(2024, 11, 5),
        outcome="Convicted",
        sentence="Imprisonment",
        term_months=96,
    )


def test_no_conviction_while_still_wanted_abroad(investigator, case, suspect):
    services.participant_add(
        actor=investigator, case=case, person=suspect, role="Perpetrator", wanted="Abroad"
    )
    with pytest.raises(ValidationError) as refused:
        services.prosecution_save(
            actor=investigator, case=case, accused=suspect, data=_conviction(), version=0
        )
    assert "still wanted abroad" in str(refused.value.message_dict["outcome"])
    assert not Prosecution.objects.exists()
    # Caught (linked again as caught), the conviction is recorded.
    services.participant_remove(actor=investigator, participant=CaseParticipant.objects.get())
    services.participant_add(
        actor=investigator,
        case=case,
        person=suspect,
        role="Perpetrator",
        wanted="Caught",
        caught_on=datetime.date(2024, 6, 1),
    )
    services.prosecution_save(
        actor=investigator, case=case, accused=suspect, data=_conviction(), version=0
    )
    assert Prosecution.objects.get().outcome == "Convicted"


def test_the_prosecution_page_says_it_beside_the_outcome(investigator, case, suspect):
    services.participant_add(
        actor=investigator, case=case, person=suspect, role="Perpetrator", wanted="Abroad"
    )
    client = log_in(Client(), investigator)
    response = client.post(
        f"/cases/criminal-cases/{case.pk}/prosecutions/",
        {
            "accused": suspect.code,
            "court": "Bakı Ağır Cinayətlər Məhkəməsi",
            "verdict_on": "2024-11-05",
            "outcome": "Convicted",
            "sentence": "Imprisonment",
            "term_months": "96",
            "version": "0",
        },
    )
    assert response.status_code == 200
    assert _error_beside(response.content.decode(), "outcome", "still wanted abroad")
    assert not Prosecution.objects.exists()


# An actual victim has a form of exploitation ----------------------------------------------


def test_an_actual_victim_without_a_form_of_exploitation_is_refused(investigator, countries):
    person = services.person_create(actor=investigator, prefix="V", data=person_data(countries))
    with pytest.raises(ValidationError) as refused:
        services.victim_profile_save(
            actor=investigator,
            person=person,
            data=VictimInput(
                status="ActualVictimOfTrafficking",
                status_decided_by=investigator.agency,
                status_decided_on=datetime.date(2024, 5, 2),
                identified_on=datetime.date(2024, 5, 1),
            ),
        )
    assert "at least one form of exploitation" in str(refused.value.message_dict["forms"])
    assert not VictimProfile.objects.exists()


def test_the_victim_page_says_it_beside_the_forms(investigator, countries):
    person = services.person_create(actor=investigator, prefix="V", data=person_data(countries))
    client = log_in(Client(), investigator)
    client.post(f"/cases/persons/{person.pk}/identity/", {"purpose": "investigation", "note": ""})
    response = client.post(
        f"/cases/persons/{person.pk}/victim/",
        {
            "status": "ActualVictimOfTrafficking",
            "status_decided_by": investigator.agency_id,
            "status_decided_on": "2024-05-02",
            "identified_on": "2024-05-01",
            "version": person.version,
        },
    )
    assert response.status_code == 200
    assert _error_beside(response.content.decode(), "exploitation", "form of exploitation")
    assert not VictimProfile.objects.exists()


def test_the_database_refuses_an_actual_victim_without_forms(victim):
    with pytest.raises(IntegrityError), transaction.atomic():
        Person.objects.filter(pk=victim.pk).update(
            victim_status="ActualVictimOfTrafficking", forms_mask=0
        )


# Date bounds ------------------------------------------------------------------------------


def test_a_birth_date_in_the_year_one_is_refused_by_the_service(investigator, countries):
    with pytest.raises(ValidationError) as refused:
        services.person_create(
            actor=investigator,
            prefix="V",
            data=person_data(countries, birth_date=datetime.date(1, 1, 1)),
        )
    assert "on or after" in str(refused.value.message_dict["birth_date"])
    assert not Person.objects.exists()


def test_a_birth_date_in_the_year_one_is_told_beside_the_field(investigator):
    client = log_in(Client(), investigator)
    response = client.post(
        "/cases/persons/new/",
        {"role": "victim", "given_name": "Aysel", "sex": "Feminine", "birth_date": YEAR_ONE},
    )
    assert response.status_code == 200
    page = response.content.decode()
    assert _error_beside(page, "birth_date", "Enter a date on or after")
    assert "1900" in page  # the message says the bound
    assert Person.objects.count() == 0


@pytest.mark.parametrize("field", ["identified_on", "status_decided_on"])
def test_a_victim_date_before_1990_is_refused(investigator, countries, field):
    person = services.person_create(
        actor=investigator, prefix="V", data=person_data(countries, birth_date=None)
    )
    values = {
        "status": "ActualVictimOfTrafficking",
        "status_decided_by": investigator.agency,
        "status_decided_on": datetime.date(2024, 5, 2),
        "identified_on": datetime.date(2024, 5, 1),
        "forms": ["ForcedLabour"],
        field: datetime.date(1, 1, 1),
    }
    with pytest.raises(ValidationError) as refused:
        services.victim_profile_save(actor=investigator, person=person, data=VictimInput(**values))
    assert "on or after" in str(refused.value.message_dict[field])
    assert not VictimProfile.objects.exists()


def test_a_case_registered_in_the_year_one_is_refused_beside_the_field(investigator):
    client = log_in(Client(), investigator)
    response = client.post(
        "/cases/criminal-cases/new/",
        {"number": "2024/77", "registered_on": YEAR_ONE, "articles": [], "status": "Investigation"},
    )
    assert response.status_code == 200
    assert _error_beside(response.content.decode(), "registered_on", "Enter a date on or after")


def test_the_database_refuses_a_date_before_its_bound(case):
    with pytest.raises(IntegrityError), transaction.atomic():
        type(case).objects.filter(pk=case.pk).update(registered_on=datetime.date(1, 1, 1))


# Text limits ------------------------------------------------------------------------------


def test_a_case_summary_over_its_limit_is_refused_before_sealing(investigator):
    with pytest.raises(ValidationError) as refused:
        CriminalCaseFactory(
            actor=investigator, data=CaseInputFactory(summary="x" * (bounds.TEXT + 1))
        )
    assert "at most 20000 characters" in str(refused.value.message_dict["summary"])


def test_notes_with_a_nul_character_are_refused_by_the_service(investigator, countries):
    with pytest.raises(ValidationError) as refused:
        services.person_create(
            actor=investigator, prefix="V", data=person_data(countries, notes="a\x00b")
        )
    assert "Null characters are not allowed." in refused.value.message_dict["notes"]
    assert not Person.objects.exists()


def test_notes_over_their_limit_are_told_beside_the_field(investigator):
    client = log_in(Client(), investigator)
    response = client.post(
        "/cases/persons/new/",
        {
            "role": "victim",
            "given_name": "Aysel",
            "sex": "Feminine",
            "notes": "x" * (bounds.NOTE + 1),
        },
    )
    assert response.status_code == 200
    assert _error_beside(
        response.content.decode(), "notes", "at most 4000 characters (it has 4001)"
    )
    assert Person.objects.count() == 0


# A person is charged before the case goes to court (issue 13) -----------------------------


def test_a_charge_after_the_case_went_to_court_is_refused(investigator, case, suspect):
    with pytest.raises(ValidationError) as refused:
        services.prosecution_save(
            actor=investigator,
            case=case,
            accused=suspect,
            data=ProsecutionInput(
                court="Bakı Ağır Cinayətlər Məhkəməsi",
                charged_on=datetime.date(2024, 6, 1),
                sent_to_court_on=datetime.date(2024, 5, 1),
            ),
            version=0,
        )
    assert "charged before the case is sent to court" in str(
        refused.value.message_dict["charged_on"]
    )
    assert not Prosecution.objects.exists()


def test_the_prosecution_page_says_it_beside_the_charge_date(investigator, case, suspect):
    client = log_in(Client(), investigator)
    response = client.post(
        f"/cases/criminal-cases/{case.pk}/prosecutions/",
        {
            "accused": suspect.code,
            "court": "Bakı Ağır Cinayətlər Məhkəməsi",
            "charged_on": "2024-11-06",
            "verdict_on": "2024-11-05",
            "outcome": "Convicted",
            "sentence": "Imprisonment",
            "term_months": "96",
            "version": "0",
        },
    )
    assert response.status_code == 200
    assert _error_beside(response.content.decode(), "charged_on", "charged before the verdict")
    assert not Prosecution.objects.exists()


@pytest.mark.parametrize(
    "dates",
    [
        {"charged_on": datetime.date(2024, 6, 1), "sent_to_court_on": datetime.date(2024, 5, 1)},
        {"charged_on": datetime.date(2024, 6, 1), "verdict_on": datetime.date(2024, 5, 1)},
        {"sent_to_court_on": datetime.date(2024, 6, 1), "verdict_on": datetime.date(2024, 5, 1)},
    ],
)
def test_the_database_refuses_prosecution_dates_out_of_order(case, suspect, dates):
    outcome = {"outcome": "Acquitted"} if "verdict_on" in dates else {}
    with pytest.raises(IntegrityError), transaction.atomic():
        Prosecution.objects.create(case=case, accused=suspect, court="Bakı", **dates, **outcome)


# A crime is solved on or after it was registered, and only if solved -----------------------


def test_the_database_refuses_a_solved_date_without_solved(case):
    article = CriminalCodeArticle.objects.get(code="144-1")
    with pytest.raises(IntegrityError), transaction.atomic():
        Crime.objects.create(
            case=case,
            article=article,
            registered_on=datetime.date(2024, 1, 1),
            solved_on=datetime.date(2024, 2, 1),
        )
    with pytest.raises(IntegrityError), transaction.atomic():
        Crime.objects.create(
            case=case,
            article=article,
            registered_on=datetime.date(2024, 3, 1),
            solved=True,
            solved_on=datetime.date(2024, 2, 1),
        )


def test_the_database_refuses_a_wanted_change_before_1990(investigator, case, suspect):
    part = services.participant_add(
        actor=investigator, case=case, person=suspect, role="Perpetrator"
    )
    with pytest.raises(IntegrityError), transaction.atomic():
        WantedChange.objects.create(participant=part, status="Abroad", on=datetime.date(1985, 1, 1))
