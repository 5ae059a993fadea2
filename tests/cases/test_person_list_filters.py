"""The person list's filters and sorts, and the victim columns they read on the person
(``Person.victim_status``, ``identified_on``, ``forms_mask``: copies of the victim profile
kept by ``Person.mirror_victim``)."""

import datetime

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from ctis.accounts.models import Agency
from ctis.bootstrap.demo.cases import demo_persons
from ctis.cases import selectors, services
from ctis.cases.choices import FORM_BITS, ExploitationForm, TraffickingStatus
from ctis.cases.models import Person, VictimProfile
from ctis.cases.selectors import PersonFilters
from ctis.cases.services import EventInput, VictimInput
from tests.cases.conftest import person_data

ACTUAL = TraffickingStatus.ACTUAL
POSSIBLE = TraffickingStatus.POSSIBLE


def test_every_form_has_its_own_bit():
    assert set(FORM_BITS) == set(ExploitationForm.values)
    bits = list(FORM_BITS.values())
    assert len(set(bits)) == len(bits)
    assert all(bit > 0 and bit & (bit - 1) == 0 for bit in bits)


def _person(actor, countries, name, **overrides):
    return services.person_create(
        actor=actor,
        prefix="V",
        data=person_data(countries, given_name=name, documents=[], contacts=[], **overrides),
    )


def _victim(actor, countries, name, *, status=POSSIBLE, identified, forms, **overrides):
    person = _person(actor, countries, name, **overrides)
    decided = status != POSSIBLE
    services.victim_profile_save(
        actor=actor,
        person=person,
        data=VictimInput(
            status=status,
            identified_on=identified,
            forms=forms,
            status_decided_by=Agency.objects.get(code="mia-ctd") if decided else None,
            status_decided_on=identified if decided else None,
        ),
    )
    return Person.objects.get(pk=person.pk)


@pytest.fixture
def people(investigator, countries):
    """Four victims and one person who is not a victim, entered oldest first."""
    made = {
        "labour-2021": _victim(
            investigator,
            countries,
            "A",
            status=ACTUAL,
            sex="Masculine",
            identified=datetime.date(2021, 3, 1),
            forms=["ForcedLabour"],
        ),
        "both-2021": _victim(
            investigator,
            countries,
            "B",
            status=ACTUAL,
            identified=datetime.date(2021, 7, 9),
            forms=["SexualExploitation", "ForcedLabour"],
        ),
        "sexual-2022": _victim(
            investigator,
            countries,
            "C",
            identified=datetime.date(2022, 1, 5),
            forms=["SexualExploitation"],
        ),
        "organs-2020": _victim(
            investigator,
            countries,
            "D",
            status=ACTUAL,
            sex="Masculine",
            identified=datetime.date(2020, 12, 31),
            forms=["OrganRemoval"],
            birth_date=datetime.date(2010, 6, 1),
        ),
        "not-a-victim": _person(investigator, countries, "E", sex="Masculine"),
    }
    event = services.event_add(
        actor=investigator,
        victim=made["organs-2020"].victim,
        data=EventInput(
            kind="Exploitation", country=countries["TR"], started_on=datetime.date(2020, 10, 1)
        ),
    )
    assert event.pk
    return made


def _listed(user, people, **filters):
    codes = {person.code: key for key, person in people.items()}
    return [codes[p.code] for p in selectors.person_list(user, PersonFilters(**filters))]


def test_each_filter_keeps_exactly_the_matching_persons(investigator, people):
    assert _listed(investigator, people, status=ACTUAL) == [
        "organs-2020",
        "both-2021",
        "labour-2021",
    ]
    assert _listed(investigator, people, year=2021) == ["both-2021", "labour-2021"]
    assert _listed(investigator, people, form="ForcedLabour") == ["both-2021", "labour-2021"]
    assert _listed(investigator, people, form="SexualExploitation") == ["sexual-2022", "both-2021"]
    assert _listed(investigator, people, form="ForcedBegging") == []
    assert _listed(investigator, people, country="TR") == ["organs-2020"]
    assert _listed(investigator, people, age_group="child") == ["organs-2020"]
    assert _listed(investigator, people, sex="Masculine") == [
        "not-a-victim",
        "organs-2020",
        "labour-2021",
    ]
    assert _listed(
        investigator, people, status=ACTUAL, year=2021, form="ForcedLabour", sex="Masculine"
    ) == ["labour-2021"]


def test_victims_latest_identified_first(investigator, people):
    # Persons never identified (here a perpetrator) have no place in this order.
    assert _listed(investigator, people, sort="identified") == [
        "sexual-2022",
        "both-2021",
        "labour-2021",
        "organs-2020",
    ]
    assert _listed(investigator, people, sort="identified", sex="Masculine") == [
        "labour-2021",
        "organs-2020",
    ]


def test_pages_keep_the_lists_order(investigator, people, client):
    """A page's rows are fetched by key after the keys are chosen (CappedPaginator.page):
    the page must keep the order the keys came in."""
    from ctis.core.paginator import CappedPaginator

    persons = selectors.person_list(investigator, PersonFilters(sort="identified"))
    paginator = CappedPaginator(persons, 3, limit=100)
    codes = {person.code: key for key, person in people.items()}
    pages = [[codes[p.code] for p in paginator.page(n)] for n in paginator.page_range]
    assert pages == [["sexual-2022", "both-2021", "labour-2021"], ["organs-2020"]]


def test_the_person_follows_every_change_of_the_profile(investigator, people):
    person = people["sexual-2022"]
    assert (person.victim_status, person.identified_on, person.forms_mask) == (
        POSSIBLE,
        datetime.date(2022, 1, 5),
        FORM_BITS["SexualExploitation"],
    )
    services.victim_profile_save(
        actor=investigator,
        person=person,
        version=person.version,
        data=VictimInput(
            status=ACTUAL,
            status_decided_by=Agency.objects.get(code="mia-ctd"),
            status_decided_on=datetime.date(2022, 2, 1),
            identified_on=datetime.date(2022, 1, 6),
            forms=["ForcedBegging", "Servitude"],
        ),
    )
    person.refresh_from_db()
    assert (person.victim_status, person.identified_on, person.forms_mask) == (
        ACTUAL,
        datetime.date(2022, 1, 6),
        FORM_BITS["ForcedBegging"] | FORM_BITS["Servitude"],
    )
    assert _listed(investigator, people, form="SexualExploitation") == ["both-2021"]
    assert _listed(investigator, people, form="Servitude") == ["sexual-2022"]


def test_the_demo_loader_fills_the_same_columns(agencies, investigator):
    demo_persons(count=60, seed=7)
    profiles = VictimProfile.objects.select_related("person")
    assert profiles.count() > 20
    for profile in profiles:
        person = profile.person
        mask = sum(FORM_BITS[form] for form in set(profile.forms))
        assert (person.victim_status, person.identified_on, person.forms_mask) == (
            profile.status,
            profile.identified_on,
            mask,
        )
    assert (
        not Person.objects.filter(victim__isnull=True)
        .exclude(victim_status="", identified_on=None, forms_mask=0)
        .exists()
    )


@pytest.mark.django_db(transaction=True)
def test_the_migration_copies_existing_profiles_onto_their_persons():
    executor = MigrationExecutor(connection)
    before = [("cases", "0002_list_and_search_indexes")]
    after = [("cases", "0005_list_indexes")]
    executor.migrate(before)
    apps = executor.loader.project_state(before).apps
    agency = apps.get_model("accounts", "Agency").objects.create(
        code="mig-test", kind="ngo", name_az="Test"
    )
    OldPerson = apps.get_model("cases", "Person")
    victim = OldPerson.objects.create(
        code="V-2021-9001", given_name="x", owner_agency=agency, created_by_agency=agency
    )
    other = OldPerson.objects.create(
        code="P-2021-9002", given_name="y", owner_agency=agency, created_by_agency=agency
    )
    apps.get_model("cases", "VictimProfile").objects.create(
        person=victim,
        status=POSSIBLE,
        identified_on=datetime.date(2021, 4, 1),
        forms=["ForcedLabour", "Other"],
    )
    for form in ("ForcedLabour", "Other"):
        apps.get_model("cases", "VictimExploitation").objects.create(victim_id=victim.pk, form=form)
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(after)
    apps = executor.loader.project_state(after).apps
    NewPerson = apps.get_model("cases", "Person")
    copied = NewPerson.objects.get(pk=victim.pk)
    assert (copied.victim_status, copied.identified_on, copied.forms_mask) == (
        POSSIBLE,
        datetime.date(2021, 4, 1),
        FORM_BITS["ForcedLabour"] | FORM_BITS["Other"],
    )
    untouched = NewPerson.objects.get(pk=other.pk)
    assert (untouched.victim_status, untouched.identified_on, untouched.forms_mask) == ("", None, 0)
    # And back: the exploitation rows come back from the profile's forms.
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(before)
    apps = executor.loader.project_state(before).apps
    assert sorted(
        apps.get_model("cases", "VictimExploitation").objects.values_list("form", flat=True)
    ) == ["ForcedLabour", "Other"]
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(executor.loader.graph.leaf_nodes())
