"""The administrator's pages for API clients: register a system with its roles, issue a
token that is shown once on the page that issued it and then works, revoke it; nobody but
a system administrator reaches the pages."""

from __future__ import annotations

import re

from django.test import Client

from ctis.accounts.models import Agency
from ctis.audit.models import AuditEntry
from ctis.interop.models import ApiClient, ApiToken
from tests.personas import log_in


def test_an_administrator_registers_a_system_issues_a_token_and_revokes_it(admin, agencies):
    client = log_in(Client(), admin)
    assert client.get("/api-clients/").status_code == 200
    registered = client.post(
        "/api-clients/new/",
        {
            "agency": Agency.objects.get(code="mia-ctd").pk,
            "name": "Police case system",
            "roles": ["police_investigator"],
            "contact": "it@example.gov.az",
        },
    )
    api_client = ApiClient.objects.get()
    assert registered.status_code == 302
    assert registered["Location"] == f"/api-clients/{api_client.pk}/"
    assert api_client.user.role_codes == ["police_investigator"]

    issued = client.post(f"/api-clients/{api_client.pk}/tokens/", {"days": 30})
    page = issued.content.decode()
    token = re.search(r"ctis_[0-9a-f]{12}_[A-Za-z0-9_-]{43}", page).group(0)
    assert ApiToken.objects.get().secret_hash not in page
    assert token not in client.get(f"/api-clients/{api_client.pk}/").content.decode()
    answer = Client().get("/api/v1/client/", HTTP_AUTHORIZATION=f"Bearer {token}")
    assert answer.status_code == 200 and answer.json()["client"] == "Police case system"
    assert AuditEntry.objects.filter(action="interop.token.issue", actor=admin).exists()

    prefix = ApiToken.objects.get().prefix
    client.post(f"/api-clients/{api_client.pk}/tokens/{prefix}/revoke/")
    answer = Client().get("/api/v1/client/", HTTP_AUTHORIZATION=f"Bearer {token}")
    assert answer.status_code == 401


def test_a_refused_registration_says_why_beside_the_field(admin, agencies):
    client = log_in(Client(), admin)
    page = client.post(
        "/api-clients/new/",
        {"agency": Agency.objects.get(code="mia-ctd").pk, "name": "X", "roles": ["auditor"]},
    )
    assert page.status_code == 200 and not ApiClient.objects.exists()
    assert "auditor" in page.content.decode()


def test_nobody_else_reaches_the_pages(investigator, coordinator):
    for user in (investigator, coordinator):
        assert log_in(Client(), user).get("/api-clients/").status_code == 403


def test_revoking_a_client_asks_for_a_confirmation_first(admin, agencies):
    from ctis.interop import services

    api_client = services.client_register(
        actor=admin,
        agency=Agency.objects.get(code="sms"),
        name="Border system",
        roles=["frontline_officer"],
    )
    client = log_in(Client(), admin)
    asked = client.post(f"/api-clients/{api_client.pk}/revoke/")
    assert asked.status_code == 200 and 'name="confirmed"' in asked.content.decode()
    api_client.refresh_from_db()
    assert api_client.is_active
    done = client.post(f"/api-clients/{api_client.pk}/revoke/", {"confirmed": "yes"})
    assert done.status_code == 302
    api_client.refresh_from_db()
    assert not api_client.is_active
