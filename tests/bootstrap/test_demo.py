"""`ctis demo --persons N`: synthetic persons written like entered ones."""

import datetime
import io
import re
from collections import Counter, defaultdict

import pytest
from django.core.management import CommandError, call_command
from django.db import connection
from django.test import override_settings

from ctis.audit.models import AuditEntry
from ctis.bootstrap.demo.cases import demo_persons
from ctis.bootstrap.demo.spelling import feminine, passport_ascii, russian_latin
from ctis.cases import services
from ctis.cases.keys import contact_key, document_number_key, name_index_values
from ctis.cases.models import (
    CaseParticipant,
    ChildOfVictim,
    CodeSequence,
    Crime,
    CriminalCase,
    CriminalGroup,
    Person,
    PersonContact,
    PersonDocument,
    PersonNameIndex,
    Prosecution,
    TraffickingEvent,
    VictimProfile,
    WantedChange,
)
from ctis.cases.services import PersonInput
from ctis.core import crypto
from ctis.core.names import normalise
from ctis.nrm.models import Referral, ServiceDelivery, Stay
from tests.factories import FacilityFactory, agency

SEED = 7
CODE = re.compile(r"^([VPC])-(\d{4})-(\d{4})$")
IDENTITY_COLUMNS = ["given_name", "family_name", "patronymic", "aliases", "birth_date", "address"]


@pytest.fixture
def investigator(make_user):
    """The demonstration's owner of the persons (DEMO_USER)."""
    return make_user("investigator", "mia-ctd", "police_investigator")


@pytest.fixture
def generated(agencies, investigator):
    return demo_persons(count=60, seed=SEED, batch_size=25)


def test_counts_add_up(generated, investigator):
    assert generated["persons"] == Person.objects.count() == 60
    assert generated["victims"] + generated["perpetrators"] + generated["children"] == 60
    assert VictimProfile.objects.count() == generated["victims"]
    assert ChildOfVictim.objects.count() == generated["children"]
    assert CriminalCase.objects.count() == generated["cases"] > 0
    assert Prosecution.objects.count() == generated["prosecutions"]
    assert generated["victims"] > generated["perpetrators"] > 0
    assert TraffickingEvent.objects.count() >= generated["victims"]
    assert (
        Person.objects.filter(owner_agency__code="mia-ctd", created_by=investigator).count() == 60
    )
    # One audit entry a batch, with counts and never a name.
    entries = AuditEntry.objects.filter(action="cases.demo.generate").order_by("id")
    assert entries.count() == generated["batches"] >= 3
    assert sum(entry.changes["persons"] for entry in entries) == 60
    assert all(set(entry.changes) == {"persons", "referrals", "seed", "batch"} for entry in entries)


def test_codes_are_well_formed_unique_and_follow_the_sequence(generated):
    codes = list(Person.objects.values_list("code", flat=True))
    assert len(set(codes)) == len(codes)
    assert all(CODE.match(code) for code in codes)
    last: dict[tuple[str, int], int] = defaultdict(int)
    for code in codes:
        prefix, year, number = CODE.match(code).groups()
        last[(prefix, int(year))] = max(last[(prefix, int(year))], int(number))
    assert {(s.prefix, s.year): s.last for s in CodeSequence.objects.all()} == dict(last)
    # Victims' codes carry the year they were identified in.
    for profile in VictimProfile.objects.select_related("person"):
        assert profile.person.code.startswith(f"V-{profile.identified_on.year}-")


def test_raw_rows_hold_only_sealed_tokens(generated):
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {', '.join(IDENTITY_COLUMNS)} FROM cases_person")
        rows = cursor.fetchall()
        cursor.execute("SELECT number FROM cases_persondocument")
        rows += cursor.fetchall()
        cursor.execute("SELECT value FROM cases_personcontact")
        rows += cursor.fetchall()
    raw = [value for row in rows for value in row if value is not None]
    assert raw and all(value.startswith("v1:") for value in raw)
    text = "\n".join(raw)
    plain = set()
    for person in Person.objects.all():
        plain.update(filter(None, (person.given_name, person.family_name, person.birth_date)))
    plain.update(PersonDocument.objects.values_list("number", flat=True))
    plain.update(PersonContact.objects.values_list("value", flat=True))
    assert not [value for value in plain if value in text]


def test_blind_indexes_are_the_services_own(generated):
    for person in Person.objects.prefetch_related("name_indexes", "documents", "contacts"):
        expected = name_index_values(
            person.given_name, person.family_name, person.patronymic, person.aliases
        )
        assert {index.value for index in person.name_indexes.all()} == expected
        for document in person.documents.all():
            key = document_number_key(document.number)
            assert document.number_index == crypto.blind_index(key, purpose="person.document")
        for contact in person.contacts.all():
            key = contact_key(contact.kind, contact.value)
            assert contact.value_index == crypto.blind_index(key, purpose="person.contact")


def test_a_name_is_found_in_another_spelling(generated):
    mammadovs = [p for p in Person.objects.all() if (p.family_name or "").startswith("Məmmədov")]
    assert mammadovs, "the seed gives at least one Məmmədov/Məmmədova"
    for person in mammadovs:
        # The keys keep the feminine ending: Məmmədova is found as Mamedova or Мамедова.
        female = person.family_name.endswith("a")
        for spelling in ("Mamedova", "Мамедова") if female else ("Mamedov", "Мамедов"):
            found = PersonNameIndex.objects.filter(
                person=person, value__in=name_index_values(spelling)
            )
            assert found.exists(), spelling


def test_names_are_spelled_as_different_agencies_would(agencies):
    demo_persons(count=400, seed=SEED)
    family_names = [p.family_name or "" for p in Person.objects.all()]
    cyrillic = [name for name in family_names if re.search("[а-яА-Я]", name)]
    azerbaijani = [name for name in family_names if re.search("[əƏğışçöüİ]", name)]
    assert len(cyrillic) > 20 and len(azerbaijani) > 100
    assert any(
        p.patronymic and p.patronymic.endswith(("oğlu", "qızı")) for p in Person.objects.all()
    )
    assert feminine("Məmmədov") == "Məmmədova" and feminine("Мамедов") == "Мамедова"
    assert feminine("Əlizadə") == "Əlizadə"
    assert russian_latin("Гусейнова") == "Guseynova" and russian_latin("Алиева") == "Aliyeva"
    assert passport_ascii("Hüseynov Cəfər") == "Huseynov Jafar"
    assert normalise("Məmmədova") == normalise("Мамедова") == normalise("Mammadova")


def test_records_pass_model_validation(generated):
    samples = [
        *Person.objects.all()[:20],
        *VictimProfile.objects.all()[:20],
        *TraffickingEvent.objects.all()[:20],
        *CriminalCase.objects.all()[:10],
        *CaseParticipant.objects.all()[:20],
        *Prosecution.objects.all(),
        *ChildOfVictim.objects.all(),
        *PersonDocument.objects.all()[:10],
    ]
    for record in samples:
        record.full_clean()
    today = datetime.date.today()
    for profile in VictimProfile.objects.select_related("person"):
        born = datetime.date.fromisoformat(profile.person.birth_date)
        assert born < profile.identified_on <= today
        assert profile.age_when_trafficked <= profile.identified_on.year - born.year + 1
        countries = {e.country_id for e in profile.events.all()}
        assert profile.scope == ("Internal" if countries == {"AZ"} else "Transnational")
    azerbaijani = re.compile(r"^(AZE\d{8}|A[AB]\d{7}|C\d{8})$")
    for document in PersonDocument.objects.filter(issuer_id="AZ"):
        assert azerbaijani.match(document.number), document.number
    phone = re.compile(r"^(\+994 \d\d \d{3} \d\d \d\d|0\d\d \d{3} \d\d \d\d|\+994\d{9}|\+\d.*)$")
    assert all(phone.match(c.value) for c in PersonContact.objects.all())
    for prosecution in Prosecution.objects.select_related("case"):
        assert prosecution.sent_to_court_on >= prosecution.case.registered_on
        if prosecution.verdict_on:
            assert prosecution.sent_to_court_on <= prosecution.verdict_on <= today


def test_a_second_run_continues_codes_and_case_numbers(generated, investigator):
    first_names = sorted((p.given_name, p.family_name or "") for p in Person.objects.all())
    first_ids = set(Person.objects.values_list("pk", flat=True))
    again = demo_persons(count=60, seed=SEED, batch_size=25)
    assert again["persons"] == 60 and Person.objects.count() == 120
    codes = list(Person.objects.values_list("code", flat=True))
    assert len(set(codes)) == 120
    numbers = list(CriminalCase.objects.values_list("number", flat=True))
    assert len(set(numbers)) == len(numbers)
    # The same seed gives the same people (entered a second time).
    second = sorted(
        (p.given_name, p.family_name or "") for p in Person.objects.exclude(pk__in=first_ids)
    )
    assert second == first_names
    # The services continue the sequence.
    year = VictimProfile.objects.order_by("identified_on").first().identified_on.year
    last = CodeSequence.objects.get(prefix="V", year=year).last
    person = services.person_create(
        actor=investigator,
        data=PersonInput(given_name="Aynur", family_name="Həsənova"),
        prefix="V",
        registered_on=datetime.date(year, 6, 1),
    )
    assert person.code == f"V-{year}-{last + 1:04d}"


def test_command_prints_a_summary(agencies):
    out = io.StringIO()
    call_command("demo", persons=12, seed=3, stdout=out)
    assert Person.objects.count() == 12
    assert "Added 12 persons" in out.getvalue() and "persons/s" in out.getvalue()


def test_command_refuses_no_persons_and_production(agencies):
    with pytest.raises(CommandError, match="at least 1"):
        call_command("demo", persons=0, stdout=io.StringIO())
    with override_settings(PRODUCTION=True), pytest.raises(CommandError, match="production"):
        call_command("demo", persons=5, stdout=io.StringIO())
    assert not Person.objects.exists()


def test_cases_hold_crimes_groups_charges_and_wanted_histories(agencies, investigator):
    demo_persons(count=400, seed=SEED)
    cases = CriminalCase.objects.all()
    assert all(case.crimes.exists() for case in cases)
    assert Crime.objects.count() > cases.count()  # several episodes in some cases
    for crime in Crime.objects.select_related("case")[:200]:
        crime.full_clean()
        assert crime.solved == crime.case.solved
        assert crime.registered_on >= crime.case.registered_on
    groups = CriminalGroup.objects.prefetch_related("members", "cases")
    assert groups.exists()
    for group in groups:
        group.full_clean()
        (case,) = group.cases.all()
        perpetrators = {
            p.person_id for p in case.participants.filter(role="Perpetrator", group_member=True)
        }
        assert {m.pk for m in group.members.all()} == perpetrators
    assert not CriminalCase.objects.exclude(criminal_group="").exists()
    charged = Prosecution.objects.exclude(charged_on=None)
    assert charged.count() == Prosecution.objects.count() > 0
    for prosecution in charged:
        prosecution.full_clean()
        assert prosecution.case.registered_on <= prosecution.charged_on
        assert prosecution.charged_on <= prosecution.sent_to_court_on
    wanted = CaseParticipant.objects.exclude(wanted="").prefetch_related("wanted_changes")
    assert wanted.exists() and wanted.filter(wanted="Caught").exists()
    for part in wanted:
        history = list(part.wanted_changes.all())
        assert history and history[-1].status == part.wanted
        assert [row.on for row in history] == sorted(row.on for row in history)
        if part.wanted == "Caught":
            assert history[-1].on == part.caught_on and len(history) == 2
        for row in history:
            row.full_clean()
    assert not WantedChange.objects.filter(participant__wanted="").exists()


def test_victims_of_past_years_have_a_history_of_assistance(agencies, investigator, make_user):
    """With the shelter and the assistance centre in place, decided victims were referred
    under their consent, stayed without overfilling a facility, and were given services
    and allowances by the agency they were referred to."""
    small = FacilityFactory(agency=agency("shelter-mia"), capacity=2)
    FacilityFactory(agency=agency("assistance-centre"), capacity=40)
    make_user("shelter", "shelter-mia", "service_provider")
    make_user("provider", "assistance-centre", "service_provider")
    demo_persons(count=400, seed=SEED)
    referrals = Referral.objects.select_related("consent", "person__victim")
    assert referrals.count() > 10
    for referral in referrals:
        referral.full_clean()
        assert referral.person.victim.status == "ActualVictimOfTrafficking"
        assert referral.consent.person_id == referral.person_id
        assert referral.consent.given_on <= referral.sent_at.date()
        assert referral.state in ("accepted", "completed")
    stays = Stay.objects.select_related("facility")
    assert stays.filter(facility=small).exists()
    for stay in stays:
        stay.full_clean()
        assert referrals.filter(person=stay.person, to_agency=stay.facility.agency).exists()
    # Never more persons in the small shelter than its places, on any day.
    taken: Counter[datetime.date] = Counter()
    for stay in stays.filter(facility=small):
        last = stay.discharged_on or datetime.date.today()
        for offset in range((last - stay.admitted_on).days):
            taken[stay.admitted_on + datetime.timedelta(days=offset)] += 1
    assert max(taken.values()) <= 2
    services_given = ServiceDelivery.objects.select_related("referral")
    assert services_given.filter(kind="one_time_allowance", amount__gt=0).exists()
    for service in services_given[:200]:
        service.full_clean()
        if service.referral is not None:
            assert service.agency_id == service.referral.to_agency_id
            assert service.kind in service.referral.services
