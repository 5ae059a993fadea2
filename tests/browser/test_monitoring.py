"""Internet and media monitoring in Chromium, in Azerbaijani, as the monitoring officer and
the police unit use it: an advertisement is recorded, screened (its signals highlighted in
the text, with their names and weights), its phone number is linked to an earlier hotline
call, it is taken under review and referred to the police unit, whose investigator finds
it on the home page. Key pages are saved to test-results/monitoring-*.png at 1366×768."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from ctis.hotline import services as hotline
from ctis.hotline.models import Topic
from ctis.hotline.services import topics_load_reference
from ctis.monitoring.models import Item
from ctis.monitoring.services import signals_load_reference
from tests.browser.conftest import Walk, confirm
from tests.browser.test_unified_database import log_in
from tests.personas import PERSONAS, enrol

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

AD = (
    "Dubayda otelə gənc qızlar tələb olunur! Təcrübə tələb olunmur, maaş 2500 $. "
    "Viza və bilet bizdən. Yalnız WhatsApp: 055 700 12 34"
)


def _persona(make_user, name):
    p = PERSONAS[name]
    return make_user(p.username, p.agency, *p.roles)


def in_azerbaijani(context, live_server):
    context.add_cookies([{"name": "ctis_language", "value": "az", "url": live_server.url}])
    return context


def test_an_advertisement_from_new_to_referred(make_user, new_context, live_server, results_dir):
    walk = Walk(results_dir, "monitoring")
    signals_load_reference()
    topics_load_reference()  # the hotline's reference topics (a flush may have removed them)
    officer = _persona(make_user, "monitoring_officer")
    operator = _persona(make_user, "hotline_operator")
    investigator = _persona(make_user, "investigator")
    enrol(investigator)
    enrol(officer)  # monitoring officers read sealed texts: two-factor like the unit
    call = hotline.contact_record(
        actor=operator,
        data=hotline.ContactInput(
            topics=[Topic.objects.get(code="work_abroad")], identifier="+994557001234"
        ),
    )

    page = log_in(in_azerbaijani(new_context(), live_server), officer)
    page.locator('nav.modules a[href="/monitoring/items/"]').click()
    expect(page.locator("main h1")).to_have_text("Monitorinq növbəsi")
    page.locator('main a[href="/monitoring/items/new/"]').click()
    expect(page.locator("main")).to_contain_text(
        "Uşaqların cinsi istismarı materialı heç vaxt saxlanılmır."
    )
    form = page.locator("main form[method=post]")
    form.locator("input[name=url]").fill("https://example.org/elan/123")
    form.locator("select[name=platform]").select_option("facebook")
    form.locator("select[name=category]").select_option("job_abroad")
    form.locator("textarea[name=text]").fill(AD)
    walk.shot(page, "new-item")
    form.locator("button.primary[type=submit]").click()
    expect(page).to_have_url(re.compile(r"/monitoring/items/[0-9a-f-]{36}/$"))

    item = Item.objects.get()
    marks = page.locator("#captured-text mark.signal")
    expect(marks.first).to_be_visible()
    assert marks.count() >= 4
    expect(page.locator("#captured-text")).to_contain_text("Təcrübə tələb olunmur (0,25)")
    expect(page.locator('#captured-text mark[data-signals~="travel-paid"]').first).to_contain_text(
        "Viza və bilet"
    )
    expect(page.locator("#signals-matched")).to_contain_text("Yalnız gənc qadınlar və ya qızlar")
    thread = page.locator("#threads")
    expect(thread).to_contain_text("+994557001234")
    expect(thread.locator("li.hotline-contact")).to_contain_text(str(call.pk)[:8])
    walk.shot(page, "screened")

    page.locator("main button", has_text="Baxışa götür").click()
    expect(page.locator("#item-state")).to_have_text("Baxılır")
    page.locator("main button", has_text="Polis qurumuna yönləndir").click()
    confirm(page)
    expect(page.locator("#item-state")).to_have_text("Polis qurumuna yönləndirilib")
    expect(page.locator("#action-log")).to_contain_text("Polis qurumuna yönləndirilib")
    walk.shot(page, "referred")
    item.refresh_from_db()
    assert item.state == "referred"

    unit = log_in(in_azerbaijani(new_context(), live_server), investigator)
    card = unit.locator(
        "main section", has_text="Polis qurumuna yönləndirilmiş monitorinq materialları"
    )
    expect(card).to_contain_text(item.short_id)
    card.locator(f'a[href="{item.get_absolute_url()}"]').click()
    expect(unit.locator("#captured-text mark.signal").first).to_be_visible()
    walk.shot(unit, "police-unit")
