"""An awareness event in Chromium, in Azerbaijani, at 1366×768 (issue 12, "Done means").

The migration service's reporter records a seminar through the form (participants by
group and sex), opens its page and takes the public feedback link; a second browser
context, logged out, opens the link, sees the event's title and date and nothing else,
answers the ratings and a comment and sends them; the reporter's event page then shows
the answer in its summary. A too-quick second context is refused, and a second answer
from the first is refused too. Texts are looked up in the Azerbaijani catalogue. Key pages
are saved to test-results/outreach-*.png.
"""

from __future__ import annotations

import datetime
import re
import time

import pytest
from django.utils import translation
from playwright.sync_api import expect

from ctis.outreach.models import Audience, Event, Response
from ctis.outreach.services import audiences_load_reference
from ctis.outreach.services import feedback as feedback_service
from tests.browser.conftest import Walk
from tests.browser.test_unified_database import log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

TITLE = "Gənclər üçün təhlükəsiz miqrasiya seminarı"
COMMENT = "Çox faydalı və aydın idi."


def az(text: str) -> str:
    with translation.override("az"):
        return translation.gettext(text)


def _in_az(context, live_server) -> None:
    context.add_cookies([{"name": "ctis_language", "value": "az", "url": live_server.url}])


def test_public_feedback_from_a_logged_out_browser_appears_in_the_summary(
    make_user, new_context, live_server, results_dir, monkeypatch
):
    monkeypatch.setattr(feedback_service, "MIN_FILL_SECONDS", 2)
    audiences_load_reference()
    pupils = Audience.objects.get(code="pupils").pk
    reporter = make_user("sms-reporter", "sms", "agency_reporter")
    walk = Walk(results_dir, "outreach")

    context = new_context()
    _in_az(context, live_server)
    page = log_in(context, reporter)
    expect(page.locator("html")).to_have_attribute("lang", "az")
    page.locator('nav.modules a[href="/outreach/"]').click()
    expect(page.locator("h1")).to_have_text(az("Awareness events and trainings"))
    page.locator('a[href="/outreach/new/"]').click()
    day = (datetime.date.today() - datetime.timedelta(days=1)).isoformat()
    form = page.locator("main form[method=post]")
    form.locator("input[name=title]").fill(TITLE)
    form.locator("select[name=kind]").select_option("seminar")
    form.locator("input[name=starts_on]").fill(day)
    form.locator("input[name=ends_on]").fill(day)
    form.locator("input[name=place]").fill("Gəncə")
    form.locator("input[name=participants_total]").fill("10")
    form.locator(f"input[name=group_{pupils}_total]").fill("30")  # more than in total
    form.locator(f"input[name=group_{pupils}_women]").fill("18")
    form.locator(f"input[name=group_{pupils}_men]").fill("12")
    form.locator("button.primary[type=submit]").click()
    error = page.locator("#id_participants_total_error")
    expect(error).to_be_visible()
    walk.shot(page, "refused-total")
    assert not Event.objects.exists()
    page.locator("main form[method=post] input[name=participants_total]").fill("32")
    page.locator("main form[method=post] button.primary[type=submit]").click()
    expect(page.locator("main .messages .msg-success")).to_have_text(az("The event is recorded."))
    event = Event.objects.get()
    expect(page).to_have_url(re.compile(f"/outreach/{event.pk}/$"))
    walk.shot(page, "event")
    public = page.locator(f'main a[href="{event.public_path()}"]')
    expect(public).to_be_visible()
    expect(page.locator("img.qr")).to_be_visible()
    link = public.get_attribute("href")

    stranger = new_context()  # a participant's phone: logged out
    _in_az(stranger, live_server)
    form_page = stranger.new_page()
    form_page.goto(link)
    expect(form_page.locator("h1.event-title")).to_have_text(TITLE)
    main = form_page.locator("main").inner_text()
    assert "Gəncə" not in main and "DMX" not in main and "32" not in main
    assert form_page.locator("nav.modules").count() == 0
    walk.shot(form_page, "public-form")
    time.sleep(2.2)
    form_page.locator("input[name=usefulness][value='5']").check()
    form_page.locator("input[name=clarity][value='4']").check()
    form_page.locator("input[name=relevance][value='5']").check()
    form_page.locator("textarea[name=comment]").fill(COMMENT)
    form_page.locator("main form button.primary[type=submit]").click()
    expect(form_page.locator("main .msg-success")).to_have_text(
        az("Thank you: your answers are received.")
    )
    walk.shot(form_page, "public-thanks")
    form_page.goto(link)  # the same browser again
    expect(form_page.locator("main .msg-warning")).to_have_text(
        az("This browser has already answered. Thank you.")
    )

    hasty = new_context()  # a robot sends at once
    _in_az(hasty, live_server)
    robot = hasty.new_page()
    robot.goto(link)
    robot.locator("input[name=usefulness][value='1']").check()
    robot.locator("input[name=clarity][value='1']").check()
    robot.locator("input[name=relevance][value='1']").check()
    robot.locator("main form button.primary[type=submit]").click()
    expect(robot.locator("main .form-errors")).to_contain_text(
        az("The form was sent too quickly. Read the questions, then send it again.")
    )
    assert Response.objects.count() == 1

    page.reload()
    summary = page.locator("#feedback-summary")
    expect(summary.locator("strong.overall")).to_be_visible()
    expect(summary).to_contain_text(COMMENT)
    expect(summary.locator("svg")).to_be_visible()
    summary.scroll_into_view_if_needed()
    walk.shot(page, "summary")
