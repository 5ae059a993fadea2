"""Crime episodes, criminal groups, the date a person was charged and the wanted history
(issue 13): the services (refused input saves nothing), the pages (the investigator of the
unit holding the case; others refused), and the selectors statistics read."""

import dataclasses
import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import Client

from ctis.audit.models import AuditEntry
from ctis.cases import selectors, services
from ctis.cases.inputs import CrimeInput, GroupInput, PersonInput, ProsecutionInput
from ctis.cases.models import (
    CaseParticipant,
    Crime,
    CriminalCodeArticle,
    CriminalGroup,
    GroupMember,
    Person,
    Prosecution,
    WantedChange,
)
from ctis.core.locking import StaleVersion
from ctis.stats.periods import Period
from ctis.stats.selectors import justice
from tests.factories import (
    CaseInputFactory,
    CrimeFactory,
    CriminalCaseFactory,
    CriminalGroupFactory,
    PersonFactory,
)
from tests.personas import log_in
from tests.queries import assert_queries_constant

D = datetime.date


def article(code: str) -> CriminalCodeArticle:
    return CriminalCodeArticle.objects.get(code=code)


@pytest.fixture
def case(investigator):
    return CriminalCaseFactory(actor=investigator, data__registered_on=D(2020, 2, 1))


def _perpetrator(actor, case, **kwargs) -> CaseParticipant:
    person = PersonFactory(actor=actor, prefix="P", data__sex=kwargs.pop("sex", "Masculine"))
    return services.participant_add(
        actor=actor, case=case, person=person, role="Perpetrator", **kwargs
    )


# Crimes --------------------------------------------------------------------------------


def test_a_case_holds_several_crimes_audited_on_the_case(investigator, case):
    first = services.crime_save(
        actor=investigator,
        case=case,
        data=CrimeInput(article=article("144-1"), registered_on=D(2020, 2, 1)),
    )
    services.crime_save(
        actor=investigator,
        case=case,
        data=CrimeInput(
            article=article("144-3"),
            registered_on=D(2020, 3, 5),
            solved=True,
            solved_on=D(2020, 6, 1),
            description="Saxta pasportların hazırlanması",
        ),
    )
    assert [c.article.code for c in selectors.case_crimes(case)] == ["144-1", "144-3"]
    changed = services.crime_save(
        actor=investigator,
        case=case,
        crime=first,
        version=first.version,
        data=CrimeInput(article=article("144-1"), registered_on=D(2020, 2, 1), solved=True),
    )
    assert changed.solved and changed.version == 2
    entries = AuditEntry.objects.filter(object_id=str(case.pk), action__startswith="cases.crime")
    assert sorted(entries.values_list("action", flat=True)) == [
        "cases.crime.create",
        "cases.crime.create",
        "cases.crime.update",
    ]
    services.crime_remove(actor=investigator, crime=changed)
    assert Crime.objects.filter(case=case).count() == 1


@pytest.mark.parametrize(
    "data, field",
    [
        (dict(article=None, registered_on=D(2020, 2, 1)), "article"),
        (dict(registered_on=None), "registered_on"),
        (dict(registered_on=D(2020, 2, 1), solved_on=D(2020, 3, 1)), "solved_on"),
        (dict(registered_on=D(2020, 2, 1), solved=True, solved_on=D(2020, 1, 1)), "solved_on"),
        (dict(registered_on=D(1989, 1, 1)), "registered_on"),
        (dict(registered_on=D(2020, 2, 1), description="x" * 201), "description"),
    ],
)
def test_a_crime_refused_saves_nothing(investigator, case, data, field):
    data = {"article": article("144-1"), **data}
    with pytest.raises(ValidationError) as refused:
        services.crime_save(actor=investigator, case=case, data=CrimeInput(**data))
    assert field in refused.value.message_dict
    assert not Crime.objects.exists()


def test_a_stale_crime_form_is_refused(investigator, case):
    crime = CrimeFactory(actor=investigator, case=case)
    data = CrimeInput(article=article("144-1"), registered_on=D(2020, 2, 2))
    services.crime_save(actor=investigator, case=case, crime=crime, version=1, data=data)
    with pytest.raises(ValidationError, match="after you opened it"):
        services.crime_save(
            actor=investigator,
            case=case,
            crime=crime,
            version=1,
            data=CrimeInput(article=article("144-1"), registered_on=D(2020, 2, 3)),
        )
    assert Crime.objects.get().registered_on == D(2020, 2, 2)


def test_only_the_unit_holding_the_case_records_crimes(coordinator, case):
    with pytest.raises(PermissionDenied):
        services.crime_save(
            actor=coordinator,
            case=case,
            data=CrimeInput(article=article("144-1"), registered_on=D(2020, 2, 1)),
        )
    assert not Crime.objects.exists()


def test_the_crime_pages(investigator, coordinator, outsider, case):
    client = log_in(Client(), investigator)
    url = f"/cases/criminal-cases/{case.pk}/crimes/new/"
    assert client.get(url).status_code == 200
    refused = client.post(
        url,
        {"article": article("144-3").pk, "registered_on": "2020-03-01", "solved_on": "2020-04-01"},
    )
    assert refused.status_code == 200 and 'id="id_solved_on_error"' in refused.content.decode()
    assert not Crime.objects.exists()
    saved = client.post(
        url,
        {"article": article("144-3").pk, "registered_on": "2020-03-01", "description": "Saxta"},
    )
    assert saved.status_code == 302
    crime = Crime.objects.get()
    page = client.get(case.get_absolute_url()).content.decode()
    assert "144-3" in page and "Saxta" in page and f"/crimes/{crime.pk}/" in page
    edit = f"/cases/criminal-cases/{case.pk}/crimes/{crime.pk}/"
    assert client.get(edit).status_code == 200
    changed = client.post(
        edit,
        {
            "article": article("144-3").pk,
            "registered_on": "2020-03-01",
            "solved": "on",
            "solved_on": "2020-05-01",
            "version": "1",
        },
    )
    assert changed.status_code == 302
    assert Crime.objects.get().solved_on == D(2020, 5, 1)
    coordinator_client = log_in(Client(), coordinator)
    assert "144-3" in coordinator_client.get(case.get_absolute_url()).content.decode()
    assert (
        f"/crimes/{crime.pk}/"
        not in coordinator_client.get(case.get_absolute_url()).content.decode()
    )
    assert coordinator_client.get(url).status_code == 403
    assert coordinator_client.post(edit + "remove/").status_code == 403
    assert log_in(Client(), outsider).get(edit).status_code == 403
    assert Crime.objects.exists()
    assert client.post(edit + "remove/").status_code == 302
    assert not Crime.objects.exists()


# Articles ------------------------------------------------------------------------------


def test_the_document_article_is_marked_and_the_flag_can_be_changed(admin_user_persona):
    assert article("144-3").is_document_related
    assert not article("144-1").is_document_related
    services.article_save(
        actor=admin_user_persona,
        code="144-3",
        title_az=article("144-3").title_az,
        is_trafficking=True,
        is_document_related=False,
    )
    assert not article("144-3").is_document_related


@pytest.fixture
def admin_user_persona(persona):
    return persona("admin")


# Criminal groups -----------------------------------------------------------------------


def test_a_group_with_members_from_the_case(investigator, case):
    one, two = _perpetrator(investigator, case), _perpetrator(investigator, case)
    group = services.group_create(
        actor=investigator, case=case, data=GroupInput(name="“Dəniz” cinayətkar qrupu")
    )
    services.group_member_add(actor=investigator, case=case, group=group, participant=one)
    services.group_member_add(actor=investigator, case=case, group=group, participant=two)
    with pytest.raises(ValidationError, match="already a member"):
        services.group_member_add(actor=investigator, case=case, group=group, participant=one)
    victim_part = services.participant_add(
        actor=investigator, case=case, person=PersonFactory(actor=investigator), role="Victim"
    )
    with pytest.raises(ValidationError, match="perpetrator"):
        services.group_member_add(
            actor=investigator, case=case, group=group, participant=victim_part
        )
    assert GroupMember.objects.filter(group=group).count() == 2
    assert CaseParticipant.objects.filter(case=case, group_member=True).count() == 2
    services.group_update(
        actor=investigator,
        case=case,
        group=group,
        version=1,
        data=GroupInput(name=group.name, neutralised_on=D(2020, 9, 1)),
    )
    assert selectors.groups_neutralised(D(2020, 1, 1), D(2020, 12, 31)) == (1, 2)
    assert selectors.groups_neutralised(D(2021, 1, 1), D(2021, 12, 31)) == (0, 0)
    services.group_member_remove(
        actor=investigator, case=case, member=GroupMember.objects.filter(group=group).first()
    )
    assert selectors.groups_neutralised(D(2020, 1, 1), D(2020, 12, 31)) == (1, 1)
    assert CaseParticipant.objects.filter(case=case, group_member=True).count() == 1


def test_a_group_refused_saves_nothing(investigator, coordinator, case):
    with pytest.raises(ValidationError) as refused:
        services.group_create(actor=investigator, case=case, data=GroupInput(name="  "))
    assert "name" in refused.value.message_dict
    with pytest.raises(ValidationError) as refused:
        services.group_create(
            actor=investigator,
            case=case,
            data=GroupInput(name="Qrup", neutralised_on=D(1985, 1, 1)),
        )
    assert "neutralised_on" in refused.value.message_dict
    with pytest.raises(PermissionDenied):
        services.group_create(actor=coordinator, case=case, data=GroupInput(name="Qrup"))
    assert not CriminalGroup.objects.exists()


def test_a_group_is_tied_to_a_second_case(investigator, case):
    group = CriminalGroupFactory(actor=investigator, case=case)
    CriminalGroupFactory(actor=investigator, case=case)  # no member of it in the other case
    part = _perpetrator(investigator, case)
    services.group_member_add(actor=investigator, case=case, group=group, participant=part)
    other = CriminalCaseFactory(actor=investigator)
    assert list(selectors.groups_to_link(other)) == []
    services.participant_add(actor=investigator, case=other, person=part.person, role="Perpetrator")
    assert list(selectors.groups_to_link(other)) == [group]
    services.group_case_link(actor=investigator, case=other, group=group)
    assert set(group.cases.all()) == {case, other}
    with pytest.raises(ValidationError, match="already tied"):
        services.group_case_link(actor=investigator, case=other, group=group)


def test_the_group_pages(investigator, coordinator, case):
    part = _perpetrator(investigator, case)
    client = log_in(Client(), investigator)
    url = f"/cases/criminal-cases/{case.pk}/groups/new/"
    assert client.get(url).status_code == 200
    assert client.post(url, {"name": ""}).status_code == 200
    assert not CriminalGroup.objects.exists()
    created = client.post(url, {"name": "“Körpü” qrupu"})
    group = CriminalGroup.objects.get()
    edit = f"/cases/criminal-cases/{case.pk}/groups/{group.pk}/"
    assert created["Location"] == edit
    assert part.person.code in client.get(edit).content.decode()  # offered as a member
    added = client.post(edit + "members/", {"participant": part.pk})
    assert added.status_code == 302
    assert list(group.members.all()) == [part.person]
    assert f'<option value="{part.pk}"' not in client.get(edit).content.decode()  # a member
    saved = client.post(
        edit, {"name": "“Körpü” qrupu", "neutralised_on": "2020-10-01", "version": "1"}
    )
    assert saved.status_code == 302
    page = client.get(case.get_absolute_url()).content.decode()
    assert "“Körpü” qrupu" in page and part.person.code in page
    coordinator_client = log_in(Client(), coordinator)
    assert coordinator_client.get(edit).status_code == 403
    assert coordinator_client.post(edit + "members/", {"participant": part.pk}).status_code == 403
    member = GroupMember.objects.get()
    assert client.post(edit + f"members/{member.pk}/remove/").status_code == 302
    assert not GroupMember.objects.exists()
    client.post(edit + "members/", {"participant": part.pk})
    other = CriminalCaseFactory(actor=investigator)
    assert "Tie the group" not in client.get(other.get_absolute_url()).content.decode()
    services.participant_add(actor=investigator, case=other, person=part.person, role="Perpetrator")
    assert "Tie the group" in client.get(other.get_absolute_url()).content.decode()
    linked = client.post(f"/cases/criminal-cases/{other.pk}/groups/link/", {"group": group.pk})
    assert linked.status_code == 302 and group.cases.count() == 2


def test_a_free_text_group_is_no_longer_offered_for_new_cases(investigator):
    page = log_in(Client(), investigator).get("/cases/criminal-cases/new/").content.decode()
    assert 'name="criminal_group"' not in page


# Charges -------------------------------------------------------------------------------


def test_persons_charged_in_a_year_by_sex(investigator, case):
    woman = _perpetrator(investigator, case, sex="Feminine").person
    man = _perpetrator(investigator, case).person
    other_case = CriminalCaseFactory(actor=investigator, data__registered_on=D(2020, 1, 1))
    for person, charged, in_case in [
        (woman, D(2020, 3, 1), case),
        (man, D(2020, 4, 1), case),
        (woman, D(2020, 5, 1), other_case),  # the same woman, charged in a second case
    ]:
        services.prosecution_save(
            actor=investigator,
            case=in_case,
            accused=person,
            data=ProsecutionInput(court="Bakı Ağır Cinayətlər Məhkəməsi", charged_on=charged),
            version=0,
        )
    charged = justice.prosecutions(Period.years(2020))["charged"]
    assert charged == {"persons": 2, "by_sex": {"female": 1, "male": 1, "unknown": 0}}
    assert justice.prosecutions(Period.years(2021))["charged"]["persons"] == 0


def test_a_corrected_sex_is_counted_where_the_person_was_charged(investigator, case):
    """The prosecutions' copy of the accused's sex (what the statistics count) follows a
    correction of the person's record."""
    accused = _perpetrator(investigator, case).person
    prosecution = services.prosecution_save(
        actor=investigator,
        case=case,
        accused=accused,
        data=ProsecutionInput(court="Bakı Ağır Cinayətlər Məhkəməsi", charged_on=D(2020, 3, 1)),
        version=0,
    )
    assert prosecution.accused_sex == "Masculine"
    accused = Person.objects.get(pk=accused.pk)
    services.person_update(
        actor=investigator,
        person=accused,
        version=accused.version,
        data=PersonInput(given_name=accused.given_name, sex="Feminine"),
    )
    prosecution.refresh_from_db()
    assert prosecution.accused_sex == "Feminine"
    charged = justice.prosecutions(Period.years(2020))["charged"]
    assert charged["by_sex"] == {"female": 1, "male": 0, "unknown": 0}


def test_the_prosecution_form_takes_the_charge_date(investigator, case):
    accused = _perpetrator(investigator, case).person
    client = log_in(Client(), investigator)
    url = f"/cases/criminal-cases/{case.pk}/prosecutions/"
    assert 'name="charged_on"' in client.get(url).content.decode()
    saved = client.post(
        url,
        {
            "accused": accused.code,
            "court": "Bakı Ağır Cinayətlər Məhkəməsi",
            "charged_on": "2020-03-02",
            "sent_to_court_on": "2020-05-02",
            "version": "0",
        },
    )
    assert saved.status_code == 302
    assert Prosecution.objects.get().charged_on == D(2020, 3, 2)
    page = client.get(case.get_absolute_url()).content.decode()
    assert "<th>Charged</th>" in page


# The wanted history --------------------------------------------------------------------


def test_every_change_of_the_wanted_status_adds_a_row(investigator, case):
    part = _perpetrator(investigator, case, wanted="Abroad", wanted_on=D(2020, 3, 1))
    services.participant_wanted_set(
        actor=investigator, participant=part, wanted="Caught", on=D(2020, 8, 15)
    )
    part.refresh_from_db()
    assert (part.wanted, part.caught_on) == ("Caught", D(2020, 8, 15))
    rows = list(WantedChange.objects.filter(participant=part).values_list("status", "on"))
    assert rows == [("Abroad", D(2020, 3, 1)), ("Caught", D(2020, 8, 15))]
    assert WantedChange.objects.filter(recorded_by=investigator).count() == 2
    # The extradition alone changes no status: no row.
    services.participant_wanted_set(
        actor=investigator,
        participant=part,
        wanted="Caught",
        on=D(2020, 9, 1),
        extradition="Extradited",
    )
    assert WantedChange.objects.filter(participant=part).count() == 2
    assert AuditEntry.objects.filter(action="cases.participant.wanted").count() == 2


def test_not_wanted_adds_no_history(investigator, case):
    _perpetrator(investigator, case)
    assert not WantedChange.objects.exists()


@pytest.mark.parametrize(
    "change, field",
    [
        (dict(wanted="Caught", on=D(2020, 1, 15)), "on"),  # before the case was registered
        (dict(wanted="Caught", on=D(2020, 2, 20)), "on"),  # before the last change
        (dict(wanted="Abroad", on=D(2020, 4, 1)), "wanted"),  # no change
        (dict(wanted="Gone", on=D(2020, 4, 1)), "wanted"),
        (dict(wanted="Caught", on=None), "on"),
    ],
)
def test_a_wanted_change_refused_saves_nothing(investigator, case, change, field):
    part = _perpetrator(investigator, case, wanted="Abroad", wanted_on=D(2020, 3, 1))
    with pytest.raises(ValidationError) as refused:
        services.participant_wanted_set(actor=investigator, participant=part, **change)
    assert field in refused.value.message_dict
    assert WantedChange.objects.count() == 1
    part.refresh_from_db()
    assert part.wanted == "Abroad"


def test_a_victim_has_no_wanted_status(investigator, case):
    part = services.participant_add(
        actor=investigator, case=case, person=PersonFactory(actor=investigator), role="Victim"
    )
    with pytest.raises(ValidationError):
        services.participant_wanted_set(
            actor=investigator, participant=part, wanted="InCountry", on=D(2020, 3, 1)
        )
    assert not WantedChange.objects.exists()


def test_the_wanted_selectors(investigator, case):
    earlier = CriminalCaseFactory(actor=investigator, data__registered_on=D(2019, 6, 1))
    caught = _perpetrator(investigator, earlier, wanted="InCountry", wanted_on=D(2019, 12, 1))
    abroad = _perpetrator(investigator, case, wanted="Abroad", wanted_on=D(2020, 3, 1))
    later = _perpetrator(investigator, case, wanted="Abroad", wanted_on=D(2021, 2, 1))
    _perpetrator(investigator, case)  # never wanted
    services.participant_wanted_set(
        actor=investigator, participant=caught, wanted="Caught", on=D(2020, 6, 1)
    )
    year = (D(2020, 1, 1), D(2020, 12, 31))
    assert selectors.wanted_summary(*year) == selectors.WantedSummary(2, 1, 1)
    assert selectors.wanted_summary(D(2021, 1, 1), D(2021, 12, 31)) == selectors.WantedSummary(
        2, 0, 2
    )
    assert set(selectors.wanted_as_of(D(2020, 5, 1))) == {caught, abroad}
    assert set(selectors.wanted_as_of(D(2020, 7, 1))) == {abroad}
    assert set(selectors.abroad_as_of(D(2021, 3, 1))) == {abroad, later}
    assert list(selectors.caught_between(*year)) == [caught]


def test_the_wanted_summary_counts_persons_once_and_reads_the_last_change(investigator, case):
    other = CriminalCaseFactory(actor=investigator, data__registered_on=D(2019, 6, 1))
    twice = _perpetrator(investigator, other, wanted="Abroad", wanted_on=D(2019, 7, 1))
    services.participant_add(  # the same person wanted in a second case
        actor=investigator,
        case=case,
        person=twice.person,
        role="Perpetrator",
        wanted="InCountry",
        wanted_on=D(2020, 4, 1),
    )
    same_day = _perpetrator(investigator, case, wanted="Abroad", wanted_on=D(2020, 5, 1))
    services.participant_wanted_set(  # caught the day they were listed: recorded later
        actor=investigator, participant=same_day, wanted="Caught", on=D(2020, 5, 1)
    )
    _perpetrator(investigator, case, wanted="Abroad", wanted_on=D(2021, 1, 1))  # after
    year = (D(2020, 1, 1), D(2020, 12, 31))
    # Wanted: the person of two cases once, and the one caught; abroad at the end: only
    # the first (the second's last change is "caught"); the third is after the period.
    assert selectors.wanted_summary(*year) == selectors.WantedSummary(2, 1, 1)
    assert selectors.wanted_summary(D(2018, 1, 1), D(2018, 12, 31)) == selectors.WantedSummary(
        0, 0, 0
    )


def test_the_wanted_page(investigator, coordinator, case):
    part = _perpetrator(investigator, case, wanted="Abroad", wanted_on=D(2020, 3, 1))
    client = log_in(Client(), investigator)
    url = f"/cases/criminal-cases/{case.pk}/persons/{part.pk}/wanted/"
    opened = client.get(url)
    assert opened.status_code == 200 and "Changes of the wanted status" in opened.content.decode()
    early = client.post(url, {"wanted": "Caught", "on": "2020-01-01"})
    assert early.status_code == 200 and 'id="id_on_error"' in early.content.decode()
    assert WantedChange.objects.count() == 1
    assert client.post(url, {"wanted": "Caught", "on": "2020-07-01"}).status_code == 302
    page = client.get(case.get_absolute_url()).content.decode()
    assert "wanted-history" in page and page.count("Wanted abroad") >= 1
    assert log_in(Client(), coordinator).get(url).status_code == 403
    victim = services.participant_add(
        actor=investigator, case=case, person=PersonFactory(actor=investigator), role="Victim"
    )
    assert (
        client.get(f"/cases/criminal-cases/{case.pk}/persons/{victim.pk}/wanted/").status_code
        == 404
    )


# Statistics' reads ---------------------------------------------------------------------


def test_crimes_by_article_and_year(investigator):
    case = CriminalCaseFactory(
        actor=investigator,
        data=CaseInputFactory(registered_on=D(2020, 1, 10), articles=[article("144-1")]),
    )
    for code, day, solved in [
        ("144-1", D(2020, 1, 10), True),
        ("144-1", D(2020, 2, 10), False),
        ("144-3", D(2020, 3, 10), True),
        ("144-1", D(2021, 1, 10), False),
    ]:
        services.crime_save(
            actor=investigator,
            case=case,
            data=CrimeInput(article=article(code), registered_on=day, solved=solved),
        )
    rows = selectors.crimes_by_article(D(2020, 1, 1), D(2020, 12, 31))
    assert rows == [
        selectors.CrimeCount("144-1", True, False, 2, 1),
        selectors.CrimeCount("144-3", True, True, 1, 1),
    ]


def test_the_statistics_reads_are_one_query_each(investigator, django_assert_num_queries):
    year = (D(2020, 1, 1), D(2020, 12, 31))
    with django_assert_num_queries(1):
        selectors.crimes_by_article(*year)
    with django_assert_num_queries(1):
        selectors.groups_neutralised(*year)
    with django_assert_num_queries(1):
        selectors.wanted_summary(*year)
    with django_assert_num_queries(1):
        justice.prosecutions(Period.years(2020))


def test_the_case_page_queries_do_not_grow(investigator, case):
    client = log_in(Client(), investigator)
    group = CriminalGroupFactory(actor=investigator, case=case)

    def add_rows(count):
        for _ in range(count):
            CrimeFactory(actor=investigator, case=case, data__registered_on=D(2020, 3, 1))
            part = _perpetrator(investigator, case, wanted="Abroad", wanted_on=D(2020, 3, 1))
            services.participant_wanted_set(
                actor=investigator, participant=part, wanted="Caught", on=D(2020, 5, 1)
            )
            services.group_member_add(actor=investigator, case=case, group=group, participant=part)
            CriminalGroupFactory(actor=investigator, case=case)

    # The history block shows the latest entries only: filled first with entries of the
    # kinds added below, its reads are the same at n and 2n rows.
    add_rows(4)
    url = case.get_absolute_url()
    group_url = f"/cases/criminal-cases/{case.pk}/groups/{group.pk}/"
    assert_queries_constant(client, [url, group_url], add_rows, ceiling=40)


def test_a_prosecution_changed_since_it_was_opened_is_refused_naming_who(
    investigator, supervisor, case
):
    """Its entries are recorded against the case: the refusal finds them by the accused."""
    accused = _perpetrator(investigator, case).person
    trial = ProsecutionInput(court="Bakı Ağır Cinayətlər Məhkəməsi", charged_on=D(2020, 3, 1))
    made = services.prosecution_save(
        actor=investigator, case=case, accused=accused, data=trial, version=0
    )
    services.prosecution_save(
        actor=supervisor,
        case=case,
        accused=accused,
        data=dataclasses.replace(trial, sent_to_court_on=D(2020, 4, 1)),
        version=made.version,
    )
    with pytest.raises(StaleVersion) as refused:
        services.prosecution_save(
            actor=investigator, case=case, accused=accused, data=trial, version=made.version
        )
    message = " ".join(refused.value.messages)
    assert supervisor.username in message and "sent to court on" in message
    assert Prosecution.objects.get().sent_to_court_on == D(2020, 4, 1)
