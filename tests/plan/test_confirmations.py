"""Steps that cannot be taken back ask to be confirmed first, and the report forms that
cannot be saved say so when they are opened (issue 11)."""

from ctis.plan.models import Measure, MeasureReport, ReportingPeriod
from ctis.plan.services import reporting
from tests.plan.test_views import form

State = MeasureReport.State
CONFIRM = 'name="confirmed"'


def test_submitting_a_report_asks_for_confirmation_first(client, login, head, sms_draft):
    login(head)
    url = f"/plan/reports/{sms_draft.pk}/submit/"
    asked = client.post(url)
    page = asked.content.decode()
    assert asked.status_code == 200 and CONFIRM in page
    assert "cannot be undone" in page and "4.2.1" in page
    sms_draft.refresh_from_db()
    assert sms_draft.state == State.DRAFT
    # The confirmation page posted back without the box ticked: asked again, nothing done.
    again = client.post(url, {"confirm-step": "1"}).content.decode()
    assert "Tick the box to confirm" in again
    sms_draft.refresh_from_db()
    assert sms_draft.state == State.DRAFT
    client.post(url, {"confirm-step": "1", "confirmed": "yes"})
    sms_draft.refresh_from_db()
    assert sms_draft.state == State.SUBMITTED


def test_a_reporter_who_may_not_submit_is_refused_not_asked(client, login, reporter, sms_draft):
    login(reporter)
    response = client.post(f"/plan/reports/{sms_draft.pk}/submit/", follow=True)
    assert CONFIRM not in response.content.decode()
    sms_draft.refresh_from_db()
    assert sms_draft.state == State.DRAFT


def test_closing_a_period_asks_for_confirmation_and_reopening_does_not(
    client, login, coordinator, period
):
    login(coordinator)
    url = f"/plan/periods/{period.pk}/status/"
    asked = client.post(url, {"status": "closed"})
    page = asked.content.decode()
    assert asked.status_code == 200 and CONFIRM in page
    # The status travels on in a hidden field.
    assert 'name="status" value="closed"' in page
    assert ReportingPeriod.objects.get(pk=period.pk).is_open
    client.post(url, {"status": "closed", "confirmed": "yes"})
    assert not ReportingPeriod.objects.get(pk=period.pk).is_open
    client.post(url, {"status": "open"})
    assert ReportingPeriod.objects.get(pk=period.pk).is_open


def test_closing_a_period_is_refused_to_others_without_a_confirmation_page(
    client, login, head, period
):
    login(head)
    response = client.post(f"/plan/periods/{period.pk}/status/", {"status": "closed"})
    assert CONFIRM not in response.content.decode()
    assert ReportingPeriod.objects.get(pk=period.pk).is_open


def test_a_submitted_report_opens_read_only_and_says_why(
    client,
    login,
    reporter,
    head,
    sms_draft,
):
    reporting.report_submit(actor=head, report=sms_draft)
    login(reporter)
    url = f"/plan/reports/{sms_draft.pk}/edit/"
    response = client.get(url)
    page = response.content.decode()
    assert response.status_code == 200
    assert "was submitted on" in page and str(head) in page
    assert "may return it" in page
    assert "Layihə mətni." in page  # the report, read-only
    assert "<textarea" not in page and 'name="narrative"' not in page
    posted = client.post(url, form(narrative="late change", version=sms_draft.version))
    assert posted.status_code == 200
    assert "Nothing was saved" in posted.content.decode()
    sms_draft.refresh_from_db()
    assert sms_draft.narrative == "Layihə mətni." and sms_draft.state == State.SUBMITTED


def test_a_draft_still_opens_its_form(client, login, reporter, sms_draft):
    login(reporter)
    page = client.get(f"/plan/reports/{sms_draft.pk}/edit/").content.decode()
    assert 'name="narrative"' in page


def test_a_closed_periods_report_form_is_refused_when_opened(
    client, login, reporter, coordinator, period, plan
):
    measure = Measure.objects.get(plan=plan, number="4.2.4")
    reporting.period_set_status(actor=coordinator, period=period, status="closed")
    login(reporter)
    url = f"/plan/periods/{period.pk}/measures/{measure.pk}/report/"
    response = client.get(url)
    page = response.content.decode()
    assert response.status_code == 200
    assert "2021 is closed" in page and 'name="narrative"' not in page
    posted = client.post(url, form())
    assert "Nothing was saved" in posted.content.decode()
    assert not MeasureReport.objects.filter(measure=measure).exists()


def test_a_closed_periods_draft_opens_read_only(client, login, reporter, coordinator, sms_draft):
    reporting.period_set_status(actor=coordinator, period=sms_draft.period, status="closed")
    login(reporter)
    page = client.get(f"/plan/reports/{sms_draft.pk}/edit/").content.decode()
    assert "2021 is closed" in page and 'name="narrative"' not in page
