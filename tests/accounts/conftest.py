"""Users of each kind for the accounts and audit page tests, logged in the real way."""

import pyotp
import pytest
from django.test import Client
from django.utils import timezone

from ctis.accounts.models import User


def enrol(user: User) -> str:
    """Give the user a confirmed authenticator secret, as if they had set it up."""
    user.totp_secret = pyotp.random_base32()
    user.totp_confirmed_at = timezone.now()
    user.totp_last_step = 0
    user.save(update_fields=["totp_secret", "totp_confirmed_at", "totp_last_step"])
    return user.totp_secret


@pytest.fixture(autouse=True)
def english(client):
    """Pages in English, so that assertions on messages do not depend on the catalogues."""
    client.cookies["ctis_language"] = "en"


@pytest.fixture
def login_2fa(client, login):
    """Log in with password and the current code; enrols the user first if needed."""

    def do(user: User, browser: Client | None = None):
        browser = browser or client
        if not user.has_totp:
            enrol(user)
        response = browser.post(
            "/accounts/login/", {"username": user.username, "password": "correct-horse-battery-9"}
        )
        assert response.url == "/accounts/login/code/"
        response = browser.post(
            "/accounts/login/code/", {"code": pyotp.TOTP(user.totp_secret).now()}
        )
        assert response.status_code == 302 and response.url == "/", response.content[:500]
        return browser

    return do


@pytest.fixture
def admin(make_user):
    return make_user("sysadmin", "mia", "system_administrator")


@pytest.fixture
def auditor(make_user):
    return make_user("inspector", "mia", "auditor")


@pytest.fixture
def reporter(make_user):
    """A user with none of the administration permissions (and no two-factor duty)."""
    return make_user("reporter", "sms", "agency_reporter")


@pytest.fixture
def admin_client(admin, login_2fa):
    return login_2fa(admin)


@pytest.fixture
def auditor_client(auditor, login_2fa):
    return login_2fa(auditor)


@pytest.fixture
def reporter_client(reporter, login):
    return login(reporter)


def assert_login_redirect(response, url: str) -> None:
    assert response.status_code == 302
    assert response.url.startswith("/accounts/login/?next=")
    assert url.split("?")[0] in response.url
