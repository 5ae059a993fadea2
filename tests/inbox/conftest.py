import pytest

from ctis.accounts.services import user_update
from ctis.plan.models import Measure
from tests.cases.conftest import countries, person_data  # noqa: F401  (a fixture)
from tests.factories import MeasureReportFactory


@pytest.fixture
def with_email(admin):
    """``with_email(user)`` gives the user an address (through the administrator's form
    service) and returns the user as saved."""

    def give(user):
        return user_update(actor=admin, user=user, email=f"{user.username}@example.org")

    return give


@pytest.fixture
def submitted(period, reporter, head):
    """The migration service's report on 4.2.1, drafted by the reporter, submitted by the
    head."""
    return MeasureReportFactory(
        actor=reporter,
        period=period,
        measure=Measure.objects.get(plan=period.plan, number="4.2.1"),
        submit=head,
    )


@pytest.fixture
def person(officer, countries):  # noqa: F811  (the fixture)
    """A person the border officer entered (Leyla Məmmədova, born 14 March 1996)."""
    from ctis.cases.services import person_create

    return person_create(actor=officer, prefix="V", data=person_data(countries))


@pytest.fixture(autouse=True)
def mail_from_the_queue_at_once(settings):
    """An alert's e-mail leaves from the task queue (``ctis.inbox.tasks``); here the queue
    runs each task as it is enqueued, after the commit, so the tests read the outbox at
    once. ``test_the_mail_waits_in_the_queue_for_the_worker`` keeps the database queue."""
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
