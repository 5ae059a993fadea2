"""On PostgreSQL, the head row may move forward over a batch of entries written together
(``audit_record_many``, a bulk import's), not only over one: it still moves only forward,
to the newest entry, by exactly the number of entries after the old head, the first of
which links to the old head (ADR 0010). A move back, a jump over entries that are not
there, or a seal changed alone are refused as before."""

from django.db import migrations

FORWARD = """
CREATE OR REPLACE FUNCTION audit_head_guard() RETURNS trigger AS $$
DECLARE
    newest RECORD;
    first_after RECORD;
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
            OR NEW.count <= OLD.count
            OR newest.hash IS DISTINCT FROM NEW.last_hash THEN
        RAISE EXCEPTION 'audit_auditchainhead moves only forward, to the newest entry';
    END IF;
    -- The entries after the old head are NEW.count - OLD.count: the oldest of them links
    -- to the old head.
    SELECT prev_hash INTO first_after FROM audit_auditentry
        ORDER BY id DESC OFFSET NEW.count - OLD.count - 1 LIMIT 1;
    IF first_after.prev_hash IS DISTINCT FROM OLD.last_hash THEN
        RAISE EXCEPTION 'audit_auditchainhead moves only over the entries written after it';
    END IF;
    RETURN NEW;
END;
$$ LANGUAGE plpgsql;
"""

# The function of 0006: one entry forward only.
BACKWARD = """
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
"""


def forward(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(FORWARD)


def backward(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(BACKWARD)


class Migration(migrations.Migration):
    dependencies = [("audit", "0006_refuse_truncate_and_guard_head")]
    operations = [migrations.RunPython(forward, backward)]
