"""Persons through the API: the police unit's case system enters a victim and reads the
record back; without a purpose the identity is absent, with one it is opened and recorded;
a shelter that was referred the names alone gets the names and nothing else of the
identity; another agency's system is refused; a likely duplicate is refused until the
client says it compared; a change at an old version is refused with who changed it."""

from __future__ import annotations

import hashlib
import json

import pytest

from ctis.audit.models import AuditEntry
from ctis.cases.models import IdentityAccess, Person
from ctis.interop.models import IdempotencyKey
from tests.factories import ReferralFactory
from tests.interop.calls import api
from tests.interop.calls import system as _client

URL = "/api/v1/persons/"
IDENTITY = {"family_name", "given_name", "patronymic", "aliases", "birth_date", "address"}

LEYLA = {
    "given_name": "Leyla",
    "family_name": "Məmmədova",
    "birth_date": "1998-04-12",
    "birth_year": 1998,
    "sex": "Feminine",
    "citizenships": ["AZE"],
    "documents": [{"kind": "Passport", "number": "C01234567", "issuer": "AZ"}],
    "contacts": [{"kind": "Phone", "value": "+994 50 123 45 67"}],
    "victim": {
        "status": "PossibleVictimOfTrafficking",
        "identified_on": "2026-11-02",
        "forms": ["SexualExploitation"],
    },
}


@pytest.fixture
def police(admin, agencies):
    return _client(admin, "mia-ctd", "police_investigator", "Police case system")


@pytest.fixture
def shelter(admin, agencies):
    return _client(admin, "shelter-mia", "service_provider", "Shelter system")


@pytest.fixture
def ngo(admin, agencies):
    return _client(admin, "temiz-dunya", "service_provider", "NGO system")


@pytest.fixture
def leyla(police):
    created = api(police[1], "post", URL, data=LEYLA)
    assert created.status_code == 201, created.content
    return created.json()


def test_the_unit_enters_a_victim_and_gets_the_record_back(police, leyla):
    client, _token = police
    assert leyla["code"].startswith("V-")
    assert leyla["given_name"] == "Leyla" and leyla["birth_date"] == "1998-04-12"
    assert leyla["documents"] == [{"kind": "Passport", "number": "C01234567", "issuer": "AZE"}]
    assert leyla["victim"]["status"] == "PossibleVictimOfTrafficking"
    assert leyla["victim"]["forms"] == ["SexualExploitation"]
    person = Person.objects.get(code=leyla["code"])
    assert person.owner_agency.code == "mia-ctd" and person.created_by == client.user
    assert AuditEntry.objects.filter(action="cases.person.create", actor=client.user).exists()


def test_without_a_purpose_the_identity_is_absent(police, leyla):
    read = api(police[1], url=f"{URL}{leyla['code']}/")
    assert read.status_code == 200, read.content
    body = read.json()
    assert not IDENTITY & set(body) and "documents" not in body and "contacts" not in body
    assert body["sex"] == "Feminine" and body["citizenships"] == ["AZE"]
    assert body["victim"]["identified_on"] == "2026-11-02"
    assert not IdentityAccess.objects.exists()


def test_with_a_purpose_the_identity_is_opened_and_recorded(police, leyla):
    client, token = police
    read = api(token, url=f"{URL}{leyla['code']}/?purpose=investigation")
    assert read.status_code == 200, read.content
    body = read.json()
    assert body["identity_purpose"] == "investigation"
    assert body["family_name"] == "Məmmədova" and body["contacts"][0]["kind"] == "Phone"
    opened = IdentityAccess.objects.get()
    assert (opened.user, opened.purpose) == (client.user, "investigation")


@pytest.mark.parametrize(
    "query,field",
    [("?purpose=curiosity", "purpose"), ("?purpose=other&purpose_note=x", "note")],
)
def test_a_purpose_that_is_none_is_refused(police, leyla, query, field):
    read = api(police[1], url=f"{URL}{leyla['code']}/{query}")
    assert read.status_code == 400, read.content
    assert read.json()["errors"][0]["field"] == field
    assert not IdentityAccess.objects.exists()


def test_a_shelter_sent_the_names_sees_the_names_only(police, shelter, shelter_worker, leyla):
    person = Person.objects.get(code=leyla["code"])
    ReferralFactory(actor=police[0].user, person=person, accept=shelter_worker)
    body = api(shelter[1], url=f"{URL}{leyla['code']}/?purpose=assistance").json()
    assert body["given_name"] == "Leyla" and body["family_name"] == "Məmmədova"
    assert "birth_date" not in body and "documents" not in body and "contacts" not in body
    assert "victim" not in body  # the referral did not send the victim profile


def test_another_agencys_system_is_refused_in_its_language(ngo, leyla):
    for query in ("", "?purpose=assistance"):
        read = api(ngo[1], url=f"{URL}{leyla['code']}/{query}", language="az")
        assert read.status_code == 403
        assert read.json()["errors"][0]["message"].startswith("Belə şəxs yoxdur")
    listed = api(ngo[1]).json()
    assert leyla["code"] not in [row["code"] for row in listed["results"]]
    assert not IdentityAccess.objects.exists()


def test_the_list_gives_codes_never_identities(police, leyla):
    listed = api(police[1], url=f"{URL}?status=PossibleVictimOfTrafficking")
    assert listed.status_code == 200, listed.content
    rows = listed.json()["results"]
    assert [row["code"] for row in rows] == [leyla["code"]]
    assert not IDENTITY & set(rows[0])
    assert api(police[1], url=f"{URL}?status=nonsense").status_code == 400


def test_a_likely_duplicate_is_refused_until_the_client_has_compared(police, leyla):
    again = api(police[1], "post", URL, data={**LEYLA, "given_name": "Leila"})
    assert again.status_code == 409, again.content
    body = again.json()
    assert body["errors"][0]["code"] == "possible_duplicate"
    assert [c["code"] for c in body["candidates"]] == [leyla["code"]]
    assert Person.objects.count() == 1
    entered = api(
        police[1],
        "post",
        URL,
        data={**LEYLA, "given_name": "Leila", "duplicates_seen": [leyla["code"]]},
    )
    assert entered.status_code == 201, entered.content
    assert Person.objects.count() == 2


def test_a_change_at_an_old_version_is_refused_with_who_changed_it(police, leyla):
    url = f"{URL}{leyla['code']}/?purpose=correction"
    first = api(police[1], "put", url, data={**LEYLA, "version": leyla["version"], "aliases": "L."})
    assert first.status_code == 200, first.content
    assert first.json()["aliases"] == "L." and first.json()["version"] == leyla["version"] + 1
    stale = api(police[1], "put", url, data={**LEYLA, "version": leyla["version"]})
    assert stale.status_code == 409, stale.content
    error = stale.json()["errors"][0]
    assert error["code"] == "stale" and police[0].user.username in error["message"]
    assert Person.objects.get(code=leyla["code"]).aliases == "L."


def test_a_change_needs_a_purpose(police, leyla):
    changed = api(
        police[1], "put", f"{URL}{leyla['code']}/", data={**LEYLA, "version": leyla["version"]}
    )
    assert changed.status_code == 400 and changed.json()["errors"][0]["field"] == "purpose"


def test_a_field_of_a_million_characters_is_refused_and_nothing_is_saved(police):
    sent = api(police[1], "post", URL, data={**LEYLA, "given_name": "L" * 1_000_000})
    assert sent.status_code == 400
    assert sent.json()["errors"][0]["field"] == "given_name"
    assert not Person.objects.exists()


def test_a_system_whose_roles_may_not_enter_persons_is_refused_and_nothing_is_saved(admin):
    reporter = _client(admin, "sms", "agency_reporter", "Plan reporting system")
    sent = api(reporter[1], "post", URL, data=LEYLA)
    assert sent.status_code == 403, sent.content
    assert sent.json()["errors"][0]["code"] == "permission_denied"
    assert not Person.objects.exists()


def test_a_shelter_sent_the_names_may_not_change_the_record(police, shelter, shelter_worker, leyla):
    person = Person.objects.get(code=leyla["code"])
    ReferralFactory(actor=police[0].user, person=person, accept=shelter_worker)
    changed = api(
        shelter[1],
        "put",
        f"{URL}{leyla['code']}/?purpose=assistance",
        data={**LEYLA, "version": leyla["version"], "given_name": "Lale"},
    )
    assert changed.status_code == 403, changed.content
    assert Person.objects.get(code=leyla["code"]).given_name == "Leyla"
    assert not IdentityAccess.objects.filter(user=shelter[0].user).exists()


def test_a_retried_creation_keeps_no_identity_and_answers_through_the_decision(police):
    """The key keeps the record's name and an HMAC of the request, never the answer: the
    names, document and phone sent are nowhere in its row; the retry makes nothing and is
    answered with the record read again."""
    key = {"HTTP_IDEMPOTENCY_KEY": "unit-2026-12-07-0001"}
    first = api(police[1], "post", URL, data=LEYLA, headers=key)
    again = api(police[1], "post", URL, data=LEYLA, headers=key)
    assert first.status_code == again.status_code == 201
    assert again["Idempotent-Replayed"] == "true"
    assert again.json()["code"] == first.json()["code"] and again.json()["given_name"] == "Leyla"
    assert Person.objects.count() == 1
    row = IdempotencyKey.objects.values().get()
    kept = " ".join(str(value) for value in row.values())
    for sent in ("Leyla", "Məmmədova", "C01234567", "123 45 67", "1998-04-12"):
        assert sent not in kept
    assert row["record_type"] == "cases.person"
    body = json.dumps(LEYLA, sort_keys=True)
    assert row["request_hash"] != hashlib.sha256(f"POST {URL}\n{body}".encode()).hexdigest()


def test_a_key_refused_for_a_likely_duplicate_may_be_sent_again_with_the_codes(police, leyla):
    """A refusal is not kept under the key: the client compares and sends the call again,
    with the same key and the codes it saw, and the person is entered."""
    key = {"HTTP_IDEMPOTENCY_KEY": "unit-2026-12-07-0002"}
    refused = api(police[1], "post", URL, data=LEYLA, headers=key)
    assert refused.status_code == 409
    assert not IdempotencyKey.objects.exists()
    seen = {**LEYLA, "duplicates_seen": [leyla["code"]]}
    entered = api(police[1], "post", URL, data=seen, headers=key)
    assert entered.status_code == 201 and entered.json()["code"] != leyla["code"]


def test_a_change_after_an_event_was_added_is_refused_naming_who_added_it(police, leyla):
    """An event added since the client read the person makes a new version of the person:
    the stale change says who added it and when, not only that someone saved."""
    event = {"kind": "Exploitation", "country": "TUR", "started_on": "2026-06-01"}
    added = api(police[1], "post", f"{URL}{leyla['code']}/events/", data=event)
    assert added.status_code == 201, added.content
    url = f"{URL}{leyla['code']}/?purpose=correction"
    stale = api(police[1], "put", url, data={**LEYLA, "version": leyla["version"]})
    assert stale.status_code == 409, stale.content
    message = stale.json()["errors"][0]["message"]
    assert police[0].user.username in message
