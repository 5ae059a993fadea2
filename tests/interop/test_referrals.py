"""Referrals and screenings through the API: the police unit's system refers a person to a
shelter, which lists it among those it received and accepts it; each agency takes only its
own steps; a step at an old version is refused naming who took the other; screenings are
listed to whoever holds the person's whole record, their notes only with a purpose."""

from __future__ import annotations

import pytest

from ctis.nrm import services as nrm
from ctis.nrm.models import IndicatorSet, Referral, Screening
from tests.factories import PersonFactory, ReferralFactory, ScreeningFactory
from tests.interop.calls import api
from tests.interop.calls import system as _client
from tests.queries import assert_calls_constant

REFERRALS = "/api/v1/referrals/"
SCREENINGS = "/api/v1/screenings/"


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
def analyst(admin, agencies):
    return _client(admin, "national-coordinator", "analyst", "Analysis system")


@pytest.fixture
def referral(police):
    return ReferralFactory(actor=police[0].user)


def _steps(token, referral, **data):
    return api(token, "post", f"{REFERRALS}{referral.pk}/steps/", data=data)


def _fields(response) -> set:
    return {error["field"] for error in response.json()["errors"]}


# Reading -------------------------------------------------------------------------------


def test_the_sender_and_the_receiver_list_their_referrals_by_direction(
    police, shelter, ngo, referral
):
    sent = api(police[1], url=f"{REFERRALS}?direction=sent").json()["results"]
    assert [row["id"] for row in sent] == [str(referral.pk)]
    assert "reason" not in sent[0]  # sealed: never in a list
    assert api(police[1], url=f"{REFERRALS}?direction=received").json()["results"] == []
    received = api(shelter[1], url=f"{REFERRALS}?direction=received&state=sent").json()
    assert [row["id"] for row in received["results"]] == [str(referral.pk)]
    assert api(shelter[1], url=f"{REFERRALS}?state=accepted").json()["results"] == []
    assert api(ngo[1], url=REFERRALS).json()["results"] == []


def test_a_list_filter_that_is_none_is_refused_beside_its_name(police):
    refused = api(police[1], url=f"{REFERRALS}?direction=sideways")
    assert refused.status_code == 400 and _fields(refused) == {"direction"}


def test_a_system_that_neither_refers_nor_receives_may_not_list_referrals(analyst):
    assert api(analyst[1], url=REFERRALS).status_code == 403


def test_a_referral_is_read_with_its_reason_by_its_two_agencies_only(
    police, shelter, ngo, referral
):
    url = f"{REFERRALS}{referral.pk}/"
    by_sender = api(police[1], url=url).json()
    assert by_sender["reason"] == "Needs a safe place tonight"
    assert by_sender["steps"] == ["withdraw"] and by_sender["version"] == 1
    by_receiver = api(shelter[1], url=url).json()
    assert by_receiver["steps"] == ["accept", "decline"]
    assert by_receiver["person"] == referral.person.code
    assert api(ngo[1], url=url).status_code == 403


# Creating ------------------------------------------------------------------------------


def _referral_body(person, **changes) -> dict:
    return {
        "person": person.code,
        "to_agency": "shelter-mia",
        "reason": "Needs a safe place tonight",
        "services": ["shelter"],
        "fields": ["names"],
        **changes,
    }


def test_a_system_refers_a_person_once_per_idempotency_key(police):
    client, token = police
    person = PersonFactory(actor=client.user)
    nrm.consent_record(actor=client.user, person=person, purpose="referral")
    headers = {"HTTP_IDEMPOTENCY_KEY": "referral-1"}
    first = api(token, "post", REFERRALS, data=_referral_body(person), headers=headers)
    assert first.status_code == 201, first.content
    assert first.json()["to_agency"] == "shelter-mia" and first.json()["state"] == "sent"
    assert first.json()["fields"] == ["names"] and first.json()["reason"]
    again = api(token, "post", REFERRALS, data=_referral_body(person), headers=headers)
    assert again.status_code == 201 and again["Idempotent-Replayed"] == "true"
    assert again.json()["id"] == first.json()["id"]
    assert Referral.objects.filter(person=person).count() == 1


def test_a_referral_without_consent_is_refused_and_nothing_is_saved(police):
    person = PersonFactory(actor=police[0].user)
    refused = api(police[1], "post", REFERRALS, data=_referral_body(person))
    assert refused.status_code == 400
    assert "consented" in refused.json()["errors"][0]["message"]
    assert not Referral.objects.exists()


def test_bad_input_is_refused_beside_the_field_and_nothing_is_saved(police):
    client, token = police
    person = PersonFactory(actor=client.user)
    nrm.consent_record(actor=client.user, person=person, purpose="referral")
    unknown = api(token, "post", REFERRALS, data=_referral_body(person, to_agency="nowhere"))
    assert unknown.status_code == 400 and _fields(unknown) == {"to_agency"}
    own = api(token, "post", REFERRALS, data=_referral_body(person, to_agency="mia-ctd"))
    assert own.status_code == 400 and _fields(own) == {"to_agency"}
    service = api(token, "post", REFERRALS, data=_referral_body(person, services=["nope"]))
    # The refused item by its index, as a list's items are named (api._flatten).
    assert service.status_code == 400 and _fields(service) == {"services.0"}
    missing = api(token, "post", REFERRALS, data={"person": person.code})
    assert missing.status_code == 400 and {"to_agency", "reason", "services"} <= _fields(missing)
    assert not Referral.objects.exists()


def test_a_system_that_may_not_open_the_person_may_not_refer_it(police, ngo):
    person = PersonFactory(actor=police[0].user)
    nrm.consent_record(actor=police[0].user, person=person, purpose="referral")
    refused = api(ngo[1], "post", REFERRALS, data=_referral_body(person))
    assert refused.status_code == 403
    assert not Referral.objects.exists()


# Steps ---------------------------------------------------------------------------------


def test_the_receiver_accepts_then_completes_at_the_versions_it_read(shelter, referral):
    accepted = _steps(shelter[1], referral, step="accept", version=1)
    assert accepted.status_code == 200, accepted.content
    assert accepted.json()["state"] == "accepted" and accepted.json()["version"] == 2
    assert accepted.json()["steps"] == ["complete"]
    completed = _steps(shelter[1], referral, step="complete", version=2)
    assert completed.status_code == 200 and completed.json()["state"] == "completed"
    referral.refresh_from_db()
    assert referral.state == "completed" and referral.closed_by == shelter[0].user


def test_the_sender_withdraws_its_referral(police, referral):
    withdrawn = _steps(police[1], referral, step="withdraw", version=1)
    assert withdrawn.status_code == 200 and withdrawn.json()["state"] == "withdrawn"


def test_each_agency_takes_only_its_own_steps(police, shelter, ngo, referral):
    assert _steps(police[1], referral, step="accept", version=1).status_code == 403
    assert _steps(shelter[1], referral, step="withdraw", version=1).status_code == 403
    assert _steps(ngo[1], referral, step="accept", version=1).status_code == 403
    referral.refresh_from_db()
    assert referral.state == "sent" and referral.version == 1


def test_a_decline_needs_its_reason_beside_the_field(shelter, referral):
    refused = _steps(shelter[1], referral, step="decline", version=1)
    assert refused.status_code == 400 and _fields(refused) == {"decline_reason"}
    declined = _steps(shelter[1], referral, step="decline", version=1, decline_reason="Full.")
    assert declined.status_code == 200 and declined.json()["decline_reason"] == "Full."


def test_a_step_that_is_none_or_without_a_version_is_refused_beside_the_field(shelter, referral):
    unknown = _steps(shelter[1], referral, step="forget", version=1)
    assert unknown.status_code == 400 and _fields(unknown) == {"step"}
    unversioned = _steps(shelter[1], referral, step="accept")
    assert unversioned.status_code == 400 and _fields(unversioned) == {"version"}
    referral.refresh_from_db()
    assert referral.state == "sent"


def test_a_step_at_a_stale_version_is_refused_naming_who_took_the_other(police, shelter, referral):
    assert _steps(shelter[1], referral, step="accept", version=1).status_code == 200
    stale = _steps(police[1], referral, step="withdraw", version=1)
    assert stale.status_code == 409
    message = stale.json()["errors"][0]["message"]
    receiver = shelter[0].user
    assert (receiver.get_full_name() or receiver.username) in message and "accepted" in message
    referral.refresh_from_db()
    assert referral.state == "accepted" and referral.version == 2


# Screenings ----------------------------------------------------------------------------


@pytest.fixture
def sets(db):
    nrm.indicator_sets_load_reference()


def _screen(token, person, headers=None, **changes):
    body = {
        "person": person.code,
        "indicator_set": "ilo-forced-labour",
        "indicators": ["deception", "restriction-of-movement"],
        "notes": "Her passport is kept by the employer.",
        **changes,
    }
    return api(token, "post", SCREENINGS, data=body, headers=headers or {})


def test_a_system_records_a_screening_once_and_its_notes_stay_sealed(police, sets):
    client, token = police
    person = PersonFactory(actor=client.user)
    headers = {"HTTP_IDEMPOTENCY_KEY": "screening-1"}
    made = _screen(token, person, headers=headers)
    assert made.status_code == 201, made.content
    body = made.json()
    assert body["indicators"] == ["deception", "restriction-of-movement"]
    assert body["result"] == "recorded" and "notes" not in body
    again = _screen(token, person, headers=headers)
    assert again.status_code == 201 and again.json()["id"] == body["id"]
    assert Screening.objects.filter(person=person).count() == 1
    read = api(token, url=f"{SCREENINGS}{body['id']}/").json()
    assert "notes" not in read
    opened = api(token, url=f"{SCREENINGS}{body['id']}/?purpose=investigation").json()
    assert opened["notes"] == "Her passport is kept by the employer."


def test_screenings_are_listed_to_who_holds_the_whole_record_without_notes(
    police, shelter, analyst, sets
):
    client, token = police
    person = PersonFactory(actor=client.user)
    made = _screen(token, person).json()
    rows = api(token, url=SCREENINGS).json()["results"]
    assert [row["id"] for row in rows] == [made["id"]] and "notes" not in rows[0]
    # A shelter that was referred the names, and accepted them, sees no one's findings.
    ReferralFactory(actor=client.user, person=person, accept=shelter[0].user)
    assert api(shelter[1], url=SCREENINGS).json()["results"] == []
    assert api(shelter[1], url=f"{SCREENINGS}{made['id']}/").status_code == 403
    # A role that sees records by code is given no findings either.
    assert api(analyst[1], url=SCREENINGS).json()["results"] == []
    assert api(analyst[1], url=f"{SCREENINGS}{made['id']}/").status_code == 403


def test_a_screening_is_refused_to_a_system_that_may_not_change_the_person(police, ngo, sets):
    person = PersonFactory(actor=police[0].user)
    assert _screen(ngo[1], person).status_code == 403
    assert _screen(police[1], person, indicator_set="none").status_code == 400
    assert not Screening.objects.exists()


def test_bad_screening_input_is_refused_beside_the_field(police, sets):
    person = PersonFactory(actor=police[0].user)
    unknown_set = _screen(police[1], person, indicator_set="none")
    assert unknown_set.status_code == 400 and _fields(unknown_set) == {"indicator_set"}
    unknown_indicator = _screen(police[1], person, indicators=["nope"])
    assert unknown_indicator.status_code == 400 and _fields(unknown_indicator) == {"indicators"}
    future = _screen(police[1], person, screened_on="2999-01-01")
    assert future.status_code == 400 and _fields(future) == {"screened_on"}
    assert not Screening.objects.exists()


def test_the_lists_read_as_many_queries_for_many_rows_as_for_few(police, sets):
    client, token = police
    forced = IndicatorSet.objects.get(code="ilo-forced-labour")

    def add_rows(n: int) -> None:
        for _ in range(n):
            referral = ReferralFactory(actor=client.user)
            ScreeningFactory(
                actor=client.user,
                person=referral.person,
                indicator_set=forced,
                codes=["deception"],
                notes="Sealed.",
            )

    def read(url):
        def get():
            response = api(token, url=url)
            assert response.status_code == 200, response.content

        return get

    assert_calls_constant(
        {"referrals": read(REFERRALS), "screenings": read(SCREENINGS)}, add_rows, ceiling=25
    )
