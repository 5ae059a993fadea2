"""Work lists cover every open period; the period selector filters, it does not hide work
(issue 11): after the coordinator opened 2022, 2021's submitted, draft and returned
reports stay on the dashboards."""

import datetime

import pytest

from ctis.plan.models import Measure
from ctis.plan.services import reporting
from ctis.plan.services.reporting import period_open
from tests.factories import MeasureReportFactory


@pytest.fixture
def later(plan, coordinator, period):
    """2022 opened after 2021 (the ``period`` fixture), both open."""
    return period_open(actor=coordinator, plan=plan, year=2022, due_date=datetime.date(2023, 1, 15))


def _report(period, reporter, number, submit=None):
    return MeasureReportFactory(
        actor=reporter,
        period=period,
        measure=Measure.objects.get(plan=period.plan, number=number),
        submit=submit,
    )


def test_the_coordinator_sees_reports_waiting_in_every_open_period(
    client, login, coordinator, period, later, reporter, head
):
    waiting = _report(period, reporter, "4.2.1", submit=head)
    login(coordinator)
    page = client.get("/plan/").content.decode()
    assert waiting.get_absolute_url() in page and "Nothing is waiting." not in page
    assert "2021" in page
    only_2022 = client.get(f"/plan/?period={later.pk}").content.decode()
    assert waiting.get_absolute_url() not in only_2022


def test_a_reporter_finds_a_returned_report_of_an_earlier_open_period(
    client, login, coordinator, period, later, reporter, head
):
    returned = _report(period, reporter, "4.2.1", submit=head)
    reporting.report_return(actor=coordinator, report=returned, comment="Add the figures")
    draft = _report(period, reporter, "4.2.4")
    login(reporter)
    page = client.get("/plan/").content.decode()
    assert returned.get_absolute_url() in page and "Add the figures" in page
    assert draft.get_absolute_url() in page


def test_a_head_sees_drafts_waiting_for_submission_in_every_open_period(
    client, login, period, later, reporter, head
):
    draft = _report(period, reporter, "4.2.1")
    login(head)
    page = client.get("/plan/").content.decode()
    assert draft.get_absolute_url() in page
    assert "Waiting for your submission" in page


def test_a_closed_periods_drafts_are_not_work(client, login, coordinator, period, later, reporter):
    draft = _report(period, reporter, "4.2.1")
    reporting.period_set_status(actor=coordinator, period=period, status="closed")
    login(reporter)
    assert draft.get_absolute_url() not in client.get("/plan/").content.decode()
