"""Every page of the unified database, for the allowed user and each kind of refused one."""

import datetime

import pytest
from django.test import Client

from ctis.audit.models import AuditEntry
from ctis.cases import services
from ctis.cases.models import CriminalCodeArticle, DuplicateDecision, IdentityAccess, Person
from ctis.cases.services import CaseInput
from tests.cases.conftest import person_data, search
from tests.factories import CriminalCaseFactory, VictimFactory
from tests.personas import log_in
from tests.queries import assert_queries_constant


def _open_identity(client, person):
    response = client.post(
        f"/cases/persons/{person.pk}/identity/", {"purpose": "investigation", "note": ""}
    )
    assert response.status_code == 302


def test_investigator_sees_list_and_identity_after_giving_a_purpose(victim, investigator):
    client = log_in(Client(), investigator)
    listing = client.get("/cases/persons/")
    assert listing.status_code == 200 and victim.code in listing.content.decode()
    assert "Məmmədova" not in listing.content.decode()
    page = client.get(victim.get_absolute_url()).content.decode()
    assert "Məmmədova" not in page and "Open the identity" in page
    _open_identity(client, victim)
    page = client.get(victim.get_absolute_url()).content.decode()
    assert "Məmmədova" in page and "AA 1234567" in page
    assert IdentityAccess.objects.filter(person=victim, user=investigator).count() == 1


def test_coordinator_and_analyst_see_code_only(victim, coordinator, analyst):
    for user in (coordinator, analyst):
        client = log_in(Client(), user)
        assert victim.code in client.get("/cases/persons/").content.decode()
        page = client.get(victim.get_absolute_url())
        assert page.status_code == 200
        assert "Məmmədova" not in page.content.decode()
        assert "Open the identity" not in page.content.decode()
        refused = client.post(f"/cases/persons/{victim.pk}/identity/", {"purpose": "investigation"})
        assert refused.status_code == 403
        assert client.get(f"/cases/persons/{victim.pk}/edit/").status_code == 403
        assert client.get("/cases/persons/new/").status_code == 403


def test_unrelated_agency_cannot_open_anything(victim, outsider, provider):
    for user in (outsider, provider):
        client = log_in(Client(), user)
        assert client.get(victim.get_absolute_url()).status_code == 403
        assert (
            client.post(
                f"/cases/persons/{victim.pk}/identity/", {"purpose": "investigation"}
            ).status_code
            == 403
        )
        assert client.get(f"/cases/persons/{victim.pk}/edit/").status_code == 403
        assert client.get(f"/cases/persons/{victim.pk}/victim/").status_code == 403
        assert client.get(f"/cases/persons/{victim.pk}/events/new/").status_code == 403
        found = search(client, victim.code).content.decode()
        assert victim.get_absolute_url() not in found
    assert log_in(Client(), outsider).get("/cases/persons/").status_code == 403


def test_supervisor_and_auditor_see_who_opened_the_identity(
    victim, investigator, supervisor, auditor
):
    client = log_in(Client(), investigator)
    client.post(
        f"/cases/persons/{victim.pk}/identity/", {"purpose": "court", "note": "Hearing on 3 June"}
    )
    for user in (supervisor, auditor):
        page = log_in(Client(), user).get(victim.get_absolute_url()).content.decode()
        assert "Who opened the identity" in page and "Hearing on 3 June" in page
    assert "Who opened the identity" not in client.get(victim.get_absolute_url()).content.decode()


def test_entry_shows_duplicates_and_records_the_decision(victim, investigator):
    client = log_in(Client(), investigator)
    form = {
        "role": "victim",
        "family_name": "Mamedova",
        "given_name": "Leyla",
        "sex": "Feminine",
        "birth_year": "1996",
        "citizenships": ["AZ"],
    }
    warned = client.post("/cases/persons/new/", form)
    assert warned.status_code == 200
    assert "Possibly the same person" in warned.content.decode()
    assert Person.objects.count() == 1
    linked = client.post(
        "/cases/persons/new/",
        {**form, "duplicates": "link", "candidate": [victim.pk], "chosen": victim.pk},
    )
    assert linked.status_code == 302 and linked["Location"] == victim.get_absolute_url()
    assert Person.objects.count() == 1
    created = client.post(
        "/cases/persons/new/", {**form, "duplicates": "continue", "candidate": [victim.pk]}
    )
    assert created.status_code == 302 and Person.objects.count() == 2
    assert list(DuplicateDecision.objects.values_list("decision", flat=True).order_by("pk")) == [
        "linked",
        "continued",
    ]


def test_entry_errors_are_shown_and_nothing_is_saved(investigator):
    client = log_in(Client(), investigator)
    response = client.post(
        "/cases/persons/new/",
        {
            "role": "victim",
            "given_name": "Aysel",
            "sex": "Feminine",
            "birth_date": "2999-01-01",
            "document_1_number": "AA1",
        },
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert "The date of birth is in the future." in page
    assert "Choose the kind of document." in page
    assert Person.objects.count() == 0


def test_two_sessions_editing_one_person(victim, investigator, supervisor):
    first, second = log_in(Client(), investigator), log_in(Client(), supervisor)
    for client in (first, second):
        _open_identity(client, victim)
        assert client.get(f"/cases/persons/{victim.pk}/edit/").status_code == 200
    form = {
        "family_name": "Məmmədova",
        "given_name": "Leyla",
        "patronymic": "Rauf qızı",
        "sex": "Feminine",
        "birth_date": "1996-03-14",
        "citizenships": ["AZ"],
        "version": victim.version,
    }
    saved = second.post(f"/cases/persons/{victim.pk}/edit/", {**form, "family_name": "Məmmədli"})
    assert saved.status_code == 302
    stale = first.post(f"/cases/persons/{victim.pk}/edit/", {**form, "given_name": "Leyli"})
    assert stale.status_code == 200
    page = stale.content.decode()
    assert "after you opened it" in page and "supervisor" in page and "family name" in page
    victim.refresh_from_db()
    assert (victim.given_name, victim.family_name) == ("Leyla", "Məmmədli")


def test_event_form_explains_itself(victim, investigator):
    client = log_in(Client(), investigator)
    _open_identity(client, victim)
    response = client.post(
        f"/cases/persons/{victim.pk}/events/new/",
        {"kind": "Exploitation", "country": "XX", "started_on": "1990-01-01"},
    )
    assert "Unknown country" in response.content.decode()
    response = client.post(
        f"/cases/persons/{victim.pk}/events/new/",
        {"kind": "Exploitation", "country": "TR", "started_on": "1990-01-01"},
    )
    assert "before the person&#x27;s date of birth" in response.content.decode()
    ok = client.post(
        f"/cases/persons/{victim.pk}/events/new/",
        {
            "kind": "Exploitation",
            "country": "TR",
            "place": "Antalya",
            "started_on": "2023-05-01",
            "ended_on": "2023-09-01",
        },
    )
    assert ok.status_code == 302


def test_case_pages(victim, investigator, coordinator, outsider, countries):
    client = log_in(Client(), investigator)
    response = client.post(
        "/cases/criminal-cases/new/",
        {
            "number": "2024/144-1/0099",
            "registered_on": "2024-05-10",
            "articles": [CriminalCodeArticle.objects.get(code="144-1").pk],
            "status": "UnderInvestigation",
        },
    )
    assert response.status_code == 302
    case_url = response["Location"]
    assert (
        client.post(
            case_url + "persons/new/", {"person": victim.code, "role": "Victim"}
        ).status_code
        == 302
    )
    accused = services.person_create(
        actor=investigator,
        prefix="P",
        data=person_data(countries, given_name="Elçin", family_name="Quliyev", sex="Masculine"),
    )
    verdict_early = client.post(
        case_url + "prosecutions/",
        {
            "accused": accused.code,
            "court": "Bakı Ağır Cinayətlər Məhkəməsi",
            "verdict_on": "2024-01-01",
            "outcome": "Convicted",
            "sentence": "Imprisonment",
            "term_months": "96",
            "version": "1",
        },
    )
    assert "before the case was registered" in verdict_early.content.decode()
    saved = client.post(
        case_url + "prosecutions/",
        {
            "accused": accused.code,
            "court": "Bakı Ağır Cinayətlər Məhkəməsi",
            "verdict_on": "2024-10-01",
            "outcome": "Convicted",
            "sentence": "Imprisonment",
            "term_months": "96",
            "version": "1",
        },
    )
    assert saved.status_code == 302
    page = client.get(case_url).content.decode()
    assert victim.code in page and accused.code in page and "96 months" in page
    coordinator_page = log_in(Client(), coordinator).get(case_url)
    assert coordinator_page.status_code == 200
    assert case_url + "edit/" not in coordinator_page.content.decode()
    assert log_in(Client(), coordinator).get(case_url + "edit/").status_code == 403
    assert log_in(Client(), outsider).get(case_url).status_code == 403
    assert log_in(Client(), outsider).get("/cases/criminal-cases/").status_code == 403
    found = search(client, "2024/144-1/0099").content.decode()
    assert "2024/144-1/0099" in found


def test_break_glass_over_http(provider, supervisor, auditor, countries):
    held = services.person_create(actor=provider, data=person_data(countries), prefix="V")
    client = log_in(Client(), supervisor)
    offered = client.get(held.get_absolute_url())
    assert offered.status_code == 403 and "Open in an emergency" in offered.content.decode()
    assert (
        client.post(f"/cases/persons/{held.pk}/break-glass/", {"reason": "short"}).status_code
        == 400
    )
    assert (
        client.post(
            f"/cases/persons/{held.pk}/break-glass/",
            {"reason": "Child reported missing by the school; checking the family record now."},
        ).status_code
        == 302
    )
    assert client.get(held.get_absolute_url()).status_code == 200
    review = log_in(Client(), auditor).get("/cases/break-glass/")
    assert "Child reported missing" in review.content.decode()
    assert log_in(Client(), provider).get("/cases/break-glass/").status_code == 403


def test_name_search_is_audited_without_the_name(victim, investigator):
    client = log_in(Client(), investigator)
    page = search(client, "Mamedova").content.decode()
    assert victim.code in page
    entry = AuditEntry.objects.get(action="cases.person.name_search")
    assert "Mamedova" not in str(entry.changes) + entry.purpose + entry.object_repr


def test_person_list_queries_do_not_grow_with_rows(investigator):
    client = log_in(Client(), investigator)
    victims = []

    def add_rows(count):
        victims.extend(
            VictimFactory.create_batch(
                count,
                actor=investigator,
                victim__identified_on=datetime.date(2024, 1, 1),
                victim__forms=["ForcedLabour"],
            )
        )

    url = "/cases/persons/?form=ForcedLabour&year=2024&sort=code"
    # 13 with the header's unread alerts count.
    assert_queries_constant(client, [url, "/cases/persons/"], add_rows, ceiling=13)
    page = client.get(url).content.decode()
    assert len(victims) == 6 and all(victim.code in page for victim in victims)


def test_case_list_queries_do_not_grow(investigator):
    client = log_in(Client(), investigator)
    cases = []

    def add_rows(count):
        cases.extend(CriminalCaseFactory.create_batch(count, actor=investigator))

    url = "/cases/criminal-cases/?year=2024"
    assert_queries_constant(client, url, add_rows, ceiling=12)
    page = client.get(url).content.decode()
    assert len(cases) == 6 and all(case.number in page for case in cases)


def test_administrator_extends_the_list_of_articles(investigator, admin):
    client = log_in(Client(), admin)
    assert client.get("/cases/articles/").status_code == 200
    bad = client.post("/cases/articles/", {"code": "abc", "title_az": "X", "is_active": "on"})
    assert "Write the article as in the Code" in bad.content.decode()
    saved = client.post(
        "/cases/articles/",
        {
            "code": "171-1",
            "title_az": "Yetkinlik yaşına çatmayanları cəlb etmə",
            "title_en": "Involving minors",
            "is_active": "on",
        },
    )
    assert saved.status_code == 302
    assert CriminalCodeArticle.objects.get(code="171-1").is_active
    assert log_in(Client(), investigator).get("/cases/articles/").status_code == 403


def test_administrator_erases_a_record_found_by_code(victim, investigator, admin):
    client = log_in(Client(), admin)
    page = client.get(victim.get_absolute_url()).content.decode()
    assert "Məmmədova" not in page and f"/cases/persons/{victim.pk}/erase/" in page
    refused = client.post(f"/cases/persons/{victim.pk}/erase/", {"reason": "too short"})
    assert refused.status_code == 200 and Person.objects.filter(pk=victim.pk).exists()
    erased = client.post(
        f"/cases/persons/{victim.pk}/erase/",
        {"reason": "Retention period ended; order No. 14 of the unit, 2034."},
    )
    assert erased.status_code == 302 and not Person.objects.filter(pk=victim.pk).exists()
    assert (
        log_in(Client(), investigator).get(f"/cases/persons/{victim.pk}/erase/").status_code == 403
    )


def test_history_of_changes_names_fields_not_values(
    victim, investigator, supervisor, countries, coordinator
):
    services.person_update(
        actor=supervisor,
        person=victim,
        version=victim.version,
        data=person_data(countries, family_name="Məmmədli", documents=[]),
    )
    client = log_in(Client(), investigator)
    page = client.get(victim.get_absolute_url()).content.decode()
    assert "History of changes" in page and "Person changed" in page
    assert "family name" in page and "identity documents" in page
    assert "Məmmədli" not in page and "AA 1234567" not in page
    assert (
        "History of changes"
        not in log_in(Client(), coordinator).get(victim.get_absolute_url()).content.decode()
    )


def test_a_child_is_entered_from_the_parents_page_and_linked(victim, investigator, outsider):
    client = log_in(Client(), investigator)
    form = client.get(f"/cases/persons/new/?parent={victim.pk}").content.decode()
    assert 'name="parent"' in form
    saved = client.post(
        "/cases/persons/new/",
        {
            "parent": victim.pk,
            "role": "child",
            "given_name": "Aylin",
            "family_name": "Quliyeva",
            "sex": "Feminine",
            "birth_date": "2019-05-02",
            "citizenships": ["AZ"],
        },
    )
    child = Person.objects.get(code__startswith="C-")
    assert saved.status_code == 302 and f"child={child.code}" in saved["Location"]
    linked = client.post(
        saved["Location"], {"child": child.code, "measures": ["Preschool", "BirthCertificate"]}
    )
    assert linked.status_code == 302
    page = client.get(victim.get_absolute_url()).content.decode()
    assert child.code in page and "Place in a pre-school institution" in page
    assert (
        log_in(Client(), outsider).get(f"/cases/persons/new/?parent={victim.pk}").status_code == 403
    )


def test_unlinking_a_person_needs_a_post(victim, investigator):
    article = CriminalCodeArticle.objects.get(code="144-1")
    case = services.case_create(
        actor=investigator,
        data=CaseInput(
            number="2024/1", registered_on=datetime.date(2024, 5, 1), articles=[article]
        ),
    )
    part = services.participant_add(actor=investigator, case=case, person=victim, role="Victim")
    client = log_in(Client(), investigator)
    url = f"/cases/criminal-cases/{case.pk}/persons/{part.pk}/remove/"
    assert client.get(url).status_code == 405
    assert case.participants.count() == 1
    assert client.post(url).status_code == 302 and case.participants.count() == 0


def test_country_lists_carry_their_filter_box_text_in_the_users_language(investigator):
    client = log_in(Client(), investigator)
    assert 'data-search="Type to filter…"' in client.get("/cases/persons/new/").content.decode()
    client.cookies["ctis_language"] = "az"
    page = client.get("/cases/persons/new/").content.decode()
    assert 'data-search="Yazın, siyahı süzülsün…"' in page


def test_a_duplicate_decision_names_only_records_the_user_may_open(victim, provider, countries):
    held = services.person_create(actor=provider, data=person_data(countries), prefix="V")
    client = log_in(Client(), provider)
    form = {
        "role": "victim",
        "given_name": "Aysel",
        "sex": "Feminine",
        "duplicates": "continue",
        "candidate": [victim.pk, held.pk],
    }
    assert client.post("/cases/persons/new/", form).status_code == 302
    decision = DuplicateDecision.objects.get()
    assert list(decision.candidates.all()) == [held]
    linked = client.post("/cases/persons/new/", {**form, "duplicates": "link", "chosen": victim.pk})
    assert linked.status_code == 403


@pytest.mark.parametrize(
    "url",
    [
        "/cases/criminal-cases/?year=99999999999999999999",
        "/cases/criminal-cases/?year=-3&page=abc&status=nonsense",
        "/cases/persons/new/?parent=not-a-uuid",
        "/cases/persons/?year=99999999999999999999&page=-1&sort=x",
        "/cases/persons/not-a-uuid/",
        "/plan/?period=99999999999999999999",
        "/plan/reports/?state=x&page=99999999999999999999",
    ],
)
def test_malformed_query_strings_get_an_answer_not_a_server_error(investigator, url):
    response = log_in(Client(), investigator).get(url)
    assert response.status_code < 500, (url, response.status_code)


def test_the_case_list_keeps_the_chosen_year(investigator):
    page = log_in(Client(), investigator).get("/cases/criminal-cases/?year=2024")
    assert "<option selected>2024</option>" in page.content.decode()


@pytest.mark.parametrize("version", ["abc", "-1", "", None])
def test_a_tampered_version_on_a_person_is_told_and_saves_nothing(victim, investigator, version):
    client = log_in(Client(), investigator)
    _open_identity(client, victim)
    form = {
        "family_name": "Məmmədli",
        "given_name": "Leyla",
        "sex": "Feminine",
        "birth_date": "1996-03-14",
        "citizenships": ["AZ"],
        "version": version,
    }
    if version is None:
        del form["version"]
    response = client.post(f"/cases/persons/{victim.pk}/edit/", form)
    assert response.status_code == 200
    assert "Reload the page and make your changes again." in response.content.decode()
    victim.refresh_from_db()
    assert victim.family_name != "Məmmədli"
