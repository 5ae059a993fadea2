"""English pages for the accounts and audit page tests; users come from tests/personas.py."""

import pytest


@pytest.fixture(autouse=True)
def english(client):
    """Pages in English, so that assertions on messages do not depend on the catalogues."""
    client.cookies["ctis_language"] = "en"


def assert_login_redirect(response, url: str) -> None:
    assert response.status_code == 302
    assert response.url.startswith("/accounts/login/?next=")
    assert url.split("?")[0] in response.url
