"""Failed log-ins are limited per client address as well as per account (issue 10): many
accounts tried from one address close that address, with the same answer as a wrong
password, and the closing is audited once."""

import pytest
from django.test import Client
from django.utils import timezone

from ctis.audit.models import AuditEntry
from ctis.core.models import Throttle
from tests.personas import PASSWORD

pytestmark = pytest.mark.django_db


def post_login(username: str, password: str, address: str = "10.0.0.7", **extra):
    client = Client(REMOTE_ADDR=address, **extra)
    response = client.post("/accounts/login/", {"username": username, "password": password})
    return client, response


def refusal(response) -> tuple[str, ...]:
    return tuple(response.context["form"].non_field_errors())


def test_an_address_past_its_failures_is_refused_alike_even_with_the_right_password(
    analyst, settings
):
    settings.CTIS_LOGIN_ADDRESS_LIMIT = 3
    settings.CTIS_LOCKOUT_THRESHOLD = 100
    # Three wrong passwords, each for another name (no account reaches its own lockout).
    answers = {refusal(post_login(f"guess-{n}", "wrong")[1]) for n in range(3)}
    client, response = post_login("analyst", PASSWORD)
    assert "_auth_user_id" not in client.session
    assert {refusal(response)} == answers  # one answer: nothing tells the address is closed
    entries = AuditEntry.objects.filter(action="accounts.login.address_limited")
    assert [e.client_address for e in entries] == ["10.0.0.7"]
    # The account itself counted nothing while the address was closed.
    analyst.refresh_from_db()
    assert analyst.failed_login_count == 0 and not analyst.is_locked()
    # Further refusals are not audited again within the window.
    post_login("analyst", "wrong")
    assert entries.count() == 1


def test_another_address_still_logs_in_and_the_window_ends(analyst, settings):
    settings.CTIS_LOGIN_ADDRESS_LIMIT = 2
    for n in range(2):
        post_login(f"guess-{n}", "wrong")
    client, _ = post_login("analyst", PASSWORD, address="10.0.0.8")
    assert "_auth_user_id" in client.session
    Throttle.objects.update(expires_at=timezone.now())  # the window has ended
    client, _ = post_login("analyst", PASSWORD)
    assert "_auth_user_id" in client.session


def test_behind_a_trusted_proxy_the_address_is_the_one_the_proxy_appended(analyst, settings):
    """A client that writes its own X-Forwarded-For does not escape the limit."""
    settings.CTIS_TRUST_X_FORWARDED_FOR = True
    settings.CTIS_LOGIN_ADDRESS_LIMIT = 2
    for n in range(2):
        post_login(f"guess-{n}", "wrong", HTTP_X_FORWARDED_FOR=f"1.2.3.{n}, 10.9.9.9")
    client, _ = post_login("analyst", PASSWORD, HTTP_X_FORWARDED_FOR="1.2.3.99, 10.9.9.9")
    assert "_auth_user_id" not in client.session
    assert AuditEntry.objects.get(action="accounts.login.address_limited").client_address == (
        "10.9.9.9"
    )
