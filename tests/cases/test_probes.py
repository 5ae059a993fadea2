"""Search and the duplicate check compare only the parts of a record the user may see: an
agency sent the names alone cannot recover a date of birth, a document number or a phone
by probing (issue 10)."""

import datetime

from ctis.cases import selectors
from ctis.nrm import services as nrm
from ctis.nrm.services import ReferralInput
from tests.cases.conftest import person_data
from tests.factories import PersonFactory

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
