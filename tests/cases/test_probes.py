"""Search and the duplicate check compare only the parts of a record the user may see: an
agency sent the names alone cannot recover a date of birth, a document number or a phone
by probing (issue 10)."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.test import Client

from ctis.audit.models import AuditEntry
from ctis.cases import selectors, services
from ctis.cases.models import Person
from ctis.core.models import Throttle
from ctis.nrm import services as nrm
from ctis.nrm.services import ReferralInput
from tests.cases.conftest import person_data, search
from tests.factories import PersonFactory
from tests.personas import log_in

DOCUMENT = "AA 1234567"  # person_data's
BORN = datetime.date(1996, 3, 14)


def _sent_names_only(investigator, shelter_worker, agencies, countries):
    person = PersonFactory(actor=investigator, data=person_data(countries))
    nrm.consent_record(actor=investigator, person=person, purpose="referral")
    referral = nrm.referral_send(
        actor=investigator,
        person=person,
        data=ReferralInput(
            to_agency=agencies["shelter-mia"],
            reason="Safe place",
            services=["shelter"],
            fields=["names"],
        ),
    )
    nrm.referral_accept(actor=shelter_worker, referral=referral)
    return person


def test_search_finds_by_name_but_not_by_a_document_the_receiver_was_not_sent(
    investigator, shelter_worker, agencies, countries
):
    person = _sent_names_only(investigator, shelter_worker, agencies, countries)
    assert selectors.search(investigator, DOCUMENT).persons == [person]
    assert selectors.search(shelter_worker, DOCUMENT).persons == []
    assert selectors.search(shelter_worker, "Mamedova Leyla").persons == [person]


def test_the_duplicate_check_tells_a_receiver_nothing_of_parts_it_was_not_sent(
    investigator, shelter_worker, agencies, countries
):
    person = _sent_names_only(investigator, shelter_worker, agencies, countries)
    probe = person_data(countries, given_name="Leyla", family_name="Məmmədova", birth_date=BORN)
    holder = {c.person.pk: c.reasons for c in selectors.person_duplicates(investigator, probe)}
    assert "same document number" in holder[person.pk]
    assert "same date of birth" in holder[person.pk]
    receiver = {c.person.pk: c.reasons for c in selectors.person_duplicates(shelter_worker, probe)}
    assert "same document number" not in receiver[person.pk]
    assert "same phone or e-mail" not in receiver[person.pk]
    assert "same date of birth" not in receiver[person.pk]
    assert any(reason.startswith("similar name") for reason in receiver[person.pk])
    # A changed date of birth changes nothing the receiver reads.
    other_day = person_data(countries, birth_date=BORN.replace(day=15))
    assert {
        c.person.pk: c.reasons for c in selectors.person_duplicates(shelter_worker, other_day)
    } == receiver


# Refused comparisons are audited, and probes are limited (issue 10) -----------------------


def test_a_search_for_a_document_the_receiver_was_not_sent_is_audited_without_the_number(
    investigator, shelter_worker, agencies, countries
):
    person = _sent_names_only(investigator, shelter_worker, agencies, countries)
    client = log_in(Client(), shelter_worker)
    page = search(client, DOCUMENT).content.decode()
    assert person.code not in page
    entry = AuditEntry.objects.get(action="cases.search.restricted")
    assert entry.actor == shelter_worker
    assert entry.changes["parts"] == ["documents"] and entry.changes["persons"] == [person.code]
    assert "1234567" not in str(entry.changes) + entry.object_repr + entry.purpose
    # The holder compares the document: nothing is withheld, nothing audited as restricted.
    search(log_in(Client(), investigator), DOCUMENT)
    assert AuditEntry.objects.filter(action="cases.search.restricted").count() == 1


def test_a_duplicate_check_with_parts_the_receiver_was_not_sent_is_audited(
    investigator, shelter_worker, agencies, countries
):
    person = _sent_names_only(investigator, shelter_worker, agencies, countries)
    withheld = selectors.duplicates_withheld(
        shelter_worker, person_data(countries, given_name="Leyla", birth_date=BORN)
    )
    assert withheld == {
        "documents": [person.code],
        "contacts": [person.code],
        "birth_date": [person.code],
    }
    assert selectors.duplicates_withheld(investigator, person_data(countries)) == {}
    services.person_probe_restricted_record(
        actor=shelter_worker, kind="duplicates", withheld=withheld
    )
    entry = AuditEntry.objects.get(action="cases.duplicates.restricted")
    assert entry.changes == {
        "parts": ["birth_date", "contacts", "documents"],
        "persons": [person.code],
    }


def test_searches_past_the_limit_are_refused_with_a_message_and_audited_once(
    victim, investigator, settings
):
    settings.CTIS_PROBE_LIMIT = 2
    client = log_in(Client(), investigator)
    for _ in range(2):
        assert victim.code in search(client, "Mamedova").content.decode()
    refused = search(client, "Mamedova").content.decode()
    assert victim.get_absolute_url() not in refused
    assert "the most allowed" in refused
    search(client, "Mamedova")
    assert AuditEntry.objects.filter(action="cases.probe.limited").count() == 1


def test_a_duplicate_check_past_the_limit_saves_nothing_unchecked(
    investigator, countries, settings
):
    settings.CTIS_PROBE_LIMIT = 0
    client = log_in(Client(), investigator)
    before = Person.objects.count()
    form = {"role": "victim", "family_name": "Aliyeva", "given_name": "Nigar", "sex": "Feminine"}
    response = client.post("/cases/persons/new/", {**form, "citizenships": ["AZ"]})
    assert response.status_code == 200
    assert "the most allowed" in response.content.decode()
    assert Person.objects.count() == before
    assert AuditEntry.objects.filter(action="cases.probe.limited").count() == 1


def test_the_limit_is_counted_in_the_database_for_every_process(investigator, settings):
    """Two server processes share nothing but the database: the count lives there."""
    settings.CTIS_PROBE_LIMIT = 1
    services.person_probe_count(actor=investigator, kind="search")
    assert Throttle.objects.get().count == 1
    with pytest.raises(ValidationError):
        services.person_probe_count(actor=investigator, kind="duplicates")


def test_a_batch_skips_the_checks_only_for_rows_that_can_meet_no_one(
    investigator, shelter_worker, agencies, countries
):
    """``duplicates_possible`` (an import's batch filter) is False only where both checks
    find nothing for anyone: each row below meets the stored person by one key alone (a
    document, a phone, the family and given names, the family name and year of birth)
    and is True; the row that shares none is False, and its checks indeed find nothing."""
    _sent_names_only(investigator, shelter_worker, agencies, countries)
    bare = dict(documents=[], contacts=[], patronymic="", birth_date=None)
    rows = {
        "document": person_data(countries, given_name="Zaur", family_name="Əliyev", contacts=[]),
        "phone": person_data(countries, given_name="Zaur", family_name="Əliyev", documents=[]),
        "names": person_data(countries, **bare),
        "family and year": person_data(
            countries, **{**bare, "given_name": "Aynur", "birth_date": BORN}
        ),
        "no one": person_data(countries, **{**bare, "given_name": "Zaur", "family_name": "Əliyev"}),
    }
    keys = [selectors.DuplicateKeys.of(row) for row in rows.values()]
    possible = dict(zip(rows, selectors.duplicates_possible(keys), strict=True))
    assert possible == {
        "document": True,
        "phone": True,
        "names": True,
        "family and year": True,
        "no one": False,
    }
    for user in (investigator, shelter_worker):
        for name, row in rows.items():
            found = selectors.person_duplicates(user, row) or selectors.duplicates_withheld(
                user, row
            )
            if not possible[name]:
                assert not found
    # The family name with the date of birth: no candidate for the receiver, who was not
    # sent the date, but a withheld match the audit log must record; so it is checked.
    assert selectors.person_duplicates(shelter_worker, rows["family and year"]) == []
    assert selectors.duplicates_withheld(shelter_worker, rows["family and year"])


def test_rows_of_one_batch_meet_as_a_stored_person_would(countries):
    """Within a batch, a row is checked against an earlier one by the same conditions as
    against stored persons: the family name alone is not enough; with the given name (or
    an alias or patronymic word, which the name index also holds) or the year of birth it
    is."""
    bare = dict(documents=[], contacts=[], patronymic="")
    leyla = person_data(countries, **bare, aliases="Aynur")
    keys = selectors.DuplicateKeys.of
    sister = person_data(countries, **bare, given_name="Sevinc", birth_date=None)
    assert not keys(sister).meets(keys(leyla))
    alias = person_data(countries, **bare, given_name="Aynur", birth_date=None)
    assert keys(alias).meets(keys(leyla))
    same_year = person_data(countries, **bare, given_name="Sevinc", birth_date=BORN)
    assert keys(same_year).meets(keys(leyla))


def test_a_row_entered_and_seen_whole_is_met_only_by_the_candidate_conditions(countries):
    """Against a row the actor entered and sees whole, nothing can be withheld: only what
    ``person_duplicates`` compares joins two rows (a family and a given name key with a
    year of birth within one, or a document or contact), not the family name and year."""
    bare = dict(documents=[], contacts=[], patronymic="")
    keys = selectors.DuplicateKeys.of
    leyla = keys(person_data(countries, **bare))
    sister = keys(person_data(countries, **bare, given_name="Sevinc"))
    assert sister.meets(leyla) and not sister.meets(leyla, seen_whole=True)
    for born in (BORN, BORN.replace(year=1997), None):
        assert keys(person_data(countries, **bare, birth_date=born)).meets(leyla, seen_whole=True)
    older = keys(person_data(countries, **bare, birth_date=BORN.replace(year=1990)))
    assert not older.meets(leyla, seen_whole=True)
    phone = keys(person_data(countries, given_name="Zaur", family_name="Əliyev", documents=[]))
    assert phone.meets(keys(person_data(countries)), seen_whole=True)


def test_the_checks_of_a_batch_are_each_rows_checks_alone(
    investigator, shelter_worker, agencies, countries
):
    """``DuplicateChecks`` answers for many rows at once exactly what ``person_duplicates``
    and ``duplicates_withheld`` answer for each row alone (they are the class with one
    row): the same candidates with the same scores and reasons, the same withheld codes,
    for the holder and for a receiver sent the names alone."""
    _sent_names_only(investigator, shelter_worker, agencies, countries)
    PersonFactory(
        actor=investigator,
        data=person_data(countries, given_name="Leyla", birth_date=BORN.replace(year=1997)),
    )
    PersonFactory(
        actor=investigator,
        data=person_data(
            countries, given_name="Aynur", family_name="Əliyeva", documents=[], contacts=[]
        ),
    )
    bare = dict(documents=[], contacts=[], patronymic="")
    rows = [
        person_data(countries),
        person_data(countries, given_name="Zaur", family_name="Əliyev", contacts=[]),
        person_data(countries, **bare, given_name="Leila", birth_date=None, birth_year=1997),
        person_data(countries, **{**bare, "given_name": "Aynur"}),
        person_data(countries, **{**bare, "given_name": "Aynur", "family_name": ""}),
        person_data(countries, **{**bare, "given_name": "Ayнур", "family_name": "Алиева"}),
        person_data(countries, **{**bare, "given_name": "Zaur", "family_name": "Əliyev"}),
    ]

    def seen(candidates):
        return [(c.person.pk, round(c.score, 6), sorted(c.reasons)) for c in candidates]

    for user in (investigator, shelter_worker):
        checks = selectors.DuplicateChecks(user, rows)
        for index, row in enumerate(rows):
            assert seen(checks.candidates(index)) == seen(selectors.person_duplicates(user, row))
            assert checks.withheld(index) == selectors.duplicates_withheld(user, row)
    # The rows do find what they should, so the comparison above compared something.
    holder = selectors.DuplicateChecks(investigator, rows)
    assert len(holder.candidates(0)) == 2 and holder.candidates(6) == []
    assert selectors.DuplicateChecks(shelter_worker, rows).withheld(0)
