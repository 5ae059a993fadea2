"""The history of changes on a person's and a case's page reads in the reader's language
(issue 11): fields by their labels, choices by their words, agencies and countries by
name, yes and no alike everywhere, dates in the reader's format; identity values are
never in it (the entries name those fields only)."""

import datetime
import re

import pytest
from django.test import Client

from ctis.cases import services
from ctis.cases.inputs import CaseInput, EventInput, VictimInput
from ctis.cases.models import CriminalCodeArticle
from tests.cases.conftest import person_data
from tests.personas import log_in

pytestmark = pytest.mark.django_db


def _page(client, url: str, language: str) -> str:
    """The page's history block as its reader reads it: "Ölkə: Türkiyə", one change a
    line, "before → after"."""
    client.cookies["ctis_language"] = language
    page = client.get(url).content.decode()
    history = page.split('id="history-head"')[1].split("</section>")[0]
    history = re.sub(r'<span class="visually-hidden">.*?</span>', "", history)
    history = re.sub(r"</li>", "\n", history)
    return re.sub(r"[ \t]+", " ", re.sub(r"<[^>]+>", "", history))


@pytest.fixture
def changed(victim, investigator, countries, agencies):
    """A victim with an exploitation event in Türkiye and a decided status, changed once;
    a case registered by the police unit, moved to court and solved."""
    services.event_add(
        actor=investigator,
        victim=victim.victim,
        data=EventInput(
            kind="Exploitation",
            country=countries["TR"],
            place="Antalya",
            started_on=datetime.date(2023, 5, 1),
        ),
    )
    victim.refresh_from_db()
    services.victim_profile_save(
        actor=investigator,
        person=victim,
        version=victim.version,
        data=VictimInput(
            status="ActualVictimOfTrafficking",
            status_decided_by=agencies["mia-ctd"],
            status_decided_on=datetime.date(2024, 6, 3),
            identified_on=datetime.date(2024, 5, 2),
            forms=["SexualExploitation", "ForcedLabour"],
        ),
    )
    victim.refresh_from_db()
    services.person_update(
        actor=investigator,
        person=victim,
        version=victim.version,
        data=person_data(countries, family_name="Məmmədli", citizenships=[countries["RU"]]),
    )
    article = CriminalCodeArticle.objects.get(code="144-1")
    case = services.case_create(
        actor=investigator,
        data=CaseInput(
            number="2024/144-1/0007",
            registered_on=datetime.date(2024, 5, 10),
            registering_agency=agencies["mia-ctd"],
            articles=[article],
        ),
    )
    services.case_update(
        actor=investigator,
        case=case,
        version=case.version,
        data=CaseInput(
            number="2024/144-1/0007",
            registered_on=datetime.date(2024, 5, 10),
            registering_agency=agencies["mia-ctd"],
            articles=[article],
            status="SentToCourt",
            solved=True,
        ),
    )
    services.participant_add(actor=investigator, case=case, person=victim, role="Victim")
    return victim, case


def test_the_person_history_in_azerbaijani(changed, investigator, agencies):
    victim, _case = changed
    page = _page(log_in(Client(), investigator), victim.get_absolute_url(), "az")
    assert "Ölkə: Türkiyə\n" in page
    assert "Mərhələ: İstismar\n" in page
    assert "İstismar formaları: Cinsi istismar → Məcburi əmək, Cinsi istismar" in page
    assert "İnsan alveri qurbanı statusu: Ehtimal olunan qurban → İnsan alveri qurbanı\n" in page
    assert f"Statusu müəyyən edən qurum: {agencies['mia-ctd'].name_az}\n" in page
    assert "Başlanğıc tarixi: 1 May 2023\n" in page
    assert "Vətəndaşlığı: Azərbaycan → Rusiya\n" in page
    assert "soyadı" in page  # the identity field named by its label ...
    assert "Məmmədli" not in page and "Antalya" not in page  # ... never by its value
    assert "Sahələr: yer\n" in page  # the event's place: named, not shown
    for code in ("kind:", "country:", "Exploitation", "TR\n", "SexualExploitation", "yes"):
        assert code not in page, code


def test_the_case_history_in_azerbaijani(changed, investigator, agencies):
    victim, case = changed
    page = _page(log_in(Client(), investigator), case.get_absolute_url(), "az")
    assert f"Qeydiyyata alan qurum: {agencies['mia-ctd'].name_az}\n" in page
    assert "Status: İstintaq mərhələsindədir → Məhkəməyə göndərilib\n" in page
    assert "Açılıb: xeyr → bəli\n" in page and "Açılıb: xeyr\n" in page
    assert "Qeydiyyat tarixi: 10 May 2024\n" in page
    assert "İşdə iştirak qismi: Qurban\n" in page
    assert f"Şəxs: {victim.code}\n" in page
    for code in ("UnderInvestigation", "SentToCourt", "registering_agency", "no\n"):
        assert code not in page, code


def test_the_histories_in_russian(changed, investigator, agencies):
    victim, case = changed
    client = log_in(Client(), investigator)
    page = _page(client, victim.get_absolute_url(), "ru")
    assert "Страна: Турция\n" in page
    assert "Этап: Эксплуатация\n" in page
    assert "Формы эксплуатации: Сексуальная эксплуатация → Принудительный труд, Сексуальная" in page
    assert f"Ведомство, определившее статус: {agencies['mia-ctd'].name_ru}\n" in page
    page = _page(client, case.get_absolute_url(), "ru")
    assert f"Зарегистрировавший орган: {agencies['mia-ctd'].name_ru}\n" in page
    assert "Статус: На стадии расследования → Направлено в суд\n" in page
    assert "Раскрыто: нет → да\n" in page
    assert "Статус в деле: Жертва\n" in page
