"""The administrator registers an agency's system and issues its token in Chromium, in
Azerbaijani, at 1366×768: the token is shown once, on the page that issued it, and opens
the API. Key pages are saved to test-results/api-clients-*.png."""

from __future__ import annotations

import re

import pytest
from django.test import Client
from django.utils import translation
from playwright.sync_api import expect

from ctis.accounts.models import Agency
from tests.browser.conftest import Walk
from tests.browser.test_unified_database import log_in
from tests.personas import enrol

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def az(text: str) -> str:
    with translation.override("az"):
        return translation.gettext(text)


def test_an_administrator_registers_a_system_and_gives_it_a_token(
    make_user, new_context, live_server, results_dir
):
    admin = make_user("it-admin", "mia", "system_administrator")
    if admin.two_factor_required():
        enrol(admin)
    walk = Walk(results_dir, "api-clients")
    context = new_context()
    context.add_cookies([{"name": "ctis_language", "value": "az", "url": live_server.url}])
    page = log_in(context, admin)
    page.locator('nav.modules a[href="/api-clients/"]').click()
    expect(page.locator("h1")).to_have_text(az("API clients"))
    page.get_by_role("link", name=az("Register a system")).click()
    form = page.locator("main form[method=post]")
    form.locator("select[name=agency]").select_option(str(Agency.objects.get(code="sms").pk))
    form.locator("input[name=name]").fill("Sərhəd sistemi")
    form.locator("input[name=roles][value=frontline_officer]").check()
    walk.shot(page, "register")
    form.get_by_role("button", name=az("Register")).click()
    expect(page.locator("h1")).to_have_text("Sərhəd sistemi")
    page.get_by_role("button", name=az("Issue a token")).click()
    token = page.locator("code.token").inner_text()
    assert re.fullmatch(r"ctis_[0-9a-f]{12}_[A-Za-z0-9_-]{43}", token)
    walk.shot(page, "token")
    answer = Client().get("/api/v1/client/", HTTP_AUTHORIZATION=f"Bearer {token}")
    assert answer.status_code == 200 and answer.json()["agency"] == "sms"
    page.goto(page.url.removesuffix("tokens/"))
    expect(page.locator("h1")).to_have_text("Sərhəd sistemi")
    expect(page.locator("code.token")).to_have_count(0)
    expect(page.locator("main table tbody tr")).to_have_count(1)
