"""Three walks of issue 11 in Chromium, in Azerbaijani, at 1366×768.

A frontline officer records a screening and the police unit sees it on the notification;
the Assistance Centre records progress on an action of the shelter's plan; a reporter finds
a returned report of an earlier open period on the home page. The records a walk does not
make itself are made through the services; what the walk checks is what each user sees and
does on the pages. The texts are looked up in the Azerbaijani catalogue, so a page still in
English fails. Key pages are saved to test-results/forms-*.png.
"""

from __future__ import annotations

import datetime
import json
import re

import pytest
from django.core.management import call_command
from django.utils import timezone, translation
from playwright.sync_api import Page, expect

from ctis.accounts.models import Agency
from ctis.nrm import services
from ctis.nrm.models import Indicator, Notification, Screening, SupportAction
from ctis.plan.models import Measure, MeasureReport
from ctis.plan.services import reporting
from tests.browser.conftest import Walk, confirm
from tests.browser.test_unified_database import log_in
from tests.factories import PersonFactory, ReferralFactory
from tests.nrm.test_screening import PRESUMED, TEST_SET
from tests.personas import enrol

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def az(text: str, context: str | None = None) -> str:
    with translation.override("az"):
        return translation.pgettext(context, text) if context else translation.gettext(text)


@pytest.fixture
def walk_in(new_context, live_server):
    """``walk_in(user)``: a page logged in as the user, the language cookie set to az."""

    def make(user) -> Page:
        context = new_context()
        context.add_cookies([{"name": "ctis_language", "value": "az", "url": live_server.url}])
        page = log_in(context, user)
        expect(page.locator("html")).to_have_attribute("lang", "az")
        return page

    return make


def test_an_officer_screens_and_the_police_unit_reads_it_on_the_notification(
    make_user, walk_in, results_dir, tmp_path
):
    walk = Walk(results_dir, "forms-screening")
    sets = tmp_path / "sets.json"
    sets.write_text(json.dumps({"sets": [TEST_SET]}), encoding="utf-8")
    call_command("nrm", "import-set", str(sets))
    officer = make_user("border-officer", "sms", "frontline_officer")
    investigator = make_user("investigator", "mia-ctd", "police_investigator")
    for user in (officer, investigator):
        enrol(user)
    person = PersonFactory(actor=officer)

    page = walk_in(officer)
    page.goto(person.get_absolute_url())
    page.locator('main a[href$="/screen/"]').click()
    page.locator("input[name=set][value=test-adult-labour]").check()
    page.locator("main form button[type=submit]").click()
    form = page.locator("main form[method=post]")
    for indicator in Indicator.objects.filter(
        indicator_set__code="test-adult-labour", code__in=PRESUMED
    ):
        form.locator(f"input[name=indicators][value='{indicator.pk}']").check()
    form.locator("textarea[name=notes]").fill("Sərhəddə müsahibə; pasport işəgötürəndədir")
    walk.shot(page, "officer-form")
    form.locator("button.primary[type=submit]").click()
    expect(page).to_have_url(re.compile(r"/nrm/screenings/[0-9a-f-]{36}/$"))
    expect(page.locator("main .messages")).to_contain_text(az("The screening is recorded."))
    expect(page.locator("main")).to_contain_text(az("Presumed victim"))
    walk.shot(page, "officer-result")
    screening = Screening.objects.get(person=person)
    notification = Notification.objects.get(person=person)
    assert notification.screening == screening

    # The police unit finds the notification on its home page and reads the screening there.
    police = walk_in(investigator)
    police.locator(f'main a[href="{notification.get_absolute_url()}"]').first.click()
    main = police.locator("main")
    expect(main).to_contain_text(az("Screening"))
    expect(main.locator(f'a[href="{screening.get_absolute_url()}"]')).to_contain_text(
        az("Presumed victim")
    )
    for line in screening.explanation.get("az", [])[:1]:
        expect(main).to_contain_text(line)
    walk.shot(police, "police-notification")
    police.locator(f'main a[href="{screening.get_absolute_url()}"]').click()
    expect(police).to_have_url(re.compile(f"{screening.get_absolute_url()}$"))
    expect(police.locator("main")).to_contain_text("Sınaq dəsti")


def test_the_assistance_centre_records_progress_on_the_shelters_plan(
    make_user, walk_in, results_dir
):
    walk = Walk(results_dir, "forms-progress")
    investigator = make_user("investigator", "mia-ctd", "police_investigator")
    shelter_worker = make_user("shelter-worker", "shelter-mia", "service_provider")
    centre_worker = make_user("centre-worker", "assistance-centre", "service_provider")
    for user in (investigator, shelter_worker, centre_worker):
        enrol(user)
    referral = ReferralFactory(
        actor=investigator,
        data__to_agency=Agency.objects.get(code="shelter-mia"),
        data__reason="Sığınacaq",
        accept=shelter_worker,
    )
    plan = services.support_plan_create(
        actor=shelter_worker,
        person=referral.person,
        objectives="Müstəqil həyata qayıdış",
        actions=[
            services.ActionInput(
                "Peşə kursu",
                Agency.objects.get(code="assistance-centre"),
                timezone.localdate() + datetime.timedelta(days=5),
                "vocational_course",
            )
        ],
    )
    action = plan.actions.get()

    page = walk_in(centre_worker)
    expect(page.locator("main")).to_contain_text("Peşə kursu")
    walk.shot(page, "centre-home")
    page.locator(f'main a[href="{action.get_absolute_url()}"]').first.click()
    expect(page).to_have_url(re.compile(f"{action.get_absolute_url()}$"))
    main = page.locator("main")
    expect(main).to_contain_text(az("Record progress"))
    # The centre was sent nothing of the person: it sees the code only, and says so.
    expect(main).to_contain_text(referral.person.code)
    expect(main).not_to_contain_text("Məmmədova")
    form = main.locator(f'form[action="{action.get_absolute_url()}"]')
    form.locator("select[name=progress]").select_option("in_progress")
    form.locator("input[name=note]").fill("Kursa yazılıb, 12 may başlayır")
    walk.shot(page, "centre-action")
    form.locator("button[type=submit]").click()
    expect(page.locator("main .messages .msg-success")).to_have_count(1)
    expect(main.locator(".badge").first).to_have_text(az("in progress"))
    expect(main).to_contain_text("Kursa yazılıb")
    walk.shot(page, "centre-saved")
    action = SupportAction.objects.get(pk=action.pk)
    assert (
        action.progress == "in_progress"
        and action.progress_note == "Kursa yazılıb, 12 may başlayır"
    )


def test_a_reporter_finds_a_returned_report_of_an_earlier_open_period(
    make_user, coordinator, period, walk_in, results_dir
):
    walk = Walk(results_dir, "forms-returned")
    later = reporting.period_open(
        actor=coordinator,
        plan=period.plan,
        year=2022,
        due_date=datetime.date(2023, 1, 15),
    )
    reporter = make_user("sms-reporter", "sms", "agency_reporter")
    head = make_user("sms-head", "sms", "agency_head")
    for user in (reporter, head, coordinator):
        enrol(user)
    measure = Measure.objects.get(plan=period.plan, number="4.2.1")
    report = reporting.report_create(
        actor=reporter,
        period=period,
        measure=measure,
        agency=reporter.agency,
        status="in_progress",
        narrative="348 əməkdaş təlim keçib.",
    )
    reporting.report_submit(actor=head, report=report)
    reporting.report_return(
        actor=coordinator, report=report, comment="Təlimlərin tarixlərini əlavə edin."
    )

    page = walk_in(reporter)
    page.locator('nav.modules a[href="/plan/"]').first.click()
    # The period shown is the later one; the returned report of 2021 is still listed.
    expect(page.locator("main")).to_contain_text(str(later.year))
    returned = page.locator("main .notice", has_text=az("Returned for correction"))
    expect(returned).to_contain_text(az("(every open period)"))
    expect(returned).to_contain_text("Təlimlərin tarixlərini əlavə edin.")
    expect(returned).to_contain_text(f"{measure.number} · {period.year}")
    walk.shot(page, "reporter-home")
    returned.locator(f'a[href="{report.get_absolute_url()}"]').click()
    expect(page).to_have_url(re.compile(f"{report.get_absolute_url()}$"))
    expect(page.locator("main")).to_contain_text("Təlimlərin tarixlərini əlavə edin.")
    page.locator('main a[href$="/edit/"]').click()
    page.locator("textarea[name=narrative]").fill(
        "348 əməkdaş 2021-ci ilin mart–may aylarında təlim keçib."
    )
    page.locator("main form button.primary[type=submit]").click()
    expect(page.locator("main .messages .msg-success")).to_have_count(1)
    walk.shot(page, "reporter-corrected")

    # The head submits it again, through the confirmation.
    head_page = walk_in(head)
    head_page.goto(report.get_absolute_url())
    head_page.locator('main form[action$="/submit/"] button[type=submit]').click()
    expect(head_page.locator("main section.confirm")).to_contain_text(az("This cannot be undone."))
    walk.shot(head_page, "head-confirm")
    confirm(head_page)
    expect(head_page.locator("main .messages .msg-success")).to_have_count(1)
    assert MeasureReport.objects.get(pk=report.pk).state == MeasureReport.State.SUBMITTED


def _printed(page: Page, walk: Walk, name: str) -> str:
    """The page as printed: a PDF (its text returned) and, to look at, a screenshot in the
    print media."""
    import io

    import pypdf

    data = page.pdf(format="A4", print_background=True)
    page.emulate_media(media="print")
    walk.shot(page, name)
    page.emulate_media(media="screen")
    return " ".join(p.extract_text() for p in pypdf.PdfReader(io.BytesIO(data)).pages)


def test_a_report_and_a_person_print_without_the_page_around_them(
    make_user, coordinator, period, walk_in, results_dir
):
    walk = Walk(results_dir, "forms-print")
    reporter = make_user("sms-reporter", "sms", "agency_reporter")
    investigator = make_user("investigator", "mia-ctd", "police_investigator")
    enrol(investigator)
    report = reporting.report_create(
        actor=reporter,
        period=period,
        measure=Measure.objects.get(plan=period.plan, number="4.2.1"),
        agency=reporter.agency,
        status="in_progress",
        narrative="348 əməkdaş təlim keçib.",
    )
    person = PersonFactory(actor=investigator)
    chrome = [az("Log out"), az("Edit"), az("Attach"), "Azərbaycanca", az("Skip to content")]

    page = walk_in(reporter)
    page.goto(report.get_absolute_url())
    expect(page.locator("main")).to_contain_text(az("Edit"))
    text = _printed(page, walk, "report")
    assert "348 əməkdaş təlim keçib." in text and "4.2.1" in text
    for word in chrome:
        assert word not in text, word

    page = walk_in(investigator)
    page.goto(person.get_absolute_url())
    text = _printed(page, walk, "person")
    assert person.code in text
    for word in (az("Log out"), "Azərbaycanca", az("Screen with indicators")):
        assert word not in text, word
