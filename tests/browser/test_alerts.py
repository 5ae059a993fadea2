"""An alert in Chromium (issue 11): the coordinator returns a report; its reporter sees
the unread count in the header, opens the alert centre, opens the alert, which marks it
read and leads to the report; and the alert went out by e-mail (the locmem backend here,
the console one in the demonstration). Key pages: test-results/alerts-*.png."""

from __future__ import annotations

import re

import pytest
from django.core.management import call_command
from django.urls import reverse
from playwright.sync_api import expect

from ctis.accounts.services import user_update
from ctis.inbox.models import Alert
from ctis.plan.models import Measure, MeasureReport
from tests.browser.conftest import Walk
from tests.browser.test_plan_cycle import expect_message, expect_state, log_in
from tests.factories import MeasureReportFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_returned_report_reaches_the_reporter_in_the_centre_and_by_email(
    settings, make_user, admin, coordinator, period, new_context, results_dir, mailoutbox
):
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    settings.CTIS_SITE_URL = "https://ctis.example.gov.az"
    reporter = make_user("sms-reporter", "sms", "agency_reporter")
    reporter = user_update(actor=admin, user=reporter, email="sms-reporter@example.org")
    head = make_user("sms-head", "sms", "agency_head")
    report = MeasureReportFactory(
        actor=reporter,
        period=period,
        measure=Measure.objects.get(plan=period.plan, number="4.2.1"),
        narrative="Leaflets were handed out at border crossing points.",
        submit=head,
    )
    report_url = report.get_absolute_url()
    walk = Walk(results_dir, "alerts", full_page=False)

    # The coordinator returns the report with a comment.
    coordinator_page = log_in(new_context(), coordinator)
    coordinator_page.goto(report_url)
    coordinator_page.locator("main textarea[name=comment]").fill("Say how many were trained.")
    return_url = reverse("plan:report_step", args=[report.pk, "return"])
    coordinator_page.locator(f'main button[formaction="{return_url}"]').click()
    expect_message(coordinator_page)
    expect_state(coordinator_page, report, MeasureReport.State.RETURNED)

    # The reporter logs in: the header says one unread alert.
    page = log_in(new_context(), reporter)
    count = page.locator("header .alert-count")
    expect(count).to_have_text("1")
    walk.shot(page, "header-count")
    page.locator('header a.alerts-link[href="/alerts/"]').click()
    expect(page).to_have_url(re.compile(r"/alerts/$"))
    items = page.locator("main .alert-item")
    expect(items).to_have_count(1)
    expect(items.first).to_have_class(re.compile(r"\bunread\b"))
    expect(items.first).to_contain_text("Report on measure 4.2.1 (2021) returned for correction")
    walk.shot(page, "centre")

    # Opening the alert marks it read and leads to the report.
    items.first.locator("button[type=submit]").click()
    expect(page).to_have_url(re.compile(f"{report_url}$"))
    expect(page.locator("main [role=note]")).to_contain_text("Say how many were trained.")
    expect(page.locator("header .alert-count")).to_have_count(0)
    walk.shot(page, "report")
    alert = Alert.objects.get(recipient=reporter)
    assert alert.read_at is not None and alert.kind == "plan.report_returned"

    # And by e-mail, from the queue once the worker ran: the subject and the link only.
    assert mailoutbox == []
    call_command("worker", "--batch", "--no-periodic", verbosity=0)
    assert [m.to for m in mailoutbox] == [["sms-reporter@example.org"]]
    message = mailoutbox[0]
    assert alert.subject["az"] in message.subject
    assert f"https://ctis.example.gov.az{report_url}" in message.body
    assert "Leaflets" not in message.body and "trained" not in message.body
