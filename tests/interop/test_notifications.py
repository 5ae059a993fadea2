"""Notifications to the police unit through the API (plan measure 4.1.12): a border
service's system tells the unit of a presumed victim it entered; a retried call with the
same Idempotency-Key makes one notification; the unit's system lists what it received;
a record outside the client's scope is refused."""

from __future__ import annotations

import pytest

from ctis.audit.models import AuditEntry
from ctis.nrm.models import Notification
from tests.factories import PersonFactory
from tests.interop.calls import api
from tests.interop.calls import system as _client

URL = "/api/v1/notifications/"


@pytest.fixture
def border(admin, agencies):
    return _client(admin, "sms", "frontline_officer", "Border system")


@pytest.fixture
def unit(admin, agencies):
    return _client(admin, "mia-ctd", "police_investigator", "Police case system")


def test_a_system_notifies_the_unit_and_the_unit_lists_it(border, unit):
    client, token = border
    person = PersonFactory(actor=client.user)
    sent = api(token, "post", data={"person": person.code, "note": "Met at the border."})
    assert sent.status_code == 201, sent.content
    body = sent.json()
    assert body["person"] == person.code and body["to_agency"] == "mia-ctd"
    assert body["from_agency"] == "sms" and body["received_at"] is None
    assert "note" not in body  # sealed: not sent back
    notification = Notification.objects.get()
    assert notification.sent_by == client.user
    assert AuditEntry.objects.filter(action="nrm.notification.send", actor=client.user).exists()
    listed = api(unit[1]).json()
    assert [row["id"] for row in listed["results"]] == [str(notification.pk)]
    detail = api(unit[1], url=f"{URL}{notification.pk}/")
    assert detail.status_code == 200 and detail.json()["person"] == person.code


def test_a_retry_with_the_same_key_makes_one_notification(border):
    client, token = border
    person = PersonFactory(actor=client.user)
    data = {"person": person.code, "note": "Met at the border."}
    key = {"HTTP_IDEMPOTENCY_KEY": "border-2026-12-06-0001"}
    first = api(token, "post", data=data, headers=key)
    again = api(token, "post", data=data, headers=key)
    assert first.status_code == again.status_code == 201
    assert first.json() == again.json() and again["Idempotent-Replayed"] == "true"
    assert Notification.objects.count() == 1
    other = api(token, "post", data={**data, "note": "Another reason."}, headers=key)
    assert other.status_code == 400
    assert other.json()["errors"][0]["field"] == "Idempotency-Key"
    assert Notification.objects.count() == 1


def test_bad_input_is_refused_beside_the_field_and_nothing_is_saved(border, unit):
    client, token = border
    person = PersonFactory(actor=client.user)
    cases = [
        ({"person": person.code}, "note"),
        ({"person": person.code, "note": "x" * 5000}, "note"),
        ({"person": "V-1999-0000", "note": "Met."}, "person"),
        ({"person": PersonFactory().code, "note": "Met."}, "person"),  # another agency's
    ]
    for data, field in cases:
        response = api(token, "post", data=data)
        assert response.status_code == 400, (data, response.content)
        assert field in [error["field"] for error in response.json()["errors"]]
    not_json = api(token, "post", data="{not json", headers={})
    assert not_json.status_code == 400 and not_json.json()["errors"][0]["code"] == "parse_error"
    # The unit does not notify itself.
    own = PersonFactory(actor=unit[0].user)
    refused = api(unit[1], "post", data={"person": own.code, "note": "x"})
    assert refused.status_code in (400, 403)
    assert Notification.objects.count() == 0


def test_a_notification_of_another_agency_is_not_found(admin, border, unit, agencies):
    client, token = border
    person = PersonFactory(actor=client.user)
    created = api(token, "post", data={"person": person.code, "note": "Met."}).json()
    shelter = _client(admin, "shelter-mia", "service_provider", "Shelter system")
    response = api(shelter[1], url=f"{URL}{created['id']}/")
    assert response.status_code in (403, 404)
    assert response.json()["errors"][0]["message"]


def test_the_list_pages_by_cursor(border):
    client, token = border
    for _ in range(3):
        person = PersonFactory(actor=client.user)
        assert api(token, "post", data={"person": person.code, "note": "Met."}).status_code == 201
    first = api(token, url=f"{URL}?page_size=2").json()
    assert len(first["results"]) == 2 and first["next"]
    second = api(token, url=first["next"].replace("http://testserver", "")).json()
    assert len(second["results"]) == 1 and second["next"] is None
    ids = {row["id"] for row in first["results"] + second["results"]}
    assert len(ids) == 3
