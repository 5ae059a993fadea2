"""Phone numbers are normalised to E.164 before their blind index (issue 11): a search or a
duplicate check finds a person by any common writing of the number, entry refuses what is
no number, and the phones stored before are indexed again by a data migration."""

import importlib
import json
from types import SimpleNamespace

import pytest
from django.apps import apps
from django.core.exceptions import ValidationError
from django.db import connection
from django.test import Client

from ctis.audit.models import AuditEntry
from ctis.cases import selectors, services
from ctis.cases.keys import phone_e164, phone_key
from ctis.cases.models import PersonContact
from ctis.cases.services import ContactInput
from ctis.core import crypto
from tests.cases.conftest import person_data, search
from tests.cases.test_probes import _sent_names_only
from tests.personas import log_in

pytestmark = pytest.mark.django_db

# The victim fixture's phone is saved as "+994 50 123 45 67".
WRITINGS = [
    "050 123 45 67",
    "+994501234567",
    "(050) 123-45-67",
    "994 50 123 45 67",
    "0501234567",
    "+994 50 123 45 67",
]


@pytest.mark.parametrize("writing", WRITINGS)
def test_every_common_writing_is_one_e164_number(writing):
    assert phone_e164(writing) == "+994501234567"
    assert phone_key(writing) == "+994501234567"


def test_a_foreign_number_keeps_its_country_and_no_number_is_none():
    assert phone_e164("+90 532 123 45 67") == "+905321234567"
    assert phone_e164("12345") is None
    assert phone_e164("not a phone") is None


def test_the_stored_index_is_that_of_the_e164_number(victim):
    contact = PersonContact.objects.get(person=victim)
    assert contact.value_index == crypto.blind_index("+994501234567", purpose="person.contact")


@pytest.mark.parametrize("writing", WRITINGS)
def test_search_finds_the_person_by_any_writing_of_the_phone(victim, investigator, writing):
    assert selectors.search(investigator, writing).persons == [victim]


def test_the_person_list_search_finds_by_phone(victim, investigator):
    client = log_in(Client(), investigator)
    page = search(client, "(050) 123-45-67").content.decode()
    assert victim.code in page


def test_a_receiver_sent_the_names_alone_does_not_find_by_phone_and_is_audited(
    investigator, shelter_worker, agencies, countries
):
    person = _sent_names_only(investigator, shelter_worker, agencies, countries)
    assert selectors.search(investigator, "050 123 45 67").persons == [person]
    assert selectors.search(shelter_worker, "050 123 45 67").persons == []
    assert selectors.search_withheld(shelter_worker, "050 123 45 67") == {"contacts": [person.code]}
    assert selectors.search_withheld(investigator, "050 123 45 67") == {}
    client = log_in(Client(), shelter_worker)
    search(client, "(050) 123-45-67")
    entry = AuditEntry.objects.get(action="cases.search.restricted")
    assert entry.changes == {"parts": ["contacts"], "persons": [person.code]}
    assert "123" not in json.dumps(entry.changes)


def test_the_duplicate_check_compares_normalised_phones(victim, investigator, countries):
    for writing in ["(050) 123-45-67", "994 50 123 45 67", "0501234567"]:
        probe = person_data(
            countries,
            given_name="Tamilla",
            family_name="Quliyeva",
            documents=[],
            contacts=[ContactInput(kind="Phone", value=writing)],
        )
        found = {c.person.pk: c.reasons for c in selectors.person_duplicates(investigator, probe)}
        assert "same phone or e-mail" in found[victim.pk], writing


def test_entry_refuses_an_invalid_number_beside_its_field(investigator, countries):
    client = log_in(Client(), investigator)
    response = client.post(
        "/cases/persons/new/",
        {
            "role": "victim",
            "given_name": "Nərmin",
            "family_name": "Həsənova",
            "sex": "Feminine",
            "contact_1_kind": "Phone",
            "contact_1_value": "12 34",
        },
    )
    assert response.status_code == 200
    errors = response.context["form"].errors
    assert "This is not a valid phone number" in errors["contact_1_value"][0]
    assert not PersonContact.objects.exists()


def test_the_service_refuses_an_invalid_number(investigator, countries):
    data = person_data(countries, contacts=[ContactInput(kind="Phone", value="555")])
    with pytest.raises(ValidationError) as refused:
        services.person_create(actor=investigator, data=data, prefix="V")
    assert "Contact 1 is not a valid phone number" in str(refused.value.message_dict["contacts"])


def test_the_data_migration_indexes_older_phones_again(victim, investigator):
    migration = importlib.import_module("ctis.cases.migrations.0010_phone_index_e164")
    contact = PersonContact.objects.get(person=victim)
    # As it was indexed before: the last nine digits.
    old = crypto.blind_index("501234567", purpose="person.contact")
    PersonContact.objects.filter(pk=contact.pk).update(value_index=old)
    assert selectors.search(investigator, "050 123 45 67").persons == []
    editor = SimpleNamespace(connection=connection, quote_name=connection.ops.quote_name)
    migration.reindex(apps, editor)
    contact.refresh_from_db()
    assert contact.value_index == crypto.blind_index("+994501234567", purpose="person.contact")
    assert selectors.search(investigator, "050 123 45 67").persons == [victim]
    assert contact.value == "+994 50 123 45 67"  # the number itself is left as it was
    migration.unindex(apps, editor)
    contact.refresh_from_db()
    assert contact.value_index == old
