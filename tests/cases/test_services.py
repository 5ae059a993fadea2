import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection
from django.utils import timezone

from ctis.audit.models import AuditEntry
from ctis.cases import selectors, services
from ctis.cases.access import Access, person_access
from ctis.cases.models import (
    BreakGlassGrant,
    CriminalCodeArticle,
    IdentityAccess,
    Person,
    PersonNameIndex,
)
from ctis.cases.services import (
    CaseInput,
    EventInput,
    ProsecutionInput,
    VictimInput,
)
from ctis.core.locking import StaleVersion
from tests.cases.conftest import person_data


def test_raw_rows_hold_no_plaintext_name_document_or_phone(victim):
    tables = [
        "cases_person",
        "cases_persondocument",
        "cases_personcontact",
        "cases_personnameindex",
        "audit_auditentry",
    ]
    dump = []
    with connection.cursor() as cursor:
        for table in tables:
            cursor.execute(f"SELECT * FROM {table}")  # noqa: S608 — fixed names
            dump.extend(str(value) for row in cursor.fetchall() for value in row)
    text = "\n".join(dump)
    for secret in [
        "Leyla",
        "Məmmədova",
        "Rauf",
        "1234567",
        "AA 1234567",
        "123 45 67",
        "501234567",
        "Qara Qarayev",
        "1996-03-14",
    ]:
        assert secret not in text, secret
    # and the sealed values read back
    person = Person.objects.get(pk=victim.pk)
    assert (person.given_name, person.family_name) == ("Leyla", "Məmmədova")
    assert person.documents.get().number == "AA 1234567"


def test_codes_are_pseudonymous_and_sequential(investigator, countries):
    first = services.person_create(
        actor=investigator,
        data=person_data(countries),
        prefix="V",
        registered_on=datetime.date(2020, 2, 1),
    )
    second = services.person_create(
        actor=investigator,
        data=person_data(countries, given_name="Aysel"),
        prefix="V",
        registered_on=datetime.date(2020, 3, 1),
    )
    assert (first.code, second.code) == ("V-2020-0001", "V-2020-0002")
    assert str(first) == "V-2020-0001"


def test_name_found_in_another_spelling_through_the_blind_index(victim, investigator):
    for spelling in ["Mamedova", "Мамедова", "Mammadova Leyla", "Лейла", "Мамедов"]:
        result = selectors.search(investigator, spelling)
        assert result.by_name and [p.pk for p in result.persons] == [victim.pk], spelling
    assert selectors.search(investigator, "Hüseynova").persons == []
    assert PersonNameIndex.objects.filter(person=victim).count() >= 3


def test_document_number_found_whatever_the_spacing(victim, investigator):
    assert selectors.search(investigator, "aa1234567").persons == [victim]


def test_coordinator_cannot_search_names(victim, coordinator):
    assert selectors.search(coordinator, "Məmmədova").persons == []
    assert selectors.search(coordinator, victim.code).persons == [victim]


def test_stale_save_is_refused_with_what_changed(victim, investigator, supervisor, countries):
    opened_version = victim.version
    services.person_update(
        actor=supervisor,
        person=victim,
        version=opened_version,
        data=person_data(countries, family_name="Məmmədli"),
    )
    with pytest.raises(StaleVersion) as refused:
        services.person_update(
            actor=investigator,
            person=victim,
            version=opened_version,
            data=person_data(countries, given_name="Leyli"),
        )
    message = refused.value.messages[0]
    assert "supervisor" in message and "family name" in message
    assert Person.objects.get(pk=victim.pk).given_name == "Leyla"


def test_update_audit_names_fields_without_values(victim, investigator, countries):
    services.person_update(
        actor=investigator,
        person=victim,
        version=victim.version,
        data=person_data(countries, family_name="Əliyeva", sex="Feminine"),
    )
    entry = AuditEntry.objects.filter(action="cases.person.update").get()
    assert "family_name" in entry.changes["fields"]["after"]
    assert "Əliyeva" not in str(entry.changes)


def test_event_before_birth_is_refused(victim, investigator, countries):
    with pytest.raises(ValidationError) as refused:
        services.event_add(
            actor=investigator,
            victim=victim.victim,
            data=EventInput(
                kind="Exploitation", country=countries["TR"], started_on=datetime.date(1990, 1, 1)
            ),
        )
    assert "before the person's date of birth" in str(refused.value.message_dict["started_on"])


def test_events_set_the_scope(victim, investigator, countries):
    services.event_add(
        actor=investigator,
        victim=victim.victim,
        data=EventInput(kind="Recruitment", country=countries["AZ"], place="Bakı"),
    )
    victim.victim.refresh_from_db()
    assert victim.victim.scope == "Internal"
    services.event_add(
        actor=investigator,
        victim=victim.victim,
        data=EventInput(
            kind="Exploitation",
            country=countries["AE"],
            place="Dubay",
            started_on=datetime.date(2023, 6, 1),
            ended_on=datetime.date(2024, 1, 10),
        ),
    )
    victim.victim.refresh_from_db()
    assert victim.victim.scope == "Transnational"


def test_only_police_decide_victim_status(victim, provider, countries, agencies):
    own = services.person_create(
        actor=provider, data=person_data(countries, given_name="Aynur"), prefix="V"
    )
    with pytest.raises(PermissionDenied):
        services.victim_profile_save(
            actor=provider,
            person=own,
            data=VictimInput(
                status="ActualVictimOfTrafficking",
                status_decided_by=agencies["mia-ctd"],
                status_decided_on=datetime.date(2024, 1, 1),
            ),
        )


def test_decided_status_needs_body_and_date(victim, investigator):
    with pytest.raises(ValidationError) as refused:
        services.victim_profile_save(
            actor=investigator,
            person=victim,
            data=VictimInput(status="ActualVictimOfTrafficking", forms=["SexualExploitation"]),
        )
    assert set(refused.value.message_dict) == {"status_decided_by", "status_decided_on"}


def _case(investigator, **overrides):
    values = dict(
        number="2024/144-1/0007",
        registered_on=datetime.date(2024, 5, 10),
        articles=[CriminalCodeArticle.objects.get(code="144-1")],
    )
    values.update(overrides)
    return services.case_create(actor=investigator, data=CaseInput(**values))


def test_verdict_before_registration_is_refused(investigator, victim, countries):
    case = _case(investigator)
    accused = services.person_create(
        actor=investigator,
        prefix="P",
        data=person_data(countries, given_name="Elçin", family_name="Quliyev", sex="Masculine"),
    )
    with pytest.raises(ValidationError) as refused:
        services.prosecution_save(
            actor=investigator,
            case=case,
            accused=accused,
            data=ProsecutionInput(
                court="Bakı Ağır Cinayətlər Məhkəməsi",
                verdict_on=datetime.date(2024, 1, 5),
                outcome="Convicted",
                sentence="Imprisonment",
                term_months=96,
            ),
        )
    assert "before the case was registered" in str(refused.value.message_dict["verdict_on"])


def test_prosecution_links_the_accused_and_moves_the_case_to_court(investigator, countries):
    case = _case(investigator)
    accused = services.person_create(
        actor=investigator,
        prefix="P",
        data=person_data(countries, given_name="Elçin", family_name="Quliyev", sex="Masculine"),
    )
    services.prosecution_save(
        actor=investigator,
        case=case,
        accused=accused,
        data=ProsecutionInput(
            court="Bakı Ağır Cinayətlər Məhkəməsi",
            sent_to_court_on=datetime.date(2024, 8, 1),
            verdict_on=datetime.date(2024, 11, 5),
            outcome="Convicted",
            sentence="Fine",
            fine_azn=Decimal("5000"),
            confiscation=True,
        ),
    )
    case.refresh_from_db()
    assert case.status == "SentToCourt"
    assert case.participants.get().person == accused


def test_sentence_needs_its_details(investigator, countries):
    case = _case(investigator)
    accused = services.person_create(
        actor=investigator, prefix="P", data=person_data(countries, given_name="Elçin")
    )
    with pytest.raises(ValidationError) as refused:
        services.prosecution_save(
            actor=investigator,
            case=case,
            accused=accused,
            data=ProsecutionInput(
                court="X",
                verdict_on=datetime.date(2024, 9, 1),
                outcome="Convicted",
                sentence="Imprisonment",
            ),
        )
    assert "term_months" in refused.value.message_dict


def test_identity_open_is_logged_with_its_purpose(victim, investigator):
    services.identity_open(
        actor=investigator, person=victim, purpose="investigation", note="Case 2024/144-1/0007"
    )
    entry = AuditEntry.objects.get(action="cases.person.identity_view")
    assert entry.object_repr == victim.code and entry.purpose.startswith("investigation")
    assert IdentityAccess.objects.get().user == investigator


def test_coordinator_may_not_open_identity(victim, coordinator):
    assert person_access(coordinator, victim) == Access.CODE
    with pytest.raises(PermissionDenied):
        services.identity_open(actor=coordinator, person=victim, purpose="investigation")


def test_break_glass_opens_for_a_time_and_is_reviewed(provider, supervisor, auditor, countries):
    held = services.person_create(actor=provider, data=person_data(countries), prefix="V")
    assert person_access(supervisor, held) == Access.NONE
    with pytest.raises(ValidationError):
        services.break_glass_open(actor=supervisor, person=held, reason="urgent")
    grant = services.break_glass_open(
        actor=supervisor, person=held, reason="Victim reported missing; locating her family now."
    )
    assert person_access(supervisor, held) == Access.IDENTITY
    access = services.identity_open(actor=supervisor, person=held, purpose="investigation")
    assert access.break_glass
    now = timezone.now()
    BreakGlassGrant.objects.filter(pk=grant.pk).update(
        granted_at=now - datetime.timedelta(hours=5), expires_at=now - datetime.timedelta(hours=1)
    )
    assert person_access(supervisor, held) == Access.NONE
    with pytest.raises(PermissionDenied):
        services.break_glass_review(actor=supervisor, grant=grant, note="")
    services.break_glass_review(actor=auditor, grant=grant, note="Justified.")


def test_duplicates_found_across_spellings(victim, investigator, countries):
    candidates = selectors.person_duplicates(
        investigator,
        person_data(
            countries,
            given_name="Leila",
            family_name="Mamedova",
            patronymic="",
            birth_date=None,
            birth_year=1996,
            documents=[],
            contacts=[],
        ),
    )
    assert [c.person for c in candidates] == [victim]
    assert (
        selectors.person_duplicates(
            investigator,
            person_data(
                countries,
                given_name="Gülnar",
                family_name="Həsənova",
                documents=[],
                contacts=[],
                birth_date=datetime.date(1980, 1, 1),
            ),
        )
        == []
    )


def test_duplicates_only_among_records_the_user_may_open(victim, provider, countries):
    assert selectors.person_duplicates(provider, person_data(countries)) == []


def test_erase_only_by_administrator_with_reason(victim, investigator, admin):
    with pytest.raises(PermissionDenied):
        services.person_erase(actor=investigator, person=victim, reason="x" * 30)
    services.person_erase(
        actor=admin, person=victim, reason="Retention period of 10 years ended (order 12/2034)."
    )
    assert not Person.objects.filter(pk=victim.pk).exists()
    assert AuditEntry.objects.filter(action="cases.person.erase", object_repr=victim.code).exists()


def test_a_victim_is_entered_whole_or_not_at_all(investigator, countries):
    future = timezone.localdate() + datetime.timedelta(days=3)
    with pytest.raises(ValidationError) as refused:
        services.person_create(
            actor=investigator,
            data=person_data(countries),
            prefix="V",
            victim=VictimInput(identified_on=future),
        )
    assert "identified_on" in refused.value.message_dict
    assert (
        not Person.objects.exists()
        and not AuditEntry.objects.filter(action="cases.person.create").exists()
    )


def test_versions_count_in_the_database_not_from_a_stale_copy(victim, investigator, countries):
    stale = Person.objects.get(pk=victim.pk)
    start = stale.version
    for copy in (victim, stale):  # the second copy still holds the old version
        services.event_add(
            actor=investigator,
            victim=copy.victim,
            data=EventInput(kind="Transit", country=countries["GE"]),
        )
    assert Person.objects.get(pk=victim.pk).version == start + 2


def test_a_form_for_a_new_prosecution_never_overwrites_one(investigator, countries):
    case = _case(investigator)
    accused = services.person_create(
        actor=investigator, prefix="P", data=person_data(countries, given_name="Elçin")
    )
    first = ProsecutionInput(
        court="Bakı Ağır Cinayətlər Məhkəməsi", sent_to_court_on=datetime.date(2024, 6, 1)
    )
    services.prosecution_save(actor=investigator, case=case, accused=accused, data=first, version=0)
    with pytest.raises(StaleVersion) as refused:
        services.prosecution_save(
            actor=investigator,
            case=case,
            accused=accused,
            data=ProsecutionInput(court="Gəncə"),
            version=0,
        )
    assert "already has a prosecution" in refused.value.messages[0]
    assert case.prosecutions.get().court == "Bakı Ağır Cinayətlər Məhkəməsi"


def test_only_the_owning_police_unit_changes_a_case(investigator, coordinator, make_user):
    case = _case(investigator)
    other_police = make_user("other-police", "mia", "police_investigator")
    for user in (coordinator, other_police):
        with pytest.raises(PermissionDenied):
            services.case_update(
                actor=user,
                case=case,
                version=case.version,
                data=CaseInput(
                    number="X",
                    registered_on=datetime.date(2024, 5, 10),
                    articles=list(case.articles.all()),
                ),
            )
