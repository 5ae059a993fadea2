"""The National Referral Mechanism in Chromium, as the agencies along a victim's path use it.

A migration officer enters a person met at the border and screens them against an
indicator set (the result: presumed victim, with the reasons); the special police unit is
notified, takes the notification up and decides "actual victim"; the investigator records
the person's consent and refers them to the shelter with their names and phones; the
shelter accepts, admits the person and records services, then refers them on to the
assistance centre with their names only; the centre accepts, records the one-time
allowance and employment, and closes its case. At each step the test checks what each
agency sees: only what it was sent, and nothing before it accepted.

The indicator set is synthetic (ctis ships no ILO/EC indicator wording it could not
verify): the administrator's way in, ``ctis nrm import-set``, loads it.
Key pages are saved to test-results/nrm-*.png at 1366×768.
"""

from __future__ import annotations

import json
import re

import pytest
from django.core.management import call_command
from playwright.sync_api import Page, expect

from ctis.accounts.models import Agency
from ctis.cases.models import Person
from ctis.nrm import services
from ctis.nrm.models import (
    Indicator,
    Notification,
    Referral,
    ServiceDelivery,
    StatusDecision,
    Stay,
)
from tests.browser.conftest import Walk
from tests.browser.test_unified_database import enter_person, log_in
from tests.nrm.test_screening import PRESUMED, TEST_SET
from tests.personas import enrol

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def open_identity(page: Page, purpose: str = "assistance") -> None:
    form = page.locator('main form[action$="/identity/"]')
    form.locator(f"input[name=purpose][value={purpose}]").check()
    form.locator("button[type=submit]").click()


def refer(
    page: Page, person_url: str, to: Agency, *, services_: list[str], parts: list[str], reason: str
) -> None:
    page.goto(person_url)
    page.locator('main a[href$="/refer/"]').click()
    page.locator("select[name=to]").select_option(str(to.pk))
    page.locator("main form button[type=submit]").click()
    form = page.locator("main form[method=post]")
    form.locator("textarea[name=reason]").fill(reason)
    for service in services_:
        form.locator(f"input[name=services][value={service}]").check()
    for part in parts:
        form.locator(f"input[name=parts][value={part}]").check()
    form.locator("button.primary[type=submit]").click()
    expect(page).to_have_url(re.compile(r"/nrm/referrals/[0-9a-f-]{36}/$"))


def record_service(page: Page, kind: str) -> None:
    panel = page.locator('main form[action$="/services/"]')
    page.locator("main details summary", has_text=re.compile("Record a service")).click()
    panel.locator("select[name=kind]").select_option(kind)
    panel.locator("button[type=submit]").click()
    expect(page.locator("main .messages .msg-success")).to_have_count(1)


def test_from_screening_to_reintegration(make_user, new_context, results_dir, tmp_path):
    walk = Walk(results_dir, "nrm")
    sets = tmp_path / "sets.json"
    sets.write_text(json.dumps({"sets": [TEST_SET]}), encoding="utf-8")
    call_command("nrm", "import-set", str(sets))
    officer = make_user("border-officer", "sms", "frontline_officer")
    investigator = make_user("investigator", "mia-ctd", "police_investigator")
    shelter_worker = make_user("shelter-worker", "shelter-mia", "service_provider")
    centre_worker = make_user("centre-worker", "assistance-centre", "service_provider")
    for user in (officer, investigator, shelter_worker, centre_worker):
        enrol(user)
    admin = make_user("admin", "mia", "system_administrator")
    facility = services.facility_save(
        actor=admin,
        agency=Agency.objects.get(code="shelter-mia"),
        name_az="DİN sığınacağı",
        capacity=20,
    )

    # The migration officer enters the person met at the border and screens them.
    page = log_in(new_context(), officer)
    code = enter_person(
        page,
        role="victim",
        family="Hüseynova",
        given="Nərmin",
        patronymic="Elçin qızı",
        sex="Feminine",
        born="1998-09-14",
        document="AA7788990",
        phone="+994 55 321 65 87",
    )
    person_url = page.url
    page.locator('main a[href$="/screen/"]').click()
    page.locator("input[name=set][value=test-adult-labour]").check()
    page.locator("main form button[type=submit]").click()
    form = page.locator("main form[method=post]")
    for indicator in Indicator.objects.filter(
        indicator_set__code="test-adult-labour", code__in=PRESUMED
    ):
        form.locator(f"input[name=indicators][value='{indicator.pk}']").check()
    walk.shot(page, "screening-form")
    form.locator("button.primary[type=submit]").click()
    expect(page).to_have_url(re.compile(r"/nrm/screenings/[0-9a-f-]{36}/$"))
    main = page.locator("main")
    expect(main).to_contain_text("Presumed victim")
    expect(main).to_contain_text(
        "Coercion at destination met: 2 strong — Confiscation of "
        "documents; Isolation, confinement or surveillance"
    )
    walk.shot(page, "screening-result")
    notification = Notification.objects.get(person__code=code)
    assert notification.to_agency.code == "mia-ctd"
    # The officer's agency is the one that sent it, and sees it waiting.
    page.goto("/")
    expect(page.locator("main")).to_contain_text("Sent by your agency, not yet taken up")

    # The police unit takes the notification up and decides: actual victim.
    police = log_in(new_context(), investigator)
    expect(police.locator("main")).to_contain_text("1 notification waits for your unit")
    police.locator(f'main a[href="{notification.get_absolute_url()}"]').first.click()
    police.locator('main form[action$="/take-up/"] button').click()
    decision = police.locator("main form[method=post]").last
    decision.locator("input[name=status][value=ActualVictimOfTrafficking]").check()
    decision.locator("textarea[name=basis]").fill(
        "Interview at the border; passport kept by the employer"
    )
    decision.locator("input[name=exploitation][value=ForcedLabour]").check()
    walk.shot(police, "decision")
    decision.locator("button.primary[type=submit]").click()
    expect(police).to_have_url(person_url)
    assert StatusDecision.objects.get().status == "ActualVictimOfTrafficking"
    assert Person.objects.get(code=code).victim_status == "ActualVictimOfTrafficking"
    open_identity(police, "investigation")
    expect(police.locator("main")).to_contain_text("Hüseynova")

    # Consent, then the referral to the shelter with the names and phones only.
    consent = police.locator('main form[action$="/consents/"]')
    consent.locator("select[name=purpose]").select_option("referral")
    consent.locator("button[type=submit]").click()
    shelter = Agency.objects.get(code="shelter-mia")
    refer(
        police,
        person_url,
        shelter,
        services_=["shelter", "medical", "psychological"],
        parts=["names", "contacts"],
        reason="Needs a safe place and medical help",
    )
    walk.shot(police, "referral-sent")

    # The shelter sees nothing of the person before it accepts, only why it is asked.
    shelter_page = log_in(new_context(), shelter_worker)
    assert shelter_page.request.get(person_url).status == 403
    expect(shelter_page.locator("main")).to_contain_text("Referrals waiting for your answer")
    referral = Referral.objects.get(to_agency=shelter)
    shelter_page.goto(referral.get_absolute_url())
    expect(shelter_page.locator("main")).to_contain_text("Needs a safe place")
    expect(shelter_page.locator("main")).not_to_contain_text("Hüseynova")
    shelter_page.locator("main form input[name=step][value=accept] >> xpath=..").locator(
        "button"
    ).click()
    shelter_page.goto(person_url)
    open_identity(shelter_page)
    main = shelter_page.locator("main")
    expect(main).to_contain_text("Hüseynova")
    expect(main).to_contain_text("321 65 87")
    expect(main).not_to_contain_text("AA7788990")  # documents were not sent
    expect(main).not_to_contain_text("1998-09-14")
    expect(main).not_to_contain_text("14.09.1998")
    expect(main).to_contain_text("You see what was referred to your agency")
    # Admission and services.
    admit = shelter_page.locator('main form[action$="/stays/"]')
    admit.locator("select[name=facility]").select_option(str(facility.pk))
    admit.locator("button[type=submit]").click()
    expect(shelter_page.locator("main .messages .msg-success")).to_have_count(1)
    record_service(shelter_page, "medical")
    record_service(shelter_page, "psychological")
    walk.shot(shelter_page, "shelter-person")
    assert Stay.objects.get().facility == facility

    # The shelter refers on to the assistance centre, with the names only.
    centre = Agency.objects.get(code="assistance-centre")
    refer(
        shelter_page,
        person_url,
        centre,
        services_=["one_time_allowance", "employment"],
        parts=["names"],
        reason="Allowance and a job",
    )
    # It could not have sent the documents: it never had them.
    shelter_page.goto(person_url)
    shelter_page.locator('main a[href$="/refer/"]').click()
    shelter_page.locator("select[name=to]").select_option(str(centre.pk))
    shelter_page.locator("main form button[type=submit]").click()
    expect(shelter_page.locator("input[name=parts][value=documents]")).to_have_count(0)

    # The centre accepts, records the allowance and the job, and closes its case.
    centre_page = log_in(new_context(), centre_worker)
    onward = Referral.objects.get(to_agency=centre)
    centre_page.goto(onward.get_absolute_url())
    centre_page.locator("main form input[name=step][value=accept] >> xpath=..").locator(
        "button"
    ).click()
    centre_page.goto(person_url)
    open_identity(centre_page)
    main = centre_page.locator("main")
    expect(main).to_contain_text("Hüseynova")
    expect(main).not_to_contain_text("321 65 87")  # the shelter sent no phones
    expect(main).not_to_contain_text("AA7788990")
    record_service(centre_page, "one_time_allowance")
    record_service(centre_page, "employment")
    expect(main).to_contain_text("700.00 AZN")
    # Nor does it see the shelter's own records: its stay and its services.
    expect(main).not_to_contain_text("DİN sığınacağı")
    expect(main.locator("li", has_text="Psychological help")).to_have_count(0)
    expect(main).not_to_contain_text("Presumed victim")
    walk.shot(centre_page, "centre-person")
    close = centre_page.locator('main form[action^="/nrm/"][action$="/close/"]')
    centre_page.locator("main details summary", has_text=re.compile("Close your agency")).click()
    close.locator("select[name=reason]").select_option("reintegrated")
    close.locator("button[type=submit]").click()
    expect(centre_page).to_have_url(re.compile(r"/$"))
    assert centre_page.request.get(person_url).status == 403
    assert Referral.objects.get(pk=onward.pk).state == "completed"
    kinds = sorted(ServiceDelivery.objects.values_list("kind", flat=True))
    assert kinds == ["employment", "medical", "one_time_allowance", "psychological"]
