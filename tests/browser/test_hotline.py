"""The hotline in Chromium, with the keyboard alone, in Azerbaijani at 1366×768: the
operator takes a call from a caller who rang twice before, types the number (the earlier
contacts and the caller's flag come up beside the form), ticks the topic, picks the outcome
"tip to the police unit", writes the note and saves with Ctrl+Enter; the form for the tip
opens, the operator gives the name the caller said, confirms, and the special police unit
is notified with the call's note. The entry's seconds are printed; the pages are saved to
test-results/hotline-*.png."""

from __future__ import annotations

import datetime
import re
import time

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from ctis.accounts.roles import Role
from ctis.hotline import services
from ctis.hotline.models import Contact, Topic
from ctis.nrm.models import Notification
from tests.browser.conftest import Walk
from tests.browser.test_unified_database import log_in
from tests.personas import enrol

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

NUMBER = "+994 50 214 77 31"


def earlier_calls(operator) -> None:
    work, study = Topic.objects.get(code="work_abroad"), Topic.objects.get(code="study_abroad")
    for days, topic in ((20, work), (6, study)):
        services.contact_record(
            actor=operator,
            data=services.ContactInput(
                topics=[topic],
                identifier="050 214 77 31",
                received_at=timezone.now() - datetime.timedelta(days=days),
                notes="Asked about an offer abroad.",
            ),
        )
    caller = Contact.objects.filter(caller__isnull=False).first().caller
    services.flag_set(
        actor=operator,
        caller=caller,
        kind="at_risk",
        reason="Her recruiter keeps calling.",
        until=timezone.localdate() + datetime.timedelta(days=30),
    )


def tab_to(page, selector: str, most: int = 12) -> None:
    """Press Tab until the field is focused (as an operator's hand would), at most ``most``."""
    field = page.locator(selector)
    for _ in range(most):
        if field.evaluate("el => el === document.activeElement"):
            return
        page.keyboard.press("Tab")
    expect(field).to_be_focused()


def test_a_tip_from_a_repeat_caller_by_keyboard(make_user, new_context, results_dir, live_server):
    operator = make_user("hotline-op", "mia-ctd", Role.HOTLINE_OPERATOR)
    enrol(operator)  # the role needs a second factor
    earlier_calls(operator)
    walk = Walk(results_dir, "hotline", full_page=False)
    context = new_context()
    context.add_cookies([{"name": "ctis_language", "value": "az", "url": live_server.url}])
    page = log_in(context, operator)
    page.goto("/hotline/new/")
    started = time.monotonic()
    keys = page.keyboard
    expect(page.locator("input[name=identifier]")).to_be_focused()
    keys.type(NUMBER)
    history = page.locator("#caller-history")
    expect(history).to_contain_text("2 əvvəlki müraciət")
    expect(history.locator(".flag")).to_contain_text("Risk altında")
    keys.press("Tab")
    expect(page.locator("input[name=topics]").first).to_be_focused()
    keys.press("Space")  # Xaricdə iş
    tab_to(page, "select[name=outcome]")
    keys.press("ArrowDown")
    keys.press("ArrowDown")  # information → referred → tip to the police unit
    expect(page.locator("select[name=outcome]")).to_have_value("police_tip")
    tab_to(page, "textarea[name=notes]")
    keys.type("Dubaydan iş təklifi: agentlik pasportunu saxlayır, uçuş sabahdır.")
    walk.shot(page, "call-form")
    keys.press("Control+Enter")
    expect(page).to_have_url(re.compile(r"/hotline/contacts/[0-9a-f-]{36}/notify/$"))
    seconds = time.monotonic() - started
    print(f"\nhotline: the call was recorded by keyboard in {seconds:.1f} s")
    contact = Contact.objects.order_by("-created_at").first()
    assert contact.outcome == "police_tip" and contact.caller is not None
    assert [t.code for t in contact.topics.all()] == ["work_abroad"]
    assert Contact.objects.filter(caller=contact.caller).count() == 3

    expect(page.locator(".messages")).to_contain_text("Müraciət qeydə alındı")
    expect(page.locator("input[name=given_name]")).to_be_focused()
    keys.type("Aysel")
    walk.shot(page, "notify")
    keys.press("Enter")
    expect(page.locator("main section.confirm")).to_be_visible()
    walk.shot(page, "confirm")
    expect(page.locator("input[name=confirmed]")).to_be_focused()
    keys.press("Space")
    keys.press("Tab")
    keys.press("Enter")
    expect(page).to_have_url(re.compile(rf"/hotline/contacts/{contact.pk}/$"))
    expect(page.locator(".messages")).to_contain_text("Polis qurumuna bildiriş göndərildi")
    earlier = page.locator("main .earlier-contacts li")
    expect(earlier).to_have_count(2)
    walk.shot(page, "contact")
    total = time.monotonic() - started
    print(f"hotline: from the new call to the police unit notified in {total:.1f} s")

    notification = Notification.objects.with_sealed().get()
    assert notification.to_agency.code == "mia-ctd"
    assert "pasportunu" in notification.note
    contact.refresh_from_db()
    assert contact.notification == notification
    assert contact.person.code.startswith("V")
