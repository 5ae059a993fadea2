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


def test_a_part_read_by_htmx_that_fails_reloads_the_page(investigator):
    browser = log_in(Client(), investigator)
    missing = browser.get("/no-such-page/", headers={"HX-Request": "true"})
    assert missing.status_code == 404 and missing["HX-Refresh"] == "true"
    whole = browser.get("/no-such-page/")  # the page itself is not told to reload
    assert whole.status_code == 404 and "HX-Refresh" not in whole


def test_a_part_sent_by_htmx_for_a_form_is_not_reloaded_when_refused(investigator):
    """The caller's history on the call form is asked for by POST: a refusal leaves the
    form and what the user typed in it."""
    browser = log_in(Client(), investigator)  # no hotline role
    refused = browser.post(
        "/hotline/caller/", {"identifier": "050"}, headers={"HX-Request": "true"}
    )
    assert refused.status_code == 403 and "HX-Refresh" not in refused
