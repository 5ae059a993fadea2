"""Fixtures shared by the whole suite: the reference agencies, the official plan, users."""

import datetime

import pytest

from ctis.accounts.models import Agency, User
from ctis.accounts.services import agencies_load_reference, user_create
from ctis.bootstrap.countries import countries_load_reference
from ctis.cases.models import CriminalCodeArticle
from ctis.cases.services import articles_load_reference
from ctis.core.models import Country
from ctis.nrm.models import AllowanceRate, NrmAgency
from ctis.nrm.services import allowance_rates_load_reference, nrm_agencies_load_reference
from ctis.plan.selectors import official_plan_present
from ctis.plan.services.loading import plan_load_official
from ctis.plan.services.reporting import period_open

PASSWORD = "correct-horse-battery-9"


def pytest_configure(config):
    from django.conf import settings

    # Real hashing costs ~0.3 s a user; tests check behaviour, not the hash's strength.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def english_messages():
    """Each test starts in English, whatever the test before it left active; pages and
    commands in Azerbaijani and Russian are tested where a test asks for them."""
    from django.utils import translation

    translation.activate("en")
    yield
    translation.deactivate()


def _reference_data():
    """The agencies and the official plan; loaded once, again only after a flush."""
    if not Country.objects.exists():
        countries_load_reference()
    if not CriminalCodeArticle.objects.exists():
        articles_load_reference()
    if not Agency.objects.exists():
        agencies_load_reference()
    if not NrmAgency.objects.exists():
        nrm_agencies_load_reference()
    if not AllowanceRate.objects.exists():
        allowance_rates_load_reference()
    return official_plan_present() or plan_load_official()


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock():
        _reference_data()


@pytest.fixture
def agencies(db):
    _reference_data()
    return {a.code: a for a in Agency.objects.all()}


@pytest.fixture
def plan(agencies):
    return _reference_data()


@pytest.fixture
def make_user(agencies):
    def make(username: str, agency_code: str, *roles: str, password: str = PASSWORD) -> User:
        return user_create(
            actor=None,
            username=username,
            password=password,
            roles=list(roles),
            agency=agencies[agency_code],
            first_name=username.title(),
            last_name="Test",
        )

    return make


@pytest.fixture
def coordinator(make_user):
    return make_user("coord", "national-coordinator", "coordinator")


@pytest.fixture
def period(plan, coordinator):
    return period_open(actor=coordinator, plan=plan, year=2021, due_date=datetime.date(2022, 1, 15))


@pytest.fixture
def login(client):
    """Log a user in through the real log-in form (lockout and two-factor rules apply), with
    English pages."""

    def do(user: User, password: str = PASSWORD):
        # Assertions read English messages; Azerbaijani pages are tested in test_translations.
        client.cookies["ctis_language"] = "en"
        response = client.post(
            "/accounts/login/", {"username": user.username, "password": password}
        )
        assert response.status_code == 302, response.content[:500]
        return client

    return do
