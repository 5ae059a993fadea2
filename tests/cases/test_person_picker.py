"""Linking a person to a criminal case finds them by code or by name in any spelling
(issue 11): the case's "link a person" page has a search step that reuses the person
search (posted, sealed in the session under a token, counted and audited; ADR 0011) and
lists, by code, only the persons the user may link, each with a button that chooses it."""

import pytest
from django.test import Client

from ctis.audit.models import AuditEntry
from ctis.cases import services
from ctis.cases.models import CaseParticipant
from ctis.core.models import Throttle
from tests.cases.conftest import person_data
from tests.factories import CaseInputFactory
from tests.personas import log_in

pytestmark = pytest.mark.django_db


@pytest.fixture
def case(investigator):
    return services.case_create(actor=investigator, data=CaseInputFactory())


def _url(case) -> str:
    return f"/cases/criminal-cases/{case.pk}/persons/new/"


def _find(client, case, query: str, role: str = "Victim"):
    return client.post(_url(case), {"find": "1", "q": query, "role": role}, follow=True)


@pytest.mark.parametrize("query", ["Mamedova Leyla", "Məmmədova", "Мамедова Лейла", "LEYLA"])
def test_the_picker_finds_by_name_in_any_spelling(case, victim, investigator, query):
    client = log_in(Client(), investigator)
    page = _find(client, case, query).content.decode()
    assert victim.code in page
    assert f'name="person" value="{victim.code}"' in page  # its "choose" button


def test_the_picker_finds_by_code(case, victim, investigator):
    page = _find(log_in(Client(), investigator), case, victim.code.lower()).content.decode()
    assert f'name="person" value="{victim.code}"' in page


def test_the_picker_never_lists_a_person_the_user_may_not_see(
    case, victim, investigator, shelter_worker, countries
):
    # The same name, held by the shelter: the police unit was neither notified nor sent it.
    stranger = services.person_create(actor=shelter_worker, data=person_data(countries), prefix="V")
    client = log_in(Client(), investigator)
    for query in ["Mamedova Leyla", stranger.code, "050 123 45 67"]:
        response = _find(client, case, query)
        assert stranger not in response.context["candidates"], query
        assert f'value="{stranger.code}"><' not in response.content.decode()
    # The candidates show codes: no name, date of birth or phone.
    response = _find(client, case, "Mamedova")
    assert response.context["candidates"] == [victim]
    page = response.content.decode()
    assert "Leyla" not in page and "1996-03-14" not in page and "14.03.1996" not in page
    assert "123 45 67" not in page


def test_the_query_is_in_no_url_and_is_counted_and_audited(case, victim, investigator):
    client = log_in(Client(), investigator)
    response = _find(client, case, "Mamedova Leyla")
    urls = [url for url, _ in response.redirect_chain] + [response.request["QUERY_STRING"]]
    assert urls and all("Mamedova" not in url and "q=" not in url for url in urls), urls
    assert "s=" in response.redirect_chain[-1][0]
    assert "Mamedova" not in str(dict(client.session))  # sealed in the session
    assert 'value="Mamedova Leyla"' in response.content.decode()  # the box, in the page only
    # The person search's own limit and audit: one probe counted, the name search recorded.
    assert Throttle.objects.count() == 1
    assert AuditEntry.objects.filter(action="cases.person.name_search").count() == 1
    # Reloading the result shows it again, uncounted.
    client.get(response.redirect_chain[-1][0])
    assert AuditEntry.objects.filter(action="cases.person.name_search").count() == 2
    assert Throttle.objects.get().count == 1


def test_choosing_a_candidate_fills_the_form_and_the_link_is_made(case, victim, investigator):
    client = log_in(Client(), investigator)
    _find(client, case, "Мамедова", role="Victim")
    chosen = client.get(_url(case), {"person": victim.code, "role": "Victim"})
    assert chosen.context["form"]["person"].value() == victim.code
    linked = client.post(_url(case), {"person": victim.code, "role": "Victim"})
    assert linked.status_code == 302
    assert CaseParticipant.objects.filter(case=case, person=victim, role="Victim").exists()


def test_an_empty_search_says_what_to_enter_and_saves_nothing(case, investigator):
    client = log_in(Client(), investigator)
    response = client.post(_url(case), {"find": "1", "q": "  ", "role": "Victim"})
    assert response.status_code == 200
    assert "Enter a code or a name to search for." in response.content.decode()
    assert not CaseParticipant.objects.exists()
    assert not response.context["form"].is_bound  # the link form was not submitted


def test_who_may_not_change_the_case_gets_no_picker(case, victim, shelter_worker):
    client = log_in(Client(), shelter_worker)
    assert client.post(_url(case), {"find": "1", "q": "Mamedova"}).status_code == 403
    assert client.get(_url(case)).status_code == 403
