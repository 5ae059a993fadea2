"""Fixtures shared by the whole suite: the reference agencies, the official plan, and the
personas of tests/personas.py (one fixture each), with the log-in helper as a fixture."""

import datetime

import pytest

from ctis.accounts.models import Agency, User
from ctis.accounts.services import agencies_load_reference
from ctis.bootstrap.countries import countries_load_reference
from ctis.cases.models import CriminalCodeArticle
from ctis.cases.services import articles_load_reference
from ctis.core.models import Country
from ctis.hotline.models import Topic
from ctis.hotline.services import topics_load_reference
from ctis.nrm.models import AllowanceRate, NrmAgency
from ctis.nrm.services import allowance_rates_load_reference, nrm_agencies_load_reference
from ctis.plan.selectors import official_plan_present
from ctis.plan.services.loading import plan_load_official
from ctis.plan.services.reporting import period_open
from tests.factories import UserFactory
from tests.personas import PASSWORD, PERSONAS, log_in


def pytest_configure(config):
    from django.conf import settings

    # Real hashing costs ~0.3 s a user; tests check behaviour, not the hash's strength.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    if "postgresql" in settings.DATABASES["default"]["ENGINE"]:
        _flush_past_the_audit_guards()


def _flush_past_the_audit_guards():
    """Tests that commit (transactional_db, live_server) end with a flush, which on
    PostgreSQL is a TRUNCATE that the audit log refuses (audit migration 0006). Between
    tests the suite, as the tables' owner, switches the guards off around it, as an
    operator who really means to wipe a test database would."""
    from django.db.backends.postgresql.operations import DatabaseOperations

    plain = DatabaseOperations.sql_flush

    def sql_flush(self, style, tables, *, reset_sequences=False, allow_cascade=False):
        statements = plain(
            self, style, tables, reset_sequences=reset_sequences, allow_cascade=allow_cascade
        )
        guarded = [t for t in ("audit_auditentry", "audit_auditchainhead") if t in tables]
        if not statements or not guarded:
            return statements
        off = [f"ALTER TABLE {t} DISABLE TRIGGER USER;" for t in guarded]
        on = [f"ALTER TABLE {t} ENABLE TRIGGER USER;" for t in guarded]
        return [*off, *statements, *on]

    DatabaseOperations.sql_flush = sql_flush


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
    if not Topic.objects.exists():
        topics_load_reference()
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
    """``make_user("inspector", "mia", "auditor")``: a user of that agency with those roles."""

    def make(username: str, agency_code: str, *roles: str, password: str = PASSWORD) -> User:
        return UserFactory(
            username=username, password=password, roles=list(roles), agency=agencies[agency_code]
        )

    return make


@pytest.fixture
def period(plan, coordinator):
    return period_open(actor=coordinator, plan=plan, year=2021, due_date=datetime.date(2022, 1, 15))


@pytest.fixture
def login(client):
    """``login(user)`` logs the user in on the test's client (see ``tests.personas.log_in``)."""

    def do(user: User, password: str = PASSWORD):
        return log_in(client, user, password)

    return do


# ------------------------------------------------------------------------- personas


@pytest.fixture
def persona(make_user):
    """``persona("investigator")`` makes the user of that name in ``PERSONAS``."""

    def make(name: str) -> User:
        p = PERSONAS[name]
        return make_user(p.username, p.agency, *p.roles)

    return make


@pytest.fixture
def admin(persona):
    return persona("admin")


@pytest.fixture
def coordinator(persona):
    return persona("coordinator")


@pytest.fixture
def reporter(persona):
    """The migration service's reporter: drafts its plan reports, has no two-factor duty."""
    return persona("reporter")


@pytest.fixture
def head(persona):
    return persona("head")


@pytest.fixture
def labour_reporter(persona):
    return persona("labour_reporter")


@pytest.fixture
def labour_head(persona):
    return persona("labour_head")


@pytest.fixture
def investigator(persona):
    return persona("investigator")


@pytest.fixture
def supervisor(persona):
    return persona("supervisor")


@pytest.fixture
def provider(persona):
    """Staff of the assistance centre."""
    return persona("provider")


@pytest.fixture
def shelter_worker(persona):
    """Staff of the police shelter."""
    return persona("shelter_worker")


@pytest.fixture
def officer(persona):
    """A migration officer at the border: meets possible victims, enters and screens them."""
    return persona("officer")


@pytest.fixture
def hotline_operator(persona):
    return persona("hotline_operator")


@pytest.fixture
def hotline_supervisor(persona):
    return persona("hotline_supervisor")


@pytest.fixture
def analyst(persona):
    return persona("analyst")


@pytest.fixture
def auditor(persona):
    return persona("auditor")


# ------------------------------------------------------------------------- logged in


@pytest.fixture
def admin_client(client, admin):
    """The test's client, logged in as the administrator (with the second factor)."""
    return log_in(client, admin)


@pytest.fixture
def auditor_client(client, auditor):
    return log_in(client, auditor)


@pytest.fixture
def reporter_client(client, reporter):
    return log_in(client, reporter)


@pytest.fixture
def monitoring_officer(persona):
    return persona("monitoring_officer")
