"""The plan pages over HTTP: allowed users, and each kind of refused user."""

import itertools

import pytest

from ctis.plan.models import Measure, MeasureReport
from ctis.plan.services import reporting
from tests.factories import MeasureReportFactory
from tests.queries import assert_queries_constant

State = MeasureReport.State
# Measures the migration service carries out: one report each per period.
SMS_MEASURES = ["4.2.1", "4.2.4", "4.3.3", "4.7.1", "4.2.9", "4.3.4"]


def submitted_reports(period, reporter, head):
    """``add_rows`` for the query counts: the next reports of SMS_MEASURES, submitted."""
    numbers = iter(SMS_MEASURES)

    def add(count):
        for number in itertools.islice(numbers, count):
            MeasureReportFactory(
                actor=reporter,
                period=period,
                measure=Measure.objects.get(plan=period.plan, number=number),
                submit=head,
            )

    return add


def form(status="implemented", narrative="Görülən işlər.", version="", **figures):
    data = {"status": status, "narrative": narrative, "version": version}
    data.update(figures)
    return data


def test_anonymous_is_sent_to_log_in(client, plan):
    response = client.get("/plan/")
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")


def test_reporter_drafts_through_the_form(client, login, reporter, period, measure):
    login(reporter)
    url = f"/plan/periods/{period.pk}/measures/{measure.pk}/report/"
    assert client.get(url).status_code == 200
    response = client.post(url, form(figure_0_label="staff trained", figure_0_value="348"))
    report = MeasureReport.objects.get()
    assert response.status_code == 302 and response["Location"] == report.get_absolute_url()
    assert report.figures.get().label == "staff trained"


def test_bad_input_is_shown_beside_the_field_and_saves_nothing(
    client, login, reporter, period, measure
):
    login(reporter)
    url = f"/plan/periods/{period.pk}/measures/{measure.pk}/report/"
    response = client.post(url, form(narrative="", figure_0_label="x", figure_0_value="abc"))
    assert response.status_code == 200
    assert not MeasureReport.objects.exists()
    response = client.post(url, form(narrative="", figure_0_label="", figure_0_value=""))
    assert "narrative_error" in response.content.decode()
    assert not MeasureReport.objects.exists()


def test_other_agency_cannot_see_or_change_a_draft(client, login, labour_reporter, sms_draft):
    login(labour_reporter)
    assert client.get(f"/plan/reports/{sms_draft.pk}/").status_code == 403
    assert client.get(f"/plan/reports/{sms_draft.pk}/edit/").status_code == 403
    response = client.post(
        f"/plan/reports/{sms_draft.pk}/edit/", form(narrative="hijacked", version=sms_draft.version)
    )
    assert response.status_code == 403
    sms_draft.refresh_from_db()
    assert sms_draft.narrative == "Layihə mətni."


def test_coordinator_does_not_see_unsubmitted_drafts(client, login, coordinator, sms_draft):
    login(coordinator)
    assert client.get(f"/plan/reports/{sms_draft.pk}/").status_code == 403
    assert str(sms_draft.pk) not in client.get("/plan/reports/").content.decode()


def test_reporter_cannot_accept(client, login, reporter, head, sms_draft):
    reporting.report_submit(actor=head, report=sms_draft)
    login(reporter)
    response = client.post(f"/plan/reports/{sms_draft.pk}/accept/")
    assert response.status_code == 403
    sms_draft.refresh_from_db()
    assert sms_draft.state == State.SUBMITTED


def test_head_submits_and_coordinator_returns_then_accepts(
    client, login, head, coordinator, sms_draft, django_user_model
):
    login(head)
    client.post(f"/plan/reports/{sms_draft.pk}/submit/", {"confirmed": "yes"})
    sms_draft.refresh_from_db()
    assert sms_draft.state == State.SUBMITTED
    client.logout()
    login(coordinator)
    page = client.get(f"/plan/reports/{sms_draft.pk}/").content.decode()
    assert "/return/" in page and "/accept/" in page
    client.post(f"/plan/reports/{sms_draft.pk}/return/", {"comment": "Tarixləri əlavə edin."})
    sms_draft.refresh_from_db()
    assert sms_draft.state == State.RETURNED


def test_nobody_edits_an_accepted_report(client, login, reporter, head, coordinator, sms_draft):
    reporting.report_submit(actor=head, report=sms_draft)
    reporting.report_accept(actor=coordinator, report=sms_draft)
    for user in (reporter, head):
        login(user)
        response = client.post(
            f"/plan/reports/{sms_draft.pk}/edit/",
            form(narrative="late change", version=sms_draft.version + 2),
        )
        assert response.status_code == 200  # the form comes back with the refusal
        assert "can no longer be edited" in response.content.decode()
        client.logout()
    sms_draft.refresh_from_db()
    assert sms_draft.narrative == "Layihə mətni." and sms_draft.state == State.ACCEPTED


def test_stale_form_is_refused_with_a_message(client, login, reporter, sms_draft):
    login(reporter)
    url = f"/plan/reports/{sms_draft.pk}/edit/"
    client.post(url, form(narrative="first save", version=sms_draft.version))
    response = client.post(url, form(narrative="second, stale", version=sms_draft.version))
    assert "Someone saved this report" in response.content.decode()
    assert reporter.username in response.content.decode()
    sms_draft.refresh_from_db()
    assert sms_draft.narrative == "first save"


def test_user_without_plan_roles_sees_no_reports(client, login, make_user, sms_draft):
    login(make_user("plain-analyst", "national-coordinator", "analyst"))
    assert client.get(f"/plan/reports/{sms_draft.pk}/").status_code == 403
    assert (
        client.get(
            f"/plan/periods/{sms_draft.period_id}/measures/{sms_draft.measure_id}/report/"
        ).status_code
        == 403
    )


@pytest.mark.parametrize("url", ["/plan/", "/plan/periods/", "/plan/reports/"])
def test_pages_render_for_each_plan_role(client, login, make_user, period, url):
    for username, agency, role in [
        ("c1", "national-coordinator", "coordinator"),
        ("r1", "sms", "agency_reporter"),
        ("h1", "sms", "agency_head"),
        ("a1", "national-coordinator", "analyst"),
    ]:
        login(make_user(username, agency, role))
        assert client.get(url).status_code == 200, (username, url)
        client.logout()


def test_plan_and_measure_pages(client, login, coordinator, plan, measure, period):
    login(coordinator)
    page = client.get(f"/plan/plans/{plan.pk}/").content.decode()
    assert "4.9.3" in page
    page = client.get(f"/plan/measures/{measure.pk}/").content.decode()
    assert "Dövlət Miqrasiya Xidməti" in page


def test_dashboard_query_count_does_not_grow_with_reports(
    client, login, coordinator, period, plan, reporter, head
):
    login(coordinator)
    add_reports = submitted_reports(period, reporter, head)
    assert_queries_constant(client, "/plan/", add_reports, ceiling=24)
    assert period.reports.filter(state=State.SUBMITTED).count() == 6


def test_only_the_coordinator_opens_periods_and_assigns_agencies(
    client, login, reporter, plan, measure
):
    from ctis.plan.models import MeasureBody, ReportingPeriod

    login(reporter)
    response = client.post("/plan/periods/", {"year": 2022, "due_date": "2023-01-15"})
    assert response.status_code == 403
    assert not ReportingPeriod.objects.filter(year=2022).exists()
    before = MeasureBody.objects.count()
    response = client.post(f"/plan/measures/{measure.pk}/", {"agency": reporter.agency_id})
    assert response.status_code == 403
    assert MeasureBody.objects.count() == before


def test_coordinator_opens_a_period_with_clear_errors(client, login, coordinator, plan):
    from ctis.plan.models import ReportingPeriod

    login(coordinator)
    response = client.post("/plan/periods/", {"year": 2031, "due_date": "2032-01-15"})
    assert response.status_code == 200 and "year_error" in response.content.decode()
    response = client.post("/plan/periods/", {"year": 2022, "due_date": "2023-01-15"})
    assert response.status_code == 302
    assert ReportingPeriod.objects.filter(year=2022).exists()


def test_small_share_is_not_shown_as_zero():
    from ctis.plan.selectors import Completeness

    assert Completeness(key=None, label="", expected=273, received=1).percent_label == "<1"
    assert Completeness(key=None, label="", expected=273, received=0).percent_label == "0"


def test_report_list_and_period_page_query_counts_do_not_grow(
    client, login, coordinator, period, plan, reporter, head
):
    login(coordinator)
    urls = ["/plan/reports/", f"/plan/periods/{period.pk}/", f"/plan/plans/{plan.pk}/"]
    # 17: the period page lists the user's own consolidated-report jobs (one query).
    assert_queries_constant(client, urls, submitted_reports(period, reporter, head), ceiling=17)
    assert period.reports.filter(state=State.SUBMITTED).count() == 6


def test_attachments_follow_the_report_gate(
    client,
    login,
    reporter,
    head,
    coordinator,
    labour_reporter,
    sms_draft,
    settings,
    tmp_path,
):
    from django.core.files.uploadedfile import SimpleUploadedFile

    settings.MEDIA_ROOT = tmp_path
    login(reporter)
    upload = SimpleUploadedFile("hesabat.pdf", b"%PDF-1.4 test", content_type="application/pdf")
    response = client.post(f"/plan/reports/{sms_draft.pk}/", {"file": upload})
    assert response.status_code == 302
    attachment = sms_draft.attachments.get()
    url = f"/plan/attachments/{attachment.pk}/"
    assert client.get(url).status_code == 200
    client.logout()
    login(labour_reporter)
    assert client.get(url).status_code == 403
    assert client.post(f"{url}delete/").status_code == 403
    client.logout()
    login(coordinator)
    assert client.get(url).status_code == 403  # a draft is the agency's own
    reporting.report_submit(actor=head, report=sms_draft)
    assert client.get(url).status_code == 200
    assert client.post(f"{url}delete/").status_code == 403
    assert sms_draft.attachments.count() == 1


def test_wrong_type_upload_is_shown_beside_the_field(
    client, login, reporter, sms_draft, settings, tmp_path
):
    from django.core.files.uploadedfile import SimpleUploadedFile

    settings.MEDIA_ROOT = tmp_path
    login(reporter)
    upload = SimpleUploadedFile("virus.exe", b"MZ\x90\x00")
    response = client.post(f"/plan/reports/{sms_draft.pk}/", {"file": upload})
    assert response.status_code == 200
    assert "not an accepted type" in response.content.decode()
    assert not sms_draft.attachments.exists()
    assert not any(tmp_path.rglob("*"))  # no file left behind


def _offered(client, report) -> set[str]:
    page = client.get(f"/plan/reports/{report.pk}/").content.decode()
    return {step for step in ("submit", "return", "accept") if f"/{step}/" in page}


def test_the_report_page_offers_exactly_the_steps_the_table_allows(
    client, login, reporter, head, coordinator, sms_draft
):
    for user, offered in ((reporter, set()), (head, {"submit"})):
        login(user)
        assert set(reporting.REPORT_STEPS.allowed(sms_draft, user)) == offered
        assert _offered(client, sms_draft) == offered
        client.logout()
    reporting.report_submit(actor=head, report=sms_draft)
    sms_draft.refresh_from_db()
    for user, offered in ((head, set()), (coordinator, {"return", "accept"})):
        login(user)
        assert set(reporting.REPORT_STEPS.allowed(sms_draft, user)) == offered
        assert _offered(client, sms_draft) == offered
        client.logout()


def test_an_illegal_step_is_refused_with_its_message(client, login, head, coordinator, sms_draft):
    reporting.report_submit(actor=head, report=sms_draft)
    reporting.report_accept(actor=coordinator, report=sms_draft)
    login(coordinator)
    response = client.post(f"/plan/reports/{sms_draft.pk}/return/", {"comment": "x"}, follow=True)
    assert "A report that is accepted cannot be returned." in response.content.decode()
    sms_draft.refresh_from_db()
    assert sms_draft.state == State.ACCEPTED


@pytest.mark.parametrize(
    "figure, field, message",
    [
        ({"figure_0_label": "x" * 201}, "label", "at most 200 characters (it has 201)"),
        ({"figure_0_unit": "u" * 41}, "unit", "at most 40 characters (it has 41)"),
        ({"figure_0_label": "staff\x00trained"}, "label", "Null characters are not allowed."),
        ({"figure_0_unit": "per\x00sons"}, "unit", "Null characters are not allowed."),
    ],
)
def test_a_bad_figure_is_told_beside_it_and_saves_nothing(
    client, login, reporter, sms_draft, figure, field, message
):
    login(reporter)
    data = {"figure_0_label": "staff trained", "figure_0_value": "348", **figure}
    response = client.post(
        f"/plan/reports/{sms_draft.pk}/edit/", form(version=sms_draft.version, **data)
    )
    assert response.status_code == 200
    page = response.content.decode()
    assert f'id="id_figure_0_{field}_error"' in page
    assert message in page
    sms_draft.refresh_from_db()
    assert sms_draft.narrative == "Layihə mətni." and not sms_draft.figures.exists()


@pytest.mark.parametrize("version", ["abc", "-1", "", None, "99999999999999999999"])
def test_a_tampered_version_is_told_and_saves_nothing(client, login, reporter, sms_draft, version):
    login(reporter)
    data = form(version=version)
    if version is None:
        del data["version"]
    response = client.post(f"/plan/reports/{sms_draft.pk}/edit/", data)
    assert response.status_code == 200
    assert "Reload the page and make your changes again." in response.content.decode()
    sms_draft.refresh_from_db()
    assert sms_draft.narrative == "Layihə mətni."
