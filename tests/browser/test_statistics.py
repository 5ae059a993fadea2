"""The statistics dashboard and the annual report in Chromium, in Azerbaijani, at
1366×768 (issue 13): an analyst opens the dashboard from the module bar, narrows the years,
is told when a year is wrong, asks for the 2020 report as DOCX, and downloads it once the
worker has made it. Texts are looked up in the Azerbaijani catalogue. Key pages are saved
to test-results/statistics-*.png."""

from __future__ import annotations

import datetime
import io
import re

import pytest
from django.core.management import call_command
from django.utils import translation
from docx import Document
from playwright.sync_api import expect

from ctis.core.models import Job
from ctis.stats.services import series_load_reference
from tests.browser.conftest import Walk
from tests.browser.test_unified_database import log_in
from tests.stats import builders

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def az(text: str) -> str:
    with translation.override("az"):
        return translation.gettext(text)


def test_the_dashboard_and_the_annual_report(make_user, new_context, live_server, results_dir):
    investigator = make_user("stats-investigator", "mia-ctd", "police_investigator")
    builders.victim(investigator, exploited_in=("TR",))
    builders.victim(investigator, sex="Masculine", exploited_in=("AZ",))
    builders.case(investigator)
    series_load_reference()
    analyst = make_user("stats-analyst", "national-coordinator", "analyst")
    walk = Walk(results_dir, "statistics")

    context = new_context()
    context.add_cookies([{"name": "ctis_language", "value": "az", "url": live_server.url}])
    page = log_in(context, analyst)
    page.locator('nav.modules a[href="/stats/"]').click()
    expect(page.locator("h1")).to_have_text(az("Statistics"))
    page.locator("select#from").select_option("2015")
    page.locator("select#to").select_option("2020")
    page.locator("form.filters button[type=submit]").click()
    expect(page).to_have_url(re.compile(r"/stats/\?from=2015&to=2020$"))
    expect(page.locator("main section.chart svg")).to_have_count(5)
    walk.shot(page, "dashboard")

    page.goto("/stats/?from=2021&to=2015")
    expect(page.locator("main .messages")).to_contain_text(
        az(
            "The years must be between %(earliest)s and %(latest)s, the first no later than the last; the whole range is shown."
        )
        % {"earliest": 2000, "latest": datetime.date.today().year}
    )

    page.locator("select#report-year").select_option("2020")
    page.locator("button[name=format][value=docx]").click()
    expect(page.locator("#report-job")).to_contain_text(az("Waiting for the worker to start."))
    call_command("worker", "--batch", "--no-periodic", verbosity=0)
    expect(page.locator("#report-job")).to_contain_text(
        az("The document is ready."), timeout=10_000
    )
    walk.shot(page, "report-ready")
    with page.expect_download() as download:
        page.locator("#report-job a.button").click()
    path = download.value.path()
    document = Document(io.BytesIO(open(path, "rb").read()))
    assert any("2020-ci ildə" in paragraph.text for paragraph in document.paragraphs)
    assert Job.objects.get().state == Job.State.DONE
