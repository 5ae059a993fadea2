"""API clients: registered by an administrator for an agency with the roles it acts in,
tokens shown once and stored hashed, expiring, revocable and rotated; every call audited
with the client; refusals in one shape and in the client's language (ADR 0020)."""

from __future__ import annotations

import io
import json
import os
from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management import call_command
from django.core.management.base import CommandError
from django.test import Client
from django.utils import timezone

from ctis.accounts.models import Agency, User
from ctis.audit.models import AuditEntry
from ctis.interop import services
from ctis.interop.models import ApiClient, ApiToken

URL = "/api/v1/client/"


@pytest.fixture
def police(agencies):
    return Agency.objects.get(code="mia-ctd")


@pytest.fixture
def registered(admin, police):
    return services.client_register(
        actor=admin, agency=police, name="Police case system", roles=["police_investigator"]
    )


@pytest.fixture
def issued(admin, registered):
    return services.token_issue(actor=admin, client=registered)


def call(token: str | None, url: str = URL, language: str = "en", **headers):
    client = Client()
    if token is not None:
        headers["HTTP_AUTHORIZATION"] = f"Bearer {token}"
    return client.get(url, HTTP_ACCEPT_LANGUAGE=language, **headers)


def test_a_client_acts_through_an_account_of_its_own(admin, registered, police):
    user = registered.user
    assert user.agency == police and user.role_codes == ["police_investigator"]
    assert not user.has_usable_password()
    assert user.has_perm("cases.view_identities")
    actions = set(AuditEntry.objects.values_list("action", flat=True))
    assert {"accounts.user.create", "interop.client.register"} <= actions
    # It never logs in to the pages.
    response = Client().post(
        "/accounts/login/", {"username": user.username, "password": ""}, HTTP_ACCEPT_LANGUAGE="en"
    )
    assert "_auth_user_id" not in response.client.session


@pytest.mark.parametrize(
    "fields, field",
    [
        ({"name": "", "roles": ["analyst"]}, "name"),
        ({"name": "System", "roles": []}, "roles"),
        ({"name": "System", "roles": ["system_administrator"]}, "roles"),
        ({"name": "System", "roles": ["auditor"]}, "roles"),
        ({"name": "System", "roles": ["no_such_role"]}, "roles"),
    ],
)
def test_a_client_is_refused_beside_the_field_and_nothing_is_saved(admin, police, fields, field):
    with pytest.raises(ValidationError) as refused:
        services.client_register(actor=admin, agency=police, **fields)
    assert field in refused.value.message_dict
    assert (
        not ApiClient.objects.exists()
        and not User.objects.filter(username__startswith="api-").exists()
    )


def test_a_second_client_of_the_same_name_is_refused(admin, registered, police):
    with pytest.raises(ValidationError) as refused:
        services.client_register(
            actor=admin, agency=police, name="Police case system", roles=["analyst"]
        )
    assert "name" in refused.value.message_dict
    assert ApiClient.objects.count() == 1


def test_only_an_administrator_registers_and_issues(coordinator, investigator, police, registered):
    for actor in (coordinator, investigator):
        with pytest.raises(PermissionDenied):
            services.client_register(actor=actor, agency=police, name="X", roles=["analyst"])
        with pytest.raises(PermissionDenied):
            services.token_issue(actor=actor, client=registered)
    assert ApiToken.objects.count() == 0


def test_the_token_is_shown_once_and_stored_hashed(issued):
    match = services.TOKEN_PATTERN.match(issued.text)
    assert match
    prefix, secret = match.groups()
    token = ApiToken.objects.get()
    assert token.prefix == prefix and secret not in token.secret_hash
    assert token.secret_hash == services.secret_hash(secret)
    assert token.expires_at - token.issued_at == timedelta(days=services.TOKEN_DAYS)
    with pytest.raises(ValidationError):
        services.token_issue(actor=token.issued_by, client=token.client, days=400)


def test_a_call_with_the_token_answers_and_is_audited_with_the_client(issued, registered):
    response = call(issued.text)
    assert response.status_code == 200, response.content
    body = response.json()
    assert body["client"] == "Police case system" and body["agency"] == "mia-ctd"
    assert body["roles"] == ["police_investigator"] and body["token_prefix"] == issued.token.prefix
    entry = AuditEntry.objects.filter(action="interop.api.call").get()
    assert entry.object_id == str(registered.pk) and entry.actor_id == registered.user_id
    assert "GET /api/v1/client/ 200" in json.dumps(entry.changes)
    assert ApiToken.objects.get().last_used_at is not None


@pytest.mark.parametrize(
    "header, code",
    [
        (None, "not_authenticated"),
        ("Bearer", "authentication_failed"),
        ("Bearer not-a-token", "token_malformed"),
        ("Bearer ctis_000000000000_" + "a" * 43, "token_unknown"),
    ],
)
def test_a_call_without_a_good_token_is_refused_in_one_shape(issued, header, code):
    headers = {"HTTP_AUTHORIZATION": header} if header else {}
    response = Client().get(URL, HTTP_ACCEPT_LANGUAGE="en", **headers)
    assert response.status_code == 401
    [error] = response.json()["errors"]
    assert error["field"] is None and error["code"] == code and error["message"]
    assert not AuditEntry.objects.filter(action="interop.api.call").exists()


def test_a_wrong_secret_with_a_real_prefix_is_unknown(issued):
    forged = issued.text[:-4] + ("aaaa" if not issued.text.endswith("aaaa") else "bbbb")
    assert call(forged).json()["errors"][0]["code"] == "token_unknown"


def test_an_expired_token_is_refused_and_says_when_it_expired(issued):
    ApiToken.objects.update(
        issued_at=timezone.now() - timedelta(days=100),
        expires_at=timezone.now() - timedelta(days=1),
    )
    response = call(issued.text)
    assert response.status_code == 401
    error = response.json()["errors"][0]
    assert error["code"] == "token_expired" and "expired on" in error["message"]
    azerbaijani = call(issued.text, language="az").json()["errors"][0]["message"]
    assert "Tokenin müddəti" in azerbaijani
    russian = call(issued.text, language="ru").json()["errors"][0]["message"]
    assert "Срок действия токена" in russian


def test_a_revoked_token_and_a_revoked_client_are_refused(admin, issued, registered):
    services.token_revoke(actor=admin, token=issued.token)
    assert call(issued.text).json()["errors"][0]["code"] == "token_revoked"
    second = services.token_issue(actor=admin, client=registered)
    assert call(second.text).status_code == 200
    services.client_revoke(actor=admin, client=registered)
    assert call(second.text).status_code == 401
    registered.user.refresh_from_db()
    assert not registered.user.is_active
    with pytest.raises(ValidationError):
        services.token_issue(actor=admin, client=registered)


def test_rotation_gives_a_new_token_and_ends_the_old(admin, issued):
    rotated = services.token_rotate(actor=admin, token=issued.token)
    assert call(issued.text).status_code == 401
    assert call(rotated.text).status_code == 200


def test_calls_beyond_the_rate_are_refused(issued, settings):
    settings.CTIS_API_CALLS_PER_MINUTE = 2
    assert [call(issued.text).status_code for _ in range(3)] == [200, 200, 429]
    error = call(issued.text).json()["errors"][0]
    assert error["code"] == "throttled"


def test_the_schema_and_its_reference_page_are_served_without_a_log_in(issued):
    schema = Client().get("/api/schema/?format=json")
    assert schema.status_code == 200
    document = json.loads(schema.content)
    assert document["openapi"].startswith("3.")
    assert URL in document["paths"]
    assert document["components"]["securitySchemes"]["token"]["scheme"] == "bearer"
    page = Client().get("/api/docs/")
    assert page.status_code == 200
    html = page.content.decode()
    assert "/static/drf_spectacular_sidecar/swagger-ui-dist/" in html
    assert "cdn" not in html.lower() and "https://" not in html


def test_an_address_the_api_does_not_have_is_refused_in_its_shape(issued):
    missing = Client().get("/api/v1/nonsense/", HTTP_ACCEPT_LANGUAGE="en")
    assert missing.status_code == 404 and missing["Content-Type"] == "application/json"
    assert missing.json()["errors"][0]["code"] == "not_found"
    page = Client().get("/no-such-page/")
    assert page.status_code == 404 and page["Content-Type"].startswith("text/html")


def test_the_schema_describes_every_resource_without_a_warning(db):
    """``spectacular --validate --fail-on-warn``: no field left undescribed, the document
    valid OpenAPI 3 (what schemathesis will test the API against)."""
    from django.core.management import call_command

    call_command("spectacular", "--validate", "--fail-on-warn", "--file", os.devnull)


def test_the_command_registers_issues_and_revokes(admin, police):
    out = io.StringIO()
    call_command(
        "api",
        "register",
        "--by",
        admin.username,
        "--agency",
        "mia-ctd",
        "--name",
        "Shelter system",
        "--role",
        "service_provider",
        stdout=out,
    )
    client = ApiClient.objects.get(name="Shelter system")
    call_command("api", "token", "--by", admin.username, str(client.pk), stdout=out)
    text = out.getvalue().strip().splitlines()[-1]
    assert call(text).status_code == 200
    prefix = ApiToken.objects.get().prefix
    call_command("api", "revoke-token", "--by", admin.username, prefix, stdout=out)
    assert call(text).status_code == 401
    with pytest.raises(CommandError, match="roles"):
        call_command(
            "api",
            "register",
            "--by",
            admin.username,
            "--agency",
            "mia-ctd",
            "--name",
            "Y",
            stdout=out,
        )


def test_the_command_speaks_the_administrators_language(admin, registered):
    """What ``ctis api`` prints is Azerbaijani unless told, and English or Russian when
    asked; a refusal too."""
    client = registered
    out = io.StringIO()
    call_command("api", "token", "--by", admin.username, str(client.pk), stdout=out)
    assert "yalnız bir dəfə göstərilir" in out.getvalue()
    out = io.StringIO()
    call_command(
        "api", "token", "--by", admin.username, str(client.pk), "--language", "ru", stdout=out
    )
    assert "показывается один раз" in out.getvalue()
    with pytest.raises(CommandError, match="No client 999999"):
        call_command("api", "revoke-client", "--by", admin.username, "999999", "--language", "en")


@pytest.mark.parametrize(
    "url",
    [
        "/api/v1/plan-reports/?measure=4.1%00",
        "/api/v1/cases/?article=144%00",
        "/api/v1/persons/?status=%00",
        "/api/v1/notifications/?cursor=%00",
    ],
)
def test_a_query_parameter_with_a_nul_character_is_refused_beside_its_name(registered, url):
    """Found by schemathesis on PostgreSQL, which refuses NUL in a query: every resource
    refuses it as a bad parameter (400) before reading it."""
    token = services.token_issue(actor=registered.registered_by, client=registered).text
    answer = Client().get(url, headers={"Authorization": f"Bearer {token}"})
    assert answer.status_code == 400, answer.content
    name = url.split("?")[1].split("=")[0]
    assert answer.json()["errors"][0]["field"] == name
