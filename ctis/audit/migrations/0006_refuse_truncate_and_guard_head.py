"""On PostgreSQL, refuse TRUNCATE on the audit log and its head (a statement trigger: the
row trigger of 0002 does not see TRUNCATE), and guard the head row: it is never deleted,
created only empty for an empty log, and moved only one entry forward, to the newest
entry, whose link is the old head (ADR 0010).

The table owner can still switch these triggers off (ALTER TABLE … DISABLE TRIGGER) and a
superuser can bypass them (session_replication_role = replica): the application runs as a
role that owns no table (`ctis db grant-app-role`, README "Deploying on PostgreSQL").
"""

from django.db import migrations

FORWARD = """
CREATE OR REPLACE FUNCTION audit_refuse_truncate() RETURNS trigger AS $$
BEGIN
    RAISE EXCEPTION USING MESSAGE = TG_TABLE_NAME || ' is append-only: TRUNCATE is refused';
END;
$$ LANGUAGE plpgsql;
CREATE TRIGGER audit_entry_no_truncate
    BEFORE TRUNCATE ON audit_auditentry
    FOR EACH STATEMENT EXECUTE FUNCTION audit_refuse_truncate();
CREATE TRIGGER audit_head_no_truncate
    BEFORE TRUNCATE ON audit_auditchainhead
    FOR EACH STATEMENT EXECUTE FUNCTION audit_refuse_truncate();

CREATE OR REPLACE FUNCTION audit_head_guard() RETURNS trigger AS $$
DECLARE
    newest RECORD;
BEGIN
    IF TG_OP = 'DELETE' THEN
        RAISE EXCEPTION 'audit_auditchainhead: the head row cannot be deleted';
    END IF;
    IF TG_OP = 'INSERT' THEN
        IF NEW.count <> 0 OR NEW.last_hash <> repeat('0', 64)
                OR EXISTS (SELECT 1 FROM audit_auditentry) THEN
            RAISE EXCEPTION 'audit_auditchainhead: a head is created only empty, for an empty log';
        END IF;
        RETURN NEW;
    END IF;
    SELECT hash, prev_hash INTO newest FROM audit_auditentry ORDER BY id DESC LIMIT 1;
    IF NEW.id <> OLD.id
            OR NEW.count <> OLD.count + 1
            OR newest.hash IS DISTINCT FROM NEW.last_hash
            OR newest.prev_hash IS DISTINCT FROM OLD.last_hash THEN
        RAISE EXCEPTION 'audit_auditchainhead moves only one entry forward, to the newest entry';
    END IF;
    RETURN NEW;
END;
$$ LANGUAGE plpgsql;
CREATE TRIGGER audit_head_guard
    BEFORE INSERT OR UPDATE OR DELETE ON audit_auditchainhead
    FOR EACH ROW EXECUTE FUNCTION audit_head_guard();
"""
BACKWARD = """
DROP TRIGGER IF EXISTS audit_head_guard ON audit_auditchainhead;
DROP FUNCTION IF EXISTS audit_head_guard();
DROP TRIGGER IF EXISTS audit_head_no_truncate ON audit_auditchainhead;
DROP TRIGGER IF EXISTS audit_entry_no_truncate ON audit_auditentry;
DROP FUNCTION IF EXISTS audit_refuse_truncate();
"""


def forward(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(FORWARD)


def backward(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(BACKWARD)


class Migration(migrations.Migration):
    dependencies = [("audit", "0005_seal_existing_head")]
    operations = [migrations.RunPython(forward, backward)]
