import datetime

import pytest
from django.utils import timezone

from ctis.accounts.services import agency_update
from ctis.audit.models import AuditEntry
from ctis.audit.services import audit_record
from tests.accounts.conftest import assert_login_redirect
from tests.factories import AuditEntryFactory
from tests.queries import assert_queries_constant

pytestmark = pytest.mark.django_db


def listed(client, **params) -> list[AuditEntry]:
    response = client.get("/audit/", params)
    assert response.status_code == 200
    return list(response.context["page"])


# --- who may read it --------------------------------------------------------------------


def test_auditor_reads_the_log_newest_first(auditor_client):
    response = auditor_client.get("/audit/")
    assert response.status_code == 200
    ids = [entry.pk for entry in response.context["page"]]
    assert ids and ids == sorted(ids, reverse=True)


def test_administrator_reads_the_log(admin_client):
    assert admin_client.get("/audit/").status_code == 200


@pytest.mark.parametrize("url", ["/audit/", "/audit/1/"])
def test_log_refuses_anonymous(client, agencies, url):
    assert_login_redirect(client.get(url), url)


@pytest.mark.parametrize("url", ["/audit/", "/audit/{pk}/"])
def test_log_refuses_users_without_permission(reporter_client, coordinator, login, url):
    entry = AuditEntry.objects.first()
    assert reporter_client.get(url.format(pk=entry.pk)).status_code == 403
    assert login(coordinator).get(url.format(pk=entry.pk)).status_code == 403


# --- filters ----------------------------------------------------------------------------


@pytest.fixture
def history(admin, auditor, agencies):
    """A few known entries on top of those the fixtures wrote."""
    agency_update(actor=admin, agency=agencies["sms"], short_en="SMS-2")
    audit_record(
        actor=auditor,
        action="cases.person.view",
        object_type="cases.person",
        object_id="p-17",
        object_repr="Person 17",
        purpose="Checking a referral",
    )
    return agencies


def test_filter_by_user_name(auditor_client, history):
    entries = listed(auditor_client, user="ADM")
    assert entries and all(e.actor_username == "admin" for e in entries)


def test_filter_by_agency(auditor_client, history):
    entries = listed(auditor_client, agency=history["mia"].pk)
    assert entries and all(e.agency_id == history["mia"].pk for e in entries)
    assert listed(auditor_client, agency=history["supreme-court"].pk) == []


def test_filter_by_action_prefix(auditor_client, history):
    entries = listed(auditor_client, action="accounts.agency")
    actions = {e.action for e in entries}
    assert actions == {"accounts.agency.create", "accounts.agency.update"}


def test_filter_by_object(auditor_client, history):
    sms = history["sms"]
    entries = listed(auditor_client, object_type="Accounts.Agency", object_id=str(sms.pk))
    assert [e.action for e in entries] == ["accounts.agency.update", "accounts.agency.create"]


def test_filter_by_object_name(auditor_client, history):
    entries = listed(auditor_client, text="person 1")
    assert [e.object_id for e in entries] == ["p-17"]


def test_filter_by_dates(auditor_client, history):
    today = timezone.localdate()
    assert listed(auditor_client, date_from=today.isoformat(), date_to=today.isoformat())
    tomorrow = today + datetime.timedelta(days=1)
    yesterday = today - datetime.timedelta(days=1)
    assert listed(auditor_client, date_from=tomorrow.isoformat()) == []
    assert listed(auditor_client, date_to=yesterday.isoformat()) == []


def test_bad_dates_are_shown_and_ignored(auditor_client, history):
    response = auditor_client.get("/audit/", {"date_from": "2024-05-02", "date_to": "2024-05-01"})
    assert response.context["form"].errors["date_to"]
    assert len(response.context["page"]) > 0


def test_changes_are_shown_as_before_and_after(auditor_client, history):
    response = auditor_client.get("/audit/", {"action": "accounts.agency.update"})
    page = response.content.decode()
    assert "<del>SMS</del>" in page and "<ins>SMS-2</ins>" in page
    assert "Checking a referral" in auditor_client.get("/audit/").content.decode()


def test_log_paginates_by_50_and_keeps_the_filters(admin_client, admin):
    for i in range(60):
        audit_record(actor=admin, action="test.bulk", object_repr=f"item {i}")
    response = admin_client.get("/audit/", {"action": "test.bulk"})
    assert len(response.context["page"]) == 50
    assert "action=test.bulk&amp;page=2" in response.content.decode()
    response = admin_client.get("/audit/", {"action": "test.bulk", "page": 2})
    assert len(response.context["page"]) == 10


def test_log_query_count_does_not_grow(auditor_client, auditor, agencies):
    def add_entries(count):
        AuditEntryFactory.create_batch(count, actor=auditor, action="test.bulk")

    # The filtered page lists only the added entries; the whole log, the newest 50.
    urls = ["/audit/?action=test.bulk", "/audit/"]
    # 13: the header's unread alerts count is one query on every page; one query a kind of
    # record the changes name (agencies, countries, shown by name).
    assert_queries_constant(auditor_client, urls, add_entries, ceiling=13)
    assert len(listed(auditor_client, action="test.bulk")) == 6


# --- one entry --------------------------------------------------------------------------


def test_entry_detail_shows_the_whole_entry(auditor_client, history):
    entry = AuditEntry.objects.filter(action="accounts.agency.update").get()
    previous = AuditEntry.objects.get(hash=entry.prev_hash)
    response = auditor_client.get(f"/audit/{entry.pk}/")
    assert response.status_code == 200
    page = response.content.decode()
    assert entry.hash in page and entry.prev_hash in page
    assert f"/audit/{previous.pk}/" in page
    assert response.context["hash_matches"]
    assert "SMS-2" in page


def test_entry_detail_unknown_is_404(auditor_client):
    assert auditor_client.get("/audit/999999/").status_code == 404
