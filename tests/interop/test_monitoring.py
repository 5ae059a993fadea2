"""Monitoring items through the API: the monitoring team's system records an item and
reads it back screened (its text in the record, never in the list); corrections and
triage steps carry the version read, and a stale one is refused naming who changed the
item; the police unit's system sees only what was referred to it; a system without the
monitoring roles is refused and nothing is saved; a retried creation makes one item."""

from __future__ import annotations

import pytest
from django.utils import timezone
from django.utils.formats import date_format

from ctis.audit.models import AuditEntry
from ctis.monitoring import services as monitoring_services
from ctis.monitoring.models import Action, Item
from tests.interop.calls import api as _api
from tests.interop.calls import system as _client
from tests.monitoring.conftest import HARMLESS, RISKY
from tests.queries import assert_calls_constant

URL = "/api/v1/monitoring-items/"

AD = {
    "url": "https://example.org/ad/1",
    "platform": "facebook",
    "category": "job_abroad",
    "found_on": "2026-12-01",
    "text": RISKY,
}


def _when(entry) -> str:
    return date_format(timezone.localtime(entry.created_at), "DATETIME_FORMAT")


def api(token, method="get", url=URL, **kwargs):
    return _api(token, method, url, **kwargs)


@pytest.fixture
def signals(db):
    monitoring_services.signals_load_reference()


@pytest.fixture
def officers(admin, agencies, signals):
    return _client(admin, "mia-ctd", "monitoring_officer", "Monitoring system")


@pytest.fixture
def police(admin, agencies):
    return _client(admin, "mia-ctd", "police_investigator", "Police case system")


@pytest.fixture
def shelter(admin, agencies):
    return _client(admin, "shelter-mia", "service_provider", "Shelter system")


@pytest.fixture
def ad(officers):
    created = api(officers[1], "post", data=AD)
    assert created.status_code == 201, created.content
    return created.json()


def test_the_team_records_an_item_and_reads_it_back_screened(officers, ad):
    client, token = officers
    assert ad["text"] == RISKY and ad["score"] >= 0.5 and ad["matches"]
    assert ad["state"] == "new" and ad["version"] == 1
    assert set(ad["steps"]) == {"review", "refer", "block", "close"}
    item = Item.objects.get(pk=ad["id"])
    assert item.recorded_by == client.user
    assert AuditEntry.objects.filter(action="monitoring.item.create", actor=client.user).exists()
    assert api(token, url=f"{URL}{ad['id']}/").json() == ad


def test_the_list_gives_items_without_their_text(officers, ad):
    listed = api(officers[1])
    assert listed.status_code == 200, listed.content
    [row] = listed.json()["results"]
    assert row["id"] == ad["id"] and row["score"] == ad["score"]
    assert "text" not in row and "matches" not in row


def test_the_list_filters_by_state_category_platform_and_date(officers, ad):
    token = officers[1]
    api(
        token, "post", data={**AD, "url": "https://x.az/1", "text": HARMLESS, "platform": "website"}
    )
    assert [r["id"] for r in api(token, url=f"{URL}?platform=facebook").json()["results"]] == [
        ad["id"]
    ]
    assert len(api(token, url=f"{URL}?state=new&category=job_abroad").json()["results"]) == 2
    assert api(token, url=f"{URL}?state=closed").json()["results"] == []
    assert api(token, url=f"{URL}?found_to=2026-11-30").json()["results"] == []
    refused = api(token, url=f"{URL}?state=forgotten")
    assert refused.status_code == 400 and refused.json()["errors"][0]["field"] == "state"


def test_a_triage_step_at_the_version_read_moves_the_item(officers, ad):
    taken = api(
        officers[1], "post", f"{URL}{ad['id']}/steps/", data={"step": "review", "version": 1}
    )
    assert taken.status_code == 200, taken.content
    assert taken.json()["state"] == "review" and taken.json()["version"] == 2
    assert taken.json()["actions"][-1]["step"] == "review"
    assert Item.objects.get(pk=ad["id"]).state == "review"


def test_a_stale_step_is_refused_naming_who_took_the_one_since(officers, ad, monitoring_officer):
    item = Item.objects.get(pk=ad["id"])
    monitoring_services.item_step(actor=monitoring_officer, item=item, step="review", version=1)
    stale = api(
        officers[1], "post", f"{URL}{ad['id']}/steps/", data={"step": "close", "version": 1}
    )
    assert stale.status_code == 409, stale.content
    error = stale.json()["errors"][0]
    assert error["code"] == "stale" and monitoring_officer.username in error["message"]
    step = AuditEntry.objects.get(action="monitoring.item.review", object_id=ad["id"])
    assert _when(step) in error["message"]
    assert Item.objects.get(pk=ad["id"]).state == "review"
    assert not Action.objects.filter(item_id=ad["id"], step="close").exists()


def test_a_step_the_machine_does_not_allow_is_refused(officers, ad):
    refused = api(
        officers[1], "post", f"{URL}{ad['id']}/steps/", data={"step": "reopen", "version": 1}
    )
    assert refused.status_code == 400
    assert Item.objects.get(pk=ad["id"]).state == "new"


def test_a_correction_at_the_version_read_is_saved_and_a_stale_one_refused(officers, ad):
    client, token = officers
    url = f"{URL}{ad['id']}/"
    first = api(token, "put", url, data={"language": "tr", "category": "job_abroad", "version": 1})
    assert first.status_code == 200, first.content
    assert first.json()["language"] == "tr" and first.json()["version"] == 2
    stale = api(token, "put", url, data={"language": "ru", "category": "marriage", "version": 1})
    assert stale.status_code == 409
    assert client.user.username in stale.json()["errors"][0]["message"]
    item = Item.objects.get(pk=ad["id"])
    assert (item.language, item.category) == ("tr", "job_abroad")


def test_an_item_of_abuse_material_is_not_corrected(officers):
    token = officers[1]
    csam = {**AD, "category": "csam", "text": "", "escalated_to": "Interpol"}
    created = api(token, "post", data=csam)
    assert created.status_code == 201, created.content
    refused = api(
        token,
        "put",
        f"{URL}{created.json()['id']}/",
        data={"language": "ru", "category": "csam", "version": 1},
    )
    assert refused.status_code == 403
    item = Item.objects.get(pk=created.json()["id"])
    assert item.language != "ru" and item.version == 1
    assert not AuditEntry.objects.filter(action="monitoring.item.edit").exists()


def test_the_police_unit_sees_only_what_was_referred_to_it(officers, police, ad, signals):
    other = api(officers[1], "post", data={**AD, "url": "https://x.az/2", "text": HARMLESS}).json()
    api(officers[1], "post", f"{URL}{ad['id']}/steps/", data={"step": "refer", "version": 1})
    listed = api(police[1])
    assert [row["id"] for row in listed.json()["results"]] == [ad["id"]]
    assert api(police[1], url=f"{URL}{ad['id']}/").json()["text"] == RISKY
    assert api(police[1], url=f"{URL}{other['id']}/").status_code == 403
    refused = api(
        police[1], "post", f"{URL}{ad['id']}/steps/", data={"step": "block", "version": 2}
    )
    assert refused.status_code == 403
    assert Item.objects.get(pk=ad["id"]).state == "referred"


def test_the_police_unit_does_not_record_items(police, signals):
    refused = api(police[1], "post", data=AD)
    assert refused.status_code == 403
    assert not Item.objects.exists()


def test_a_system_without_the_monitoring_roles_is_refused(shelter, ad):
    assert api(shelter[1]).status_code == 403
    assert api(shelter[1], url=f"{URL}{ad['id']}/").status_code == 403
    assert api(shelter[1], "post", data=AD).status_code == 403
    refused = api(
        shelter[1],
        "put",
        f"{URL}{ad['id']}/",
        data={"language": "ru", "category": "other", "version": 1},
    )
    assert refused.status_code == 403
    assert Item.objects.count() == 1 and Item.objects.get().language != "ru"


def test_a_retried_creation_records_one_item(officers):
    key = {"HTTP_IDEMPOTENCY_KEY": "monitoring-2026-12-07-0001"}
    first = api(officers[1], "post", data=AD, headers=key)
    again = api(officers[1], "post", data=AD, headers=key)
    assert first.status_code == again.status_code == 201
    assert again["Idempotent-Replayed"] == "true" and again.json()["id"] == first.json()["id"]
    assert Item.objects.count() == 1


def test_bad_input_is_refused_beside_the_field_and_nothing_is_saved(officers):
    token = officers[1]
    cases = {
        "url": {**AD, "url": "ftp://example.org/x"},
        "found_on": {**AD, "found_on": "2099-01-01"},
        "text": {**AD, "category": "csam", "escalated_to": "Interpol"},
        "escalated_to": {**AD, "escalated_to": "Interpol"},
        "platform": {**AD, "platform": "pigeon"},
    }
    for field, data in cases.items():
        refused = api(token, "post", data=data)
        assert refused.status_code == 400, (field, refused.content)
        assert field in [e["field"] for e in refused.json()["errors"]], refused.json()
    assert not Item.objects.exists()
    url = f"{URL}{api(token, 'post', data=AD).json()['id']}/"
    refused = api(token, "put", url, data={"language": "tr", "category": "job_abroad"})
    assert refused.status_code == 400 and refused.json()["errors"][0]["field"] == "version"


def test_the_list_reads_as_many_queries_for_many_items_as_for_few(officers):
    def add(n):
        for i in range(n):
            data = {**AD, "url": f"https://x.az/{i}", "text": f"{HARMLESS} {i}"}
            assert api(officers[1], "post", data=data).status_code == 201

    # the token, the rate, the page, the audit entry of the call
    assert_calls_constant({"list": lambda: api(officers[1])}, add, ceiling=13)
