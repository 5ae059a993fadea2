"""The whole yearly reporting cycle in Chromium, as the three people involved do it.

The reporter of the State Migration Service drafts the report on measure 4.2.1, the
agency head submits it, the national coordinator returns it with a comment, the reporter
corrects it, the head submits it again, the coordinator accepts it and asks for the
consolidated report for the year in DOCX and PDF: its page shows it waiting for the
worker, then ready (the test runs the worker), and the files downloaded from there must
carry the corrected text.
Each person logs in through the log-in page in a browser context of their own.

The pages are in English (see conftest.py), but their wording is still being edited and
will be translated; so elements are found by what does not change with the wording: the
addresses links and forms lead to, form field names, the sections' ids, and the data the
people typed. Key pages are saved to test-results/plan-cycle-*.png (1366×768), and the
consolidated report as downloaded beside them.
"""

from __future__ import annotations

import io
import re
import uuid
from urllib.parse import urlparse

import docx
import pypdf
import pytest
from django.core.management import call_command
from django.urls import reverse
from playwright.sync_api import Page, expect

from ctis.plan.models import Measure, MeasureReport
from tests.browser.conftest import Walk, confirm
from tests.personas import PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

State = MeasureReport.State
DOWNLOAD_TIMEOUT_MS = 120_000
PLAN_HOME = "/plan/"


def link_to(scope, url: str):
    return scope.locator(f'a[href^="{url}"]')


def log_in(context, user, walk: Walk | None = None) -> Page:
    """Open the plan's home page, get sent to the log-in page, log in, land on the plan."""
    page = context.new_page()
    page.goto(PLAN_HOME)
    expect(page).to_have_url(re.compile(r"/accounts/login/\?next="))
    form = page.locator("main form[method=post]")
    form.locator("input[name=username]").fill(user.username)
    form.locator("input[name=password]").fill(PASSWORD)
    if walk:
        walk.shot(page, "login")
    form.locator("button[type=submit]").click()
    expect(page).to_have_url(re.compile(f"{PLAN_HOME}$"))
    expect(page.locator("html")).to_have_attribute("lang", "en")
    return page


def go_to_plan_home(page: Page) -> None:
    """Through the module menu, as a person would."""
    link_to(page.locator("nav.modules"), PLAN_HOME).first.click()
    expect(page).to_have_url(re.compile(f"{PLAN_HOME}$"))


def agency_work(page: Page):
    """The agency's section of the plan's home page: its measures and their reports."""
    section = page.locator("section[aria-labelledby=agency-work]")
    expect(section).to_be_visible()
    return section


def expect_message(page: Page) -> None:
    """The page confirms the step in its message area."""
    expect(page.locator("main .messages[role=status]")).to_be_visible()
    expect(page.locator("main .messages .msg-error")).to_have_count(0)


def expect_state(page: Page, report: MeasureReport, state: str) -> None:
    expect(page.locator("main .badge").first).to_have_class(re.compile(rf"\b{state}\b"))
    report.refresh_from_db()
    assert report.state == state


def download(page: Page, url: str):
    """Click the link to a document; a clear failure if the server sends no file."""
    link = link_to(page.locator("main"), url).first
    start_url = page.url
    downloads = []
    page.once("download", lambda download: downloads.append(download))
    link.click()
    # Either the browser receives a file, or it shows whatever else the server sent.
    waited = 0
    while not downloads and page.url == start_url and waited < DOWNLOAD_TIMEOUT_MS:
        page.wait_for_timeout(100)
        waited += 100
    if not downloads:
        response = page.context.request.get(url)
        pytest.fail(
            f"{url} gave no file: HTTP {response.status}, "
            f"Content-Type {response.headers.get('content-type')!r}, "
            f"Content-Disposition {response.headers.get('content-disposition')!r}, "
            f"body {response.body()[:200]!r}"
        )
    return downloads[0]


def consolidated(page: Page, fmt: str, walk: Walk):
    """Ask for the consolidated report, watch its page while the worker makes it (the real
    worker loop, run here), and download it from there."""
    page.get_by_role("button", name=f"Consolidated report ({fmt})").click()
    job_page = page.locator("#document-job")
    expect(job_page).to_contain_text("Waiting for the worker to start.")
    walk.shot(page, f"coordinator-consolidated-{fmt.lower()}-waiting")
    call_command("worker", "--batch", "--no-periodic", verbosity=0)
    # The page polls every two seconds and shows the download when the file is made.
    expect(job_page).to_contain_text("The document is ready.", timeout=15_000)
    walk.shot(page, f"coordinator-consolidated-{fmt.lower()}-ready")
    return download(page, urlparse(page.url).path + "download/")


def docx_text(data: bytes) -> str:
    document = docx.Document(io.BytesIO(data))
    parts = [p.text for p in document.paragraphs]

    def cells(tables):
        for table in tables:
            for row in table.rows:
                for cell in row.cells:
                    parts.extend(p.text for p in cell.paragraphs)
                    cells(cell.tables)

    cells(document.tables)
    return "\n".join(parts)


def pdf_text(data: bytes) -> str:
    return "\n".join(page.extract_text() or "" for page in pypdf.PdfReader(io.BytesIO(data)).pages)


def squeezed(text: str) -> str:
    """Text without any white space: line breaks in a PDF fall anywhere."""
    return "".join(text.split())


def test_reporting_cycle_from_draft_to_consolidated_report(
    make_user, coordinator, period, new_context, results_dir
):
    reporter = make_user("sms-reporter", "sms", "agency_reporter")
    head = make_user("sms-head", "sms", "agency_head")
    measure = Measure.objects.get(plan=period.plan, number="4.2.1")
    token = uuid.uuid4().hex[:10]
    draft_text = (
        f"Leaflets on trafficking risks were handed out at border crossing points ({token})."
    )
    corrected_text = (
        f"Staff of the service were trained to identify victims among migrants "
        f"at 12 regional offices ({token})."
    )
    comment = f"Please say how many staff were trained and where ({token})."
    walk = Walk(results_dir, "plan-cycle", full_page=False)
    measure_url = reverse("plan:measure_detail", args=[measure.pk])
    draft_url = reverse("plan:report_new", args=[period.pk, measure.pk])

    # The reporter opens the plan's home page and measure 4.2.1 in the open 2021 period,
    # and drafts the report.
    reporter_page = log_in(new_context(), reporter, walk)
    walk.shot(reporter_page, "reporter-plan-home")
    row = (
        agency_work(reporter_page)
        .locator("tr")
        .filter(has=reporter_page.get_by_role("link", name="4.2.1", exact=True))
    )
    row.get_by_role("link", name="4.2.1", exact=True).click()
    expect(reporter_page).to_have_url(re.compile(f"{measure_url}(\\?period={period.pk})?$"))
    expect(reporter_page.locator("main h1")).to_have_text("4.2.1")
    walk.shot(reporter_page, "reporter-measure")
    link_to(reporter_page.locator("main"), draft_url).click()
    expect(reporter_page).to_have_url(re.compile(f"{draft_url}$"))
    form = reporter_page.locator("main form[method=post]")
    form.locator("select[name=status]").select_option("in_progress")
    form.locator("textarea[name=narrative]").fill(draft_text)
    form.locator("input[name=figure_0_label]").fill("staff trained")
    form.locator("input[name=figure_0_value]").fill("348")
    form.locator("input[name=figure_0_unit]").fill("persons")
    walk.shot(reporter_page, "reporter-report-form")
    form.locator("button[type=submit]").click()
    expect_message(reporter_page)
    report = MeasureReport.objects.get(period=period, measure=measure, agency=reporter.agency)
    report_url = report.get_absolute_url()
    expect(reporter_page).to_have_url(re.compile(f"{report_url}$"))
    expect_state(reporter_page, report, State.DRAFT)
    expect(reporter_page.locator("main .narrative")).to_have_text(draft_text)
    figures = reporter_page.locator("main table.figures-view tr")
    expect(figures).to_have_count(1)
    expect(figures.locator("td")).to_have_text(["staff trained", "348", "persons"])
    walk.shot(reporter_page, "reporter-draft-saved")

    # The head of the agency finds it on the plan's home page and submits it.
    submit_url = reverse("plan:report_step", args=[report.pk, "submit"])
    head_page = log_in(new_context(), head)
    link_to(agency_work(head_page).locator("table"), report_url).click()
    expect(head_page.locator("main .narrative")).to_have_text(draft_text)
    walk.shot(head_page, "head-report-draft")
    head_page.locator(f'main form[action="{submit_url}"] button[type=submit]').click()
    confirm(head_page)
    expect_message(head_page)
    expect_state(head_page, report, State.SUBMITTED)

    # The coordinator finds it among the reports waiting for review and returns it.
    return_url = reverse("plan:report_step", args=[report.pk, "return"])
    accept_url = reverse("plan:report_step", args=[report.pk, "accept"])
    coordinator_page = log_in(new_context(), coordinator)
    walk.shot(coordinator_page, "coordinator-plan-home")
    waiting = coordinator_page.locator("section[aria-labelledby=awaiting]")
    link_to(waiting, report_url).click()
    expect(coordinator_page.locator("main .narrative")).to_have_text(draft_text)
    coordinator_page.locator("main textarea[name=comment]").fill(comment)
    walk.shot(coordinator_page, "coordinator-review")
    coordinator_page.locator(f'main button[formaction="{return_url}"]').click()
    expect_message(coordinator_page)
    expect_state(coordinator_page, report, State.RETURNED)

    # The reporter sees the returned report and the comment on the plan's home page,
    # and corrects the narrative; the figure stays as it was.
    go_to_plan_home(reporter_page)
    returned = agency_work(reporter_page).get_by_role("alert")
    expect(returned).to_contain_text(comment)
    walk.shot(reporter_page, "reporter-returned")
    link_to(returned, report_url).click()
    expect(reporter_page.locator("main [role=note]")).to_contain_text(comment)
    link_to(reporter_page.locator("main"), reverse("plan:report_edit", args=[report.pk])).click()
    form = reporter_page.locator("main form[method=post]")
    narrative = form.locator("textarea[name=narrative]")
    expect(narrative).to_have_value(draft_text)
    expect(form.locator("input[name=figure_0_value]")).to_have_value("348")
    narrative.fill(corrected_text)
    walk.shot(reporter_page, "reporter-correction")
    form.locator("button[type=submit]").click()
    expect_message(reporter_page)
    expect(reporter_page).to_have_url(re.compile(f"{report_url}$"))
    expect(reporter_page.locator("main .narrative")).to_have_text(corrected_text)

    # The head submits it again.
    go_to_plan_home(head_page)
    link_to(agency_work(head_page).locator("table"), report_url).click()
    expect(head_page.locator("main .narrative")).to_have_text(corrected_text)
    head_page.locator(f'main form[action="{submit_url}"] button[type=submit]').click()
    confirm(head_page)
    expect_message(head_page)
    expect_state(head_page, report, State.SUBMITTED)

    # The coordinator accepts it.
    go_to_plan_home(coordinator_page)
    link_to(coordinator_page.locator("section[aria-labelledby=awaiting]"), report_url).click()
    expect(coordinator_page.locator("main .narrative")).to_have_text(corrected_text)
    coordinator_page.locator(f'main button[formaction="{accept_url}"]').click()
    expect_message(coordinator_page)
    expect_state(coordinator_page, report, State.ACCEPTED)
    walk.shot(coordinator_page, "coordinator-accepted")
    assert report.narrative == corrected_text

    # From the period's page, the coordinator downloads the consolidated report for 2021.
    go_to_plan_home(coordinator_page)
    link_to(coordinator_page.locator("main"), period.get_absolute_url()).first.click()
    expect(coordinator_page).to_have_url(re.compile(f"{period.get_absolute_url()}$"))
    expect(coordinator_page.locator("main h1")).to_contain_text("2021")
    walk.shot(coordinator_page, "coordinator-period")

    docx_file = consolidated(coordinator_page, "DOCX", walk)
    assert docx_file.suggested_filename.lower().endswith(".docx")
    docx_file.save_as(results_dir / "plan-cycle-consolidated-2021.docx")
    text = docx_text(docx_file.path().read_bytes())
    assert corrected_text in text, text[:3000]
    assert draft_text not in text

    coordinator_page.goto(period.get_absolute_url())
    pdf_file = consolidated(coordinator_page, "PDF", walk)
    assert pdf_file.suggested_filename.lower().endswith(".pdf")
    pdf_file.save_as(results_dir / "plan-cycle-consolidated-2021.pdf")
    text = pdf_text(pdf_file.path().read_bytes())
    assert squeezed(corrected_text) in squeezed(text), text[:3000]
    assert squeezed(draft_text) not in squeezed(text)
