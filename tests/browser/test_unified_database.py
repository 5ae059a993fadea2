"""The unified database in Chromium, as the people involved use it.

An investigator of the special police unit enters a victim with two trafficking events
(recruited in Baku, exploited in Türkiye), two accused persons, a criminal case under
article 144-1 with the victim linked, and a verdict for each accused. The national
coordinator then finds the victim only by code; a reporter of an unrelated agency is
refused the record; a police supervisor opens the identity with a purpose; and the
auditor finds the identity views in the audit log and on the person's page.

Elements are found by addresses, field names and the data typed, not by wording.
Key pages are saved to test-results/unified-*.png at 1366×768.
"""

from __future__ import annotations

import re

import pyotp
import pytest
from playwright.sync_api import Page, expect

from ctis.accounts.models import Agency
from ctis.audit.models import AuditEntry
from ctis.cases.models import CriminalCase, Person, Prosecution
from tests.browser.conftest import Walk
from tests.personas import PASSWORD, enrol

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PERSONS = "/cases/persons/"


def log_in(context, user) -> Page:
    page = context.new_page()
    page.goto("/accounts/login/")
    form = page.locator("main form[method=post]")
    form.locator("input[name=username]").fill(user.username)
    form.locator("input[name=password]").fill(PASSWORD)
    form.locator("button[type=submit]").click()
    if user.has_totp:
        expect(page).to_have_url(re.compile(r"/accounts/login/code/"))
        page.locator("input[name=code]").fill(pyotp.TOTP(user.totp_secret).now())
        page.locator("main form button[type=submit]").click()
    expect(page).to_have_url(re.compile(r"/$"))
    return page


def open_database(page: Page) -> None:
    page.locator(f'nav.modules a[href="{PERSONS}"]').click()
    expect(page).to_have_url(re.compile(f"{PERSONS}$"))


def choose_country(page: Page, select: str, typed: str, code: str) -> None:
    """Type into the filter box above a country list, as a person would, then pick."""
    field = page.locator(f"select[name={select}]")
    page.locator(f"select[name={select}] >> xpath=preceding-sibling::input[1]").fill(typed)
    expect(field.locator(f'option[value="{code}"]')).not_to_have_attribute("hidden", "")
    field.select_option(code)


def enter_person(
    page: Page,
    *,
    role: str,
    family: str,
    given: str,
    patronymic: str,
    sex: str,
    born: str,
    document: str = "",
    phone: str = "",
) -> str:
    page.goto(PERSONS)
    page.locator('main a[href="/cases/persons/new/"]').click()
    form = page.locator("main form[method=post]")
    form.locator(f"input[name=role][value={role}]").check()
    form.locator("input[name=family_name]").fill(family)
    form.locator("input[name=given_name]").fill(given)
    form.locator("input[name=patronymic]").fill(patronymic)
    form.locator(f"input[name=sex][value={sex}]").check()
    form.locator("input[name=birth_date]").fill(born)
    if document:
        form.locator("select[name=document_1_kind]").select_option("IdentityCard")
        form.locator("input[name=document_1_number]").fill(document)
        choose_country(page, "document_1_issuer", "Azerb", "AZ")
    if phone:
        form.locator("input[name=contact_1_value]").fill(phone)
    form.locator("button.primary[type=submit]").click()
    expect(page).to_have_url(re.compile(r"/cases/persons/[0-9a-f-]{36}/$"))
    expect(page.locator("main .messages .msg-error")).to_have_count(0)
    return page.locator("main h1").inner_text().split()[0]


def test_investigator_enters_victim_case_and_verdicts(
    make_user, coordinator, new_context, results_dir
):
    walk = Walk(results_dir, "unified")
    investigator = make_user("investigator", "mia-ctd", "police_investigator")
    supervisor = make_user("supervisor", "mia-ctd", "police_supervisor")
    auditor = make_user("auditor", "mia", "auditor")
    outsider = make_user("sms-reporter", "sms", "agency_reporter")
    for user in (investigator, supervisor, auditor):
        if user.two_factor_required():
            enrol(user)

    # The investigator enters the victim.
    page = log_in(new_context(), investigator)
    open_database(page)
    victim_code = enter_person(
        page,
        role="victim",
        family="Quliyeva",
        given="Səbinə",
        patronymic="Arif qızı",
        sex="Feminine",
        born="1999-04-21",
        document="AA4455667",
        phone="+994 51 444 55 66",
    )
    victim_url = page.url
    expect(page.locator("main")).to_contain_text("Quliyeva")
    walk.shot(page, "victim-entered")

    # Victim profile: status decided by the police unit, sexual exploitation.
    page.locator('main a[href$="/victim/"]').click()
    form = page.locator("main form[method=post]")
    form.locator("input[name=status][value=ActualVictimOfTrafficking]").check()
    police = Agency.objects.get(code="mia-ctd")
    form.locator("select[name=status_decided_by]").select_option(str(police.pk))
    form.locator("input[name=status_decided_on]").fill("2024-03-02")
    form.locator("input[name=identified_on]").fill("2024-02-27")
    form.locator("input[name=exploitation][value=SexualExploitation]").check()
    form.locator("input[name=sexual_kinds][value=Prostitution]").check()
    form.locator("input[name=control_methods][value=WithholdsDocuments]").check()
    form.locator("input[name=control_methods][value=DebtBondage]").check()
    form.locator("select[name=recruitment_method]").select_option("ThroughOnlineSocialNetworks")
    form.locator("input[name=age_when_trafficked]").fill("24")
    walk.shot(page, "victim-profile-form")
    form.locator("button.primary[type=submit]").click()
    expect(page).to_have_url(victim_url)

    # Two trafficking events: an impossible date first, then the two real ones.
    page.locator('main a[href$="/events/new/"]').click()
    form = page.locator("main form[method=post]")
    form.locator("input[name=kind][value=Recruitment]").check()
    choose_country(page, "country", "Azerb", "AZ")
    form.locator("input[name=place]").fill("Bakı, Sabunçu rayonu")
    form.locator("input[name=started_on]").fill("1998-01-10")
    form.locator("button[name=another]").click()
    expect(page.locator("main .field.has-error")).to_contain_text("date of birth")
    form.locator("input[name=started_on]").fill("2023-09-10")
    form.locator("button[name=another]").click()
    expect(page.locator("main .messages")).to_be_visible()
    form = page.locator("main form[method=post]")
    form.locator("input[name=kind][value=Exploitation]").check()
    choose_country(page, "country", "Türk", "TR")
    form.locator("input[name=place]").fill("Antalya")
    form.locator("input[name=started_on]").fill("2023-10-01")
    form.locator("input[name=ended_on]").fill("2024-02-20")
    form.locator("button.primary[type=submit]").click()
    expect(page).to_have_url(victim_url)
    expect(page.locator("main ol.timeline li")).to_have_count(2)
    walk.shot(page, "victim-with-events")

    # Two accused.
    accused = [
        enter_person(
            page,
            role="perpetrator",
            family="Məmmədov",
            given="Elçin",
            patronymic="Sabir oğlu",
            sex="Masculine",
            born="1981-02-11",
        ),
        enter_person(
            page,
            role="perpetrator",
            family="Rzayeva",
            given="Lalə",
            patronymic="Vaqif qızı",
            sex="Feminine",
            born="1975-12-30",
        ),
    ]

    # The criminal case, with the victim linked and a verdict for each accused.
    page.goto("/cases/criminal-cases/")
    page.locator('main a[href="/cases/criminal-cases/new/"]').click()
    form = page.locator("main form[method=post]")
    form.locator("input[name=number]").fill("2024/144-1/0031")
    form.locator("input[name=registered_on]").fill("2024-03-01")
    form.locator("input[name=articles]").first.check()  # 144-1 comes first
    form.locator("button.primary[type=submit]").click()
    expect(page).to_have_url(re.compile(r"/cases/criminal-cases/[0-9a-f-]{36}/$"))
    case_url = page.url
    page.locator('main a[href$="/persons/new/?role=Victim"]').click()
    page.locator("input[name=person]").fill(victim_code)
    page.locator("main form button.primary").click()
    expect(page).to_have_url(case_url)
    for code, months in zip(accused, ("108", "84"), strict=True):
        page.locator('main a[href$="/prosecutions/"]').click()
        form = page.locator("main form[method=post]")
        form.locator("input[name=accused]").fill(code)
        form.locator("input[name=court]").fill("Bakı Ağır Cinayətlər Məhkəməsi")
        form.locator("input[name=sent_to_court_on]").fill("2024-06-03")
        form.locator("input[name=verdict_on]").fill("2024-02-01")  # before registration
        form.locator("select[name=outcome]").select_option("Convicted")
        form.locator("select[name=sentence]").select_option("Imprisonment")
        form.locator("input[name=term_months]").fill(months)
        form.locator("button.primary[type=submit]").click()
        expect(page.locator("main .field.has-error")).to_contain_text("registered")
        form.locator("input[name=verdict_on]").fill("2024-10-15")
        form.locator("input[name=confiscation]").check()
        form.locator("button.primary[type=submit]").click()
        expect(page).to_have_url(case_url)
    expect(page.locator("main")).to_contain_text(victim_code)
    for code in accused:
        expect(page.locator("main")).to_contain_text(code)
    walk.shot(page, "case-with-verdicts")
    case = CriminalCase.objects.get(number="2024/144-1/0031")
    assert Prosecution.objects.filter(case=case, outcome="Convicted").count() == 2
    assert case.participants.filter(role="Victim", person__code=victim_code).exists()
    victim = Person.objects.get(code=victim_code)
    assert victim.victim.scope == "Transnational" and victim.victim.events.count() == 2

    # The coordinator sees the victim by code only.
    page = log_in(new_context(), coordinator)
    open_database(page)
    expect(page.locator("main table")).to_contain_text(victim_code)
    page.locator(f'main a[href="{victim.get_absolute_url()}"]').click()
    expect(page.locator("main h1")).to_contain_text(victim_code)
    expect(page.locator("main")).not_to_contain_text("Quliyeva")
    expect(page.locator("main")).not_to_contain_text("Səbinə")
    expect(page.locator('main form[action$="/identity/"]')).to_have_count(0)
    walk.shot(page, "coordinator-code-only")
    refused = page.request.post(
        f"{victim_url}identity/", data={"purpose": "investigation"}, headers={"X-CSRFToken": "x"}
    )
    assert refused.status == 403

    # A reporter of an unrelated agency cannot open the record.
    page = log_in(new_context(), outsider)
    response = page.goto(victim_url)
    assert response is not None and response.status == 403
    expect(page.locator("main")).not_to_contain_text("Quliyeva")

    # A police supervisor opens the identity with a purpose.
    page = log_in(new_context(), supervisor)
    page.goto(victim_url)
    expect(page.locator("main")).not_to_contain_text("Quliyeva")
    form = page.locator('main form[action$="/identity/"]')
    form.locator("input[name=purpose][value=court]").check()
    form.locator("input[name=note]").fill("Hearing of 15 October")
    form.locator("button[type=submit]").click()
    expect(page.locator("main dl.identity")).to_contain_text("Quliyeva")
    expect(page.locator("main dl.identity")).to_contain_text("AA4455667")

    # The auditor finds the identity views, with their purpose.
    page = log_in(new_context(), auditor)
    page.goto(victim_url)
    log_table = page.locator("main table.identity-log")
    expect(log_table).to_contain_text("Hearing of 15 October")
    expect(log_table).to_contain_text(str(supervisor))
    walk.shot(page, "auditor-identity-log")
    page.goto("/audit/?action=cases.person.identity_view")
    expect(page.locator("main")).to_contain_text(victim_code)
    assert (
        AuditEntry.objects.filter(
            action="cases.person.identity_view", object_repr=victim_code
        ).count()
        >= 1
    )
