import datetime

import pytest
from django.utils import timezone, translation

from ctis.audit.models import AuditEntry
from ctis.audit.selectors import audit_entries, audit_entries_about, entry_changes
from ctis.audit.services import audit_record

pytestmark = pytest.mark.django_db


def test_entry_changes_read_as_field_before_after(make_user):
    user = make_user("someone", "sms", "analyst")
    entry = audit_record(
        actor=None,
        action="accounts.user.update",
        obj=user,
        changes={
            "position": {"before": "", "after": "Baş məsləhətçi"},
            "is_active": {"before": True, "after": False},
            "roles": {"before": ["analyst"], "after": ["analyst", "auditor"]},
        },
    )
    with translation.override("en"):
        rows = {row.field: row for row in entry_changes(entry)}
    assert rows["position"].before == "—" and rows["position"].after == "Baş məsləhətçi"
    assert str(rows["position"].label) == "position"  # the model field's verbose name
    assert rows["roles"].after == "analyst, auditor"
    assert rows["is_active"].before and rows["is_active"].after


def test_entry_changes_of_a_creation_skip_blank_fields(make_user):
    user = make_user("someone", "sms", "analyst")
    entry = AuditEntry.objects.get(action="accounts.user.create", object_id=str(user.pk))
    rows = {row.field: row for row in entry_changes(entry)}
    assert "patronymic" not in rows  # blank in a new record
    assert rows["username"].before == "" and rows["username"].after == "someone"


def test_entry_changes_tolerate_other_shapes(agencies):
    entry = audit_record(
        actor=None,
        action="test.odd",
        object_type="no.such",
        changes={"count": 3, "detail": {"a": 1}},
    )
    rows = {row.field: row for row in entry_changes(entry)}
    assert rows["count"].after == "3" and rows["count"].label == "count"
    assert rows["detail"].after == '{"a": 1}'


def test_date_range_is_inclusive_in_local_time(agencies):
    entry = AuditEntry.objects.order_by("-id").first()
    day = timezone.localtime(entry.created_at).date()
    assert entry in audit_entries({"date_from": day, "date_to": day})
    assert entry not in audit_entries({"date_to": day - datetime.timedelta(days=1)})


def test_entries_about_an_object_are_newest_first_and_limited(make_user):
    user = make_user("someone", "sms", "analyst")
    for i in range(25):
        audit_record(actor=None, action=f"test.step{i}", obj=user)
    entries = audit_entries_about(user)
    assert len(entries) == 20
    assert entries[0].action == "test.step24"
    assert all(e.object_type == "accounts.user" and e.object_id == str(user.pk) for e in entries)
