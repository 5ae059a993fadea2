"""The audit log is append-only and `ctis audit verify` finds the first broken entry."""

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection
from django.utils import translation

from ctis.audit.models import AppendOnlyError, AuditEntry
from ctis.audit.services import audit_chain_verify, audit_record


@pytest.fixture
def entries(db, make_user):
    actor = make_user("chain-user", "sms", "agency_reporter")
    return [
        audit_record(
            actor=actor,
            action=f"test.step{i}",
            object_type="test",
            object_id=str(i),
            changes={"n": {"before": i, "after": i + 1}},
        )
        for i in range(5)
    ]


def _raw(sql: str, params: list) -> None:
    """Write behind the ORM's back, as someone with database access could."""
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            # Deferred constraint checks of the test's transaction would block the ALTER.
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
            cursor.execute("ALTER TABLE audit_auditentry DISABLE TRIGGER audit_entry_append_only")
        cursor.execute(sql, params)
        if connection.vendor == "postgresql":
            cursor.execute("ALTER TABLE audit_auditentry ENABLE TRIGGER audit_entry_append_only")


def test_intact_chain_verifies(entries, capsys):
    report = audit_chain_verify()
    assert report.ok and report.checked == AuditEntry.objects.count()
    with translation.override("en"):
        call_command("audit", "verify")
    assert "intact" in capsys.readouterr().out


def test_changed_entry_is_named(entries):
    target = entries[2]
    _raw("UPDATE audit_auditentry SET action = %s WHERE id = %s", ["test.forged", target.pk])
    report = audit_chain_verify()
    assert report.broken_entry_id == target.pk and report.reason == "content"
    with translation.override("en"), pytest.raises(CommandError, match=f"#{target.pk}"):
        call_command("audit", "verify")


def test_changed_before_after_values_are_detected(entries):
    target = entries[1]
    _raw(
        "UPDATE audit_auditentry SET changes = %s WHERE id = %s",
        ['{"n": {"before": 1, "after": 99}}', target.pk],
    )
    assert audit_chain_verify().broken_entry_id == target.pk


def test_removed_entry_is_detected(entries):
    _raw("DELETE FROM audit_auditentry WHERE id = %s", [entries[2].pk])
    report = audit_chain_verify()
    assert report.broken_entry_id == entries[3].pk and report.reason == "link"


def test_removed_last_entry_is_detected(entries):
    _raw("DELETE FROM audit_auditentry WHERE id = %s", [entries[-1].pk])
    assert not audit_chain_verify().ok


def test_orm_refuses_update_and_delete(entries):
    entry = AuditEntry.objects.get(pk=entries[0].pk)
    entry.action = "changed"
    with pytest.raises(AppendOnlyError):
        entry.save()
    with pytest.raises(AppendOnlyError):
        entry.delete()
    with pytest.raises(AppendOnlyError):
        AuditEntry.objects.filter(pk=entry.pk).update(action="changed")
    with pytest.raises(AppendOnlyError):
        AuditEntry.objects.all().delete()


@pytest.mark.skipif("connection.vendor != 'postgresql'")
def test_database_refuses_update_on_postgresql(entries):
    from django.db import DatabaseError, transaction

    with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("UPDATE audit_auditentry SET action = 'x' WHERE id = %s", [entries[0].pk])


def test_each_entry_links_to_the_previous(entries):
    rows = list(AuditEntry.objects.order_by("id"))
    for previous, entry in zip(rows, rows[1:], strict=False):
        assert entry.prev_hash == previous.hash
