"""Headers every page carries (issue 10)."""

# ruff: noqa: F811  (pytest fixtures imported from tests.cases.conftest)
from django.test import Client

from tests.cases.conftest import countries, victim  # noqa: F401  (fixtures)
from tests.personas import log_in


def test_signed_in_pages_are_not_stored_and_use_no_devices(investigator, victim, client):
    assert "Permissions-Policy" in client.get("/accounts/login/")
    browser = log_in(Client(), investigator)
    browser.post(f"/cases/persons/{victim.pk}/identity/", {"purpose": "investigation"})
    page = browser.get(victim.get_absolute_url())
    assert "Məmmədova" in page.content.decode()
    assert "no-store" in page["Cache-Control"] and "private" in page["Cache-Control"]
    assert page["Permissions-Policy"].startswith("camera=()")


CSP = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'"
)


def test_every_response_carries_the_strict_content_security_policy(investigator, victim, client):
    assert client.get("/accounts/login/")["Content-Security-Policy"] == CSP
    browser = log_in(Client(), investigator)
    assert browser.get(victim.get_absolute_url())["Content-Security-Policy"] == CSP
    assert browser.get("/no-such-page/")["Content-Security-Policy"] == CSP
