"""On PostgreSQL the audit log refuses TRUNCATE, guards its head row, and the application's
role, which owns no table, cannot switch the guards off (ADR 0010)."""

import io
import secrets

import pytest
from django.core.management import call_command
from django.db import DatabaseError, connection, transaction

from ctis.audit.models import AuditChainHead, AuditEntry
from ctis.audit.services import audit_chain_verify, audit_record

pytestmark = pytest.mark.skipif(
    "connection.vendor != 'postgresql'",
    reason="triggers and roles are PostgreSQL's; SQLite has neither",
)


@pytest.fixture
def chain(db):
    return [audit_record(actor=None, action=f"test.guard{i}") for i in range(3)]


def _refused(sql: str, params: list | None = None) -> None:
    with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(sql, params or [])


@pytest.mark.parametrize("table", ["audit_auditentry", "audit_auditchainhead"])
def test_truncate_is_refused_even_for_the_owner(chain, table):
    _refused(f"TRUNCATE {table} CASCADE")
    assert AuditEntry.objects.count() >= 3


def test_head_row_cannot_be_deleted(chain):
    _refused("DELETE FROM audit_auditchainhead")
    assert AuditChainHead.objects.filter(pk=1).exists()


def test_head_cannot_move_back_or_jump(chain):
    head = AuditChainHead.objects.get(pk=1)
    _refused(
        "UPDATE audit_auditchainhead SET last_hash = %s, count = count - 1 WHERE id = 1",
        [chain[1].hash],
    )
    _refused("UPDATE audit_auditchainhead SET count = count + 5 WHERE id = 1")
    _refused("UPDATE audit_auditchainhead SET seal = '' WHERE id = 1")
    assert AuditChainHead.objects.get(pk=1).last_hash == head.last_hash == chain[-1].hash


def test_head_moves_over_a_batch_written_together_and_no_further(chain):
    """``audit_record_many`` moves the head over all its entries at once; a jump by more
    entries than were written after the head is still refused."""
    from ctis.audit.services import Event, audit_record_many

    head = AuditChainHead.objects.get(pk=1)
    audit_record_many(actor=None, events=[Event("test.batch", head) for _ in range(4)])
    assert AuditChainHead.objects.get(pk=1).count == head.count + 4
    assert audit_chain_verify().ok
    newest = AuditEntry.objects.order_by("-id").first()
    _refused(
        "UPDATE audit_auditchainhead SET last_hash = %s, count = count + 2 WHERE id = 1",
        [newest.hash],
    )


def test_a_second_head_cannot_be_created(chain):
    _refused(
        "INSERT INTO audit_auditchainhead (id, last_hash, count, seal) VALUES (2, %s, 0, '')",
        ["0" * 64],
    )


@pytest.fixture
def app_role(db):
    """A role like the application's: it owns no table and has what `ctis db
    grant-app-role` gives it. Roles belong to the cluster: the test's transaction, which
    is rolled back, takes it away again."""
    role = f"ctis_app_{secrets.token_hex(4)}"
    with connection.cursor() as cursor:
        cursor.execute(f"CREATE ROLE {role} NOLOGIN")
    call_command("db", "grant-app-role", role, stdout=io.StringIO())
    return role


@pytest.fixture
def as_app_role(app_role):
    with connection.cursor() as cursor:
        cursor.execute(f"SET ROLE {app_role}")
    yield app_role
    with connection.cursor() as cursor:
        cursor.execute("RESET ROLE")


def test_app_role_writes_and_verifies_the_chain(chain, as_app_role):
    with connection.cursor() as cursor:
        cursor.execute("SELECT current_user")
        assert cursor.fetchone()[0] == as_app_role
    entry = audit_record(actor=None, action="test.as-app-role")
    assert AuditChainHead.objects.get(pk=1).last_hash == entry.hash
    assert audit_chain_verify().ok


@pytest.mark.parametrize(
    "sql",
    [
        "UPDATE audit_auditentry SET action = 'x'",
        "DELETE FROM audit_auditentry",
        "TRUNCATE audit_auditentry CASCADE",
        "TRUNCATE audit_auditchainhead",
        "DELETE FROM audit_auditchainhead",
        "ALTER TABLE audit_auditentry DISABLE TRIGGER USER",
        "ALTER TABLE audit_auditentry DISABLE TRIGGER audit_entry_append_only",
        "ALTER TABLE audit_auditchainhead DISABLE TRIGGER audit_head_guard",
        "SET session_replication_role = replica",
        "DROP TRIGGER audit_entry_append_only ON audit_auditentry",
    ],
    ids=[
        "update-entry",
        "delete-entry",
        "truncate-log",
        "truncate-head",
        "delete-head",
        "disable-all-triggers",
        "disable-append-only",
        "disable-head-guard",
        "replication-role",
        "drop-trigger",
    ],
)
def test_app_role_cannot_get_past_the_guards(chain, as_app_role, sql):
    _refused(sql)
    with connection.cursor() as cursor:
        cursor.execute("SHOW session_replication_role")
        assert cursor.fetchone()[0] == "origin"


def test_app_role_must_own_no_table(db):
    from django.core.management.base import CommandError

    with connection.cursor() as cursor:
        cursor.execute("SELECT current_user")
        owner = cursor.fetchone()[0]
    with pytest.raises(CommandError):
        call_command("db", "grant-app-role", owner, stdout=io.StringIO())


def test_grant_app_role_prints_only_select_and_insert_on_the_log(app_role):
    out = io.StringIO()
    call_command("db", "grant-app-role", app_role, "--print", stdout=out)
    lines = out.getvalue().splitlines()
    assert f'GRANT SELECT, INSERT ON "audit_auditentry" TO "{app_role}";' in lines
    assert not any("TRUNCATE" in line for line in lines)
