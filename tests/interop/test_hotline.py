"""Hotline contacts through the API: the hotline's system records a call and reads it back
(its notes in the record, never in the list; never the caller's other contacts); the list
takes the list page's filters; another agency's hotline sees none of this one's contacts;
a system whose roles may not record or link is refused and nothing is saved; a retried
creation makes one contact; the follow-up is marked done only where there is one."""

from __future__ import annotations

import pytest

from ctis.audit.models import AuditEntry
from ctis.hotline import services as hotline_services
from ctis.hotline.models import Contact, Topic
from tests.factories import PersonFactory
from tests.interop.calls import api as _api
from tests.interop.calls import system as _client
from tests.queries import assert_calls_constant

URL = "/api/v1/hotline-contacts/"


def api(token, method="get", url=URL, **kwargs):
    return _api(token, method, url, **kwargs)


CALL = {
    "identifier": "050 123 45 67",
    "topics": ["work_abroad"],
    "channel": "phone",
    "outcome": "information",
    "notes": "Offered a job in Dubai, asked about the agency.",
    "consents": ["police"],
}


@pytest.fixture
def hotline(admin, agencies):
    return _client(admin, "mia-ctd", "hotline_operator", "Hotline system")


@pytest.fixture
def ngo_hotline(admin, agencies):
    return _client(admin, "temiz-dunya", "hotline_operator", "NGO hotline system")


@pytest.fixture
def police(admin, agencies):
    return _client(admin, "mia-ctd", "police_investigator", "Police case system")


@pytest.fixture
def shelter(admin, agencies):
    return _client(admin, "shelter-mia", "service_provider", "Shelter system")


@pytest.fixture
def call(hotline):
    created = api(hotline[1], "post", URL, data=CALL)
    assert created.status_code == 201, created.content
    return created.json()


def test_the_hotline_records_a_call_and_reads_it_back(hotline, call):
    client, token = hotline
    assert call["topics"] == ["work_abroad"] and call["agency"] == "mia-ctd"
    assert call["notes"] == CALL["notes"] and call["caller_known"] is True
    assert call["consents"] == ["police"]
    contact = Contact.objects.get(pk=call["id"])
    assert contact.operator == client.user and contact.caller_id is not None
    assert AuditEntry.objects.filter(action="hotline.contact.create", actor=client.user).exists()
    read = api(token, url=f"{URL}{call['id']}/")
    assert read.status_code == 200 and read.json() == call


def test_the_list_gives_the_contacts_without_their_notes(hotline, call):
    listed = api(hotline[1])
    assert listed.status_code == 200, listed.content
    [row] = listed.json()["results"]
    assert row["id"] == call["id"] and row["topics"] == ["work_abroad"]
    assert "notes" not in row and "caller_known" not in row


def test_the_create_answer_holds_nothing_of_the_callers_other_contacts(hotline, call):
    again = api(hotline[1], "post", URL, data={**CALL, "notes": "Called back, scared."})
    assert again.status_code == 201, again.content
    body = again.content.decode()
    assert CALL["notes"] not in body and call["id"] not in body
    assert again.json()["notes"] == "Called back, scared."


def test_the_list_takes_the_list_pages_filters(hotline, call):
    token = hotline[1]
    api(token, "post", URL, data={**CALL, "channel": "whatsapp", "topics": ["other"]})
    by_channel = api(token, url=f"{URL}?channel=whatsapp").json()["results"]
    assert [row["channel"] for row in by_channel] == ["whatsapp"]
    by_topic = api(token, url=f"{URL}?topic=work_abroad").json()["results"]
    assert [row["id"] for row in by_topic] == [call["id"]]
    day = call["received_at"][:10]
    assert len(api(token, url=f"{URL}?start={day}&end={day}").json()["results"]) == 2
    assert api(token, url=f"{URL}?end=2020-01-01").json()["results"] == []


def test_a_filter_that_is_no_value_is_refused_beside_its_name(hotline):
    refused = api(hotline[1], url=f"{URL}?channel=pigeon")
    assert refused.status_code == 400 and refused.json()["errors"][0]["field"] == "channel"
    refused = api(hotline[1], url=f"{URL}?start=yesterday")
    assert refused.status_code == 400 and refused.json()["errors"][0]["field"] == "start"


def test_another_agencys_hotline_sees_none_of_these_contacts(ngo_hotline, call):
    token = ngo_hotline[1]
    assert api(token).json()["results"] == []
    assert api(token, url=f"{URL}{call['id']}/").status_code == 403
    refused = api(token, "patch", f"{URL}{call['id']}/", data={"person": "V-2020-0001"})
    assert refused.status_code == 403


def test_a_system_without_the_hotlines_roles_is_refused(shelter, call):
    assert api(shelter[1]).status_code == 403
    assert api(shelter[1], url=f"{URL}{call['id']}/").status_code == 403
    assert api(shelter[1], "post", URL, data=CALL).status_code == 403
    assert Contact.objects.count() == 1


def test_the_police_unit_reads_contacts_but_does_not_record_them(police, call):
    assert [row["id"] for row in api(police[1]).json()["results"]] == [call["id"]]
    refused = api(police[1], "post", URL, data=CALL)
    assert refused.status_code == 403, refused.content
    assert Contact.objects.count() == 1


def test_a_retried_creation_records_one_contact(hotline):
    key = {"HTTP_IDEMPOTENCY_KEY": "hotline-2026-12-07-0001"}
    first = api(hotline[1], "post", URL, data=CALL, headers=key)
    again = api(hotline[1], "post", URL, data=CALL, headers=key)
    assert first.status_code == again.status_code == 201
    assert again["Idempotent-Replayed"] == "true" and again.json()["id"] == first.json()["id"]
    assert Contact.objects.count() == 1


def test_bad_input_is_refused_beside_the_field_and_nothing_is_saved(hotline):
    token = hotline[1]
    cases = {
        "topics": {**CALL, "topics": ["no_such_topic"]},
        "identifier": {**CALL, "identifier": "not a number"},
        "follow_up_on": {**CALL, "follow_up_on": "1999-01-01"},
        "notes": {**CALL, "notes": "x" * 5000},
    }
    for field, data in cases.items():
        refused = api(token, "post", URL, data=data)
        assert refused.status_code == 400, (field, refused.content)
        assert field in [e["field"] for e in refused.json()["errors"]], refused.json()
    no_topic = api(token, "post", URL, data={**CALL, "topics": []})
    assert no_topic.status_code == 400 and no_topic.json()["errors"][0]["field"] == "topics"
    assert Contact.objects.count() == 0


def test_the_follow_up_is_marked_done(hotline):
    created = api(hotline[1], "post", URL, data={**CALL, "follow_up_on": "2027-01-10"}).json()
    done = api(hotline[1], "patch", f"{URL}{created['id']}/", data={"follow_up_done": True})
    assert done.status_code == 200, done.content
    assert done.json()["follow_up_done_at"] is not None
    assert Contact.objects.get(pk=created["id"]).follow_up_done_at is not None


def test_a_follow_up_done_is_refused_on_a_contact_that_asked_for_none(hotline, call):
    refused = api(hotline[1], "patch", f"{URL}{call['id']}/", data={"follow_up_done": True})
    assert refused.status_code == 400
    assert refused.json()["errors"][0]["field"] == "follow_up_done"
    assert Contact.objects.get(pk=call["id"]).follow_up_done_at is None


def test_the_police_unit_links_a_contact_to_a_person_it_holds(police, call):
    client, token = police
    person = PersonFactory(actor=client.user)
    linked = api(token, "patch", f"{URL}{call['id']}/", data={"person": person.code})
    assert linked.status_code == 200, linked.content
    assert linked.json()["person"] == person.code
    assert Contact.objects.get(pk=call["id"]).person == person


def test_a_link_to_no_person_is_refused_and_nothing_is_saved(hotline):
    created = api(hotline[1], "post", URL, data={**CALL, "follow_up_on": "2027-01-10"}).json()
    refused = api(
        hotline[1],
        "patch",
        f"{URL}{created['id']}/",
        data={"follow_up_done": True, "person": "V-1990-9999"},
    )
    assert refused.status_code == 400 and refused.json()["errors"][0]["field"] == "person"
    contact = Contact.objects.get(pk=created["id"])
    assert contact.person is None and contact.follow_up_done_at is None


def test_a_system_whose_roles_may_not_link_is_refused(admin, agencies, call):
    _monitoring, token = _client(admin, "mia-ctd", "monitoring_officer", "Monitoring system")
    person = PersonFactory()
    refused = api(token, "patch", f"{URL}{call['id']}/", data={"person": person.code})
    assert refused.status_code == 403
    assert Contact.objects.get(pk=call["id"]).person is None


def test_contacts_recorded_on_the_page_are_listed_too(hotline, hotline_operator):
    hotline_services.contact_record(
        actor=hotline_operator,
        data=hotline_services.ContactInput(topics=[Topic.objects.get(code="work_abroad")]),
    )
    assert len(api(hotline[1]).json()["results"]) == 1


def test_the_list_reads_as_many_queries_for_many_contacts_as_for_few(hotline):
    def add(n):
        for _ in range(n):
            assert api(hotline[1], "post", URL, data=CALL).status_code == 201

    # the token, the rate, the page and its topics, the audit entry of the call
    assert_calls_constant({"list": lambda: api(hotline[1])}, add, ceiling=14)
