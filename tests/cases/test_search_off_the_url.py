"""A search for a person puts the name or number searched in no URL (issue 10): the form
posts, the result page is reached by a token, and the old ``?q=`` is not honoured."""

import pytest
from django.test import Client

from tests.cases.conftest import search
from tests.personas import log_in

pytestmark = pytest.mark.django_db

NAME = "Mamedova"


def test_no_url_or_redirect_carries_the_value_searched(victim, investigator):
    client = log_in(Client(), investigator)
    response = search(client, NAME)
    assert response.status_code == 200
    assert victim.code in response.content.decode()
    urls = [url for url, _ in response.redirect_chain] + [response.request["QUERY_STRING"]]
    assert urls and all(NAME not in url for url in urls), urls
    assert all("q=" not in url for url in urls)
    # The result page shows the query in the box again, and back/reload shows it again.
    assert f'value="{NAME}"' in response.content.decode()
    again = client.get(response.redirect_chain[-1][0])
    assert victim.code in again.content.decode()


def test_the_session_keeps_the_query_sealed(victim, investigator):
    client = log_in(Client(), investigator)
    search(client, NAME)
    assert NAME not in str(dict(client.session))


def test_the_old_query_string_is_not_honoured_nor_echoed(victim, investigator):
    client = log_in(Client(), investigator)
    response = client.get("/cases/persons/", {"q": NAME, "status": "PresumedVictim"})
    assert response.status_code == 302
    assert NAME not in response["Location"] and "status=PresumedVictim" in response["Location"]


def test_filters_stay_in_the_query_string(investigator):
    client = log_in(Client(), investigator)
    response = client.post("/cases/persons/", {"q": "", "sex": "Feminine", "sort": "code"})
    assert response.status_code == 302
    assert "sex=Feminine" in response["Location"] and "sort=code" in response["Location"]


def test_a_token_from_another_session_finds_nothing(victim, investigator, supervisor):
    token_url = search(log_in(Client(), investigator), NAME).redirect_chain[-1][0]
    other = log_in(Client(), supervisor).get(token_url).content.decode()
    assert victim.get_absolute_url() not in other
    assert "That search has expired" in other
